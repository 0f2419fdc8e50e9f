"""The Resources page in a real browser: phone and desktop widths, keyboard, axe-core.

Drives Debian's chromium through Playwright (Playwright's own browser download is not used).
Full-page screenshots are saved under test-artifacts/.
"""

import io
import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORTS = {"phone": {"width": 360, "height": 780}, "desktop": {"width": 1366, "height": 900}}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    if not AXE.exists():
        pytest.skip("axe-core is not installed (npm ci)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the test's own database calls
    # are synchronous and safe.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    ARTIFACTS.mkdir(exist_ok=True)
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


def open_page(browser, url, viewport, **options):
    context = browser.new_context(viewport=viewport, **options)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    response = page.goto(url)
    assert response.status == 200
    return page, errors


def axe_violations(page):
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
    ]


@pytest.mark.parametrize("name", list(VIEWPORTS))
def test_resources_page_in_the_browser(browser, site_url, name):
    page, errors = open_page(browser, f"{site_url}/resources/", VIEWPORTS[name])

    assert page.locator("h1").count() == 1
    assert page.locator("h1").inner_text() == "Field notes from shipping AI at scale."
    # Nothing overflows sideways, even on a 360 px phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[name]["width"]

    # A FAQ opens and closes with the keyboard.
    summary = page.locator("#faq-pricing > summary")
    answer = page.locator("#faq-pricing .faq__answer")
    assert not answer.is_visible()
    summary.focus()
    page.keyboard.press("Enter")
    assert answer.is_visible()
    assert "No T&M surprises." in answer.inner_text()
    page.keyboard.press("Space")
    assert not answer.is_visible()

    page.screenshot(path=str(ARTIFACTS / f"resources-{name}.png"), full_page=True)
    assert axe_violations(page) == []

    # "Read note →" leads to the note.
    read_note = re.compile(r"^Read note\W+Distilling SAM for consumer phones$")
    page.get_by_role("link", name=read_note).click()
    page.wait_for_url("**/resources/distilling-sam-for-consumer-phones/")
    assert page.locator("h1").inner_text() == "Distilling SAM for consumer phones"
    page.screenshot(path=str(ARTIFACTS / f"field-note-{name}.png"), full_page=True)
    assert axe_violations(page) == []
    assert errors == []


def test_a_link_to_a_faq_opens_it(browser, site_url):
    page, errors = open_page(browser, f"{site_url}/resources/#faq-data-privacy", VIEWPORTS["phone"])

    assert page.locator("#faq-data-privacy").get_attribute("open") is not None
    assert page.locator("#faq-data-privacy .faq__answer").is_visible()
    assert errors == []


def test_faqs_work_with_javascript_off(browser, site_url):
    page, _ = open_page(
        browser, f"{site_url}/resources/", VIEWPORTS["desktop"], java_script_enabled=False
    )

    page.locator("#faq-ip-ownership > summary").click()

    assert page.locator("#faq-ip-ownership .faq__answer").is_visible()


def test_full_field_note_is_accessible(browser, site_url):
    page, errors = open_page(
        browser,
        f"{site_url}/resources/mid-training-debugging-catching-divergence-at-hour-40/",
        VIEWPORTS["desktop"],
    )

    assert axe_violations(page) == []
    assert errors == []
