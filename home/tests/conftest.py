import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_cache():
    """The site chrome and page blocks are cached under a content version kept in the database,
    which each test's rollback resets: every test starts with an empty cache."""
    cache.clear()
    yield
    cache.clear()
