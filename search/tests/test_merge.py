"""The "All" tab merges its sources by rank: any page of it, read from a part of each source,
is the same as that page of every source merged in full."""

import random

import pytest

from search.sources import MergedResults


class ListSource:
    """A source of (rank, key) entries, best first, that counts what it is asked to read."""

    def __init__(self, name, ranks):
        self.name = name
        self.rows = [(rank, f"{name}{i}") for i, rank in enumerate(sorted(ranks, reverse=True))]
        self.read = 0

    @property
    def count(self):
        return len(self.rows)

    def entries(self, start, stop):
        rows = self.rows[start:stop]
        self.read += len(rows)
        return rows


def merged_in_full(sources):
    """Every entry of every source, best rank first; ties: the better index in its source,
    then the earlier source."""
    rows = [
        (-rank, index, order, key)
        for order, source in enumerate(sources)
        for index, (rank, key) in enumerate(source.rows)
    ]
    return [key for *_, key in sorted(rows)]


def window_keys(merged, start, stop):
    return [row[3] for row in merged._window(start, stop)]


@pytest.mark.parametrize("seed", range(40))
def test_every_page_of_the_merge_is_the_page_of_the_full_merge(seed):
    rng = random.Random(seed)
    sources = [
        ListSource(name, [rng.choice([0.1, 0.2, 0.3, 0.5]) * rng.random() for _ in range(size)])
        for name, size in zip("nfpw", [rng.randint(0, 60), rng.randint(0, 5), 3, 0], strict=True)
    ]
    merged = MergedResults(sources)
    full = merged_in_full(sources)
    for start in range(0, len(full) + 10, 10):
        assert window_keys(merged, start, start + 10) == full[start : start + 10]


def test_equal_ranks_take_turns_in_each_sources_order():
    sources = [ListSource("a", [1.0] * 25), ListSource("b", [1.0] * 4), ListSource("c", [1.0])]
    merged = MergedResults(sources)
    full = merged_in_full(sources)
    assert full[:5] == ["a0", "b0", "c0", "a1", "b1"]
    for start in range(0, 30, 7):
        assert window_keys(merged, start, start + 7) == full[start : start + 7]


def test_a_deep_page_reads_a_page_of_the_big_source_not_all_before_it():
    rng = random.Random(7)
    notes = ListSource("n", [rng.random() for _ in range(5000)])
    faqs = ListSource("f", [rng.random() for _ in range(4)])
    papers = ListSource("w", [rng.random() for _ in range(2)])
    merged = MergedResults([notes, faqs, papers])
    assert window_keys(merged, 490, 500) == merged_in_full([notes, faqs, papers])[490:500]
    # The page itself and at most the other sources' six matches before it.
    assert notes.read <= 10 + 6
