"""Ranked matches straight from Wagtail's database search index, in one query per model.

Wagtail's database backend ranks by annotating each candidate row with a correlated subquery
(SQLite) or by matching a concatenated vector that no index can serve (PostgreSQL): with
10,000 field notes a common word took seconds. Here one query reads the index table itself
(the FTS5 table on SQLite, the GIN-indexed vectors on PostgreSQL), restricted to the objects
of a queryset, and returns every match with its rank. Query words are letters, marks and
digits only (``search.query``), so they can be quoted into the match expression safely.

Other backends (Elasticsearch, OpenSearch) return ``None`` and are searched the usual way.
"""

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import CharField
from django.db.models.functions import Cast
from modelsearch.conf import get_app_config
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.search.backends import get_search_backend

# FTS5 columns are (autocomplete, body, title): a title match counts twice a body match.
SQLITE_WEIGHTS = "0.0, 1.0, 2.0"


def _index_tables():
    entry = get_app_config().get_model("IndexEntry")
    return entry._meta.db_table


def backend_kind():
    name = type(get_search_backend()).__name__
    if name.startswith("SQLite"):
        return "sqlite"
    if name.startswith("Postgres"):
        return "postgres"
    return None


def _visible(queryset):
    """SQL selecting the queryset's primary keys as text (the index keeps object ids as text)."""
    ids = queryset.order_by().annotate(_oid=Cast("pk", CharField())).values("_oid")
    return ids.query.sql_with_params()


def _sqlite_match(terms, autocomplete):
    if autocomplete:
        *words, last = terms
        parts = [f'"{word}"' for word in words] + [f'"{last}" *']
        return "{autocomplete} : (" + " AND ".join(parts) + ")"
    return "{body title} : (" + " AND ".join(f'"{term}"' for term in terms) + ")"


def _postgres_query(terms, autocomplete):
    if autocomplete:
        *words, last = terms
        return "to_tsquery('simple', %s)", " & ".join([*(f"'{w}'" for w in words), f"'{last}':*"])
    return "plainto_tsquery(%s)", " ".join(terms)


def ranked_ids(queryset, terms, autocomplete=False, content_types=None, visible=None):
    """[(pk as text, rank)] of the queryset's objects matching all ``terms``, best first.

    ``autocomplete`` matches the last term as a prefix, in the autocomplete fields.
    ``visible``, a queryset of the same objects that is cheaper to read (pages without their
    subclass's table), may stand in for ``queryset`` in the filter.
    Returns ``None`` when the search backend is not one of the database backends.
    """
    kind = backend_kind()
    if kind is None:
        return None
    terms = [term for term in terms if term]
    if not terms:
        return []
    table = _index_tables()
    if content_types is None:
        content_types = get_descendants_content_types_pks(queryset.model)
    content_types = list(content_types)
    if not content_types:
        return []
    try:
        # The cheaper stand-in helps PostgreSQL's hash join; SQLite does better with the original.
        cheaper = visible is not None and kind == "postgres"
        visible_sql, visible_params = _visible(visible if cheaper else queryset)
    except EmptyResultSet:  # e.g. filtered on an empty list of ids: nothing can match
        return []
    types_sql = ", ".join(["%s"] * len(content_types))
    if kind == "sqlite":
        sql = (
            f"SELECT ie.object_id, -bm25({table}_fts, {SQLITE_WEIGHTS}) AS rank "  # noqa: S608
            f"FROM {table}_fts JOIN {table} ie ON ie.id = {table}_fts.rowid "
            f"WHERE {table}_fts MATCH %s AND ie.content_type_id IN ({types_sql}) "
            f"AND ie.object_id IN ({visible_sql}) ORDER BY rank DESC, ie.id DESC"
        )
        params = [_sqlite_match(terms, autocomplete), *content_types, *visible_params]
    elif autocomplete:
        tsquery, text = _postgres_query(terms, autocomplete)
        sql = (
            f"SELECT ie.object_id, ts_rank(ie.autocomplete, {tsquery}) AS rank "  # noqa: S608
            f"FROM {table} ie WHERE ie.autocomplete @@ {tsquery} "
            f"AND ie.content_type_id IN ({types_sql}) "
            f"AND ie.object_id IN ({visible_sql}) ORDER BY rank DESC, ie.id DESC"
        )
        params = [text, text, *content_types, *visible_params]
    else:
        # Every word must be in the title or the body: one condition per word, each served by
        # the GIN indexes. Stop words ("the") are left out, as PostgreSQL's own query would.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT " + ", ".join(["numnode(plainto_tsquery(%s))"] * len(terms)), terms
            )
            words = [term for term, nodes in zip(terms, cursor.fetchone(), strict=True) if nodes]
        if not words:
            return []
        word_sql = " AND ".join(
            ["(ie.title @@ plainto_tsquery(%s) OR ie.body @@ plainto_tsquery(%s))"] * len(words)
        )
        sql = (
            "SELECT ie.object_id, "  # noqa: S608
            "2 * ts_rank(ie.title, plainto_tsquery(%s)) + ts_rank(ie.body, plainto_tsquery(%s)) "
            f"AS rank FROM {table} ie WHERE {word_sql} AND ie.content_type_id IN ({types_sql}) "
            f"AND ie.object_id IN ({visible_sql}) ORDER BY rank DESC, ie.id DESC"
        )
        text = " ".join(words)
        params = [text, text, *[w for word in words for w in (word, word)]]
        params += [*content_types, *visible_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    seen = set()
    ranked = []
    for object_id, rank in rows:
        if object_id not in seen:
            seen.add(object_id)
            ranked.append((object_id, float(rank or 0.0)))
    return ranked
