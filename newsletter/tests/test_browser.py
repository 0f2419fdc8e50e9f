"""The newsletter form and the Book a Call page in a real browser, with and without JavaScript.

Drives Debian's chromium through Playwright, like resources/tests/test_browser.py.
"""

import io
import os
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command

from newsletter.models import Subscriber

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-quic"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def site_url(live_server):
    call_command("load_demo_content", stdout=io.StringIO())
    return live_server.url


@pytest.fixture
def open_page(browser):
    """Opens a page in a fresh browser context, closed after the test (no late requests)."""
    contexts = []

    def open_page(url, **options):
        context = browser.new_context(**options)
        contexts.append(context)
        page = context.new_page()
        errors = []
        # Script errors only: the browser also logs every 400 answer, which is expected here.
        page.on("pageerror", lambda e: errors.append(str(e)))
        assert page.goto(url).status == 200
        return page, errors

    yield open_page
    for context in contexts:
        context.close()


def test_with_javascript_the_form_answers_in_place(open_page, site_url):
    page, errors = open_page(f"{site_url}/resources/")
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
    page, _ = open_page(f"{site_url}/resources/", java_script_enabled=False)
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
def test_the_forms_pass_axe(open_page, site_url, path):
    if not AXE.exists():
        pytest.skip("axe-core is not installed (npm ci)")
    page, errors = open_page(f"{site_url}{path}")
    if path == "/book-a-call/":
        page.get_by_role("button", name="Request a call").click()
        page.wait_for_load_state()
        assert page.locator(".field__error").count() >= 3

    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")

    assert [v["id"] for v in results["violations"]] == []
    assert errors == []
