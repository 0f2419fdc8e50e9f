import io

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from home.tests.factories import HomePageFactory
from resources.models import ResourcesPage


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
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="editor", email="editor@example.com", password="a-long-password"
    )
    client.force_login(user)
    return client
