"""The site chrome (navigation, footer, shared wording), cached per site.

Every page shows it, so it is read from the cache rather than the database. It is keyed on
the content version (``home.fragments``), so it is rebuilt after the site settings change and
after any page is published, unpublished, moved or deleted (a link's address may have changed).
"""

from django.core.cache import cache
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from .fragments import content_version
from .models import SiteSettings

CACHE_KEY = "andor:chrome:{version}:{site_id}"
CACHE_SECONDS = 60 * 60


def build_chrome(site):
    settings = SiteSettings.for_site(site)
    return {
        "contact_email": settings.contact_email,
        "footer_text": settings.footer_text,
        "newsletter_consent_label": settings.newsletter_consent_label,
        "newsletter_privacy_line": settings.newsletter_privacy_line,
        "navigation": [
            {"text": item.value.text, "href": item.value.href}
            for item in settings.navigation
            if item.value.href
        ],
    }


def get_chrome(site, request=None):
    if site is None:
        return {}
    key = CACHE_KEY.format(version=content_version(request), site_id=site.pk)
    chrome = cache.get(key)
    if chrome is None:
        chrome = build_chrome(site)
        cache.set(key, chrome, CACHE_SECONDS)
    return chrome


def context_processor(request):
    return {"chrome": SimpleLazyObject(lambda: get_chrome(Site.find_for_request(request), request))}
