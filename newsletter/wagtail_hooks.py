"""The newsletter in the admin: subscribers, the read-only consent ledger, data requests."""

from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import InspectView

from . import admin_views
from .models import ConsentEvent, ConsentNotice, Subscriber


class ReadOnlyPermissionHelper(PermissionHelper):
    """Listed and inspected, never created, edited or deleted by hand in the admin.

    Subscribers come only from the form (with their consent), change state only through the
    recorded actions, and are deleted only by a data request or the purge of stale sign-ups.
    """

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class SubscriberInspectView(InspectView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["events"] = self.instance.events.select_related("notice")
        context["can_unsubscribe"] = (
            self.instance.status != Subscriber.Status.UNSUBSCRIBED
            and self.request.user.has_perm("newsletter.change_subscriber")
        )
        context["can_request_data"] = self.request.user.has_perm("newsletter.delete_subscriber")
        return context


class SubscriberAdmin(ModelAdmin):
    model = Subscriber
    menu_label = "Subscribers"
    menu_icon = "user"
    list_display = ("select_box", "email", "status", "created_at", "confirmed_at")
    list_filter = ("status", "created_at", "confirmed_at", "unsubscribed_at")
    search_fields = ("email",)
    list_export = ("email", "status", "created_at", "requested_at", "confirmed_at")
    list_export += ("unsubscribed_at",)
    export_filename = "newsletter-subscribers"
    inspect_view_enabled = True
    inspect_view_class = SubscriberInspectView
    inspect_view_fields = [
        "email",
        "status",
        "created_at",
        "requested_at",
        "confirmed_at",
        "unsubscribed_at",
    ]
    inspect_template_name = "newsletter/admin/subscriber_inspect.html"
    index_template_name = "newsletter/admin/subscriber_index.html"
    history_view_enabled = False
    permission_helper_class = ReadOnlyPermissionHelper

    def select_box(self, obj):
        return format_html(
            '<input type="checkbox" name="subscriber" value="{}" form="bulk-unsubscribe" '
            'aria-label="Select {}">',
            obj.pk,
            obj.email,
        )

    select_box.short_description = "Select"

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + (
            path(
                "newsletter/subscriber/bulk-unsubscribe/",
                admin_views.bulk_unsubscribe,
                name="newsletter_bulk_unsubscribe",
            ),
        )


class ConsentEventAdmin(ModelAdmin):
    model = ConsentEvent
    menu_label = "Consent ledger"
    menu_icon = "list-ul"
    list_display = ("created_at", "subscriber", "kind", "method", "notice", "source_url")
    list_filter = ("kind", "method", "created_at")
    search_fields = ("subscriber__email",)
    list_select_related = ("subscriber", "notice")
    list_export = ("created_at", "subscriber", "kind", "method", "purpose", "notice")
    list_export += ("source_url",)
    export_filename = "newsletter-consent-ledger"
    inspect_view_enabled = True
    inspect_view_fields = [
        "subscriber",
        "kind",
        "created_at",
        "purpose",
        "notice",
        "notice_text",
        "method",
        "source_page",
        "source_url",
    ]
    history_view_enabled = False
    permission_helper_class = ReadOnlyPermissionHelper
    ordering = ("-created_at", "-pk")


class ConsentNoticeAdmin(ModelAdmin):
    model = ConsentNotice
    menu_label = "Consent wording"
    menu_icon = "doc-full"
    list_display = ("version", "language", "text", "created_at")
    list_filter = ("language",)
    inspect_view_enabled = True
    inspect_view_fields = ["version", "language", "text", "created_at"]
    history_view_enabled = False
    permission_helper_class = ReadOnlyPermissionHelper


class DataRequestMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("newsletter.delete_subscriber")


@modeladmin_register
class NewsletterGroup(ModelAdminGroup):
    menu_label = "Newsletter"
    menu_icon = "mail"
    menu_order = 250
    items = (SubscriberAdmin, ConsentEventAdmin, ConsentNoticeAdmin)

    def get_submenu_items(self):
        items = super().get_submenu_items()
        items.append(
            DataRequestMenuItem(
                "Data requests",
                reverse("newsletter_data_request"),
                icon_name="download",
                order=len(items) + 1,
            )
        )
        return items


@hooks.register("register_admin_urls")
def register_data_request_url():
    return [
        path(
            "newsletter/data-request/",
            admin_views.data_request,
            name="newsletter_data_request",
        ),
    ]
