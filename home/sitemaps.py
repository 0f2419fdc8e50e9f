"""The sitemap and robots.txt: the pages every anonymous visitor may see, as
``home.visibility`` decides, less those an editor hid from search engines; absolute addresses
from the Wagtail Site's configured hostname (``manage.py set_site_url``)."""

from django.http import HttpResponse
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Site

from . import visibility
from .seo import absolute


class PageSitemap(Sitemap):
    def items(self):
        from .models import StandardPage

        site = self.get_wagtail_site()
        pages = site.root_page.get_descendants(inclusive=True)
        hidden = StandardPage.objects.filter(hide_from_search_engines=True).values("pk")
        return (
            visibility.visible_pages(None, pages)
            .exclude(pk__in=hidden)
            .order_by("path")
            .defer_streamfields()
            .specific()
        )


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
