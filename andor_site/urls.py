from django.conf import settings
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home.sitemaps import PageSitemap
from resources.documents import serve_document, serve_media
from search import views as search_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's serve view, with caching headers and download counts (resources/documents.py).
    re_path(r"^documents/(\d+)/(.*)$", serve_document, name="document_serve"),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search_views.search, name="search"),
    path("newsletter/", include("newsletter.urls")),
    path("search/suggest/", search_views.suggest, name="search_suggest"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PageSitemap}}),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
    ),
]

if settings.DEBUG:
    # Development only: images and other media straight from MEDIA_ROOT. Documents are left
    # out on purpose, however the path is spelled: they are served by /documents/<id>/<name>,
    # which checks collection privacy. Production serves media from object storage or the web
    # server (README.md).
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve_media)]

urlpatterns += [
    path("", include(wagtail_urls)),
]

handler500 = "home.views.server_error"
