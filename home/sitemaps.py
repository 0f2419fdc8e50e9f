"""The sitemap: the pages every anonymous visitor may see, as ``home.visibility`` decides."""

from wagtail.contrib.sitemaps import Sitemap

from . import visibility


class PageSitemap(Sitemap):
    def items(self):
        site = self.get_wagtail_site()
        pages = site.root_page.get_descendants(inclusive=True)
        return (
            visibility.visible_pages(None, pages).order_by("path").defer_streamfields().specific()
        )
