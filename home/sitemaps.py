"""The sitemap and robots.txt, with absolute addresses from the Wagtail Site's configured
hostname (``manage.py set_site_url``)."""

from django.http import HttpResponse
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Site

from .seo import absolute
from .visibility import visible_pages


class VisibleSitemap(Sitemap):
    """Wagtail's sitemap of the site's pages, narrowed to those everyone may see and search
    engines may list."""

    def items(self):
        from .models import StandardPage

        root = self.get_wagtail_site().root_page
        hidden = StandardPage.objects.filter(hide_from_search_engines=True).values("pk")
        pages = visible_pages(None, root.get_descendants(inclusive=True)).exclude(pk__in=hidden)
        return pages.order_by("path").defer_streamfields().specific()


ROBOTS = """User-agent: *
Disallow: /admin/
Disallow: /search/
Disallow: /newsletter/

Sitemap: {sitemap}
"""


def robots_txt(request):
    site = Site.find_for_request(request)
    sitemap = absolute(site, reverse("sitemap")) if site else reverse("sitemap")
    return HttpResponse(ROBOTS.format(sitemap=sitemap), content_type="text/plain")
