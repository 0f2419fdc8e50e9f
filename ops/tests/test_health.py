"""/healthz for load balancers and systemd, and the production defaults around it."""

import importlib
import re
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from newsletter.models import Subscriber
from newsletter.services import unsubscribe_token

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def production(monkeypatch):
    """The production settings module as the environment makes it."""

    def load(**env):
        monkeypatch.setenv("SECRET_KEY", "test-only-production-key")
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        importlib.reload(importlib.import_module("andor_site.settings.base"))
        return importlib.reload(importlib.import_module("andor_site.settings.production"))

    return load


def test_healthz_says_the_database_and_cache_answer(db):
    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["cache"]["ok"] is True


def test_healthz_answers_503_when_the_cache_does_not_answer(db, settings, production):
    settings.CACHES = production(CACHE_URL="redis://127.0.0.1:1/14").CACHES

    response = Client().get("/healthz")

    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["cache"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True
    # Which check failed, never why: no address, port or error text.
    assert "127.0.0.1" not in response.content.decode()
    assert "refused" not in response.content.decode().lower()


def test_healthz_is_not_rate_limited_and_sets_no_cookie(db):
    client = Client()
    for _ in range(200):
        response = client.get("/healthz")
        assert response.status_code == 200
    assert not response.cookies


def test_production_keeps_database_connections_and_checks_them(production):
    database = production().DATABASES["default"]
    assert database["CONN_MAX_AGE"] == 60
    assert database["CONN_HEALTH_CHECKS"] is True
    assert production(CONN_MAX_AGE="0").DATABASES["default"]["CONN_MAX_AGE"] == 0


def test_a_link_signed_before_a_key_rotation_still_works(db, settings, production):
    old_key, new_key = "the-key-before-rotation", "the-key-after-rotation"
    rotated = production(SECRET_KEY=new_key, SECRET_KEY_FALLBACKS=old_key)
    assert rotated.SECRET_KEY_FALLBACKS == [old_key]

    subscriber = Subscriber.objects.create(
        email="reader@example.com", status=Subscriber.Status.CONFIRMED, requested_at=timezone.now()
    )
    settings.SECRET_KEY = old_key
    settings.SECRET_KEY_FALLBACKS = []
    link = f"/newsletter/unsubscribe/{unsubscribe_token(subscriber)}/"  # emailed before

    settings.SECRET_KEY = new_key
    settings.SECRET_KEY_FALLBACKS = rotated.SECRET_KEY_FALLBACKS
    response = Client().get(link)
    assert response.status_code == 200
    assert "reader@example.com" in response.content.decode()

    settings.SECRET_KEY_FALLBACKS = []
    assert Client().get(link).status_code == 400


def test_the_web_server_accepts_the_largest_upload_the_site_accepts(settings):
    """nginx's limit for the admin covers a document and an image at their largest, with room
    for the form around them; everything else is held to 1 MB."""
    config = (ROOT / "deploy" / "nginx" / "andor.conf").read_text()
    admin = re.search(r"location /admin/ \{(.*?)\}", config, re.S).group(1)
    admin_limit = int(re.search(r"client_max_body_size (\d+)m;", admin).group(1)) * 1024**2
    largest = max(
        settings.WAGTAILDOCS_MAX_UPLOAD_SIZE,
        getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 1024**2),
    )
    assert largest < admin_limit <= largest + 2 * 1024**2
    assert re.search(r"\n    client_max_body_size 1m;", config)
