from django import forms
from django.core.validators import ProhibitNullCharactersValidator

from .query import MAX_INPUT_LENGTH, MAX_QUERY_LENGTH, MAX_QUERY_WORDS, SearchQuery, parse_query

TYPE_CHOICES = [
    ("", "All"),
    ("notes", "Field notes"),
    ("faqs", "FAQs"),
    ("whitepapers", "Whitepapers"),
]


class QueryField(forms.CharField):
    """Text in which NUL bytes are mere separators, not an error (``parse_query`` drops them)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = [
            v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]


class SearchForm(forms.Form):
    """The search box. Long input is shortened, never an error, unless it is absurd."""

    q = QueryField(required=False, strip=False)
    type = forms.CharField(required=False)

    def clean_q(self):
        try:
            return parse_query(self.cleaned_data["q"])
        except ValueError:
            raise forms.ValidationError(
                f"That search is too long. Please use a few words (at most {MAX_QUERY_LENGTH} "
                "characters).",
                code="too_long",
            ) from None

    def clean_type(self):
        value = self.cleaned_data["type"]
        return value if value in dict(TYPE_CHOICES) else ""

    @property
    def query(self):
        if self.is_valid():
            return self.cleaned_data["q"]
        return SearchQuery()


__all__ = ["MAX_INPUT_LENGTH", "MAX_QUERY_LENGTH", "MAX_QUERY_WORDS", "SearchForm", "TYPE_CHOICES"]
