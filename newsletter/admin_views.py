"""Admin views beyond modeladmin's own: bulk unsubscribe and data requests (export, erase)."""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .data_rights import erase_data, export_data
from .models import ConsentEvent, Subscriber

INDEX_URL = "newsletter_subscriber_modeladmin_index"


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


@require_POST
def bulk_unsubscribe(request):
    """Unsubscribe the subscribers ticked in the list, after the editor confirms."""
    _require(request, "newsletter.change_subscriber")
    ids = [value for value in request.POST.getlist("subscriber") if value.isdigit()]
    subscribers = Subscriber.objects.filter(pk__in=ids).exclude(
        status=Subscriber.Status.UNSUBSCRIBED
    )
    if not subscribers:
        messages.warning(request, "Tick at least one subscriber who is not unsubscribed yet.")
        return redirect(INDEX_URL)
    if request.POST.get("confirm") != "yes":
        return TemplateResponse(
            request, "newsletter/admin/bulk_unsubscribe.html", {"subscribers": subscribers}
        )
    count = sum(services.unsubscribe(s, ConsentEvent.Method.ADMIN) for s in subscribers)
    messages.success(
        request, f"Unsubscribed {count} subscriber{'s' if count != 1 else ''}. Each is recorded."
    )
    return redirect(INDEX_URL)


class DataRequestForm(forms.Form):
    email = forms.EmailField(
        max_length=254,
        label="Email address",
        help_text="The address whose data is requested, in any letter case.",
    )


@require_http_methods(["GET", "POST"])
def data_request(request):
    """Export or erase everything held about one address (GDPR Art. 15, 17; DPDP Act §§ 11-12)."""
    _require(request, "newsletter.delete_subscriber")
    initial = {}
    subscriber_id = request.GET.get("subscriber", "")
    if subscriber_id.isdigit():
        subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
        if subscriber:
            initial["email"] = subscriber.email
    form = DataRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        action = request.POST.get("action")
        if action == "export":
            data = export_data(email)
            response = HttpResponse(
                json.dumps(data, indent=2, ensure_ascii=False, default=str),
                content_type="application/json; charset=utf-8",
            )
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            response["Content-Disposition"] = (
                f'attachment; filename="personal-data-export-{stamp}.json"'
            )
            return response
        if action == "erase":
            held = export_data(email)
            if request.POST.get("confirm") != "yes":
                return TemplateResponse(
                    request,
                    "newsletter/admin/data_request.html",
                    {"form": form, "confirm_erase": True, "held": held},
                )
            erased = erase_data(email)
            messages.success(
                request,
                "Erased {subscribers} subscriber, {consent_events} consent events and "
                "{form_submissions} form submissions.".format(**erased),
            )
            return redirect("newsletter_data_request")
    return TemplateResponse(request, "newsletter/admin/data_request.html", {"form": form})
