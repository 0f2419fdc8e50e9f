"""Two-factor sign-in for editors: a TOTP authenticator app, and one-time recovery codes.

Built on django-otp (``otp_totp`` and ``otp_static`` devices). After the password, an editor who
has an authenticator is asked for a code before any admin page opens; with ``ADMIN_REQUIRE_2FA``
on, an editor without one is taken to set it up first. Until the code is given the session
counts as signed out everywhere else on the site (login-restricted pages and documents too).
``manage.py reset_two_factor USERNAME`` removes a lost device.
"""

from base64 import b32encode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import devices_for_user, match_token, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .views import rate_limited_post

RECOVERY_CODES = 10
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


def needs_second_factor(user):
    """True if this signed-in user must still give a code (or set up an authenticator)."""
    if not user.is_authenticated or user.is_verified():
        return False
    return user_has_device(user) or settings.ADMIN_REQUIRE_2FA


def _exempt_paths():
    return {
        reverse("wagtailadmin_logout"),
        reverse("security_2fa_verify"),
        reverse("security_2fa_setup"),
    }


class TwoFactorMiddleware:
    """After django-otp's OTPMiddleware: sends unverified editors to the code (or set-up) page,
    and treats them as anonymous outside the admin."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            # Nobody signed in; leave the session unread (public answers stay cacheable).
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and needs_second_factor(user):
            path = request.path_info
            if path.startswith(settings.ADMIN_URL_PREFIX):
                if path not in _exempt_paths() and not path.startswith(
                    reverse("wagtailadmin_login")
                ):
                    target = (
                        "security_2fa_verify" if user_has_device(user) else "security_2fa_setup"
                    )
                    return redirect(f"{reverse(target)}?next={request.get_full_path()}")
            else:
                request.user = AnonymousUser()
        return self.get_response(request)


def _next_url(request):
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return reverse("wagtailadmin_home")


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=32,
        help_text="The 6-digit code your authenticator app shows now, or one of your recovery "
        "codes.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split())


@rate_limited_post("security.2fa", "TWO_FACTOR_RATE_LIMIT")
def verify(request):
    """The second step of signing in: a code from the authenticator or a recovery code."""
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not user_has_device(user):
        return redirect("security_2fa_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(
                    request,
                    f"You signed in with a recovery code; {left} left. Set up a new "
                    "authenticator or new recovery codes from your account page if you need to.",
                )
            return redirect(_next_url(request))
        form.add_error(
            "code",
            "That code is not right, or was already used. Check the time on your phone and "
            "try the newest code.",
        )
    return TemplateResponse(
        request, "security/verify.html", {"form": form, "next": _next_url(request)}
    )


def _pending_device(request):
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=request.user, name=AUTHENTICATOR_NAME, confirmed=False
        )
    return device


def _new_recovery_codes(user):
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@rate_limited_post("security.2fa_setup", "TWO_FACTOR_RATE_LIMIT")
def setup(request):
    """Set up (or replace) the authenticator app: scan, type a code, keep the recovery codes."""
    user = request.user
    if user_has_device(user) and not user.is_verified():
        return redirect("security_2fa_verify")
    device = _pending_device(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            with transaction.atomic():
                TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                codes = _new_recovery_codes(user)
            otp_login(request, device)
            return TemplateResponse(
                request,
                "security/recovery_codes.html",
                {"codes": codes, "next": _next_url(request), "first_time": True},
            )
        form.add_error(
            "code", "That code is not right. Check the time on your phone and try the newest code."
        )
    qr = segno.make(device.config_url, error="m")
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return TemplateResponse(
        request,
        "security/setup.html",
        {
            "form": form,
            "qr_svg": qr.svg_inline(scale=5, dark="#000", light="#fff", omitsize=False),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": _next_url(request),
            "required": settings.ADMIN_REQUIRE_2FA,
            "replacing": user_has_device(user),
        },
    )


@require_POST
def recovery_codes(request):
    """New recovery codes (the old ones stop working), shown once."""
    if not request.user.is_verified():
        return redirect("security_2fa_verify")
    codes = _new_recovery_codes(request.user)
    return TemplateResponse(
        request,
        "security/recovery_codes.html",
        {"codes": codes, "next": reverse("wagtailadmin_account"), "first_time": False},
    )


@require_POST
def remove(request):
    """Turn two-factor sign-in off for oneself, where it is not required."""
    if settings.ADMIN_REQUIRE_2FA:
        messages.error(request, "Two-factor sign-in is required on this site: it cannot be off.")
        return redirect("wagtailadmin_account")
    for device in devices_for_user(request.user, confirmed=None):
        device.delete()
    messages.success(request, "Two-factor sign-in is off for your account.")
    return redirect("wagtailadmin_account")


def status(user):
    """What the account page says about the editor's two-factor sign-in."""
    totp = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    codes_left = StaticToken.objects.filter(device__user=user).count()
    return {"enabled": totp, "codes_left": codes_left}


def manage(request):
    """The editor's two-factor page, linked from their account page."""
    return TemplateResponse(
        request,
        "security/manage.html",
        {
            **status(request.user),
            "required": settings.ADMIN_REQUIRE_2FA,
            "page_title": "Two-factor sign-in",
            "header_icon": "key",
        },
    )
