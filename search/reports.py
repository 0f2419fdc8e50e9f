"""Admin reports for editors: the most popular searches and the searches that found nothing."""

from urllib.parse import urlencode

from django.db.models import IntegerField, Max, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from wagtail.admin.ui.tables import DateColumn, NumberColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.permission_policies import ModelPermissionPolicy

from .models import NoResultsDailyHits


def public_search_url(query):
    return f"{reverse('search')}?{urlencode({'q': query.query_string})}"


def _no_results_total():
    # A subquery: two sums over two relations in one query would multiply each other.
    totals = (
        NoResultsDailyHits.objects.filter(query=OuterRef("pk"))
        .values("query")
        .annotate(total=Sum("hits"))
        .values("total")
    )
    return Coalesce(Subquery(totals, output_field=IntegerField()), 0)


class SearchReportView(ReportView):
    """Open to editors who may manage promoted search results (and to administrators)."""

    header_icon = "search"
    permission_policy = ModelPermissionPolicy(SearchPromotion)
    any_permission_required = ["add", "change", "delete"]
    is_searchable = True
    list_export = ["query_string", "searches", "no_results", "last_searched"]
    export_headings = {
        "query_string": "Search",
        "searches": "Searches",
        "no_results": "Searches with no results",
        "last_searched": "Last searched",
    }
    columns = [
        TitleColumn(
            "query_string", label="Search", sort_key="query_string", get_url=public_search_url
        ),
        NumberColumn("searches", label="Searches", sort_key="searches"),
        NumberColumn("no_results", label="With no results", sort_key="no_results"),
        DateColumn("last_searched", label="Last searched", sort_key="last_searched"),
    ]

    def get_base_queryset(self):
        return Query.objects.annotate(
            searches=Sum("daily_hits__hits"),
            last_searched=Max("daily_hits__date"),
            no_results=_no_results_total(),
        ).filter(searches__gt=0)

    def get_queryset(self):
        queryset = self.get_base_queryset()
        if self.search_query:
            queryset = queryset.filter(query_string__icontains=self.search_query)
        ordering = self.ordering or self.default_ordering
        return queryset.order_by(ordering, "query_string")


class PopularSearchesView(SearchReportView):
    page_title = "Popular searches"
    index_url_name = "search_reports:popular"
    index_results_url_name = "search_reports:popular_results"
    default_ordering = "-searches"


class NoResultsSearchesView(SearchReportView):
    page_title = "Searches with no results"
    index_url_name = "search_reports:no_results"
    index_results_url_name = "search_reports:no_results_results"
    default_ordering = "-no_results"

    def get_base_queryset(self):
        return super().get_base_queryset().filter(no_results__gt=0)
