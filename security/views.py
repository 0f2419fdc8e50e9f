"""Sign-in lockout, sign-out, lockouts in the admin, and rate limits on password forms."""

from functools import wraps

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import user_passes_test
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.module_loading import import_string
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited
from wagtail.admin.forms.auth import LoginForm
from wagtail.admin.views.account import LogoutView as WagtailLogoutView

from .clients import client_ip


def retry_time(request, credentials=None):
    """When sign-in from this client, or to this account, is allowed again."""
    username = get_client_username(request, credentials) or ""
    latest = AccessAttempt.objects.filter(
        Q(username=username) | Q(ip_address=client_ip(request))
    ).aggregate(latest=Max("attempt_time"))["latest"]
    return (latest or timezone.now()) + get_cool_off(request)


def lockout_message(retry_at):
    minutes = max(1, round((retry_at - timezone.now()).total_seconds() / 60))
    return (
        f"Too many failed sign-in attempts for this account or from this connection, so "
        f"signing in is blocked for now. Try again after {time_format(retry_at, 'H:i')} UTC "
        f"(in about {minutes} minute{'s' if minutes != 1 else ''}), "
        "or ask an administrator to unlock it."
    )


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out sign-in: the sign-in page, saying when to retry."""
    retry_at = retry_time(request, credentials)
    messages.error(request, lockout_message(retry_at))
    response = TemplateResponse(
        request,
        "wagtailadmin/login.html",
        {
            "form": LoginForm(request=request),
            "show_password_reset": getattr(settings, "WAGTAIL_PASSWORD_RESET_ENABLED", True),
            "next": request.POST.get("next", ""),
        },
        status=429,
    )
    response["Retry-After"] = str(max(1, int((retry_at - timezone.now()).total_seconds())))
    # Given after the view has run (by django-axes' middleware): rendered here.
    return response.render()


class LogoutView(WagtailLogoutView):
    """Wagtail's sign-out, by POST only: any other method is refused before anything changes
    (Wagtail's own view drops the session cookie even when it answers 405, leaving the
    server-side session alive)."""

    def dispatch(self, request, *args, **kwargs):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return super().dispatch(request, *args, **kwargs)


# --- Rate limits on password forms -----------------------------------------------------------


def rate_limited_post(group, rate_setting, keys=("ip",)):
    """Counts POSTs to a view per client (and per each extra key); past the rate, 429."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST":
                for key in keys:
                    if is_ratelimited(
                        request,
                        group=f"{group}.{key}",
                        key=key,
                        rate=lambda group, request: getattr(settings, rate_setting),
                        method="POST",
                        increment=True,
                    ):
                        return import_string(settings.RATELIMIT_VIEW)(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# --- Lockouts in the admin --------------------------------------------------------------------

superuser_required = user_passes_test(lambda user: user.is_superuser)


@superuser_required
def lockouts(request):
    """Settings → Sign-in lockouts: recent failed sign-ins, and unlocking."""
    cutoff = timezone.now() - get_cool_off(request)
    attempts = list(
        AccessAttempt.objects.filter(attempt_time__gte=cutoff).order_by("-attempt_time")
    )
    usernames, addresses = {}, {}
    for attempt in attempts:
        usernames[attempt.username] = (
            usernames.get(attempt.username, 0) + attempt.failures_since_start
        )
        addresses[attempt.ip_address] = (
            addresses.get(attempt.ip_address, 0) + attempt.failures_since_start
        )
    rows = [
        {
            "attempt": attempt,
            "locked": usernames[attempt.username] >= settings.AXES_FAILURE_LIMIT
            or addresses[attempt.ip_address] >= settings.AXES_FAILURE_LIMIT,
            "retry_at": attempt.attempt_time + get_cool_off(request),
        }
        for attempt in attempts
    ]
    return TemplateResponse(
        request,
        "security/lockouts.html",
        {
            "rows": rows,
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "page_title": "Sign-in lockouts",
            "header_icon": "lock",
        },
    )


@superuser_required
@require_POST
def unlock(request, attempt_id):
    attempt = get_object_or_404(AccessAttempt, pk=attempt_id)
    if not request.user.is_superuser:
        raise PermissionDenied
    removed, _ = AccessAttempt.objects.filter(
        Q(username=attempt.username) | Q(ip_address=attempt.ip_address)
    ).delete()
    messages.success(
        request,
        f"Unlocked “{attempt.username}” and the address {attempt.ip_address}: "
        "they can sign in again.",
    )
    return redirect("security_lockouts")
