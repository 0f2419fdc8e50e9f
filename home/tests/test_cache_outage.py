"""With the production cache settings, an unreachable Redis slows the site down but never
takes it down."""

import importlib
import os
import re

import pytest
from django.core import mail
from django.test import Client

from newsletter.models import Subscriber


@pytest.fixture
def redis_down(settings, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "test-only-production-settings-key")
    monkeypatch.setenv("CACHE_URL", "redis://127.0.0.1:1/0")  # nothing listens there
    production = importlib.import_module("andor_site.settings.production")
    production = importlib.reload(production)
    settings.CACHES = production.CACHES
    settings.RATELIMIT_FAIL_OPEN = production.RATELIMIT_FAIL_OPEN
    assert settings.CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache"
    assert os.environ["CACHE_URL"].endswith(":1/0")
    return settings


def test_pages_search_and_forms_work_without_the_cache(demo_content, redis_down):
    client = Client()

    assert "Twelve questions we hear most often." in client.get("/resources/").content.decode()
    assert client.get("/resources/lora-vs-full-sft-vs-rlhf/").status_code == 200
    assert client.get("/search/", {"q": "quantization"}).status_code == 200
    assert client.get("/search/suggest/", {"q": "qua"}).status_code == 200

    html = client.get("/resources/").content.decode()
    notice = re.search(r'name="notice" value="([^"]*)"', html).group(1)
    response = client.post(
        "/newsletter/subscribe/",
        {"email": "reader@example.com", "consent": "yes", "notice": notice},
    )
    assert response.status_code in (200, 302)
    assert Subscriber.objects.filter(email="reader@example.com").exists()
    assert len(mail.outbox) == 1
