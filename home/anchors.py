"""Anchors: the ``id`` of a section or an FAQ item, stored once in the page's content.

Editors may type an anchor; when they leave it blank it is filled when the page is saved,
from the section's eyebrow or heading (or the item's question), with a slug that keeps every
script's letters and marks (``हिन्दी`` stays Devanagari). Anchors are unique within the page: a
clash gets a suffix (``faq``, ``faq-2``). Templates, navigation and search read the stored value
through the block value's ``anchor_id``; nothing else derives an anchor.
"""

import re
import unicodedata

MAX_LENGTH = 80
_DASHES = re.compile(r"[-\s]+")


def unicode_slug(text, max_length=MAX_LENGTH):
    """A slug of ``text`` for an ``id``: lower case, letters, marks and digits of any script,
    hyphens between words. Unlike Django's ``slugify(allow_unicode=True)``, the combining
    vowel signs of Indic scripts are kept, so the words stay readable."""
    text = unicodedata.normalize("NFKC", str(text or "")).lower()
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category[0] in "LMN" or char in "_-":
            kept.append(char)
        elif category[0] == "Z" or char.isspace() or category[0] == "P":
            kept.append(" ")
    slug = _DASHES.sub("-", "".join(kept)).strip("-_")
    return slug[:max_length].strip("-_")


class AnchorRegistry:
    """Hands out anchors unique within one page, in the order they appear."""

    def __init__(self):
        self.used = set()

    def claim(self, wanted, fallback, prefix=""):
        """A slug of ``wanted`` (or ``fallback``) whose id, ``prefix`` + slug, no other part of
        the page has taken yet."""
        base = unicode_slug(wanted) or fallback
        anchor, number = base, 2
        while prefix + anchor in self.used:
            suffix = f"-{number}"
            anchor = f"{base[: MAX_LENGTH - len(suffix)]}{suffix}"
            number += 1
        self.used.add(prefix + anchor)
        return anchor


def anchor_id(block, value):
    """The element id of ``value`` (a block value, or its stored data) of an ``AnchoredBlock``:
    the stored anchor, or for content saved before it had one, the anchor it would be given."""
    slug = unicode_slug(value.get("anchor")) or block.anchor_text(value) or block.anchor_fallback
    return block.anchor_prefix + slug


class AnchoredValue:
    """Mixed into a block's StructValue: ``anchor_id``, the element id templates print."""

    @property
    def anchor_id(self):
        return anchor_id(self.block, self)


class AnchoredBlock:
    """Mixed into a StructBlock that has an ``anchor`` child: fills it when the page is saved.

    ``anchor_sources`` names the children the default anchor is made from, the first not blank;
    ``anchor_prefix`` starts the element id (``faq-``).
    """

    anchor_sources = ("eyebrow", "heading")
    anchor_prefix = ""
    anchor_fallback = "section"

    def anchor_text(self, value):
        for name in self.anchor_sources:
            slug = unicode_slug(value.get(name))
            if slug:
                return slug
        return ""

    def fill_anchors(self, value, registry):
        wanted = value.get("anchor") or self.anchor_text(value)
        value["anchor"] = registry.claim(wanted, self.anchor_fallback, self.anchor_prefix)


def fill_anchors(stream_value):
    """Give every section and FAQ item of a StreamField value its anchor: an editor's own,
    cleaned, or one made from its heading; unique within the page. Changes the value in place
    and returns it."""
    registry = AnchorRegistry()
    for child in stream_value:
        block = child.block
        fill = getattr(block, "fill_anchors", None)
        if fill is not None:
            fill(child.value, registry)
    return stream_value
