"""``SearchBackend``: the project's class for this database, or Wagtail's when it cannot be used.

Wagtail's database backend ranks by annotating every candidate row (a correlated subquery on
SQLite, a vector no index can serve on PostgreSQL): with 10,000 field notes a common word took
seconds. The project's classes subclass Wagtail's and answer ``search()`` and ``autocomplete()``
for plain queries (every word required, ranked by relevance) with one query on the index table
that returns the best matches and their count; anything else (phrases, ``or``, ``fields=``,
no relevance order) goes to Wagtail's own query. Results are Wagtail search results: sliced,
counted and scored (``annotate_score``) the usual way.
"""

import logging

from django.core.exceptions import EmptyResultSet
from django.db import connection
from modelsearch.backends.database import SearchBackend as wagtail_database_backend
from modelsearch.query import PlainText

from search.query import terms_of

from .layout import layout_problems

logger = logging.getLogger(__name__)

# How many of the best matches the first query reads (their ids and ranks only), so that the
# count and the first pages need one query; a deeper slice asks again.
DEFAULT_RANKED_ROWS = 500
# Up to this many objects to search among, their index rows are looked up by key.
FEW_OBJECTS = 200
# Primary keys compared as integers: hashing ten thousand of them is cheaper than turning each
# into text first.
INTEGER_KEYS = {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField"}


def SearchBackend(params):  # noqa: N802 (the name Wagtail looks for in a backend module)
    """The backend for the default database, as ``wagtail.search.backends.database`` picks."""
    problems = layout_problems()
    if problems is None or problems:
        if problems:
            logger.warning(
                "Search index tables differ from what the fast ranking expects (%s): "
                "using Wagtail's database backend instead.",
                "; ".join(problems),
            )
        return wagtail_database_backend(params)
    if connection.vendor == "postgresql":
        from .postgres import ProjectPostgresSearchBackend

        return ProjectPostgresSearchBackend(params)
    from .sqlite import ProjectSQLiteSearchBackend

    return ProjectSQLiteSearchBackend(params)


def higher_score_is_better(backend):
    """Whether a greater ``annotate_score`` value means a better match with this backend.

    The project's classes and search servers say yes; Wagtail's SQLite backend scores with
    FTS5's ``bm25``, which is better when lower.
    """
    flag = getattr(backend, "higher_score_is_better", None)
    if flag is not None:
        return flag
    if connection.vendor != "sqlite":  # the module below can only be loaded on SQLite
        return True
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

    return not isinstance(backend, SQLiteSearchBackend)


class Ranked(list):
    """[(object id as text, rank)], best first; ``total`` counts every match, ``limit`` is how
    many were asked for (None: all)."""

    def __init__(self, rows=(), total=None, limit=None):
        super().__init__(rows)
        self.total = len(self) if total is None else total
        self.limit = limit

    def covers(self, stop):
        if self.limit is None or len(self) >= self.total:
            return True
        return stop is not None and stop <= self.limit


class RankedQueryCompilerMixin:
    """Ranks plain every-word queries in one query (``rank_rows``, per database)."""

    autocomplete = False

    def ranked_terms(self):
        """The query's words when the one-query ranking applies, else None."""
        if self.fields is not None or not self.order_by_relevance:
            return None
        if not isinstance(self.query, PlainText) or self.query.operator != "and":
            return None
        # Letters, marks and digits only: safe to quote into a match expression.
        return [term for term in terms_of(self.query.query_string) if term]

    def few_keys(self):
        """The keys of the queryset's objects as text when there are few of them (then their
        index rows are looked up one by one, by the index on type and object id), else None
        (then the matches are joined to all of them). Raises EmptyResultSet when there are
        none."""
        keys = list(self.queryset.order_by().values_list("pk", flat=True)[: FEW_OBJECTS + 1])
        if not keys:
            raise EmptyResultSet
        return [str(key) for key in keys] if len(keys) <= FEW_OBJECTS else None

    def ranked(self, backend, stop, rows_needed=True):
        """``Ranked`` rows covering ``[:stop]`` (or only the count, when not ``rows_needed``),
        or None to use Wagtail's own query. Read once and shared by the sliced copies of
        the results, which share this compiler."""
        terms = self.ranked_terms()
        if terms is None:
            return None
        cached = getattr(self, "_ranked", None)
        if cached is not None and (not rows_needed or cached.covers(stop)):
            return cached
        if not terms:
            self._ranked = Ranked()
            return self._ranked
        if stop is None:
            limit = None if rows_needed else backend.ranked_rows
        else:
            limit = max(stop, backend.ranked_rows)
        self._ranked = self.rank_rows(backend, terms, limit)
        return self._ranked


class RankedResultsMixin:
    """Search results read from ``Ranked`` rows when the compiler ranked them itself."""

    def _ranked(self, rows_needed=True):
        return self.query_compiler.ranked(self.backend, self.stop, rows_needed)

    def _do_search(self):
        ranked = self._ranked()
        if ranked is None:
            return super()._do_search()
        rows = ranked[self.start : self.stop]
        if not rows:
            return []
        queryset = self.query_compiler.queryset
        by_id = {str(obj.pk): obj for obj in queryset.filter(pk__in=[pk for pk, _ in rows])}
        found = []
        for object_id, rank in rows:
            obj = by_id.get(object_id)
            if obj is not None:
                if self._score_field:
                    setattr(obj, self._score_field, rank)
                found.append(obj)
        return found

    def _do_count(self):
        ranked = self._ranked(rows_needed=False)
        if ranked is None:
            return super()._do_count()
        return len(range(ranked.total)[self.start : self.stop])


class RankedBackendMixin:
    higher_score_is_better = True

    def __init__(self, params):
        super().__init__(params)
        self.ranked_rows = int(params.get("RANKED_ROWS", DEFAULT_RANKED_ROWS))

    def highlight(self, items, query_string):
        """For each (text, whole) item, escaped HTML with the query's matches in ``<mark>``
        (all the text when ``whole``, else its best passage), or None: this backend has no
        highlighter of its own (the caller then uses ``search.snippets``)."""
        return None
