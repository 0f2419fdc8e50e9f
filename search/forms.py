from django import forms

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 24


class SearchForm(forms.Form):
    q = forms.CharField(max_length=MAX_QUERY_LENGTH, required=False, strip=True)

    def clean_q(self):
        query = self.cleaned_data["q"].replace("\x00", " ")
        words = query.split()
        if len(words) > MAX_QUERY_WORDS:
            raise forms.ValidationError(
                f"Please use at most {MAX_QUERY_WORDS} words.", code="too_many_words"
            )
        return " ".join(words)
