"""Whatever arrives in q, type and page, search answers with a sensible page, never a 500."""

import pytest
from django.db import connection

from .test_search_page import search, titles

BAD_QUERIES = [
    pytest.param("", id="empty"),
    pytest.param(" ".join(["rag", "eval", "lora", "cost"] * 125), id="500-words"),
    pytest.param("retrieval\x00pricing", id="nul-byte"),
    pytest.param("\x00", id="only-nul"),
    pytest.param("!?.,;:-—…()[]{}", id="punctuation-only"),
    pytest.param("rag & eval | !harness", id="tsquery-operators"),
    pytest.param("(pricing:* & !) | ::", id="tsquery-syntax"),
    pytest.param("pric:*", id="tsquery-prefix"),
    pytest.param('"pricing', id="unbalanced-quote"),
    pytest.param("\"fixed fee\" 'per package'", id="quotes"),
    pytest.param("NEAR(pricing fee) OR title:pricing AND NOT x*", id="fts5-syntax"),
    pytest.param("because the of", id="stop-words"),
    pytest.param("देवनागरी लिपि में ओसीआर", id="devanagari"),
    pytest.param("বাংলা লিপিতে ওসিআর", id="bengali"),
    pytest.param("\\ ' \\' '' \"\" %_ %", id="escapes"),
    pytest.param("<script>alert(1)</script>", id="markup"),
    pytest.param("a" * 300, id="one-long-word"),
    pytest.param("\u202e\ufeff\u200b zero width", id="format-characters"),
    pytest.param("🙂 emoji 🚀", id="emoji"),
]

# Every backend must do what these tests prove (see conftest.search_backend).
pytestmark = pytest.mark.usefixtures("search_backend")


@pytest.mark.parametrize("q", BAD_QUERIES)
@pytest.mark.parametrize("type_", ["", "faqs", "notes", "whitepapers"])
def test_odd_queries_answer_200_with_the_search_page(client, resources, q, type_):
    response, html = search(client, q, type=type_)

    assert response.status_code == 200
    assert '<input id="search-page-q" type="search" name="q"' in html
    assert "\x00" not in html


@pytest.mark.parametrize("q", BAD_QUERIES)
def test_odd_queries_suggest_without_error(client, resources, q):
    response = client.get("/search/suggest/", {"q": q})

    assert response.status_code == 200
    assert isinstance(response.json()["results"], list)


def test_a_ten_thousand_character_query_is_refused_with_400_and_a_message(client, resources):
    response, html = search(client, "pricing " * 1250)

    assert response.status_code == 400
    assert "That search is too long." in html
    assert client.get("/search/suggest/", {"q": "x" * 10_000}).status_code == 400


def test_a_long_query_is_shortened_and_says_so(client, resources):
    response, html = search(client, " ".join(["pricing"] * 40))

    assert response.status_code == 200
    assert "Your search was long: it used only" in html
    assert "How do you price engagements?" in titles(html)


@pytest.mark.parametrize("page", ["abc", "-1", "0", "999999", "1e9", "9" * 40, "", "2.5", "\x00"])
def test_any_page_value_answers_200(client, resources, page):
    response, html = search(client, "pricing", page=page)

    assert response.status_code == 200
    assert "How do you price engagements?" in titles(html)


def test_repeated_parameters_use_the_last(client, resources):
    response = client.get("/search/?q=zebra&q=pricing&page=x&page=1&type=faqs&type=bogus")

    assert response.status_code == 200


def test_the_query_reaches_the_search_index_as_words_only(client, resources):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        search(client, "pricing:* & !x")

    index_sql = [q["sql"] for q in queries.captured_queries if "indexentry" in q["sql"].lower()]
    assert index_sql
    for sql in index_sql:
        assert "pricing:*" not in sql
        assert "!x" not in sql
