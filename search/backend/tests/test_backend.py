"""The project's search backend: Wagtail's search API answered in one query, the index layout
it relies on checked, Wagtail's own backend used (with a warning) when that layout differs."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from resources.models import FieldNotePage
from resources.tests.factories import stream
from search.backend import database, layout
from search.backend.checks import check_index_layout
from search.backend.database import RankedBackendMixin
from search.tests.test_search_page import search, titles

BODY = " ".join(["Serving costs depend on batching and caching."] * 20)


@pytest.fixture(autouse=True)
def _fresh_layout():
    layout.forget()
    yield
    layout.forget()


@pytest.fixture
def notes(note_factory):
    made = [
        note_factory(title="Distillation playbook", body=stream(("paragraph", f"<p>{BODY}</p>"))),
        note_factory(
            title="Serving costs",
            body=stream(("paragraph", f"<p>{BODY} Distillation helps.</p>")),
        ),
    ]
    for n in range(3):
        note_factory(title=f"Batching note {n}", body=stream(("paragraph", f"<p>{BODY}</p>")))
    return made


def test_the_project_backend_is_the_default_and_wagtails_api_works_on_it(notes):
    backend = get_search_backend()
    assert isinstance(backend, RankedBackendMixin)

    results = backend.search("distillation", FieldNotePage.objects.live(), operator="and")
    scored = list(results.annotate_score("score"))

    assert [note.title for note in scored] == ["Distillation playbook", "Serving costs"]
    assert scored[0].score > scored[1].score
    assert results.count() == 2
    assert [note.title for note in results[1:]] == ["Serving costs"]
    assert backend.search("distillation zebra", FieldNotePage, operator="and").count() == 0


def test_slices_past_the_first_rows_read_are_still_right(notes, settings):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "search.backend.database", "RANKED_ROWS": 2}
    }
    results = get_search_backend().search("batching", FieldNotePage, operator="and")

    assert results.count() == 5
    assert len(list(results[3:5])) == 2
    assert len({note.pk for note in results}) == 5


@pytest.mark.parametrize("few", [200, 1], ids=["looked-up-by-key", "joined"])
def test_among_few_or_many_objects_the_same_matches_ranks_and_count(notes, monkeypatch, few):
    # A matching note that is not live: outside every queryset below, whichever way is taken.
    notes[0].copy(update_attrs={"slug": "draft-copy", "title": "Distillation draft"}).unpublish()
    monkeypatch.setattr(database, "FEW_OBJECTS", few)
    backend = get_search_backend()

    for queryset in (FieldNotePage.objects.live(), Page.objects.live().type(FieldNotePage)):
        results = backend.search("distillation", queryset, operator="and").annotate_score("s")
        assert results.count() == 2  # counted before any object is loaded, as the page does
        assert [page.title for page in results[1:]] == ["Serving costs"]
        assert [page.title for page in results] == ["Distillation playbook", "Serving costs"]
        assert results[0].s > results[1].s
    only_one = FieldNotePage.objects.live().filter(pk=notes[1].pk)
    assert [n.title for n in backend.search("distillation", only_one, operator="and")] == [
        "Serving costs"
    ]


def test_queries_it_does_not_rank_itself_go_to_wagtails_query(notes):
    backend = get_search_backend()

    either = backend.search("distillation zebra", FieldNotePage, operator="or")
    assert {note.title for note in either} == {"Distillation playbook", "Serving costs"}
    unordered = backend.search("distillation", FieldNotePage, order_by_relevance=False)
    assert unordered.count() == 2


def test_autocomplete_matches_the_last_word_as_a_prefix(notes):
    found = get_search_backend().autocomplete("distill", FieldNotePage, operator="and")

    assert [note.title for note in found] == ["Distillation playbook"]


def test_the_layout_check_passes_on_a_migrated_database(db):
    assert layout.layout_problems() == []
    assert check_index_layout() == []


@pytest.mark.usefixtures("on_sqlite")
def test_a_different_index_layout_falls_back_to_wagtails_backend_with_a_warning(
    client, notes, caplog
):
    table = layout.index_table()
    with connection.cursor() as cursor:  # as an upgrade might lay the FTS5 table out
        cursor.execute(f"DROP TABLE {table}_fts")
        cursor.execute(f"CREATE VIRTUAL TABLE {table}_fts USING fts5(title, body, autocomplete)")
        cursor.execute(
            f"INSERT INTO {table}_fts (rowid, title, body, autocomplete) "  # noqa: S608
            f"SELECT id, title, body, autocomplete FROM {table}"
        )

    messages = check_index_layout()
    assert [message.id for message in messages] == ["search_backend.W001"]
    assert "columns ['title', 'body', 'autocomplete']" in messages[0].msg

    with caplog.at_level("WARNING", logger="search.backend.database"):
        backend = get_search_backend()
    assert not isinstance(backend, RankedBackendMixin)
    assert "using Wagtail's database backend instead" in caplog.text
    # Still correct: every word required, FAQ-free notes found.
    assert set(titles(search(client, "distillation", type="notes")[1])) == {
        "Distillation playbook",
        "Serving costs",
    }


@pytest.mark.postgres
@pytest.mark.usefixtures("on_postgres")
def test_postgres_a_missing_vector_column_is_reported(db):
    table = layout.index_table()
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} RENAME COLUMN title TO title_vector")

    assert f"{table}.title is not a tsvector column" in layout.layout_problems()
    assert not isinstance(get_search_backend(), RankedBackendMixin)


@pytest.mark.postgres
@pytest.mark.usefixtures("on_postgres")
def test_postgres_the_words_index_migration_applies_again_cleanly(db):
    migration = importlib.import_module("search.backend.migrations.0001_words_gin_index")
    with connection.schema_editor() as editor:
        migration.drop_index(apps, editor)
    assert layout.missing_words_index()
    assert [m.id for m in check_index_layout()] == ["search_backend.W002"]

    with connection.schema_editor() as editor:
        migration.create_index(apps, editor)  # as on a fresh database
        migration.create_index(apps, editor)  # as where search.0002 made it already
    assert not layout.missing_words_index()
    assert check_index_layout() == []


@pytest.mark.postgres
@pytest.mark.usefixtures("on_postgres")
def test_postgres_highlights_stemmed_forms_and_escapes_the_text(db):
    marked = get_search_backend().highlight(
        [
            ("Post-training <b>quantization</b> at INT4", True),
            (
                "Filler words. " * 40
                + "We quantized <script>x</script> the model."
                + " More." * 40,
                False,
            ),
        ],
        "quantizing",
    )

    assert marked[0] == "Post-training &lt;b&gt;<mark>quantization</mark>&lt;/b&gt; at INT4"
    assert "<mark>quantized</mark> &lt;script&gt;x&lt;/script&gt;" in marked[1]
    assert marked[1].startswith("…") and marked[1].endswith("…")
    assert "<script>" not in marked[1]
