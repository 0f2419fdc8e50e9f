"""FAQ entries: each question of a live Resources page, kept as a search hit of its own."""

from html import unescape

from django.db import transaction
from django.utils.html import strip_tags

from resources.models import ResourcesPage

from .models import FAQEntry


def faq_items(page):
    """(section anchor, item value) for every question of the page's FAQ sections, in order."""
    for block in page.body:
        if block.block_type != "faq_section":
            continue
        section = block.value
        section_anchor = section.anchor_id
        for item in section.get("items", []):
            yield section_anchor, item


def sync_faq_entries(page):
    """Make the page's FAQ entries match its live content (none if it is not live)."""
    page = page.specific
    with transaction.atomic():
        existing = list(FAQEntry.objects.filter(page_id=page.pk).order_by("position"))
        wanted = []
        if isinstance(page, ResourcesPage) and page.live:
            for section_anchor, item in faq_items(page):
                answer = item.get("answer")
                wanted.append(
                    {
                        "section_anchor": section_anchor[:100],
                        "anchor": item.anchor_id[:100],
                        "question": (item.get("question") or "")[:255],
                        "answer": " ".join(
                            unescape(strip_tags(str(answer.source if answer else ""))).split()
                        ),
                    }
                )
        # Update in place where a row exists, so each entry is re-indexed once.
        for position, values in enumerate(wanted):
            if position < len(existing):
                entry = existing[position]
                if any(getattr(entry, name) != value for name, value in values.items()):
                    for name, value in values.items():
                        setattr(entry, name, value)
                    entry.save()
            else:
                FAQEntry.objects.create(page_id=page.pk, position=position, **values)
        for entry in existing[len(wanted) :]:
            entry.delete()


def sync_all_faq_entries():
    """Rebuild every page's FAQ entries (after loading data without signals)."""
    pages = set(FAQEntry.objects.values_list("page_id", flat=True))
    pages |= set(ResourcesPage.objects.values_list("pk", flat=True))
    from wagtail.models import Page

    for page in Page.objects.filter(pk__in=pages).specific():
        sync_faq_entries(page)
