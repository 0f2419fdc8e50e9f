"""The site chrome (navigation, footer, shared wording) from the site settings.

Templates cache the header and footer that show it with ``{% wagtailcache %}`` keyed on the
content version (``home.fragments``), so it is read from the database only when they are
rendered afresh: after the site settings change or any page is published, unpublished, moved or
deleted (a link's address may have changed).
"""

from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from .models import SiteSettings


def build_chrome(site):
    if site is None:
        return {}
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


def context_processor(request):
    return {"chrome": SimpleLazyObject(lambda: build_chrome(Site.find_for_request(request)))}
