from django import template

from home.fragments import render_stream

register = template.Library()


@register.simple_tag(takes_context=True)
def stream_blocks(context, stream, page):
    """``{% stream_blocks page.body page %}``: every block of the stream, as ``include_block``
    renders it, from the cache where the page is served live (see ``home.fragments``)."""
    if not stream:
        return ""
    return render_stream(context, stream, page)
