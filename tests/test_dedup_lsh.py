"""dedup.lsh: candidate pairs by banding, and the unique step they are merged with."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from baokan.dedup.lsh import band_pairs, candidate_pairs, sorted_unique


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


def test_band_pairs_hold_the_candidate_pairs_band_by_band() -> None:
    rng = np.random.default_rng(5)
    base = rng.integers(0, 2**32, size=(6, 16), dtype=np.uint32)
    sigs = base[rng.integers(0, 6, size=60)]
    sigs[::7, ::5] = rng.integers(0, 2**32, size=sigs[::7, ::5].shape, dtype=np.uint32)  # near copies
    chunks = list(band_pairs(sigs, bands=4, rows=4, slice_pairs=5))
    assert all(len(c) <= 5 for c in chunks)  # slices of a band's pairs, not the band's at once
    together = np.unique(np.concatenate(chunks), axis=0)
    assert together.tolist() == candidate_pairs(sigs, bands=4, rows=4).tolist()
    one_band = np.concatenate(list(band_pairs(sigs, bands=1, rows=4, slice_pairs=5)))
    assert len(one_band) == len(np.unique(one_band, axis=0))  # each pair once within its band


def test_a_bands_pairs_come_a_span_of_the_key_order_at_a_time_in_the_same_order() -> None:
    # in a corpus of many copies a distance's pairs are about one an article: they are made a span
    # of positions at a time, so what a band holds at once does not grow with the corpus, and the
    # pairs come in the same order whatever the span
    from baokan.dedup.lsh import _band_codes

    rng = np.random.default_rng(7)
    base = rng.integers(0, 2**32, size=(4, 8), dtype=np.uint32)
    sigs = base[rng.integers(0, 4, size=500)]
    whole = list(_band_codes(sigs, 0, 4, span=10_000))
    spans = list(_band_codes(sigs, 0, 4, span=32))
    assert all(len(c) <= 32 for c in spans) and len(spans) > len(whole)
    assert np.concatenate(spans).tolist() == np.concatenate(whole).tolist()


@given(st.lists(st.integers(min_value=0, max_value=5), min_size=2, max_size=40), st.integers(0, 2**16))
def test_clusters_joined_band_by_band_are_those_of_all_candidates_at_once(texts: list[int], seed: int) -> None:
    """`cluster_roots` confirms and joins candidates band by band, skipping pairs already joined:
    the clusters are the ones all candidates confirmed at once would give."""
    from baokan.dedup import (
        DedupItem,
        DedupParams,
        SketchStore,
        candidates,
        cluster_roots,
        pair_similarity,
        sketch_texts,
    )
    from baokan.dedup.clusters import components

    rng = np.random.default_rng(seed)
    words = ["春耕时节田间地头一派繁忙景象", "城市书房的灯光每晚都亮到十点", "全县共落实粮食播种面积二十万亩"]
    bodies = ["".join(rng.permutation(words)) * 3 + "。" * t for t in range(6)]
    items = [DedupItem(f"a{k:03d}", bodies[t] + ("！" if rng.random() < 0.3 else "")) for k, t in enumerate(texts)]
    params = DedupParams(threshold=0.8)
    with SketchStore(params.num_perm, params.lead_perm, None) as store:
        store.add(sketch_texts([i.text for i in items], params))
        sketches = store.sketches()
        got = cluster_roots(sketches, params)
        pairs = candidates(sketches, params)
        if len(pairs):
            pairs = pairs[pair_similarity(sketches, pairs[:, 0], pairs[:, 1], params) >= params.threshold - 1e-9]
    assert got.tolist() == components(len(items), pairs).tolist()


@given(
    st.integers(1, 40),
    st.lists(st.lists(st.tuples(st.integers(0, 39), st.integers(0, 39)), max_size=12), max_size=6),
)
def test_a_forest_joined_batch_by_batch_has_the_components_of_all_pairs_at_once(
    n: int, batches: list[list[tuple[int, int]]]
) -> None:
    # the forest touches only each batch's nodes and roots; its roots must still be every node's
    # smallest node of its component, as the components of all pairs at once say
    from baokan.dedup.clusters import Forest, components

    forest = Forest(n)
    assert forest.parent.itemsize == 4  # a node's parent in 4 bytes below 2^31 nodes
    every: list[tuple[int, int]] = []
    for batch in batches:
        pairs = [(a % n, b % n) for a, b in batch]
        every += pairs
        if pairs:
            forest.join(np.array(pairs, dtype=np.int64))
    expected = components(n, np.array(every, dtype=np.int64).reshape(-1, 2))
    assert forest.roots().tolist() == expected.tolist()
    assert forest.find(np.arange(n, dtype=np.int64)).tolist() == expected.tolist()


def test_a_large_corpus_sorts_a_bands_keys_in_runs_on_disk_and_finds_the_same_pairs(tmp_path: Path) -> None:
    # past RUN_ROWS articles a band's keys go to files cut by key and are sorted a run at a time,
    # so that a band does not hold 20 bytes for every article of the corpus; the pairs are those
    # of one sort over all keys (a bucket is never cut, and keeps its nodes in ascending order)
    rng = np.random.default_rng(11)
    base = rng.integers(0, 2**32, size=(9, 16), dtype=np.uint32)
    sigs = base[rng.integers(0, 9, size=700)]
    sigs[::5, ::3] = rng.integers(0, 2**32, size=sigs[::5, ::3].shape, dtype=np.uint32)
    sigs[::11] = rng.integers(0, 2**32, size=sigs[::11].shape, dtype=np.uint32)  # singles
    whole = [np.concatenate(list(band_pairs(sigs, bands=1, rows=4 * b + 4, run_rows=10_000))) for b in range(3)]
    for run_rows in (60, 333):
        for b in range(3):
            found = band_pairs(sigs, bands=1, rows=4 * b + 4, run_rows=run_rows, folder=tmp_path)
            first = next(found)
            assert list(tmp_path.glob("band-*/*.keys")), "the runs are on disk while they are read"
            runs = np.concatenate([first, *found])
            assert len(runs) == len(np.unique(runs, axis=0))
            assert sorted(map(tuple, runs.tolist())) == sorted(map(tuple, whole[b].tolist()))
            assert not list(tmp_path.iterdir()), "a band's run files are removed"
