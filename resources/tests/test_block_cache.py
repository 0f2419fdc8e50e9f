"""The Resources page's blocks come from the cache, and every change of content shows at once."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.template.defaultfilters import filesizeformat
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from resources.demo.pdf import build_pdf
from resources.models import Author, FieldNotePage, ResourcesPage, WhitepaperDocument

from .factories import FieldNotePageFactory

CSRF_INPUT = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)">')


@pytest.fixture
def resources(demo_content):
    cache.clear()
    return demo_content


def visit(client=None):
    response = (client or Client()).get("/resources/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_second_visit_reads_the_blocks_from_the_cache_and_sees_the_same_page(resources):
    client = Client()
    first = visit(client)
    with CaptureQueriesContext(connection) as queries:
        second = visit(client)

    assert len(queries) <= 7  # Wagtail's routing and privacy, and the content version
    assert second == first
    assert "Twelve questions we hear most often." in second
    assert second.count("Download PDF") == 4


def test_every_visitor_gets_the_same_page_and_a_newsletter_form_that_works(resources):
    first = Client().get("/resources/")
    second = Client().get("/resources/")
    html = second.content.decode()
    assert second.content == first.content
    assert "csrfmiddlewaretoken" not in html
    assert not second.cookies
    assert "Cookie" not in second.get("Vary", "")
    notice = re.search(r'name="notice" value="([^"]*)"', html).group(1)

    response = Client(enforce_csrf_checks=True).post(
        "/newsletter/subscribe/",
        {
            "email": "reader@example.com",
            "consent": "yes",
            "notice": notice,
            "source_page": str(resources.pk),
        },
        headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
    )

    assert response.status_code == 302


def a_listed_note(resources):
    """A note the Resources page shows."""
    html = visit()
    notes = FieldNotePage.objects.live().order_by("-date")
    return next(note for note in notes if f">{note.title}<" in html)


def test_a_visitor_who_passed_a_password_never_reads_nor_fills_the_shared_cache(resources):
    note = a_listed_note(resources)
    PageViewRestriction.objects.create(
        page=note, restriction_type=PageViewRestriction.PASSWORD, password="letmein"
    )
    anonymous = visit()
    assert f">{note.title}<" not in anonymous
    insider = Client()
    form = insider.get(note.url)
    token = CSRF_INPUT.search(form.content.decode()).group(1)
    insider.post(
        f"/_util/authenticate_with_password/{note.get_view_restrictions().first().pk}/{note.pk}/",
        {"csrfmiddlewaretoken": token, "password": "letmein", "return_url": note.url},
    )

    visit()  # the shared cache holds the page
    with CaptureQueriesContext(connection) as queries:
        inside = insider.get("/resources/")
    assert "no-store" in inside["Cache-Control"]
    assert renders_notes(queries)  # not read from the shared cache
    cache.clear()
    insider.get("/resources/")
    with CaptureQueriesContext(connection) as queries:
        assert f">{note.title}<" not in visit()
    assert renders_notes(queries)  # nor written to it


def renders_notes(queries):
    return any("resources_fieldnotepage" in q["sql"] for q in queries)


def test_a_signed_in_editor_never_reads_nor_fills_the_shared_cache(resources, editor_client):
    visit()  # the shared cache holds the page
    with CaptureQueriesContext(connection) as queries:
        response = editor_client.get("/resources/")
    assert "no-store" in response["Cache-Control"]
    assert renders_notes(queries)  # rendered afresh
    with CaptureQueriesContext(connection) as queries:
        visit()
    assert not renders_notes(queries)
    cache.clear()
    editor_client.get("/resources/")
    with CaptureQueriesContext(connection) as queries:
        visit()
    assert renders_notes(queries)  # the editor's visit filled nothing


def test_a_note_published_after_the_page_was_cached_shows_at_once(resources):
    visit()
    note = FieldNotePageFactory.build(
        title="Serving Indic OCR on one GPU", date=datetime.date(2030, 1, 1), live=False
    )
    resources.add_child(instance=note)
    assert "Serving Indic OCR on one GPU" not in visit()

    note.save_revision().publish()

    assert "Serving Indic OCR on one GPU" in visit()


def test_an_unpublished_note_leaves_the_page_at_once(resources):
    html = visit()
    note = FieldNotePage.objects.live().order_by("-date").first()
    assert note.title in html

    note.unpublish()

    assert f">{note.title}<" not in visit()


def test_a_renamed_author_shows_in_the_byline_at_once(resources):
    html = visit()
    author = Author.objects.filter(name__in=re.findall(r"[A-Z][a-z]+ [A-Z][a-z]+", html)).first()
    assert author is not None

    author.name = "Renamed Engineer"
    author.save()

    assert "Renamed Engineer" in visit()


def test_a_replaced_whitepaper_file_shows_its_new_size_at_once(resources):
    visit()
    document = WhitepaperDocument.objects.order_by("pk").first()
    pdf = build_pdf(document.title, ["A longer abstract. " * 400])
    document.file.save("replaced.pdf", ContentFile(pdf), save=False)
    document._set_document_file_metadata()
    document.save()

    assert f"PDF · {filesizeformat(len(pdf))}" in visit()


def test_a_preview_never_reads_nor_fills_the_visitors_cache(resources):
    visit()
    draft = ResourcesPage.objects.get(pk=resources.pk)
    blocks = list(draft.body.raw_data)
    faq = next(block for block in blocks if block["type"] == "faq_section")
    faq["value"]["heading"] = "A heading only the editor has seen"  # same block, same id
    draft.body = blocks

    preview = draft.make_preview_request()

    assert "A heading only the editor has seen" in preview.content.decode()
    html = visit()
    assert "A heading only the editor has seen" not in html
    assert "Twelve questions we hear most often." in html
