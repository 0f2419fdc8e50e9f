"""Admin registration for the Resources app: the document views and the downloads report."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.documents import get_document_model
from wagtail.permissions import policy_registry

from resources import admin_views
from resources.reports import DocumentDownloadsReportView


@hooks.register("register_admin_urls", order=-1)
def register_document_admin_urls():
    # Registered before Wagtail's own document URLs, which these extend (same addresses).
    return [
        path("documents/", admin_views.DocumentIndexView.as_view(), name="resources_documents"),
        path(
            "documents/results/",
            admin_views.DocumentIndexView.as_view(results_only=True),
            name="resources_documents_results",
        ),
        path(
            "documents/add/",
            admin_views.DocumentCreateView.as_view(),
            name="resources_documents_add",
        ),
        path(
            "documents/edit/<int:document_id>/",
            admin_views.DocumentEditView.as_view(),
            name="resources_documents_edit",
        ),
        path(
            "reports/document-downloads/",
            DocumentDownloadsReportView.as_view(),
            name="resources_document_downloads",
        ),
        path(
            "reports/document-downloads/results/",
            DocumentDownloadsReportView.as_view(results_only=True),
            name="resources_document_downloads_results",
        ),
    ]


class DocumentDownloadsMenuItem(MenuItem):
    def is_shown(self, request):
        policy = policy_registry.get_by_type(get_document_model())
        return policy.user_has_any_permission(request.user, ["add", "change", "delete"])


@hooks.register("register_reports_menu_item")
def register_document_downloads_menu_item():
    return DocumentDownloadsMenuItem(
        "Document downloads",
        reverse("resources_document_downloads"),
        name="document-downloads",
        icon_name="download",
        order=1000,
    )
