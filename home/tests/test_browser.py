"""The home page, standard pages and field notes in a real browser at 360 and 1280 px: axe-core,
the compact header and its menu without JavaScript, the footer on short pages, pictures in a
note's text column.

Full-page screenshots are saved under test-artifacts/ (fixtures in the root conftest.py).
"""

import json

import pytest
from wagtail.images import get_image_model

from home.demo import social_image_file
from home.models import HomePage, StandardPage
from resources.models import FieldNotePage, ResourcesPage

PHONE = {"width": 360, "height": 640}
DESKTOP = {"width": 1280, "height": 800}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}

pytestmark = [
    pytest.mark.browser,
    # Transactional, so the live server's thread sees the data; the rollback restores the
    # root page that Wagtail's migrations create.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("name", list(VIEWPORTS))
@pytest.mark.parametrize("path", ["/", "/privacy/"], ids=["home", "standard"])
def test_new_page_types_pass_axe(open_page, axe_violations, artifacts, site_url, path, name):
    page, errors = open_page(f"{site_url}{path}", viewport=VIEWPORTS[name])

    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    assert errors == []
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[name]["width"]
    label = "home" if path == "/" else "standard"
    page.screenshot(path=str(artifacts / f"{label}-{name}.png"), full_page=True)


def test_phone_header_is_short_and_its_menu_works_without_javascript(open_page, site_url):
    page, _ = open_page(f"{site_url}/", viewport=PHONE, java_script_enabled=False)

    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 0.15 * PHONE["height"], header
    links = page.get_by_role("navigation", name="Main").get_by_role("link")
    assert not page.get_by_role("link", name="Whitepapers").is_visible()

    page.get_by_text("Menu", exact=True).click()
    assert links.count() == 4
    assert page.get_by_role("link", name="Whitepapers").is_visible()
    assert page.get_by_role("searchbox", name="Search the site").is_visible()
    links.get_by_text("Resources", exact=True).click()
    page.wait_for_url(f"{site_url}/resources/")


def test_desktop_header_shows_navigation_and_search_without_a_menu(open_page, site_url):
    page, _ = open_page(f"{site_url}/", viewport=DESKTOP)

    assert not page.get_by_text("Menu", exact=True).is_visible()
    assert page.get_by_role("link", name="Whitepapers").is_visible()
    assert page.locator("#site-search-q").is_visible()


@pytest.mark.parametrize("name", list(VIEWPORTS))
def test_footer_sits_at_the_bottom_of_a_short_page(open_page, site_url, name):
    short = StandardPage(title="Short", slug="short", hero_heading="Short")
    HomePage.objects.get().add_child(instance=short)
    short.save_revision().publish()

    page, _ = open_page(f"{site_url}/short/", viewport=VIEWPORTS[name])

    footer = page.locator(".site-footer").bounding_box()
    assert footer["y"] + footer["height"] == pytest.approx(VIEWPORTS[name]["height"], abs=1)


def test_a_picture_in_a_field_note_spans_the_text_column(open_page, site_url, artifacts):
    image = get_image_model().objects.create(
        title="Gradient norm", file=social_image_file(tagline="Gradient norm")
    )
    note = FieldNotePage.objects.get(slug="lora-vs-full-sft-vs-rlhf")
    body = list(note.body.raw_data)
    body.insert(
        1,
        {
            "type": "image",
            "value": {
                "image": {"image": image.pk, "alt_text": "A chart", "decorative": False},
                "caption": "Gradient norm around checkpoint 19.",
            },
        },
    )
    note.body = json.dumps(body)
    note.save_revision().publish()
    assert ResourcesPage.objects.exists()

    page, errors = open_page(f"{site_url}{note.url}", viewport=DESKTOP)

    picture = page.locator(".figure img").bounding_box()
    text = page.locator(".note__body .prose").first.evaluate(
        "el => { const s = getComputedStyle(el);"
        " return el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight); }"
    )
    assert text > 700
    assert picture["width"] == pytest.approx(text, abs=1)
    assert errors == []
    page.screenshot(path=str(artifacts / "note-with-picture-desktop.png"), full_page=True)
