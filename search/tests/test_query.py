"""Bounding what a visitor types before any of it reaches the search backend."""

import pytest

from search.query import MAX_INPUT_LENGTH, MAX_QUERY_WORDS, parse_query, terms_of


def test_only_letters_marks_and_digits_reach_the_backend():
    query = parse_query("""'rag' & (eval | !harness):* "quoted" -- ; DROP""")

    assert query.terms == ["rag", "eval", "harness", "quoted", "drop"]
    assert query.text == """'rag' & (eval | !harness):* "quoted" -- ; DROP"""


def test_nul_bytes_and_control_characters_become_spaces():
    query = parse_query("lora\x00sft\tq\x1blora")

    assert query.terms == ["lora", "sft", "q", "lora"]
    assert "\x00" not in query.text


def test_punctuation_only_is_an_empty_query():
    assert not parse_query("!!! ??? &&& :*")
    assert not parse_query("")
    assert not parse_query("   ")


@pytest.mark.parametrize("text", ["देवनागरी लिपि", "বাংলা লিপি"])
def test_indic_words_keep_their_combining_marks(text):
    assert parse_query(text).terms == text.split()


def test_many_words_are_cut_to_the_first_few():
    query = parse_query(" ".join(f"word{i}" for i in range(500)))

    assert query.shortened
    assert len(query.terms) == MAX_QUERY_WORDS
    assert query.terms[0] == "word0"


def test_absurd_length_is_refused():
    with pytest.raises(ValueError):
        parse_query("a" * (MAX_INPUT_LENGTH + 1))


def test_terms_are_lowercased_and_bounded():
    assert terms_of("GDPR " + "x" * 500) == ["gdpr", "x" * 60]
