import logging

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.documents.models import AbstractDocument, Document
from wagtail.search import index

from resources.pdf_reader import PdfReadTimeout, read_pdf

logger = logging.getLogger(__name__)

# The search index keeps at most this much of a PDF's text: every word of a paper of some 150
# pages, and inside PostgreSQL's limit on one search vector (1 MB) whatever the words: 300,000
# characters of random words make a vector of about 560 kB (500,000 made 927 kB).
MAX_EXTRACTED_CHARS = 300_000


class EncryptedPdfError(Exception):
    """The PDF is encrypted: its text cannot be read and visitors may not be able to open it."""


class PdfContents:
    """What a PDF file says about itself: its page count, its own title and its text, and
    anything active it carries (``problems``, ``markup``). Read in a child process bounded in
    time and memory (``resources/pdf_reader.py``)."""

    def __init__(self, page_count, title="", text="", problems=(), markup=False):
        self.page_count = page_count
        self.title = title
        self.text = text
        self.problems = list(problems)
        self.markup = markup

    @classmethod
    def read(cls, data, with_text=True):
        """Read PDF bytes. Raises EncryptedPdfError; PdfReadTimeout if reading takes longer
        than ``PDF_READ_SECONDS``; PdfReadFailed if it is no PDF or needs too much memory."""
        found = read_pdf(
            data,
            with_text=with_text,
            seconds=settings.PDF_READ_SECONDS,
            memory_mb=settings.PDF_READ_MEMORY_MB,
        )
        if found["encrypted"]:
            raise EncryptedPdfError
        return cls(
            page_count=found["page_count"],
            title=found["title"],
            text=found.get("text", "")[:MAX_EXTRACTED_CHARS],
            problems=found["problems"],
            markup=found["markup"],
        )


class WhitepaperDocument(AbstractDocument):
    """A document of the library. Whitepapers are PDFs chosen in whitepaper cards."""

    summary = models.TextField(
        blank=True,
        max_length=1000,
        help_text="A short abstract for editors and search. Optional.",
    )

    list_in_search = models.BooleanField(
        "list in site search",
        default=False,
        help_text="Tick to let visitors find this document in site search even though no "
        "published page shows it. Documents a published page uses are found without it.",
    )

    # Filled from the file on upload and on replacing it; never typed in.
    page_count = models.PositiveIntegerField(null=True, blank=True, editable=False)
    pdf_title = models.CharField(max_length=500, blank=True, editable=False)
    extracted_text = models.TextField(blank=True, editable=False)
    text_not_read = models.BooleanField(
        default=False,
        editable=False,
        help_text="Reading the PDF's text took longer than allowed: search does not look in it.",
    )

    admin_form_fields = Document.admin_form_fields + ("summary", "list_in_search")

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

    @property
    def is_private(self):
        """True if an anonymous visitor may not open it (see ``home.visibility``)."""
        from home import visibility

        return self.collection_id not in visibility.visible_collection_ids(None)

    def clean(self):
        # Wagtail checks the file's extension; with no file (the upload was refused already)
        # there is nothing to check, and "File extension “” is not allowed" would only confuse.
        if self.file:
            super().clean()

    def _set_document_file_metadata(self):
        """Size and hash (Wagtail's), then what the PDF says: pages, title and text.

        Called whenever the file is new or replaced: by the admin's single and multiple upload
        forms, by the demo content loader, and by save() for a document saved without it.
        """
        super()._set_document_file_metadata()
        if getattr(self, "_pdf_read_for_hash", None) != self.file_hash:
            # Not yet read for this very file (the multiple uploader asks twice).
            self._set_pdf_contents()
            self._pdf_read_for_hash = self.file_hash
        if self.file._committed:
            # Wagtail opened the stored file to hash it; an upload stays open to be saved.
            self.file.close()

    def _set_pdf_contents(self):
        self.page_count, self.pdf_title, self.extracted_text = None, "", ""
        self.text_not_read = False
        try:
            with self.open_file() as f:
                data = f.read()
            try:
                contents = PdfContents.read(data)
            except PdfReadTimeout:
                # Too slow to read in full: keep the document, without its text.
                logger.warning("Document %s: the PDF's text took too long", self.file.name)
                self.text_not_read = True
                contents = PdfContents.read(data, with_text=False)
        except Exception:  # noqa: BLE001  Uploads are checked by the form; never fail a save.
            logger.warning("Document %s: the PDF could not be read", self.file.name, exc_info=True)
            return
        finally:
            self.file.seek(0)
        self.page_count = contents.page_count
        self.pdf_title = contents.title
        self.extracted_text = contents.text

    def save(self, *args, **kwargs):
        if self.file and not self.file_hash and kwargs.get("update_fields") is None:
            self._set_document_file_metadata()
        super().save(*args, **kwargs)

    def duplicates(self):
        """Other documents whose file has exactly the same bytes."""
        if not self.file_hash:
            return WhitepaperDocument.objects.none()
        return WhitepaperDocument.objects.filter(file_hash=self.file_hash).exclude(pk=self.pk)


class DocumentDownload(models.Model):
    """How many times a document was downloaded on one day. Nothing about who downloaded it."""

    document = models.ForeignKey(
        WhitepaperDocument, on_delete=models.CASCADE, related_name="downloads"
    )
    date = models.DateField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "document download"
        verbose_name_plural = "document downloads"
        constraints = [
            models.UniqueConstraint(fields=["document", "date"], name="one_download_row_per_day")
        ]
        ordering = ["-date", "document"]

    def __str__(self):
        return f"{self.document} on {self.date}: {self.count}"

    @classmethod
    def record(cls, document, date=None):
        """Add one download of the document today; safe when requests race each other."""
        date = date or timezone.localdate()
        rows = cls.objects.filter(document=document, date=date)
        if rows.update(count=F("count") + 1):
            return
        try:
            with transaction.atomic():
                cls.objects.create(document=document, date=date, count=1)
        except IntegrityError:
            # Another request created today's row first.
            rows.update(count=F("count") + 1)
