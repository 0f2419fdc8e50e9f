"""The demo content command rebuilds the published Resources page, and only once."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision

from resources.models import FieldNotePage, ResourcesPage, WhitepaperDocument

SEED_QUESTIONS = [
    "How do you price engagements?",
    "Who owns the IP we build together?",
    "Can you deploy on our infrastructure?",
    "How do you handle data privacy and compliance?",
    "What if we need fine-tuning vs RAG vs an off-the-shelf API?",
    "How quickly can you get a PoC running?",
    "Do you work with startups, or only large enterprises?",
    "What about model hallucinations and safety?",
    "Can you handle Indian languages and scripts?",
    "What's your typical team composition?",
    "Do you provide ongoing support after launch?",
    "How is AndOr different from other AI consultancies?",
]
SEED_WHITEPAPERS = [
    ("WP-01", "VLMs in 2026", "The Enterprise Playbook"),
    ("WP-02", "Vernacular AI", "Building NLU for India's 22 Languages"),
    ("WP-03", "From PoC to Production", "Why 80% of Enterprise AI Stalls"),
    ("WP-04", "Computer Vision Economics", "Cost, Latency, Accuracy Trade-offs"),
]
SEED_NOTES = {
    "LoRA vs Full SFT vs RLHF: a production cost-and-quality comparison": 12,
    "Mid-training debugging: catching divergence at hour 40": 9,
    "Post-training cost engineering: distillation, quantization, and speculative decoding in "
    "real deployments": 11,
}
SEED_CARDS = [
    ("MAR 2026", "Distilling SAM for consumer phones"),
    ("FEB 2026", "LoRA vs full SFT: the decision rule we actually use"),
    ("FEB 2026", "Indic OCR: conjuncts, ligatures, and what breaks vanilla CRNNs"),
    ("JAN 2026", "Designing eval harnesses for VLMs"),
    ("DEC 2025", "RAG isn't a model. It's a system."),
    ("DEC 2025", "Generative cost engineering at consumer ARPU"),
]


def _blocks(page, block_type):
    return [block for block in page.body if block.block_type == block_type]


def test_demo_content_has_the_seeds_counts(demo_content):
    page = ResourcesPage.objects.get()
    faq_items = [item for block in _blocks(page, "faq_section") for item in block.value["items"]]
    cards = [card for block in _blocks(page, "whitepaper_section") for card in block.value["cards"]]

    assert len(faq_items) == 12
    assert len(cards) == 4
    assert FieldNotePage.objects.live().child_of(page).count() == 9
    assert WhitepaperDocument.objects.count() == 4
    assert [b.block_type for b in page.body] == [
        "faq_section",
        "whitepaper_section",
        "field_notes_section",
        "newsletter",
        "call_to_action",
    ]


def test_running_the_demo_command_twice_changes_nothing(demo_content):
    before = (
        Page.objects.count(),
        Revision.objects.count(),
        WhitepaperDocument.objects.count(),
        ResourcesPage.objects.get().latest_revision_id,
    )
    out = io.StringIO()

    call_command("load_demo_content", stdout=out)

    after = (
        Page.objects.count(),
        Revision.objects.count(),
        WhitepaperDocument.objects.count(),
        ResourcesPage.objects.get().latest_revision_id,
    )
    assert after == before
    assert "nothing changed" in out.getvalue()


def test_resources_page_shows_every_seed_question_and_whitepaper(client, demo_content):
    response = client.get("/resources/")

    assert response.status_code == 200
    html = response.content.decode()
    for question in SEED_QUESTIONS:
        assert question.replace("'", "&#x27;") in html
    for code, title, subtitle in SEED_WHITEPAPERS:
        assert f"{code} · 2026" in html
        assert title in html
        assert subtitle.replace("'", "&#x27;") in html
    assert html.count("Download PDF") == 4
    assert html.count("<h1") == 1
    assert "RESOURCES · FIELD NOTES" in html
    assert "Field notes from shipping AI at scale." in html
    assert 'href="mailto:hello@andor.in"' in html
    assert "Book a Call" in html
    assert "One field note. Once a month." in html
    assert "NO SPAM · UNSUBSCRIBE ANY TIME · DPDP &amp; GDPR COMPLIANT" in html


def test_faqs_are_numbered_and_open_from_their_anchor(client, demo_content):
    html = client.get("/resources/").content.decode()

    for number in range(1, 13):
        assert f'<span class="faq__number" aria-hidden="true">{number:02d}</span>' in html
    assert '<details class="faq__details" id="faq-data-privacy">' in html
    assert "India DPDP" in html


def test_whitepaper_cards_show_the_documents_format_and_size(client, demo_content):
    html = client.get("/resources/").content.decode()

    for document in WhitepaperDocument.objects.all():
        assert f'href="{document.url}"' in html
    assert html.count('<span class="download-link__meta">PDF · ') == 4


def test_field_notes_section_shows_featured_notes_and_the_six_latest_cards(client, demo_content):
    html = client.get("/resources/").content.decode()

    assert "Featured · Post-training series" in html
    assert "— Sharad Shankar, Founder" in html
    assert "— AndOr training infrastructure team" in html
    assert "— AndOr inference engineering team" in html
    for title, minutes in SEED_NOTES.items():
        assert title in html
        assert f"{minutes} min read" in html
    positions = []
    for month, title in SEED_CARDS:
        title_html = title.replace("'", "&#x27;")
        assert title_html in html
        positions.append(html.index(title_html))
        assert month in html
    assert positions == sorted(positions), "cards are listed newest first, as published"
    assert html.count("Read note<span") == 9


def test_every_note_answers_200_with_its_byline_and_a_way_back(client, demo_content):
    notes = FieldNotePage.objects.live()
    assert notes.count() == 9

    for note in notes:
        response = client.get(note.url)
        assert response.status_code == 200, note.url
        html = response.content.decode()
        assert '<a class="text-link" href="/resources/">' in html
        assert note.dek.replace("'", "&#x27;").replace('"', "&quot;") in html


def test_full_notes_keep_their_sections_lists_and_bylines(client, demo_content):
    html = client.get("/resources/mid-training-debugging-catching-divergence-at-hour-40/")
    html = html.content.decode()

    assert (
        '<h2 class="stream-heading" id="intervention-playbook">Intervention playbook</h2>' in html
    )
    assert "<li>Pause the run (not kill — pause from a checkpoint).</li>" in html
    assert html.count("<ol>") == 3
    assert "<ul>" in html
    assert "— AndOr training infrastructure team" in html
    assert "9 min read" in html


@pytest.mark.parametrize("code", ["WP-01", "WP-03"])
def test_demo_whitepapers_are_real_pdfs_with_their_title_and_abstract(demo_content, code):
    import pypdf

    document = WhitepaperDocument.objects.get(title__startswith=code)
    with document.open_file() as handle:
        reader = pypdf.PdfReader(handle, strict=True)
        text = " ".join(page.extract_text() for page in reader.pages)

    text = " ".join(text.split())
    title = document.title.removeprefix(f"{code} ")
    assert title in text
    assert " ".join(document.summary.split()) in text
