"""The site chrome (navigation, footer, shared wording), cached per site.

Every page shows it, so it is read from the cache rather than the database. It is rebuilt
after the site settings change, and after any page is published, unpublished, moved or
deleted (a navigation link's address may have changed).
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.functional import SimpleLazyObject
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import SiteSettings

CACHE_KEY = "andor:chrome:{site_id}"
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


def get_chrome(site):
    if site is None:
        return {}
    key = CACHE_KEY.format(site_id=site.pk)
    chrome = cache.get(key)
    if chrome is None:
        chrome = build_chrome(site)
        cache.set(key, chrome, CACHE_SECONDS)
    return chrome


def context_processor(request):
    return {"chrome": SimpleLazyObject(lambda: get_chrome(Site.find_for_request(request)))}


def clear_chrome(**kwargs):
    cache.delete_many(
        [CACHE_KEY.format(site_id=pk) for pk in Site.objects.values_list("pk", flat=True)]
    )


@receiver(post_save, sender=SiteSettings)
def _settings_saved(sender, **kwargs):
    clear_chrome()


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def _page_changed(sender, **kwargs):
    clear_chrome()


@receiver(post_delete)
def _page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        clear_chrome()
