"""Newsletter subscribers and the consent ledger that proves what each one agreed to.

A subscriber row says where an address stands now; the ledger (``ConsentEvent``) says how it got
there: every grant, confirmation and withdrawal, with the exact wording shown. Ledger rows are
never changed once written, only erased with the rest of an address's data.
"""

import hashlib

from django.db import IntegrityError, models, transaction
from django.db.models import Max, Q
from django.db.models.functions import Lower

PURPOSE = "Newsletter: one field note a month by email"


def notice_digest(text, language):
    """A fingerprint of a consent wording in one language, sent with the form."""
    return hashlib.sha256(f"{language}\n{text}".encode()).hexdigest()


class ConsentNotice(models.Model):
    """One version of the words next to the consent checkbox, exactly as visitors read them."""

    text = models.TextField(help_text="The consent wording, word for word.")
    language = models.CharField(max_length=16, help_text="The wording's language, e.g. 'en'.")
    version = models.PositiveIntegerField(help_text="1 for the first wording, then 2, 3, …")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["language", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["language", "version"], name="notice_version_unique"),
        ]
        verbose_name = "consent notice"

    def __str__(self):
        return f"v{self.version} ({self.language})"

    @classmethod
    def for_text(cls, text, language):
        """The notice for this wording, recorded as the next version the first time it is used."""
        digest = notice_digest(text, language)
        for _attempt in range(5):
            notice = cls.objects.filter(digest=digest).first()
            if notice:
                return notice
            latest = cls.objects.filter(language=language).aggregate(v=Max("version"))["v"]
            try:
                with transaction.atomic():
                    return cls.objects.create(
                        text=text, language=language, version=(latest or 0) + 1, digest=digest
                    )
            except IntegrityError:
                continue  # Another request recorded it (or that version) first: look again.
        raise IntegrityError("Could not record the consent notice.")


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"

    email = models.EmailField(
        max_length=254,
        unique=True,
        help_text="Stored in lower case, so an address is one subscriber whatever its letter case.",
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField("signed up", auto_now_add=True)
    requested_at = models.DateTimeField(
        "confirmation sent", help_text="When the latest confirmation email was sent."
    )
    confirmed_at = models.DateTimeField("confirmed", null=True, blank=True)
    unsubscribed_at = models.DateTimeField("unsubscribed", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(email=Lower("email")), name="subscriber_email_lower_case"
            ),
        ]
        verbose_name = "subscriber"

    def __str__(self):
        return self.email


class ConsentEvent(models.Model):
    """One line of the consent ledger. Append-only: rows are written once and never changed."""

    class Kind(models.TextChoices):
        GRANTED = "granted", "Consent given (form submitted)"
        CONFIRMED = "confirmed", "Consent confirmed (email link)"
        WITHDRAWN = "withdrawn", "Consent withdrawn"

    class Method(models.TextChoices):
        WEB_FORM = "web_form", "Newsletter form on the website"
        CONFIRMATION_LINK = "confirmation_link", "Confirmation link in the email"
        UNSUBSCRIBE_PAGE = "unsubscribe_page", "Unsubscribe link in an email (page)"
        ONE_CLICK = "one_click", "One-click unsubscribe from the mail program"
        ADMIN = "admin", "Unsubscribed by an editor in the admin"

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    created_at = models.DateTimeField("when (UTC)", auto_now_add=True, db_index=True)
    purpose = models.CharField(max_length=200, default=PURPOSE)
    notice = models.ForeignKey(
        ConsentNotice,
        on_delete=models.PROTECT,
        related_name="events",
        help_text="The wording the subscriber agreed to (its text, version and language).",
    )
    method = models.CharField(max_length=32, choices=Method.choices)
    source_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_url = models.CharField(
        "page address",
        max_length=500,
        blank=True,
        help_text="The address of the page the form was on, kept if the page is deleted.",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "consent event"

    def __str__(self):
        return f"{self.get_kind_display()} · {self.created_at:%Y-%m-%d %H:%M} UTC"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("The consent ledger is append-only: events are never changed.")
        super().save(*args, **kwargs)

    @property
    def notice_text(self):
        return self.notice.text

    notice_text.fget.short_description = "wording agreed to"
