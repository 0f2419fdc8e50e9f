"""Resources page and field notes: blocks, editing in the admin, notes' navigation, queries."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.template.defaultfilters import filesizeformat
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.fragments import renew_content_version
from resources.blocks import (
    FAQSectionBlock,
    FieldNotesSectionBlock,
    WhitepaperSectionBlock,
)
from resources.models import FieldNotePage, ResourcesPage

from .factories import (
    AuthorFactory,
    FieldNotePageFactory,
    NoteCategoryFactory,
    ResourcesPageFactory,
    WhitepaperDocumentFactory,
    stream,
)


def faq_section(count, start=0):
    return (
        "faq_section",
        {
            "eyebrow": "FAQ",
            "heading": "Questions",
            "intro": '<p>Write to <a href="mailto:hello@andor.in">hello@andor.in</a>.</p>',
            "items": [
                {
                    "question": f"Question number {n}?",
                    "answer": f"<p>Answer number {n}.</p>",
                    "anchor": f"q{n}",
                }
                for n in range(start, start + count)
            ],
        },
    )


def whitepaper_section(documents):
    return (
        "whitepaper_section",
        {
            "eyebrow": "WHITEPAPERS",
            "heading": "Papers",
            "intro": "",
            "cards": [
                {
                    "code": f"WP-{n:02d}",
                    "year": 2026,
                    "title": f"Paper {n}",
                    "subtitle": "",
                    "summary": "A summary.",
                    "document": document.pk,
                }
                for n, document in enumerate(documents, start=1)
            ],
        },
    )


def notes_section(featured, also, count):
    return (
        "field_notes_section",
        {
            "eyebrow": "FIELD NOTES",
            "heading": "Notes",
            "featured": featured.pk,
            "also_featured": [note.pk for note in also],
            "more_heading": "More notes",
            "more_source": "latest",
            "more_count": count,
            "more_notes": [],
        },
    )


@pytest.fixture
def resources_page(home_page):
    return ResourcesPageFactory(parent=home_page)


def test_faq_block_renders_numbered_accessible_items():
    block = FAQSectionBlock()
    value = block.to_python(faq_section(3)[1])

    html = block.render(value)

    assert html.count("<details") == 3
    assert html.count("<summary") == 3
    assert '<details class="faq__details" id="faq-q0">' in html
    assert '<span class="faq__number" aria-hidden="true">03</span>' in html
    assert '<a href="mailto:hello@andor.in">hello@andor.in</a>' in html


def test_faq_item_without_an_anchor_gets_one_from_its_question():
    block = FAQSectionBlock()
    value = block.to_python(
        {"heading": "Q", "items": [{"question": "Who owns the IP?", "answer": "<p>You.</p>"}]}
    )

    assert 'id="faq-who-owns-the-ip"' in block.render(value)


@pytest.mark.django_db
def test_whitepaper_block_links_the_pdf_with_its_size():
    document = WhitepaperDocumentFactory()
    block = WhitepaperSectionBlock()
    value = block.to_python(whitepaper_section([document])[1])

    html = block.render(value)

    assert f'href="{document.url}"' in html
    assert "Download PDF" in html
    assert document.file_size > 0
    assert f"PDF · {filesizeformat(document.file_size)}" in html


def test_field_notes_block_fills_cards_with_the_latest_public_notes(resources_page):
    author = AuthorFactory(name="Sharad Shankar", role="Founder")
    featured = FieldNotePageFactory(parent=resources_page, title="Featured", authors=[author])
    older = FieldNotePageFactory(
        parent=resources_page, title="Older", date=datetime.date(2025, 1, 1)
    )
    newer = FieldNotePageFactory(
        parent=resources_page, title="Newer", date=datetime.date(2026, 6, 1)
    )
    FieldNotePageFactory(parent=resources_page, title="Draft", live=False)
    block = FieldNotesSectionBlock()
    value = block.to_python(notes_section(featured, [], 5)[1])

    html = block.render(value)

    assert "— Sharad Shankar, Founder" in html
    assert html.index("Newer") < html.index("Older")
    assert "JUN 2026" in html
    assert "Draft" not in html
    assert html.count("Read note<span") == 3
    assert newer.url in html and older.url in html


def test_field_note_reading_time_is_computed_unless_the_editor_states_it(resources_page):
    words = " ".join(["word"] * 920)
    note = FieldNotePageFactory(
        parent=resources_page, body=stream(("paragraph", f"<p>{words}</p>"))
    )
    assert note.reading_time == 5  # 920 words and the dek at 230 words a minute

    note.reading_time_override = 12
    note.save()
    assert note.reading_time == 12


def test_field_note_shows_byline_neighbours_and_related_notes(client, resources_page):
    category = NoteCategoryFactory(name="LLM training")
    author = AuthorFactory(name="AndOr inference engineering team", role="")
    first = FieldNotePageFactory(parent=resources_page, title="First", category=category)
    second = FieldNotePageFactory(
        parent=resources_page, title="Second", category=category, authors=[author]
    )
    third = FieldNotePageFactory(parent=resources_page, title="Third")

    html = client.get(second.url).content.decode()

    assert "— AndOr inference engineering team" in html
    assert f'href="{first.url}" rel="prev"' in html
    assert f'href="{third.url}" rel="next"' in html
    related = html[html.index("Related notes") :]
    assert related.index("First") < related.index("Third"), "same category comes first"
    assert '<a class="text-link" href="/resources/">' in html


def test_editor_adds_a_faq_item_in_the_admin_and_publishes_it(editor_client, resources_page):
    resources_page.body = stream(faq_section(1))
    resources_page.save_revision().publish()
    items = [
        {"question": "Question number 0?", "answer": rich_text("<p>Answer number 0.</p>")},
        {
            "question": "Do you sign NDAs before a first call?",
            "answer": rich_text("<p>Yes, gladly.</p>"),
            "anchor": "nda",
        },
    ]
    post_data = nested_form_data(
        {
            "title": resources_page.title,
            "slug": resources_page.slug,
            "hero_eyebrow": resources_page.hero_eyebrow,
            "hero_heading": resources_page.hero_heading,
            "hero_intro": resources_page.hero_intro,
            "body": streamfield(
                [
                    (
                        "faq_section",
                        {
                            "eyebrow": "FAQ",
                            "heading": "Questions",
                            "intro": rich_text("<p>Ask us.</p>"),
                            "items": list_block(items),
                        },
                    )
                ]
            ),
            "action-publish": "publish",
        }
    )

    response = editor_client.post(
        reverse("wagtailadmin_pages:edit", args=[resources_page.pk]), post_data
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    html = editor_client.get("/resources/").content.decode()
    assert "Do you sign NDAs before a first call?" in html
    assert '<details class="faq__details" id="faq-nda">' in html
    assert '<span class="faq__number" aria-hidden="true">02</span>' in html


def list_block(items):
    data = {
        str(index): {"value": value, "deleted": "", "order": str(index), "id": f"item-{index}"}
        for index, value in enumerate(items)
    }
    data["count"] = str(len(items))
    return data


def test_admin_shows_a_preview_for_every_block(editor_client):
    for model in (ResourcesPage, FieldNotePage):
        stream_block = model._meta.get_field("body").stream_block
        for name, block in stream_block.child_blocks.items():
            assert block.is_previewable, name
            assert block.meta.description and block.meta.icon and block.meta.group, name
            response = editor_client.get(
                reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
            )
            assert response.status_code == 200, name
            assert "site.css" in response.content.decode(), name


def build_page(resources_page, scale):
    """A Resources page with `scale` FAQs, whitepapers, featured notes and cards."""
    notes = [FieldNotePageFactory(parent=resources_page) for _ in range(3 * scale)]
    for note in notes[:scale]:
        note.note_authors.create(author=AuthorFactory())
    documents = [WhitepaperDocumentFactory() for _ in range(scale)]
    resources_page.body = stream(
        faq_section(6 * scale),
        whitepaper_section(documents),
        notes_section(notes[0], notes[1:scale], count=2 * scale),
        ("newsletter", {"eyebrow": "NEWSLETTER", "heading": "One note a month.", "text": ""}),
        (
            "call_to_action",
            {
                "eyebrow": "NEXT STEP",
                "heading": "Ship it?",
                "button_label": "Book a Call",
                "link": {"page": resources_page.get_parent().pk, "url": ""},
            },
        ),
    )
    resources_page.save_revision().publish()


def count_queries(client, url):
    """Queries of a request that renders the whole page from the database (the first after a
    change of content)."""
    cache.clear()
    client.get(url)
    renew_content_version()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_resources_page_queries_do_not_grow_with_its_content(client, resources_page):
    build_page(resources_page, scale=2)
    small, small_html = count_queries(client, "/resources/")

    FieldNotePage.objects.all().delete()
    build_page(ResourcesPage.objects.get(pk=resources_page.pk), scale=4)
    large, large_html = count_queries(client, "/resources/")

    assert (
        large_html.count('<details class="faq__details"')
        == 2 * small_html.count('<details class="faq__details"')
        == 24
    )
    assert large_html.count("Download PDF") == 2 * small_html.count("Download PDF") == 4
    assert large_html.count("Read note<span") == 2 * small_html.count("Read note<span") == 12
    assert large == small
    # Wagtail's six for routing and privacy, the content version, the site settings, what the
    # visitor may see (page and collection restrictions, visible collections), and the blocks'
    # four (notes, bylines, documents, a page-linked call to action).
    assert large <= 15


def test_field_notes_route_in_one_query_and_only_when_live(client, resources_page):
    note = FieldNotePageFactory(parent=resources_page, title="Routed", slug="routed")
    FieldNotePageFactory(parent=resources_page, title="Draft", slug="draft", live=False)
    request = RequestFactory().get(note.url, HTTP_HOST="localhost")

    with CaptureQueriesContext(connection) as queries:
        page, args, kwargs = resources_page.route(request, ["routed"])
    assert type(page) is FieldNotePage and page.pk == note.pk
    assert page.get_parent().pk == resources_page.pk
    assert len(queries) == 1, "the note is read with its own fields, not twice"

    assert client.get(note.url).status_code == 200
    assert client.get("/resources/draft/").status_code == 404
    assert client.get("/resources/no-such-note/").status_code == 404
    assert client.get("/resources/routed/extra/").status_code == 404
