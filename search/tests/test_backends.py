"""What differs between the databases. PostgreSQL stems words and drops stop words; SQLite FTS5
matches words as typed. Both find exact words and rank a title match above a body match."""

import pytest

from resources.tests.factories import stream

from .test_search_page import search, titles

LONG_BODY = " ".join(["Serving costs depend on batching and caching."] * 30)

# Every backend must do what these tests prove (see conftest.search_backend).
pytestmark = pytest.mark.usefixtures("search_backend")


@pytest.fixture
def notes(note_factory):
    note_factory(
        title="Distillation playbook",
        dek="Teacher and student models.",
        body=stream(("paragraph", f"<p>{LONG_BODY}</p>")),
    )
    note_factory(
        title="Serving costs",
        dek="Latency budgets.",
        body=stream(
            ("paragraph", f"<p>{LONG_BODY} Post-training quantization and distillation.</p>")
        ),
    )


def test_both_find_exact_words_in_title_and_body(client, notes):
    assert set(titles(search(client, "distillation", type="notes")[1])) == {
        "Distillation playbook",
        "Serving costs",
    }
    assert titles(search(client, "quantization", type="notes")[1]) == ["Serving costs"]


@pytest.mark.postgres
def test_postgres_stems_words_quantizing_finds_quantization(client, on_postgres, notes):
    _, html = search(client, "quantizing", type="notes")

    assert titles(html) == ["Serving costs"]
    assert "<mark>quantization</mark>" in html  # the snippet marks the stemmed form too


def test_a_title_match_ranks_above_a_body_match(client, notes):
    assert titles(search(client, "distillation", type="notes")[1]) == [
        "Distillation playbook",
        "Serving costs",
    ]


@pytest.mark.postgres
def test_postgres_ignores_stop_words(client, on_postgres, notes):
    response, html = search(client, "because")
    assert response.status_code == 200
    assert "No results for “because”." in html

    assert titles(search(client, "the quantization", type="notes")[1]) == ["Serving costs"]


def test_sqlite_matches_words_as_typed_without_stemming(client, on_sqlite, notes):
    assert "No results" in search(client, "quantizing")[1]
    assert titles(search(client, "quantization", type="notes")[1]) == ["Serving costs"]


@pytest.mark.postgres
@pytest.mark.project_backend
def test_postgres_snippets_mark_every_form_the_search_stemmed(client, on_postgres, note_factory):
    # "running" and "runs" share PostgreSQL's stem "run"; no prefix of "running" finds "runs".
    note_factory(title="Nightly jobs", dek="The evaluation harness runs every night.")

    _, html = search(client, "running", type="notes")

    assert titles(html) == ["Nightly jobs"]
    assert "The evaluation harness <mark>runs</mark> every night." in html
