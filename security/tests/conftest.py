import pytest
from django.core.cache import cache

from contact.demo import contact_page

PASSWORD = "a-long-password-for-tests"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate limits count in the cache: every test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser(
        username="editor", email="editor@example.com", password=PASSWORD
    )


@pytest.fixture
def book_a_call(home_page):
    page, _ = contact_page(home_page)
    return page


def sign_in(client, username="editor", password=PASSWORD, **extra):
    """The admin's sign-in form, as a browser posts it."""
    return client.post(
        "/admin/login/", {"username": username, "password": password, "next": "/admin/"}, **extra
    )
