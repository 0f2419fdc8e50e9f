"""Editors see downloads per whitepaper per day or month, filter them by date and export them."""

import datetime

import pytest
from django.urls import reverse

from resources.models.documents import DocumentDownload
from resources.tests.factories import WhitepaperDocumentFactory

REPORT = "resources_document_downloads"


@pytest.fixture
def downloads(db):
    vlm = WhitepaperDocumentFactory(title="VLMs in 2026")
    ocr = WhitepaperDocumentFactory(title="=HYPERLINK(evil) Indic OCR")
    for document, date, count in [
        (vlm, datetime.date(2026, 10, 30), 4),
        (vlm, datetime.date(2026, 11, 2), 7),
        (vlm, datetime.date(2026, 11, 3), 1),
        (ocr, datetime.date(2026, 11, 3), 5),
    ]:
        DocumentDownload.objects.create(document=document, date=date, count=count)
    return vlm, ocr


def response_text(response):
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return [line for line in content.splitlines() if line]


def test_the_report_lists_downloads_per_document_per_day(editor_client, downloads):
    response = editor_client.get(reverse(REPORT))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Document downloads" in content
    assert "VLMs in 2026" in content
    assert "3 November 2026" in content
    assert "30 October 2026" in content
    assert "Download CSV" in content
    assert "Downloads per:" not in content  # per day is the default, not a filter to remove
    table = response.context["object_list"]
    assert [(r["period"], r["document_title"], r["downloads"]) for r in table] == [
        ("2026-11-03", "=HYPERLINK(evil) Indic OCR", 5),
        ("2026-11-03", "VLMs in 2026", 1),
        ("2026-11-02", "VLMs in 2026", 7),
        ("2026-10-30", "VLMs in 2026", 4),
    ]


def test_the_report_sums_downloads_per_month_and_filters_by_date(editor_client, downloads):
    response = editor_client.get(
        reverse(REPORT), {"period": "month", "date_from": "2026-11-01", "date_to": "2026-11-30"}
    )

    table = response.context["object_list"]
    assert [(r["period"], r["document_title"], r["downloads"]) for r in table] == [
        ("2026-11", "=HYPERLINK(evil) Indic OCR", 5),
        ("2026-11", "VLMs in 2026", 8),
    ]
    assert "November 2026" in response.content.decode()
    assert "Downloads per:" in response.content.decode()


def test_the_report_exports_csv(editor_client, downloads):
    response = editor_client.get(reverse(REPORT), {"period": "month", "export": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="document-downloads.csv"' in response["Content-Disposition"]
    assert response_text(response) == [
        "Period,Document,Downloads",
        "2026-11,'=HYPERLINK(evil) Indic OCR,5",
        "2026-11,VLMs in 2026,8",
        "2026-10,VLMs in 2026,4",
    ]


def test_the_report_is_in_the_reports_menu(editor_client, downloads):
    response = editor_client.get(reverse("wagtailadmin_home"))

    assert reverse(REPORT) in response.content.decode()


def test_the_report_is_for_editors_only(client, downloads):
    response = client.get(reverse(REPORT))

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_document_listing_shows_total_downloads(editor_client, downloads):
    response = editor_client.get(reverse("wagtaildocs:index"))

    content = response.content.decode()
    assert "Downloads" in content
    totals = {doc.title: doc.downloads_total for doc in response.context["object_list"]}
    assert totals == {"VLMs in 2026": 12, "=HYPERLINK(evil) Indic OCR": 5}
