"""The site's search backend: Wagtail's database backend, with its matches ranked in one query.

``SEARCH_BACKEND=search.backend.database`` (the default) picks the PostgreSQL or SQLite FTS5
class, as ``wagtail.search.backends.database`` does, and hands back Wagtail's own backend
(with a warning) when the index tables are not laid out as the fast ranking expects.
Everything that depends on that layout lives here: the SQL (``postgres.py``, ``sqlite.py``),
the GIN index migration, the layout check (``checks.py``) and their tests.
"""
