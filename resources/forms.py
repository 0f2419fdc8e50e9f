"""The admin's document form (``WAGTAILDOCS_DOCUMENT_FORM_BASE``): real PDFs only.

Wagtail builds both the single upload form and the multiple (drag-and-drop) uploader's form on
this base, so every file an editor uploads or swaps in is checked here by its bytes, not its name.
"""

import logging
import os

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from wagtail.documents.forms import BaseDocumentForm
from wagtail.utils.file import hash_filelike

from resources.models.documents import EncryptedPdfError, PdfContents, WhitepaperDocument
from resources.pdf_reader import PdfReadTimeout

logger = logging.getLogger(__name__)

PDF_SIGNATURE = b"%PDF-"

NOT_A_PDF = (
    "This file is not a PDF: its contents are not a PDF's, whatever its name says. "
    "Upload the whitepaper saved or exported as PDF."
)
UNREADABLE_PDF = (
    "This PDF could not be read: it looks damaged or incomplete. "
    "Export it again from the original and upload the new file."
)
ENCRYPTED_PDF = (
    "This PDF is encrypted or password-protected, so its text cannot be indexed and some "
    "visitors could not open it. Save a copy without a password and upload that."
)
EMPTY_PDF = "This PDF has no pages. Check that the right file was chosen."
ACTIVE_PDF = (
    "This PDF carries {what}, which a document on this site may not: visitors open it from "
    "the site itself. Export or print it to PDF again without them (no scripts, form actions "
    "or attachments) and upload that."
)
MARKUP_PDF = (
    "This file holds web-page markup (HTML or script) as well as a PDF, which a document on "
    "this site may not. Export the whitepaper to PDF again and upload that file."
)
SLOW_PDF = (
    "This PDF could not be checked within {seconds} seconds: its structure is unusually "
    "complex. Export it again (or print it to PDF) and upload the new file."
)


class Notice(forms.Widget):
    """Something the editor should know about the file, in the form. Nothing to fill in."""

    def __init__(self, template_name, context, attrs=None):
        super().__init__(attrs)
        self.template_name = template_name
        self.context = context

    def render(self, name, value, attrs=None, renderer=None):
        return mark_safe(  # noqa: S308  The template escapes every value.
            render_to_string(self.template_name, self.context)
        )

    def value_from_datadict(self, data, files, name):
        return None


def notice_field(label, template_name, context, help_text=""):
    return forms.Field(
        label=label,
        required=False,
        disabled=True,
        widget=Notice(template_name, context),
        help_text=help_text,
    )


def describe_duplicates(documents):
    """“‘Title’ (uploaded 3 March 2026)” for each document, for messages to editors."""
    return ", ".join(
        f"“{doc.title}” (uploaded {date_format(doc.created_at, 'j F Y')})" for doc in documents
    )


class WhitepaperDocumentForm(BaseDocumentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.duplicates = []
        if "file" in self.fields:
            self.fields["file"].help_text = " ".join(
                filter(
                    None,
                    [
                        "PDF only.",
                        str(self.fields["file"].help_text),
                        "Replacing the file keeps the document's address, so links already "
                        "shared keep working.",
                    ],
                )
            )
        if self.instance.pk and not self.is_bound:
            self._add_notices()

    def _add_notices(self):
        """On the edit forms: what was read from the file, and any document with the same one."""
        document = self.instance
        self.fields["read_from_file"] = notice_field(
            "Read from the file",
            "resources/admin/file_contents_notice.html",
            {"document": document, "text_length": len(document.extracted_text)},
        )
        duplicates = list(document.duplicates()[:5])
        if duplicates:
            self.fields["same_file_as"] = notice_field(
                "Same file as",
                "resources/admin/duplicate_notice.html",
                {"duplicates": duplicates},
                help_text="These documents have exactly the same file. If this upload was "
                "a mistake, delete it; otherwise choose one of them in whitepaper cards.",
            )

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            self._check_pdf(file)
            self.duplicates = self._find_duplicates(file)
        return file

    def _check_pdf(self, file):
        file.seek(0)
        data = file.read()
        file.seek(0)
        if not data.startswith(PDF_SIGNATURE):
            raise ValidationError(NOT_A_PDF, code="not_pdf")
        try:
            contents = PdfContents.read(data, with_text=False)
        except EncryptedPdfError:
            raise ValidationError(ENCRYPTED_PDF, code="encrypted_pdf") from None
        except PdfReadTimeout:
            raise ValidationError(
                SLOW_PDF.format(seconds=settings.PDF_READ_SECONDS), code="slow_pdf"
            ) from None
        except Exception:  # noqa: BLE001  pypdf raises many kinds of error for a broken file.
            logger.info("Refused an unreadable PDF upload", exc_info=True)
            raise ValidationError(UNREADABLE_PDF, code="unreadable_pdf") from None
        if contents.problems:
            what = " and ".join(contents.problems)
            raise ValidationError(ACTIVE_PDF.format(what=what), code="active_pdf")
        if contents.markup:
            raise ValidationError(MARKUP_PDF, code="markup_pdf")
        if not contents.page_count:
            raise ValidationError(EMPTY_PDF, code="empty_pdf")

    def _find_duplicates(self, file):
        file.seek(0)
        file_hash = hash_filelike(file)
        file.seek(0)
        existing = WhitepaperDocument.objects.filter(file_hash=file_hash)
        if self.instance.pk:
            existing = existing.exclude(pk=self.instance.pk)
        return list(existing.order_by("created_at")[:5])

    def save(self, commit=True):
        if "file" in self.changed_data and self.original_file:
            # Keep the stored file name, so that the document's address stays the same.
            self.instance.file.name = os.path.basename(self.original_file.name)
        return super().save(commit=commit)
