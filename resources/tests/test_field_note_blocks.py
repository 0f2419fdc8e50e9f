"""Field note body blocks and creating notes in the admin."""

import pytest
import wagtail_factories
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from resources.blocks import (
    CalloutBlock,
    CodeBlock,
    FieldNotesSectionBlock,
    FigureBlock,
    QuoteBlock,
)
from resources.models import FieldNotePage

from .factories import AuthorFactory, FieldNotePageFactory, ResourcesPageFactory


@pytest.fixture
def resources_page(home_page):
    return ResourcesPageFactory(parent=home_page)


def test_quote_block_renders_a_figure_with_attribution():
    block = QuoteBlock()
    html = block.render(block.to_python({"quote": "Storage is cheap.", "attribution": "Ops"}))

    assert "<blockquote" in html and "Storage is cheap." in html
    assert "<figcaption" in html and "— Ops" in html


def test_callout_block_renders_its_title_and_text():
    block = CalloutBlock()
    html = block.render(
        block.to_python({"tone": "warning", "title": "Careful", "text": "<p>Pause, not kill.</p>"})
    )

    assert 'class="container prose-width callout callout--warning"' in html
    assert "Careful" in html and "<p>Pause, not kill.</p>" in html


def test_code_block_keeps_the_code_escaped_and_labelled():
    block = CodeBlock()
    html = block.render(block.to_python({"language": "python", "code": "if a < b:\n    x()"}))

    assert '<code class="language-python">if a &lt; b:\n    x()</code>' in html
    assert "PYTHON" in html


@pytest.mark.django_db
def test_image_block_renders_responsive_renditions_with_dimensions():
    image = wagtail_factories.ImageFactory(width=1600, height=900)
    block = FigureBlock()
    value = block.to_python(
        {
            "image": {"image": image.pk, "alt_text": "A loss curve", "decorative": False},
            "caption": "Loss at hour 40",
        }
    )

    html = block.render(value)

    assert "<picture>" in html
    assert 'type="image/avif"' in html and 'type="image/webp"' in html
    assert 'loading="lazy"' in html and 'alt="A loss curve"' in html
    assert 'width="' in html and 'height="' in html and "srcset=" in html
    assert "<figcaption" in html and "Loss at hour 40" in html


def test_field_notes_block_can_use_notes_chosen_by_hand(resources_page):
    featured, first, second, _latest = (
        FieldNotePageFactory(parent=resources_page, title=title)
        for title in ("Featured", "Chosen one", "Chosen two", "Latest, not chosen")
    )
    block = FieldNotesSectionBlock()
    value = block.to_python(
        {
            "heading": "Notes",
            "featured": featured.pk,
            "also_featured": [],
            "more_source": "chosen",
            "more_count": 6,
            "more_notes": [second.pk, first.pk],
        }
    )

    html = block.render(value)

    assert html.index("Chosen two") < html.index("Chosen one")
    assert "Latest, not chosen" not in html


def test_editor_creates_a_field_note_in_the_admin(editor_client, resources_page):
    author = AuthorFactory(name="Sharad Shankar", role="Founder")
    data = nested_form_data(
        {
            "title": "Speculative decoding in practice",
            "slug": "speculative-decoding-in-practice",
            "dek": "Where the draft model pays for itself.",
            "date": "2026-05-04",
            "body": streamfield(
                [
                    ("heading", {"text": "When it helps", "level": "h2"}),
                    ("paragraph", rich_text("<ul><li>Short outputs</li><li>Big batches</li></ul>")),
                ]
            ),
            "note_authors": inline_formset([{"author": str(author.pk)}]),
            "action-publish": "publish",
        }
    )

    response = editor_client.post(
        reverse(
            "wagtailadmin_pages:add",
            args=["resources", "fieldnotepage", resources_page.pk],
        ),
        data,
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    note = FieldNotePage.objects.get(slug="speculative-decoding-in-practice")
    assert note.live
    html = editor_client.get(note.url).content.decode()
    assert "Speculative decoding in practice" in html
    assert "— Sharad Shankar, Founder" in html
    assert '<h2 class="stream-heading" id="when-it-helps">When it helps</h2>' in html
    assert "<ul><li" in html and ">Short outputs</li>" in html
    assert "1 min read" in html
