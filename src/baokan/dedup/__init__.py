"""Near-duplicate detection: MinHash over character n-gram shingles, LSH banding, clusters.

    memberships = find_clusters(items, DedupParams(threshold=0.8))

Each text is normalized (`shingles.normalize`), cut into character n-grams, and sketched into
MinHash signatures of the whole body and of its lead (`minhash.sketch`, rensa). LSH banding over
both proposes pairs (`lsh.band_pairs`, a band and a slice at a time; `lsh.candidate_pairs` gives
them all at once); a pair is confirmed when its similarity reaches the threshold. The similarity
is the estimated Jaccard similarity of the two bodies or, when the shorter holds at least
`min_share` of the longer's shingles and their leads agree, the estimated share of the shorter that
the longer contains:
a reprint whose last paragraphs were cut is contained in the original though its Jaccard
similarity falls with every paragraph cut. Confirmed pairs are joined into clusters
(`clusters.Forest`) whose representative is their member first in the keep policy's order
(`clusters.keep_ranks`, `clusters.cluster_firsts`). A cluster so joined is a chain (A like B, B like C, C unlike A):
`kept_copies` keeps in it only the members like its representative and settles the others among
themselves (`settle`), so that every copy is like the copy it is dropped for.
Sketches are made in batches, so texts are never all held at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from baokan.dedup.clusters import (
    KEEP_POLICIES,
    Forest,
    Ids,
    Items,
    ItemTable,
    Nodes,
    cluster_firsts,
    keep_ranks,
    shared_nodes,
)
from baokan.dedup.lsh import SLICE_PAIRS, band_pairs, candidate_pairs, choose_bands
from baokan.dedup.minhash import Index, Matrix, Sketches, SketchStore, containment, estimated_jaccard, sketch
from baokan.dedup.settle import settle_greedily
from baokan.errors import InvalidDataError, UsageError
from baokan.heap import release_free_memory

__all__ = [
    "BATCH",
    "BATCH_CHARS",
    "DEFAULT_NGRAM",
    "DEFAULT_NUM_PERM",
    "DEFAULT_THRESHOLD",
    "KEEP_POLICIES",
    "Clusters",
    "DedupItem",
    "DedupParams",
    "Membership",
    "SketchStore",
    "Sketches",
    "candidates",
    "cluster_items",
    "cluster_roots",
    "cluster_sketches",
    "find_clusters",
    "kept_copies",
    "pair_similarity",
    "similarity_to",
    "sketch_texts",
]

DEFAULT_THRESHOLD = 0.8
DEFAULT_NGRAM = 4
DEFAULT_NUM_PERM = 128
DEFAULT_SEED = 20250612
DEFAULT_LEAD_CHARS = 200
DEFAULT_LEAD_PERM = 32
DEFAULT_MIN_SHARE = 0.2
# the lead LSH proposes pairs whose leads agree this much (confirmation is on the whole bodies)
LEAD_CANDIDATE_THRESHOLD = 0.6
# containment counts only between texts whose leads agree this much: a copy cut at its end opens as
# its original does; an article read on into the next one does not open as that next one. On the
# reprint sets (scripts/eval_dedup.py) recall is the same at 0.1 and 0.3 and falls at 0.6 (0.9991 → 0.9940).
LEAD_AGREEMENT = 0.3
# Rounds in which `kept_copies` settles a chunk of the members of chained clusters among themselves
# (`settle.leader_rounds`); any still unsettled are kept.
PEEL_ROUNDS = 64
BATCH = 2048  # texts sketched at once, at most
# characters sketched at once, at most: the shingle arrays take ~40 bytes each (2 MiB of characters
# made sketching's peak 16 MiB higher, for no speed)
BATCH_CHARS = 1 << 20


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
    lead_chars: int = DEFAULT_LEAD_CHARS  # 0: no lead signatures, Jaccard only
    lead_perm: int = DEFAULT_LEAD_PERM
    min_share: float = DEFAULT_MIN_SHARE  # 1.0: Jaccard only
    bands: int | None = None  # None: chosen from the threshold (lsh.choose_bands)
    rows: int | None = None

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise UsageError(f"threshold must be in (0, 1], not {self.threshold}")
        if self.ngram < 1:
            raise UsageError(f"ngram must be at least 1, not {self.ngram}")
        if self.num_perm < 1:
            raise UsageError(f"num_perm must be at least 1, not {self.num_perm}")
        if not 0.0 < self.min_share <= 1.0:
            raise UsageError(f"min_share must be in (0, 1], not {self.min_share}")
        if self.lead_chars < 0 or self.lead_perm < 1:
            raise UsageError("lead_chars must be at least 0 and lead_perm at least 1")
        if self.keep not in KEEP_POLICIES:
            raise UsageError(f"keep must be one of {', '.join(KEEP_POLICIES)}, not {self.keep!r}")
        if (self.bands is None) != (self.rows is None):
            raise UsageError("give both bands and rows, or neither")
        if self.bands is not None and self.rows is not None and self.bands * self.rows > self.num_perm:
            raise UsageError(f"{self.bands} bands x {self.rows} rows exceed {self.num_perm} permutations")

    def confirms(self, similarities: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
        """Which similarities reach the threshold (estimates equal to it, give or take rounding, do)."""
        return similarities >= self.threshold - 1e-9

    def banding(self) -> tuple[int, int]:
        if self.bands is not None and self.rows is not None:
            return self.bands, self.rows
        return choose_bands(self.threshold, self.num_perm)

    def describe(self) -> str:
        bands, rows = self.banding()
        return (
            f"MinHash over character {self.ngram}-grams of the normalized body, {self.num_perm} permutations, "
            f"LSH {bands} bands x {rows} rows (and over the first {self.lead_chars} characters), "
            f"similarity ≥ {self.threshold:g} (estimated Jaccard, or containment of the shorter when it "
            f"holds ≥ {self.min_share:g} of the longer's shingles)"
        )


@dataclass(frozen=True, slots=True)
class Membership:
    id: str
    cluster: str  # the id of the cluster's representative (its own id for a singleton)
    similarity: float  # similarity to the representative (1.0 for it): see `pair_similarity`
    kept: bool  # whether this is the representative, the copy a deduplicated release keeps

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "cluster": self.cluster, "similarity": self.similarity, "kept": self.kept}


def _batches(items: Iterable[DedupItem]) -> Iterator[list[DedupItem]]:
    batch: list[DedupItem] = []
    chars = 0
    for item in items:
        batch.append(item)
        chars += len(item.text)
        if len(batch) == BATCH or chars >= BATCH_CHARS:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


@dataclass(frozen=True)
class Clusters:
    """The clusters of a corpus as arrays, in input order: ids (UTF-8 bytes), each article's
    representative (an index) and its similarity to it."""

    ids: Ids
    reps: Nodes
    similarity: npt.NDArray[np.float64]

    def __len__(self) -> int:
        return len(self.reps)

    def id(self, k: int) -> str:
        return bytes(self.ids[k]).decode("utf-8")

    def membership(self, k: int) -> Membership:
        rep = int(self.reps[k])
        return Membership(self.id(k), self.id(rep), round(float(self.similarity[k]), 4), rep == k)

    def __iter__(self) -> Iterator[Membership]:
        for k in range(len(self)):
            yield self.membership(k)

    @property
    def duplicates(self) -> int:
        """Articles that are not their cluster's representative."""
        return int(np.count_nonzero(self.reps != np.arange(len(self.reps))))

    @property
    def clusters(self) -> int:
        """Clusters of two or more articles."""
        counts = np.bincount(self.reps, minlength=len(self.reps)) if len(self.reps) else np.zeros(0, np.int64)
        return int(np.count_nonzero(counts > 1))


def find_clusters(
    items: Iterable[DedupItem], params: DedupParams | None = None, folder: Path | None = None
) -> list[Membership]:
    """One Membership per item, in input order (`cluster_items` as a list)."""
    return list(cluster_items(items, params, folder))


def cluster_items(
    items: Iterable[DedupItem], params: DedupParams | None = None, folder: Path | None = None
) -> Clusters:
    """The clusters of `items`: each item not its cluster's representative has similarity ≥
    threshold to it (`kept_copies`), and no two representatives have (as far as LSH finds them).
    A repeated id is InvalidDataError. Signatures past the
    memory budget go to files in `folder` (a temporary folder when None)."""
    params = params or DedupParams()
    table = ItemTable()
    with SketchStore(params.num_perm, params.lead_perm, folder) as store:
        for batch in _batches(items):
            table.add([i.id for i in batch], [i.date for i in batch], [len(i.text) for i in batch])
            store.add(sketch_texts([item.text for item in batch], params))
        found = table.finish()
        repeated = found.repeated_id()
        if repeated is not None:
            raise InvalidDataError(f"id {repeated!r} occurs more than once")
        return cluster_sketches(store.sketches(), found, params, folder)


def sketch_texts(texts: list[str], params: DedupParams) -> Sketches:
    return sketch(
        texts,
        ngram=params.ngram,
        num_perm=params.num_perm,
        lead_chars=max(params.lead_chars, 1),
        lead_perm=params.lead_perm,
        seed=params.seed,
    )


def pair_similarity(sketches: Sketches, left: Index, right: Index, params: DedupParams) -> npt.NDArray[np.float64]:
    """The similarity of each pair: the estimated Jaccard similarity, or the estimated
    containment of the smaller in the larger where that is higher, the smaller holds at least
    `params.min_share` of the larger's shingles and (with lead signatures) their leads agree
    (LEAD_AGREEMENT)."""
    jaccard = estimated_jaccard(sketches.full, left, right)
    if params.min_share >= 1.0:
        return jaccard
    a, b = sketches.sizes[left], sketches.sizes[right]
    share = np.minimum(a, b) / np.maximum(np.maximum(a, b), 1)
    contained = np.where(share >= params.min_share, containment(jaccard, a, b), 0.0)
    if params.lead_chars:
        # containment counts for a copy cut at its end, which opens as its original does: an article
        # inside another one's middle (two articles read as one) would otherwise join their clusters
        maybe = np.flatnonzero(contained > jaccard)
        leads = estimated_jaccard(sketches.lead, left[maybe], right[maybe])
        contained[maybe[leads < LEAD_AGREEMENT]] = 0.0
    return np.maximum(jaccard, contained)


def _bandings(sketches: Sketches, params: DedupParams) -> list[tuple[Matrix, int, int]]:
    """The signatures LSH bands, with their bands and rows: the whole bodies', and the leads' where
    containment counts."""
    bands, rows = params.banding()
    out = [(sketches.full, bands, rows)]
    if params.lead_chars and params.min_share < 1.0:
        lead_bands, lead_rows = choose_bands(LEAD_CANDIDATE_THRESHOLD, params.lead_perm, margin=0.0)
        out.append((sketches.lead, lead_bands, lead_rows))
    return out


def candidates(sketches: Sketches, params: DedupParams) -> Index:
    """Pairs (i, j), i < j, proposed by LSH over the whole-body or the lead signatures."""
    found = [candidate_pairs(sigs, bands, rows) for sigs, bands, rows in _bandings(sketches, params)]
    pairs = found[0]
    if len(found) > 1 and len(found[1]):
        pairs = np.unique(np.concatenate(found), axis=0)
    return pairs


def candidate_chunks(sketches: Sketches, params: DedupParams, folder: Path | None = None) -> Iterator[Index]:
    """The pairs `candidates` proposes, band by band (a pair may come more than once); a large
    corpus' band keys are sorted in runs written to `folder` (`lsh.band_pairs`)."""
    for sigs, bands, rows in _bandings(sketches, params):
        yield from band_pairs(sigs, bands, rows, folder=folder)


def cluster_roots(sketches: Sketches, params: DedupParams, folder: Path | None = None) -> Nodes:
    """Each article's cluster as its root (the smallest node of the cluster). Candidates are
    confirmed and joined band by band, and a pair already joined through others is not looked at
    again: in a corpus of many copies the candidates of all bands at once outgrow the memory (each
    copy meets up to BUCKET_REACH - 1 others in every band), while the components stay one array
    and come out the same."""
    forest = Forest(len(sketches))
    for chunk in candidate_chunks(sketches, params, folder):
        chunk = chunk[forest.find(chunk[:, 0]) != forest.find(chunk[:, 1])]
        if not len(chunk):
            continue
        sims = pair_similarity(sketches, chunk[:, 0], chunk[:, 1], params)
        confirmed = chunk[params.confirms(sims)]
        if len(confirmed):
            forest.join(confirmed)
    return forest.roots()


def kept_copies(
    sketches: Sketches, nodes: Nodes, labels: Nodes, ranks: Nodes, params: DedupParams
) -> tuple[Nodes, int]:
    """Each node's kept copy (itself where it is kept), for the sorted article indices `nodes` in
    the clusters `labels` (`cluster_roots`), at `ranks` in the keep order (`clusters.keep_ranks`).

    A cluster's representative (its member first in the keep order) keeps the members like it; the
    members unlike it, linked to it through others (a chain: A like B, B like C, C unlike A), are
    settled among themselves in the keep order (`settle.settle_greedily`). A dropped copy is always
    like the copy kept for it. Returns the kept copies and how many members were left unsettled by
    PEEL_ROUNDS rounds (kept). The members are compared with their representatives a slice at a
    time: no array of every member but `nodes`, `labels`, `ranks` and the result."""
    kept_by = nodes.copy()
    rep = cluster_firsts(labels, ranks)
    unlike: list[Nodes] = []  # places in `nodes` of the members unlike their representative
    for start in range(0, len(nodes), SLICE_PAIRS):
        end = min(start + SLICE_PAIRS, len(nodes))
        copy = start + np.flatnonzero(rep[start:end] != np.arange(start, end))
        their_rep = rep[copy]
        like = params.confirms(
            pair_similarity(sketches, nodes[copy].astype(np.int64), nodes[their_rep].astype(np.int64), params)
        )
        kept_by[copy[like]] = nodes[their_rep[like]]
        unlike.append(copy[~like].astype(nodes.dtype))
    del rep
    rest = np.concatenate(unlike) if unlike else np.zeros(0, dtype=nodes.dtype)
    del unlike
    if not len(rest):
        return kept_by, 0
    order = np.argsort(ranks[rest]).astype(rest.dtype)  # ranks are distinct: no ties to break
    # the arrays freed above stay in glibc's heap, beside those settling holds (2.5 M members of
    # reprints: 213 MiB at the end of settling without this)
    release_free_memory()
    settled, unsettled, _ = settle_greedily(
        _bandings(sketches, params),
        nodes[rest],
        order,
        lambda left, right: params.confirms(pair_similarity(sketches, left, right, params)),
        PEEL_ROUNDS,
    )
    kept_by[rest] = settled
    return kept_by, unsettled


def similarity_to(sketches: Sketches, nodes: Index, reps: Index, params: DedupParams) -> npt.NDArray[np.float64]:
    """`pair_similarity` of each node and its representative, a slice at a time (in a corpus of
    many copies, no array of all the pairs' signatures)."""
    out = np.ones(len(nodes), dtype=np.float64)
    for start in range(0, len(nodes), SLICE_PAIRS):
        end = start + SLICE_PAIRS
        out[start:end] = pair_similarity(sketches, nodes[start:end], reps[start:end], params)
    return out


def cluster_sketches(sketches: Sketches, items: Items, params: DedupParams, folder: Path | None = None) -> Clusters:
    """Clusters from precomputed sketches (rows in the order of `items`): `cluster_roots`, each
    cluster's representative by the keep policy, and each copy's similarity to it."""
    if items.ids is None:
        raise ValueError("cluster_sketches needs the items' ids")
    n = len(items)
    roots = cluster_roots(sketches, params, folder)
    members = shared_nodes(roots)
    reps = np.arange(n, dtype=roots.dtype)
    ranks = keep_ranks(items.take(members), params.keep)
    reps[members] = kept_copies(sketches, members, roots[members], ranks, params)[0]
    del ranks
    sim_to_rep = np.ones(n, dtype=np.float64)
    copies = np.flatnonzero(reps != np.arange(n))
    sim_to_rep[copies] = similarity_to(sketches, copies, reps[copies].astype(np.int64), params)
    return Clusters(items.ids, reps, sim_to_rep)
