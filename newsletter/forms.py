from django import forms
from django.core.exceptions import ValidationError
from wagtail.models import Page

HONEYPOT_MESSAGE = (
    "Your sign-up looked automated, so it was not sent. If you are a person, please leave the "
    "last, hidden field empty and try again."
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
    source_page = forms.CharField(required=False, max_length=20)
    notice = forms.CharField(required=False, max_length=64)

    def clean_email(self):
        # The whole address in lower case: one subscriber per address, whatever its case.
        return self.cleaned_data["email"].strip().lower()

    def clean_source_page(self):
        value = self.cleaned_data["source_page"]
        if not value.isdigit() or int(value) >= 2**31:
            return None
        return Page.objects.filter(pk=int(value)).live().first()

    def clean(self):
        cleaned = super().clean()
        if self.data.get("website"):
            raise ValidationError(HONEYPOT_MESSAGE, code="honeypot")
        return cleaned
