"""System check: are Wagtail's index tables laid out as the fast ranking reads them?

Run by ``manage.py check``, ``migrate`` and ``runserver``. When the layout differs (after an
upgrade of Wagtail or modelsearch) the backend uses Wagtail's own database backend: search
stays correct and becomes slower, and this check says why. A database that cannot be reached
or is not migrated yet is not checked (the backend checks again when it is first used).
"""

from django.conf import settings
from django.core import checks

from . import layout

BACKEND = "search.backend.database"


def _project_backend_configured():
    backends = getattr(settings, "WAGTAILSEARCH_BACKENDS", {})
    return any(conf.get("BACKEND") == BACKEND for conf in backends.values())


@checks.register("search")
def check_index_layout(app_configs=None, **kwargs):
    if not _project_backend_configured():
        return []
    layout.forget()
    try:
        problems = layout.layout_problems()
        missing_index = not problems and layout.missing_words_index()
    except Exception:  # no database to check: nothing to say
        return []
    if problems is None:
        return []
    if problems:
        return [
            checks.Warning(
                "Wagtail's search index tables are not laid out as the project's search "
                "backend expects: " + "; ".join(problems) + ".",
                hint="Search uses Wagtail's own database backend until search/backend is "
                "updated for this version of Wagtail (correct, but slower).",
                id="search_backend.W001",
            )
        ]
    if missing_index:
        return [
            checks.Warning(
                f"The GIN index {layout.WORDS_INDEX} is missing: every search reads the whole "
                "index table.",
                hint="Run manage.py migrate search_backend.",
                id="search_backend.W002",
            )
        ]
    return []
