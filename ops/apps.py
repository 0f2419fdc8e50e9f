from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operations: health check, request logs, the 503 on a database outage, backups."""

    name = "ops"
    verbose_name = "Operations"
