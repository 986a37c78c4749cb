"""Settling the members of a chained cluster: which are kept, and the kept copy each other one is
dropped for.

Clusters joined pair by pair are chains (A like B, B like C, C unlike A). Once the members like
their cluster's representative are settled, the rest are settled by leaders, round by round: in
each band of their signatures, a bucket's head is its member first in the keep policy's order; a
member that heads every bucket it is in is a leader, and kept; a member whose bucket is headed by a
leader it is like is dropped for the first such leader. Each round settles at least the member
first in the order (it heads all its buckets), and in a long chain every local first at once,
where one representative a cluster a round settled some thousands of 258,075 members a round.
Two leaders never share a bucket, so no two kept copies are like each other as far as LSH sees.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
import numpy.typing as npt

from baokan.dedup.clusters import Nodes, node_dtype
from baokan.dedup.lsh import band_keys
from baokan.dedup.minhash import Index, Matrix, rows_at

Bandings = list[tuple[Matrix, int, int]]  # signatures, bands, rows
Like = Callable[[Index, Index], npt.NDArray[np.bool_]]  # article pairs → like each other?


def bucket_heads(keys: npt.NDArray[np.uint64], ranks: Index) -> Nodes:
    """For each row, the row of its bucket (rows of equal key) with the lowest rank."""
    n = len(keys)
    small = node_dtype(n)
    order = np.lexsort((ranks, keys)).astype(small)
    ranked = keys[order]
    first = np.empty(n, dtype=bool)
    first[:1] = True
    np.not_equal(ranked[1:], ranked[:-1], out=first[1:])
    del ranked
    start = np.where(first, np.arange(n, dtype=small), 0).astype(small)
    np.maximum.accumulate(start, out=start)
    heads = np.empty(n, dtype=small)
    heads[order] = order[start]
    return heads


def _band_heads(bandings: Bandings, ranks: Index) -> Iterator[Nodes]:
    for sigs, bands, rows in bandings:
        for band in range(bands):
            yield bucket_heads(band_keys(sigs, band, rows), ranks)


def settle_by_leaders(
    bandings: Bandings, nodes: Index, ranks: Index, like: Like, rounds: int
) -> tuple[Index, int, int]:
    """For the sorted article indices `nodes` (their signatures' rows in `bandings`, their places
    in the keep order `ranks`, a permutation of 0..len - 1): each one's kept copy (itself where
    kept), how many were still unsettled after `rounds` rounds (kept) and the rounds taken."""
    kept_by = nodes.copy()
    node_of_rank = nodes[np.argsort(ranks)]
    unset = np.iinfo(np.int64).max
    open_ = np.arange(len(nodes), dtype=np.int64)  # the unsettled, as places in `nodes`
    taken = 0
    while len(open_) and taken < rounds:
        taken += 1
        here = [(rows_at(sigs, open_), bands, rows) for sigs, bands, rows in bandings]
        rank = ranks[open_]
        places = np.arange(len(open_), dtype=node_dtype(len(open_)))
        leader = np.ones(len(open_), dtype=bool)
        for heads in _band_heads(here, rank):
            leader &= heads == places
        best = np.full(len(open_), unset)  # the rank of the first leader found like each one
        asked = np.full(len(open_), -1, dtype=places.dtype)  # the head last compared with
        for heads in _band_heads(here, rank):
            ask = np.flatnonzero(~leader & leader[heads] & (heads != asked) & (rank[heads] < best))
            if not len(ask):
                continue
            liked = ask[like(nodes[open_[ask]], nodes[open_[heads[ask]]])]
            best[liked] = rank[heads[liked]]
            asked[ask] = heads[ask]
        settled = ~leader & (best != unset)
        kept_by[open_[settled]] = node_of_rank[best[settled]]
        open_ = open_[~leader & ~settled]
    return kept_by, len(open_), taken
