"""Where search results come from: field notes, other pages, FAQ entries and whitepapers.

Each source searches one model through Wagtail's search API (the configured backend's
``search()`` and ``autocomplete()``, every word required, scored with ``annotate_score``),
filtered to what the visitor may see, and turns the objects it finds into ``Hit``s.
``MergedResults`` interleaves the sources by score for the "All" tab, fetching from each only
as deep as the page asked for. Whatever makes this fast on a database is the backend's
(``search.backend``), never a source's.
"""

import bisect
import datetime
from dataclasses import dataclass, field
from html import unescape

from django.utils.functional import cached_property
from django.utils.html import strip_tags
from wagtail.documents import get_document_model
from wagtail.models import Page, get_page_models
from wagtail.search.backends import get_search_backend

from home import visibility
from home.anchors import anchor_id
from resources.blocks import WhitepaperCardBlock
from resources.models import FieldNotePage, ResourcesPage

from .backend.database import higher_score_is_better
from .snippets import highlight, snippet

# The deepest result reachable by paging: past it, more words are the better tool.
MAX_REACHABLE_RESULTS = 500


@dataclass
class Hit:
    kind: str
    label: str
    title: str
    url: str
    terms: list = field(default_factory=list)
    texts: list = field(default_factory=list)
    date: datetime.date | None = None
    date_format: str = "j M Y"
    file_url: str = ""
    file_label: str = ""
    promoted: bool = False
    description: str = ""
    score: float = 0.0

    @cached_property
    def title_html(self):
        return highlight(self.title, self.terms)

    @cached_property
    def snippet_html(self):
        if self.description:
            return highlight(self.description, self.terms)
        return snippet(self.texts, self.terms)


def highlight_hits(hits, backend=None):
    """Mark the query's words in the hits' titles and snippets with the backend's own
    highlighter where it has one (PostgreSQL's ``ts_headline``, which knows the stemmed forms
    the search matched), in one query for the page; elsewhere ``search.snippets`` does it."""
    backend = backend or get_search_backend()
    highlighter = getattr(backend, "highlight", None)
    hits = [hit for hit in hits if hit.terms]
    if highlighter is None or not hits:
        return
    items = []
    for hit in hits:
        items.append((hit.title, True))
        if hit.description:
            items.append((hit.description, True))
        else:
            items.append((" ".join(t for t in hit.texts if t), False))
    marked = highlighter(items, " ".join(hits[0].terms))
    if marked is None:
        return
    for i, hit in enumerate(hits):
        hit.title_html, hit.snippet_html = marked[2 * i], marked[2 * i + 1]


# The keys of block values that hold words a visitor reads (not choices, anchors or ids).
TEXT_KEYS = {"text", "quote", "title", "subtitle", "summary", "question", "answer", "caption",
             "heading", "intro", "items", "cards", "attribution"}  # fmt: skip


def _texts(value):
    if isinstance(value, dict) and value.get("type") == "whitepaper_section":
        # Cards are hits of their own, shown only to who may open the document.
        section = value.get("value") or {}
        yield from _texts({key: section.get(key) for key in ("heading", "intro")})
        return
    if isinstance(value, str):
        yield unescape(strip_tags(value))
    elif isinstance(value, dict):
        if "type" in value and "value" in value:  # a list item or a child block
            yield from _texts(value["value"])
        for key in TEXT_KEYS & value.keys():
            yield from _texts(value[key])
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def stream_text(stream):
    """The words of a StreamField a visitor reads, as plain text."""
    if not stream:
        return ""
    return " ".join(t for t in _texts(list(stream.raw_data)) if t)


def whitepaper_cards(request=None):
    """{document id: (page, card)} for the cards on the Resources pages the request may see.

    Read from the stored block data: converting the whole page body would load every block's
    objects (the field notes of its notes section) for a handful of card texts.
    """
    cards = {}
    pages = visibility.visible_pages(request, ResourcesPage.objects).order_by("path")
    for page in pages:
        for block in page.body.raw_data:
            if block.get("type") != "whitepaper_section":
                continue
            for item in (block.get("value") or {}).get("cards") or []:
                card = item.get("value", item) if isinstance(item, dict) else None
                if not isinstance(card, dict):
                    continue
                document_id = card.get("document")
                if isinstance(document_id, int) and document_id not in cards:
                    cards[document_id] = (page, card)
    return cards


CARD_BLOCK = WhitepaperCardBlock()


class Source:
    kind = ""
    label = ""
    # Multiplies the backend's score when sources are merged for "All".
    weight = 1.0
    # Whether its hits are pages (which a promotion of the same page replaces in "All").
    may_hold_pages = False

    def __init__(self, request, query, exclude_page_ids=()):
        self.request = request
        self.query = query
        self.exclude_page_ids = list(exclude_page_ids)

    def queryset(self):
        raise NotImplementedError

    def visible(self):
        """The same objects as ``queryset()``, as cheaply as they can be selected (pages
        without their subclass's table): what is searched. Hits are loaded from ``queryset()``."""
        return self.queryset()

    @cached_property
    def backend(self):
        return get_search_backend()

    @cached_property
    def results(self):
        results = self.backend.search(self.query.search_string, self.visible(), operator="and")
        return results.annotate_score("_score")

    def autocomplete(self, limit):
        found = self.backend.autocomplete(self.query.search_string, self.visible(), operator="and")
        return self._load([(0.0, obj.pk) for obj in found[:limit]])

    @cached_property
    def count(self):
        return self.results.count()

    def entries(self, start, stop):
        """The matches ``start`` to ``stop`` (best first) as (rank, pk); ranks are comparable
        between sources (higher is better)."""
        sign = 1 if higher_score_is_better(self.backend) else -1
        found = list(self.results[start:stop])
        if type(self).visible is Source.visible:  # the objects found are the hits' own
            self._found.update({str(obj.pk): obj for obj in found})
        return [
            (sign * (getattr(obj, "_score", None) or 0.0) * self.weight, obj.pk) for obj in found
        ]

    @cached_property
    def _found(self):
        return {}

    def materialize(self, entries):
        """The objects of ``entries`` (from ``entries()``), in order, with ``_search_rank``:
        those ``entries()`` loaded already when they are the hits' own objects."""
        if not all(str(pk) in self._found for _, pk in entries):
            return self._load(entries)
        objects = []
        for rank, pk in entries:
            obj = self._found[str(pk)]
            obj._search_rank = rank
            objects.append(obj)
        return objects

    def _load(self, entries):
        """The objects of (rank, pk) ``entries``, in their order, each with its ``_search_rank``."""
        by_pk = {
            str(obj.pk): obj for obj in self.queryset().filter(pk__in=[pk for _, pk in entries])
        }
        objects = []
        for rank, pk in entries:
            obj = by_pk.pop(str(pk), None)
            if obj is not None:
                obj._search_rank = rank
                objects.append(obj)
        return objects

    def hits(self, objects):
        raise NotImplementedError


class NoteSource(Source):
    kind = "note"
    label = "Field note"
    may_hold_pages = True

    def queryset(self):
        notes = visibility.visible_pages(self.request, FieldNotePage.objects)
        return notes.exclude(pk__in=self.exclude_page_ids)

    def visible(self):
        # The same notes read from the page table alone, without the notes' own table.
        pages = visibility.visible_pages(self.request, Page.objects)
        return pages.type(FieldNotePage).exclude(pk__in=self.exclude_page_ids)

    def hits(self, objects):
        return [
            Hit(
                kind=self.kind,
                label=self.label,
                title=note.title,
                url=note.get_url(self.request) or "",
                terms=self.query.terms,
                texts=[note.dek, stream_text(note.body)],
                date=note.date,
                date_format="M Y",
                score=note._search_rank,
            )
            for note in objects
        ]


class PageSource(Source):
    kind = "page"
    label = "Page"
    may_hold_pages = True
    # Other pages (the Resources page above all) gather text that is also a hit of its own
    # (its FAQ answers, its whitepaper cards): the specific hit should come first.
    weight = 0.5

    def queryset(self):
        return (
            visibility.visible_pages(self.request, Page.objects)
            .not_type(FieldNotePage)
            .exclude(depth=1)
            .exclude(pk__in=self.exclude_page_ids)
            .specific()
        )

    def visible(self):
        # The same pages without their own tables, named by their types (which an index
        # serves) rather than "not a field note": field notes are a source of their own.
        others = [model for model in get_page_models() if not issubclass(model, FieldNotePage)]
        return (
            visibility.visible_pages(self.request, Page.objects)
            .exact_type(*others)
            .exclude(depth=1)
            .exclude(pk__in=self.exclude_page_ids)
        )

    def hits(self, objects):
        hits = []
        for page in objects:
            texts = [
                getattr(page, "search_description", ""),
                getattr(page, "hero_intro", ""),
                stream_text(getattr(page, "body", None)),
            ]
            hits.append(
                Hit(
                    kind=self.kind,
                    label=self.label,
                    title=page.title,
                    url=page.get_url(self.request) or "",
                    terms=self.query.terms,
                    texts=texts,
                    score=page._search_rank,
                )
            )
        return hits


class FAQSource(Source):
    kind = "faq"
    label = "FAQ"

    @cached_property
    def _entries(self):
        return visibility.visible_faq_entries(self.request)

    def queryset(self):
        return self._entries.all()

    def hits(self, objects):
        pages = Page.objects.in_bulk({entry.page_id for entry in objects})
        hits = []
        for entry in objects:
            page_url = pages[entry.page_id].get_url(self.request) or ""
            hits.append(
                Hit(
                    kind=self.kind,
                    label=self.label,
                    title=entry.question,
                    url=f"{page_url}#{entry.anchor}",
                    terms=self.query.terms,
                    texts=[entry.answer],
                    score=entry._search_rank,
                )
            )
        return hits


class WhitepaperSource(Source):
    kind = "whitepaper"
    label = "Whitepaper"

    @cached_property
    def document_ids(self):
        return visibility.searchable_document_ids(self.request)

    def queryset(self):
        # Visible documents that a page the visitor may see uses, or listed in search.
        return get_document_model().objects.filter(pk__in=self.document_ids)

    def hits(self, objects):
        cards = whitepaper_cards(self.request) if objects else {}
        return [self.hit(document, cards.get(document.pk)) for document in objects]

    def hit(self, document, found):
        texts = [getattr(document, "summary", ""), getattr(document, "extracted_text", "")]
        title, url, when, date_format = document.title, document.url, None, "j M Y"
        if found:
            page, card = found
            code, subtitle = card.get("code") or "", card.get("subtitle") or ""
            title = " · ".join(filter(None, [code, card.get("title")]))
            if subtitle:
                title = f"{title}: {subtitle}"
            texts.insert(0, card.get("summary") or "")
            page_url = page.get_url(self.request) or ""
            url = f"{page_url}#{anchor_id(CARD_BLOCK, card)}"
            if card.get("year"):
                when, date_format = datetime.date(int(card["year"]), 1, 1), "Y"
        elif document.created_at:
            when = document.created_at.date()
        return Hit(
            kind=self.kind,
            label=self.label,
            title=title,
            url=url,
            terms=self.query.terms,
            texts=texts,
            date=when,
            date_format=date_format,
            file_url=document.url,
            file_label=(document.file_extension or "").upper(),
            score=getattr(document, "_search_rank", 0.0),
        )


SOURCES = {"notes": [NoteSource], "faqs": [FAQSource], "whitepapers": [WhitepaperSource]}
ALL_SOURCES = [NoteSource, PageSource, FAQSource, WhitepaperSource]


class MergedResults:
    """A sliceable list of ``Hit``s from several sources, best score first.

    ``len()`` is the total, capped at ``MAX_REACHABLE_RESULTS`` so that no page asks a source
    for more than that many rows. ``leading`` hits (promotions) come first.
    """

    def __init__(self, sources, leading=()):
        self.sources = sources
        self.leading = list(leading)

    @cached_property
    def total(self):
        return len(self.leading) + sum(source.count for source in self.sources)

    def __len__(self):
        return min(self.total, MAX_REACHABLE_RESULTS)

    def count(self):
        return len(self)

    def _window(self, start, stop):
        """Rows (-rank, index in its source, source, key) at places ``start`` to ``stop`` of
        the sources merged best first (ties: the better index, then the earlier source).

        Only the part of each source that can land there is read. A match at index j of a
        source is at place j plus the number of the other sources' matches ranked above it,
        at most their count: none before index ``start`` minus that count can land on the
        page. A deep page of many notes and a few other results reads a page's worth of notes,
        not every note before it. The place of a row read is its index plus, for each other
        source, the rows skipped there (all ranked above it, or it lands before ``start``
        anyway) and the rows read there that rank above it.
        """
        counts = [source.count for source in self.sources]
        total = sum(counts)
        read = []  # per source: (first index read, rows read, their sort keys)
        for order, (source, count) in enumerate(zip(self.sources, counts, strict=True)):
            first = max(0, start - (total - count))
            entries = source.entries(first, stop) if count > first else []
            rows = [(-rank, first + i, source, pk, order) for i, (rank, pk) in enumerate(entries)]
            read.append((first, rows, [_merge_key(row) for row in rows]))
        window = []
        for order, (_, rows, _) in enumerate(read):
            for row in rows:
                key, place = _merge_key(row), row[1]
                for other, (first, _, keys) in enumerate(read):
                    if other != order:
                        place += first + bisect.bisect_left(keys, key)
                if start <= place < stop:
                    window.append((place, row[:4]))
        return [row for _, row in sorted(window, key=lambda item: item[0])]

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        start, stop = key.start or 0, min(key.stop or len(self), len(self))
        organic_start = max(0, start - len(self.leading))
        organic_stop = max(0, stop - len(self.leading))
        merged = self._window(organic_start, organic_stop) if organic_stop > organic_start else []
        rows = [(None, hit) for hit in self.leading[start:stop]] + [(row[2], row) for row in merged]
        # Only the hits of this page are loaded and turned into hits, one query per source.
        by_source = {}
        for source, row in rows:
            if source is not None:
                by_source.setdefault(source, []).append(row)
        converted = {}
        for source, source_rows in by_source.items():
            objects = source.materialize([(-row[0], row[3]) for row in source_rows])
            found = {id(row): obj for row, obj in zip(source_rows, objects, strict=False)}
            if len(objects) == len(source_rows):
                converted.update(zip(found.keys(), source.hits(objects), strict=True))
            else:  # an object vanished between the two queries: match them up by key
                keyed = {str(getattr(obj, "pk", "")): obj for obj in objects}
                kept = [(row, keyed.get(str(row[3]))) for row in source_rows]
                kept = [(row, obj) for row, obj in kept if obj is not None]
                hits = source.hits([obj for _, obj in kept])
                converted.update({id(row): hit for (row, _), hit in zip(kept, hits, strict=True)})
        hits = []
        for source, row in rows:
            if source is None:
                hits.append(row)
            elif id(row) in converted:
                hits.append(converted[id(row)])
        highlight_hits(hits)
        return hits


def _merge_key(row):
    """Merged order: best rank, then the better index in its source, then the earlier source."""
    negative_rank, index, _, _, order = row
    return (negative_rank, index, order)


def promoted_hits(request, query):
    """Editors' picks for this query, as hits, and the ids of the pages they point to."""
    from wagtail.contrib.search_promotions.models import SearchPromotion

    from .analytics import normalise_query

    promotions = SearchPromotion.objects.filter(
        query__query_string=normalise_query(query.text)
    ).select_related("page")
    hits, page_ids = [], []
    visible = set(
        visibility.visible_pages(request, Page.objects)
        .filter(pk__in=[p.page_id for p in promotions if p.page_id])
        .values_list("pk", flat=True)
    )
    for promotion in promotions:
        if promotion.page_id:
            if promotion.page_id not in visible:
                continue
            page = promotion.page.specific
            page_ids.append(page.pk)
            kind, label = (
                ("note", "Field note") if isinstance(page, FieldNotePage) else ("page", "Page")
            )
            hits.append(
                Hit(
                    kind=kind,
                    label=label,
                    title=page.title,
                    url=page.get_url(request) or "",
                    terms=query.terms,
                    description=promotion.description
                    or getattr(page, "dek", "")
                    or page.search_description,
                    date=getattr(page, "date", None),
                    date_format="M Y",
                    promoted=True,
                )
            )
        elif promotion.external_link_url:
            hits.append(
                Hit(
                    kind="link",
                    label="Link",
                    title=promotion.external_link_text or promotion.external_link_url,
                    url=promotion.external_link_url,
                    terms=query.terms,
                    description=promotion.description,
                    promoted=True,
                )
            )
    return hits, page_ids
