"""Purge the caching front (Varnish, a CDN) of every page a change shows on.

Wagtail's ``wagtail.contrib.frontend_cache`` purges a page itself when it is published or
unpublished. A page is also shown elsewhere: the Resources page lists a note, its sibling
notes link it as related or next/previous, a call to action links it, the sitemap lists it; a
document is shown by the pages whose cards choose it; an author by the bylines of notes; the
site settings by every page. So on each change that ``home.fragments`` counts as a change of
published content, the pages that show it are purged too:

- a page published, unpublished, moved or deleted, or its view restriction changed: the page
  (its old and new address, and those of its descendants when it moved or became private), its
  parent and the parent's other children (listings, related notes, the pager), every page whose
  content refers to it (Wagtail's reference index), the sitemap and the field-note feeds;
- a document, image or snippet saved or deleted: every page that refers to it (reference
  index), each with the pages that show that page as above;
- site settings, sites, collections and their privacy: every live page.

The purge is sent once the change is committed, so the front can never fetch the old content
again after being purged. Nothing is computed when no front is configured
(``WAGTAILFRONTENDCACHE``, see README.md "Caching front").
"""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.urls import reverse
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    ReferenceIndex,
    Site,
)
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import fragments

logger = logging.getLogger(__name__)

SITEMAP_PATH = "/sitemap.xml"
# Listings of published pages outside the page tree: purged with the sitemap on every change.
LISTING_URL_NAMES = ("field_notes_rss", "field_notes_atom")

# Changes that may show on every page.
_EVERYWHERE = (Site, Collection, CollectionViewRestriction)


def enabled():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def referring_pages(obj):
    """Live pages whose content refers to ``obj`` (Wagtail's reference index)."""
    page_type = ReferenceIndex._get_base_content_type(Page)
    ids = (
        ReferenceIndex.get_references_to(obj)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    )
    return list(Page.objects.live().filter(pk__in=[int(i) for i in ids if str(i).isdigit()]))


def showing(page):
    """The live pages that show ``page``: its parent, the parent's children, the pages that
    refer to it, and the page itself while it is live."""
    pages = {page.pk: page} if page.live else {}
    parent = page.get_parent()
    if parent is not None and parent.depth > 1:
        if parent.live:
            pages[parent.pk] = parent
        for sibling in parent.get_children().live():
            pages.setdefault(sibling.pk, sibling)
    for referrer in referring_pages(page):
        pages.setdefault(referrer.pk, referrer)
    return pages.values()


class _Purge:
    """URLs gathered during one transaction, purged once it commits."""

    def __init__(self):
        self.batch = PurgeBatch()
        self.sites = set()

    def add_page(self, page, *, itself=True):
        """Queue ``page``'s address (even when it is no longer live), the sitemap and feeds."""
        if itself:
            self.batch.add_page(page)
        site = page.get_site()
        if site is not None:
            self.sites.add(site.root_url)

    def add_pages(self, pages):
        for page in pages:
            self.add_page(page)

    def run(self):
        listings = [SITEMAP_PATH, *(reverse(name) for name in LISTING_URL_NAMES)]
        for root_url in self.sites:
            self.batch.add_urls(root_url + path for path in listings)
        self.batch.purge()


def _purge(collect):
    """Run ``collect(purge)`` now (while the changed rows can still be read) and purge what it
    queued once the transaction commits."""
    if not enabled():
        return
    purge = _Purge()
    try:
        collect(purge)
    except Exception:
        # A page without a site (being deleted with it) has no address to purge; a change
        # is never refused because of the front.
        logger.warning("Could not work out what to purge from the front.", exc_info=True)
    transaction.on_commit(purge.run)


def _page_changed(instance, **kwargs):
    page = instance

    def collect(purge):
        purge.add_page(page)
        purge.add_pages(showing(page))

    _purge(collect)


def _old_url(url_path):
    """The address a page had at ``url_path`` (a tree path), or None."""
    for root in Site.get_site_root_paths():
        if url_path.startswith(root.root_path):
            return root.root_url + "/" + url_path[len(root.root_path) :]
    return None


def _page_moved(instance, url_path_before=None, url_path_after=None, **kwargs):
    page = instance

    def collect(purge):
        if url_path_before and url_path_after and url_path_before != url_path_after:
            # The old addresses of the page and of everything under it, then the new ones.
            for moved in [page, *page.get_descendants()]:
                old = _old_url(url_path_before + moved.url_path[len(url_path_after) :])
                if old is not None:
                    purge.batch.add_url(old)
            purge.add_pages(page.get_descendants().live())
        purge.add_page(page)
        purge.add_pages(showing(page))

    _purge(collect)


def _page_deleted(sender, instance, **kwargs):
    # Sent for the page's own model and for Page (multi-table inheritance): act once.
    if sender is Page and instance.live:
        _page_changed(instance)


def _restriction_changed(sender, instance, **kwargs):
    def collect(purge):
        try:
            page = instance.page
        except Page.DoesNotExist:
            return
        purge.add_pages([page, *page.get_descendants()])
        purge.add_pages(showing(page))

    _purge(collect)


def _object_changed(sender, instance, **kwargs):
    if isinstance(instance, (Page, PageViewRestriction)):
        return
    if not isinstance(instance, fragments.watched_models()):
        return

    def collect(purge):
        if isinstance(instance, _EVERYWHERE) or _shows_everywhere(instance):
            purge.add_pages(Page.objects.live().filter(depth__gt=1))
            return
        for page in referring_pages(instance):
            purge.add_pages(showing(page))

    _purge(collect)


def _shows_everywhere(instance):
    from .models import SiteSettings

    return isinstance(instance, SiteSettings)


page_published.connect(_page_changed, dispatch_uid="home.purge.published")
page_unpublished.connect(_page_changed, dispatch_uid="home.purge.unpublished")
post_page_move.connect(_page_moved, dispatch_uid="home.purge.moved")
pre_delete.connect(_page_deleted, dispatch_uid="home.purge.deleted")
post_save.connect(_restriction_changed, sender=PageViewRestriction, dispatch_uid="home.purge.r1")
post_delete.connect(_restriction_changed, sender=PageViewRestriction, dispatch_uid="home.purge.r2")
post_save.connect(_object_changed, dispatch_uid="home.purge.saved")
post_delete.connect(_object_changed, dispatch_uid="home.purge.deleted_object")
