"""Suggestions as you type, and the per-client rate limit on search and suggestions."""

import pytest

# Every backend must do what these tests prove (see conftest.search_backend).
pytestmark = pytest.mark.usefixtures("search_backend")


def suggest(client, q):
    return client.get("/search/suggest/", {"q": q})


def test_suggestions_list_note_titles_faq_questions_and_whitepapers(
    client, resources, note_factory
):
    note_factory(title="Inference at the edge")

    response = suggest(client, "infer")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    results = response.json()["results"]
    assert {
        "title": "Inference at the edge",
        "type": "Field note",
        "url": "/resources/inference-at-the-edge/",
    } in results
    assert {
        "title": "WP-07 · Inference Economics: What latency costs",
        "type": "Whitepaper",
        "url": "/resources/#whitepaper-wp-07",
    } in results

    results = suggest(client, "how do you ha").json()["results"]
    assert results == [
        {
            "title": "How do you handle data privacy and compliance?",
            "type": "FAQ",
            "url": "/resources/#faq-data-privacy",
        }
    ]


@pytest.mark.parametrize("q", ["", "a", "   ", "&|!():*", "\x00"])
def test_too_short_input_suggests_nothing(client, resources, q):
    response = suggest(client, q)

    assert response.status_code == 200
    assert response.json()["results"] == []


def test_suggestions_are_escaped_by_json_not_html(client, note_factory):
    note_factory(title="<b>Bold</b> claims about evals")

    results = suggest(client, "bold").json()["results"]

    assert results[0]["title"] == "<b>Bold</b> claims about evals"  # the script sets textContent


def test_search_past_the_rate_limit_answers_429_with_a_clear_message(client, home_page, settings):
    settings.SEARCH_RATE_LIMIT = "3/m"

    statuses = [client.get("/search/", {"q": f"word{n}"}).status_code for n in range(4)]

    assert statuses == [200, 200, 200, 429]
    response = client.get("/search/", {"q": "again"})
    assert "Too many requests" in response.content.decode()
    assert response["Retry-After"] == "60"


def test_suggestions_past_the_rate_limit_answer_429_in_json(client, home_page, settings):
    settings.SEARCH_RATE_LIMIT = "2/m"

    statuses = [suggest(client, "lora").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    assert "Too many requests" in suggest(client, "lora").json()["error"]


def test_the_default_limit_lets_a_person_type_and_search(client, home_page):
    for prefix in ["ev", "eva", "eval", "eval h", "eval ha", "eval har", "eval harn"] * 5:
        assert suggest(client, prefix).status_code == 200
    for _ in range(20):
        assert client.get("/search/", {"q": "eval harness"}).status_code == 200
