"""The newsletter form and the Book a Call page in a real browser, with and without JavaScript.

Drives Debian's chromium through Playwright (fixtures in the root conftest.py). Only script
errors count: the browser also logs every 400 answer, which is expected here.
"""

import pytest
from django.core import mail

from newsletter.models import Subscriber

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_with_javascript_the_form_answers_in_place(open_page, site_url):
    page, errors = open_page(f"{site_url}/resources/", console_errors=False)
    form = page.locator("[data-newsletter-form]")

    form.get_by_label("Work email").fill("not-an-address")
    form.get_by_role("button", name="Subscribe").click()
    error = form.locator('[data-error-for="email"]')
    error.wait_for(state="visible")
    assert "valid email address" in error.inner_text()
    assert "valid email address" not in form.locator('[data-error-for="consent"]').inner_text()
    assert page.url == f"{site_url}/resources/"

    form.get_by_label("Work email").fill("Browser@Example.com")
    form.locator("#newsletter-consent").check()
    form.get_by_role("button", name="Subscribe").click()
    status = form.locator("[data-newsletter-status]")
    status.get_by_text("Please check your inbox", exact=False).wait_for()

    assert page.url == f"{site_url}/resources/"
    assert error.is_hidden()
    assert form.get_by_label("Work email").input_value() == ""
    assert Subscriber.objects.get().email == "browser@example.com"
    assert len(mail.outbox) == 1
    assert errors == []


def test_without_javascript_the_form_posts_and_answers_with_a_page(open_page, site_url):
    page, _ = open_page(f"{site_url}/resources/", console_errors=False, java_script_enabled=False)
    form = page.locator("form.newsletter__form")

    form.get_by_label("Work email").fill("nojs@example.com")
    form.get_by_role("button", name="Subscribe").click()
    page.wait_for_load_state()
    assert page.url == f"{site_url}/newsletter/subscribe/"
    assert "Please tick the box" in page.content()

    page.locator("#newsletter-consent").check()
    page.get_by_role("button", name="Subscribe").click()
    page.wait_for_url(f"{site_url}/newsletter/thanks/")

    assert page.get_by_role("heading", level=1).inner_text() == "Check your inbox"
    assert Subscriber.objects.get().email == "nojs@example.com"


@pytest.mark.parametrize("path", ["/book-a-call/", "/newsletter/subscribe/"])
def test_the_forms_pass_axe(open_page, axe_violations, site_url, path):
    page, errors = open_page(f"{site_url}{path}", console_errors=False)
    if path == "/book-a-call/":
        page.get_by_role("button", name="Request a call").click()
        page.wait_for_load_state()
        assert page.locator(".field__error").count() >= 3

    assert axe_violations(page) == []
    assert errors == []
