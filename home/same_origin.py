"""Forms posted from public pages without a CSRF token: the browser says where the post came
from, and a post that another site's page made is refused.

Public pages are the same for every anonymous visitor, so they cannot carry a per-visitor CSRF
token. A form that such a page shows (the newsletter sign-up) is instead checked here, from what
browsers add to every post themselves and a page's script cannot change:

- ``Sec-Fetch-Site`` (every current browser): only ``same-origin`` is accepted;
- otherwise ``Origin`` (sent with every cross-site post): it must be this site's origin or one of
  ``CSRF_TRUSTED_ORIGINS``; ``null`` (a sandboxed or privacy-stripped origin) is refused;
- otherwise ``Referer``: when present, its origin must match likewise.

A post with none of them does not come from a current browser's page (a script or a very old
browser): it is let through, because what such a post can do is made harmless elsewhere (the
trap field, the rate limit per client and the double opt-in that sends at most one confirmation
email and subscribes nobody until the mailbox's owner presses a button). See README.md,
"Newsletter and enquiries".
"""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt

REFUSED = "This form can only be sent from this site's own pages."


def _origin_of(url):
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


def _trusted(request, origin):
    if origin is None:
        return False
    try:
        own = f"{request.scheme}://{request.get_host()}".lower()
    except Exception:  # DisallowedHost: not this site
        return False
    return origin == own or origin in {o.lower() for o in settings.CSRF_TRUSTED_ORIGINS}


def is_cross_site(request):
    """Whether the browser says this request was made by another site's page."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site != "same-origin"
    origin = request.headers.get("Origin")
    if origin is not None:
        return not _trusted(request, _origin_of(origin))
    referer = request.headers.get("Referer")
    if referer is not None:
        return not _trusted(request, _origin_of(referer))
    return False


def require_same_origin(view):
    """Exempt ``view`` from Django's CSRF token and refuse posts from other sites instead."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        if request.method == "POST" and is_cross_site(request):
            return HttpResponseForbidden(REFUSED, content_type="text/plain; charset=utf-8")
        return view(request, *args, **kwargs)

    return csrf_exempt(checked)
