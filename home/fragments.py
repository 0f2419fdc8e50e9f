"""Rendered StreamField blocks of published pages, cached until the content they show changes.

A block's HTML depends on more than its own value: a field-notes section lists other pages, a
whitepaper card shows its document's size, a link shows its page's address, and shared wording
comes from the site settings. So every cached block is keyed on one content version, renewed
whenever any of that may have changed: a page published, unpublished, moved or deleted (never
a draft saved); a document, image, collection, privacy setting, site setting or one of the
snippets a page shows saved or deleted. The version is a row in the database
(``home.ContentVersion``), renewed in the same transaction as the change, so a change made while
the cache is unreachable still takes effect once it is back. Only what every anonymous visitor
sees is cached: a request that has passed a view restriction renders afresh. Blocks that show
something of the visitor's own (a form with its CSRF token) set ``cache_rendering = False``
and are rendered every time, and nothing is cached for a preview.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils.safestring import mark_safe
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    Site,
)
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import visibility
from .models import ContentVersion

BLOCK_KEY = "andor:block:{version}:{site}:{page}:{revision}:{block}"
# A safety net only: a change of content renews the version at once.
BLOCK_SECONDS = 60 * 60 * 24

# Saving or deleting one of these may change what a published page shows. Pages themselves
# count when published, unpublished, moved or deleted, never for a draft.
_watched = [Site, Collection, CollectionViewRestriction, PageViewRestriction]


def watch(*models):
    """Renew the content version whenever one of ``models`` is saved or deleted."""
    _watched.extend(models)


def content_version(request=None):
    """The current content version, read from the database once per request."""
    if request is not None and hasattr(request, "_andor_content_version"):
        return request._andor_content_version
    version = ContentVersion.current()
    if request is not None:
        request._andor_content_version = version
    return version


def renew_content_version(**kwargs):
    ContentVersion.renew()


def _changed(sender, instance, **kwargs):
    if isinstance(instance, tuple(_watched)) or (
        isinstance(instance, Page) and kwargs.get("signal") is post_delete
    ):
        renew_content_version()


post_save.connect(_changed, dispatch_uid="home.fragments.saved")
post_delete.connect(_changed, dispatch_uid="home.fragments.deleted")
page_published.connect(renew_content_version, dispatch_uid="home.fragments.published")
page_unpublished.connect(renew_content_version, dispatch_uid="home.fragments.unpublished")
post_page_move.connect(renew_content_version, dispatch_uid="home.fragments.moved")


def connect_swappable_models():
    """Watch the document and image models, which settings may swap: called once the apps
    are ready."""
    watch(get_document_model(), get_image_model())


def _site_key(context, page):
    """The site's key when the blocks may come from the cache, or None: only for a page served
    live (``Page.serve`` marks the request as no preview; a preview's page holds a draft)."""
    request = context.get("request")
    if request is None or page is None or getattr(request, "is_preview", True) or not page.live:
        return None
    if not visibility.is_shared_view(request):
        # It may show what only this visitor may see: never cached, never read from the cache.
        return None
    site = Site.find_for_request(request)
    return site.pk if site is not None else 0


def render_stream(context, stream, page):
    """The blocks of ``stream`` (a StreamField of ``page``) as HTML, as ``include_block``
    renders them, each read from the cache when it can be."""
    raw = list(stream.raw_data)
    site = _site_key(context, page)
    keys = {}
    if site is not None:
        version = content_version(context.get("request"))
        for index, item in enumerate(raw):
            block = stream.stream_block.child_blocks.get(item.get("type"))
            if item.get("id") and getattr(block, "cache_rendering", True):
                keys[index] = BLOCK_KEY.format(
                    version=version,
                    site=site,
                    page=page.pk,
                    revision=page.live_revision_id,
                    block=item["id"],
                )
    cached = cache.get_many(list(keys.values())) if keys else {}
    flat = None
    parts, missed = [], {}
    for index in range(len(raw)):
        key = keys.get(index)
        if key in cached:
            parts.append(cached[key])
            continue
        if flat is None:
            flat = context.flatten()
        html = str(stream[index].render_as_block(context=flat))
        if key is not None:
            missed[key] = html
        parts.append(html)
    if missed:
        cache.set_many(missed, BLOCK_SECONDS)
    return mark_safe("".join(parts))  # noqa: S308 (each block's template escapes its content)
