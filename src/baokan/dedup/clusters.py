"""Confirmed pairs → clusters (union-find) with a deterministic representative per cluster."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

KEEP_POLICIES = ("earliest", "longest", "first-id")


def keep_key(policy: str) -> Callable[[str, str | None, int], tuple[Any, ...]]:
    """Sort key of (id, date, length) whose smallest member of a cluster is its representative:
    `earliest` (default) the earliest date (undated last), then the longest, then the smallest id;
    `longest` the longest, then the earliest, then the smallest id; `first-id` the smallest id."""
    if policy == "earliest":
        return lambda i, d, n: (d is None, d or "", -n, i)
    if policy == "longest":
        return lambda i, d, n: (-n, d is None, d or "", i)
    if policy == "first-id":
        return lambda i, d, n: (i,)
    raise ValueError(f"keep must be one of {', '.join(KEEP_POLICIES)}, not {policy!r}")


def components(n: int, pairs: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """The connected components of n nodes joined by `pairs`: for each node, the smallest node
    of its component."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs.tolist():
        ra, rb = find(a), find(b)
        if ra != rb:
            if ra < rb:
                parent[rb] = ra
            else:
                parent[ra] = rb
    return np.array([find(x) for x in range(n)], dtype=np.int64)


def representatives(
    roots: npt.NDArray[np.int64], ids: Sequence[str], dates: Sequence[str | None], lengths: Sequence[int], policy: str
) -> npt.NDArray[np.int64]:
    """For each node, the index of its cluster's representative under the keep `policy`."""
    key = keep_key(policy)
    best: dict[int, int] = {}
    for node, root in enumerate(roots.tolist()):
        current = best.get(root)
        if current is None or key(ids[node], dates[node], lengths[node]) < key(
            ids[current], dates[current], lengths[current]
        ):
            best[root] = node
    return np.array([best[root] for root in roots.tolist()], dtype=np.int64)
