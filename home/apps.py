from django.apps import AppConfig


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = "Home and site settings"

    def ready(self):
        from . import chrome  # noqa: F401  (connects the signal receivers)
