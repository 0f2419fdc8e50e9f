"""The project's PostgreSQL backend: Wagtail's, with matches found through one GIN index and
ranked in one query, and snippets highlighted by PostgreSQL itself (``ts_headline``).

Words are matched against ``title || body`` of Wagtail's index table through the GIN index of
migration ``search_backend.0001``, so only matching rows are read. They are ranked (a title
match counts twice a body match) in a materialised subquery that keeps their id and rank alone,
then checked against the queryset's objects (one hash of their ids) and counted; only the best
rows asked for are returned. Stop words ("the") drop out of the query; stop words alone match
nothing. Stemming and stop words follow the backend's text search configuration
(``SEARCH_CONFIG``, else the database's default), for matching and highlighting alike.
"""

from functools import lru_cache
from html import unescape

from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import CharField, TextField, Value
from django.db.models.functions import Cast
from django.db.models.sql import Query
from django.utils.html import escape
from django.utils.safestring import mark_safe
from modelsearch.backends.database.postgres.postgres import (
    PostgresAutocompleteQueryCompiler,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchResults,
)
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.models import Page

from .database import (
    INTEGER_KEYS,
    Ranked,
    RankedBackendMixin,
    RankedQueryCompilerMixin,
    RankedResultsMixin,
)
from .layout import index_table

# Marks ts_headline puts around a match: characters no text keeps (they are removed first),
# turned into <mark> after the text is escaped.
START, STOP = "\ue000", "\ue001"
MARKS = str.maketrans({START: None, STOP: None})
SNIPPET_WORDS = (12, 32)  # a snippet's least and most words


@lru_cache(maxsize=1024)
def _parsed(config, words):
    """``plainto_tsquery`` of the words, as text: asked of the database once per process for
    each query, rather than once per type of result on every search."""
    with connection.cursor() as cursor:
        if config:
            cursor.execute("SELECT plainto_tsquery(%s::regconfig, %s)::text", [config, words])
        else:
            cursor.execute("SELECT plainto_tsquery(%s)::text", [words])
        return cursor.fetchone()[0]


class RankedPostgresCompilerMixin(RankedQueryCompilerMixin):
    def _visible(self):
        """SQL and params for the index rows of the queryset's objects.

        A few pages are looked up by key in the index's unique (type, object id) index; many
        are joined by hashing their keys as integers (ten thousand notes). Other objects are
        compared as text, and the planner chooses between the two ways by itself.
        """
        queryset = self.queryset.order_by()
        model = queryset.model
        if issubclass(model, Page) and model._meta.pk.get_internal_type() in INTEGER_KEYS:
            keys = self.few_keys()
            if keys is not None:
                return "ie.object_id = ANY(%s)", [keys]
            sql, params = queryset.values("pk").query.sql_with_params()
            return f"ie.object_id::integer IN ({sql})", list(params)
        ids = queryset.annotate(_oid=Cast("pk", CharField())).values("_oid")
        sql, params = ids.query.sql_with_params()
        return f"ie.object_id IN ({sql})", list(params)

    def rank_rows(self, backend, terms, limit):
        content_types = get_descendants_content_types_pks(self.queryset.model)
        if not content_types:
            return Ranked(limit=limit)
        if self.autocomplete:
            # Written as a tsquery (words quoted, the last a prefix): autocomplete vectors use
            # the 'simple' configuration, without stemming, as Wagtail indexes them.
            *words, last = terms
            text = " & ".join([*(f"'{w}'" for w in words), f"'{last}':*"])
            match = "ie.autocomplete @@ %s::tsquery"
            rank = "ts_rank(ie.autocomplete, %s::tsquery)"
        else:
            text = _parsed(backend.config, " ".join(terms))
            match = "(ie.title || ie.body) @@ %s::tsquery"
            rank = "2 * ts_rank(ie.title, %s::tsquery) + ts_rank(ie.body, %s::tsquery)"
        if not text:
            return Ranked(limit=limit)
        try:
            visible_sql, visible_params = self._visible()
        except EmptyResultSet:  # no object to match, or filtered on an empty list of ids
            return Ranked(limit=limit)
        # The rank is worked out after the join, for the visible matches alone, inside a
        # subquery that keeps only the id, object id and rank (OFFSET 0 keeps PostgreSQL from
        # merging it into the outer query, where the count would hold every row's vectors).
        sql = (
            "SELECT m.object_id, m.rank, count(*) OVER () FROM ("  # noqa: S608
            f"SELECT ie.id, ie.object_id, {rank} AS rank FROM {index_table()} ie "
            f"WHERE ie.content_type_id = ANY(%s::integer[]) AND {match} AND {visible_sql} "
            "OFFSET 0) m ORDER BY m.rank DESC, m.id DESC"
        )
        params = [*[text] * rank.count("%s"), list(content_types), text, *visible_params]
        if limit is not None:
            sql += " LIMIT %s"
            params.append(limit)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        total = rows[0][2] if rows else 0
        # Wagtail indexes an object under its own type only; should a stale row of another
        # type remain, the object still counts once, at its best rank.
        seen, ranked = set(), []
        for object_id, rank, _ in rows:
            if object_id not in seen:
                seen.add(object_id)
                ranked.append((object_id, float(rank or 0.0)))
        return Ranked(ranked, total=total - (len(rows) - len(ranked)), limit=limit)


class ProjectPostgresSearchQueryCompiler(RankedPostgresCompilerMixin, PostgresSearchQueryCompiler):
    pass


class ProjectPostgresAutocompleteQueryCompiler(
    RankedPostgresCompilerMixin, PostgresAutocompleteQueryCompiler
):
    autocomplete = True


class ProjectPostgresSearchResults(RankedResultsMixin, PostgresSearchResults):
    pass


class ProjectPostgresSearchBackend(RankedBackendMixin, PostgresSearchBackend):
    query_compiler_class = ProjectPostgresSearchQueryCompiler
    autocomplete_query_compiler_class = ProjectPostgresAutocompleteQueryCompiler
    results_class = ProjectPostgresSearchResults

    def highlight(self, items, query_string):
        """For each (text, whole) item, the text escaped with what matches the query
        (stemmed, as the search matched it) in ``<mark>``: all of it when ``whole``, else its
        best passage, with "…" where it was cut. One query for them all."""
        items = [
            (" ".join(str(text or "").translate(MARKS).split()), whole) for text, whole in items
        ]
        if not items:
            return []
        columns, params = [], []
        for text, whole in items:
            sql, template = _headline_sql(self.config, whole)
            columns.append(sql)
            # Escaped first: ts_headline keeps what it is given, and its parser would take
            # "<script>" for a tag and leave it out, where a visitor must see the text.
            fill = {TEXT: escape(text), QUERY: query_string}
            params.extend(fill.get(param, param) for param in template)
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(columns), params)
            headlines = cursor.fetchone()
        return [
            _marked(text, headline or "", whole)
            for (text, whole), headline in zip(items, headlines, strict=True)
        ]


# Stand-ins for the text and the query in the compiled headline expression.
TEXT, QUERY = object(), object()


@lru_cache(maxsize=16)
def _headline_sql(config, whole):
    """Django's ``SearchHeadline`` for a whole text or its best passage, compiled once: its
    SQL, and its params with ``TEXT`` and ``QUERY`` where the text and the query go."""
    options = {"start_sel": START, "stop_sel": STOP}
    if whole:
        options["highlight_all"] = True
    else:
        options.update(
            min_words=SNIPPET_WORDS[0], max_words=SNIPPET_WORDS[1], max_fragments=1, short_word=0
        )
    text, query_string = "\ue002text", "\ue002query"
    headline = SearchHeadline(
        Value(text, output_field=TextField()),
        SearchQuery(query_string, config=config, search_type="plain"),
        config=config,
        **options,
    )
    query = Query(None)
    sql, params = query.get_compiler(connection=connection).compile(
        headline.resolve_expression(query)
    )
    stand_ins = {text: TEXT, query_string: QUERY}
    return sql, tuple(stand_ins.get(param, param) for param in params)


def _marked(text, headline, whole):
    """The headline (already escaped) with its marks as ``<mark>``; when it is a passage,
    "…" where the text goes on, or the punctuation ts_headline leaves off a passage's ends."""
    html = headline.replace(START, "<mark>").replace(STOP, "</mark>")
    if whole:
        return mark_safe(html)  # noqa: S308 (made of escaped text and our marks)
    plain = unescape(headline.translate(MARKS))
    at = text.find(plain) if plain else -1
    if at == -1:
        return mark_safe(html)  # noqa: S308
    before, after = text[:at], text[at + len(plain) :]
    prefix = "…" if any(char.isalnum() for char in before) else escape(before)
    suffix = "…" if any(char.isalnum() for char in after) else escape(after)
    return mark_safe(f"{prefix}{html}{suffix}")  # noqa: S308
