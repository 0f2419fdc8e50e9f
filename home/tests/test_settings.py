"""Deployment checks of the site's own."""

from django.core.checks import run_checks


def test_deployment_check_warns_of_a_cache_not_shared_between_processes(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    ids = [message.id for message in run_checks(include_deployment_checks=True)]
    assert "home.W001" in ids

    settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": ""}}
    ids = [message.id for message in run_checks(include_deployment_checks=True)]
    assert "home.W001" not in ids
