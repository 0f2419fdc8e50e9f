"""Search in a real browser: the suggestion combobox by keyboard, and search without JavaScript.

Drives Debian's chromium through Playwright; skipped without it.
"""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
]

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


def test_suggestions_are_a_keyboard_combobox_and_ask_nothing_until_typing(browser, site_url):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    errors, requests = [], []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url) if "/search/suggest/" in r.url else None)
    page.goto(f"{site_url}/resources/")
    box = page.locator("#site-search-q")

    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "false"
    listbox_id = box.get_attribute("aria-controls")
    listbox = page.locator(f"#{listbox_id}")
    assert listbox.get_attribute("role") == "listbox"
    page.wait_for_timeout(300)
    assert requests == []

    box.focus()
    page.keyboard.type("how do you ha", delay=20)
    page.wait_for_selector(f"#{listbox_id} [role=option]")
    assert box.get_attribute("aria-expanded") == "true"
    options = listbox.locator("[role=option]")
    assert "How do you handle data privacy and compliance?" in options.first.inner_text()
    assert len(requests) <= 3  # typing is debounced

    page.keyboard.press("ArrowDown")
    first_id = options.first.get_attribute("id")
    assert box.get_attribute("aria-activedescendant") == first_id
    assert options.first.get_attribute("aria-selected") == "true"

    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    assert listbox.is_hidden()

    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/resources/#faq-data-privacy")
    assert page.locator("#faq-data-privacy").get_attribute("open") is not None
    assert errors == []
    context.close()


def test_search_works_with_javascript_off(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/resources/")
    box = page.locator("#site-search-q")
    assert box.get_attribute("role") is None

    box.fill("DPDP")
    box.press("Enter")
    page.wait_for_url("**/search/?q=DPDP")

    assert page.locator(".result__title a").first.inner_text() == (
        "How do you handle data privacy and compliance?"
    )
    assert page.locator(".result mark").first.inner_text() == "DPDP"
    context.close()


def test_the_results_page_has_no_accessibility_violations(browser, site_url):
    if not AXE.exists():
        pytest.skip("axe-core is not installed (npm ci)")
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site_url}/search/?q=quantization")
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    violations = [
        f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in results["violations"]
    ]
    assert violations == []
    context.close()
