"""The site chrome (navigation, footer, shared wording) from the site settings.

Templates cache the header and footer that show it with ``{% wagtailcache %}`` keyed on the
content version (``home.fragments``), so it is read from the database only when they are
rendered afresh: after the site settings change or any page is published, unpublished, moved or
deleted (a link's address may have changed).
"""

from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from . import seo
from .models import SiteSettings


def build_chrome(site, request=None):
    if site is None:
        return {}
    settings = (
        SiteSettings.for_request(request) if request is not None else SiteSettings.for_site(site)
    )
    privacy_url = _privacy_url(settings, seo.anonymous_view(request))
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


def context_processor(request):
    return {
        "chrome": SimpleLazyObject(lambda: build_chrome(Site.find_for_request(request), request))
    }
