"""Settling chained clusters (`dedup.settle`) and the keep order it settles by
(`clusters.priority_order`)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baokan.dedup.clusters import KEEP_POLICIES, Items, cluster_firsts, id_ranks, keep_ranks, priority_order
from baokan.dedup.settle import KeptIndex, bucket_heads, leader_rounds, settle_greedily


@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 99)), min_size=1, max_size=60, unique_by=lambda t: t[1]))
def test_a_buckets_head_is_its_member_of_lowest_rank(rows: list[tuple[int, int]]) -> None:
    keys = np.array([k for k, _ in rows], dtype=np.uint64)
    ranks = np.array([r for _, r in rows], dtype=np.int64)
    heads = bucket_heads(keys, ranks)
    for i, (key, _) in enumerate(rows):
        mates = [j for j, (k, _) in enumerate(rows) if k == key]
        assert heads[i] == min(mates, key=lambda j: ranks[j])


rows_strategy = st.tuples(st.integers(-1, 3), st.integers(1, 4), st.integers(0, 30))  # date rank, length, id
items_strategy = st.lists(rows_strategy, min_size=1, max_size=40, unique_by=lambda t: t[2])


@settings(max_examples=80, deadline=None)
@given(items_strategy, st.sampled_from(KEEP_POLICIES), st.lists(st.integers(0, 3), min_size=40, max_size=40))
def test_the_first_of_each_cluster_in_the_keep_order_is_its_representative(
    rows: list[tuple[int, int, int]], policy: str, labels: list[int]
) -> None:
    """priority_order orders as the keep policy chooses: in any grouping, each group's first by
    rank is the representative `cluster_firsts` picks (ties broken by id, looked up only for ties)."""
    items = Items(
        np.array([f"id{i:03d}".encode() for _, _, i in rows], dtype="S5"),
        np.array([d for d, _, _ in rows], dtype=np.int32),
        np.array([n for _, n, _ in rows], dtype=np.int32),
    )
    asked: list[int] = []

    def rank(positions: np.ndarray) -> np.ndarray:
        asked.extend(positions.tolist())
        assert items.ids is not None
        return id_ranks(items.ids[positions])

    order = priority_order(items, policy, rank)
    assert sorted(order.tolist()) == list(range(len(rows)))
    ranks = np.argsort(order)
    if policy != "first-id":  # ids are read only for rows that tie with another on the other keys
        keys = [(d, n) for d, n, _ in rows]
        assert all(keys.count(keys[k]) > 1 for k in asked)
    groups = np.array(labels[: len(rows)], dtype=np.int64)
    reps = cluster_firsts(groups, keep_ranks(items, policy))
    for g in set(groups.tolist()):
        members = np.flatnonzero(groups == g)
        assert reps[members[0]] == members[np.argmin(ranks[members])]


def test_leaders_settle_a_chain_a_local_first_at_a_time() -> None:
    """Rows 0-1-2-3-4 in a chain of buckets (each shares one with the next), all alike with their
    neighbours only: the first in rank heads all its buckets and keeps its neighbour; the rest
    settle in later rounds; nothing is dropped for a leader it is not like."""
    keys = np.array([[1, 9], [1, 2], [3, 2], [3, 4], [5, 4]], dtype=np.uint32)  # two bands of one row
    nodes = np.array([10, 11, 12, 13, 14], dtype=np.int64)
    neighbours = {(10, 11), (11, 12), (12, 13), (13, 14)}

    def like(left: np.ndarray, right: np.ndarray) -> np.ndarray:
        return np.array([(min(a, b), max(a, b)) in neighbours for a, b in zip(left, right, strict=True)])

    ranks = np.arange(5, dtype=np.int64)
    kept_by, unsettled, rounds = leader_rounds([(keys, 2, 1)], nodes, ranks, like, rounds=10)
    assert kept_by.tolist() == [10, 10, 12, 12, 14] and unsettled == 0 and rounds == 3
    kept_by, unsettled, rounds = leader_rounds([(keys, 2, 1)], nodes, ranks, like, rounds=1)
    assert kept_by.tolist() == [10, 10, 12, 13, 14] and unsettled == 3 and rounds == 1
    # in reverse order the last row leads first
    kept_by, _, _ = leader_rounds([(keys, 2, 1)], nodes, ranks[::-1].copy(), like, rounds=10)
    assert kept_by.tolist() == [10, 12, 12, 14, 14]


def _chain(n: int, reach: int) -> tuple[np.ndarray, set[tuple[int, int]]]:
    """Rows 0..n-1 of one-row bands: row k shares a bucket with k + 1 (band 0 or 1 by parity) and
    with k + 2 (bands 2 and 3); alike with the rows up to `reach` after it."""
    keys = np.zeros((n, 4), dtype=np.uint32)
    for k in range(n):
        keys[k, 0] = k // 2 * 2 + 1  # k and k + 1 share band 0 where k is even
        keys[k, 1] = (k + 1) // 2 * 2 + 2  # ... band 1 where k is odd
        keys[k, 2] = k // 4 * 4 + k % 2 * 1000 + 3  # k and k + 2 share band 2 or 3
        keys[k, 3] = (k + 2) // 4 * 4 + k % 2 * 1000 + 4
    alike = {(a, b) for a in range(n) for b in range(a + 1, min(n, a + reach + 1))}
    return keys, alike


def _greedy(keys: np.ndarray, order: list[int], alike: set[tuple[int, int]]) -> dict[int, int]:
    """The reference: in order, each row is kept unless like a kept row before it sharing a bucket."""
    kept: list[int] = []
    out: dict[int, int] = {}
    for k in order:
        mates = [j for j in kept if (keys[j] == keys[k]).any() and (min(j, k), max(j, k)) in alike]
        out[k] = mates[0] if mates else k
        if not mates:
            kept.append(k)
    return out


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 40), st.integers(1, 3), st.randoms(use_true_random=False), st.integers(1, 50))
def test_settling_a_chunk_at_a_time_keeps_what_greedy_settling_keeps(
    n: int, reach: int, rng: object, chunk: int
) -> None:
    """Whatever the chunk size, the kept rows are those of the greedy reference (in the keep order,
    a row is kept unless like a kept row before it that shares a bucket), and every dropped row is
    like the kept row it is dropped for, and comes after it."""
    keys, alike = _chain(n, reach)
    order = list(range(n))
    rng.shuffle(order)  # type: ignore[attr-defined]
    nodes = np.arange(100, 100 + n, dtype=np.int64)  # article indices: rows of `signatures` below
    signatures = np.zeros((100 + n, 4), dtype=np.uint32)
    signatures[100:] = keys

    def like(left: np.ndarray, right: np.ndarray) -> np.ndarray:
        return np.array([(min(a, b) - 100, max(a, b) - 100) in alike for a, b in zip(left, right, strict=True)], bool)

    kept_by, unsettled, _ = settle_greedily(
        [(signatures, 4, 1)], nodes, np.array(order, dtype=np.int64), like, rounds=1000, chunk=chunk
    )
    reference = _greedy(keys, order, alike)
    assert unsettled == 0
    assert {k for k in range(n) if kept_by[k] == 100 + k} == {k for k, v in reference.items() if v == k}
    rank = {k: r for r, k in enumerate(order)}
    for k in range(n):
        kept = int(kept_by[k]) - 100
        if kept != k:
            assert (min(k, kept), max(k, kept)) in alike and rank[kept] < rank[k] and kept_by[kept] == 100 + kept


@pytest.mark.parametrize("pair_slice", [1, 2, 1 << 18])
def test_a_chunk_is_compared_with_the_copies_kept_before_it_by_their_band_keys(
    pair_slice: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """KeptIndex finds, for each row, the first kept copy in the order that shares a bucket with it
    and is like it, however many pairs are asked at once; a copy sharing no bucket is never asked
    about."""
    monkeypatch.setattr("baokan.dedup.settle.PAIR_SLICE", pair_slice)
    kept = KeptIndex()
    kept.add([(np.array([[1, 5], [2, 6], [3, 7]], dtype=np.uint32), 2, 1)], np.array([4, 2, 9], dtype=np.int64))
    kept.add([(np.array([[2, 5], [1, 7]], dtype=np.uint32), 2, 1)], np.array([12, 11], dtype=np.int64))
    rows = np.array([[2, 7], [1, 6], [8, 8], [2, 5]], dtype=np.uint32)
    asked: list[tuple[int, int]] = []

    def like(left: np.ndarray, right: np.ndarray) -> np.ndarray:
        asked.extend(zip(left.tolist(), right.tolist(), strict=True))
        return np.array([(r, k) not in {(0, 2), (3, 2), (3, 4)} for r, k in zip(left, right, strict=True)], dtype=bool)

    best = kept.first_like([(rows, 2, 1)], like)
    unset = np.iinfo(np.int64).max
    # row 0 shares a bucket with ranks 2 (unlike), 12, 9 and 11; row 1 with 4, 11 and 2 (the first);
    # row 2 with none; row 3 with 2 and 4 (both unlike) and 12
    assert best.tolist() == [9, 2, unset, 12]
    assert not any(row == 2 for row, _ in asked)
