"""One log line per request (logger ``andor.request``): method, path, status, duration.

No address, user agent, user, cookie or query string is logged (a query string may hold what a
visitor typed). Path segments that are signed tokens (newsletter confirmation and unsubscribe
links carry the address inside them) are written as ``:token``. /healthz is not logged: it is
answered before this middleware.
"""

import logging
import time

logger = logging.getLogger("andor.request")


def loggable_path(request):
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name, value in match.kwargs.items():
            if name == "token" and isinstance(value, str) and value:
                path = path.replace(value, ":token")
    return path


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        logger.info(
            "%s %s %s",
            request.method,
            loggable_path(request),
            response.status_code,
            extra={
                "method": request.method,
                "path": loggable_path(request),
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response
