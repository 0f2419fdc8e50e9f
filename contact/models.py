"""The "Book a Call" page: a form built by editors, stored and emailed to the firm."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import models
from django_ratelimit.core import is_ratelimited
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import BaseForm, FormBuilder
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField, FormMixin
from wagtail.fields import RichTextField
from wagtail.search import index

from home.http_cache import never_shared
from home.models import SiteSettings
from home.views import rate_limited

HONEYPOT_FIELD = "hp_website"
HONEYPOT_MESSAGE = (
    "Your message looked automated, so it was not sent. If you are a person, please leave the "
    "hidden last field empty and try again."
)
MULTILINE_MAX_LENGTH = 4000


class FormField(AbstractFormField):
    page = ParentalKey("ContactPage", on_delete=models.CASCADE, related_name="form_fields")


class ContactBaseForm(BaseForm):
    """Every contact form has an invisible trap field that people leave empty and bots fill."""

    hp_website = forms.CharField(required=False, max_length=200, label="Leave this empty")

    @property
    def public_fields(self):
        return [field for field in self if field.name != HONEYPOT_FIELD]

    @property
    def trap(self):
        return self[HONEYPOT_FIELD]

    def full_clean(self):
        super().full_clean()
        # Mark fields with errors for assistive technology, and point them to their messages.
        for name in self.errors:
            if name in self.fields and name != HONEYPOT_FIELD:
                bound = self[name]
                described = [f"{bound.auto_id}_error"]
                if bound.help_text:
                    described.append(f"{bound.auto_id}_helptext")
                bound.field.widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": " ".join(described)}
                )

    def clean(self):
        cleaned = super().clean()
        if self.data.get(HONEYPOT_FIELD):
            raise ValidationError(HONEYPOT_MESSAGE, code="honeypot")
        cleaned.pop(HONEYPOT_FIELD, None)  # Never stored, never emailed.
        return cleaned


class ContactFormBuilder(FormBuilder):
    def create_multiline_field(self, field, options):
        options["max_length"] = MULTILINE_MAX_LENGTH
        return super().create_multiline_field(field, options)

    def create_email_field(self, field, options):
        options["max_length"] = 254
        return super().create_email_field(field, options)

    def get_form_class(self):
        return type("ContactForm", (ContactBaseForm,), self.formfields)


class ContactPage(AbstractEmailForm):
    """An enquiry form, e.g. "Book a Call". Submissions are kept and emailed to the firm."""

    intro = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="A few words above the form: what happens after someone writes.",
    )
    submit_label = models.CharField(
        max_length=40, default="Send", help_text="The words on the form's button."
    )
    thank_you_heading = models.CharField(
        max_length=120,
        default="Thank you",
        help_text="The heading visitors read after sending the form.",
    )
    thank_you_text = RichTextField(
        features=["bold", "italic", "link", "ul"],
        help_text="What visitors read after sending the form.",
    )

    form_builder = ContactFormBuilder

    content_panels = AbstractEmailForm.content_panels + [
        FieldPanel("intro"),
        InlinePanel("form_fields", label="Form fields"),
        FieldPanel("submit_label"),
        MultiFieldPanel(
            [FieldPanel("thank_you_heading"), FieldPanel("thank_you_text")],
            heading="Thank-you page",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("from_address"),
                        FieldPanel(
                            "to_address",
                            help_text=(
                                "Who receives each enquiry, separated by commas. Leave blank "
                                "to use the contact email in site settings."
                            ),
                        ),
                    ]
                ),
                FieldPanel("subject"),
            ],
            heading="Email",
        ),
    ]
    search_fields = AbstractEmailForm.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = "contact page"

    def serve(self, request, *args, **kwargs):
        if request.method == "POST" and is_ratelimited(
            request,
            group="contact.enquiry",
            key="ip",
            rate=lambda group, request: settings.CONTACT_RATE_LIMIT,
            method="POST",
            increment=True,
        ):
            return never_shared(rate_limited(request))
        # The form carries the visitor's own CSRF token: never kept by a shared cache.
        return never_shared(super().serve(request, *args, **kwargs))

    def recipients(self):
        if self.to_address.strip():
            return [address.strip() for address in self.to_address.split(",") if address.strip()]
        site = self.get_site()
        return [SiteSettings.for_site(site).contact_email] if site else []

    def process_form_submission(self, form):
        submission = FormMixin.process_form_submission(self, form)
        if self.recipients():
            self.send_mail(form)
        return submission

    def send_mail(self, form):
        visitor = [
            value
            for name, field in form.fields.items()
            if isinstance(field, forms.EmailField) and (value := form.cleaned_data.get(name))
        ]
        EmailMessage(
            subject=self.subject or f"New enquiry: {self.title}",
            body=self.render_email(form),
            from_email=self.from_address or settings.DEFAULT_FROM_EMAIL,
            to=self.recipients(),
            reply_to=visitor[:1],
        ).send()
