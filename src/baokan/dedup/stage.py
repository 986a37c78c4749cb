"""The duplicate stage of `build`: the work folder's articles → which are dropped (listed, with
the kept copy and the dropped copy's provenance, in duplicates.jsonl) and which split aliases keep
every cluster of near duplicates in one split.

- `near`: near-duplicate clusters (`find_clusters`); every member but the representative is dropped.
- `exact`: copies whose normalized text is the same are dropped (the keep policy picks the copy
  kept); near-duplicate clusters are still found, and the members that stay are placed in their
  cluster representative's split.
- `off`: nothing dropped, splits by id.

Two passes over the articles file: one to sketch (texts are not held; signatures past the
memory budget go to files beside it, in the build's work folder), one to read the provenance of
the dropped copies.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from baokan.dedup import BATCH, DedupParams, Membership, SketchStore, cluster_sketches, sketch_texts
from baokan.dedup.clusters import components, representatives
from baokan.dedup.shingles import normalize_codes
from baokan.errors import InputError, UsageError
from baokan.outputs import atomic_output

MODES = ("near", "exact", "off")


@dataclass
class DedupOutcome:
    mode: str
    method: str  # for the card
    dropped: int = 0
    clusters: int = 0  # clusters of two or more articles
    aliases: dict[str, str] = field(default_factory=dict)  # published id → the id that places it in a split


def describe(mode: str, params: DedupParams) -> str:
    if mode == "near":
        return f"near duplicates dropped, keeping the {params.keep} copy; {params.describe()}"
    if mode == "exact":
        return (
            f"copies with the same normalized text dropped, keeping the {params.keep} copy; near duplicates "
            f"kept but put in their cluster's split ({params.describe()})"
        )
    return "none (every article kept; splits by id)"


def _exact_key(text: str) -> bytes:
    return hashlib.sha256(normalize_codes(text).tobytes()).digest()[:16]


@dataclass
class _Read:
    ids: list[str] = field(default_factory=list)
    dates: list[str | None] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)
    keys: list[bytes] = field(default_factory=list)  # exact mode only


def _read(articles: Path, params: DedupParams, store: SketchStore, exact: bool) -> _Read:
    read = _Read()
    batch: list[str] = []
    with open(articles, "rb") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                record = orjson.loads(line)
                record_id, text = record["id"], record["text"]
                date = (record.get("source") or {}).get("date")
            except (orjson.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
                raise InputError(str(articles), f"not an article record: {exc}", number) from None
            read.ids.append(record_id)
            read.dates.append(None if date is None else sys.intern(date))
            read.lengths.append(len(text))
            if exact:
                read.keys.append(_exact_key(text))
            batch.append(text)
            if len(batch) == BATCH:
                store.add(sketch_texts(batch, params))
                batch = []
    if batch:
        store.add(sketch_texts(batch, params))
    return read


def _exact_memberships(read: _Read, keep: str) -> list[Membership]:
    first: dict[bytes, int] = {}
    pairs = []
    for k, key in enumerate(read.keys):
        seen = first.setdefault(key, k)
        if seen != k:
            pairs.append((seen, k))
    roots = components(len(read.ids), np.array(pairs, dtype=np.int64).reshape(-1, 2))
    reps = representatives(roots, read.ids, read.dates, read.lengths, keep).tolist()
    return [Membership(read.ids[k], read.ids[rep], 1.0, rep == k) for k, rep in enumerate(reps)]


def find_duplicates(articles: Path, out: Path, mode: str, params: DedupParams) -> DedupOutcome:
    """Write duplicates.jsonl for the work folder's `articles` (one JSON record a line) to `out`
    when any are dropped: `{"id", "kept", "similarity", "publication", "date", "page", "file"}`
    lines sorted by id. Returns what was dropped and the split aliases."""
    if mode not in MODES:
        raise UsageError(f"dedup mode must be one of {', '.join(MODES)}, not {mode!r}")
    outcome = DedupOutcome(mode, describe(mode, params))
    if mode == "off":
        return outcome
    with SketchStore(params.num_perm, params.lead_perm, articles.parent) as store:
        read = _read(articles, params, store, exact=mode == "exact")
        near = cluster_sketches(store.sketches(), read.ids, read.dates, read.lengths, params)
    sizes: dict[str, int] = {}
    for m in near:
        sizes[m.cluster] = sizes.get(m.cluster, 0) + 1
    outcome.clusters = sum(1 for n in sizes.values() if n > 1)
    dropped_by = near if mode == "near" else _exact_memberships(read, params.keep)
    dropped = {k: m for k, m in enumerate(dropped_by) if not m.kept}
    if mode == "exact":
        outcome.aliases = {m.id: m.cluster for k, m in enumerate(near) if k not in dropped and m.cluster != m.id}
    outcome.dropped = len(dropped)
    if dropped:
        _write_rows(articles, out, dropped)
    return outcome


def _write_rows(articles: Path, out: Path, dropped: dict[int, Membership]) -> None:
    rows: list[tuple[str, dict[str, Any]]] = []
    with open(articles, "rb") as handle:
        for k, line in enumerate(handle):
            m = dropped.get(k)
            if m is None:
                continue
            source = orjson.loads(line).get("source") or {}
            rows.append(
                (
                    m.id,
                    {
                        "id": m.id,
                        "kept": m.cluster,
                        "similarity": m.similarity,
                        "publication": source.get("publication"),
                        "date": source.get("date"),
                        "page": source.get("page"),
                        "file": source.get("file"),
                    },
                )
            )
    rows.sort(key=lambda row: row[0])
    with atomic_output(out) as handle:
        for _, row in rows:
            handle.write(orjson.dumps(row) + b"\n")
