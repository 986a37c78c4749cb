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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt
import orjson

from baokan.dedup import BATCH, BATCH_CHARS, DedupParams, SketchStore, cluster_sketches, sketch_texts
from baokan.dedup.clusters import Items, ItemTable, node_dtype, representatives
from baokan.dedup.shingles import normalize_codes
from baokan.errors import InputError, UsageError
from baokan.outputs import atomic_output
from baokan.release.spool import SortedSpool

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


def _read(
    articles: Path, params: DedupParams, store: SketchStore, exact: bool
) -> tuple[Items, npt.NDArray[np.bytes_] | None]:
    """The articles' ids, dates and lengths, their sketches added to `store`, and in exact mode
    each body's exact key."""
    table = ItemTable()
    keys: list[bytes] = []
    key_parts: list[npt.NDArray[np.bytes_]] = []
    ids: list[str] = []
    dates: list[str | None] = []
    batch: list[str] = []
    chars = 0

    def flush() -> None:
        table.add(ids, dates, [len(t) for t in batch])
        store.add(sketch_texts(batch, params))
        if exact:
            key_parts.append(np.array(keys, dtype="S16"))
        for held in (ids, dates, batch, keys):
            held.clear()

    with open(articles, "rb") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                record = orjson.loads(line)
                record_id, text = record["id"], record["text"]
                date = (record.get("source") or {}).get("date")
            except (orjson.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
                raise InputError(str(articles), f"not an article record: {exc}", number) from None
            ids.append(record_id)
            dates.append(date)
            batch.append(text)
            if exact:
                keys.append(_exact_key(text))
            chars += len(text)
            if len(batch) == BATCH or chars >= BATCH_CHARS:
                flush()
                chars = 0
    if batch:
        flush()
    exact_keys = (np.concatenate(key_parts) if key_parts else np.zeros(0, "S16")) if exact else None
    return table.finish(), exact_keys


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
        items, keys = _read(articles, params, store, exact=mode == "exact")
        near = cluster_sketches(store.sketches(), items, params)
    outcome.clusters = near.clusters
    nodes = np.arange(len(items), dtype=node_dtype(len(items)))
    if keys is None:
        kept_by, similarity = near.reps, near.similarity
    else:  # exact: groups of the same key; near copies stay, placed by their cluster's representative
        _, groups = np.unique(keys, return_inverse=True)
        kept_by = representatives(groups.astype(np.int64).reshape(-1), items, params.keep)
        similarity = np.ones(len(items), dtype=np.float64)
        placed = np.flatnonzero((kept_by == nodes) & (near.reps != nodes))
        outcome.aliases = {near.id(int(k)): near.id(int(near.reps[k])) for k in placed}
    is_dropped = kept_by != nodes
    outcome.dropped = int(np.count_nonzero(is_dropped))
    if outcome.dropped:
        _write_rows(articles, out, lambda k: near.id(int(kept_by[k])), is_dropped, similarity)
    return outcome


def _write_rows(
    articles: Path,
    out: Path,
    kept_id: Callable[[int], str],
    is_dropped: npt.NDArray[np.bool_],
    similarity: npt.NDArray[np.float64],
) -> None:
    """duplicates.jsonl in id order, through an external sort: a corpus of reprints may drop most
    of its articles, and their rows are not held in memory."""
    spool = SortedSpool(articles.parent, "duplicates")  # its runs go where the work files are
    with open(articles, "rb") as handle:
        for k, line in enumerate(handle):
            if not is_dropped[k]:
                continue
            record = orjson.loads(line)
            source = record.get("source") or {}
            row = {
                "id": record["id"],
                "kept": kept_id(k),
                "similarity": round(float(similarity[k]), 4),
                "publication": source.get("publication"),
                "date": source.get("date"),
                "page": source.get("page"),
                "file": source.get("file"),
            }
            # a copy of its own size: orjson's result keeps its output buffer's capacity (some 4 KiB
            # for a row of 200 bytes), which the spool's accounting does not see
            spool.add(record["id"], k, 0, 0, memoryview(orjson.dumps(row)).tobytes())
    with atomic_output(out) as handle:
        for spooled in spool.sorted():
            handle.write(spooled.line + b"\n")
