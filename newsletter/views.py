import logging

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from home.models import SiteSettings
from home.same_origin import require_same_origin
from home.views import rate_limited

from . import services
from .forms import SubscribeForm
from .models import ConsentEvent, Subscriber

logger = logging.getLogger(__name__)

SUCCESS_MESSAGE = (
    "Thank you. Please check your inbox: we have sent you an email with a link to confirm your "
    "subscription. Nothing else is sent until you confirm."
)
NOTICE_CHANGED_MESSAGE = (
    "The consent wording changed while this page was open. Please read it again, tick the box "
    "and resubmit."
)
RATE_LIMITED_MESSAGE = "Too many sign-ups from your connection. Please wait a minute and try again."
SEND_FAILED_MESSAGE = (
    "We could not send the confirmation email just now. Please try again in a few minutes."
)


def _subscribe_rate(group, request):
    return settings.NEWSLETTER_RATE_LIMIT


def _wants_json(request):
    return request.headers.get("Accept", "").startswith("application/json")


def _form_errors(form):
    return {
        (name if name != "__all__" else "form"): [str(e) for e in errors]
        for name, errors in form.errors.items()
    }


@require_same_origin  # No CSRF token: the form is on pages shared by every visitor.
@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request):
    """The newsletter form's endpoint. GET shows the form on its own page."""
    if request.method == "GET":
        return TemplateResponse(request, "newsletter/subscribe.html", {})

    if is_ratelimited(
        request,
        group="newsletter.subscribe",
        key="ip",
        rate=_subscribe_rate,
        method="POST",
        increment=True,
    ):
        if _wants_json(request):
            response = JsonResponse({"ok": False, "message": RATE_LIMITED_MESSAGE}, status=429)
            response["Retry-After"] = "60"
            return response
        return rate_limited(request)

    form = SubscribeForm(request.POST)
    notice = None
    if form.is_valid():
        label = SiteSettings.for_request(request).newsletter_consent_label
        notice = services.resolve_notice(form.cleaned_data["notice"], label)
        if notice is None:
            # The box was ticked next to words we cannot show on record: ask again.
            form.data = form.data.copy()
            form.data.pop("consent", None)
            form.add_error(None, NOTICE_CHANGED_MESSAGE)

    if not form.is_valid():
        if _wants_json(request):
            return JsonResponse(
                {
                    "ok": False,
                    "message": "Please correct the errors below.",
                    "errors": _form_errors(form),
                },
                status=400,
            )
        return TemplateResponse(
            request, "newsletter/subscribe.html", {"newsletter_form": form}, status=400
        )

    grant = services.request_subscription(
        form.cleaned_data["email"], notice, form.cleaned_data["source_page"]
    )
    if grant is not None:
        try:
            services.send_confirmation(grant, request)
        except Exception:
            logger.exception("The newsletter confirmation email could not be sent.")
            if _wants_json(request):
                return JsonResponse({"ok": False, "message": SEND_FAILED_MESSAGE}, status=503)
            return TemplateResponse(
                request,
                "newsletter/subscribe.html",
                {"newsletter_message": SEND_FAILED_MESSAGE},
                status=503,
            )

    # The same answer whether the address is new, pending or already subscribed.
    if _wants_json(request):
        return JsonResponse({"ok": True, "message": SUCCESS_MESSAGE})
    return redirect("newsletter:thanks", permanent=False)


def thanks(request):
    return TemplateResponse(request, "newsletter/thanks.html", {"message": SUCCESS_MESSAGE})


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """The link in the confirmation email. GET asks; the button (POST) confirms.

    Mail scanners open links on their own; a confirmation needs the person to press the button.
    """
    if request.method == "POST":
        result = services.confirm_subscription(token)
        status = 200 if result in ("confirmed", "already") else 400
        return TemplateResponse(
            request, "newsletter/confirm.html", {"result": result}, status=status
        )

    subscriber, grant = services.read_confirmation_token(token)
    if subscriber is None:
        return TemplateResponse(request, "newsletter/confirm.html", {"result": grant}, status=400)
    state = services.confirmation_state(subscriber, grant)
    if state is not None:
        status = 200 if state == "already" else 400
        return TemplateResponse(
            request, "newsletter/confirm.html", {"result": state}, status=status
        )
    return TemplateResponse(
        request,
        "newsletter/confirm.html",
        {"result": "ask", "email": subscriber.email, "notice": grant.notice},
    )


@csrf_exempt  # The signed link is the credential; mail programs post without a CSRF token.
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """The unsubscribe link of every email: a page with one button, and RFC 8058 one-click."""
    subscriber = services.subscriber_for_unsubscribe_token(token)
    if subscriber is None:
        return TemplateResponse(
            request, "newsletter/unsubscribe.html", {"result": "invalid"}, status=400
        )
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        method = (
            ConsentEvent.Method.ONE_CLICK if one_click else ConsentEvent.Method.UNSUBSCRIBE_PAGE
        )
        services.unsubscribe(subscriber, method)
        return TemplateResponse(request, "newsletter/unsubscribe.html", {"result": "done"})
    if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        return TemplateResponse(request, "newsletter/unsubscribe.html", {"result": "done"})
    return TemplateResponse(
        request, "newsletter/unsubscribe.html", {"result": "ask", "email": subscriber.email}
    )
