"""Blocks shared by every page type: links, headings, text and the call to action."""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from wagtail import blocks

from .anchors import AnchoredBlock, AnchoredValue

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "code"]


class LinkValue(blocks.StructValue):
    """Carries the link's URL whether it points to a page or elsewhere."""

    @property
    def href(self):
        page = self.get("page")
        if page:
            return page.url
        return self.get("url") or ""

    @property
    def text(self):
        page = self.get("page")
        return self.get("label") or (page.title if page else self.get("url", ""))


class LinkTargetBlock(blocks.StructBlock):
    """Where a link leads: a page of this site or a web or email address."""

    page = blocks.PageChooserBlock(
        required=False,
        help_text="A page of this site. Choose a page or enter a web address, not both.",
    )
    url = blocks.CharBlock(
        required=False,
        max_length=500,
        label="Web address",
        help_text="Another site (https://…) or an email address (mailto:…).",
    )

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = "Choose a page or enter a web address (one of the two)."
            raise blocks.StructBlockValidationError(
                block_errors={"page": ErrorList([ValidationError(message)])}
            )
        url = value.get("url") or ""
        if url and not url.startswith(("https://", "http://", "mailto:", "/", "#")):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "url": ErrorList(
                        [ValidationError("Start the address with https://, mailto: or /.")]
                    )
                }
            )
        return value

    class Meta:
        icon = "link"
        label = "Link target"
        value_class = LinkValue


class LinkBlock(LinkTargetBlock):
    label = blocks.CharBlock(
        required=False,
        max_length=80,
        help_text="The words visitors click. Leave blank to use the chosen page's title.",
    )

    class Meta:
        icon = "link"
        label = "Link"
        value_class = LinkValue


def anchor_block(example="faq"):
    return blocks.CharBlock(
        required=False,
        max_length=80,
        help_text=(
            f"This part's address on the page: '{example}' gives …#{example}. Left blank, it is "
            "made from the heading when you save; keep it once people have shared links to it."
        ),
    )


class AnchoredStructValue(AnchoredValue, blocks.StructValue):
    """A block value with the ``anchor_id`` its template, the navigation and search read."""


class HeadingBlock(AnchoredBlock, blocks.StructBlock):
    text = blocks.CharBlock(max_length=200, help_text="The heading as visitors read it.")
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading"), ("h3", "Sub-heading")],
        default="h2",
        help_text="Section headings start a new part; sub-headings sit inside one.",
    )
    anchor = anchor_block("what-we-track")

    anchor_sources = ("text",)
    anchor_fallback = "heading"

    class Meta:
        value_class = AnchoredStructValue
        icon = "title"
        label = "Heading"
        group = "Text"
        template = "blocks/heading_block.html"
        description = "A section heading or sub-heading, for structure and the outline."
        preview_value = {"text": "What we track (beyond loss)", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        kwargs.setdefault(
            "help_text",
            "Paragraphs with bold, italic, links, bulleted and numbered lists.",
        )
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = "Text"
        group = "Text"
        template = "blocks/paragraph_block.html"
        description = "Paragraphs of text, with links and bulleted or numbered lists."
        preview_value = (
            "<p>Loss is the dashboard everyone has. It's also the dashboard that will lie "
            "to you for the longest.</p><ul><li>Gradient norm</li><li>Token efficiency</li></ul>"
        )


class CallToActionBlock(AnchoredBlock, blocks.StructBlock):
    eyebrow = blocks.CharBlock(
        required=False,
        max_length=60,
        help_text="A short label above the heading, e.g. 'Next step'.",
    )
    heading = blocks.CharBlock(max_length=160, help_text="The question or promise, one line.")
    button_label = blocks.CharBlock(
        max_length=40, help_text="The button's words, e.g. 'Book a Call'."
    )
    link = LinkTargetBlock(help_text="Where the button leads: a page of this site or an address.")
    anchor = anchor_block("next-step")

    class Meta:
        value_class = AnchoredStructValue
        icon = "pick"
        label = "Call to action"
        group = "Sections"
        template = "blocks/call_to_action_block.html"
        description = "A closing band with a heading and one button, e.g. 'Book a Call'."
        preview_value = {
            "eyebrow": "Next step",
            "heading": "Have an AI initiative that needs to actually ship?",
            "button_label": "Book a Call",
            "link": {"url": "mailto:hello@andor.in"},
        }


class NavigationLinkBlock(LinkBlock):
    class Meta:
        icon = "link"
        label = "Navigation link"
        description = "One item of the main navigation."
        preview_value = {"label": "Resources", "url": "/resources/"}
