"""Signing up: the form, what is stored, the confirmation email, and what is refused."""

import time

import pytest
from django.core import mail
from django.core.signing import TimestampSigner, b62_encode
from django.test import Client
from django.utils import timezone

from home.models import SiteSettings
from newsletter import services
from newsletter.forms import ALTERED_MESSAGE, HONEYPOT_MESSAGE
from newsletter.models import ConsentEvent, ConsentNotice, Subscriber
from newsletter.views import NOTICE_CHANGED_MESSAGE, SUCCESS_MESSAGE

from .helpers import confirm_url, form_data, path_of, unsubscribe_url

LABEL = "Yes, email me one field note a month. I can unsubscribe at any time from any email."


def signup(client, email, **overrides):
    return client.post(
        "/newsletter/subscribe/", form_data(client, "/resources/", email, **overrides)
    )


def test_the_form_is_rendered_unticked_with_a_hidden_trap_and_the_notice(client, resources_page):
    html = client.get("/resources/").content.decode()

    assert '<form class="newsletter__form" action="/newsletter/subscribe/" method="post"' in html
    assert "csrfmiddlewaretoken" not in html  # the page is the same for every visitor
    assert 'type="checkbox" name="consent" value="yes" required' in html
    assert (
        'name="consent" value="yes" required aria-describedby="newsletter-consent-error">' in html
    )
    assert f'<label for="newsletter-consent">{LABEL}</label>' in html
    assert '<div class="field field--trap" aria-hidden="true">' in html
    assert 'name="website" tabindex="-1"' in html
    assert f'name="source_page" value="{resources_page.pk}"' in html
    assert "<script" not in html.split('class="newsletter__form"')[1].split("</form>")[0]


def test_a_signup_is_stored_pending_with_its_consent_and_sends_one_confirmation(
    client, resources_page
):
    response = signup(client, "  Ada.Lovelace@Example.COM ")

    assert response.status_code == 302
    assert response["Location"] == "/newsletter/thanks/"
    thanks = client.get(response["Location"])
    assert SUCCESS_MESSAGE in thanks.content.decode()

    subscriber = Subscriber.objects.get()
    assert subscriber.email == "ada.lovelace@example.com"
    assert subscriber.status == Subscriber.Status.PENDING
    event = ConsentEvent.objects.get()
    assert event.subscriber == subscriber
    assert event.kind == ConsentEvent.Kind.GRANTED
    assert event.method == ConsentEvent.Method.WEB_FORM
    assert event.purpose == "Newsletter: one field note a month by email"
    assert event.notice.text == LABEL
    assert (event.notice.version, event.notice.language) == (1, "en")
    assert event.source_page_id == resources_page.pk
    assert event.source_url == "http://localhost/resources/"
    assert event.created_at.utcoffset().total_seconds() == 0

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ada.lovelace@example.com"]
    assert message.subject == "Please confirm your subscription to AndOr field notes"
    assert confirm_url(message).startswith("http://testserver/newsletter/confirm/")
    assert unsubscribe_url(message).startswith("http://testserver/newsletter/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe_url(message)}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html_body = message.alternatives[0][0]
    assert confirm_url(message).replace("&", "&amp;") in html_body
    assert unsubscribe_url(message) in html_body
    assert LABEL in message.body


def test_the_confirmation_link_asks_then_confirms_and_records_it(client, resources_page):
    signup(client, "grace@example.com")
    link = path_of(confirm_url(mail.outbox[0]))

    page = client.get(link)
    assert page.status_code == 200
    assert "Confirm my subscription" in page.content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING

    done = client.post(link)
    assert done.status_code == 200
    assert "You are subscribed" in done.content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.confirmed_at is not None
    kinds = list(subscriber.events.values_list("kind", "method"))
    assert kinds == [("granted", "web_form"), ("confirmed", "confirmation_link")]
    confirmed = subscriber.events.last()
    assert confirmed.notice.text == LABEL
    assert confirmed.source_page_id == resources_page.pk

    again = client.post(link)
    assert "You are already subscribed" in again.content.decode()
    assert subscriber.events.count() == 2
    assert len(mail.outbox) == 1  # Nothing but the confirmation email.


def test_an_expired_or_tampered_link_confirms_nothing(client, resources_page):
    signup(client, "late@example.com")
    grant = ConsentEvent.objects.get()

    class EightDaysAgo(TimestampSigner):
        def timestamp(self):
            return b62_encode(int(time.time()) - 8 * 24 * 3600)

    expired = EightDaysAgo(salt=services.CONFIRM_SALT).sign_object(
        {"s": grant.subscriber_id, "g": grant.pk}
    )
    response = client.post(f"/newsletter/confirm/{expired}/")
    assert response.status_code == 400
    assert "This link has expired" in response.content.decode()

    tampered = path_of(confirm_url(mail.outbox[0])).replace("/confirm/", "/confirm/x")
    assert client.get(tampered).status_code == 400
    assert "This link is not valid" in client.post(tampered).content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_resubmitting_never_duplicates_or_reveals_the_address(client, resources_page):
    first = signup(client, "ada@example.com")
    client.post(path_of(confirm_url(mail.outbox[0])))
    again = signup(client, "ADA@Example.com")
    fresh = signup(client, "someone-new@example.com")
    json_again = client.post(
        "/newsletter/subscribe/",
        form_data(client, "/resources/", "Ada@example.com"),
        HTTP_ACCEPT="application/json",
    )

    assert first.status_code == again.status_code == fresh.status_code == 302
    assert first["Location"] == again["Location"] == fresh["Location"]
    assert json_again.json() == {"ok": True, "message": SUCCESS_MESSAGE}
    assert Subscriber.objects.filter(email="ada@example.com").count() == 1
    assert Subscriber.objects.get(email="ada@example.com").status == "confirmed"
    # No email to an address that is already confirmed.
    assert [m.to for m in mail.outbox] == [["ada@example.com"], ["someone-new@example.com"]]


def test_a_pending_address_gets_a_new_email_only_after_a_pause(client, resources_page):
    signup(client, "pending@example.com")
    signup(client, "pending@example.com")
    assert len(mail.outbox) == 1
    assert ConsentEvent.objects.count() == 1

    Subscriber.objects.update(requested_at=timezone.now() - 2 * services.RESEND_INTERVAL)
    signup(client, "pending@example.com")

    assert len(mail.outbox) == 2
    assert ConsentEvent.objects.filter(kind="granted").count() == 2
    # Either email's link confirms.
    client.post(path_of(confirm_url(mail.outbox[0])))
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED


def test_with_javascript_the_form_answers_in_json(client, resources_page):
    response = client.post(
        "/newsletter/subscribe/",
        form_data(client, "/resources/", "js@example.com"),
        HTTP_ACCEPT="application/json",
    )
    invalid = client.post(
        "/newsletter/subscribe/",
        form_data(client, "/resources/", "not-an-address"),
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code == 200
    assert response.json() == {"ok": True, "message": SUCCESS_MESSAGE}
    assert invalid.status_code == 400
    assert invalid.json()["errors"] == {
        "email": ["Please enter a valid email address, like name@company.com."]
    }
    assert Subscriber.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": "not-an-address"}, "Please enter a valid email address"),
        ({"email": ""}, "Please enter your email address."),
        ({"consent": None}, "Please tick the box to agree to receive the newsletter."),
        ({"email": "a" * 250 + "@example.com"}, "That email address is too long"),
        ({"website": "https://spam.example"}, HONEYPOT_MESSAGE),
        ({"website": "x" * 5000}, HONEYPOT_MESSAGE),
        ({"notice": "0" * 64}, NOTICE_CHANGED_MESSAGE),
        ({"notice": None}, NOTICE_CHANGED_MESSAGE),
        ({"notice": "f" * 65}, ALTERED_MESSAGE),
        ({"source_page": "9" * 5000}, ALTERED_MESSAGE),
    ],
    ids=[
        "invalid-email",
        "no-email",
        "no-consent",
        "too-long-email",
        "honeypot",
        "over-long-honeypot",
        "unknown-wording",
        "no-wording",
        "over-long-wording",
        "over-long-page",
    ],
)
def test_bad_input_is_explained_and_nothing_is_stored_or_sent(
    client, resources_page, overrides, message
):
    data = dict(form_data(client, "/resources/", "reader@example.com"), **overrides)
    data = {key: value for key, value in data.items() if value is not None}
    response = client.post("/newsletter/subscribe/", data)

    assert response.status_code == 400
    html = response.content.decode()
    assert "Your sign-up was not sent." in html
    assert message.replace("'", "&#x27;") in html
    assert html.count("<h1") == 1
    assert Subscriber.objects.count() == 0
    assert ConsentEvent.objects.count() == 0
    assert mail.outbox == []


def test_the_error_page_keeps_what_was_typed_and_marks_the_field(client, resources_page):
    response = signup(client, "reader@", consent=None)

    html = response.content.decode()
    assert 'value="reader@"' in html
    assert 'aria-invalid="true"' in html
    assert f'name="source_page" value="{resources_page.pk}"' in html
    assert "checked" not in html.split('id="newsletter-consent"')[1].split(">")[0]


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site", "Origin": "https://elsewhere.example"},
        {"Sec-Fetch-Site": "same-site", "Origin": "https://blog.testserver"},
        {"Origin": "https://elsewhere.example"},
        {"Origin": "null"},
        {"Referer": "https://elsewhere.example/page/"},
    ],
)
def test_a_post_made_by_another_sites_page_is_refused(resources_page, headers):
    client = Client(enforce_csrf_checks=True)
    data = form_data(client, "/resources/", "csrf@example.com")

    response = client.post("/newsletter/subscribe/", data, headers=headers)

    assert response.status_code == 403
    assert "only be sent from this site" in response.content.decode()
    assert Subscriber.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"},
        {"Origin": "http://testserver"},
        {"Referer": "http://testserver/resources/"},
    ],
)
def test_a_post_from_the_sites_own_page_needs_no_csrf_token(resources_page, headers):
    client = Client(enforce_csrf_checks=True)
    data = form_data(client, "/resources/", "own@example.com")

    response = client.post("/newsletter/subscribe/", data, headers=headers)

    assert response.status_code == 302
    assert Subscriber.objects.filter(email="own@example.com").exists()
    assert len(mail.outbox) == 1


def test_more_than_the_limit_per_minute_is_refused_with_429(client, resources_page, settings):
    settings.NEWSLETTER_RATE_LIMIT = "2/m"
    data = [form_data(client, "/resources/", f"r{n}@example.com") for n in range(4)]

    responses = [client.post("/newsletter/subscribe/", d) for d in data[:3]]
    json_response = client.post("/newsletter/subscribe/", data[3], HTTP_ACCEPT="application/json")

    assert [r.status_code for r in responses] == [302, 302, 429]
    assert "Too many requests" in responses[2].content.decode()
    assert json_response.status_code == 429
    assert "wait a minute" in json_response.json()["message"]
    assert sorted(Subscriber.objects.values_list("email", flat=True)) == [
        "r0@example.com",
        "r1@example.com",
    ]
    assert len(mail.outbox) == 2


def test_the_wording_shown_is_recorded_and_a_new_wording_is_a_new_version(client, resources_page):
    old_page_data = form_data(client, "/resources/", "early@example.com")
    client.post("/newsletter/subscribe/", old_page_data)
    settings = SiteSettings.for_site(resources_page.get_site())
    settings.newsletter_consent_label = "Yes, send me a monthly field note by email."
    settings.save()

    signup(client, "later@example.com")
    # A page opened before the change still records the words that page showed.
    client.post("/newsletter/subscribe/", dict(old_page_data, email="tab-left-open@example.com"))

    notices = {e.subscriber.email: e.notice for e in ConsentEvent.objects.all()}
    assert notices["early@example.com"].text == LABEL
    assert notices["early@example.com"].version == 1
    assert notices["later@example.com"].text == "Yes, send me a monthly field note by email."
    assert notices["later@example.com"].version == 2
    assert notices["tab-left-open@example.com"] == notices["early@example.com"]
    assert ConsentNotice.objects.count() == 2


def test_the_form_has_a_page_of_its_own(client, home_page):
    response = client.get("/newsletter/subscribe/")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="email"' in html
    assert 'name="source_page" value=""' in html
