"""Read page count, PDF title and text from the files of documents uploaded before they were kept.

Search finds their text after `manage.py update_index`.
"""

import io
import logging

from django.db import migrations

logger = logging.getLogger(__name__)

MAX_EXTRACTED_CHARS = 300_000


def read_pdf(data):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise ValueError("encrypted")
    title = str((reader.metadata.title if reader.metadata else "") or "")
    texts = []
    for page in reader.pages:
        texts.append((page.extract_text() or "").replace("\x00", "").strip())
        if sum(len(t) for t in texts) >= MAX_EXTRACTED_CHARS:
            break
    text = "\n\n".join(t for t in texts if t)[:MAX_EXTRACTED_CHARS]
    return len(reader.pages), " ".join(title.split())[:500], text


def fill_pdf_contents(apps, schema_editor):
    WhitepaperDocument = apps.get_model("resources", "WhitepaperDocument")
    for document in WhitepaperDocument.objects.filter(page_count__isnull=True).iterator():
        try:
            with document.file.open("rb") as f:
                data = f.read()
            page_count, title, text = read_pdf(data)
        except Exception:  # noqa: BLE001  A missing or unreadable file keeps its blanks.
            logger.warning("Document %s: the PDF could not be read", document.pk)
            continue
        document.page_count, document.pdf_title, document.extracted_text = page_count, title, text
        document.save(update_fields=["page_count", "pdf_title", "extracted_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0002_document_downloads"),
    ]

    operations = [
        migrations.RunPython(fill_pdf_contents, migrations.RunPython.noop),
    ]
