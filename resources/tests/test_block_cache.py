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

    # Site, page, content version, settings and the like; no query per block.
    assert len(queries) <= 7
    assert CSRF_INPUT.sub("", second) == CSRF_INPUT.sub("", first)
    assert "Twelve questions we hear most often." in second
    assert second.count("Download PDF") == 4


def test_every_visitor_gets_a_newsletter_form_that_works_with_their_own_token(resources):
    visit(Client())  # fills the cache
    visitor = Client(enforce_csrf_checks=True)
    html = visit(visitor)
    token = CSRF_INPUT.search(html).group(1)
    notice = re.search(r'name="notice" value="([^"]*)"', html).group(1)

    response = visitor.post(
        "/newsletter/subscribe/",
        {
            "csrfmiddlewaretoken": token,
            "email": "reader@example.com",
            "consent": "yes",
            "notice": notice,
            "source_page": str(resources.pk),
        },
    )

    assert response.status_code in (200, 302)
    stranger = Client(enforce_csrf_checks=True)
    refused = stranger.post(
        "/newsletter/subscribe/",
        {"csrfmiddlewaretoken": token, "email": "other@example.com", "consent": "yes"},
    )
    assert refused.status_code == 403


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
