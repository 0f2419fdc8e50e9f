from django import template
from django.conf import settings

from newsletter.models import notice_digest

register = template.Library()


@register.filter
def consent_digest(text):
    """The fingerprint of the consent wording shown, sent with the form to record that version."""
    return notice_digest(text or "", settings.LANGUAGE_CODE)
