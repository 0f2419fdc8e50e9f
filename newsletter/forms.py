from django import forms
from django.core.exceptions import ValidationError
from wagtail.models import Page

HONEYPOT_MESSAGE = (
    "Your sign-up looked automated, so it was not sent. If you are a person, please leave the "
    "last, hidden field empty and try again."
)

ALTERED_MESSAGE = (
    "This form arrived altered, so it was not sent. Please reload the page and try again."
)


class SubscribeForm(forms.Form):
    """The newsletter form as rendered by templates/includes/newsletter_form.html."""

    email = forms.EmailField(
        max_length=254,
        error_messages={
            "required": "Please enter your email address.",
            "invalid": "Please enter a valid email address, like name@company.com.",
            "max_length": "That email address is too long (254 characters at most).",
        },
    )
    consent = forms.BooleanField(
        error_messages={
            "required": "Please tick the box to agree to receive the newsletter.",
        },
    )
    # A trap for bots: hidden from people (and screen readers), filled in by form spammers.
    website = forms.CharField(required=False, max_length=200)
    # Filled in by the page; checked as a whole in clean() so that no error is invisible.
    source_page = forms.CharField(required=False)
    notice = forms.CharField(required=False)

    def clean_email(self):
        # The whole address in lower case: one subscriber per address, whatever its case.
        return self.cleaned_data["email"].strip().lower()

    def clean_source_page(self):
        value = self.cleaned_data["source_page"]
        if len(value) > 10 or not value.isdigit() or int(value) >= 2**31:
            return None
        return Page.objects.filter(pk=int(value)).live().first()

    def clean(self):
        cleaned = super().clean()
        if self.data.get("website"):
            raise ValidationError(HONEYPOT_MESSAGE, code="honeypot")
        if len(self.data.get("source_page", "")) > 20 or len(self.data.get("notice", "")) > 64:
            raise ValidationError(ALTERED_MESSAGE, code="altered")
        return cleaned
