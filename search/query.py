"""Turning what a visitor typed into something every search backend accepts.

Only letters, combining marks and digits reach the backend: quotes, tsquery operators
(``& | ! ( ) :*``), FTS5 syntax and control characters become spaces. Length and word count
are bounded before anything else happens.
"""

import unicodedata
from dataclasses import dataclass, field

MAX_INPUT_LENGTH = 4000  # longer than this is refused (400)
MAX_QUERY_LENGTH = 200  # what is kept of a longer query
MAX_QUERY_WORDS = 12  # what is kept of a query with more words
MAX_TERM_LENGTH = 60  # a longer run of letters is cut


def _is_word_char(char):
    return unicodedata.category(char)[0] in "LMN"


def terms_of(text):
    """The words of ``text``: runs of letters, marks and digits, lowercased."""
    terms = []
    current = []
    for char in text:
        if _is_word_char(char):
            current.append(char)
        elif current:
            terms.append("".join(current))
            current = []
    if current:
        terms.append("".join(current))
    return [term[:MAX_TERM_LENGTH].lower() for term in terms]


@dataclass
class SearchQuery:
    """A query as shown back to the visitor (``text``) and as searched (``terms``)."""

    text: str = ""
    terms: list = field(default_factory=list)
    shortened: bool = False

    @property
    def search_string(self):
        return " ".join(self.terms)

    def __bool__(self):
        return bool(self.terms)


def parse_query(raw):
    """A bounded ``SearchQuery`` from raw input; raises ``ValueError`` if it is absurdly long."""
    raw = raw or ""
    if len(raw) > MAX_INPUT_LENGTH:
        raise ValueError("too long")
    text = "".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in raw)
    text = " ".join(text.split())
    shortened = False
    words = text.split(" ")
    if len(words) > MAX_QUERY_WORDS:
        text = " ".join(words[:MAX_QUERY_WORDS])
        shortened = True
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0] if " " in text else text
        text = text[:MAX_QUERY_LENGTH]
        shortened = True
    terms = terms_of(text)[:MAX_QUERY_WORDS]
    return SearchQuery(text=text, terms=terms, shortened=shortened)
