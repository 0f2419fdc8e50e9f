"""Admin registration for the Resources app: the document views and the downloads report."""

from django.contrib import messages
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.documents import get_document_model
from wagtail.permissions import policy_registry

from home import visibility
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


def private_chosen_notes(page):
    """Notes an editor chose by hand in the page's Field notes sections that anonymous visitors
    may not see (unpublished, or behind a view restriction), in the order chosen."""
    from resources.blocks import FieldNotesSectionBlock
    from resources.models import FieldNotePage

    body = getattr(page, "body", None)
    if not body:
        return []
    chosen = []
    for block in body:
        if not isinstance(block.block, FieldNotesSectionBlock):
            continue
        value = block.value
        notes = [value.get("featured"), *value.get("also_featured", [])]
        if value.get("more_source") == "chosen":
            notes += list(value.get("more_notes", []))
        chosen += [note for note in notes if note is not None]
    if not chosen:
        return []
    shared = set(
        visibility.visible_pages(None, FieldNotePage.objects)
        .filter(pk__in=[note.pk for note in chosen])
        .values_list("pk", flat=True)
    )
    hidden = {note.pk: note for note in chosen if note.pk not in shared}
    return list(hidden.values())


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_about_private_notes(request, page):
    for note in private_chosen_notes(page):
        messages.warning(
            request,
            f"The field note “{note.title}” chosen in a Field notes section is private or not "
            "published: it won't show to visitors who cannot open it.",
        )
