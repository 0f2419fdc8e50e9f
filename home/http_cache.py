"""Cache-Control, Last-Modified (and, through Django's ConditionalGetMiddleware, ETag and 304)
for every answer of the site, decided here and only here.

- A public page for an anonymous visitor (GET or HEAD, status 200 or 404, nothing of the
  visitor's own in it) answers ``Cache-Control: public, max-age=CACHE_BROWSER_MAX_AGE,
  s-maxage=CACHE_SHARED_MAX_AGE``, so browsers keep it briefly and a shared front (Varnish, a
  CDN) keeps it until it is purged on a change (``home.purge``) or the shared age has passed.
  It carries ``Last-Modified`` (the last change of published content, ``home.ContentVersion``),
  and ConditionalGetMiddleware adds an ``ETag`` and answers revalidations with 304.
- Everything else answers ``private, no-store``: the admin, previews, anything for a signed-in
  editor or a visitor who has passed a view restriction, forms that carry a CSRF token (the
  Book a Call page), and any answer that set a cookie or read the session (``Vary: Cookie``).
- A view that chose its own ``Cache-Control`` (documents, search, the newsletter endpoints)
  keeps it; the admin and signed-in editors always get ``private, no-store``.
"""

from django.conf import settings
from django.utils.cache import add_never_cache_headers, has_vary_header, patch_cache_control
from django.utils.http import http_date

from . import fragments

SHAREABLE_STATUSES = {200, 404}


def never_shared(response):
    """Mark ``response`` as the visitor's own: kept by no cache, shared or not."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    return response


def _admin_prefix():
    return "/admin/"


def _is_per_visitor(request, response):
    if request.path.startswith(_admin_prefix()) or getattr(request, "is_preview", False):
        return True
    if fragments.is_signed_in(request):
        return True
    if response.cookies or has_vary_header(response, "Cookie"):
        return True
    return not fragments.is_shared(request)


class CacheHeadersMiddleware:
    """Sets the caching headers of every answer (see the module's description)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _is_per_visitor(request, response):
            if "no-store" not in response.get("Cache-Control", ""):
                never_shared(response)
            return response
        if response.has_header("Cache-Control"):
            return response
        if request.method not in ("GET", "HEAD") or response.status_code not in (
            SHAREABLE_STATUSES
        ):
            return never_shared(response)
        patch_cache_control(
            response,
            public=True,
            max_age=settings.CACHE_BROWSER_MAX_AGE,
            s_maxage=settings.CACHE_SHARED_MAX_AGE,
        )
        if response.status_code == 200 and not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(fragments.last_changed(request).timestamp())
        return response
