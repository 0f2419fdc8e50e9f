"""Visitors download whitepapers through Wagtail's serve view; private ones stay private."""

import datetime
import importlib.util
import threading
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import timezone
from wagtail.models import Collection, CollectionViewRestriction

import andor_site
from home import visibility
from resources.demo.pdf import build_pdf
from resources.documents import count_download
from resources.models import WhitepaperDocument
from resources.models.documents import DocumentDownload
from resources.tests.factories import WhitepaperDocumentFactory

PUBLIC_CACHE = f"public, max-age={django_settings.DOCUMENT_CACHE_MAX_AGE}"
SECRET_SENTENCE = "The margin on vernacular speech recognition is forty-one percent."


def body(response):
    # Reading it all closes the file (the test client then sends request_finished itself).
    return b"".join(response.streaming_content)


def downloads(document):
    return sum(DocumentDownload.objects.filter(document=document).values_list("count", flat=True))


@pytest.fixture
def public_document(db):
    return WhitepaperDocumentFactory(title="Public paper")


def private_collection(kind, name="Clients only"):
    collection = Collection.get_first_root_node().add_child(name=name)
    CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=kind,
        password="open-sesame" if kind == CollectionViewRestriction.PASSWORD else "",
    )
    return collection


def private_document(kind):
    document = WhitepaperDocument(title="Private paper", collection=private_collection(kind))
    document.file.save(
        "private-paper.pdf",
        ContentFile(build_pdf("Private paper", [f"quokkaflux. {SECRET_SENTENCE}"])),
        save=False,
    )
    document.save()
    return document


# --- Headers -----------------------------------------------------------------------------


def test_a_public_document_is_served_as_a_pdf_a_cdn_may_cache(client, public_document):
    response = client.get(public_document.url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{public_document.filename}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["Cache-Control"] == PUBLIC_CACHE
    assert response["ETag"] == f'"{public_document.file_hash}"'
    assert body(response).startswith(b"%PDF-")


def test_a_wrong_file_name_is_not_found(client, public_document):
    response = client.get(f"/documents/{public_document.pk}/another-name.pdf")

    assert response.status_code == 404


# --- Private collections ---------------------------------------------------------------


def test_a_password_protected_document_asks_an_anonymous_visitor_for_the_password(client, db):
    document = private_document(CollectionViewRestriction.PASSWORD)

    response = client.get(document.url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "password" in response.content.decode().lower()
    assert b"%PDF-" not in response.content
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert downloads(document) == 0


def test_the_right_password_opens_it_but_no_cache_keeps_it(client, db):
    document = private_document(CollectionViewRestriction.PASSWORD)
    restriction = CollectionViewRestriction.objects.get()

    client.post(
        reverse("wagtaildocs_authenticate_with_password", args=[restriction.pk]),
        {"password": "open-sesame", "return_url": document.url},
    )
    response = client.get(document.url)

    assert response.status_code == 200
    assert body(response).startswith(b"%PDF-")
    assert response["Cache-Control"] == "private, no-store"
    assert downloads(document) == 1


def test_a_login_protected_document_sends_an_anonymous_visitor_to_log_in(client, db):
    document = private_document(CollectionViewRestriction.LOGIN)

    response = client.get(document.url)

    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert response["Cache-Control"] == "private, no-store"


def test_a_logged_in_visitor_gets_a_login_protected_document_uncached(editor_client):
    document = private_document(CollectionViewRestriction.LOGIN)

    response = editor_client.get(document.url)

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    body(response)


def test_a_private_whitepapers_card_shows_only_once_its_password_is_given(client, demo_content):
    document = WhitepaperDocument.objects.order_by("pk").first()
    collection = private_collection(CollectionViewRestriction.PASSWORD)
    document.collection = collection
    document.save()

    page = client.get(demo_content.url).content.decode()
    response = client.get(document.url)

    assert f'href="{document.url}"' not in page
    assert page.count("Download PDF") == 3
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()

    restriction = CollectionViewRestriction.objects.get(collection=collection)
    client.post(
        reverse("wagtaildocs_authenticate_with_password", args=[restriction.pk]),
        {"password": "open-sesame", "return_url": document.url},
    )
    page = client.get(demo_content.url).content.decode()
    assert f'href="{document.url}"' in page
    assert client.get(document.url).status_code == 200


@pytest.fixture
def development_urls(settings):
    """The URLs as `manage.py runserver` has them (DEBUG on)."""
    settings.DEBUG = True
    spec = importlib.util.spec_from_file_location(
        "development_urls", Path(andor_site.__file__).parent / "urls.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def get_media(urls, path):
    match = resolve(path, urlconf=urls)
    try:
        response = match.func(RequestFactory().get(path), *match.args, **match.kwargs)
    except Http404:
        return 404, b""
    return response.status_code, b"".join(response.streaming_content)


@pytest.mark.parametrize(
    "path",
    [
        "/media/documents/private-paper.pdf",
        "/media/./documents/private-paper.pdf",
        "/media//documents/private-paper.pdf",
        "/media/images/../documents/private-paper.pdf",
        "/media/Documents/private-paper.pdf",
    ],
)
def test_in_development_the_media_url_never_serves_a_document(development_urls, settings, path):
    for folder, name in [("documents", "private-paper.pdf"), ("images", "photo.jpg")]:
        (Path(settings.MEDIA_ROOT) / folder).mkdir(exist_ok=True)
        (Path(settings.MEDIA_ROOT) / folder / name).write_bytes(b"the file " + name.encode())

    assert get_media(development_urls, "/media/images/photo.jpg") == (200, b"the file photo.jpg")
    assert get_media(development_urls, path) == (404, b"")


def test_search_does_not_reveal_a_private_documents_text(client, public_document):
    document = private_document(CollectionViewRestriction.PASSWORD)
    assert list(WhitepaperDocument.objects.search("quokkaflux")) == [document]

    assert list(visibility.visible_documents(None).search("quokkaflux")) == []
    assert public_document in visibility.visible_documents(None)
    response = client.get("/search/", {"q": "quokkaflux"})
    assert SECRET_SENTENCE not in response.content.decode()
    assert "Private paper" not in response.content.decode()


def test_a_subcollection_of_a_private_collection_is_private(db):
    parent = private_collection(CollectionViewRestriction.LOGIN, name="Partners")
    child = parent.add_child(name="Partner A")
    document = WhitepaperDocumentFactory(title="Nested", collection=child)

    assert document.is_private
    assert document not in visibility.visible_documents(None)
    assert document not in visibility.searchable_documents(None)


# --- Download statistics ---------------------------------------------------------------


def test_each_download_is_counted_once_without_personal_data(client, public_document):
    for _ in range(3):
        body(client.get(public_document.url, REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Bot"))

    row = DocumentDownload.objects.get()
    assert (row.document, row.date, row.count) == (public_document, timezone.localdate(), 3)
    stored = {f.name for f in DocumentDownload._meta.get_fields()}
    assert stored == {"id", "document", "date", "count"}


def test_a_not_modified_answer_is_not_a_download(client, public_document):
    first = client.get(public_document.url)
    body(first)

    by_etag = client.get(public_document.url, HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = client.get(public_document.url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert by_etag.status_code == 304
    assert by_date.status_code == 304
    assert by_etag["Cache-Control"] == PUBLIC_CACHE
    assert downloads(public_document) == 1


def test_a_head_request_is_not_a_download(client, public_document):
    response = client.head(public_document.url)

    assert response.status_code == 200
    assert body(response) == b""
    assert downloads(public_document) == 0


def test_downloads_on_different_days_get_their_own_rows(public_document):
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)

    DocumentDownload.record(public_document, date=yesterday)
    DocumentDownload.record(public_document, date=today)
    DocumentDownload.record(public_document, date=today)

    counts = dict(DocumentDownload.objects.values_list("date", "count"))
    assert counts == {yesterday: 1, today: 2}


@pytest.mark.postgres
def test_simultaneous_downloads_are_all_counted(db, in_own_connection):
    if connection.vendor != "postgresql":
        pytest.skip("Real concurrent writers need PostgreSQL; SQLite has one writer at a time.")
    document = in_own_connection(lambda: WhitepaperDocumentFactory(title="Popular"))
    threads, each = 20, 5
    start = threading.Barrier(threads)

    def download_repeatedly():
        start.wait()
        try:
            for _ in range(each):
                count_download(document)
        finally:
            connection.close()

    workers = [threading.Thread(target=download_repeatedly) for _ in range(threads)]
    try:
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        rows = in_own_connection(
            lambda: list(DocumentDownload.objects.filter(document=document).values("count"))
        )
    finally:
        in_own_connection(lambda: WhitepaperDocument.objects.filter(pk=document.pk).delete())

    assert rows == [{"count": threads * each}]
