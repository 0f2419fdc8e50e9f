"""Data rights: everything held about an email address, exported or erased; stale sign-ups purged.

An address can appear in two places: the newsletter (a subscriber and its consent ledger) and
the form builder's submissions (a "Book a Call" enquiry, or any other form page). Consent
notices hold no personal data and stay.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

from .models import ConsentEvent, Subscriber

PURGE_AFTER = timedelta(days=30)


def normalise(email):
    return email.strip().lower()


def _mentions(value, email):
    if isinstance(value, str):
        return email in value.lower()
    if isinstance(value, list | tuple):
        return any(_mentions(item, email) for item in value)
    if isinstance(value, dict):
        return any(_mentions(item, email) for item in value.values())
    return False


def form_submissions_for(email):
    """Form submissions whose answers mention the address (any field, any letter case)."""
    email = normalise(email)
    submissions = FormSubmission.objects.select_related("page").order_by("submit_time", "pk")
    return [s for s in submissions.iterator() if _mentions(s.form_data, email)]


def export_data(email):
    """Everything held about an address, as JSON-ready data."""
    email = normalise(email)
    subscriber = Subscriber.objects.filter(email=email).first()
    data = {
        "email": email,
        "exported_at": timezone.now().isoformat(),
        "newsletter": None,
        "form_submissions": [
            {
                "form": submission.page.title,
                "page_url": submission.page.full_url or submission.page.url_path,
                "submitted_at": submission.submit_time.isoformat(),
                "answers": submission.form_data,
            }
            for submission in form_submissions_for(email)
        ],
    }
    if subscriber:
        data["newsletter"] = {
            "email": subscriber.email,
            "status": subscriber.status,
            "signed_up_at": subscriber.created_at.isoformat(),
            "confirmation_sent_at": subscriber.requested_at.isoformat(),
            "confirmed_at": subscriber.confirmed_at.isoformat()
            if subscriber.confirmed_at
            else None,
            "unsubscribed_at": subscriber.unsubscribed_at.isoformat()
            if subscriber.unsubscribed_at
            else None,
            "consent_history": [
                {
                    "event": event.kind,
                    "description": event.get_kind_display(),
                    "at_utc": event.created_at.isoformat(),
                    "purpose": event.purpose,
                    "method": event.get_method_display(),
                    "notice_text": event.notice.text,
                    "notice_version": event.notice.version,
                    "notice_language": event.notice.language,
                    "page_url": event.source_url,
                }
                for event in subscriber.events.select_related("notice")
            ],
        }
    return data


def erase_data(email):
    """Delete everything held about an address. Returns what was deleted, by kind."""
    email = normalise(email)
    with transaction.atomic():
        submissions = form_submissions_for(email)
        FormSubmission.objects.filter(pk__in=[s.pk for s in submissions]).delete()
        subscribers = Subscriber.objects.filter(email=email)
        events = ConsentEvent.objects.filter(subscriber__in=subscribers).count()
        subscriber_count = subscribers.count()
        # The ledger goes with the subscriber: once an address has asked to be forgotten there
        # is no processing left whose consent must be proved.
        subscribers.delete()
    return {
        "subscribers": subscriber_count,
        "consent_events": events,
        "form_submissions": len(submissions),
    }


def unconfirmed_subscribers(older_than=PURGE_AFTER, now=None):
    """Sign-ups never confirmed whose latest confirmation email is older than the cut-off."""
    cutoff = (now or timezone.now()) - older_than
    ever_confirmed = ConsentEvent.objects.filter(
        subscriber=OuterRef("pk"), kind=ConsentEvent.Kind.CONFIRMED
    )
    return Subscriber.objects.filter(requested_at__lt=cutoff).filter(
        Q(status=Subscriber.Status.PENDING)
        | Q(status=Subscriber.Status.UNSUBSCRIBED) & ~Exists(ever_confirmed)
    )


def purge_unconfirmed(older_than=PURGE_AFTER, now=None):
    """Delete stale unconfirmed sign-ups with their ledger. Returns how many subscribers."""
    with transaction.atomic():
        stale = unconfirmed_subscribers(older_than, now)
        count = stale.count()
        Subscriber.objects.filter(pk__in=list(stale.values_list("pk", flat=True))).delete()
    return count
