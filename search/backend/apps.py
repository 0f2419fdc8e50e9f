from django.apps import AppConfig


class SearchBackendConfig(AppConfig):
    name = "search.backend"
    label = "search_backend"
    verbose_name = "Search backend"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401 (registers the system check)
