from django import template
from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar

from home.fragments import is_signed_in

register = template.Library()


@register.simple_tag(takes_context=True)
def editor_userbar(context, position="bottom-right"):
    """Wagtail's user bar for a signed-in editor. For a request without a session cookie it
    renders nothing without reading the session, so the page stays the same for every
    anonymous visitor (no ``Vary: Cookie``)."""
    if not is_signed_in(context.get("request")):
        return ""
    return wagtailuserbar(context, position)
