"""Password forms are rate-limited per client; public requests have a body cap (413)."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction


@pytest.fixture
def tight(settings):
    settings.PASSWORD_FORM_RATE_LIMIT = "3/m"
    settings.PASSWORD_RESET_RATE_LIMIT = "2/h"


def test_password_reset_requests_are_limited_per_client(client, editor, tight):
    statuses = [
        client.post("/admin/password_reset/", {"email": "editor@example.com"}).status_code
        for _ in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert len(mail.outbox) == 2


def test_password_reset_requests_are_limited_per_address(client, editor, tight):
    statuses = [
        client.post(
            "/admin/password_reset/", {"email": "editor@example.com"}, REMOTE_ADDR=f"203.0.113.{n}"
        ).status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert len(mail.outbox) == 2


def test_page_password_guesses_are_limited_per_client(client, home_page, tight):
    restriction = PageViewRestriction.objects.create(
        page=home_page, restriction_type="password", password="open-sesame"
    )
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, home_page.pk])
    statuses = [
        client.post(url, {"password": f"guess{n}", "return_url": "/"}).status_code for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    # The right password is refused too until the minute is over.
    assert client.post(url, {"password": "open-sesame", "return_url": "/"}).status_code == 429
    # Another client is not held back.
    other = client.post(url, {"password": "open-sesame", "return_url": "/"}, REMOTE_ADDR="1.2.3.4")
    assert other.status_code == 302


def test_collection_password_guesses_are_limited_per_client(client, db, tight):
    collection = Collection.get_first_root_node().add_child(name="Clients only")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type="password", password="open-sesame"
    )
    url = reverse("wagtaildocs_authenticate_with_password", args=[restriction.pk])
    statuses = [
        client.post(url, {"password": f"guess{n}", "return_url": "/"}).status_code for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


# --- Body cap ------------------------------------------------------------------------------------


def largest_enquiry(page):
    """Every field of the contact form at its longest, in four-byte characters."""
    form = page.get_form(page=page, user=None)
    data = {}
    for name, field in form.fields.items():
        length = getattr(field, "max_length", None) or 255
        data[name] = "𝔸" * length
    data["work_email"] = "ada@example.com"
    return data


def test_the_largest_legitimate_form_fits_and_more_is_refused(client, book_a_call, settings):
    from urllib.parse import urlencode

    form = "application/x-www-form-urlencoded"  # what a browser sends for these forms
    data = largest_enquiry(book_a_call)
    body = urlencode(data)
    assert len(body) < settings.PUBLIC_MAX_BODY_BYTES
    response = client.post(book_a_call.url, body, content_type=form)
    assert response.status_code == 200  # answered by the form itself

    body += "&padding=" + "x" * (settings.PUBLIC_MAX_BODY_BYTES - len(body))
    response = client.post(book_a_call.url, body, content_type=form)
    assert response.status_code == 413
    assert "That request is too large" in response.content.decode()


def test_every_public_endpoint_has_the_cap(client, home_page, settings):
    big = "x" * (settings.PUBLIC_MAX_BODY_BYTES + 1)
    for url in ("/newsletter/subscribe/", "/search/", "/", "/no-such-page/"):
        response = client.post(url, {"q": big})
        assert response.status_code == 413, url


def test_the_admin_keeps_its_own_limits(editor_client, settings):
    big = "x" * (settings.PUBLIC_MAX_BODY_BYTES + 1)
    response = editor_client.post("/admin/pages/search/", {"q": big})
    assert response.status_code != 413
