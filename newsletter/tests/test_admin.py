"""The newsletter in the Wagtail admin (wagtail-modeladmin), as an editor uses it."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from newsletter.models import ConsentEvent, Subscriber

from .factories import ConsentEventFactory, SubscriberFactory
from .helpers import confirm_url, form_data, path_of, tables_mentioning

INDEX = "/admin/newsletter/subscriber/"


@pytest.fixture
def readers(db):
    """Three subscribers in three states, each with its consent history."""
    pending = ConsentEventFactory(subscriber__email="pending@example.com").subscriber
    confirmed = SubscriberFactory(
        email="confirmed@example.com", status="confirmed", confirmed_at=timezone.now()
    )
    ConsentEventFactory(subscriber=confirmed)
    ConsentEventFactory(subscriber=confirmed, kind="confirmed", method="confirmation_link")
    gone = SubscriberFactory(email="gone@example.com", status="unsubscribed")
    ConsentEventFactory(subscriber=gone)
    Subscriber.objects.filter(pk=gone.pk).update(created_at=timezone.now() - timedelta(days=90))
    return pending, confirmed, gone


def test_the_subscriber_list_shows_status_and_filters(editor_client, readers):
    response = editor_client.get(INDEX)
    assert response.status_code == 200
    html = response.content.decode()
    for email in ("pending@example.com", "confirmed@example.com", "gone@example.com"):
        assert email in html
    assert "Pending confirmation" in html
    assert "Add subscriber" not in html

    confirmed_only = editor_client.get(INDEX, {"status": "confirmed"}).content.decode()
    assert "confirmed@example.com" in confirmed_only
    assert "pending@example.com" not in confirmed_only

    since = (timezone.now() - timedelta(days=7)).isoformat()
    recent = editor_client.get(INDEX, {"created_at__gte": since}).content.decode()
    assert "pending@example.com" in recent
    assert "gone@example.com" not in recent

    found = editor_client.get(INDEX, {"q": "PENDING@"}).content.decode()
    assert "pending@example.com" in found
    assert "confirmed@example.com" not in found


def test_the_subscriber_list_exports_csv(editor_client, readers):
    response = editor_client.get(INDEX, {"export": "csv", "status": "confirmed"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "newsletter-subscribers" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert rows[0][:2] == ["Email", "Status"]
    assert [row[0] for row in rows[1:]] == ["confirmed@example.com"]


def test_bulk_unsubscribe_asks_then_records_each_withdrawal(editor_client, readers):
    pending, confirmed, gone = readers
    ids = [pending.pk, confirmed.pk, gone.pk]

    ask = editor_client.post("/admin/newsletter/subscriber/bulk-unsubscribe/", {"subscriber": ids})
    assert ask.status_code == 200
    html = ask.content.decode()
    assert "pending@example.com" in html and "confirmed@example.com" in html
    assert "gone@example.com" not in html  # Already unsubscribed.
    assert Subscriber.objects.filter(status="unsubscribed").count() == 1

    done = editor_client.post(
        "/admin/newsletter/subscriber/bulk-unsubscribe/",
        {"subscriber": ids, "confirm": "yes"},
        follow=True,
    )

    assert "Unsubscribed 2 subscribers." in done.content.decode()
    assert Subscriber.objects.filter(status="unsubscribed").count() == 3
    withdrawals = ConsentEvent.objects.filter(kind="withdrawn")
    assert sorted(w.subscriber.email for w in withdrawals) == [
        "confirmed@example.com",
        "pending@example.com",
    ]
    assert {w.method for w in withdrawals} == {"admin"}
    assert mail.outbox == []


def test_the_list_has_a_checkbox_per_subscriber_for_the_bulk_form(editor_client, readers):
    html = editor_client.get(INDEX).content.decode()

    assert 'id="bulk-unsubscribe"' in html
    assert html.count('form="bulk-unsubscribe"') == 3


def test_one_subscriber_shows_their_consent_history(editor_client, client, resources_page):
    client.post("/newsletter/subscribe/", form_data(client, "/resources/", "ada@example.com"))
    client.post(path_of(confirm_url(mail.outbox[0])))
    subscriber = Subscriber.objects.get()

    response = editor_client.get(f"/admin/newsletter/subscriber/inspect/{subscriber.pk}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Consent history" in html
    assert "Consent given (form submitted)" in html
    assert "Consent confirmed (email link)" in html
    assert "Yes, email me one field note a month." in html
    assert "(version 1, en)" in html
    assert "http://localhost/resources/" in html


def test_the_consent_ledger_is_read_only_in_the_admin(editor_client, readers):
    event = ConsentEvent.objects.first()
    listing = editor_client.get("/admin/newsletter/consentevent/")
    assert listing.status_code == 200
    assert "Add consent event" not in listing.content.decode()

    for url in (
        "/admin/newsletter/consentevent/create/",
        f"/admin/newsletter/consentevent/edit/{event.pk}/",
        f"/admin/newsletter/consentevent/delete/{event.pk}/",
        f"/admin/newsletter/subscriber/edit/{event.subscriber_id}/",
        f"/admin/newsletter/subscriber/delete/{event.subscriber_id}/",
    ):
        assert editor_client.get(url).status_code in (302, 403), url
        assert editor_client.post(url, {"kind": "withdrawn"}).status_code in (302, 403), url

    assert ConsentEvent.objects.count() == 4
    assert editor_client.get(f"/admin/newsletter/consentevent/inspect/{event.pk}/").status_code == (
        200
    )


def test_the_admin_exports_and_erases_an_address(editor_client, client, resources_page):
    client.post("/newsletter/subscribe/", form_data(client, "/resources/", "ada@example.com"))
    subscriber = Subscriber.objects.get()
    url = "/admin/newsletter/data-request/"

    prefilled = editor_client.get(url, {"subscriber": subscriber.pk}).content.decode()
    assert 'value="ada@example.com"' in prefilled

    export = editor_client.post(url, {"email": "Ada@example.com", "action": "export"})
    assert export.status_code == 200
    assert export["Content-Disposition"].startswith("attachment;")
    data = json.loads(export.content)
    assert data["newsletter"]["consent_history"][0]["event"] == "granted"

    ask = editor_client.post(url, {"email": "ada@example.com", "action": "erase"})
    assert "Erase everything held about ada@example.com?" in ask.content.decode()
    assert Subscriber.objects.exists()

    done = editor_client.post(
        url, {"email": "ada@example.com", "action": "erase", "confirm": "yes"}, follow=True
    )
    assert "Erased 1 subscriber, 1 consent events and 0 form submissions." in (
        done.content.decode()
    )
    assert tables_mentioning("ada@example.com") == []


def test_the_newsletter_menu_lists_its_parts(editor_client, db):
    html = editor_client.get("/admin/").content.decode()

    for label in ("Newsletter", "Subscribers", "Consent ledger", "Data requests"):
        assert label in html


def test_people_without_permission_cannot_see_subscribers(client, django_user_model, readers):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(username="author", password="x" * 12)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    pending = readers[0]
    assert client.get(INDEX).status_code in (302, 403)
    assert client.get("/admin/newsletter/data-request/").status_code in (302, 403)
    export = client.post(
        "/admin/newsletter/data-request/", {"email": pending.email, "action": "export"}
    )
    assert export.status_code in (302, 403)
    assert pending.email not in export.content.decode()
    bulk = client.post(
        "/admin/newsletter/subscriber/bulk-unsubscribe/",
        {"subscriber": [pending.pk], "confirm": "yes"},
    )
    assert bulk.status_code in (302, 403)
    pending.refresh_from_db()
    assert pending.status == "pending"
