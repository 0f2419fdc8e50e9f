from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import twofactor, views


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("two-factor/", twofactor.manage, name="security_2fa"),
        path("two-factor/verify/", twofactor.verify, name="security_2fa_verify"),
        path("two-factor/setup/", twofactor.setup, name="security_2fa_setup"),
        path(
            "two-factor/recovery-codes/",
            twofactor.recovery_codes,
            name="security_2fa_recovery_codes",
        ),
        path("two-factor/remove/", twofactor.remove, name="security_2fa_remove"),
        path("sign-in-lockouts/", views.lockouts, name="security_lockouts"),
        path("sign-in-lockouts/<int:attempt_id>/unlock/", views.unlock, name="security_unlock"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    state = twofactor.status(request.user)
    return {
        "url": reverse("security_2fa"),
        "label": "Two-factor sign-in",
        "help_text": (
            "On: an authenticator app and recovery codes."
            if state["enabled"]
            else "Off: set up an authenticator app so a password alone cannot sign in."
        ),
    }


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def lockouts_menu_item():
    return SuperuserMenuItem(
        "Sign-in lockouts", reverse("security_lockouts"), icon_name="lock", order=900
    )
