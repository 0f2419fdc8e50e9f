"""The project's SQLite backend: Wagtail's FTS5 backend, ranked by ``bm25`` in one query.

The FTS5 table beside Wagtail's index table has the columns (autocomplete, body, title) and
shares its row ids (checked by ``layout.py``): ``bm25`` weighs a title match twice a body
match, so a title match ranks first; SQLite has no stemming, words match as typed.
"""

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import CharField
from django.db.models.functions import Cast
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteAutocompleteQueryCompiler,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)
from modelsearch.utils import get_descendants_content_types_pks

from .database import (
    INTEGER_KEYS,
    Ranked,
    RankedBackendMixin,
    RankedQueryCompilerMixin,
    RankedResultsMixin,
)
from .layout import index_table

# bm25 weights of the FTS5 columns (autocomplete, body, title).
WEIGHTS = "0.0, 1.0, 2.0"


def match_expression(terms, autocomplete):
    """An FTS5 match of every term (quoted: they are letters, marks and digits only)."""
    if autocomplete:
        *words, last = terms
        parts = [f'"{word}"' for word in words] + [f'"{last}" *']
        return "{autocomplete} : (" + " AND ".join(parts) + ")"
    return "{body title} : (" + " AND ".join(f'"{term}"' for term in terms) + ")"


class RankedSQLiteCompilerMixin(RankedQueryCompilerMixin):
    def _visible(self):
        """(whether to read the index rows first, SQL and params selecting those of the
        queryset's objects). A few objects are looked up by key and only their rows matched;
        for many, the matches are read first and joined to them, by integer where keys are."""
        keys = self.few_keys()
        if keys is not None:
            return True, "ie.object_id IN (" + ", ".join(["%s"] * len(keys)) + ")", keys
        queryset = self.queryset.order_by()
        if queryset.model._meta.pk.get_internal_type() in INTEGER_KEYS:
            sql, params = queryset.values("pk").query.sql_with_params()
            return False, f"CAST(ie.object_id AS integer) IN ({sql})", list(params)
        ids = queryset.annotate(_oid=Cast("pk", CharField())).values("_oid")
        sql, params = ids.query.sql_with_params()
        return False, f"ie.object_id IN ({sql})", list(params)

    def rank_rows(self, backend, terms, limit):
        table = index_table()
        content_types = get_descendants_content_types_pks(self.queryset.model)
        if not content_types:
            return Ranked(limit=limit)
        try:
            rows_first, visible_sql, visible_params = self._visible()
        except EmptyResultSet:  # no object to match, or filtered on an empty list of ids
            return Ranked(limit=limit)
        if rows_first:  # CROSS JOIN: SQLite keeps this order, index rows first
            tables = f"{table} ie CROSS JOIN {table}_fts ON {table}_fts.rowid = ie.id"
        else:
            tables = f"{table}_fts JOIN {table} ie ON ie.id = {table}_fts.rowid"
        types_sql = "ie.content_type_id IN (" + ", ".join(["%s"] * len(content_types)) + ")"
        sql = (
            f"SELECT ie.object_id, -bm25({table}_fts, {WEIGHTS}) AS rank "  # noqa: S608
            f"FROM {tables} WHERE {table}_fts MATCH %s AND {types_sql} "
            f"AND {visible_sql} ORDER BY rank DESC, ie.id DESC"
        )
        params = [match_expression(terms, self.autocomplete), *content_types, *visible_params]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        seen, ranked = set(), []
        for object_id, rank in rows:  # an object indexed under two types counts once
            if object_id not in seen:
                seen.add(object_id)
                ranked.append((object_id, float(rank or 0.0)))
        return Ranked(ranked if limit is None else ranked[:limit], total=len(ranked), limit=limit)


class ProjectSQLiteSearchQueryCompiler(RankedSQLiteCompilerMixin, SQLiteSearchQueryCompiler):
    pass


class ProjectSQLiteAutocompleteQueryCompiler(
    RankedSQLiteCompilerMixin, SQLiteAutocompleteQueryCompiler
):
    autocomplete = True


class ProjectSQLiteSearchResults(RankedResultsMixin, SQLiteSearchResults):
    pass


class ProjectSQLiteSearchBackend(RankedBackendMixin, SQLiteSearchBackend):
    query_compiler_class = ProjectSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = ProjectSQLiteAutocompleteQueryCompiler
    results_class = ProjectSQLiteSearchResults
