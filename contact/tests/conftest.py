import pytest
from django.core.cache import cache

from contact.demo import contact_page


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate limits count in the cache: every test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def book_a_call(home_page):
    """The "Book a Call" page with its five fields, as the demo content makes it."""
    page, _ = contact_page(home_page)
    return page
