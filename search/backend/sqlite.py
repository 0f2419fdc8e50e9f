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
    def rank_rows(self, backend, terms, limit):
        table = index_table()
        content_types = get_descendants_content_types_pks(self.queryset.model)
        if not content_types:
            return Ranked(limit=limit)
        try:
            types = self.content_type_filter()
            ids = self.queryset.order_by().annotate(_oid=Cast("pk", CharField())).values("_oid")
            visible_sql, visible_params = ids.query.sql_with_params()
        except EmptyResultSet:  # filtered on an empty list of ids: nothing can match
            return Ranked(limit=limit)
        types_sql = "ie.content_type_id IN (" + ", ".join(["%s"] * len(content_types)) + ")"
        type_params = list(content_types)
        if types is not None:
            types_sql += f" AND ie.content_type_id IN ({types[0]})"
            type_params += types[1]
        sql = (
            f"SELECT ie.object_id, -bm25({table}_fts, {WEIGHTS}) AS rank "  # noqa: S608
            f"FROM {table}_fts JOIN {table} ie ON ie.id = {table}_fts.rowid "
            f"WHERE {table}_fts MATCH %s AND {types_sql} "
            f"AND ie.object_id IN ({visible_sql}) ORDER BY rank DESC, ie.id DESC"
        )
        params = [match_expression(terms, self.autocomplete), *type_params, *visible_params]
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
