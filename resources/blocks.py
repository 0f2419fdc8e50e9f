"""StreamField blocks of the Resources page and of field notes."""

from contextvars import ContextVar

from django.apps import apps
from django.db.models import (
    BooleanField,
    Case,
    Prefetch,
    Q,
    Value,
    When,
    prefetch_related_objects,
)
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

from home import visibility
from home.anchors import AnchoredBlock, AnchoredValue
from home.blocks import (
    RICH_TEXT_FEATURES,
    AnchoredStructValue,
    CallToActionBlock,
    HeadingBlock,
    ParagraphBlock,
    anchor_block,
)

SECTION_GROUP = "Sections"


class SectionHeaderMixin(AnchoredBlock, blocks.StructBlock):
    eyebrow = blocks.CharBlock(
        required=False,
        max_length=60,
        help_text="A short label above the heading, e.g. 'Whitepapers'. Shown in capitals.",
    )
    heading = blocks.CharBlock(
        max_length=160, help_text="The section's heading, one or two short lines."
    )
    anchor = anchor_block("whitepapers")

    class Meta:
        value_class = AnchoredStructValue


# --- FAQ -------------------------------------------------------------------------------


class FAQItemBlock(AnchoredBlock, blocks.StructBlock):
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
            "Left blank, it is made from the question when you save. Keep it once set: "
            "links people have shared rely on it."
        ),
    )

    anchor_sources = ("question",)
    anchor_prefix = "faq-"
    anchor_fallback = "item"

    class Meta:
        icon = "help"
        label = "Question"
        value_class = AnchoredStructValue


class FAQSectionBlock(SectionHeaderMixin):
    def fill_anchors(self, value, registry):
        super().fill_anchors(value, registry)
        for item in value.get("items") or []:
            self.child_blocks["items"].child_block.fill_anchors(item, registry)

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


class WhitepaperCardValue(AnchoredValue, blocks.StructValue):
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
        documents = (
            self.model_class.objects.defer("extracted_text")
            .annotate(open_to_everyone=visibility.open_to_everyone())
            .in_bulk([v for v in values if v])
        )
        return [documents.get(v) for v in values]


class WhitepaperCardBlock(AnchoredBlock, blocks.StructBlock):
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
        help_text="The PDF visitors download: choose one, or upload it from the chooser.",
    )
    anchor = blocks.CharBlock(
        required=False,
        max_length=80,
        help_text="Short name for links to this card: 'wp-01' gives #whitepaper-wp-01. Left "
        "blank, it is made from the reference when you save.",
    )

    anchor_sources = ("code", "title")
    anchor_prefix = "whitepaper-"
    anchor_fallback = "card"

    class Meta:
        icon = "doc-full"
        label = "Whitepaper"
        value_class = WhitepaperCardValue


class WhitepaperSectionBlock(SectionHeaderMixin):
    def get_context(self, value, parent_context=None):
        """Only the cards whose document the visitor may open (or that have none yet)."""
        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        cards = list(value.get("cards") or [])
        documents = [card["document"] for card in cards if card.get("document")]
        if documents:
            may_open = visibility.may_open(request, documents)
            cards = [
                card for card in cards if not card.get("document") or may_open(card["document"])
            ]
        context["cards"] = cards
        return context

    def fill_anchors(self, value, registry):
        super().fill_anchors(value, registry)
        for card in value.get("cards") or []:
            self.child_blocks["cards"].child_block.fill_anchors(card, registry)

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


def _note_model():
    # Looked up by name: the models module imports these blocks, never the other way round.
    return apps.get_model("resources", "FieldNotePage")


def _notes_queryset():
    """Live notes with what a card shows, without their bodies. Which of them a visitor may see
    is decided per request in ``FieldNotesSectionBlock.get_context``."""
    FieldNotePage = _note_model()

    return FieldNotePage.objects.live().select_related("category", "series").defer_streamfields()


def _shared_flag():
    """An annotation: whether every anonymous visitor may see the note."""
    FieldNotePage = _note_model()

    shared = visibility.visible_pages(None, FieldNotePage.objects).values("pk")
    return Case(
        When(pk__in=shared, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


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
        required=False,
        help_text="The note shown first and largest, with its series, byline and dek. Leave "
        "blank to feature the newest note. A private note is shown only to visitors who may "
        "open it.",
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
        FieldNotePage = _note_model()

        shown = [*_chosen_ids(value.get("featured")), *_chosen_ids(value.get("also_featured"))]
        latest = visibility.visible_pages(None, FieldNotePage.objects).exclude(pk__in=shown)
        return latest.order_by("-date", "-pk").values("pk")[: value["more_count"]]

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
            notes = list(_notes_queryset().filter(wanted).annotate(shared=_shared_flag(), **flags))
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
        request = (parent_context or {}).get("request")
        chosen = [n for n in [value.get("featured"), *value.get("also_featured", [])] if n]
        hand_picked = value.get("more_source") == "chosen"
        if hand_picked:
            chosen_cards = [n for n in value.get("more_notes", []) if n]
        may_see = self._visible_to(request, [*chosen, *(chosen_cards if hand_picked else [])])
        featured = [n for n in chosen if may_see(n)]
        if hand_picked:
            cards = [n for n in chosen_cards if may_see(n)]
        elif hasattr(value, "latest_notes") and visibility.is_shared_view(request):
            cards = value.latest_notes
        else:  # a visitor who may see more, or a value made outside a page (a block preview)
            FieldNotePage = _note_model()

            count = value.get("more_count") or 0
            latest = visibility.visible_pages(request, FieldNotePage.objects)
            latest = latest.select_related("category", "series").defer_streamfields()
            latest = latest.exclude(pk__in=[n.pk for n in chosen]).order_by("-date", "-pk")
            cards = list(latest[:count]) if count else []
        if not featured and cards and not hand_picked:
            # No featured note (none chosen, or none this visitor may see): the newest leads.
            featured, cards = [cards[0]], cards[1:]
        FieldNotePageAuthor = apps.get_model("resources", "FieldNotePageAuthor")

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

    @staticmethod
    def _visible_to(request, notes):
        """A test of whether the request may see each of ``notes`` (chosen by an editor, who may
        have chosen a private one): read from the notes' ``shared`` flag for anonymous visitors,
        asked of ``home.visibility`` in one query otherwise."""
        if visibility.is_shared_view(request) and all(hasattr(n, "shared") for n in notes):
            return lambda note: note.shared
        FieldNotePage = _note_model()

        allowed = set(
            visibility.visible_pages(request, FieldNotePage.objects)
            .filter(pk__in=[n.pk for n in notes])
            .values_list("pk", flat=True)
        )
        return lambda note: note.pk in allowed


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
