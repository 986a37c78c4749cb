"""Near-duplicate detection: MinHash over character n-gram shingles, LSH banding, clusters.

    memberships = find_clusters(items, DedupParams(threshold=0.8))

Each text is normalized (`shingles.normalize`), cut into character n-grams, and sketched into a
MinHash signature (`minhash.signatures`, rensa); LSH banding (`lsh.candidate_pairs`) proposes
pairs, each confirmed when its estimated Jaccard similarity reaches the threshold; confirmed pairs
are joined into clusters (union-find) whose representative is chosen by the keep policy
(`clusters.keep_key`). Signatures are computed in batches, so texts are never all held at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from baokan.dedup.clusters import KEEP_POLICIES, components, representatives
from baokan.dedup.lsh import candidate_pairs, choose_bands
from baokan.dedup.minhash import Signatures, estimated_jaccard, signatures
from baokan.errors import InvalidDataError, UsageError

__all__ = [
    "DEFAULT_NGRAM",
    "DEFAULT_NUM_PERM",
    "DEFAULT_THRESHOLD",
    "KEEP_POLICIES",
    "DedupItem",
    "DedupParams",
    "Membership",
    "find_clusters",
]

DEFAULT_THRESHOLD = 0.8
DEFAULT_NGRAM = 5
DEFAULT_NUM_PERM = 128
DEFAULT_SEED = 20250612
BATCH = 2048


@dataclass(frozen=True, slots=True)
class DedupItem:
    id: str
    text: str  # the body; normalized before shingling
    date: str | None = None  # YYYY-MM-DD, for the `earliest` keep policy


@dataclass(frozen=True)
class DedupParams:
    threshold: float = DEFAULT_THRESHOLD
    ngram: int = DEFAULT_NGRAM
    num_perm: int = DEFAULT_NUM_PERM
    seed: int = DEFAULT_SEED
    keep: str = "earliest"
    bands: int | None = None  # None: chosen from the threshold (lsh.choose_bands)
    rows: int | None = None

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise UsageError(f"threshold must be in (0, 1], not {self.threshold}")
        if self.ngram < 1:
            raise UsageError(f"ngram must be at least 1, not {self.ngram}")
        if self.num_perm < 1:
            raise UsageError(f"num_perm must be at least 1, not {self.num_perm}")
        if self.keep not in KEEP_POLICIES:
            raise UsageError(f"keep must be one of {', '.join(KEEP_POLICIES)}, not {self.keep!r}")
        if (self.bands is None) != (self.rows is None):
            raise UsageError("give both bands and rows, or neither")
        if self.bands is not None and self.rows is not None and self.bands * self.rows > self.num_perm:
            raise UsageError(f"{self.bands} bands x {self.rows} rows exceed {self.num_perm} permutations")

    def banding(self) -> tuple[int, int]:
        if self.bands is not None and self.rows is not None:
            return self.bands, self.rows
        return choose_bands(self.threshold, self.num_perm)

    def describe(self) -> str:
        bands, rows = self.banding()
        return (
            f"MinHash over character {self.ngram}-grams of the normalized body, {self.num_perm} permutations, "
            f"LSH {bands} bands x {rows} rows, estimated Jaccard ≥ {self.threshold:g}"
        )


@dataclass(frozen=True, slots=True)
class Membership:
    id: str
    cluster: str  # the id of the cluster's representative (its own id for a singleton)
    similarity: float  # estimated Jaccard similarity to the representative (1.0 for it)
    kept: bool  # whether this is the representative, the copy a deduplicated release keeps

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "cluster": self.cluster, "similarity": self.similarity, "kept": self.kept}


def _batches(items: Iterable[DedupItem]) -> Iterator[list[DedupItem]]:
    batch: list[DedupItem] = []
    for item in items:
        batch.append(item)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def find_clusters(items: Iterable[DedupItem], params: DedupParams | None = None) -> list[Membership]:
    """One Membership per item, in input order. Two items are in one cluster when a chain of
    pairs with estimated Jaccard ≥ threshold joins them. A repeated id is InvalidDataError."""
    params = params or DedupParams()
    ids: list[str] = []
    dates: list[str | None] = []
    lengths: list[int] = []
    seen: set[str] = set()
    parts: list[Signatures] = []
    for batch in _batches(items):
        for item in batch:
            if item.id in seen:
                raise InvalidDataError(f"id {item.id!r} occurs more than once")
            seen.add(item.id)
            ids.append(item.id)
            dates.append(item.date)
            lengths.append(len(item.text))
        texts = [item.text for item in batch]
        parts.append(signatures(texts, ngram=params.ngram, num_perm=params.num_perm, seed=params.seed))
    sigs = np.concatenate(parts) if parts else np.zeros((0, params.num_perm), dtype=np.uint32)
    return cluster_signatures(sigs, ids, dates, lengths, params)


def cluster_signatures(
    sigs: Signatures, ids: list[str], dates: list[str | None], lengths: list[int], params: DedupParams
) -> list[Membership]:
    """Memberships from precomputed signatures (rows in the order of `ids`)."""
    bands, rows = params.banding()
    pairs = candidate_pairs(sigs, bands, rows)
    if len(pairs):
        sims = estimated_jaccard(sigs, pairs[:, 0], pairs[:, 1])
        pairs = pairs[sims >= params.threshold - 1e-9]
    roots = components(len(ids), pairs)
    reps = representatives(roots, ids, dates, lengths, params.keep)
    nodes = np.arange(len(ids), dtype=np.int64)
    sim_to_rep = estimated_jaccard(sigs, nodes, reps) if len(ids) else np.zeros(0)
    return [
        Membership(ids[k], ids[rep], round(float(sim), 4), bool(rep == k))
        for k, (rep, sim) in enumerate(zip(reps.tolist(), sim_to_rep.tolist(), strict=True))
    ]
