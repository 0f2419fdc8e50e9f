"""Uploaded PDFs that would act (scripts, automatic actions, attachments) or double as web pages
are refused; a PDF whose text takes too long to read is kept without its text."""

import io
import zlib

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    EncodedStreamObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from resources.models import WhitepaperDocument
from resources.pdf_reader import PdfReadFailed, PdfReadTimeout, read_pdf

from .test_documents_upload import multiple_upload, pdf_bytes, single_upload, stored_files, upload


def rewritten(change):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def with_javascript():
    def change(writer):
        action = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("app.alert('hi');"),
            }
        )
        writer._root_object[NameObject("/OpenAction")] = action

    return rewritten(change)


def with_attachment():
    return rewritten(lambda writer: writer.add_attachment("payload.exe", b"MZ..."))


def _open_action(kind):
    def change(writer):
        action = DictionaryObject(
            {NameObject("/S"): NameObject(kind), NameObject("/F"): TextStringObject("calc.exe")}
        )
        writer._root_object[NameObject("/OpenAction")] = action

    return change


def _page_action(writer):
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject("http://x")}
    )
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): action})


def _open_at_first_page(writer):
    destination = ArrayObject([writer.pages[0].indirect_reference, NameObject("/Fit")])
    writer._root_object[NameObject("/OpenAction")] = destination


ACTIVE = {
    "javascript": (with_javascript, "JavaScript"),
    "attachment": (with_attachment, "embedded files"),
    "launch": (lambda: rewritten(_open_action("/Launch")), "launches a program"),
    "page action": (lambda: rewritten(_page_action), "actions that run by themselves"),
    "hex-escaped name": (
        lambda: with_javascript().replace(b"/JS ", b"/J#53 ").replace(b"/JS(", b"/J#53("),
        "JavaScript",
    ),
}


@pytest.mark.parametrize("kind", ACTIVE)
def test_a_pdf_that_acts_is_refused_with_a_message(editor_client, kind):
    make, what = ACTIVE[kind]
    data = make()
    before = stored_files()  # files other tests left in the shared media folder
    response = single_upload(editor_client, upload(data))
    assert response.status_code == 200
    html = response.content.decode()
    assert "which a document on this site may not" in html
    assert what in html
    assert not WhitepaperDocument.objects.exists()
    assert stored_files() == before


def test_the_multiple_uploader_refuses_them_too(editor_client):
    response = multiple_upload(editor_client, upload(with_javascript()))
    assert "JavaScript" in response.content.decode()
    assert not WhitepaperDocument.objects.exists()


POLYGLOTS = {
    "html after the end": lambda: pdf_bytes() + b"\n<html><body><script>alert(1)</script>",
    "html in a comment at the top": lambda: pdf_bytes().replace(
        b"\n", b"\n%<!DOCTYPE html><html><script>alert(1)</script>\n", 1
    ),
    "javascript url": lambda: pdf_bytes() + b"\n% <a href='javascript:alert(1)'>",
}


@pytest.mark.parametrize("kind", POLYGLOTS)
def test_a_pdf_html_polyglot_is_refused(editor_client, kind):
    response = single_upload(editor_client, upload(POLYGLOTS[kind]()))
    assert "web-page markup (HTML or script)" in response.content.decode()
    assert not WhitepaperDocument.objects.exists()


def test_a_pdf_that_opens_at_its_first_page_is_fine(editor_client):
    response = single_upload(editor_client, upload(rewritten(_open_at_first_page)))
    assert response.status_code == 302
    assert WhitepaperDocument.objects.get().page_count == 1


def slow_pdf(pages=60, operations=60_000, stream=None):
    """A small file whose pages share one long content stream: slow to turn into text."""
    writer = PdfWriter()
    if stream is None:
        content = b"BT /F1 9 Tf 10 10 Td " + b"(word) Tj 1 0 Td " * operations + b"ET"
        stream = DecodedStreamObject()
        stream.set_data(content)
        stream = stream.flate_encode()
    reference = writer._add_object(stream)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    for _ in range(pages):
        page = writer.add_blank_page(width=NumberObject(595), height=NumberObject(842))
        page[NameObject("/Contents")] = reference
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_reading_stops_at_the_time_limit():
    data = slow_pdf()
    assert len(data) < 200_000
    with pytest.raises(PdfReadTimeout):
        read_pdf(data, with_text=True, seconds=1)
    # Without its text it is read at once.
    assert read_pdf(data, with_text=False, seconds=5)["page_count"] == 60


def test_a_pdf_too_slow_to_read_is_kept_without_its_text_and_the_editor_is_told(
    editor_client, settings
):
    settings.PDF_READ_SECONDS = 1
    response = single_upload(editor_client, upload(slow_pdf()), title="Slow")
    assert response.status_code == 302
    document = WhitepaperDocument.objects.get()
    assert document.text_not_read
    assert document.page_count == 60
    assert document.extracted_text == ""
    edit = editor_client.get(f"/admin/documents/edit/{document.pk}/").content.decode()
    assert "Its text was not read: reading it took longer than the site allows" in edit


def test_memory_is_bounded_too():
    """A content stream of 40 kB that inflates to 400 MB: the child runs out of its memory,
    not the web process."""
    bomb = EncodedStreamObject()
    bomb._data = zlib.compress(b" " * 400_000_000, 9)
    bomb[NameObject("/Filter")] = NameObject("/FlateDecode")
    data = slow_pdf(pages=1, stream=bomb)
    assert len(data) < 1_000_000
    # pypdf gives up on a stream that inflates that far; the page simply has no text.
    assert read_pdf(data, with_text=True, seconds=20, memory_mb=256)["text"] == ""


def test_the_child_cannot_take_more_memory_than_allowed():
    with pytest.raises(PdfReadFailed):
        read_pdf(pdf_bytes(), with_text=True, seconds=20, memory_mb=16)
