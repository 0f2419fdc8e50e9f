"""The search page (/search/?q=&type=&page=) and the suggestions endpoint (/search/suggest/)."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django_ratelimit.decorators import ratelimit

from home import visibility
from resources.models import FieldNotePage

from .analytics import popular_queries, record_search
from .forms import TYPE_CHOICES, SearchForm
from .query import parse_query
from .sources import (
    ALL_SOURCES,
    SOURCES,
    FAQSource,
    MergedResults,
    NoteSource,
    WhitepaperSource,
    promoted_hits,
    whitepaper_cards,
)
from .spelling import suggest_spelling

RESULTS_PER_PAGE = 10
SUGGESTIONS = 8
MIN_SUGGEST_LENGTH = 2


def _no_index(response):
    response["X-Robots-Tag"] = "noindex"
    return response


def _page_number(value):
    """A page number from any input: whole numbers from 1, anything else is 1."""
    try:
        number = int(str(value)[:9])
    except (TypeError, ValueError):
        return 1
    return max(number, 1)


def _search_rate(group, request):
    return settings.SEARCH_RATE_LIMIT


@never_cache
@ratelimit(key="ip", rate=_search_rate, block=False)
def search(request):
    if getattr(request, "limited", False):
        return import_string(settings.RATELIMIT_VIEW)(request)
    form = SearchForm(request.GET)
    query = form.query
    active_type = form.cleaned_data.get("type", "") if form.is_valid() else ""
    context = {"form": form, "search_query": query.text, "query": query, "active_type": active_type}
    status = 400 if form.errors else 200
    if query:
        context.update(_results(request, query, active_type))
    return _no_index(TemplateResponse(request, "search/search.html", context, status=status))


def _results(request, query, active_type):
    promoted, promoted_page_ids = promoted_hits(request, query)
    # Each tab's own results: promoted pages are left out of "All" only, where they lead.
    tabs = {kind: [cls(request, query) for cls in classes] for kind, classes in SOURCES.items()}
    counts = {kind: sum(source.count for source in sources) for kind, sources in tabs.items()}
    if active_type:
        results = MergedResults(tabs[active_type])
    else:
        # Reuse the tabs' sources (and their counts) unless promoted pages must be left out.
        reused = {type(source): source for sources in tabs.values() for source in sources}
        all_sources = [
            reused[cls]
            if cls in reused and not (promoted_page_ids and cls.may_hold_pages)
            else cls(request, query, exclude_page_ids=promoted_page_ids)
            for cls in ALL_SOURCES
        ]
        results = MergedResults(all_sources, leading=promoted)
    counts[""] = results.total
    page = Paginator(results, RESULTS_PER_PAGE).get_page(_page_number(request.GET.get("page")))
    if (
        request.GET.get("page", "1") == "1"
        and not active_type
        and visibility.is_shared_view(request)
    ):
        # Only searches by visitors who see what everyone sees count: what they found is public.
        record_search(query.text, found=bool(results.total))
    filters = [
        {"value": value, "label": label, "count": counts[value], "active": value == active_type}
        for value, label in TYPE_CHOICES
    ]
    context = {
        "search_results": page,
        "total": results.total,
        "shown_total": counts[active_type],
        "filters": filters,
        "reachable_limit": len(results) < results.total,
    }
    if not counts[""]:
        context.update(_no_results_help(request, query))
    return context


def _no_results_help(request, query):
    notes = visibility.visible_pages(request, FieldNotePage.objects).defer_streamfields()
    notes = notes.order_by("-date", "-pk")[:3]
    first = visibility.visible_faq_entries(request).select_related("page").first()
    faq_url = ""
    if first is not None:
        page_url = first.page.get_url(request) or ""
        faq_url = f"{page_url}#{first.section_anchor}" if first.section_anchor else page_url
    return {
        "spelling": suggest_spelling(query.terms),
        "popular": popular_queries(),
        "latest_notes": list(notes),
        "faq_url": faq_url,
    }


@never_cache
@ratelimit(key="ip", rate=_search_rate, block=False)
def suggest(request):
    """Titles that start like what the visitor is typing, as JSON, for the search box."""
    if getattr(request, "limited", False):
        response = JsonResponse(
            {"error": "Too many requests: please wait a minute.", "results": []}, status=429
        )
        response["Retry-After"] = "60"
        return response
    try:
        query = parse_query(request.GET.get("q", ""))
    except ValueError:
        return JsonResponse({"error": "That search is too long.", "results": []}, status=400)
    results = []
    if len(query.search_string) >= MIN_SUGGEST_LENGTH:
        results = _suggestions(request, query)
    return _no_index(JsonResponse({"query": query.text, "results": results}))


def _suggestions(request, query):
    per_kind = {NoteSource: 4, FAQSource: 2, WhitepaperSource: 2}
    found = {}
    for cls, limit in per_kind.items():
        found[cls] = cls(request, query).autocomplete(limit + SUGGESTIONS)
    # Share the places out: each kind its own number first, then whatever is left over.
    chosen = {cls: objs[:limit] for cls, objs in found.items()}
    spare = SUGGESTIONS - sum(len(objs) for objs in chosen.values())
    for cls, objs in found.items():
        extra = objs[len(chosen[cls]) : len(chosen[cls]) + max(spare, 0)]
        chosen[cls] += extra
        spare -= len(extra)
    results = []
    cards = whitepaper_cards(request) if chosen[WhitepaperSource] else {}
    for note in chosen[NoteSource]:
        results.append({"title": note.title, "type": "Field note", "url": note.get_url(request)})
    pages = {entry.page_id: entry.page for entry in chosen[FAQSource]}
    for entry in chosen[FAQSource]:
        url = f"{pages[entry.page_id].get_url(request) or ''}#{entry.anchor}"
        results.append({"title": entry.question, "type": "FAQ", "url": url})
    for document in chosen[WhitepaperSource]:
        hit = WhitepaperSource(request, query).hit(document, cards.get(document.pk))
        results.append({"title": hit.title, "type": "Whitepaper", "url": hit.url})
    return results
