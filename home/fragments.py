"""The one content version that cached fragments are keyed on, and who may use the cache.

Templates cache their fragments with Wagtail's own tags (``{% wagtailpagecache %}`` for a page's
content, ``{% wagtailcache %}`` for the header and footer), each keyed on ``content_version``
and stored in the cache named by ``fragment_cache`` (both given to every template by
``context_processor``)::

    {% wagtailpagecache 86400 "resources-body" content_version using=fragment_cache %}

A fragment's HTML depends on more than its page: a field-notes section lists other pages, a
whitepaper card shows its document's size, a link shows its page's address, and shared wording
comes from the site settings. So the version is renewed whenever any of that may have changed:
a page published, unpublished, moved or deleted (never a draft saved); a document, image,
collection, privacy setting, site setting or one of the snippets a page shows saved or deleted.
It is a row in the database (``home.ContentVersion``), renewed in the same transaction as the
change, so a change made while the cache is unreachable still takes effect once it is back.

Only what every anonymous visitor sees is shared: a request that has passed a view restriction,
or that comes from a signed-in editor, gets ``fragment_cache = "uncached"`` (a cache that keeps
nothing), so it neither reads nor fills the shared cache. Wagtail's tags skip previews.
"""

from django.conf import settings
from django.db.models.signals import post_delete, post_save
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

# The cache alias that keeps nothing (settings.CACHES): what a per-visitor view caches in.
UNCACHED = "uncached"
SHARED = "default"

# Saving or deleting one of these may change what a published page shows. Pages themselves
# count when published, unpublished, moved or deleted, never for a draft.
_watched = [Site, Collection, CollectionViewRestriction, PageViewRestriction]


def watch(*models):
    """Renew the content version whenever one of ``models`` is saved or deleted."""
    _watched.extend(models)


def watched_models():
    return tuple(_watched)


def _read(request):
    if request is not None and hasattr(request, "_andor_content_version"):
        return request._andor_content_version
    row = ContentVersion.read()
    if request is not None:
        request._andor_content_version = row
    return row


def content_version(request=None):
    """The current content version, read from the database once per request."""
    return _read(request)[0]


def last_changed(request=None):
    """When published content last changed (read with the version, once per request)."""
    return _read(request)[1]


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


def is_signed_in(request):
    """Whether a user is signed in, answered without touching the session when the request
    carries no session cookie (so an anonymous answer stays free of ``Vary: Cookie``)."""
    if request is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def is_shared(request):
    """Whether the request sees exactly what every anonymous visitor sees: no restriction
    passed and nobody signed in. Only such a request reads or fills the shared fragment cache,
    and only its answer may be kept by a shared front (``home.http_cache``)."""
    if request is None or getattr(request, "is_preview", False):
        return False
    return visibility.is_shared_view(request) and not is_signed_in(request)


def context_processor(request):
    """``content_version`` and ``fragment_cache`` for the fragment cache tags. Both are
    functions, which templates call when they use them, so a template that caches nothing reads
    nothing."""
    return {
        "content_version": lambda: content_version(request),
        "fragment_cache": lambda: SHARED if is_shared(request) else UNCACHED,
    }
