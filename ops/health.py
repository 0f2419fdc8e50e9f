"""GET /healthz: 200 when the database and the cache both answer, else 503, in JSON.

Answered by the first middleware, before host validation, the HTTPS redirect, sessions, rate
limits and the request log, so a load balancer or systemd can ask it by address over plain
HTTP. It says which check failed, never why (no addresses, names or error text).
"""

import time
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse

PATH = "/healthz"


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone()[0] == 1


def check_cache():
    # The production cache ignores its own errors (a miss): a value written and read back is
    # the only proof that it answers.
    key = "andor:healthz"
    value = uuid.uuid4().hex
    cache.set(key, value, 30)
    return cache.get(key) == value


CHECKS = {"database": check_database, "cache": check_cache}


def healthz():
    results = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            ok = bool(check())
        except Exception:  # noqa: BLE001 - any failure is "not healthy", never a 500
            ok = False
        results[name] = {"ok": ok, "ms": round((time.perf_counter() - started) * 1000, 1)}
    healthy = all(result["ok"] for result in results.values())
    response = JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": results},
        status=200 if healthy else 503,
    )
    response["Cache-Control"] = "no-store"
    if not healthy:
        response["Retry-After"] = "10"
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == PATH and request.method in ("GET", "HEAD"):
            return healthz()
        return self.get_response(request)
