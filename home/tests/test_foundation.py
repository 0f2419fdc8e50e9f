"""The site foundation: chrome, page type rules, settings from the environment, error pages."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage, SiteSettings
from home.views import server_error
from resources.models import FieldNotePage, ResourcesPage
from resources.tests.factories import stream

ROOT = Path(__file__).resolve().parents[2]


def test_home_page_renders_with_the_site_chrome(client, home_page):
    settings = SiteSettings.for_site(home_page.get_site())
    settings.contact_email = "hello@andor.in"
    settings.navigation = stream(
        ("link", {"label": "Resources", "page": None, "url": "/resources/"})
    )
    settings.save()

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert '<a class="skip-link" href="#main-content">Skip to content</a>' in html
    assert '<main id="main-content"' in html
    assert '<nav class="site-nav" aria-label="Main">' in html
    assert '<a class="site-nav__link" href="/resources/">Resources</a>' in html
    assert 'href="mailto:hello@andor.in"' in html
    assert html.count("<h1") == 1


def test_navigation_is_edited_in_site_settings_not_the_template(client, home_page):
    settings = SiteSettings.for_site(home_page.get_site())
    settings.navigation = stream(("link", {"label": "Careers", "page": None, "url": "/careers/"}))
    settings.save()

    html = client.get("/").content.decode()

    assert '<a class="site-nav__link" href="/careers/">Careers</a>' in html


def test_home_page_leads_to_the_resources_page(client, demo_content):
    html = client.get("/").content.decode()

    assert 'href="/resources/"' in html


def test_unknown_address_answers_404_with_the_chrome(client, home_page):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "We couldn't find that page." in html
    assert '<main id="main-content"' in html
    assert 'class="site-header"' in html


def test_500_page_renders_without_touching_the_database():
    # No database fixture: any query here would fail the test.
    request = RequestFactory().get("/")

    response = server_error(request)

    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side." in html
    assert '<main id="main-content"' in html


class TestPageTypeRules(WagtailPageTestCase):
    def test_home_page_sits_at_the_root_only(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(ResourcesPage, HomePage)

    def test_resources_page_sits_under_the_home_page(self):
        self.assertCanCreateAt(HomePage, ResourcesPage)
        self.assertCanNotCreateAt(Page, ResourcesPage)
        self.assertCanNotCreateAt(ResourcesPage, ResourcesPage)
        self.assertCanNotCreateAt(FieldNotePage, ResourcesPage)

    def test_field_notes_sit_under_the_resources_page(self):
        self.assertCanCreateAt(ResourcesPage, FieldNotePage)
        self.assertCanNotCreateAt(HomePage, FieldNotePage)
        self.assertCanNotCreateAt(Page, FieldNotePage)
        self.assertCanNotCreateAt(FieldNotePage, FieldNotePage)


def _settings_process(code, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


LOAD_SETTINGS = "import django; from django.conf import settings; django.setup(); "


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = _settings_process(
        LOAD_SETTINGS + "print('started')",
        DJANGO_SETTINGS_MODULE="andor_site.settings.production",
    )

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
    assert "started" not in result.stdout


def test_production_settings_start_with_a_secret_key():
    result = _settings_process(
        LOAD_SETTINGS + "print(settings.DEBUG, settings.SECURE_SSL_REDIRECT)",
        DJANGO_SETTINGS_MODULE="andor_site.settings.production",
        SECRET_KEY="x" * 60,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False True"


@pytest.mark.parametrize(
    ("url", "engine", "name"),
    [
        (None, "django.db.backends.sqlite3", str(ROOT / "db.sqlite3")),
        ("postgres://andor@db.internal:5432/andor", "django.db.backends.postgresql", "andor"),
        ("sqlite:////tmp/other.sqlite3", "django.db.backends.sqlite3", "/tmp/other.sqlite3"),
    ],
)
def test_database_url_chooses_the_database(url, engine, name):
    env = {"DJANGO_SETTINGS_MODULE": "andor_site.settings.dev"}
    if url:
        env["DATABASE_URL"] = url
    result = _settings_process(
        LOAD_SETTINGS + "d = settings.DATABASES['default']; print(d['ENGINE']); print(d['NAME'])",
        **env,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [engine, name]


def test_ssl_redirect_can_be_left_to_the_proxy():
    result = _settings_process(
        LOAD_SETTINGS + "print(settings.SECURE_SSL_REDIRECT, settings.SECURE_PROXY_SSL_HEADER)",
        DJANGO_SETTINGS_MODULE="andor_site.settings.production",
        SECRET_KEY="x" * 60,
        SECURE_SSL_REDIRECT="False",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ('HTTP_X_FORWARDED_PROTO', 'https')"


def test_robots_txt_points_to_the_sitemap(client, home_page):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    # The site's configured address (the fixture's Site: localhost, port 80), not the request's.
    assert "Sitemap: http://localhost/sitemap.xml" in body
    assert client.get("/sitemap.xml").status_code == 200


def test_pages_describe_themselves_for_link_previews(client, demo_content):
    html = client.get("/resources/lora-vs-full-sft-vs-rlhf/").content.decode()

    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="LoRA vs Full SFT vs RLHF' in html
    assert '<meta name="description" content="Most teams asking us' in html


def test_a_blocked_rate_limit_answers_429_with_a_clear_page(rf, home_page):
    from django.http import HttpResponse
    from django_ratelimit.exceptions import Ratelimited
    from django_ratelimit.middleware import RatelimitMiddleware

    middleware = RatelimitMiddleware(lambda request: HttpResponse("ok"))
    response = middleware.process_exception(rf.get("/search/"), Ratelimited())
    response.render()

    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "Too many requests" in response.content.decode()
