"""Admin sessions end after a time without activity and after an absolute lifetime.

``ADMIN_SESSION_IDLE_MINUTES`` without a request ends a signed-in session, and so does
``ADMIN_SESSION_MAX_HOURS`` after signing in, whatever the activity (``SESSION_COOKIE_AGE`` is
the same lifetime, so the browser drops the cookie then too). The editor is sent to the sign-in
page with a message saying why.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse

SIGNED_IN_AT = "security.signed_in_at"
LAST_SEEN_AT = "security.last_seen_at"
# The last-seen time is written at most once a minute, not on every request.
LAST_SEEN_RESOLUTION = 60


@receiver(user_logged_in, dispatch_uid="security.session_started")
def session_started(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN_AT] = now


def session_expiry(request):
    """Why the signed-in session of this request is over ("idle" or "lifetime"), or None."""
    session = request.session
    now = int(time.time())
    signed_in_at = session.setdefault(SIGNED_IN_AT, now)
    last_seen_at = session.setdefault(LAST_SEEN_AT, now)
    if now - signed_in_at > settings.ADMIN_SESSION_MAX_HOURS * 3600:
        return "lifetime"
    if now - last_seen_at > settings.ADMIN_SESSION_IDLE_MINUTES * 60:
        return "idle"
    if now - last_seen_at >= LAST_SEEN_RESOLUTION:
        session[LAST_SEEN_AT] = now
    return None


EXPIRY_MESSAGES = {
    "idle": "You were signed out after {minutes} minutes without activity. Sign in again.",
    "lifetime": "You were signed out: a session lasts at most {hours} hours. Sign in again.",
}


class AdminSessionMiddleware:
    """Ends signed-in sessions that were idle too long or have lived too long."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            # No session to end; reading request.user would read the session and make the
            # answer vary by cookie, which no shared cache then keeps.
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            reason = session_expiry(request)
            if reason:
                logout(request)
                messages.warning(
                    request,
                    EXPIRY_MESSAGES[reason].format(
                        minutes=settings.ADMIN_SESSION_IDLE_MINUTES,
                        hours=settings.ADMIN_SESSION_MAX_HOURS,
                    ),
                )
                admin_home = reverse("wagtailadmin_home")
                if request.path.startswith(admin_home):
                    login = reverse("wagtailadmin_login")
                    return redirect(f"{login}?next={admin_home}")
        return self.get_response(request)
