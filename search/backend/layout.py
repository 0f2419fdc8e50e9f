"""What the fast ranking reads of Wagtail's index tables, checked against the database.

The ranking SQL (``postgres.py``, ``sqlite.py``) reads the index table directly: on SQLite the
FTS5 table beside it, by its name and its column order; on PostgreSQL the ``title``, ``body``
and ``autocomplete`` vectors. None of that is a public interface of Wagtail's search, so it is
checked: at start-up by a system check (``checks.py``) and by the backend itself before it is
used (``database.SearchBackend``), which falls back to Wagtail's own backend if it differs.
"""

from django.db import DatabaseError, connection
from modelsearch.conf import get_app_config

SQLITE_FTS_COLUMNS = ["autocomplete", "body", "title"]
POSTGRES_VECTORS = ["title", "body", "autocomplete"]
INDEX_COLUMNS = ["id", "content_type_id", "object_id"]
WORDS_INDEX = "search_indexentry_words_gin"

_checked = {}


def index_table():
    return get_app_config().get_model("IndexEntry")._meta.db_table


def _columns(cursor, table):
    return [column.name for column in connection.introspection.get_table_description(cursor, table)]


def _read_problems():
    """Problems with the layout, [] when it is as expected, None when the tables are missing
    (the database is not migrated yet: nothing to check)."""
    table = index_table()
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if table not in tables:
            return None
        problems = []
        columns = _columns(cursor, table)
        missing = [name for name in INDEX_COLUMNS if name not in columns]
        if missing:
            problems.append(f"{table} has no column {', '.join(missing)}")
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute "
                "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
                [table],
            )
            types = dict(cursor.fetchall())
            for name in POSTGRES_VECTORS:
                if types.get(name) != "tsvector":
                    problems.append(f"{table}.{name} is not a tsvector column")
        elif connection.vendor == "sqlite":
            fts = f"{table}_fts"
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE name = %s AND type = 'table'", [fts]
            )
            row = cursor.fetchone()
            if row is None or "fts5" not in (row[0] or "").lower():
                problems.append(f"no FTS5 table {fts}")
            else:
                cursor.execute(f'PRAGMA table_info("{fts}")')
                fts_columns = [row[1] for row in cursor.fetchall()]
                if fts_columns != SQLITE_FTS_COLUMNS:
                    problems.append(f"{fts} has columns {fts_columns}, not {SQLITE_FTS_COLUMNS}")
        else:
            problems.append(f"no fast ranking for {connection.vendor}")
    return problems


def layout_problems():
    """The layout's problems for the default database, read once per process (None: no
    database to reach or no index tables yet, not remembered)."""
    key = (connection.vendor, connection.settings_dict.get("NAME"))
    if key in _checked:
        return _checked[key]
    try:
        connection.ensure_connection()
    except DatabaseError:
        return None
    try:
        problems = _read_problems()
    except DatabaseError as error:
        return [f"cannot read the index tables ({error})"]
    if problems is not None:
        _checked[key] = problems
    return problems


def forget():
    """Read the layout again next time (after a migration or in tests)."""
    _checked.clear()


def missing_words_index():
    """True on PostgreSQL when the GIN index the ranking uses is absent (slow, not wrong)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [WORDS_INDEX])
        return cursor.fetchone() is None
