"""Ranked matches straight from Wagtail's database search index, in one query per model.

Wagtail's database backend ranks by annotating each candidate row with a correlated subquery
(SQLite) or by matching a concatenated vector that no index can serve (PostgreSQL): with
10,000 field notes a common word took seconds. Here one query reads the index table itself
(the FTS5 table on SQLite, the GIN-indexed vectors on PostgreSQL), restricted to the objects
of a queryset, and returns every match with its rank. Query words are letters, marks and
digits only (``search.query``), so they can be quoted into the match expression safely.

Other backends (Elasticsearch, OpenSearch) return ``None`` and are searched the usual way.
"""

from functools import lru_cache

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


INTEGER_KEYS = {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField"}


def _visible_keys(queryset):
    """SQL selecting the queryset's primary keys, and how to turn an index object id into one.

    Integer keys are compared as integers: hashing ten thousand of them is cheaper than
    turning each into text first.
    """
    if queryset.model._meta.pk.get_internal_type() in INTEGER_KEYS:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
        return sql, params, "m.object_id::integer"
    sql, params = _visible(queryset)
    return sql, params, "m.object_id"


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


class Ranked(list):
    """[(pk as text, rank)], best first, at most the ``limit`` asked for; ``total`` counts
    every match."""

    def __init__(self, rows=(), total=None):
        super().__init__(rows)
        self.total = len(self) if total is None else total


def _unique(rows):
    seen = set()
    ranked = []
    for object_id, rank in rows:
        if object_id not in seen:
            seen.add(object_id)
            ranked.append((object_id, float(rank or 0.0)))
    return ranked


def ranked_ids(queryset, terms, autocomplete=False, content_types=None, visible=None, limit=None):
    """[(pk as text, rank)] of the queryset's objects matching all ``terms``, best first.

    ``autocomplete`` matches the last term as a prefix, in the autocomplete fields.
    ``visible``, a queryset of the same objects that is cheaper to read (pages without their
    subclass's table), may stand in for ``queryset`` in the filter.
    ``limit`` bounds the rows returned; the result's ``total`` still counts every match.
    Returns ``None`` when the search backend is not one of the database backends.
    """
    kind = backend_kind()
    if kind is None:
        return None
    terms = [term for term in terms if term]
    if not terms:
        return Ranked()
    table = _index_tables()
    if content_types is None:
        content_types = get_descendants_content_types_pks(queryset.model)
    content_types = list(content_types)
    if not content_types:
        return Ranked()
    # The cheaper stand-in helps PostgreSQL's hash join; SQLite does better with the original.
    cheaper = visible if visible is not None and kind == "postgres" else queryset
    try:
        if kind == "postgres" and not autocomplete:
            visible_sql = _visible_keys(cheaper)
        else:
            visible_sql, visible_params = _visible(cheaper)
    except EmptyResultSet:  # e.g. filtered on an empty list of ids: nothing can match
        return Ranked()
    if kind == "postgres" and not autocomplete:
        return _postgres_words(table, terms, content_types, *visible_sql, limit)
    types_sql = ", ".join(["%s"] * len(content_types))
    if kind == "sqlite":
        sql = (
            f"SELECT ie.object_id, -bm25({table}_fts, {SQLITE_WEIGHTS}) AS rank "  # noqa: S608
            f"FROM {table}_fts JOIN {table} ie ON ie.id = {table}_fts.rowid "
            f"WHERE {table}_fts MATCH %s AND ie.content_type_id IN ({types_sql}) "
            f"AND ie.object_id IN ({visible_sql}) ORDER BY rank DESC, ie.id DESC"
        )
        params = [_sqlite_match(terms, autocomplete), *content_types, *visible_params]
    else:
        tsquery, text = _postgres_query(terms, autocomplete)
        sql = (
            f"SELECT ie.object_id, ts_rank(ie.autocomplete, {tsquery}) AS rank "  # noqa: S608
            f"FROM {table} ie WHERE ie.autocomplete @@ {tsquery} "
            f"AND ie.content_type_id IN ({types_sql}) "
            f"AND ie.object_id IN ({visible_sql}) ORDER BY rank DESC, ie.id DESC"
        )
        params = [text, text, *content_types, *visible_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        ranked = _unique(cursor.fetchall())
    return Ranked(ranked[:limit], total=len(ranked))


@lru_cache(maxsize=1024)
def _parsed(words):
    """``plainto_tsquery`` of the words, as text: asked of the database once per process for
    each query, rather than once per type of result on every search."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT plainto_tsquery(%s)::text", [words])
        return cursor.fetchone()[0]


def _postgres_words(table, terms, content_types, visible_sql, visible_params, key, limit):
    """Every word in the title or the body, ranked, with the number of matches.

    The match is found through the GIN index on ``title || body`` (migration
    ``search.0002``), so only matching rows are read. They are ranked in a materialised
    subquery that keeps their id and rank alone, and only then checked against the visible
    objects (one hash of their ids) and counted; only the best ``limit`` rows are returned.
    The query is parsed once, first: ``plainto_tsquery`` in the ranking would run again for
    every matching row. Stop words ("the") drop out of it; stop words alone match nothing.
    """
    text = _parsed(" ".join(terms))
    if not text:
        return Ranked()
    types_sql = ", ".join(["%s"] * len(content_types))
    # An object indexed under several of the content types counts once, at its best rank.
    unique = len(content_types) > 1
    distinct = "DISTINCT ON (ie.object_id) " if unique else ""
    order = "ORDER BY ie.object_id, rank DESC, ie.id DESC" if unique else ""
    sql = (
        "WITH matches AS MATERIALIZED ("  # noqa: S608
        f"SELECT {distinct}ie.id, ie.object_id, "
        "2 * ts_rank(ie.title, %s::tsquery) + ts_rank(ie.body, %s::tsquery) "
        f"AS rank FROM {table} ie WHERE (ie.title || ie.body) @@ %s::tsquery "
        f"AND ie.content_type_id IN ({types_sql}) {order}) "
        "SELECT m.object_id, m.rank, count(*) OVER () FROM matches m "
        f"WHERE {key} IN ({visible_sql}) ORDER BY m.rank DESC, m.id DESC"
    )
    params = [text, text, text, *content_types, *visible_params]
    if limit is not None:
        sql += " LIMIT %s"
        params.append(limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    total = rows[0][2] if rows else 0
    return Ranked([(object_id, float(rank or 0.0)) for object_id, rank, _ in rows], total=total)
