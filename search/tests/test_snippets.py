"""Snippets: the matching words in <mark>, all other text escaped."""

from search.query import parse_query
from search.snippets import highlight, snippet, stem


def test_matched_words_are_marked_case_insensitively():
    html = snippet(["We ship LoRA adapters; lora is cheap."], ["lora"])

    assert html == "We ship <mark>LoRA</mark> adapters; <mark>lora</mark> is cheap."


def test_content_never_injects_markup():
    html = snippet(['<script>alert("x")</script> RAG <b>bold</b>'], ["rag"])

    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>RAG</mark>" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_the_query_cannot_inject_markup_either():
    html = highlight("a <b> c", parse_query("<b>").terms)

    assert "<b>" not in html
    assert str(html) == "a &lt;<mark>b</mark>&gt; c"


def test_word_forms_a_stemming_search_finds_are_marked():
    html = snippet(["Post-training quantization at INT4."], ["quantized"])

    assert "<mark>quantization</mark>" in html
    assert stem("quantized") == stem("quantization")[: len(stem("quantized"))]


def test_only_word_starts_match():
    html = highlight("Pragmatic RAG", ["rag"])

    assert str(html) == "Pragmatic <mark>RAG</mark>"


def test_long_text_is_cut_around_the_match_with_ellipses():
    text = "filler " * 100 + "the DPDP clause " + "more " * 100

    html = snippet([text], ["dpdp"], length=80)

    assert html.startswith("…") and html.endswith("…")
    assert "<mark>DPDP</mark>" in html
    assert len(html) < 80 + len("<mark></mark>") + 4


def test_the_text_with_the_most_query_words_is_chosen():
    html = snippet(["a dek about eval", "a body about eval harnesses"], ["eval", "harness"])

    assert "<mark>harnesses</mark>" in html


def test_without_a_match_the_start_of_the_text_is_shown():
    assert snippet(["Nothing & nothing else"], ["zebra"]) == "Nothing &amp; nothing else"
    assert snippet([], ["zebra"]) == ""


def test_indic_text_is_marked_as_whole_words():
    html = highlight("देवनागरी लिपि में", ["लिपि"])

    assert str(html) == "देवनागरी <mark>लिपि</mark> में"


def test_words_after_letters_that_change_length_in_lower_case_are_marked_in_place():
    # "İ" lower-cases to two characters: the marks must still fall on the matched word.
    html = highlight("İstanbul team ships LoRA adapters", ["lora"])

    assert str(html) == "İstanbul team ships <mark>LoRA</mark> adapters"


def test_a_word_inside_another_is_skipped_but_the_next_word_start_is_found():
    html = highlight("Reagents and agents", ["agent"])

    assert str(html) == "Reagents and <mark>agents</mark>"


def test_the_densest_window_is_chosen_in_a_long_text():
    text = "lora " + "filler " * 60 + "lora with rag and eval " + "filler " * 60 + "eval"

    html = snippet([text], ["lora", "rag", "eval"], length=60)

    assert "<mark>lora</mark> with <mark>rag</mark> and <mark>eval</mark>" in html
