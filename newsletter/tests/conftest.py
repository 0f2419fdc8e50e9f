import pytest
from django.core.cache import cache

from resources.tests.factories import ResourcesPageFactory, stream


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate limits count in the cache: every test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def resources_page(home_page):
    """A Resources page with the newsletter block, as editors compose it."""
    return ResourcesPageFactory(
        parent=home_page,
        body=stream(
            (
                "newsletter",
                {"eyebrow": "NEWSLETTER", "heading": "One field note. Once a month.", "text": ""},
            )
        ),
    )


@pytest.fixture
def book_a_call(home_page):
    """The "Book a Call" page with its five fields, as the demo content makes it."""
    from contact.demo import contact_page

    page, _ = contact_page(home_page)
    return page
