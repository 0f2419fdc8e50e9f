import functools
import math

from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home import visibility
from home.models import AnchoredBodyMixin, HeroMixin

from ..blocks import FIELD_NOTE_BODY_BLOCKS, RESOURCES_BODY_BLOCKS

WORDS_PER_MINUTE = 230


class ResourcesPage(AnchoredBodyMixin, HeroMixin, Page):
    """FAQs, whitepapers and field notes, composed from sections by editors."""

    body = StreamField(
        RESOURCES_BODY_BLOCKS,
        blank=True,
        help_text="The page's sections. Add, reorder or remove them; each shows a preview.",
    )

    content_panels = Page.content_panels + [HeroMixin.hero_panel, FieldPanel("body")]
    search_fields = (
        Page.search_fields
        + HeroMixin.hero_search_fields
        + [
            index.SearchField("search_text"),
        ]
    )

    parent_page_types = ["home.HomePage"]
    subpage_types = ["resources.FieldNotePage"]

    class Meta:
        verbose_name = "resources page"

    def route(self, request, path_components):
        """Wagtail's routing, with a field note (the only page type below this one) read in
        one query instead of a generic page and then its specific fields."""
        if len(path_components) == 1:
            note = FieldNotePage.objects.child_of(self).filter(slug=path_components[0]).first()
            if note is not None:
                note._cached_parent_obj = self
                return note.route(request, [])
        return super().route(request, path_components)

    def search_text(self):
        """The words of the page's sections for site search, without its whitepaper cards:
        each card is found as a whitepaper of its own, only by visitors who may open its
        document, so the page must not be found by (nor quote) a private paper's card."""
        texts = []
        for block in self.body:
            if block.block_type == "whitepaper_section":
                value = block.value
                texts += [value.get("eyebrow"), value.get("heading"), value.get("intro")]
                continue
            texts += block.block.get_searchable_content(block.value)
        return "\n".join(str(text) for text in texts if text)


class FieldNotePage(AnchoredBodyMixin, Page):
    """One piece of writing from the engineering team."""

    dek = models.TextField(
        max_length=600,
        help_text="The standfirst under the title: what the note argues, in a sentence or "
        "two. Also the summary on note cards.",
    )
    date = models.DateField(
        "publication date",
        default=timezone.localdate,
        help_text="Shown as month and year on cards; newest notes come first.",
    )
    category = models.ForeignKey(
        "resources.NoteCategory",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The topic, e.g. 'LLM training'. Related notes share it.",
    )
    series = models.ForeignKey(
        "resources.NoteSeries",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional: the series the note belongs to.",
    )
    body = StreamField(
        FIELD_NOTE_BODY_BLOCKS,
        help_text="The note: headings, text with lists, quotes, callouts, images and code.",
    )
    reading_time_override = models.PositiveSmallIntegerField(
        "reading time (minutes)",
        null=True,
        blank=True,
        help_text="Leave blank to compute it from the text. Fill it to state your own figure.",
    )
    computed_reading_time = models.PositiveSmallIntegerField(default=1, editable=False)

    content_panels = Page.content_panels + [
        FieldPanel("dek"),
        MultiFieldPanel(
            [
                FieldPanel("date"),
                FieldPanel("category"),
                FieldPanel("series"),
                FieldPanel("reading_time_override"),
            ],
            heading="About this note",
        ),
        InlinePanel("note_authors", label="Author", min_num=1, heading="Byline"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("dek"),
        index.SearchField("body"),
        index.RelatedFields("category", [index.SearchField("name")]),
        index.RelatedFields("series", [index.SearchField("name")]),
        index.RelatedFields(
            "note_authors", [index.RelatedFields("author", [index.SearchField("name")])]
        ),
        index.FilterField("date"),
    ]

    parent_page_types = ["resources.ResourcesPage"]
    subpage_types = []

    class Meta:
        verbose_name = "field note"
        # Newest first is how notes are listed (the Resources page, feeds, search's "latest
        # notes"): read from the index, not by sorting every note.
        indexes = [models.Index(fields=["date", "page_ptr"], name="resources_note_date_idx")]

    @property
    def reading_time(self):
        """Minutes to read: the editor's figure if given, else computed from the text."""
        return self.reading_time_override or self.computed_reading_time

    def compute_reading_time(self):
        texts = [self.dek]
        for block in self.body:
            texts.extend(block.block.get_searchable_content(block.value))
        words = len(strip_tags(" ".join(str(t) for t in texts)).split())
        return max(1, math.ceil(words / WORDS_PER_MINUTE))

    def save(self, *args, **kwargs):
        self.computed_reading_time = self.compute_reading_time()
        return super().save(*args, **kwargs)

    @cached_property
    def byline(self):
        """The note's authors in order (uses prefetched authors when there are some)."""
        links = self.note_authors.all()
        if "note_authors" not in getattr(self, "_prefetched_objects_cache", {}):
            links = links.select_related("author")
        return [link.author for link in links]

    def siblings(self, request=None):
        """The other notes under the same parent that the request may see."""
        notes = visibility.visible_pages(request, FieldNotePage.objects)
        notes = notes.select_related("category", "series").defer_streamfields()
        return notes.sibling_of(self, inclusive=False)

    def get_context(self, request, *args, **kwargs):
        """The pager, related notes and parent are functions the template calls: a page whose
        content comes from the fragment cache reads none of them."""
        context = super().get_context(request, *args, **kwargs)

        @functools.cache
        def siblings():
            return self.siblings(request)

        context["newer_note"] = functools.cache(
            lambda: (
                siblings()
                .filter(models.Q(date__gt=self.date) | models.Q(date=self.date, pk__gt=self.pk))
                .order_by("date", "pk")
                .first()
            )
        )
        context["older_note"] = functools.cache(
            lambda: (
                siblings()
                .filter(models.Q(date__lt=self.date) | models.Q(date=self.date, pk__lt=self.pk))
                .order_by("-date", "-pk")
                .first()
            )
        )
        context["related_notes"] = functools.cache(lambda: self.related_notes(siblings()))
        context["parent_page"] = functools.cache(self.get_parent)
        return context

    def related_notes(self, siblings, count=3):
        """Notes of the same category first, then the latest others, in one query."""
        same_category = models.Case(
            models.When(category_id=self.category_id, then=1),
            default=0,
            output_field=models.IntegerField(),
        )
        return list(
            siblings.annotate(same_category=same_category).order_by(
                "-same_category", "-date", "-pk"
            )[:count]
        )


class FieldNotePageAuthor(Orderable):
    """One name in a field note's byline, in order."""

    page = ParentalKey(FieldNotePage, on_delete=models.CASCADE, related_name="note_authors")
    author = models.ForeignKey(
        "resources.Author",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="A person or team from the Authors snippets.",
    )

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        verbose_name = "author"
