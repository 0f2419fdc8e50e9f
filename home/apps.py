from django.apps import AppConfig


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = "Home and site settings"

    def ready(self):
        from . import (
            checks,  # noqa: F401  (registers the deployment checks)
            fragments,  # connects the signal receivers
            purge,  # noqa: F401  (connects the signal receivers)
        )
        from .models import SiteSettings

        fragments.connect_swappable_models()
        fragments.watch(SiteSettings)
