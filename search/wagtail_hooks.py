from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .reports import NoResultsSearchesView, PopularSearchesView

report_urls = (
    [
        path("popular/", PopularSearchesView.as_view(), name="popular"),
        path(
            "popular/results/",
            PopularSearchesView.as_view(results_only=True),
            name="popular_results",
        ),
        path("no-results/", NoResultsSearchesView.as_view(), name="no_results"),
        path(
            "no-results/results/",
            NoResultsSearchesView.as_view(results_only=True),
            name="no_results_results",
        ),
    ],
    "search_reports",
)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("reports/searches/", include(report_urls))]


class SearchReportMenuItem(MenuItem):
    def is_shown(self, request):
        return any(
            request.user.has_perm(f"wagtailsearchpromotions.{action}_searchpromotion")
            for action in ("add", "change", "delete")
        )


@hooks.register("register_reports_menu_item")
def register_popular_searches_menu_item():
    return SearchReportMenuItem(
        "Popular searches", reverse("search_reports:popular"), icon_name="search", order=1310
    )


@hooks.register("register_reports_menu_item")
def register_no_results_menu_item():
    return SearchReportMenuItem(
        "Searches with no results",
        reverse("search_reports:no_results"),
        icon_name="warning",
        order=1320,
    )
