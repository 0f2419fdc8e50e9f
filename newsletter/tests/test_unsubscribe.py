"""Withdrawing consent: one click from any email, no login, always recorded."""

import pytest
from django.core import mail
from django.test import Client

from newsletter.models import ConsentEvent, Subscriber

from .helpers import confirm_url, form_data, path_of, unsubscribe_url


@pytest.fixture
def confirmed(client, resources_page):
    """A reader who signed up on the Resources page and confirmed: (subscriber, email sent)."""
    client.post("/newsletter/subscribe/", form_data(client, "/resources/", "reader@example.com"))
    message = mail.outbox[0]
    client.post(path_of(confirm_url(message)))
    return Subscriber.objects.get(), message


def test_the_unsubscribe_link_works_without_login_in_one_click(confirmed):
    subscriber, message = confirmed
    visitor = Client(enforce_csrf_checks=True)  # A mail program's browser: no session, no cookie.
    link = path_of(unsubscribe_url(message))

    page = visitor.get(link)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Unsubscribe from AndOr field notes" in html
    assert "reader@example.com" in html
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED  # Opening the link changes nothing.

    done = visitor.post(link)
    assert done.status_code == 200
    assert "You are unsubscribed" in done.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None
    withdrawal = subscriber.events.last()
    assert withdrawal.kind == ConsentEvent.Kind.WITHDRAWN
    assert withdrawal.method == ConsentEvent.Method.UNSUBSCRIBE_PAGE
    assert withdrawal.notice == subscriber.events.first().notice
    assert withdrawal.source_url == "http://localhost/resources/"


def test_mail_programs_unsubscribe_with_the_one_click_post(confirmed):
    subscriber, message = confirmed
    header_url = message.extra_headers["List-Unsubscribe"].strip("<>")

    response = Client(enforce_csrf_checks=True).post(
        path_of(header_url), {"List-Unsubscribe": "One-Click"}
    )

    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.events.last().method == ConsentEvent.Method.ONE_CLICK


def test_unsubscribing_twice_records_one_withdrawal(client, confirmed):
    subscriber, message = confirmed
    link = path_of(unsubscribe_url(message))

    client.post(link)
    again = client.post(link)
    page = client.get(link)

    assert again.status_code == 200
    assert "You are unsubscribed" in page.content.decode()
    assert subscriber.events.filter(kind="withdrawn").count() == 1


def test_a_pending_signup_can_be_withdrawn_from_the_confirmation_email(client, resources_page):
    client.post("/newsletter/subscribe/", form_data(client, "/resources/", "maybe@example.com"))
    message = mail.outbox[0]

    client.post(path_of(unsubscribe_url(message)))
    # The confirmation link no longer subscribes anyone.
    response = client.post(path_of(confirm_url(message)))

    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


def test_an_unsubscribed_reader_can_subscribe_again_with_a_new_confirmation(client, confirmed):
    subscriber, message = confirmed
    client.post(path_of(unsubscribe_url(message)))

    client.post("/newsletter/subscribe/", form_data(client, "/resources/", "Reader@example.com"))
    old_link = client.post(path_of(confirm_url(message)))
    new_link = client.post(path_of(confirm_url(mail.outbox[1])))

    assert old_link.status_code == 400
    assert new_link.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert list(subscriber.events.values_list("kind", flat=True)) == [
        "granted",
        "confirmed",
        "withdrawn",
        "granted",
        "confirmed",
    ]
    assert Subscriber.objects.count() == 1


def test_a_forged_or_stale_unsubscribe_link_changes_nothing(client, confirmed):
    subscriber, message = confirmed
    link = path_of(unsubscribe_url(message))

    forged = client.post(link.replace("/unsubscribe/", "/unsubscribe/x"))

    assert forged.status_code == 400
    assert "This link is not valid" in forged.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_the_consent_ledger_is_append_only(confirmed):
    subscriber, _ = confirmed
    event = subscriber.events.first()

    event.method = ConsentEvent.Method.ADMIN
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    assert subscriber.events.first().method == ConsentEvent.Method.WEB_FORM


def test_an_unsubscribe_link_signed_with_another_key_changes_nothing(client, confirmed):
    """Whoever knows how the link is made but not the site's key cannot forge one."""
    from django.core import signing

    from newsletter.services import UNSUBSCRIBE_SALT, _address_tag

    subscriber, _ = confirmed
    payload = {"s": subscriber.pk, "a": _address_tag(subscriber.email)}
    forged = signing.dumps(payload, key="not-the-site-key", salt=UNSUBSCRIBE_SALT)

    response = client.post(f"/newsletter/unsubscribe/{forged}/")

    assert response.status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert not ConsentEvent.objects.filter(kind=ConsentEvent.Kind.WITHDRAWN).exists()


def test_a_link_sent_to_a_former_address_does_not_unsubscribe_the_new_one(client, confirmed):
    """A genuine link names the row and the address it was sent to: once the row holds
    another address (an erasure, then a new sign-up), the old link changes nothing."""
    subscriber, message = confirmed
    link = path_of(unsubscribe_url(message))
    Subscriber.objects.filter(pk=subscriber.pk).update(email="someone.else@example.com")

    response = client.post(link)

    assert response.status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
