"""The "Book a Call" page: a form-builder page whose enquiries are stored and emailed."""

import csv
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from contact.models import HONEYPOT_MESSAGE, ContactPage
from home.models import HomePage, SiteSettings
from home.tests.factories import HomePageFactory
from resources.models import ResourcesPage

ENQUIRY = {
    "name": "Ada Lovelace",
    "work_email": "ada@example.com",
    "company": "Analytical Engines",
    "what_do_you_want_to_build": "A model that reads punched cards.",
    "preferred_time_for_a_call": "Weekday mornings IST",
}


class TestWhereItGoes(WagtailPageTestCase):
    def test_contact_pages_live_under_the_home_page_only(self):
        self.assertCanCreateAt(HomePage, ContactPage)
        self.assertCanNotCreateAt(ResourcesPage, ContactPage)
        self.assertAllowedSubpageTypes(ContactPage, {})


def test_the_page_shows_the_five_fields_and_a_hidden_trap(client, book_a_call):
    response = client.get(book_a_call.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    for label in (
        "Name",
        "Work email",
        "Company",
        "What do you want to build?",
        "Preferred time for a call",
    ):
        assert label in html
    assert 'type="email" name="work_email"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<div class="field field--trap" aria-hidden="true">' in html
    assert 'name="hp_website" tabindex="-1"' in html
    assert "Request a call" in html
    assert "<script" not in html.split('class="contact-form"')[1].split("</form>")[0]


def test_an_enquiry_is_stored_emailed_to_the_site_contact_and_thanked(client, book_a_call):
    settings = SiteSettings.for_site(book_a_call.get_site())
    settings.contact_email = "calls@andor.in"
    settings.save()

    response = client.post(book_a_call.url, dict(ENQUIRY, hp_website=""))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Thank you. We will be in touch." in html
    assert "We will reply to find a time for the call." in html
    submission = FormSubmission.objects.get()
    assert submission.page_id == book_a_call.pk
    assert submission.form_data == ENQUIRY
    [message] = mail.outbox
    assert message.to == ["calls@andor.in"]
    assert message.reply_to == ["ada@example.com"]
    assert message.subject == "Book a Call: new enquiry"
    assert "Name: Ada Lovelace" in message.body
    assert "What do you want to build?: A model that reads punched cards." in message.body
    assert "hp_website" not in message.body


def test_the_page_can_send_to_its_own_addresses(client, book_a_call):
    book_a_call.to_address = "sales@andor.in, cto@andor.in"
    book_a_call.save_revision().publish()

    client.post(book_a_call.url, ENQUIRY)

    assert mail.outbox[0].to == ["sales@andor.in", "cto@andor.in"]


def test_the_thank_you_text_is_edited_by_editors(client, book_a_call):
    book_a_call.thank_you_heading = "Got it!"
    book_a_call.thank_you_text = "<p>We will call you back.</p>"
    book_a_call.save_revision().publish()

    html = client.post(book_a_call.url, ENQUIRY).content.decode()

    assert "Got it!" in html
    assert "We will call you back." in html


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"work_email": "not-an-address"}, "Enter a valid email address."),
        ({"name": ""}, "This field is required."),
        ({"what_do_you_want_to_build": "x" * 4001}, "at most 4000 characters"),
        ({"company": "x" * 256}, "at most 255 characters"),
        ({"work_email": "a" * 250 + "@example.com"}, "at most 254 characters"),
        ({"hp_website": "https://spam.example"}, HONEYPOT_MESSAGE),
    ],
    ids=["invalid-email", "missing-name", "long-text", "long-company", "long-email", "honeypot"],
)
def test_bad_input_is_explained_and_nothing_is_stored_or_sent(
    client, book_a_call, overrides, message
):
    response = client.post(book_a_call.url, dict(ENQUIRY, **overrides))

    html = response.content.decode()
    assert "Your message was not sent." in html
    assert ('aria-invalid="true"' in html) == (message != HONEYPOT_MESSAGE)
    assert message.replace("'", "&#x27;") in html
    assert FormSubmission.objects.count() == 0
    assert mail.outbox == []


def test_a_post_without_csrf_token_is_refused(book_a_call):
    response = Client(enforce_csrf_checks=True).post(book_a_call.url, ENQUIRY)

    assert response.status_code == 403
    assert FormSubmission.objects.count() == 0


def test_more_than_the_limit_per_minute_is_refused_with_429(client, book_a_call, settings):
    settings.CONTACT_RATE_LIMIT = "2/m"

    statuses = [client.post(book_a_call.url, ENQUIRY).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    assert FormSubmission.objects.count() == 2
    assert len(mail.outbox) == 2


def test_a_field_with_an_error_points_to_its_message(client, book_a_call):
    html = client.post(book_a_call.url, dict(ENQUIRY, work_email="nope")).content.decode()

    assert (
        'aria-invalid="true" aria-describedby="id_work_email_error id_work_email_helptext"'
    ) in html
    assert '<p class="field__error" id="id_work_email_error">Enter a valid email address.</p>' in (
        html
    )


def test_editors_see_and_export_enquiries(editor_client, client, book_a_call):
    client.post(book_a_call.url, ENQUIRY)

    listing = editor_client.get(f"/admin/forms/submissions/{book_a_call.pk}/")
    export = editor_client.get(f"/admin/forms/submissions/{book_a_call.pk}/", {"export": "csv"})

    assert listing.status_code == 200
    assert "ada@example.com" in listing.content.decode()
    rows = list(csv.reader(io.StringIO(export.getvalue().decode())))
    assert "Work email" in rows[0]
    assert "Analytical Engines" in rows[1]


def test_the_demo_content_links_the_call_to_action_to_the_page(client, demo_content):
    page = ContactPage.objects.get(slug="book-a-call")

    assert page.get_parent().specific_class is HomePage
    assert [f.label for f in page.form_fields.all()] == [
        "Name",
        "Work email",
        "Company",
        "What do you want to build?",
        "Preferred time for a call",
    ]
    html = client.get("/resources/").content.decode()
    assert f'<a class="button button--light" href="{page.url}">Book a Call' in html

    out = io.StringIO()
    call_command("load_demo_content", stdout=out)
    assert out.getvalue().strip() == "Demo content already loaded; nothing changed."
    assert ContactPage.objects.count() == 1


class TestEditorsBuildIt(WagtailPageTestCase):
    def setUp(self):
        self.login()
        root = Page.get_first_root_node()
        self.home = HomePageFactory(parent=root, slug="home-for-contact")
        Site.objects.update(root_page=self.home)

    def test_an_editor_builds_a_contact_page_in_the_admin(self):
        self.assertCanCreate(
            self.home,
            ContactPage,
            nested_form_data(
                {
                    "title": "Talk to us",
                    "slug": "talk-to-us",
                    "intro": rich_text("<p>Write to us.</p>"),
                    "submit_label": "Send",
                    "thank_you_heading": "Thanks",
                    "thank_you_text": rich_text("<p>We will reply soon.</p>"),
                    "to_address": "",
                    "from_address": "",
                    "subject": "",
                    "form_fields": inline_formset(
                        [
                            {
                                "label": "Your email",
                                "field_type": "email",
                                "required": "on",
                                "choices": "",
                                "default_value": "",
                                "help_text": "",
                            }
                        ]
                    ),
                }
            ),
        )
        page = ContactPage.objects.get(slug="talk-to-us")
        self.assertEqual([f.clean_name for f in page.form_fields.all()], ["your_email"])
