"""The site chrome (navigation, footer, shared wording), cached per site.

Every page shows it, so it is read from the cache rather than the database. It is keyed on
the content version (``home.fragments``), so it is rebuilt after the site settings change and
after any page is published, unpublished, moved or deleted (a link's address may have changed).
"""

from django.core.cache import cache
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from . import seo
from .fragments import content_version
from .models import SiteSettings

CACHE_KEY = "andor:chrome:{version}:{site_id}"
CACHE_SECONDS = 60 * 60


def build_chrome(site, request=None):
    settings = (
        SiteSettings.for_request(request) if request is not None else SiteSettings.for_site(site)
    )
    who = seo.anonymous_view(request)
    privacy_url = _privacy_url(settings, who)
    return {
        "contact_email": settings.contact_email,
        "footer_text": settings.footer_text,
        "newsletter_consent_label": settings.newsletter_consent_label,
        "newsletter_privacy_line": settings.newsletter_privacy_line,
        "navigation": _links(settings.navigation),
        "footer_navigation": _footer_links(settings, privacy_url),
        "privacy_url": privacy_url,
    }


def _footer_links(settings, privacy):
    """The footer's links, ending with the privacy policy unless an editor listed it."""
    links = _links(settings.footer_navigation)
    if privacy and privacy not in {link["href"] for link in links}:
        links.append({"text": "Privacy policy", "href": privacy})
    return links


def _links(stream):
    return [
        {"text": item.value.text, "href": item.value.href} for item in stream if item.value.href
    ]


def _privacy_url(settings, who):
    """The privacy policy's address, when the chosen page is one everyone may see."""
    from .visibility import can_see_page

    page = settings.privacy_policy_page
    return page.url if can_see_page(who, page) else ""


def get_chrome(site, request=None):
    if site is None:
        return {}
    key = CACHE_KEY.format(version=content_version(request), site_id=site.pk)
    chrome = cache.get(key)
    if chrome is None:
        chrome = build_chrome(site, request)
        cache.set(key, chrome, CACHE_SECONDS)
    return chrome


def context_processor(request):
    return {"chrome": SimpleLazyObject(lambda: get_chrome(Site.find_for_request(request), request))}
