"""Blocks shared by every page type: links, headings, text and the call to action."""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from wagtail import blocks

from .anchors import AnchoredBlock, AnchoredValue

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "code"]

# The pages a link may choose. The home page is left out on purpose: given a list of types,
# Wagtail's page chooser opens at their closest common ancestor, the home page, instead of the
# root of the tree. A link to the home page is the address "/".
LINKABLE_PAGE_TYPES = [
    "home.StandardPage",
    "resources.ResourcesPage",
    "resources.FieldNotePage",
    "contact.ContactPage",
]


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
        page_type=LINKABLE_PAGE_TYPES,
        required=False,
        help_text="A page of this site (for the home page, enter the address /). Choose a page "
        "or enter a web address, not both.",
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


# --- Home page and standard page sections ------------------------------------------------


class SectionBlock(AnchoredBlock, blocks.StructBlock):
    """Eyebrow, heading, intro and anchor of a section of the home page."""

    eyebrow = blocks.CharBlock(
        required=False,
        max_length=60,
        help_text="A short label above the heading, e.g. 'What we offer'. Shown in capitals.",
    )
    heading = blocks.CharBlock(
        max_length=160, help_text="The section's heading, one or two short lines."
    )
    intro = blocks.TextBlock(
        required=False, max_length=400, help_text="A sentence or two under the heading."
    )
    anchor = anchor_block("packages")


class PackageCardBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=80, help_text="The package's name, e.g. 'Discovery Sprint'.")
    summary = blocks.TextBlock(
        max_length=400, help_text="What the package covers, in a sentence or two."
    )

    class Meta:
        icon = "clipboard-list"
        label = "Package"


class PackagesSectionBlock(SectionBlock):
    packages = blocks.ListBlock(
        PackageCardBlock(),
        min_num=1,
        help_text="The packages in the order shown, as cards side by side on wide screens.",
    )

    class Meta:
        value_class = AnchoredStructValue
        icon = "clipboard-list"
        label = "Engagement packages"
        group = "Sections"
        template = "blocks/packages_section_block.html"
        description = "The firm's engagement packages as cards, each with a name and summary."
        preview_value = {
            "eyebrow": "How we work",
            "heading": "Fixed scope, fixed timeline, fixed fee per package.",
            "packages": [
                {"name": "Discovery Sprint", "summary": "Decides fine-tuning vs RAG vs an API."},
                {"name": "Managed AI Operations", "summary": "Monitoring, retraining, roadmap."},
            ],
        }


class ProofPointBlock(blocks.StructBlock):
    figure = blocks.CharBlock(max_length=20, help_text="The figure itself, e.g. '50M+'.")
    label = blocks.CharBlock(
        max_length=120, help_text="What the figure counts, e.g. 'users reached by AI we shipped'."
    )

    class Meta:
        icon = "pick"
        label = "Proof point"


class ProofPointsBlock(SectionBlock):
    points = blocks.ListBlock(
        ProofPointBlock(),
        min_num=1,
        max_num=6,
        help_text="Figures the firm can stand behind, in the order shown. Three fit a row.",
    )

    class Meta:
        value_class = AnchoredStructValue
        icon = "pick"
        label = "Proof points"
        group = "Sections"
        template = "blocks/proof_points_block.html"
        description = "Large figures with a line each on what they count."
        preview_value = {
            "eyebrow": "Track record",
            "heading": "Shipped, not slideware.",
            "points": [
                {"figure": "50M+", "label": "users reached by AI we shipped"},
                {"figure": "22", "label": "Indian languages in our OCR and NLU"},
            ],
        }


class HeroLinkBlock(LinkBlock):
    class Meta:
        icon = "link"
        label = "Hero button"
        description = "A button under the page's main heading."
        preview_value = {"label": "Book a Call", "url": "/book-a-call/"}
