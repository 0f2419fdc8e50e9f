"""What happens to an address: sign-up, confirmation, withdrawal, and the emails they send.

Every state change writes a line to the consent ledger in the same transaction.
"""

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import ConsentEvent, ConsentNotice, Subscriber, notice_digest

logger = logging.getLogger(__name__)

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"
# A confirmation link works for a week; unconfirmed sign-ups are purged after 30 days.
CONFIRM_MAX_AGE = timedelta(days=7)
# Submitting the same address again within this time sends no second confirmation email.
RESEND_INTERVAL = timedelta(minutes=2)


# --- consent wording -------------------------------------------------------------------


def notice_language():
    return settings.LANGUAGE_CODE


def resolve_notice(digest, current_text):
    """The notice the visitor read, from the fingerprint the form sent; None if unknown."""
    language = notice_language()
    if digest == notice_digest(current_text, language):
        return ConsentNotice.for_text(current_text, language)
    if digest:
        # The page was rendered before an editor changed the wording: what the visitor read
        # is the older version, if it is on record.
        return ConsentNotice.objects.filter(digest=digest).first()
    return None


# --- tokens ----------------------------------------------------------------------------


def _address_tag(email):
    return hashlib.sha256(email.encode()).hexdigest()[:16]


def confirmation_token(grant):
    return signing.dumps({"s": grant.subscriber_id, "g": grant.pk}, salt=CONFIRM_SALT)


def unsubscribe_token(subscriber):
    return signing.dumps(
        {"s": subscriber.pk, "a": _address_tag(subscriber.email)}, salt=UNSUBSCRIBE_SALT
    )


def subscriber_for_unsubscribe_token(token):
    """The subscriber a signed unsubscribe link names; None if the link is not ours or is gone."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    subscriber = Subscriber.objects.filter(pk=data.get("s")).first()
    if subscriber is None or _address_tag(subscriber.email) != data.get("a"):
        return None
    return subscriber


# --- sign-up, confirmation, withdrawal -------------------------------------------------


def request_subscription(email, notice, source_page=None):
    """Record a sign-up and return the consent grant to confirm by email, or None.

    Nothing is recorded or sent for an address that is already confirmed, or that was sent a
    confirmation email moments ago; the visitor sees the same answer either way.
    """
    now = timezone.now()
    with transaction.atomic():
        subscriber, created = Subscriber.objects.get_or_create(
            email=email, defaults={"requested_at": now}
        )
        # Concurrent sign-ups of one address queue here, one at a time.
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status == Subscriber.Status.CONFIRMED:
            return None
        recently_sent = now - subscriber.requested_at < RESEND_INTERVAL
        if not created and subscriber.status == Subscriber.Status.PENDING and recently_sent:
            return None
        subscriber.status = Subscriber.Status.PENDING
        subscriber.requested_at = now
        subscriber.confirmed_at = None
        subscriber.unsubscribed_at = None
        subscriber.save()
        return ConsentEvent.objects.create(
            subscriber=subscriber,
            kind=ConsentEvent.Kind.GRANTED,
            notice=notice,
            method=ConsentEvent.Method.WEB_FORM,
            source_page=source_page,
            source_url=source_page.full_url if source_page else "",
        )


class ConfirmResult:
    CONFIRMED = "confirmed"
    ALREADY = "already"
    EXPIRED = "expired"
    INVALID = "invalid"


def read_confirmation_token(token):
    """(subscriber, grant) for a confirmation link, or (None, ConfirmResult.EXPIRED/INVALID)."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        return None, ConfirmResult.EXPIRED
    except signing.BadSignature:
        return None, ConfirmResult.INVALID
    grant = (
        ConsentEvent.objects.filter(
            pk=data.get("g"), subscriber_id=data.get("s"), kind=ConsentEvent.Kind.GRANTED
        )
        .select_related("subscriber", "notice")
        .first()
    )
    if grant is None:
        return None, ConfirmResult.INVALID
    return grant.subscriber, grant


def confirmation_state(subscriber, grant):
    """None if this grant can be confirmed now, else why not (ConfirmResult.ALREADY/INVALID)."""
    if subscriber.status == Subscriber.Status.CONFIRMED:
        return ConfirmResult.ALREADY
    withdrawn_since = subscriber.events.filter(
        kind=ConsentEvent.Kind.WITHDRAWN, pk__gt=grant.pk
    ).exists()
    if subscriber.status != Subscriber.Status.PENDING or withdrawn_since:
        # A link from before a withdrawal never subscribes anyone again.
        return ConfirmResult.INVALID
    return None


def confirm_subscription(token):
    """Confirm the sign-up a link names; returns a ConfirmResult value."""
    subscriber, grant = read_confirmation_token(token)
    if subscriber is None:
        return grant
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        state = confirmation_state(subscriber, grant)
        if state is not None:
            return state
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["status", "confirmed_at"])
        ConsentEvent.objects.create(
            subscriber=subscriber,
            kind=ConsentEvent.Kind.CONFIRMED,
            notice=grant.notice,
            method=ConsentEvent.Method.CONFIRMATION_LINK,
            source_page=grant.source_page,
            source_url=grant.source_url,
        )
    return ConfirmResult.CONFIRMED


def unsubscribe(subscriber, method):
    """Withdraw consent. True if this changed anything (False if already unsubscribed)."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber.pk).first()
        if subscriber is None or subscriber.status == Subscriber.Status.UNSUBSCRIBED:
            return False
        grant = subscriber.events.filter(kind=ConsentEvent.Kind.GRANTED).last()
        subscriber.status = Subscriber.Status.UNSUBSCRIBED
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["status", "unsubscribed_at"])
        ConsentEvent.objects.create(
            subscriber=subscriber,
            kind=ConsentEvent.Kind.WITHDRAWN,
            notice=grant.notice,
            method=method,
            source_page=grant.source_page,
            source_url=grant.source_url,
        )
    return True


# --- email -----------------------------------------------------------------------------


def absolute_url(path, request=None):
    """``path`` on the site's configured address (the Wagtail Site's hostname, set by
    ``manage.py set_site_url``), never the request's Host header; ``WAGTAILADMIN_BASE_URL``
    where no site answers."""
    from wagtail.models import Site

    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site.root_url.rstrip("/") + path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def build_email(subscriber, subject, template, context=None, request=None):
    """An email to a subscriber. Every one carries a one-click unsubscribe link and headers."""
    unsubscribe_url = absolute_url(
        reverse("newsletter:unsubscribe", args=[unsubscribe_token(subscriber)]), request
    )
    context = {**(context or {}), "subscriber": subscriber, "unsubscribe_url": unsubscribe_url}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"newsletter/email/{template}.txt", context),
        to=[subscriber.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(
        render_to_string(f"newsletter/email/{template}.html", context), "text/html"
    )
    return message


def send_confirmation(grant, request=None):
    confirm_url = absolute_url(
        reverse("newsletter:confirm", args=[confirmation_token(grant)]), request
    )
    message = build_email(
        grant.subscriber,
        "Please confirm your subscription to AndOr field notes",
        "confirm",
        {
            "confirm_url": confirm_url,
            "notice": grant.notice,
            "valid_days": CONFIRM_MAX_AGE.days,
        },
        request,
    )
    message.send()
