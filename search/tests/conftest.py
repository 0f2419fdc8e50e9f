import os

import pytest
from django.core.cache import cache
from django.db import connection

# The search tests run against every backend named here (``search_backend`` fixture).
BACKENDS = {
    "project": "search.backend.database",  # the site's own: one-query ranking, ts_headline
    "stock": "wagtail.search.backends.database",  # Wagtail's, standing in for a search server
}


def backends_to_test():
    """The project's backend on the database the suite runs on, and Wagtail's stock backend
    too on PostgreSQL (it stems and weighs fields as a search server does; on SQLite it does
    not rank a title match first), so that CI (SQLite, then PostgreSQL) runs the search tests
    three times, not four. ``SEARCH_TEST_BACKENDS=project,stock`` chooses otherwise."""
    chosen = os.environ.get("SEARCH_TEST_BACKENDS", "")
    if chosen:
        return [name.strip() for name in chosen.split(",") if name.strip() in BACKENDS]
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return ["project", "stock"]
    return ["project"]


def pytest_generate_tests(metafunc):
    if "search_backend" not in metafunc.fixturenames:
        return
    names = backends_to_test()
    if metafunc.definition.get_closest_marker("project_backend"):
        names = [name for name in names if name == "project"]
    metafunc.parametrize("search_backend", names, indirect=True)


@pytest.fixture
def search_backend(request, settings):
    """Search (and indexing) through the backend of this run's parameter: "project" or
    "stock". Tests that use it prove what every backend must do; those marked
    ``project_backend`` what only the project's does."""
    name = getattr(request, "param", "project")
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": BACKENDS[name]}}
    return name


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters and cached vocabularies live in the cache: start each test clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def on_postgres(db):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: stemming, stop words and field weights")


@pytest.fixture
def on_sqlite(db):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: FTS5 without stemming")


def publish(page):
    """Publish the page the way the editor's Publish button does (signals included)."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page


FAQS = [
    ("pricing", "How do you price engagements?", "Fixed scope, fixed-fee pricing per package."),
    (
        "data-privacy",
        "How do you handle data privacy and compliance?",
        "GDPR by default; India DPDP; HIPAA where the engagement requires.",
    ),
]


def resources_body(faqs=FAQS, cards=()):
    from resources.tests.factories import stream

    blocks = [
        (
            "faq_section",
            {
                "eyebrow": "FAQ",
                "heading": "Questions we hear most often.",
                "intro": "",
                "items": [
                    {"question": q, "answer": f"<p>{a}</p>", "anchor": anchor}
                    for anchor, q, a in faqs
                ],
            },
        )
    ]
    if cards:
        blocks.append(
            (
                "whitepaper_section",
                {"eyebrow": "Whitepapers", "heading": "Papers.", "intro": "", "cards": list(cards)},
            )
        )
    return stream(*blocks)


def card(document, code="WP-07", title="Inference Economics", subtitle="What latency costs"):
    return {
        "code": code,
        "year": 2026,
        "title": title,
        "subtitle": subtitle,
        "summary": "Why every millisecond of latency has a price.",
        "document": document.pk,
    }


@pytest.fixture
def whitepaper(db):
    from resources.tests.factories import WhitepaperDocumentFactory

    document = WhitepaperDocumentFactory(title="WP-07 Inference Economics")
    document.extracted_text = (
        "Speculative decoding halves the latency of distilled models on commodity GPUs."
    )
    document.save()
    return document


@pytest.fixture
def resources(home_page, whitepaper):
    """A published Resources page with two FAQ questions and one whitepaper card."""
    from resources.tests.factories import ResourcesPageFactory

    page = ResourcesPageFactory(parent=home_page, body=resources_body(cards=[card(whitepaper)]))
    return publish(page)


@pytest.fixture
def note_factory(resources):
    from resources.tests.factories import FieldNotePageFactory

    def make(parent=None, **kwargs):
        return publish(FieldNotePageFactory(parent=parent or resources, **kwargs))

    return make
