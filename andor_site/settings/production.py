"""Production: DEBUG off, secrets from the environment, HTTPS everywhere.

Deploy behind a TLS-terminating proxy that sets ``X-Forwarded-Proto``. See README.md.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment in production.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])

# Every editor signs in with a second factor (an authenticator app) unless told otherwise.
ADMIN_REQUIRE_2FA = env.bool("ADMIN_REQUIRE_2FA", default=True)

# Every worker shares rate-limit counters and rendered page blocks through Redis.
CACHES = {
    "default": env.cache("CACHE_URL", default="redis://127.0.0.1:6379/0"),
    "uncached": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}
if CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache":
    # A cache outage costs speed, not the site: reads miss and writes are dropped (and logged),
    # and an unresponsive Redis is given up on after a fifth of a second.
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2}
    )
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# Static files: compressed, content-hashed names, served by whitenoise after collectstatic.
# Pages are gzipped by Django (GZipMiddleware pads responses against BREACH); whitenoise
# serves its own pre-compressed static files.
# One JSON line per request (ops/requestlog.py) comes right after the health check, so that
# it sees every answer, the 503 of a database outage included.
_security = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware")  # noqa: F405
MIDDLEWARE = [  # noqa: F405
    *MIDDLEWARE[:_security],  # noqa: F405
    "ops.requestlog.RequestLogMiddleware",
    MIDDLEWARE[_security],  # noqa: F405
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    *MIDDLEWARE[_security + 1 :],  # noqa: F405
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    **object_storage(env),  # noqa: F405
}

# Persistent database connections: a connection is kept for a minute and checked before it is
# reused, instead of one new connection per request (bench/render_pages.py, README.md).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365

# HTTPS. The proxy in front terminates TLS and says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Email goes out by SMTP configured through EMAIL_URL (see base.py).

# Logs: one JSON object per line on stderr (the journal): one per request from andor.request,
# and warnings and errors with their traceback, the same error at most once per
# LOG_REPEAT_SECONDS per process (ops/logs.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "once_per_interval": {
            "()": "ops.logs.OncePerInterval",
            "seconds": env.int("LOG_REPEAT_SECONDS", default=60),
        }
    },
    "formatters": {
        "json": {
            "()": "ops.logs.JsonFormatter",
            "fmt": ["levelname", "name", "message"],
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["once_per_interval"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
    "loggers": {
        "andor.request": {"level": "INFO"},
        # Errors with their traceback; its "Not Found" warnings would repeat the request line.
        "django.request": {"level": "ERROR"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # Django's own server error lines; django.request's errors are kept.
        "django.server": {"level": "WARNING"},
    },
}

SILENCED_SYSTEM_CHECKS = [
    # security.W021 (HSTS preload) is off by default on purpose: preloading is a commitment
    # for every subdomain of the firm's domain that only its operators can make. Set
    # SECURE_HSTS_PRELOAD=True once they have.
    "security.W021",
]
