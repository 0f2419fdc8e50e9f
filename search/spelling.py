""" "Did you mean …?" for searches that found nothing, from the words of the site's titles."""

import difflib

from django.core.cache import cache
from wagtail.documents import get_document_model

from resources.models import FieldNotePage, NoteCategory

from .models import FAQEntry
from .query import terms_of

CACHE_KEY = "search:vocabulary"
CACHE_SECONDS = 15 * 60
MAX_TITLES = 2000
MAX_CHECKED_TERMS = 4


def vocabulary():
    """Words of note titles and deks, FAQ questions, whitepaper and category names."""
    words = cache.get(CACHE_KEY)
    if words is None:
        texts = []
        notes = FieldNotePage.objects.live().public().order_by("-date")[:MAX_TITLES]
        texts += [f"{title} {dek}" for title, dek in notes.values_list("title", "dek")]
        texts += FAQEntry.objects.values_list("question", flat=True)
        texts += get_document_model().objects.values_list("title", flat=True)[:MAX_TITLES]
        texts += NoteCategory.objects.values_list("name", flat=True)
        words = sorted({w for text in texts for w in terms_of(text) if len(w) > 2})
        cache.set(CACHE_KEY, words, CACHE_SECONDS)
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
