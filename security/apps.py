from django.apps import AppConfig


class SecurityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "security"
    verbose_name = "Security"

    def ready(self):
        from . import exports, sessions  # noqa: F401  Connects the export guard and signals.

        exports.guard_spreadsheet_exports()
