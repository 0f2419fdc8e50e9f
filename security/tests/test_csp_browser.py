"""The admin works under its Content-Security-Policy: in chromium, an editor signs in, adds a
field note with every block, edits the Resources page adding every block, previews, publishes,
uploads a document and an image, and the browser reports no CSP violation. Public pages show
none either under their strict policy."""

import io

import pytest
from PIL import Image

from resources.demo.pdf import build_pdf
from resources.models import ResourcesPage

from .conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Every violation the page sees is recorded, whatever logs it.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push(
        `${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def admin_browser(browser, site_url, django_user_model):
    django_user_model.objects.create_superuser("editor", "editor@example.com", PASSWORD)
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    console = []
    page.on(
        "console",
        lambda m: (
            console.append(m.text)
            if "Content Security Policy" in m.text or "Content-Security-Policy" in m.text
            else None
        ),
    )

    def violations():
        found = list(console)
        for frame in page.frames:
            try:
                found += frame.evaluate("window.__cspViolations || []")
            except Exception:  # noqa: BLE001, S112  A frame that went away.
                continue
        return found

    page.goto(f"{site_url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{site_url}/admin/")
    yield page, violations
    context.close()


def add_every_block(page):
    """Opens the block picker of the body and inserts each kind of block once."""
    added = 0
    while True:
        page.locator(
            "[data-streamfield-stream-container] > .c-sf-add-button, .c-sf-add-button"
        ).last.click()
        options = page.locator(".w-combobox__option")
        options.first.wait_for()
        count = options.count()
        if added >= count:
            page.keyboard.press("Escape")
            return added
        options.nth(added).click()
        added += 1
        page.wait_for_timeout(150)


def test_an_editors_work_in_the_admin_raises_no_csp_violation(admin_browser, site_url, tmp_path):
    page, violations = admin_browser
    resources = ResourcesPage.objects.get()

    # A field note with every block: saved, previewed, published.
    page.goto(f"{site_url}/admin/pages/add/resources/fieldnotepage/{resources.pk}/")
    page.fill("#id_title", "A note with every block")
    blocks = add_every_block(page)
    assert blocks >= 5
    page.get_by_role("button", name="Toggle preview").click()
    page.frame_locator("iframe").first.locator("body").wait_for()
    page.wait_for_timeout(1000)
    page.locator("button.dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_load_state("load")

    # The Resources page: every block of its own.
    page.goto(f"{site_url}/admin/pages/{resources.pk}/edit/")
    add_every_block(page)
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_load_state("load")

    # A document and an image through the uploaders.
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(build_pdf("Paper", ["Text of the paper."]))
    page.goto(f"{site_url}/admin/documents/multiple/add/")
    page.set_input_files("input[type=file]", str(pdf))
    page.get_by_text("Upload successful", exact=False).first.wait_for(timeout=20000)

    image = tmp_path / "picture.png"
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), "teal").save(buffer, "PNG")
    image.write_bytes(buffer.getvalue())
    page.goto(f"{site_url}/admin/images/multiple/add/")
    page.set_input_files("input[type=file]", str(image))
    page.get_by_text("Upload successful", exact=False).first.wait_for(timeout=20000)

    # Choosers and listings editors use.
    for path in [
        "/admin/",
        "/admin/pages/",
        "/admin/documents/",
        "/admin/images/",
        "/admin/account/",
        "/admin/two-factor/setup/",
    ]:
        page.goto(f"{site_url}{path}")
        page.wait_for_load_state("load")

    found = violations()
    assert found == [], "\n".join(sorted(set(found)))


def test_public_pages_raise_no_csp_violation(browser, site_url):
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    found = []
    for path in ["/", "/resources/", "/book-a-call/", "/search/?q=model"]:
        page.goto(f"{site_url}{path}")
        page.wait_for_load_state("load")
        page.locator("input[type=search]").first.fill("mod")
        page.wait_for_timeout(600)
        found += page.evaluate("window.__cspViolations")
    context.close()
    assert found == []
