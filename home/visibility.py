"""What a visitor may see: the one place that decides it.

Every listing, chooser result, search source, hint, sitemap, feed and structured-data block asks
these functions, never ``Page.objects.live()`` or a collection filter of its own:

- **Pages** are visible when live and not at or under a page with a view restriction the
  request has not passed (a password given in this session, a login, a group).
- **Documents** are visible when their collection and every collection above it have no view
  restriction the request has not passed.
- **Searchable documents** are visible documents that a visible live page uses (Wagtail's
  reference index says which) or that an editor listed in site search; other uploads stay out
  of search, so a document can be staged before the page that shows it goes live.
- **FAQ entries** are those of visible pages.

``request=None`` means an anonymous visitor who has passed nothing: what a search engine, a
feed reader or a shared cache may be given. A request without a session cookie has passed
nothing either, and is answered without touching its session, so that public pages stay the
same for every anonymous visitor.
"""

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.lookups import StartsWith
from wagtail.documents import get_document_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    ReferenceIndex,
)

_CACHE_ATTRIBUTE = "_andor_visibility"


def _may_have_passed(request):
    """Whether the request can have passed any restriction: it needs a session (a password
    given, or a login), so a request without a session cookie has passed none."""
    if request is None:
        return False
    return settings.SESSION_COOKIE_NAME in getattr(request, "COOKIES", {})


def _restrictions(request):
    """(blocked page paths, blocked collection paths, passed anything) for the request, read
    once per request."""
    cached = getattr(request, _CACHE_ATTRIBUTE, None) if request is not None else None
    if cached is not None:
        return cached
    page_restrictions = PageViewRestriction.objects.order_by("page__path")
    collection_restrictions = CollectionViewRestriction.objects.all()
    page_paths, collection_paths, passed = [], [], False
    if not _may_have_passed(request):
        # Nothing passed: every restriction blocks, and only its path is needed.
        page_paths = list(page_restrictions.values_list("page__path", flat=True))
        collection_paths = list(collection_restrictions.values_list("collection__path", flat=True))
    else:
        for restriction in page_restrictions.select_related("page"):
            if restriction.accept_request(request):
                passed = True
            else:
                page_paths.append(restriction.page.path)
        for restriction in collection_restrictions.select_related("collection"):
            if restriction.accept_request(request):
                passed = True
            else:
                collection_paths.append(restriction.collection.path)
    result = (page_paths, collection_paths, passed)
    if request is not None:
        setattr(request, _CACHE_ATTRIBUTE, result)
    return result


def is_shared_view(request):
    """True when the request sees what every anonymous visitor sees (it has passed no
    restriction), so that what it is shown may be cached and shared."""
    if not _may_have_passed(request):
        return True
    return not _restrictions(request)[2]


def forget(request):
    """Drop what was read for the request (after it passes a restriction mid-request)."""
    if request is not None and hasattr(request, _CACHE_ATTRIBUTE):
        delattr(request, _CACHE_ATTRIBUTE)


def _under_any(paths):
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(path__startswith=path)
    return condition


def visible_pages(request=None, queryset=None):
    """Live pages the request may see: ``queryset`` (default: all pages; a page model's
    ``objects`` or any page queryset) narrowed to them. A filter on ``live`` and ``path`` only,
    so it also works before ``.search()`` when a request is given (search passes one); without a
    request it is one subquery, for lists of pages read from the database."""
    if queryset is None:
        queryset = Page.objects.all()
    elif not hasattr(queryset, "query"):  # a manager
        queryset = queryset.all()
    queryset = queryset.live()
    if request is None:
        # Anonymous, with nothing passed: one subquery, no query of its own.
        restricted = PageViewRestriction.objects.filter(
            StartsWith(OuterRef("path"), F("page__path"))
        )
        return queryset.exclude(Exists(restricted))
    blocked = _restrictions(request)[0]
    return queryset.exclude(_under_any(blocked)) if blocked else queryset


def can_see_page(request, page):
    """Whether the request may see this one page."""
    if page is None or not page.live:
        return False
    blocked = _restrictions(request)[0]
    return not any(page.path.startswith(path) for path in blocked)


def visible_collection_ids(request=None):
    """Collections whose documents the request may open."""
    blocked = _restrictions(request)[1]
    collections = Collection.objects.all()
    if blocked:
        collections = collections.exclude(_under_any(blocked))
    return list(collections.values_list("pk", flat=True))


def open_to_everyone():
    """A condition on documents: no collection at or above theirs has a view restriction, so
    every anonymous visitor may open them. One subquery, for use in ``filter`` or
    ``annotate`` where a list is loaded anyway."""
    restricted = CollectionViewRestriction.objects.filter(
        StartsWith(OuterRef("collection__path"), F("collection__path"))
    )
    return ~Exists(restricted)


def may_open(request, documents):
    """A test of whether the request may open each of ``documents`` (already loaded): read
    from their ``open_to_everyone`` annotation when the request has passed nothing, else from
    the collections it may see."""
    if is_shared_view(request) and all(hasattr(d, "open_to_everyone") for d in documents):
        return lambda document: document.open_to_everyone
    allowed = set(visible_collection_ids(request))
    return lambda document: document.collection_id in allowed


def visible_documents(request=None, queryset=None):
    """Documents the request may open (their collection and its ancestors passed)."""
    if queryset is None:
        queryset = get_document_model().objects.all()
    blocked = _restrictions(request)[1]
    if not blocked:
        return queryset
    return queryset.filter(collection_id__in=visible_collection_ids(request))


def _used_by_visible_page(request):
    """Ids of the documents a page the request may see refers to (reference index).

    Read in two short steps, the references from pages to documents and then which of those
    pages are visible: one query joining the index to every visible page read each visible
    page for every document (seconds on SQLite with ten thousand pages)."""
    document_type = ReferenceIndex._get_base_content_type(get_document_model())
    references = ReferenceIndex.objects.filter(
        to_content_type_id=document_type.pk,
        base_content_type_id=ReferenceIndex._get_base_content_type(Page).pk,
    ).values_list("object_id", "to_object_id")
    by_page = {}
    for page_id, document_id in references:
        if page_id.isdigit() and document_id.isdigit():
            by_page.setdefault(int(page_id), set()).add(int(document_id))
    if not by_page:
        return set()
    shown = visible_pages(request).filter(pk__in=list(by_page)).values_list("pk", flat=True)
    return {document_id for page_id in shown for document_id in by_page[page_id]}


def searchable_document_ids(request=None):
    """Ids of the documents site search may show the request: visible ones that a visible
    live page uses, or that an editor listed in site search."""
    documents = visible_documents(request)
    condition = Q(pk__in=_used_by_visible_page(request)) | Q(list_in_search=True)
    return list(documents.filter(condition).values_list("pk", flat=True))


def searchable_documents(request=None):
    """The documents site search may show the request (see ``searchable_document_ids``).
    A filter on primary keys, so it also works before ``.search()``."""
    return get_document_model().objects.filter(pk__in=searchable_document_ids(request))


def visible_faq_entries(request=None):
    """FAQ entries of the pages the request may see."""
    from search.models import FAQEntry

    pages = visible_pages(request).filter(pk__in=FAQEntry.objects.values("page_id"))
    return FAQEntry.objects.filter(page_id__in=list(pages.values_list("pk", flat=True)))
