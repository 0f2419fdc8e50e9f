from django.conf import settings
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.views import account as wagtail_account
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.documents.views import serve as wagtaildocs_serve

from home.sitemaps import PageSitemap, robots_txt
from resources.documents import serve_document, serve_media
from resources.feeds import FieldNotesAtomFeed, FieldNotesFeed
from search import views as search_views
from security.views import LogoutView, rate_limited_post

# Password forms that a guesser would hammer, counted per client (security/views.py); Wagtail's
# own views behind them. They come before the includes that also name them.
guarded_urlpatterns = [
    path("admin/logout/", LogoutView.as_view(), name="wagtailadmin_logout"),
    path(
        "admin/password_reset/",
        rate_limited_post(
            "security.password_reset", "PASSWORD_RESET_RATE_LIMIT", keys=("ip", "post:email")
        )(wagtail_account.PasswordResetView.as_view()),
        name="wagtailadmin_password_reset",
    ),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        rate_limited_post("security.page_password", "PASSWORD_FORM_RATE_LIMIT")(
            wagtail_views.authenticate_with_password
        ),
        name="wagtailcore_authenticate_with_password",
    ),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        rate_limited_post("security.document_password", "PASSWORD_FORM_RATE_LIMIT")(
            wagtaildocs_serve.authenticate_with_password
        ),
        name="wagtaildocs_authenticate_with_password",
    ),
]

urlpatterns = guarded_urlpatterns + [
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's serve view, with caching headers and download counts (resources/documents.py).
    re_path(r"^documents/(\d+)/(.*)$", serve_document, name="document_serve"),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search_views.search, name="search"),
    path("newsletter/", include("newsletter.urls")),
    path("search/suggest/", search_views.suggest, name="search_suggest"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PageSitemap}}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("feeds/field-notes.rss", FieldNotesFeed(), name="field_notes_rss"),
    path("feeds/field-notes.atom", FieldNotesAtomFeed(), name="field_notes_atom"),
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
