"""The search page: what is found, how hits look, filters, paging and headers."""

import re

from django.utils.html import escape
from wagtail.models import Collection, CollectionViewRestriction

from resources.models import NoteSeries
from resources.tests.factories import AuthorFactory, NoteCategoryFactory, stream

from .conftest import publish


def search(client, q, **params):
    response = client.get("/search/", {"q": q, **params})
    return response, response.content.decode()


def titles(html):
    return [
        re.sub(r"<[^>]+>", "", t)
        for t in re.findall(r'<h2 class="result__title"><a href="[^"]*">(.*?)</a></h2>', html)
    ]


def links(html):
    return re.findall(r'<h2 class="result__title"><a href="([^"]*)">', html)


# --- What is found ---------------------------------------------------------------------


def test_a_faq_answer_is_a_hit_of_its_own_linking_to_its_anchor(client, demo_content):
    response, html = search(client, "DPDP")

    assert response.status_code == 200
    assert titles(html)[0] == "How do you handle data privacy and compliance?"
    assert links(html)[0] == "/resources/#faq-data-privacy"
    assert '<p class="result__type">FAQ</p>' in html
    assert "India <mark>DPDP</mark>" in html


def test_field_notes_are_found_by_title_dek_body_author_category_and_series(client, note_factory):
    note = note_factory(
        title="Shipping checkpoints",
        dek="Why checkpoint cadence matters.",
        body=stream(("paragraph", "<p>Gradient spikes around step nineteen thousand.</p>")),
        category=NoteCategoryFactory(name="Training infrastructure"),
        series=NoteSeries.objects.create(name="Scaling series"),
        authors=[AuthorFactory(name="Meera Iyer")],
    )
    publish(note)  # the byline is indexed with the page

    for words in ["checkpoints", "cadence", "gradient spikes", "Iyer", "infrastructure", "Scaling"]:
        _, html = search(client, words)
        assert "Shipping checkpoints" in titles(html), words


def test_a_field_note_hit_shows_its_type_date_and_highlighted_snippet(client, note_factory):
    import datetime

    note_factory(
        title="Distilling SAM",
        dek="A seven megabyte student that runs in eighty milliseconds.",
        date=datetime.date(2026, 3, 1),
    )

    _, html = search(client, "student")

    assert 'Field note · <time datetime="2026-03-01">Mar 2026</time>' in html
    assert "A seven megabyte <mark>student</mark> that runs" in html
    assert links(html) == ["/resources/distilling-sam/"]


def test_whitepapers_are_found_by_the_words_inside_their_pdf(client, resources):
    _, html = search(client, "speculative decoding")

    assert titles(html) == ["WP-07 · Inference Economics: What latency costs"]
    assert links(html) == ["/resources/#whitepaper-wp-07"]
    assert 'Whitepaper · <time datetime="2026-01-01">2026</time></p>' in html
    assert "<mark>Speculative</mark> <mark>decoding</mark> halves" in html
    assert re.search(r'<a class="download-link" href="/documents/\d+/[^"]+\.pdf"', html)


def test_a_document_listed_in_search_on_no_card_links_to_its_pdf(client, home_page):
    from resources.tests.factories import WhitepaperDocumentFactory

    document = WhitepaperDocumentFactory(title="Unplaced paper on tokenizers", list_in_search=True)

    _, html = search(client, "tokenizers")

    assert titles(html) == ["Unplaced paper on tokenizers"]
    assert links(html) == [document.url]


def test_a_whitepaper_in_a_private_collection_is_found_only_by_who_may_open_it(
    client, django_user_model, resources, whitepaper
):
    private = Collection.get_first_root_node().add_child(name="Clients only")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    whitepaper.collection = private
    whitepaper.save()

    _, html = search(client, "speculative")
    assert "No results" in html
    assert "Inference Economics" not in html
    suggestions = client.get("/search/suggest/", {"q": "WP-07"}).json()["results"]
    assert suggestions == []

    client.force_login(django_user_model.objects.create_user("reader", password="x"))
    _, html = search(client, "speculative")
    assert titles(html) == ["WP-07 · Inference Economics: What latency costs"]


def test_private_and_unpublished_pages_are_not_found(client, note_factory):
    from wagtail.models import PageViewRestriction

    hidden = note_factory(title="Members-only tokenizer notes")
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    draft = note_factory(title="Draft tokenizer notes")
    draft.unpublish()

    _, html = search(client, "tokenizer")

    assert "No results" in html


# --- The results page ------------------------------------------------------------------


def test_type_filter_shows_counts_and_narrows_the_results(client, resources, note_factory):
    note_factory(title="Pricing models for inference", dek="Per-token pricing, compared.")

    _, html = search(client, "pricing")
    assert re.search(r'aria-current="page">All <span class="search-filters__count">\d+', html)
    assert '>Field notes <span class="search-filters__count">1</span>' in html
    assert '>FAQs <span class="search-filters__count">1</span>' in html
    assert '>Whitepapers <span class="search-filters__count">0</span>' in html
    assert "How do you price engagements?" in titles(html)

    _, html = search(client, "pricing", type="faqs")
    assert titles(html) == ["How do you price engagements?"]
    assert 'href="?q=pricing&amp;type=faqs" aria-current="page"' in html
    assert "1 result for “pricing” in FAQs." in html


def test_an_unknown_type_is_all(client, resources):
    response, html = search(client, "pricing", type="<script>")

    assert response.status_code == 200
    assert "<script>" not in html.split("<main", 1)[1]
    assert "How do you price engagements?" in titles(html)


def test_content_never_injects_markup(client, note_factory):
    note_factory(
        title="<img src=x onerror=alert(1)> Injection note",
        dek='<script>alert("dek")</script> about injection',
    )

    _, html = search(client, "injection")

    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert escape("<script>") in html
    assert "&lt;img src=x onerror=alert(1)&gt; <mark>Injection</mark> note" in html


def test_the_query_is_escaped_where_it_is_shown_back(client, home_page):
    _, html = search(client, '"><script>alert(1)</script>')

    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_results_are_paged_and_any_page_value_is_safe(client, note_factory):
    for n in range(12):
        note_factory(title=f"Retrieval note {n}", dek="About retrieval.")

    _, first = search(client, "retrieval")
    assert "12 results for “retrieval”." in first
    assert len(titles(first)) == 10
    assert "Page 1 of 2" in first
    assert 'href="?q=retrieval&amp;page=2" rel="next"' in first

    for page, expected in [("2", 2), ("abc", 10), ("-1", 10), ("0", 10), ("999999", 2)]:
        response, html = search(client, "retrieval", page=page)
        assert response.status_code == 200, page
        assert len(titles(html)) == expected, page
    _, last = search(client, "retrieval", page="999999")
    assert "Page 2 of 2" in last


def test_query_pages_are_not_indexed_or_cached(client, resources):
    response, html = search(client, "pricing")

    assert '<meta name="robots" content="noindex">' in html
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-cache" in response["Cache-Control"]
    assert "private" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_the_empty_search_page_is_a_plain_search_box(client, home_page):
    response, html = search(client, "")

    assert response.status_code == 200
    assert '<input id="search-page-q" type="search" name="q"' in html
    assert "result" not in html.split('class="container section search-results">', 1)[1][:200]


def test_the_header_search_box_is_on_every_page_and_works_without_javascript(client, resources):
    html = client.get("/resources/").content.decode()

    assert (
        '<form class="site-search" action="/search/" method="get" role="search" aria-label="Site">'
        in html
    )
    assert 'data-suggest-url="/search/suggest/"' in html
    # No inline scripts or handlers: the suggestions come from site.js, loaded deferred.
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert not re.search(r"\son[a-z]+=", html)


# --- No results ------------------------------------------------------------------------


def test_no_results_page_offers_spelling_popular_searches_latest_notes_and_the_faq(
    client, resources, note_factory
):
    note_factory(title="Quantization for phones", dek="Small models.")
    for _ in range(5):
        search(client, "quantization")  # a popular query that found something

    response, html = search(client, "quantizaton")

    assert response.status_code == 200
    assert "No results for “quantizaton”." in html
    assert 'Did you mean <a href="?q=quantization">quantization</a>?' in html
    assert "Popular searches" in html
    assert '<a href="?q=quantization">quantization</a></li>' in html
    assert "Latest field notes" in html
    assert '<a href="/resources/quantization-for-phones/">Quantization for phones</a>' in html
    assert 'href="/resources/#faq"' in html


def test_queries_that_found_nothing_are_not_offered_as_popular(client, resources):
    search(client, "zebra")
    _, html = search(client, "zebra")

    assert "Popular searches" not in html
