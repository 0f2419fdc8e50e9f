"""StreamField blocks of the Resources page and of field notes."""

from contextvars import ContextVar

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.lookups import StartsWith
from django.utils.text import slugify
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock
from wagtail.models import PageViewRestriction

from home.blocks import (
    RICH_TEXT_FEATURES,
    CallToActionBlock,
    HeadingBlock,
    ParagraphBlock,
)

SECTION_GROUP = "Sections"


class SectionHeaderMixin(blocks.StructBlock):
    eyebrow = blocks.CharBlock(
        required=False,
        max_length=60,
        help_text="A short label above the heading, e.g. 'FAQ'. Shown in capitals.",
    )
    heading = blocks.CharBlock(
        max_length=160, help_text="The section's heading, one or two short lines."
    )


# --- FAQ -------------------------------------------------------------------------------


class FAQItemValue(blocks.StructValue):
    @property
    def anchor_id(self):
        """The item's anchor: 'faq-' and its anchor name, or its question as a slug."""
        name = slugify(self.get("anchor") or "") or slugify(self.get("question") or "")[:60]
        return f"faq-{name.strip('-') or 'item'}"


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200, help_text="The question as a visitor asks it.")
    answer = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        help_text="A short, direct answer. Links and lists are fine.",
    )
    anchor = blocks.CharBlock(
        required=False,
        max_length=60,
        help_text=(
            "Short name for links to this question, e.g. 'pricing' gives #faq-pricing. "
            "Set it once and keep it: links people have shared rely on it. "
            "Blank uses the question."
        ),
    )

    class Meta:
        icon = "help"
        label = "Question"
        value_class = FAQItemValue


class FAQSectionBlock(SectionHeaderMixin):
    intro = blocks.RichTextBlock(
        required=False,
        features=["bold", "italic", "link"],
        help_text="A line under the heading, e.g. where to write if a question is missing. "
        "Link an email address to make it clickable.",
    )
    items = blocks.ListBlock(
        FAQItemBlock(),
        min_num=1,
        help_text="Questions in the order shown; they are numbered 01, 02, … on the page.",
    )

    class Meta:
        icon = "help"
        label = "FAQ list"
        group = SECTION_GROUP
        template = "resources/blocks/faq_section_block.html"
        description = "Numbered questions that open to show their answers."
        preview_value = {
            "eyebrow": "FAQ",
            "heading": "Twelve questions we hear most often.",
            "intro": '<p>If yours isn\'t here, write to <a href="mailto:hello@andor.in">'
            "hello@andor.in</a>.</p>",
            "items": [
                {
                    "question": "How do you price engagements?",
                    "answer": "<p>Fixed scope, fixed timeline, fixed fee per package.</p>",
                    "anchor": "pricing",
                },
                {
                    "question": "Who owns the IP we build together?",
                    "answer": "<p>You do.</p>",
                    "anchor": "ip",
                },
            ],
        }


# --- Whitepapers -----------------------------------------------------------------------


class WhitepaperCardValue(blocks.StructValue):
    """What the card shows but the editor does not type: the file's format and size."""

    @property
    def document_format(self):
        document = self.get("document")
        return document.extension_label if document else ""

    @property
    def document_size(self):
        document = self.get("document")
        return document.get_file_size() if document else None


class WhitepaperChooserBlock(DocumentChooserBlock):
    """Chooses a document; loads the chosen ones without their (long) extracted text."""

    def bulk_to_python(self, values):
        documents = self.model_class.objects.defer("extracted_text").in_bulk(
            [v for v in values if v]
        )
        return [documents.get(v) for v in values]


class WhitepaperCardBlock(blocks.StructBlock):
    code = blocks.CharBlock(max_length=20, help_text="The paper's reference, e.g. 'WP-01'.")
    year = blocks.IntegerBlock(
        min_value=1990,
        max_value=2100,
        help_text="The year of publication, e.g. 2026.",
    )
    title = blocks.CharBlock(max_length=120, help_text="The paper's title, e.g. 'VLMs in 2026'.")
    subtitle = blocks.CharBlock(
        required=False,
        max_length=160,
        help_text="The line under the title, e.g. 'The Enterprise Playbook'.",
    )
    summary = blocks.TextBlock(
        max_length=400, help_text="One or two sentences on what the paper argues."
    )
    document = WhitepaperChooserBlock(
        help_text="The PDF visitors download. Upload it under Documents first.",
    )

    class Meta:
        icon = "doc-full"
        label = "Whitepaper"
        value_class = WhitepaperCardValue


class WhitepaperSectionBlock(SectionHeaderMixin):
    intro = blocks.TextBlock(
        required=False, max_length=400, help_text="A sentence or two under the heading."
    )
    cards = blocks.ListBlock(
        WhitepaperCardBlock(),
        min_num=1,
        help_text="Whitepapers in the order shown, two per row on wide screens.",
    )

    class Meta:
        icon = "doc-full-inverse"
        label = "Whitepaper cards"
        group = SECTION_GROUP
        template = "resources/blocks/whitepaper_section_block.html"
        description = "Cards for whitepapers, each with a 'Download PDF' link."
        preview_value = {
            "eyebrow": "Whitepapers",
            "heading": "Long-form arguments worth your time.",
            "intro": "Each whitepaper is a self-contained POV on a hard problem.",
            "cards": [
                {
                    "code": "WP-01",
                    "year": 2026,
                    "title": "VLMs in 2026",
                    "subtitle": "The Enterprise Playbook",
                    "summary": "How vision-language models move from research to "
                    "enterprise production.",
                    "document": None,
                }
            ],
        }


# --- Field notes -----------------------------------------------------------------------


def _notes_queryset():
    from .models import FieldNotePage

    return FieldNotePage.objects.live().select_related("category", "series").defer_streamfields()


def public_notes():
    """Live notes outside private sections, in one query (the privacy check is a subquery)."""
    restricted = PageViewRestriction.objects.filter(StartsWith(OuterRef("path"), F("page__path")))
    return _notes_queryset().exclude(Exists(restricted))


# Notes already loaded for the section being converted, so that its choosers share one query.
_preloaded_notes = ContextVar("preloaded_notes", default=None)


class FieldNoteChooserBlock(blocks.PageChooserBlock):
    """Chooses a live field note; loads the chosen notes with their category and series."""

    def __init__(self, **kwargs):
        super().__init__(page_type="resources.FieldNotePage", **kwargs)

    def bulk_to_python(self, values):
        notes = _preloaded_notes.get()
        if notes is None:
            notes = _notes_queryset().in_bulk([v for v in values if v])
        return [notes.get(v) for v in values]

    def to_python(self, value):
        return self.bulk_to_python([value])[0]


def _chosen_ids(raw):
    """Page ids from a chooser's or a list of choosers' stored value."""
    items = raw if isinstance(raw, list) else [raw]
    for item in items:
        value = item.get("value") if isinstance(item, dict) else item
        if isinstance(value, int):
            yield value


class FieldNotesSectionBlock(SectionHeaderMixin):
    featured = FieldNoteChooserBlock(
        help_text="The note shown first and largest, with its series, byline and dek.",
    )
    also_featured = blocks.ListBlock(
        FieldNoteChooserBlock(),
        required=False,
        default=[],
        label="Also in full",
        help_text="Further notes shown with their dek and byline under the featured one.",
    )
    more_heading = blocks.CharBlock(
        required=False,
        max_length=60,
        default="More notes",
        help_text="The label above the grid of note cards.",
    )
    more_source = blocks.ChoiceBlock(
        choices=[("latest", "The latest notes"), ("chosen", "Notes I choose")],
        default="latest",
        help_text="Fill the cards with the latest published notes, or choose them by hand.",
    )
    more_count = blocks.IntegerBlock(
        min_value=0,
        max_value=24,
        default=6,
        help_text="With 'The latest notes': how many cards. Notes shown above are skipped.",
    )
    more_notes = blocks.ListBlock(
        FieldNoteChooserBlock(),
        required=False,
        default=[],
        help_text="With 'Notes I choose': the notes for the cards, in order.",
    )

    class Meta:
        icon = "list-ul"
        label = "Field notes"
        group = SECTION_GROUP
        template = "resources/blocks/field_notes_section_block.html"
        description = "A featured field note and a grid of further notes."
        preview_value = {
            "eyebrow": "Field notes",
            "heading": "Short writing from our engineering team.",
            "more_heading": "More notes",
            "more_source": "latest",
            "more_count": 3,
        }

    NOTE_FIELDS = ("featured", "also_featured", "more_notes")

    @staticmethod
    def _latest_query(value):
        """The latest public notes' ids for a section filled automatically, or None."""
        if value.get("more_source", "latest") == "chosen" or not value.get("more_count"):
            return None
        shown = [*_chosen_ids(value.get("featured")), *_chosen_ids(value.get("also_featured"))]
        latest = public_notes().exclude(pk__in=shown).order_by("-date", "-pk")
        return latest.values("pk")[: value["more_count"]]

    def bulk_to_python(self, values):
        """Loads every section's chosen notes and latest notes in one query."""
        chosen = {
            note_id
            for value in values
            for name in self.NOTE_FIELDS
            for note_id in _chosen_ids(value.get(name))
        }
        latest = {
            i: q for i, value in enumerate(values) if (q := self._latest_query(value)) is not None
        }
        notes = []
        if chosen or latest:
            wanted = Q(pk__in=chosen)
            for query in latest.values():
                wanted |= Q(pk__in=query)
            flags = {
                f"in_latest_{i}": Case(
                    When(pk__in=query, then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                )
                for i, query in latest.items()
            }
            notes = list(_notes_queryset().filter(wanted).annotate(**flags))
        token = _preloaded_notes.set({note.pk: note for note in notes})
        try:
            result = super().bulk_to_python(values)
        finally:
            _preloaded_notes.reset(token)
        for i, struct in enumerate(result):
            if i in latest:
                struct.latest_notes = sorted(
                    (note for note in notes if getattr(note, f"in_latest_{i}")),
                    key=lambda note: (note.date, note.pk),
                    reverse=True,
                )
        return result

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        featured = [n for n in [value.get("featured"), *value.get("also_featured", [])] if n]
        if value.get("more_source") == "chosen":
            cards = [n for n in value.get("more_notes", []) if n]
        elif hasattr(value, "latest_notes"):
            cards = value.latest_notes
        else:  # a value made outside a page's StreamField, e.g. a block preview
            count = value.get("more_count") or 0
            shown = [n.pk for n in featured]
            latest = public_notes().exclude(pk__in=shown).order_by("-date", "-pk")
            cards = list(latest[:count]) if count else []
        from .models import FieldNotePageAuthor

        prefetch_related_objects(
            featured,
            Prefetch(
                "note_authors",
                queryset=FieldNotePageAuthor.objects.select_related("author").order_by(
                    "sort_order"
                ),
            ),
        )
        context["featured_note"] = featured[0] if featured else None
        context["also_featured"] = featured[1:]
        context["cards"] = cards
        return context


# --- Newsletter ------------------------------------------------------------------------


class NewsletterBlock(SectionHeaderMixin):
    text = blocks.TextBlock(
        required=False,
        max_length=400,
        help_text="What subscribers get, in a sentence or two.",
    )

    class Meta:
        icon = "mail"
        label = "Newsletter signup"
        group = SECTION_GROUP
        template = "resources/blocks/newsletter_block.html"
        description = "A newsletter signup form with the consent wording from site settings."
        preview_value = {
            "eyebrow": "Newsletter",
            "heading": "One field note. Once a month.",
            "text": "No marketing fluff. Practical, technical writing.",
        }


# --- Field note body -------------------------------------------------------------------


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=800, help_text="The quoted words, without quote marks.")
    attribution = blocks.CharBlock(
        required=False, max_length=120, help_text="Who said it. Optional."
    )

    class Meta:
        icon = "openquote"
        label = "Quote"
        group = "Text"
        template = "resources/blocks/quote_block.html"
        description = "A quotation set apart from the text, with who said it."
        preview_value = {
            "quote": "Storage is cheap. Re-running pretraining is not.",
            "attribution": "AndOr training infrastructure team",
        }


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        choices=[("note", "Note"), ("warning", "Warning"), ("tip", "Tip")],
        default="note",
        help_text="Sets the label and colour of the box.",
    )
    title = blocks.CharBlock(required=False, max_length=120, help_text="A short title. Optional.")
    text = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, help_text="What the reader should not miss."
    )

    class Meta:
        icon = "warning"
        label = "Callout"
        group = "Text"
        template = "resources/blocks/callout_block.html"
        description = "A highlighted box for a key point or a warning."
        preview_value = {
            "tone": "tip",
            "title": "The thing no one tells you",
            "text": "<p>Save more checkpoints than you think you need.</p>",
        }


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(help_text="The picture, with its alternative text for screen readers.")
    caption = blocks.CharBlock(
        required=False, max_length=250, help_text="Shown under the picture. Optional."
    )

    class Meta:
        icon = "image"
        label = "Image"
        group = "Media"
        template = "resources/blocks/figure_block.html"
        description = "A picture with an optional caption, sized for every screen."
        preview_value = {"caption": "Gradient norm around checkpoint 19."}


class CodeBlock(blocks.StructBlock):
    language = blocks.ChoiceBlock(
        choices=[
            ("text", "Plain text"),
            ("python", "Python"),
            ("bash", "Shell"),
            ("yaml", "YAML"),
            ("json", "JSON"),
            ("sql", "SQL"),
        ],
        default="python",
        help_text="The language, announced to screen readers and shown above the code.",
    )
    code = blocks.TextBlock(help_text="The code exactly as it should appear.")
    caption = blocks.CharBlock(required=False, max_length=200, help_text="Optional.")

    class Meta:
        icon = "code"
        label = "Code"
        group = "Media"
        template = "resources/blocks/code_block.html"
        description = "A block of code in a monospaced font, kept as typed."
        preview_value = {
            "language": "python",
            "code": "if grad_norm > 3 * baseline:\n    pause_run()",
        }


RESOURCES_BODY_BLOCKS = [
    ("heading", HeadingBlock()),
    ("paragraph", ParagraphBlock()),
    ("faq_section", FAQSectionBlock()),
    ("whitepaper_section", WhitepaperSectionBlock()),
    ("field_notes_section", FieldNotesSectionBlock()),
    ("newsletter", NewsletterBlock()),
    ("call_to_action", CallToActionBlock()),
]

FIELD_NOTE_BODY_BLOCKS = [
    ("heading", HeadingBlock()),
    ("paragraph", ParagraphBlock()),
    ("quote", QuoteBlock()),
    ("callout", CalloutBlock()),
    ("image", FigureBlock()),
    ("code", CodeBlock()),
]
