"""The Resources page in a real browser: phone and desktop widths, keyboard, axe-core.

Full-page screenshots are saved under test-artifacts/ (fixtures in the root conftest.py).
"""

import re

import pytest

VIEWPORTS = {"phone": {"width": 360, "height": 780}, "desktop": {"width": 1366, "height": 900}}

pytestmark = [
    pytest.mark.browser,
    # Transactional, so the live server's thread sees the data; the rollback restores the
    # root page that Wagtail's migrations create.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("name", list(VIEWPORTS))
def test_resources_page_in_the_browser(open_page, axe_violations, artifacts, site_url, name):
    page, errors = open_page(f"{site_url}/resources/", viewport=VIEWPORTS[name])

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

    page.screenshot(path=str(artifacts / f"resources-{name}.png"), full_page=True)
    assert axe_violations(page) == []

    # "Read note →" leads to the note.
    read_note = re.compile(r"^Read note\W+Distilling SAM for consumer phones$")
    page.get_by_role("link", name=read_note).click()
    page.wait_for_url("**/resources/distilling-sam-for-consumer-phones/")
    assert page.locator("h1").inner_text() == "Distilling SAM for consumer phones"
    page.screenshot(path=str(artifacts / f"field-note-{name}.png"), full_page=True)
    assert axe_violations(page) == []
    assert errors == []


def test_a_link_to_a_faq_opens_it(open_page, site_url):
    page, errors = open_page(f"{site_url}/resources/#faq-data-privacy", viewport=VIEWPORTS["phone"])

    assert page.locator("#faq-data-privacy").get_attribute("open") is not None
    assert page.locator("#faq-data-privacy .faq__answer").is_visible()
    assert errors == []


def test_faqs_work_with_javascript_off(open_page, site_url):
    page, _ = open_page(
        f"{site_url}/resources/", viewport=VIEWPORTS["desktop"], java_script_enabled=False
    )

    page.locator("#faq-ip-ownership > summary").click()

    assert page.locator("#faq-ip-ownership .faq__answer").is_visible()


def test_full_field_note_is_accessible(open_page, axe_violations, site_url):
    page, errors = open_page(
        f"{site_url}/resources/mid-training-debugging-catching-divergence-at-hour-40/",
        viewport=VIEWPORTS["desktop"],
    )

    assert axe_violations(page) == []
    assert errors == []
