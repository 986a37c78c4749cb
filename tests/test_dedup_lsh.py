"""dedup.lsh: candidate pairs by banding, and the unique step they are merged with."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from baokan.dedup.lsh import candidate_pairs, sorted_unique


@given(st.lists(st.integers(min_value=0, max_value=2**64 - 1), max_size=200))
def test_sorted_unique_is_numpys_unique(values: list[int]) -> None:
    array = np.array(values, dtype=np.uint64)
    assert sorted_unique(array).tolist() == np.unique(array).tolist()


def test_copies_of_a_text_are_chained_and_distinct_texts_never_paired() -> None:
    rng = np.random.default_rng(3)
    base = rng.integers(0, 2**32, size=(3, 16), dtype=np.uint32)
    which = np.array([0, 1, 0, 2, 0, 1, 0, 0, 2, 0, 0, 0])
    pairs = candidate_pairs(base[which], bands=4, rows=4)
    assert all(which[i] == which[j] and i < j for i, j in pairs)
    # every copy is reached from the first of its text (a bucket of 8 copies pairs neighbours only)
    for text in range(3):
        members = set(np.flatnonzero(which == text).tolist())
        reached = {min(members)}
        for _ in members:
            reached |= {int(j) for i, j in pairs if i in reached} | {int(i) for i, j in pairs if j in reached}
        assert reached == members
