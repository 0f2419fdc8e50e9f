from django import template

from home import seo

register = template.Library()


@register.inclusion_tag("includes/page_meta.html", takes_context=True)
def page_meta(context):
    """``{% page_meta %}``: the page's description, canonical address, social tags, robots
    and structured data (``home.seo``). base.html keeps it with the page in Wagtail's fragment
    cache, keyed on the content version like the page's content."""
    page = context.get("page")
    request = context.get("request")
    if page is None or not hasattr(page, "get_full_url"):
        return {"meta": None}
    return {"meta": seo.page_metadata(request, page)}
