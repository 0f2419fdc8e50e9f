"""Response headers and request limits that apply to the whole site."""

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string


def _in_admin(request):
    return request.path_info.startswith(settings.ADMIN_URL_PREFIX)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with three policies: the strict one (``CONTENT_SECURITY_POLICY``)
    for the public site; ``ADMIN_STRICT_CSP_DIRECTIVES``, as strict, for the admin's sign-in
    pages; and ``ADMIN_CSP_DIRECTIVES``, the narrowest under which the Wagtail admin works, for
    everything else under the admin's prefix (its previews included).

    ``CSP_REPORT_ONLY`` sends both as ``Content-Security-Policy-Report-Only`` instead."""

    def process_response(self, request, response):
        if getattr(request, "is_dummy", False):
            # Wagtail renders a preview through the whole middleware stack with a made-up
            # request for the page's own path; the real request (in the admin) sets the policy.
            return response
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        enforced = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        reporting = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        applies = reporting if report_only else enforced
        if parts.config is None and applies and _in_admin(request):
            if request.path_info.startswith(tuple(settings.ADMIN_STRICT_CSP_PATHS)):
                parts.config = default_config(settings.ADMIN_STRICT_CSP_DIRECTIVES)
            else:
                parts.config = default_config(settings.ADMIN_CSP_DIRECTIVES)
        return parts


class SecurityHeadersMiddleware:
    """``Permissions-Policy`` and ``Cross-Origin-Resource-Policy`` on every response (Django's
    SecurityMiddleware sends ``Cross-Origin-Opener-Policy``, ``Referrer-Policy``, HSTS and
    ``nosniff``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault(
            "Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY
        )
        return response


class RequestBodyLimitMiddleware:
    """413 for a request to the public site whose body is larger than ``PUBLIC_MAX_BODY_BYTES``,
    before anything reads it. The largest legitimate public request (the contact form with every
    answer at its longest) fits with room to spare; the admin keeps its own limits (document and
    image uploads, long pages)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _in_admin(request):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > settings.PUBLIC_MAX_BODY_BYTES:
                return HttpResponse(
                    render_to_string("413.html", request=None),
                    status=413,
                    headers={"Connection": "close"},
                )
        return self.get_response(request)
