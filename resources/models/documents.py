from django.db import models
from wagtail.documents.models import AbstractDocument, Document
from wagtail.search import index


class WhitepaperDocument(AbstractDocument):
    """A document of the library. Whitepapers are PDFs chosen in whitepaper cards."""

    summary = models.TextField(
        blank=True,
        max_length=1000,
        help_text="A short abstract for editors and search. Optional.",
    )

    # Filled from the file on upload and on replacing it; never typed in.
    page_count = models.PositiveIntegerField(null=True, blank=True, editable=False)
    pdf_title = models.CharField(max_length=500, blank=True, editable=False)
    extracted_text = models.TextField(blank=True, editable=False)

    admin_form_fields = Document.admin_form_fields + ("summary",)

    search_fields = AbstractDocument.search_fields + [
        index.SearchField("summary"),
        index.SearchField("pdf_title"),
        index.SearchField("extracted_text"),
    ]

    class Meta(AbstractDocument.Meta):
        verbose_name = "document"
        verbose_name_plural = "documents"

    @property
    def extension_label(self):
        return (self.file_extension or "").upper()
