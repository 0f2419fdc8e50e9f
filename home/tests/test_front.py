"""Through a real Varnish with the project's configuration (deploy/varnish/default.vcl), in
front of gunicorn with the production settings on the test database: what visitors and editors
see through the caching front."""

import importlib.util
import re
import shutil
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from newsletter.models import Subscriber
from resources.models import Author, FieldNotePage, ResourcesPage
from resources.tests.factories import stream

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.front,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not shutil.which("varnishd"), reason="no varnishd (apt-get install varnish)"
    ),
]

_spec = importlib.util.spec_from_file_location("stack", ROOT / "deploy" / "varnish" / "stack.py")
stack = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(stack)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(NoRedirect)


def fetch(url, method="GET", data=None, headers=None):
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with _opener.open(request, timeout=15) as response:
            return response.status, _headers(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, _headers(error.headers), error.read().decode()


def _headers(message):
    """The headers as a dict, with every Set-Cookie kept (joined with newlines)."""
    headers = dict(message)
    cookies = message.get_all("Set-Cookie") or []
    if cookies:
        headers["Set-Cookie"] = "\n".join(cookies)
    return headers


def database_url():
    settings = connection.settings_dict
    if settings["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings['NAME']}"
    return (
        f"postgres://{settings['USER'] or 'postgres'}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )


class Front:
    """gunicorn and Varnish for the test database, each stopped by its PID."""

    def __init__(self, app_port, front_port, shared_max_age, grace):
        self.app_port, self.front_port = app_port, front_port
        self.url = f"http://127.0.0.1:{front_port}"
        self.workdir = tempfile.mkdtemp(prefix="andor-front-test-")
        self.env = stack.app_environment(
            app_port,
            front_port,
            {
                "DATABASE_URL": database_url(),
                "CACHE_URL": "redis://127.0.0.1:6379/12",
                # The editor here signs in with a password alone (two-factor is tested apart).
                "ADMIN_REQUIRE_2FA": "False",
                "STATIC_ROOT": str(Path(self.workdir) / "static"),
                "MEDIA_ROOT": str(Path(self.workdir) / "media"),
                "CACHE_SHARED_MAX_AGE": str(shared_max_age),
                "NEWSLETTER_RATE_LIMIT": "100/m",
                "LOG_LEVEL": "ERROR",
            },
        )
        self.grace = grace
        stack.collectstatic(self.env)
        self.app = self.front = None

    def start(self):
        self.start_app()
        self.front = stack.start_front(self.front_port, self.app_port, self.workdir, self.grace)
        stack.wait_for_port(self.front_port)
        return self

    def start_app(self):
        self.app = stack.start_app(self.app_port, self.env, workers=2)
        stack.wait_for_port(self.app_port)

    def stop_app(self):
        stack.stop(self.app)

    def stop(self):
        stack.stop(self.front)
        stack.stop(self.app)
        shutil.rmtree(self.workdir, ignore_errors=True)

    def empty(self):
        status, _, _ = fetch(self.url + "/", method="BAN", headers={"X-Ban-Path": "."})
        assert status == 200

    def get(self, path, **kwargs):
        return fetch(self.url + path, **kwargs)


@pytest.fixture
def running_front(django_db_setup, django_db_blocker):
    # A gunicorn of its own for every test: nothing it holds (connections, cached site paths)
    # outlives the test database's flush between tests.
    front = Front(18122, 18123, shared_max_age=3600, grace="60s").start()
    yield front
    front.stop()


@pytest.fixture
def front(running_front, demo_content, settings):
    """The front, emptied, with the demo content; this process purges it as gunicorn would."""
    running_front.empty()
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": running_front.url,
        }
    }
    return running_front


def test_a_second_anonymous_request_is_served_by_the_front(front):
    status, first, html = front.get("/resources/")
    assert status == 200
    assert first["X-Cache"] == "MISS"

    status, second, again = front.get("/resources/", headers={"Cookie": "_ga=GA1.1.123"})

    assert status == 200 and again == html
    assert second["X-Cache"] == "HIT"
    assert "Age" in second
    assert second["Cache-Control"].startswith("public")
    assert "Set-Cookie" not in second and "Cookie" not in second.get("Vary", "")
    assert "csrfmiddlewaretoken" not in html


def test_a_published_faq_answer_shows_through_the_front_at_once(front, editor_client):
    page = ResourcesPage.objects.get(pk=front_page_pk())
    page.body = stream(
        (
            "faq_section",
            {
                "eyebrow": "FAQ",
                "heading": "Questions",
                "intro": "<p>Ask us.</p>",
                "items": [{"question": "Do you sign NDAs?", "answer": "<p>Sometimes.</p>"}],
            },
        )
    )
    page.save_revision().publish()
    front.get("/resources/")
    assert front.get("/resources/")[1]["X-Cache"] == "HIT"

    post_data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "hero_eyebrow": page.hero_eyebrow,
            "hero_heading": page.hero_heading,
            "hero_intro": page.hero_intro,
            "body": streamfield(
                [
                    (
                        "faq_section",
                        {
                            "eyebrow": "FAQ",
                            "heading": "Questions",
                            "intro": rich_text("<p>Ask us.</p>"),
                            "items": {
                                "0": {
                                    "value": {
                                        "question": "Do you sign NDAs?",
                                        "answer": rich_text("<p>Yes, before every first call.</p>"),
                                    },
                                    "deleted": "",
                                    "order": "0",
                                    "id": "item-0",
                                },
                                "count": "1",
                            },
                        },
                    )
                ]
            ),
            "action-publish": "publish",
        }
    )
    response = editor_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), post_data)
    assert response.status_code == 302

    status, _, html = front.get("/resources/")
    assert "Yes, before every first call." in html
    assert "Sometimes." not in html


def test_a_published_note_shows_in_the_feeds_and_sitemap_through_the_front_at_once(
    front, editor_client
):
    resources = ResourcesPage.objects.get(slug="resources")
    listings = ["/feeds/field-notes.rss", "/feeds/field-notes.atom", "/sitemap.xml"]
    for path in listings:
        front.get(path)
        status, headers, body = front.get(path)
        assert status == 200 and headers["X-Cache"] == "HIT", path
        assert "published-through-the-front" not in body

    response = editor_client.post(
        reverse("wagtailadmin_pages:add", args=["resources", "fieldnotepage", resources.pk]),
        nested_form_data(
            {
                "title": "Published through the front",
                "slug": "published-through-the-front",
                "dek": "A note the feeds list at once.",
                "date": "2026-12-01",
                "note_authors": inline_formset([{"author": str(Author.objects.first().pk)}]),
                "body": streamfield([("paragraph", rich_text("<p>Fresh.</p>"))]),
                "action-publish": "publish",
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert FieldNotePage.objects.get(slug="published-through-the-front").live

    for path in listings:
        status, _, body = front.get(path)
        assert status == 200 and "published-through-the-front" in body, path


def front_page_pk():
    return ResourcesPage.objects.get(slug="resources").pk


def test_a_note_made_private_leaves_the_resources_page_through_the_front(front, editor_client):
    note = FieldNotePage.objects.live().order_by("-date").first()
    _, _, html = front.get("/resources/")
    assert f">{note.title}<" in html
    assert front.get(note.url)[0] == 200

    response = editor_client.post(
        reverse("wagtailadmin_pages:set_privacy", args=[note.pk]),
        {"restriction_type": "password", "password": "between-us", "groups": []},
    )
    assert response.status_code == 200
    assert PageViewRestriction.objects.filter(page=note).exists()

    _, _, html = front.get("/resources/")
    assert f">{note.title}<" not in html
    status, headers, body = front.get(note.url)
    assert "between-us" not in body and "password" in body.lower()
    assert "no-store" in headers["Cache-Control"]


def test_the_admin_and_a_preview_never_come_from_the_front(front, django_user_model, settings):
    # gunicorn's production settings check passwords with Django's default hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    django_user_model.objects.create_superuser("front-editor", "e@example.com", "a-long-password")
    status, headers, html = front.get("/admin/login/")
    cookie = re.search(r"csrftoken=([^;]+)", headers["Set-Cookie"]).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    status, headers, _ = front.get(
        "/admin/login/",
        method="POST",
        data=(
            f"username=front-editor&password=a-long-password&csrfmiddlewaretoken={token}"
        ).encode(),
        headers={
            "Cookie": f"csrftoken={cookie}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": front.url + "/admin/login/",
            "Origin": front.url,
        },
    )
    assert status == 302
    session = re.search(r"sessionid=([^;]+)", headers["Set-Cookie"]).group(1)
    signed_in = {"Cookie": f"sessionid={session}; csrftoken={cookie}"}

    page = ResourcesPage.objects.get(slug="resources")
    page.hero_heading = "A draft heading only editors see"
    page.save_revision()
    for _ in range(2):
        status, headers, html = front.get("/admin/", headers=signed_in)
        assert status == 200 and headers["X-Cache"] != "HIT"
        assert "no-store" in headers["Cache-Control"]
        status, headers, html = front.get(f"/admin/pages/{page.pk}/view_draft/", headers=signed_in)
        assert status == 200 and headers["X-Cache"] != "HIT"
        assert "A draft heading only editors see" in html
    status, headers, html = front.get("/resources/", headers=signed_in)
    assert headers["X-Cache"] != "HIT" and "no-store" in headers["Cache-Control"]
    assert "A draft heading only editors see" not in front.get("/resources/")[2]


def test_a_newsletter_signup_through_the_front_works_without_javascript(front):
    _, _, html = front.get("/resources/")
    notice = re.search(r'name="notice" value="([^"]*)"', html).group(1)
    source = re.search(r'name="source_page" value="([^"]*)"', html).group(1)
    body = f"email=plain%40example.com&consent=yes&website=&notice={notice}&source_page={source}"

    status, headers, _ = front.get(
        "/newsletter/subscribe/",
        method="POST",
        data=body.encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": front.url,
            "Sec-Fetch-Site": "same-origin",
        },
    )
    assert status == 302 and headers["Location"].endswith("/newsletter/thanks/")
    assert Subscriber.objects.filter(email="plain@example.com").exists()

    status, _, _ = front.get(
        "/newsletter/subscribe/",
        method="POST",
        data=body.replace("plain", "forged").encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": "https://elsewhere.example",
            "Sec-Fetch-Site": "cross-site",
        },
    )
    assert status == 403
    assert not Subscriber.objects.filter(email="forged@example.com").exists()


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False])
def test_a_newsletter_signup_in_a_browser_through_the_front(front, open_page, javascript):
    front.get("/resources/")  # kept by the front
    email = f"browser-{'js' if javascript else 'nojs'}@example.com"
    page, errors = open_page(front.url + "/resources/", java_script_enabled=javascript)
    page.fill("#newsletter-email", email)
    page.check("#newsletter-consent")
    page.click(".newsletter__form button[type=submit]")
    if javascript:
        page.locator("[data-newsletter-status]", has_text="inbox").wait_for()
        assert page.url == front.url + "/resources/"
    else:
        page.wait_for_load_state()
        assert "check your inbox" in page.content(), page.content()[:3000]
    assert Subscriber.objects.filter(email=email).exists()
    assert errors == []


@pytest.fixture
def short_lived_front(django_db_setup, demo_content):
    front = Front(18124, 18125, shared_max_age=1, grace="60s").start()
    yield front
    front.stop()


def test_with_gunicorn_stopped_the_front_serves_pages_within_the_grace_period(
    short_lived_front,
):
    front = short_lived_front
    status, _, html = front.get("/resources/")
    assert status == 200
    front.stop_app()
    time.sleep(2)  # the kept page is now past its shared max-age, within its grace

    status, headers, stale = front.get("/resources/")

    assert status == 200
    assert stale == html
    assert int(headers["Age"]) >= 1
    assert front.get("/resources/never-kept/")[0] == 503  # nothing kept: nothing to serve
