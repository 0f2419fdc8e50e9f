"""Data rights: export all held about an address, erase it everywhere, purge stale sign-ups."""

import io
import json
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

from newsletter.models import ConsentEvent, ConsentNotice, Subscriber

from .factories import ConsentEventFactory, SubscriberFactory
from .helpers import confirm_url, form_data, path_of, tables_mentioning, unsubscribe_url

ENQUIRY = {
    "name": "Ada Lovelace",
    "work_email": "Ada@Example.com",
    "company": "Analytical Engines",
    "what_do_you_want_to_build": "A model that reads punched cards.",
    "preferred_time_for_a_call": "Mornings IST",
}


@pytest.fixture
def ada(client, resources_page, book_a_call):
    """Ada signed up, confirmed, unsubscribed, and booked a call."""
    client.post("/newsletter/subscribe/", form_data(client, "/resources/", "ada@example.com"))
    client.post(path_of(confirm_url(mail.outbox[0])))
    client.post(path_of(unsubscribe_url(mail.outbox[0])))
    response = client.post(book_a_call.url, ENQUIRY)
    assert response.status_code == 200
    # Someone else, who must be left alone.
    client.post("/newsletter/subscribe/", form_data(client, "/resources/", "bob@example.com"))
    client.post(book_a_call.url, dict(ENQUIRY, name="Bob", work_email="bob@example.com"))
    return Subscriber.objects.get(email="ada@example.com")


def test_the_export_command_prints_everything_held(ada):
    out = io.StringIO()

    call_command("export_subscriber_data", "ADA@example.com", stdout=out)

    data = json.loads(out.getvalue())
    assert data["email"] == "ada@example.com"
    newsletter = data["newsletter"]
    assert newsletter["email"] == "ada@example.com"
    assert newsletter["status"] == "unsubscribed"
    assert newsletter["confirmed_at"] is not None
    assert newsletter["unsubscribed_at"] is not None
    history = newsletter["consent_history"]
    assert [event["event"] for event in history] == ["granted", "confirmed", "withdrawn"]
    first = history[0]
    assert first["notice_text"] == ConsentNotice.objects.get().text
    assert (first["notice_version"], first["notice_language"]) == (1, "en")
    assert first["page_url"] == "http://localhost/resources/"
    assert first["method"] == "Newsletter form on the website"
    assert first["purpose"] == "Newsletter: one field note a month by email"
    assert first["at_utc"].endswith("+00:00")
    [enquiry] = data["form_submissions"]
    assert enquiry["form"] == "Book a Call"
    assert enquiry["answers"] == ENQUIRY
    assert "bob@example.com" not in out.getvalue()


def test_the_export_command_writes_a_file(ada, tmp_path):
    target = tmp_path / "export.json"

    call_command(
        "export_subscriber_data", "ada@example.com", output=str(target), stderr=io.StringIO()
    )

    assert json.loads(target.read_text())["newsletter"]["email"] == "ada@example.com"


def test_erasing_leaves_no_trace_of_the_address_in_any_table(ada, client):
    unsubscribe_link = path_of(unsubscribe_url(mail.outbox[0]))
    assert tables_mentioning("ada@example.com")  # It is there before.
    out = io.StringIO()

    call_command("erase_subscriber_data", "Ada@Example.COM", "--noinput", stdout=out)

    assert "Erased 1 subscriber, 3 consent events and 1 form submissions." in out.getvalue()
    assert tables_mentioning("ada@example.com") == []
    assert tables_mentioning("Ada Lovelace") == []
    # Everyone else is untouched.
    assert Subscriber.objects.filter(email="bob@example.com").exists()
    assert FormSubmission.objects.count() == 1
    assert ConsentNotice.objects.count() == 1
    # Old links now lead nowhere, without error.
    assert client.post(unsubscribe_link).status_code == 400


def test_erasing_an_unknown_address_says_so(db):
    out = io.StringIO()

    call_command("erase_subscriber_data", "nobody@example.com", "--noinput", stdout=out)

    assert out.getvalue().strip() == "Nothing is held about this address."


def test_unconfirmed_signups_older_than_30_days_are_purged(db):
    now = timezone.now()
    old = now - timedelta(days=31)
    stale = ConsentEventFactory(subscriber__requested_at=old).subscriber
    recent = ConsentEventFactory(subscriber__requested_at=now - timedelta(days=29)).subscriber
    confirmed = SubscriberFactory(requested_at=old, status="confirmed")
    ConsentEventFactory(subscriber=confirmed)
    ConsentEventFactory(subscriber=confirmed, kind="confirmed")
    withdrawn_unconfirmed = SubscriberFactory(requested_at=old, status="unsubscribed")
    ConsentEventFactory(subscriber=withdrawn_unconfirmed)
    ConsentEventFactory(subscriber=withdrawn_unconfirmed, kind="withdrawn")
    withdrawn_after_confirming = SubscriberFactory(requested_at=old, status="unsubscribed")
    ConsentEventFactory(subscriber=withdrawn_after_confirming, kind="confirmed")

    dry = io.StringIO()
    call_command("purge_unconfirmed_subscribers", "--dry-run", stdout=dry)
    assert dry.getvalue().strip() == "Would delete 2 unconfirmed sign-ups."
    assert Subscriber.objects.count() == 5

    out = io.StringIO()
    call_command("purge_unconfirmed_subscribers", stdout=out)

    assert out.getvalue().strip() == "Deleted 2 unconfirmed sign-ups older than 30 days."
    remaining = set(Subscriber.objects.values_list("pk", flat=True))
    assert remaining == {recent.pk, confirmed.pk, withdrawn_after_confirming.pk}
    assert not ConsentEvent.objects.filter(subscriber_id__in=[stale.pk, withdrawn_unconfirmed.pk])
