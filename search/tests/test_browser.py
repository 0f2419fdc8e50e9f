"""Search in a real browser: the suggestion combobox by keyboard, and search without JavaScript.

Drives Debian's chromium through Playwright; skipped without it.
"""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# browser, site_url, open_page and axe_violations come from the root conftest.


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
    page.wait_for_selector("#faq-data-privacy[open]")  # the FAQ item opens itself
    assert errors == []
    context.close()


def test_search_works_with_javascript_off(open_page, site_url):
    page, _ = open_page(f"{site_url}/resources/", java_script_enabled=False)
    box = page.locator("#site-search-q")
    assert box.get_attribute("role") is None

    box.fill("DPDP")
    box.press("Enter")
    page.wait_for_url("**/search/?q=DPDP")

    assert page.locator(".result__title a").first.inner_text() == (
        "How do you handle data privacy and compliance?"
    )
    assert page.locator(".result mark").first.inner_text() == "DPDP"


def test_the_results_page_has_no_accessibility_violations(open_page, axe_violations, site_url):
    page, errors = open_page(f"{site_url}/search/?q=quantization")

    assert axe_violations(page) == []
    assert errors == []
