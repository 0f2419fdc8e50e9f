"""Development: DEBUG on, emails printed to the console, a development-only secret key."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
# Development only: never used by the production settings, which refuse to start without
# SECRET_KEY.
SECRET_KEY = env("SECRET_KEY", default="django-insecure-development-only-key-do-not-deploy")

# A per-process memory cache is fine on one development server; django-ratelimit warns that it is
# not shared between processes, which matters only in production (CACHE_URL=redis://...).
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
