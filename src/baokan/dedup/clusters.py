"""Confirmed pairs → clusters with a deterministic representative per cluster, all in numpy
arrays (no Python object per article): ids as UTF-8 bytes, dates as ranks, a forest of
cluster roots joined batch by batch (label propagation over each batch's roots)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

KEEP_POLICIES = ("earliest", "longest", "first-id")
Index = npt.NDArray[np.int64]
Nodes = npt.NDArray[np.signedinteger[Any]]  # node numbers, 4 bytes each where they fit (`node_dtype`)
Ids = npt.NDArray[np.bytes_]
_INT32_NODES = 2**31


def node_dtype(n: int) -> type[np.signedinteger[Any]]:
    """The narrowest of int32 and int64 that numbers `n` nodes: the arrays held per article at
    once (a cluster forest, a band's order) take 4 bytes an article, not 8, below 2^31 articles."""
    return np.int32 if n < _INT32_NODES else np.int64


@dataclass
class ItemTable:
    """What the keep policies need of each article, collected batch by batch: its date and
    length, and its id unless ids are read later for the few that tie (`representatives`)."""

    _ids: list[Ids] = field(default_factory=list)
    _dates: list[npt.NDArray[np.int32]] = field(default_factory=list)
    _lengths: list[npt.NDArray[np.int32]] = field(default_factory=list)
    _date_codes: dict[str, int] = field(default_factory=dict)

    def add(self, ids: list[str] | None, dates: list[str | None], lengths: list[int]) -> None:
        if ids is not None:
            self._ids.append(np.array([i.encode("utf-8") for i in ids], dtype=np.bytes_))
        codes = self._date_codes
        self._dates.append(np.array([-1 if d is None else codes.setdefault(d, len(codes)) for d in dates], np.int32))
        self._lengths.append(np.array(lengths, dtype=np.int32))

    def finish(self) -> Items:
        if not self._dates:
            return Items(np.zeros(0, dtype="S1"), np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int32))
        # date codes in arrival order → ranks in date order (ISO dates sort as strings); -1 stays
        order = sorted(self._date_codes, key=lambda d: d)
        rank = np.empty(len(order) + 1, dtype=np.int32)
        rank[-1] = -1
        for r, date in enumerate(order):
            rank[self._date_codes[date]] = r
        dates = rank[np.concatenate(self._dates)]
        self._dates.clear()
        lengths = np.concatenate(self._lengths)
        self._lengths.clear()
        return Items(np.concatenate(self._ids) if self._ids else None, dates, lengths)


@dataclass(frozen=True)
class Items:
    ids: Ids | None  # UTF-8 bytes; None when they are read on demand (`representatives`' rank_ids)
    date_ranks: npt.NDArray[np.int32]  # order of the date among all dates; -1 undated
    lengths: npt.NDArray[np.int32]  # characters of the body

    def __len__(self) -> int:
        return len(self.lengths)

    def take(self, nodes: Index) -> Items:
        return Items(None if self.ids is None else self.ids[nodes], self.date_ranks[nodes], self.lengths[nodes])

    def repeated_id(self) -> str | None:
        """An id that occurs more than once, if any (a sort: no set of ids is held)."""
        if self.ids is None:
            raise ValueError("these items hold no ids")
        ordered = np.sort(self.ids)
        same = np.flatnonzero(ordered[1:] == ordered[:-1])
        return bytes(ordered[same[0]]).decode("utf-8") if len(same) else None


def components(n: int, pairs: Index) -> Index:
    """The connected components of n nodes joined by `pairs`: for each node, the smallest node of
    its component (min-label propagation with pointer jumping)."""
    labels = np.arange(n, dtype=np.int64)
    if not len(pairs):
        return labels
    a, b = pairs[:, 0], pairs[:, 1]
    while True:
        low = np.minimum(labels[a], labels[b])
        before = labels.copy()
        np.minimum.at(labels, a, low)
        np.minimum.at(labels, b, low)
        while True:  # pointer jumping: every label points at its own label's label
            jumped = labels[labels]
            if np.array_equal(jumped, labels):
                break
            labels = jumped
        if np.array_equal(labels, before):
            return labels


class Forest:
    """Clusters being joined, as a forest: each node points at a smaller node of its cluster, or
    at itself when it is the cluster's root (its smallest node). Joining a batch of pairs touches
    the batch's nodes and their roots only: a corpus cut into many batches costs its pairs, not
    every node once a batch (which grew as the square of the corpus)."""

    def __init__(self, n: int) -> None:
        self.parent: Nodes = np.arange(n, dtype=node_dtype(n))

    def find(self, nodes: Nodes) -> Nodes:
        """The root of each node; the nodes are pointed straight at their roots on the way."""
        parent = self.parent
        found = parent[nodes]
        while True:
            up = parent[found]
            if np.array_equal(up, found):
                break
            found = up
        parent[nodes] = found
        return found

    def join(self, pairs: Nodes) -> None:
        """Join the clusters of each pair's two nodes."""
        left, right = self.find(pairs[:, 0]), self.find(pairs[:, 1])
        apart = left != right
        if not apart.any():
            return
        roots, local = np.unique(np.concatenate([left[apart], right[apart]]), return_inverse=True)
        # roots are sorted: the smallest local label of a component is its smallest root
        linked = components(len(roots), local.reshape(2, -1).T.astype(np.int64))
        self.parent[roots] = roots[linked]

    def roots(self) -> Nodes:
        """Each node's root: the smallest node of its cluster."""
        roots = self.parent
        while True:
            up = roots[roots]
            if np.array_equal(up, roots):
                return roots
            roots = up


def shared_nodes(labels: Nodes) -> Nodes:
    """The nodes whose label another node has too (members of clusters of two or more), sorted,
    in the labels' integer type (4 bytes a node where it fits)."""
    if not len(labels):
        return np.zeros(0, dtype=labels.dtype)
    return np.flatnonzero(np.bincount(labels)[labels] > 1).astype(labels.dtype)


def _sort_keys(items: Items, policy: str) -> tuple[npt.NDArray[np.generic], ...]:
    """np.lexsort keys of the keep policy, least significant first, but for the id (the last
    tie-break of every policy)."""
    if policy == "earliest":  # the earliest date (undated last), then the longest, then the smallest id
        return (-items.lengths, items.date_ranks, items.date_ranks < 0)
    if policy == "longest":  # the longest, then the earliest, then the smallest id
        return (items.date_ranks, items.date_ranks < 0, -items.lengths)
    if policy == "first-id":
        return ()
    raise ValueError(f"keep must be one of {', '.join(KEEP_POLICIES)}, not {policy!r}")


IdRanker = Callable[[Nodes], Nodes]  # sorted positions → each one's place in their ids' order (0 first)


def id_ranks(ids: Ids) -> Nodes:
    """Each id's place in the order of `ids` (equal ids by position)."""
    return places(np.argsort(ids, kind="stable").astype(node_dtype(len(ids))))


def cluster_firsts(labels: Nodes, ranks: Nodes) -> Nodes:
    """For each node, the node of its cluster (`labels`) that comes first in the keep order, where
    `ranks` are the nodes' places in it (`keep_ranks`, a permutation of 0..n - 1): its cluster's
    representative."""
    n = len(labels)
    if not n:
        return np.zeros(0, dtype=np.int32)
    first = np.full(int(labels.max()) + 1, n, dtype=ranks.dtype)  # each cluster's least rank
    np.minimum.at(first, labels, ranks)
    return places(ranks)[first[labels]]


def places(order: Nodes) -> Nodes:
    """The inverse of the permutation `order`: where each of 0..n - 1 stands in it."""
    out = np.empty(len(order), dtype=order.dtype)
    out[order] = np.arange(len(order), dtype=order.dtype)
    return out


def keep_ranks(items: Items, policy: str, rank_ids: IdRanker | None = None) -> Nodes:
    """Each node's place in the keep `policy`'s order (`priority_order`; 0: the copy it would keep
    first). One order serves every cluster: a cluster's representative is its member of least rank
    (`cluster_firsts`), and the members it does not keep are settled in rank order."""
    return places(priority_order(items, policy, rank_ids))


def priority_order(items: Items, policy: str, rank_ids: IdRanker | None = None) -> Nodes:
    """The nodes in the keep `policy`'s order (first the copy it would keep first): `earliest`
    (default) the earliest date (undated last), then the longest body, then the smallest id;
    `longest` the longest, then the earliest, then the smallest id; `first-id` the smallest id.
    Ids are ranked (`rank_ids`, or `items.ids`) only for the nodes that tie with another on every
    other key, so a corpus need not hold them all."""
    n = len(items)
    small = node_dtype(n)
    keys = _sort_keys(items, policy)
    order = np.lexsort(keys).astype(small) if keys else np.arange(n, dtype=small)
    same = np.ones(max(n - 1, 0), dtype=bool)  # each place equal to the next on every key
    for key in keys:
        ranked = key[order]
        same &= ranked[1:] == ranked[:-1]
    tied = np.zeros(n, dtype=bool)
    tied[:-1] |= same
    tied[1:] |= same
    del same
    if tied.any():
        wanted = np.zeros(n, dtype=bool)
        wanted[order[tied]] = True
        del order, tied
        by_id = _ranks_by_node(items, wanted, rank_ids)  # 0 where untied: the keys decide
        del wanted
        order = np.lexsort((by_id, *keys)).astype(small)
    return order


def _ranks_by_node(items: Items, wanted: npt.NDArray[np.bool_], rank_ids: IdRanker | None) -> Nodes:
    """For each node, its id's place among those of the `wanted` nodes (0 for the others): 4
    bytes a node, where the ids themselves would take their length."""
    n = len(wanted)
    in_file_order = np.flatnonzero(wanted).astype(node_dtype(n))
    by_id = np.zeros(n, dtype=node_dtype(n))
    by_id[in_file_order] = rank_ids(in_file_order) if rank_ids is not None else _held_ranks(items, in_file_order)
    return by_id


def _held_ranks(items: Items, nodes: Nodes) -> Nodes:
    if items.ids is None:
        raise ValueError("ids are needed to break a tie, and neither held nor loadable")
    return id_ranks(items.ids[nodes])
