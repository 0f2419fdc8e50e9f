import uuid

from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .anchors import fill_anchors
from .blocks import CallToActionBlock, HeadingBlock, NavigationLinkBlock, ParagraphBlock


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


class HomePage(AnchoredBodyMixin, HeroMixin, Page):  # noqa: DJ008 (Page gives __str__)
    """The site's root page: a hero that leads visitors on, then free sections."""

    body = StreamField(
        [
            ("heading", HeadingBlock()),
            ("paragraph", ParagraphBlock()),
            ("call_to_action", CallToActionBlock()),
        ],
        blank=True,
        help_text="Sections under the hero. Add, reorder or remove them as you need.",
    )

    content_panels = Page.content_panels + [HeroMixin.hero_panel, FieldPanel("body")]
    search_fields = (
        Page.search_fields
        + HeroMixin.hero_search_fields
        + [
            index.SearchField("body"),
        ]
    )

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["resources.ResourcesPage", "contact.ContactPage"]
    max_count = 1

    class Meta:
        verbose_name = "home page"


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
        FieldPanel("footer_text"),
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
