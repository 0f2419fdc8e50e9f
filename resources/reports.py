"""The admin's "Document downloads" report: downloads per document per day or month."""

import django_filters
from django import forms
from django.db.models import F, Sum
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.documents import get_document_model
from wagtail.permissions import policy_registry

from resources.models.documents import DocumentDownload, WhitepaperDocument

PERIODS = [("day", "Day"), ("month", "Month")]


class DownloadsFilterSet(WagtailFilterSet):
    date = django_filters.DateFromToRangeFilter(label="Date", widget=DateRangePickerWidget)
    period = django_filters.ChoiceFilter(
        label="Downloads per",
        choices=PERIODS,
        empty_label=None,
        widget=forms.RadioSelect,
        method="group_later",
    )
    document = django_filters.ModelChoiceFilter(
        label="Document", queryset=WhitepaperDocument.objects.order_by("title")
    )

    class Meta:
        model = DocumentDownload
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and not data.get("period"):
            data = data.copy()
            data["period"] = "day"
        super().__init__(data, *args, **kwargs)
        self.filters["period"].extra["initial"] = "day"  # the default is not an active filter
        documents = kwargs.get("request") and documents_for(kwargs["request"].user)
        if documents is not None:
            self.filters["document"].queryset = documents.order_by("title")

    def group_later(self, queryset, name, value):
        return queryset  # The view groups the rows by the chosen period.


def documents_for(user):
    """The documents whose statistics the user may see: those they may edit."""
    policy = policy_registry.get_by_type(get_document_model())
    return policy.instances_user_has_any_permission_for(user, ["change", "delete"])


class DocumentDownloadsReportView(ReportView):
    page_title = "Document downloads"
    header_icon = "download"
    index_url_name = "resources_document_downloads"
    index_results_url_name = "resources_document_downloads_results"
    filterset_class = DownloadsFilterSet
    any_permission_required = ["add", "change", "delete"]
    paginate_by = 50
    export_filename = "document-downloads"
    list_export = ["period", "document_title", "downloads"]
    export_headings = {"period": "Period", "document_title": "Document", "downloads": "Downloads"}
    columns = [
        Column("period_label", label="Period"),
        TitleColumn(
            "document_title",
            label="Document",
            get_url=lambda row: reverse("wagtaildocs:edit", args=[row["document_id"]]),
            id_accessor="document_id",
        ),
        Column("downloads", label="Downloads"),
    ]

    @cached_property
    def permission_policy(self):
        return policy_registry.get_by_type(get_document_model())

    @cached_property
    def period(self):
        if self.filters and self.filters.is_valid():
            return self.filters.form.cleaned_data.get("period") or "day"
        return "day"

    def get_queryset(self):
        rows = DocumentDownload.objects.filter(document__in=documents_for(self.request.user))
        rows = self.filter_queryset(rows)
        start = TruncMonth("date") if self.period == "month" else F("date")
        return (
            rows.annotate(period_start=start)
            .values("period_start", "document_id", document_title=F("document__title"))
            .annotate(downloads=Sum("count"))
            .order_by("-period_start", "document_title", "document_id")
        )

    def get_filtered_queryset(self):
        return self.get_queryset()

    def decorate_paginated_queryset(self, object_list):
        rows = []
        for row in object_list:
            start = row["period_start"]
            if self.period == "month":
                row["period"] = start.strftime("%Y-%m")
                row["period_label"] = date_format(start, "F Y")
            else:
                row["period"] = start.isoformat()
                row["period_label"] = date_format(start, "j F Y")
            rows.append(row)
        return rows
