"""What a page tells search engines and social networks, decided in one place.

``page_metadata`` gives base.html (through ``{% page_meta %}``) the title, the meta description,
the canonical address, Open Graph and Twitter card tags with an image, whether search engines may
index the page, and its JSON-LD structured data:

- **Addresses** are absolute from the Wagtail Site's configured hostname and port (set on every
  deploy by ``manage.py set_site_url``), never from the request's Host header.
- **Description**: the page's search description, else its dek (field notes), else its hero
  intro, else its intro; cut to 300 characters.
- **Image**: the page's own social image, else the first image of a field note's body, else the
  default image in Site settings; a 1200×630 JPEG rendition.
- **noindex** for pages behind a view restriction, pages an editor hid from search engines, and
  previews.
- **JSON-LD** only for pages every visitor may see (``home.visibility``): ``Organization`` and
  ``WebSite`` with its search action on the site's root page, ``FAQPage`` for each FAQ section,
  ``BlogPosting`` for a field note, ``BreadcrumbList`` on every other page.
"""

import json
import logging

from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from wagtail.images.models import SourceImageIOError
from wagtail.models import Site

from . import visibility

logger = logging.getLogger(__name__)

DESCRIPTION_LENGTH = 300
SOCIAL_IMAGE_SPEC = "fill-1200x630|format-jpeg|jpegquality-85"

# The characters that could end a <script> element or open a comment, escaped as Django's
# json_script does, so that the data can never run as script nor break out of its element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld_script(data):
    """A ``<script type="application/ld+json">`` data block, escaped like ``json_script``."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


def site_for(request, page=None):
    site = Site.find_for_request(request) if request is not None else None
    if site is None and page is not None:
        site = page.get_site()
    return site


def root_url(site):
    """The site's address without a trailing slash, e.g. ``https://andor.in``."""
    return site.root_url.rstrip("/") if site is not None else ""


def absolute(site, url):
    if not url or url.startswith(("http://", "https://")):
        return url
    return root_url(site) + url


def meta_description(page):
    for name in ("search_description", "dek", "hero_intro", "intro"):
        value = getattr(page, name, None)
        text = " ".join(strip_tags(str(value or "")).split())
        if text:
            return Truncator(text).chars(DESCRIPTION_LENGTH)
    return ""


def _body_image(page):
    """The first picture in the page's body, if it has one."""
    for block in getattr(page, "body", None) or []:
        if block.block_type == "image" and block.value.get("image"):
            return block.value["image"]
    return None


def social_image(page, settings):
    image = getattr(page, "social_image", None) or _body_image(page)
    return image or (settings.default_social_image if settings is not None else None)


def image_data(site, image):
    """Address, size and text of the image's social rendition, or None."""
    if image is None:
        return None
    try:
        rendition = image.get_rendition(SOCIAL_IMAGE_SPEC)
    except (SourceImageIOError, OSError):
        # The original file is missing (media not copied to this server): the page is served
        # without a social image rather than failing.
        logger.warning("No social image: the file of image %s cannot be read", image.pk)
        return None
    alt = getattr(image, "contextual_alt_text", None) or image.title
    return {
        "url": absolute(site, rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": alt,
    }


class Everyone:
    """A request from someone who has passed no view restriction (no session): what
    ``home.visibility`` answers for ``None``, with its answers kept for the rest of one page's
    metadata instead of being read again for each question."""

    COOKIES = {}


def anonymous_view(request):
    """Who to ask ``home.visibility`` about for what everyone may see: the request itself when
    it has passed no view restriction (its answers are then read once per request and shared
    with the page's blocks), else a stand-in for an anonymous visitor, kept on the request."""
    if request is None:
        return Everyone()
    if visibility.is_shared_view(request):
        return request
    if not hasattr(request, "_andor_everyone"):
        request._andor_everyone = Everyone()
    return request._andor_everyone


def is_public(page, everyone=None):
    """Whether everyone may see the page: live and behind no view restriction."""
    return visibility.can_see_page(everyone or Everyone(), page)


def noindex(request, page, public):
    return (
        bool(getattr(request, "is_preview", False))
        or not public
        or bool(getattr(page, "hide_from_search_engines", False))
    )


# --- Structured data ---------------------------------------------------------------------


def organization(site, settings, logo):
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": f"{root_url(site)}/#organization",
        "name": site.site_name or "AndOr",
        "url": f"{root_url(site)}/",
    }
    if settings is not None and settings.contact_email:
        data["email"] = settings.contact_email
    if logo:
        data["logo"] = logo["url"]
    return data


def website(site):
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "@id": f"{root_url(site)}/#website",
        "name": site.site_name or "AndOr",
        "url": f"{root_url(site)}/",
        "publisher": {"@id": f"{root_url(site)}/#organization"},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": f"{root_url(site)}{reverse('search')}?q={{search_term_string}}",
            },
            "query-input": "required name=search_term_string",
        },
    }


def faq_pages(page):
    """One FAQPage for each FAQ section of the page, its questions and answers as shown."""
    result = []
    for block in getattr(page, "body", None) or []:
        if block.block_type != "faq_section":
            continue
        questions = [
            {
                "@type": "Question",
                "name": item["question"],
                "acceptedAnswer": {"@type": "Answer", "text": str(item["answer"]).strip()},
            }
            for item in block.value["items"]
        ]
        if questions:
            result.append(
                {"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": questions}
            )
    return result


def blog_posting(site, page, canonical, description, image):
    authors = [
        {"@type": "Person" if author.role else "Organization", "name": author.name}
        for author in page.byline
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": Truncator(page.title).chars(110),
        "description": description,
        "datePublished": page.date.isoformat(),
        "dateModified": (page.last_published_at or page.latest_revision_created_at).isoformat()
        if (page.last_published_at or page.latest_revision_created_at)
        else page.date.isoformat(),
        "author": authors or [{"@type": "Organization", "name": site.site_name or "AndOr"}],
        "publisher": {"@id": f"{root_url(site)}/#organization", "name": site.site_name},
        "mainEntityOfPage": canonical,
        "url": canonical,
    }
    if image:
        data["image"] = [image["url"]]
    if page.category_id:
        data["articleSection"] = page.category.name
    return data


def breadcrumbs(site, page, everyone):
    """The page's visible ancestors from the site's root page down to the page itself."""
    root = site.root_page
    trail = visibility.visible_pages(
        everyone, page.get_ancestors(inclusive=True).filter(depth__gte=root.depth)
    ).order_by("depth")
    items = [
        {
            "@type": "ListItem",
            "position": position,
            "name": crumb.title,
            "item": crumb.get_full_url(),
        }
        for position, crumb in enumerate(trail, start=1)
    ]
    return {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items}


def structured_data(request, site, settings, page, canonical, description, image, everyone):
    if site is None or not is_public(page, everyone) or getattr(request, "is_preview", False):
        return []
    from resources.models import FieldNotePage

    data = []
    if page.pk == site.root_page_id:
        default = image_data(site, settings.default_social_image) if settings else None
        data += [organization(site, settings, default), website(site)]
    else:
        data.append(breadcrumbs(site, page, everyone))
    if isinstance(page, FieldNotePage):
        data.append(blog_posting(site, page, canonical, description, image))
    data += faq_pages(page)
    return data


def page_metadata(request, page):
    """Everything ``templates/includes/page_meta.html`` prints for a page."""
    from .models import SiteSettings

    site = site_for(request, page)
    if site is None:
        settings = None
    elif request is not None:
        settings = SiteSettings.for_request(request)
    else:
        settings = SiteSettings.for_site(site)
    everyone = anonymous_view(request)
    canonical = page.get_full_url(request) if site is not None else page.full_url
    description = meta_description(page)
    image = image_data(site, social_image(page, settings))
    return {
        "title": page.seo_title or page.title,
        "site_name": (site.site_name if site else "") or "AndOr",
        "description": description,
        "canonical": canonical,
        "og_type": "article" if getattr(page, "dek", None) is not None else "website",
        "published": getattr(page, "date", None),
        "image": image,
        "noindex": noindex(request, page, is_public(page, everyone)),
        "json_ld": [
            json_ld_script(item)
            for item in structured_data(
                request, site, settings, page, canonical, description, image, everyone
            )
        ],
    }
