"""Settling the members of a chained cluster: which are kept, and the kept copy each other one is
dropped for.

Clusters joined pair by pair are chains (A like B, B like C, C unlike A). Once the members like
their cluster's representative are settled, the rest are settled greedily in the keep policy's
order: a member is kept unless it is like a kept copy before it that shares an LSH bucket with it,
and then it is dropped for the first such copy. Every dropped copy is like its kept copy, and no
two kept copies are like each other as far as LSH sees.

The members are taken a chunk at a time in that order (`SETTLE_CHUNK`): a chunk is first compared
with the copies kept so far, found by their band keys (`KeptIndex`); its members left are settled
among themselves by leaders, round by round (`leader_rounds`), which settles every local first of
a chain at once. Memory holds one chunk's working arrays and the band keys of the kept copies, not
arrays of every member (at 2.5 M articles of reprints some 165 bytes a member, 330 MiB, when all
were settled at once).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
import numpy.typing as npt

from baokan.dedup.clusters import Nodes, node_dtype
from baokan.dedup.lsh import band_keys
from baokan.dedup.minhash import Index, Matrix, row_block, rows_at

Bandings = list[tuple[Matrix, int, int]]  # signatures, bands, rows
Like = Callable[[Index, Index], npt.NDArray[np.bool_]]  # article pairs → like each other?
SETTLE_CHUNK = 1 << 13  # members settled at once; a chunk holds some 3 KiB a member (its signatures, read once)
_UNSET = np.iinfo(np.int64).max
PAIR_SLICE = 1 << 18  # (member, kept copy) pairs of one band asked at once


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


def _all_band_keys(bandings: Bandings) -> Iterator[npt.NDArray[np.uint64]]:
    for sigs, bands, rows in bandings:
        for band in range(bands):
            yield band_keys(sigs, band, rows)


def _at(bandings: Bandings, index: Index) -> Bandings:
    return [(rows_at(sigs, index), bands, rows) for sigs, bands, rows in bandings]


class KeptIndex:
    """The copies kept so far, found by their band keys: per band, their keys sorted, and their
    ranks in the keep order beside them."""

    def __init__(self) -> None:
        self.keys: list[npt.NDArray[np.uint64]] = []
        self.ranks: list[Index] = []

    def __len__(self) -> int:
        return len(self.ranks[0]) if self.ranks else 0

    def add(self, bandings: Bandings, ranks: Index) -> None:
        """Add the copies whose signatures are the rows of `bandings`, at keep order `ranks`."""
        for band, keys in enumerate(_all_band_keys(bandings)):
            if band == len(self.keys):
                self.keys.append(np.zeros(0, dtype=np.uint64))
                self.ranks.append(np.zeros(0, dtype=np.int64))
            joined, joined_ranks = np.concatenate([self.keys[band], keys]), np.concatenate([self.ranks[band], ranks])
            order = np.lexsort((joined_ranks, joined))  # a bucket's kept copies first to last
            self.keys[band], self.ranks[band] = joined[order], joined_ranks[order]

    def first_like(self, bandings: Bandings, like: Like) -> Index:
        """For each row of `bandings`, the rank of the first kept copy it shares a bucket with and
        is `like` (asked of (rows, ranks) pairs), _UNSET where there is none. The pairs of a band
        are asked PAIR_SLICE at a time: a bucket many kept copies share (a lead that many
        articles open with) asks many pairs."""
        n = len(bandings[0][0])
        best = np.full(n, _UNSET)
        if not len(self):
            return best
        asked = np.full(n, -1, dtype=np.int64)  # the kept copy last compared with
        for band, keys in enumerate(_all_band_keys(bandings)):
            low = np.searchsorted(self.keys[band], keys, "left")
            counts = np.searchsorted(self.keys[band], keys, "right") - low
            ends = np.cumsum(counts)
            cuts = np.searchsorted(ends, np.arange(PAIR_SLICE, int(ends[-1]), PAIR_SLICE), "left") + 1
            for first, last in zip([0, *cuts.tolist()], [*cuts.tolist(), n], strict=True):
                sizes = counts[first:last]
                rows = np.repeat(np.arange(first, last, dtype=np.int64), sizes)
                if not len(rows):
                    continue
                starts = np.cumsum(sizes) - sizes
                found = self.ranks[band][low[rows] + np.arange(len(rows), dtype=np.int64) - starts[rows - first]]
                ask = (found < best[rows]) & (found != asked[rows])
                rows, found = rows[ask], found[ask]
                if not len(rows):
                    continue
                liked = like(rows, found)
                np.minimum.at(best, rows[liked], found[liked])
                asked[rows] = found
        return best


def leader_rounds(bandings: Bandings, nodes: Index, ranks: Index, like: Like, rounds: int) -> tuple[Index, int, int]:
    """Settle the article indices `nodes` (their signatures' rows in `bandings`, their places in
    the keep order `ranks`, a permutation of 0..len - 1) among themselves: in each band a bucket's
    head is its member first in the order; a member heading all its buckets is a leader, kept; a
    member like a leader heading one of its buckets is dropped for the first such. Returns each
    one's kept copy (itself where kept), how many were still unsettled after `rounds` rounds
    (kept) and the rounds taken."""
    kept_by = nodes.copy()
    node_of_rank = nodes[np.argsort(ranks)]
    open_ = np.arange(len(nodes), dtype=np.int64)  # the unsettled, as places in `nodes`
    taken = 0
    while len(open_) and taken < rounds:
        taken += 1
        here = _at(bandings, open_)
        rank = ranks[open_]
        places = np.arange(len(open_), dtype=node_dtype(len(open_)))
        leader = np.ones(len(open_), dtype=bool)
        for keys in _all_band_keys(here):
            leader &= bucket_heads(keys, rank) == places
        best = np.full(len(open_), _UNSET)  # the rank of the first leader found like each one
        asked = np.full(len(open_), -1, dtype=places.dtype)  # the head last compared with
        for keys in _all_band_keys(here):
            heads = bucket_heads(keys, rank)
            ask = np.flatnonzero(~leader & leader[heads] & (heads != asked) & (rank[heads] < best))
            if not len(ask):
                continue
            liked = ask[like(nodes[open_[ask]], nodes[open_[heads[ask]]])]
            best[liked] = rank[heads[liked]]
            asked[ask] = heads[ask]
        settled = ~leader & (best != _UNSET)
        kept_by[open_[settled]] = node_of_rank[best[settled]]
        open_ = open_[~leader & ~settled]
    return kept_by, len(open_), taken


def settle_greedily(
    bandings: Bandings, nodes: Nodes, order: Index, like: Like, rounds: int, chunk: int = SETTLE_CHUNK
) -> tuple[Nodes, int, int]:
    """For the sorted article indices `nodes` (`bandings`: the signatures of all articles, by
    index) in the keep order `order` (places in `nodes`, the first kept first): each one's kept copy (itself where
    kept), how many were left unsettled (kept) by a chunk's `rounds` rounds, and the most rounds a
    chunk took. Taken `chunk` members at a time."""
    kept_by = nodes.copy()
    kept = KeptIndex()
    unsettled = most = 0

    def article_of(ranks: Index) -> Index:
        return nodes[order[ranks]].astype(np.int64)

    def like_kept(articles: Index) -> Like:  # (rows of `articles`, ranks of kept copies) → like?
        return lambda rows, ranks: like(articles[rows], article_of(ranks))

    for start in range(0, len(nodes), chunk):
        by_place = np.argsort(order[start : start + chunk])
        places = order[start : start + chunk][by_place].astype(np.int64)  # sorted, as rows_at wants
        ranks = start + by_place
        articles = nodes[places].astype(np.int64)
        # the chunk's signatures read once, into memory: every band of every pass below reads them
        here: Bandings = [(row_block(sigs, 0, len(sigs)), bands, rows) for sigs, bands, rows in _at(bandings, articles)]
        best = kept.first_like(here, like_kept(articles))
        found = best != _UNSET
        kept_by[places[found]] = article_of(best[found])
        left = np.flatnonzero(~found)
        if not len(left):
            continue
        local = np.empty(len(left), dtype=np.int64)
        local[np.argsort(ranks[left])] = np.arange(len(left))
        settled, still, taken = leader_rounds(_at(here, left), articles[left], local, like, rounds)
        kept_by[places[left]] = settled
        unsettled, most = unsettled + still, max(most, taken)
        new = left[settled == articles[left]]
        kept.add(_at(here, new), ranks[new])
    return kept_by, unsettled, most
