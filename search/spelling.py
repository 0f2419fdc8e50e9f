""" "Did you mean …?" for searches that found nothing, from the words of the site's titles."""

import difflib

from django.core.cache import cache
from wagtail.models import Page

from home import visibility
from home.fragments import content_version
from resources.models import FieldNotePage, NoteCategory

from .query import terms_of

CACHE_KEY = "search:vocabulary:{version}"
CACHE_SECONDS = 24 * 60 * 60
MAX_TITLES = 2000
MAX_CHECKED_TERMS = 4


def vocabulary():
    """Words every anonymous visitor may read: titles of pages, titles and deks of notes, FAQ
    questions, the titles of documents search shows, and the categories of notes. Nothing
    private: a hint never reveals a word of a private page or document. Cached until published
    content changes."""
    key = CACHE_KEY.format(version=content_version())
    words = cache.get(key)
    if words is None:
        texts = []
        notes = visibility.visible_pages(None, FieldNotePage.objects).order_by("-date")
        texts += [f"{title} {dek}" for title, dek in notes.values_list("title", "dek")[:MAX_TITLES]]
        pages = visibility.visible_pages(None, Page.objects).not_type(FieldNotePage)
        texts += pages.exclude(depth=1).values_list("title", flat=True)[:MAX_TITLES]
        texts += visibility.visible_faq_entries(None).values_list("question", flat=True)
        texts += visibility.searchable_documents(None).values_list("title", flat=True)[:MAX_TITLES]
        categories = NoteCategory.objects.filter(pk__in=notes.values("category_id"))
        texts += categories.values_list("name", flat=True)
        words = sorted({w for text in texts for w in terms_of(text) if len(w) > 2})
        cache.set(key, words, CACHE_SECONDS)
    return words


def suggest_spelling(terms):
    """A corrected query, or "" when every word is known or nothing close is."""
    if not any(len(term) >= 4 and term.isalpha() for term in terms):
        return ""
    known = vocabulary()
    known_set = set(known)
    corrected, changed, checked = [], False, 0
    for term in terms:
        if term in known_set or len(term) < 4 or not term.isalpha() or checked >= MAX_CHECKED_TERMS:
            corrected.append(term)
            continue
        checked += 1
        close = difflib.get_close_matches(term, known, n=1, cutoff=0.8)
        if close:
            corrected.append(close[0])
            changed = True
        else:
            corrected.append(term)
    return " ".join(corrected) if changed else ""
