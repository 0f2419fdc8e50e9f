import uuid

from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .anchors import fill_anchors
from .blocks import (
    CallToActionBlock,
    HeadingBlock,
    HeroLinkBlock,
    NavigationLinkBlock,
    PackagesSectionBlock,
    ParagraphBlock,
    ProofPointsBlock,
)


def _new_token():
    return uuid.uuid4().hex


class HeroMixin(models.Model):
    """A page's hero: eyebrow, main heading and intro, shown by includes/hero.html."""

    hero_eyebrow = models.CharField(
        max_length=80,
        blank=True,
        help_text="A short label above the heading, e.g. 'Resources · Field notes'.",
    )
    hero_heading = models.CharField(
        max_length=200,
        help_text="The page's main heading (its only h1).",
    )
    hero_intro = models.TextField(
        blank=True,
        max_length=600,
        help_text="One or two sentences under the heading.",
    )

    hero_panel = MultiFieldPanel(
        [FieldPanel("hero_eyebrow"), FieldPanel("hero_heading"), FieldPanel("hero_intro")],
        heading="Hero",
    )
    hero_search_fields = [index.SearchField("hero_heading"), index.SearchField("hero_intro")]

    class Meta:
        abstract = True


class AnchoredBodyMixin:
    """For a page whose ``body`` StreamField has sections or headings with anchors: fills
    blank anchors and makes them unique within the page whenever the page is validated, which
    Wagtail does before every save and every revision (see ``home.anchors``)."""

    def clean(self):
        super().clean()
        if self.body:
            fill_anchors(self.body)


class SocialImageMixin(models.Model):
    """The picture shown when the page is shared (Open Graph, Twitter cards, structured data)."""

    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when the page is shared on social media, cropped to 1200×630. Blank "
        "uses the default image from Site settings.",
    )

    social_panel = FieldPanel("social_image")

    class Meta:
        abstract = True


def hero_links_field():
    return StreamField(
        [("link", HeroLinkBlock())],
        blank=True,
        max_num=2,
        help_text="Up to two buttons under the heading; the first is the main one.",
    )


def hero_panel_with_links():
    return MultiFieldPanel(
        [
            FieldPanel("hero_eyebrow"),
            FieldPanel("hero_heading"),
            FieldPanel("hero_intro"),
            FieldPanel("hero_links"),
        ],
        heading="Hero",
    )


def _home_body_blocks():
    # The Resources blocks build on these shared ones, so they are imported here, not at the
    # top of home.blocks.
    from resources.blocks import FieldNotesSectionBlock, NewsletterBlock, WhitepaperSectionBlock

    return [
        ("packages", PackagesSectionBlock()),
        ("proof_points", ProofPointsBlock()),
        ("field_notes_section", FieldNotesSectionBlock()),
        ("whitepaper_section", WhitepaperSectionBlock()),
        ("newsletter", NewsletterBlock()),
        ("call_to_action", CallToActionBlock()),
        ("heading", HeadingBlock()),
        ("paragraph", ParagraphBlock()),
    ]


class HomePage(AnchoredBodyMixin, HeroMixin, SocialImageMixin, Page):  # noqa: DJ008 (Page gives __str__)
    """The site's root page: a hero that leads visitors on, then sections editors compose."""

    hero_links = hero_links_field()
    body = StreamField(
        _home_body_blocks(),
        blank=True,
        help_text="Sections under the hero: packages, proof points, field notes, whitepapers, "
        "a call to action… Add, reorder or remove them as you need.",
    )

    content_panels = Page.content_panels + [hero_panel_with_links(), FieldPanel("body")]
    promote_panels = Page.promote_panels + [SocialImageMixin.social_panel]
    search_fields = (
        Page.search_fields
        + HeroMixin.hero_search_fields
        + [
            index.SearchField("body"),
        ]
    )

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["resources.ResourcesPage", "contact.ContactPage", "home.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = "home page"


def _standard_body_blocks():
    from resources.blocks import FigureBlock, QuoteBlock

    return [
        ("heading", HeadingBlock()),
        ("paragraph", ParagraphBlock()),
        ("image", FigureBlock()),
        ("quote", QuoteBlock()),
        ("call_to_action", CallToActionBlock()),
    ]


class StandardPage(AnchoredBodyMixin, HeroMixin, SocialImageMixin, Page):  # noqa: DJ008 (Page gives __str__)
    """About, Services, Privacy policy, Terms: a hero and a body of headings, text, images,
    quotes and calls to action, with a table of contents made from its headings."""

    hero_links = hero_links_field()
    body = StreamField(
        _standard_body_blocks(),
        blank=True,
        help_text="The page: headings, text, images, quotes and calls to action. Section "
        "headings and sub-headings make the table of contents.",
    )
    show_table_of_contents = models.BooleanField(
        default=True,
        help_text="List the page's headings at the top, linked to them (shown when the page "
        "has at least two).",
    )
    hide_from_search_engines = models.BooleanField(
        default=False,
        help_text="Ask search engines not to list this page (noindex) and leave it out of the "
        "sitemap.",
    )

    content_panels = Page.content_panels + [
        hero_panel_with_links(),
        FieldPanel("show_table_of_contents"),
        FieldPanel("body"),
    ]
    promote_panels = Page.promote_panels + [
        SocialImageMixin.social_panel,
        FieldPanel("hide_from_search_engines"),
    ]
    search_fields = Page.search_fields + HeroMixin.hero_search_fields + [index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = "standard page"

    @property
    def table_of_contents(self):
        """The page's section headings in order, each with its sub-headings:
        ``[{"text", "anchor", "children": [{"text", "anchor"}, …]}, …]``."""
        entries = []
        for block in self.body:
            if block.block_type != "heading":
                continue
            item = {"text": block.value["text"], "anchor": block.value.anchor_id, "children": []}
            if block.value["level"] == "h3" and entries:
                entries[-1]["children"].append(item)
            else:
                entries.append(item)
        return entries


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Copy shared by every page: navigation, contact details, footer, consent wording."""

    contact_email = models.EmailField(
        default="hello@andor.in",
        help_text="Where visitors write to. Shown in the footer and wherever a page offers it.",
    )
    navigation = StreamField(
        [("link", NavigationLinkBlock())],
        blank=True,
        help_text="The main navigation in the header, in order. Keep it to a few items.",
    )
    footer_text = models.CharField(
        max_length=300,
        blank=True,
        help_text="One line in the footer under the firm's name.",
    )
    footer_navigation = StreamField(
        [("link", NavigationLinkBlock())],
        blank=True,
        help_text="Links in the footer, in order, e.g. About, Privacy policy, Terms.",
    )
    privacy_policy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The privacy policy. Linked from the footer, every newsletter form and the "
        "Book a Call form.",
    )
    default_social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when a page without a social image of its own is shared, and as the "
        "firm's image in search results. Best 1200×630 pixels.",
    )
    newsletter_privacy_line = models.CharField(
        max_length=200,
        default="No spam · Unsubscribe any time · DPDP & GDPR compliant",
        help_text="The privacy promise printed under every newsletter form.",
    )
    newsletter_consent_label = models.CharField(
        max_length=300,
        default=(
            "Yes, email me one field note a month. I can unsubscribe at any time from any email."
        ),
        help_text=(
            "The words next to the consent checkbox of every newsletter form. Changing them "
            "changes what new subscribers agree to."
        ),
    )

    panels = [
        FieldPanel("contact_email"),
        FieldPanel("navigation"),
        MultiFieldPanel(
            [FieldPanel("footer_text"), FieldPanel("footer_navigation")], heading="Footer"
        ),
        FieldPanel("privacy_policy_page"),
        FieldPanel("default_social_image"),
        MultiFieldPanel(
            [FieldPanel("newsletter_consent_label"), FieldPanel("newsletter_privacy_line")],
            heading="Newsletter",
        ),
    ]

    class Meta:
        verbose_name = "site settings"


class ContentVersion(models.Model):
    """One row whose token changes whenever published content may have changed.

    Cached fragments are keyed on it (``home.fragments``). It lives in the database, where the
    change itself is recorded, so a change made while the cache is unreachable still renews it.
    A random token rather than a counter: a database restored from a backup, or a test's
    database rolled back, never meets a cache that holds fragments for its token.
    """

    token = models.CharField(max_length=32, default=_new_token)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "content version"

    def __str__(self):
        return f"content version {self.token}"

    @classmethod
    def current(cls):
        token = cls.objects.filter(pk=1).values_list("token", flat=True).first()
        if token is None:
            token = cls.objects.get_or_create(pk=1)[0].token
        return token

    @classmethod
    def read(cls):
        """(token, when it last changed) in one query."""
        row = cls.objects.filter(pk=1).values_list("token", "changed_at").first()
        if row is None:
            obj, _ = cls.objects.get_or_create(pk=1)
            row = (obj.token, obj.changed_at)
        return row

    @classmethod
    def renew(cls):
        token = _new_token()
        if not cls.objects.filter(pk=1).update(token=token, changed_at=timezone.now()):
            cls.objects.update_or_create(pk=1, defaults={"token": token})
