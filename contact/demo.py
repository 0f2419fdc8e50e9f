"""The demo "Book a Call" page, as an editor would make it (used by load_demo_content)."""

from .models import ContactPage, FormField

SLUG = "book-a-call"

PAGE = {
    "title": "Book a Call",
    "slug": SLUG,
    # Service promises (who replies, how soon) are the firm's to make: editors add them here.
    "intro": "<p>Tell us what you want to build, and we will find a time for a call.</p>",
    "submit_label": "Request a call",
    "thank_you_heading": "Thank you. We will be in touch.",
    "thank_you_text": (
        "<p>We will reply to find a time for the call. "
        "We use your details only to answer this request.</p>"
    ),
    "subject": "Book a Call: new enquiry",
}

FIELDS = [
    ("Name", "singleline", True, ""),
    ("Work email", "email", True, "We reply to this address."),
    ("Company", "singleline", True, ""),
    ("What do you want to build?", "multiline", True, "A few sentences are plenty."),
    (
        "Preferred time for a call",
        "singleline",
        False,
        "Days and hours that suit you, with your time zone, e.g. weekday mornings IST.",
    ),
]


def contact_page(home):
    """The "Book a Call" page under the home page: (page, created). Leaves an existing one be."""
    existing = ContactPage.objects.child_of(home).filter(slug=SLUG).first()
    if existing:
        return existing, False
    page = ContactPage(**PAGE)
    for label, field_type, required, help_text in FIELDS:
        page.form_fields.add(
            FormField(label=label, field_type=field_type, required=required, help_text=help_text)
        )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page, True
