"""Deployment checks of the site's own."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend.endswith("LocMemCache"):
        return [
            Warning(
                "The default cache is a per-process memory cache.",
                hint=(
                    "Set CACHE_URL to a cache shared by every server process (Redis): rate "
                    "limits are counted in it, and a change of content renews the cached page "
                    "blocks only in the process that made it."
                ),
                id="home.W001",
            )
        ]
    return []
