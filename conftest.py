import io
import os
import threading
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from wagtail.models import Page, Site

from home.tests.factories import HomePageFactory
from resources.models import ResourcesPage


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the content version that keys cached fragments
    starts again with each test's database."""
    cache.clear()


@pytest.fixture
def home_page(db):
    """A fresh site: the home page at the root, as the demo content makes it."""
    root = Page.get_first_root_node()
    for page in root.get_children():
        page.delete()
    home = HomePageFactory(parent=root)
    Site.objects.all().delete()
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="AndOr"
    )
    return home


@pytest.fixture
def demo_content(db):
    """The whole demo content, loaded by the management command."""
    call_command("load_demo_content", stdout=io.StringIO())

    return ResourcesPage.objects.get(slug="resources")


@pytest.fixture
def in_own_connection():
    """Runs a function in a thread with its own (autocommitting) database connection, as another
    server process would, and returns its result: what it writes is committed at once."""

    def run_in_own_connection(function):
        result = {}

        def run():
            try:
                result["value"] = function()
            finally:
                connection.close()

        thread = threading.Thread(target=run)
        thread.start()
        thread.join()
        return result.get("value")

    return run_in_own_connection


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="editor", email="editor@example.com", password="a-long-password"
    )
    client.force_login(user)
    return client


# --- Browser tests: Debian's chromium through Playwright, axe-core from node_modules ----------

ROOT = Path(__file__).resolve().parent
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


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the tests' own database calls
    # are synchronous and safe.
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
def artifacts():
    """Where browser tests save screenshots (test-artifacts/, not tracked)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def site_url(live_server):
    """The live server's address, with the demo content loaded."""
    call_command("load_demo_content", stdout=io.StringIO())
    return live_server.url


@pytest.fixture
def open_page(browser):
    """Opens a page in a fresh browser context (closed after the test); returns the page and
    the script errors seen, plus console errors unless ``console_errors=False``."""
    contexts = []

    def open_page(url, console_errors=True, **context_options):
        context = browser.new_context(**context_options)
        contexts.append(context)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        if console_errors:
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        assert page.goto(url).status == 200
        return page, errors

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def axe_violations():
    """Runs axe-core (every non-experimental rule) in a page; returns its violations."""
    if not AXE.exists():
        pytest.skip("axe-core is not installed (npm ci)")

    def run(page):
        # Through the DevTools protocol, which the page's Content-Security-Policy does not
        # govern (a <script> tag added to the page would be refused by it).
        page.evaluate(AXE.read_text() + "\n;true")
        results = page.evaluate(
            "async () => await axe.run(document, {resultTypes: ['violations']})"
        )
        return [
            f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in results["violations"]
        ]

    return run
