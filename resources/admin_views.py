"""Wagtail's document admin views with two additions for editors.

* The listing shows each document's total downloads.
* Uploading (or swapping in) a file identical to an existing document's warns the editor.
"""

from django.db.models import Sum
from django.urls import reverse
from django.utils.functional import cached_property
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column
from wagtail.documents.views import documents

from resources.forms import describe_duplicates
from resources.models.documents import DocumentDownload


class DocumentIndexView(documents.IndexView):
    @cached_property
    def columns(self):
        columns = list(super().columns)
        columns.insert(-1, Column("downloads_total", label="Downloads", width="12%"))
        return columns

    def decorate_paginated_queryset(self, object_list):
        object_list = super().decorate_paginated_queryset(object_list)
        totals = dict(
            DocumentDownload.objects.filter(document__in=[doc.pk for doc in object_list])
            .values_list("document")
            .annotate(total=Sum("count"))
        )
        for doc in object_list:
            doc.downloads_total = totals.get(doc.pk, 0)
        return object_list


class DuplicateWarningMixin:
    def save_action(self):
        response = super().save_action()
        duplicates = getattr(self.form, "duplicates", None)
        if duplicates and not self.expects_json_response:
            messages.warning(
                self.request,
                f"The file of “{self.object.title}” is identical to "
                f"{describe_duplicates(duplicates)}. If that was a mistake, delete one of them.",
                buttons=[
                    messages.button(
                        reverse("wagtaildocs:edit", args=[duplicates[0].pk]),
                        f"Open “{duplicates[0].title}”",
                    )
                ],
            )
        return response


class DocumentCreateView(DuplicateWarningMixin, documents.CreateView):
    pass


class DocumentEditView(DuplicateWarningMixin, documents.EditView):
    pass
