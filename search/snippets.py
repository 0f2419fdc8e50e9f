"""Snippets of matching text with the query's words in <mark>, everything else escaped.

Search backends say which objects match, not where (there is no built-in highlighting), so
the snippet is found here: the window of the text that holds the most distinct query words.
A word matches when a word of the text starts with it, or with its stem ("quantized" marks
"quantization"), as PostgreSQL's stemming would have found it.
"""

import re
from collections import Counter
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import mark_safe

# Letters, digits and the combining marks of Latin and Indic scripts: a "word" of the text.
WORD_CHARS = r"\w\u0300-\u036f\u0900-\u0dff"
SUFFIXES = ("ations", "ation", "izing", "ising", "ized", "ised", "izes", "ises", "ize", "ise",
            "ings", "ing", "ions", "ion", "ers", "er", "ed", "es", "s", "ly", "y", "e")  # fmt: skip
MIN_STEM = 4
MAX_MATCHES = 200


def stem(term):
    """A crude English stem, enough to mark the word forms a stemming search matches."""
    for suffix in SUFFIXES:
        if term.endswith(suffix) and len(term) - len(suffix) >= MIN_STEM:
            return term[: -len(suffix)]
    return term


class _Pattern:
    """Finds the words of the text that start with one of the stems.

    The text is searched lower-cased, for the stems as plain literals, and a match that does
    not start a word is skipped: many times faster than a case-insensitive pattern with a
    look-behind, which tries every position of a long text. A text whose lower case has
    another length (a few Unicode letters) is searched with that slower pattern, so that the
    positions found are positions in the text.
    """

    def __init__(self, stems):
        alternatives = "|".join(re.escape(s) for s in stems)
        self.literal = re.compile(rf"(?:{alternatives})[{WORD_CHARS}]*")
        self.exact = re.compile(
            rf"(?<![{WORD_CHARS}])(?:{alternatives})[{WORD_CHARS}]*", re.IGNORECASE
        )

    def finditer(self, text):
        lowered = text.lower()
        if len(lowered) != len(text):
            yield from self.exact.finditer(text)
            return
        for match in self.literal.finditer(lowered):
            start = match.start()
            if start and WORD_CHAR.match(lowered, start - 1):
                continue  # inside a word: a rejected match runs to the word's end
            yield match


WORD_CHAR = re.compile(rf"[{WORD_CHARS}]")


@lru_cache(maxsize=256)
def _compiled(stems):
    return _Pattern(stems)


def _pattern(terms):
    stems = sorted({stem(term.lower()) for term in terms if term}, key=len, reverse=True)
    if not stems:
        return None
    return _compiled(tuple(stems))


def _marked(text, matches):
    parts = []
    position = 0
    for start, end in matches:
        parts.append(escape(text[position:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 (every piece is escaped above)


def highlight(text, terms):
    """All of ``text``, escaped, with the query's words marked."""
    text = text or ""
    pattern = _pattern(terms)
    if pattern is None:
        return escape(text)
    return _marked(text, [m.span() for m in pattern.finditer(text)])


def _cut(text, start, end):
    """Move ``start`` and ``end`` to word boundaries."""
    if start > 0:
        space = text.find(" ", start)
        if space != -1 and space - start < 20:
            start = space + 1
    if end < len(text):
        space = text.rfind(" ", start, end)
        if space > start:
            end = space
    return start, end


def _densest(matches, length):
    """Where a window of ``length`` characters starting at a match holds the most distinct
    words, and how many: one pass with a sliding window (the matches are in text order)."""
    words = [m.group(0).lower() for m in matches]
    best_start, best_count = matches[0].start(), 0
    inside = Counter()
    end = 0  # the window holds matches[i:end]
    for i, first in enumerate(matches):
        limit = first.start() + length
        end = max(end, i)
        while end < len(matches) and matches[end].end() <= limit:
            inside[words[end]] += 1
            end += 1
        if len(inside) > best_count:
            best_start, best_count = first.start(), len(inside)
        if end > i:
            inside[words[i]] -= 1
            if not inside[words[i]]:
                del inside[words[i]]
    return best_start, best_count


def snippet(texts, terms, length=220):
    """The best window of ``length`` characters from the first of ``texts`` that matches.

    Returns escaped HTML with the query's words marked, "…" where the text was cut, or the
    start of the first non-empty text when no word matches.
    """
    texts = [" ".join(str(t).split()) for t in texts if t]
    if not texts:
        return ""
    pattern = _pattern(terms)
    chosen, matches = texts[0], []
    if pattern is not None:
        best = 0
        for text in texts:
            found = []
            for match in pattern.finditer(text):
                found.append(match)
                if len(found) >= MAX_MATCHES:
                    break
            distinct = len({m.group(0).lower()[:MIN_STEM] for m in found})
            if distinct > best:
                chosen, matches, best = text, found, distinct
    if not matches:
        start, end = 0, min(len(chosen), length)
    else:
        best_start, best_count = _densest(matches, length)
        start = max(0, best_start - length // 4)
        end = min(len(chosen), start + length)
        start = max(0, min(start, end - length))
    start, end = _cut(chosen, start, end)
    spans = [
        (max(m.start(), start) - start, min(m.end(), end) - start)
        for m in matches
        if m.start() < end and m.end() > start
    ]
    html = _marked(chosen[start:end], spans)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(chosen) else ""
    return mark_safe(f"{prefix}{html}{suffix}")  # noqa: S308 (escaped by _marked)
