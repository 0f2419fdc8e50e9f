"""Publishing, unpublishing, moving and deleting pages, and uploading, replacing and deleting
documents, change what search finds at once, with nobody running update_index."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Collection

from resources.demo.pdf import build_pdf
from resources.models import WhitepaperDocument
from resources.tests.factories import ResourcesPageFactory, stream
from search.models import FAQEntry

from .conftest import FAQS, publish, resources_body
from .test_search_page import links, search, titles


def test_publishing_and_unpublishing_a_note(client, note_factory):
    note = note_factory(title="Tokenizer drift")
    assert titles(search(client, "tokenizer")[1]) == ["Tokenizer drift"]

    note.unpublish()
    assert "No results" in search(client, "tokenizer")[1]

    publish(note)
    assert titles(search(client, "tokenizer")[1]) == ["Tokenizer drift"]


def test_a_draft_changes_nothing_until_it_is_published(client, note_factory):
    note = note_factory(title="Tokenizer drift", body=stream(("paragraph", "<p>Plain.</p>")))
    note.title = "Embedding drift"
    note.save_revision()

    assert titles(search(client, "tokenizer")[1]) == ["Tokenizer drift"]
    assert "No results" in search(client, "embedding")[1]

    note.get_latest_revision().publish()
    assert titles(search(client, "embedding")[1]) == ["Embedding drift"]
    assert "No results" in search(client, "tokenizer")[1]


def test_moving_a_note_changes_its_link(client, home_page, note_factory):
    note = note_factory(title="Tokenizer drift")
    library = publish(ResourcesPageFactory(parent=home_page, title="Library", slug="library"))

    note.move(library, pos="last-child")

    assert links(search(client, "tokenizer")[1]) == ["/library/tokenizer-drift/"]


def test_deleting_a_note(client, note_factory):
    note = note_factory(title="Tokenizer drift")

    note.delete()

    assert "No results" in search(client, "tokenizer")[1]


def test_faq_entries_follow_the_published_resources_page(client, resources):
    resources.body = resources_body(
        faqs=[*FAQS, ("sla", "What uptime do you commit to?", "A 99.9% availability SLA.")]
    )
    resources.save_revision()  # a draft: not yet
    assert "No results" in search(client, "uptime")[1]

    resources.get_latest_revision().publish()
    _, html = search(client, "uptime", type="faqs")
    assert titles(html) == ["What uptime do you commit to?"]
    assert links(html) == ["/resources/#faq-sla"]

    resources.body = resources_body(faqs=FAQS[:1])
    publish(resources)
    assert "No results" in search(client, "uptime")[1]
    assert FAQEntry.objects.count() == 1


def test_unpublishing_or_deleting_the_resources_page_removes_its_faq(client, resources):
    resources.unpublish()
    assert "How do you handle data privacy" not in search(client, "DPDP")[1]
    assert not FAQEntry.objects.exists()

    publish(resources)
    assert "How do you handle data privacy" in search(client, "DPDP")[1]

    resources.delete()
    assert "No results" in search(client, "DPDP")[1]
    assert not FAQEntry.objects.exists()


def test_a_faq_link_follows_the_page_to_its_new_address(client, resources):
    resources.slug = "help"
    publish(resources)

    assert links(search(client, "DPDP")[1])[0] == "/help/#faq-data-privacy"


def upload(data, name):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_uploading_replacing_and_deleting_a_document(client, editor_client, home_page):
    editor_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Serving economics",
            "file": upload(build_pdf("Serving", ["Batching beats caching."]), "serving.pdf"),
            "collection": Collection.get_first_root_node().pk,
            "tags": "",
            "summary": "What a token costs to serve.",
            "list_in_search": "on",
        },
    )
    document = WhitepaperDocument.objects.get()
    assert titles(search(client, "serving")[1]) == ["Serving economics"]
    assert titles(search(client, "batching")[1]) == ["Serving economics"]  # words in the PDF

    editor_client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {
            "title": "Serving economics",
            "file": upload(build_pdf("Serving", ["Speculative decoding wins."]), "serving-2.pdf"),
            "collection": document.collection_id,
            "tags": "",
            "summary": "What a token costs to serve.",
            "list_in_search": "on",
        },
    )
    assert titles(search(client, "speculative")[1]) == ["Serving economics"]
    assert "No results" in search(client, "batching")[1]

    editor_client.post(reverse("wagtaildocs:delete", args=[document.pk]))
    assert not WhitepaperDocument.objects.exists()
    assert "No results" in search(client, "serving")[1]
