"""Serving documents to visitors: Wagtail's serve view, caching headers and download counts.

Every download goes through ``wagtail.documents.views.serve.serve`` (collection privacy, the
``before_serve_document`` hooks, ``nosniff`` and a ``default-src 'none'`` CSP). Around it:

* public documents may be cached by browsers and CDNs for ``DOCUMENT_CACHE_MAX_AGE`` seconds;
  documents of a collection with view restrictions, and every answer that is not a document
  (a password form, a redirect to log in, a 404), are never stored by a cache;
* Wagtail's ``document_served`` signal marks the request with the document it let through, and
  a download is counted once the response is known to carry the file (status 200): a
  conditional request answered 304 Not Modified, or a HEAD request, is not a download.
"""

import logging
import posixpath

from django.conf import settings
from django.db import DatabaseError, transaction
from django.dispatch import receiver
from django.http import Http404
from django.utils.cache import patch_cache_control
from django.views import static
from wagtail.documents.models import document_served
from wagtail.documents.views.serve import serve

from resources.models.documents import DocumentDownload

logger = logging.getLogger(__name__)

NEVER_STORE = "private, no-store"


@receiver(document_served, dispatch_uid="resources.mark_served_document")
def mark_served_document(sender, instance, request, **kwargs):
    """Wagtail has checked the document's privacy and is about to send it: remember which."""
    request.served_document = instance


def serve_document(request, document_id, document_filename):
    request.served_document = None
    response = serve(request, document_id, document_filename)
    if response.get("Content-Encoding") == "None":
        # Wagtail's sendfile writes the guessed encoding even when there is none.
        del response["Content-Encoding"]
    document = request.served_document

    if document is None:
        # Not the file: a password form, a redirect to log in, or not found.
        if "Cache-Control" not in response:
            response["Cache-Control"] = NEVER_STORE
        return response

    if document.is_private:
        response["Cache-Control"] = NEVER_STORE
    else:
        patch_cache_control(response, public=True, max_age=settings.DOCUMENT_CACHE_MAX_AGE)

    if response.status_code == 200 and request.method == "GET":
        count_download(document)
    return response


def count_download(document):
    """Add one to today's downloads of the document; a failure never stops the download."""
    try:
        with transaction.atomic():
            DocumentDownload.record(document)
    except DatabaseError:
        logger.exception("Could not count a download of document %s", document.pk)


def serve_media(request, path):
    """Development only: files from MEDIA_ROOT, except documents, however the path is spelled.

    ``/media/./documents/…``, ``/media//documents/…`` and ``/media/images/../documents/…`` all
    name a document's file: they are refused like ``/media/documents/…``.
    """
    normalized = posixpath.normpath(path).lstrip("/")
    if normalized.split("/")[0].lower() == "documents":
        raise Http404("Documents are served at /documents/<id>/<file name>.")
    return static.serve(request, normalized, document_root=settings.MEDIA_ROOT)
