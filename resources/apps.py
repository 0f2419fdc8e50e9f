from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "resources"
    verbose_name = "Resources"

    def ready(self):
        from home import fragments

        from .models import Author, NoteCategory, NoteSeries

        # Cards and bylines show these snippets: a change renders the pages' blocks again.
        fragments.watch(Author, NoteCategory, NoteSeries)
