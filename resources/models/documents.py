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

    admin_form_fields = Document.admin_form_fields + ("summary",)

    search_fields = AbstractDocument.search_fields + [
        index.SearchField("summary"),
    ]

    class Meta(AbstractDocument.Meta):
        verbose_name = "document"
        verbose_name_plural = "documents"

    @property
    def extension_label(self):
        return (self.file_extension or "").upper()
