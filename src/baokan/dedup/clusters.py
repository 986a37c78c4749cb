"""Confirmed pairs → clusters with a deterministic representative per cluster, all in numpy
arrays (no Python object per article): ids as UTF-8 bytes, dates as ranks, a forest of
cluster roots joined batch by batch (label propagation over each batch's roots)."""

from __future__ import annotations

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
    """What the keep policies need of each article, collected batch by batch."""

    _ids: list[Ids] = field(default_factory=list)
    _dates: list[npt.NDArray[np.int32]] = field(default_factory=list)
    _lengths: list[npt.NDArray[np.int32]] = field(default_factory=list)
    _date_codes: dict[str, int] = field(default_factory=dict)

    def add(self, ids: list[str], dates: list[str | None], lengths: list[int]) -> None:
        self._ids.append(np.array([i.encode("utf-8") for i in ids], dtype=np.bytes_))
        codes = self._date_codes
        self._dates.append(np.array([-1 if d is None else codes.setdefault(d, len(codes)) for d in dates], np.int32))
        self._lengths.append(np.array(lengths, dtype=np.int32))

    def finish(self) -> Items:
        if not self._ids:
            return Items(np.zeros(0, dtype="S1"), np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int32))
        # date codes in arrival order → ranks in date order (ISO dates sort as strings); -1 stays
        order = sorted(self._date_codes, key=lambda d: d)
        rank = np.empty(len(order) + 1, dtype=np.int32)
        rank[-1] = -1
        for r, date in enumerate(order):
            rank[self._date_codes[date]] = r
        return Items(np.concatenate(self._ids), rank[np.concatenate(self._dates)], np.concatenate(self._lengths))


@dataclass(frozen=True)
class Items:
    ids: Ids  # UTF-8 bytes
    date_ranks: npt.NDArray[np.int32]  # order of the date among all dates; -1 undated
    lengths: npt.NDArray[np.int32]  # characters of the body

    def __len__(self) -> int:
        return len(self.ids)

    def repeated_id(self) -> str | None:
        """An id that occurs more than once, if any (a sort: no set of ids is held)."""
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


def _sort_keys(items: Items, policy: str) -> tuple[npt.NDArray[np.generic], ...]:
    """np.lexsort keys, least significant first, of the keep policy."""
    undated = items.date_ranks < 0
    longest = -items.lengths
    if policy == "earliest":  # the earliest date (undated last), then the longest, then the smallest id
        return (items.ids, longest, items.date_ranks, undated)
    if policy == "longest":  # the longest, then the earliest, then the smallest id
        return (items.ids, items.date_ranks, undated, longest)
    if policy == "first-id":
        return (items.ids,)
    raise ValueError(f"keep must be one of {', '.join(KEEP_POLICIES)}, not {policy!r}")


def representatives(roots: Nodes, items: Items, policy: str) -> Nodes:
    """For each node, the index of its cluster's representative under the keep `policy`:
    `earliest` (default) the earliest date (undated last), then the longest body, then the
    smallest id; `longest` the longest, then the earliest, then the smallest id; `first-id` the
    smallest id."""
    if not len(roots):
        return np.zeros(0, dtype=np.int32)
    order = np.lexsort((*_sort_keys(items, policy), roots))
    cluster_roots, first = np.unique(roots[order], return_index=True)
    best = order[first].astype(node_dtype(len(roots)))
    del order
    return best[np.searchsorted(cluster_roots, roots)]
