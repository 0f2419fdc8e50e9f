"""Editors upload whitepaper PDFs in the admin; only real, readable PDFs are kept."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils.html import escape
from pypdf import PdfReader, PdfWriter
from wagtail.models import Collection

from resources import forms
from resources.demo.pdf import build_pdf
from resources.models import WhitepaperDocument, documents
from resources.tests.factories import WhitepaperDocumentFactory

PAPER_TEXT = "Speculative decoding halves the latency of distilled models on commodity GPUs."


def pdf_bytes(title="Inference Economics", text=PAPER_TEXT):
    return build_pdf(title, [text])


def upload(data, name="inference-economics.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def encrypted_pdf():
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(pdf_bytes())))
    writer.encrypt(user_password="", owner_password="owner-secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def stored_files():
    folder = Path(settings.MEDIA_ROOT) / "documents"
    return set(folder.iterdir()) if folder.exists() else set()


def single_upload(client, file, title="Inference Economics", **extra):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": title,
            "file": file,
            "collection": Collection.get_first_root_node().pk,
            "tags": "",
            "summary": extra.get("summary", ""),
        },
    )


def multiple_upload(client, file):
    return client.post(
        reverse("wagtaildocs:add_multiple"),
        {
            "files[]": file,
            "title": file.name,
            "collection": Collection.get_first_root_node().pk,
        },
    )


# --- Valid uploads ---------------------------------------------------------------------


def test_single_upload_keeps_the_pdf_and_reads_pages_title_size_and_text(editor_client):
    data = pdf_bytes()

    response = single_upload(editor_client, upload(data), summary="Why latency costs money.")

    assert response.status_code == 302
    document = WhitepaperDocument.objects.get()
    assert document.title == "Inference Economics"
    assert document.summary == "Why latency costs money."
    assert document.page_count == 1
    assert document.pdf_title == "Inference Economics"
    assert document.file_size == len(data)
    assert len(document.file_hash) == 40
    assert "halves the latency of distilled models" in document.extracted_text
    listing = editor_client.get(response["Location"])
    assert "Document &#x27;Inference Economics&#x27; added." in listing.content.decode()


def test_multiple_upload_keeps_the_pdf_and_reads_its_text(editor_client):
    response = multiple_upload(editor_client, upload(pdf_bytes()))

    body = response.json()
    assert body["success"] is True
    document = WhitepaperDocument.objects.get(pk=body["doc_id"])
    assert document.page_count == 1
    assert document.pdf_title == "Inference Economics"
    assert "Speculative decoding" in document.extracted_text


def test_the_edit_page_says_what_was_read_from_the_file(editor_client):
    single_upload(editor_client, upload(pdf_bytes()))
    document = WhitepaperDocument.objects.get()

    response = editor_client.get(reverse("wagtaildocs:edit", args=[document.pk]))

    content = response.content.decode()
    assert "1 page, titled “Inference Economics” in the PDF." in content
    assert f"{len(document.extracted_text)} characters of text, which site search looks in." in (
        content
    )


def test_the_upload_form_tells_editors_pdf_only_and_the_size_limit(editor_client):
    response = editor_client.get(reverse("wagtaildocs:add"))

    content = response.content.decode()
    assert "PDF only." in content
    assert "Maximum filesize: 25.0\xa0MB." in content or "Maximum filesize: 25.0 MB." in content


def test_the_kept_text_stops_at_the_limit_but_the_pages_are_all_counted(db, monkeypatch):
    monkeypatch.setattr(documents, "MAX_EXTRACTED_CHARS", 120)
    writer = PdfWriter()
    for page in range(3):
        writer.append(PdfReader(io.BytesIO(pdf_bytes(f"Part {page}", PAPER_TEXT))))
    out = io.BytesIO()
    writer.write(out)

    document = WhitepaperDocumentFactory(file=upload(out.getvalue()))

    assert document.page_count == 3
    assert len(document.extracted_text) == 120
    assert document.extracted_text.startswith("Part 0")


def test_the_extracted_text_finds_the_whitepaper_in_search(db):
    document = WhitepaperDocumentFactory(title="Paper")
    document.extracted_text += " quokkaflux"
    document.save()

    assert list(WhitepaperDocument.objects.search("quokkaflux")) == [document]


def test_demo_whitepapers_have_their_pages_title_and_text(demo_content):
    documents = WhitepaperDocument.objects.all()

    assert documents.count() == 4
    for document in documents:
        assert document.page_count == 1
        assert document.pdf_title
        assert document.extracted_text


# --- Refused uploads -------------------------------------------------------------------

BAD_FILES = {
    "html renamed": (b"<!doctype html><script>alert(1)</script>", forms.NOT_A_PDF),
    "svg renamed": (
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        forms.NOT_A_PDF,
    ),
    "executable renamed": (b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200), forms.NOT_A_PDF),
    "corrupt pdf": (pdf_bytes()[:400], forms.UNREADABLE_PDF),
    "pdf header only": (b"%PDF-1.7\n%%EOF\n", forms.UNREADABLE_PDF),
}


@pytest.fixture(params=sorted(BAD_FILES))
def bad_file(request):
    return BAD_FILES[request.param]


def test_single_upload_refuses_a_file_that_is_no_pdf(editor_client, bad_file):
    data, message = bad_file
    before = stored_files()

    response = single_upload(editor_client, upload(data))

    assert response.status_code == 200
    assert escape(message) in response.content.decode()
    assert not WhitepaperDocument.objects.exists()
    assert stored_files() == before


def test_multiple_upload_refuses_a_file_that_is_no_pdf(editor_client, bad_file):
    data, message = bad_file
    before = stored_files()

    response = multiple_upload(editor_client, upload(data))

    assert response.status_code == 200
    assert response.json() == {"success": False, "error_message": message}
    assert not WhitepaperDocument.objects.exists()
    assert stored_files() == before


def test_the_choosers_upload_refuses_a_file_that_is_no_pdf(editor_client, bad_file):
    data, message = bad_file

    response = editor_client.post(
        reverse("wagtaildocs_chooser:create"),
        {
            "document-chooser-upload-title": "Paper",
            "document-chooser-upload-file": upload(data),
            "document-chooser-upload-collection": Collection.get_first_root_node().pk,
        },
    )

    assert response.status_code == 200
    assert escape(message) in response.json()["htmlFragment"]
    assert not WhitepaperDocument.objects.exists()


@pytest.mark.parametrize("path", ["single", "multiple"])
def test_an_encrypted_pdf_is_refused(editor_client, path):
    send = single_upload if path == "single" else multiple_upload

    response = send(editor_client, upload(encrypted_pdf()))

    assert escape(forms.ENCRYPTED_PDF) in response.content.decode() or (
        response.json()["error_message"] == forms.ENCRYPTED_PDF
    )
    assert not WhitepaperDocument.objects.exists()


@override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=1024)
@pytest.mark.parametrize("path", ["single", "multiple"])
def test_a_file_over_the_size_limit_is_refused(editor_client, path):
    data = pdf_bytes(text=PAPER_TEXT * 20)
    assert len(data) > 1024
    before = stored_files()

    if path == "single":
        content = single_upload(editor_client, upload(data)).content.decode()
    else:
        content = multiple_upload(editor_client, upload(data)).json()["error_message"]

    assert "This file is too big" in content
    assert "Maximum filesize 1.0" in content
    assert not WhitepaperDocument.objects.exists()
    assert stored_files() == before


def test_the_size_limit_defaults_to_25_mb():
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 25 * 1024 * 1024


def test_a_pdf_named_otherwise_is_refused_by_its_extension(editor_client):
    response = single_upload(editor_client, upload(pdf_bytes(), name="paper.html"))

    assert "File extension “html” is not allowed" in response.content.decode()
    assert not WhitepaperDocument.objects.exists()


# --- Duplicates and replacing the file -------------------------------------------------


def test_uploading_an_identical_file_warns_the_editor(editor_client):
    first = WhitepaperDocumentFactory(title="The original")
    with first.open_file() as f:
        data = f.read()

    response = single_upload(editor_client, upload(data, name="copy.pdf"), title="The copy")

    assert response.status_code == 302
    assert WhitepaperDocument.objects.count() == 2
    listing = editor_client.get(response["Location"]).content.decode()
    assert "The file of “The copy” is identical to “The original” (uploaded" in listing


def test_the_multiple_uploader_shows_the_identical_document(editor_client):
    original = WhitepaperDocumentFactory(title="The original")
    with original.open_file() as f:
        data = f.read()

    response = multiple_upload(editor_client, upload(data, name="copy.pdf"))

    body = response.json()
    assert body["success"] is True
    assert "This file is identical to:" in body["form"]
    assert "The original" in body["form"]


def test_the_edit_page_names_the_document_with_the_same_file(editor_client):
    original = WhitepaperDocumentFactory(title="The original")
    with original.open_file() as f:
        data = f.read()
    single_upload(editor_client, upload(data, name="copy.pdf"), title="The copy")
    copy = WhitepaperDocument.objects.get(title="The copy")

    response = editor_client.get(reverse("wagtaildocs:edit", args=[copy.pk]))

    content = response.content.decode()
    assert "This file is identical to:" in content
    assert reverse("wagtaildocs:edit", args=[original.pk]) in content


def test_replacing_the_file_keeps_the_public_url_and_reads_the_new_file(editor_client, client):
    single_upload(editor_client, upload(pdf_bytes(), name="inference-economics.pdf"))
    document = WhitepaperDocument.objects.get()
    url = document.url
    files_before = stored_files()
    new_data = pdf_bytes("Inference Economics, 2nd edition", "Batching beats caching.")

    response = editor_client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {
            "title": "Inference Economics",
            "file": upload(new_data, name="inference-economics-v2.pdf"),
            "collection": document.collection_id,
            "tags": "",
            "summary": "",
        },
    )

    assert response.status_code == 302
    document.refresh_from_db()
    assert document.url == url
    assert document.pdf_title == "Inference Economics, 2nd edition"
    assert "Batching beats caching." in document.extracted_text
    assert "Speculative decoding" not in document.extracted_text
    served = client.get(url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == new_data
    assert stored_files() == files_before  # the new file took the old one's place


def test_editing_without_a_new_file_keeps_the_text(editor_client):
    document = WhitepaperDocumentFactory(title="Paper")

    editor_client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {
            "title": "Paper, renamed",
            "collection": document.collection_id,
            "tags": "",
            "summary": "A new summary.",
        },
    )

    document.refresh_from_db()
    assert document.title == "Paper, renamed"
    assert document.summary == "A new summary."
    assert "quantization and distillation" in document.extracted_text
