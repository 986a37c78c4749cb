"""Settling chained clusters (`dedup.settle`) and the keep order it settles by
(`clusters.priority_ranks`)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from baokan.dedup.clusters import KEEP_POLICIES, Items, priority_ranks, representatives
from baokan.dedup.settle import bucket_heads, settle_by_leaders


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
    """priority_ranks orders as the keep policy chooses: in any grouping, each group's first by
    rank is the representative `representatives` picks (ties broken by id, looked up only for ties)."""
    items = Items(
        np.array([f"id{i:03d}".encode() for _, _, i in rows], dtype="S5"),
        np.array([d for d, _, _ in rows], dtype=np.int32),
        np.array([n for _, n, _ in rows], dtype=np.int32),
    )
    asked: list[int] = []

    def load(positions: np.ndarray) -> np.ndarray:
        asked.extend(positions.tolist())
        assert items.ids is not None
        return items.ids[positions]

    ranks = priority_ranks(items, policy, load)
    assert sorted(ranks.tolist()) == list(range(len(rows)))
    if policy != "first-id":  # ids are read only for rows that tie with another on the other keys
        keys = [(d, n) for d, n, _ in rows]
        assert all(keys.count(keys[k]) > 1 for k in asked)
    groups = np.array(labels[: len(rows)], dtype=np.int64)
    reps = representatives(groups, items, policy)
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
    kept_by, unsettled, rounds = settle_by_leaders([(keys, 2, 1)], nodes, ranks, like, rounds=10)
    assert kept_by.tolist() == [10, 10, 12, 12, 14] and unsettled == 0 and rounds == 3
    kept_by, unsettled, rounds = settle_by_leaders([(keys, 2, 1)], nodes, ranks, like, rounds=1)
    assert kept_by.tolist() == [10, 10, 12, 13, 14] and unsettled == 3 and rounds == 1
    # in reverse order the last row leads first
    kept_by, _, _ = settle_by_leaders([(keys, 2, 1)], nodes, ranks[::-1].copy(), like, rounds=10)
    assert kept_by.tolist() == [10, 12, 12, 14, 14]
