"""The duplicate stage of `build`: the work folder's articles → which are dropped (listed, with
the kept copy and the dropped copy's provenance, in duplicates.jsonl) and which split aliases keep
every cluster of near duplicates in one split.

- `near`: near-duplicate clusters (`find_clusters`); each copy is dropped for a kept copy it is
  like (`kept_copies`: a cluster's representative keeps the members like it, and the members of a
  chain unlike it are settled greedily in the keep order, a chunk at a time: `settle`).
- `exact`: copies whose normalized text is the same are dropped (the keep policy picks the copy
  kept); near-duplicate clusters are still found, and the members that stay are placed in their
  cluster representative's split.
- `off`: nothing dropped, splits by id.

Passes over the articles file: one to sketch (texts are not held; signatures past the memory
budget go to files beside it, in the build's work folder), and then only the lines needed: the
ids that break the keep policy's ties and those of the kept copies, and the provenance of the
dropped copies.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import numpy as np
import numpy.typing as npt
import orjson

from baokan.dedup import (
    BATCH,
    BATCH_CHARS,
    PEEL_ROUNDS,
    DedupParams,
    SketchStore,
    cluster_roots,
    kept_copies,
    similarity_to,
    sketch_texts,
)
from baokan.dedup.clusters import (
    IdRanker,
    Ids,
    Index,
    Items,
    ItemTable,
    Nodes,
    cluster_firsts,
    id_ranks,
    keep_ranks,
    node_dtype,
    shared_nodes,
)
from baokan.dedup.lsh import SLICE_PAIRS
from baokan.dedup.minhash import Sketches
from baokan.dedup.shingles import normalize_codes
from baokan.errors import InputError, UsageError
from baokan.heap import release_free_memory
from baokan.outputs import atomic_output
from baokan.parallel import each_result, mp_context, worker_init
from baokan.recordio import jsonl_ranges
from baokan.release.spool import SortedSpool

MODES = ("near", "exact", "off")


@dataclass
class DedupOutcome:
    mode: str
    method: str  # for the card
    dropped: int = 0
    clusters: int = 0  # clusters of two or more articles
    unsettled: int = 0  # members of chained clusters kept because they were not settled (`kept_copies`)
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


# The articles file is sketched in pieces of about this many bytes when workers > 1 (its lines
# read and sketched in the workers; only the signatures come back, in file order)
PIECE_BYTES = 16 * 1024 * 1024


@dataclass
class _Sketched:
    """A batch of articles' sketches with what the keep policy and exact mode need of them."""

    sketches: Sketches
    dates: list[str | None]
    lengths: list[int]
    keys: list[bytes]  # exact keys, in exact mode


def _sketch(
    articles: Path, params: DedupParams, store: SketchStore, exact: bool, workers: int = 1
) -> tuple[Items, npt.NDArray[np.bytes_] | None]:
    """Add the articles' sketches to `store`, in file order; return their dates and lengths (no
    ids: those are read again for the few articles that need them, `_ids_at`) and in exact mode
    each body's exact key. With `workers` > 1 a big file is sketched in pieces in that many
    processes."""
    table = ItemTable()
    key_parts: list[npt.NDArray[np.bytes_]] = []
    for batch in _sketched_batches(articles, params, exact, workers):
        table.add(None, batch.dates, batch.lengths)
        store.add(batch.sketches)
        if exact:
            key_parts.append(np.array(batch.keys, dtype="S16"))
    exact_keys = (np.concatenate(key_parts) if key_parts else np.zeros(0, "S16")) if exact else None
    return table.finish(), exact_keys


def _sketched_batches(articles: Path, params: DedupParams, exact: bool, workers: int) -> Iterator[_Sketched]:
    size = articles.stat().st_size
    ranges = jsonl_ranges(str(articles), -(-size // PIECE_BYTES)) if workers > 1 else [(0, size)]
    if len(ranges) == 1:
        yield from _sketch_range(articles, 0, size, params, exact)
        return
    tasks = [(articles, start, end, params, exact) for start, end in ranges]
    with mp_context().Pool(min(workers, len(tasks)), initializer=worker_init) as pool:
        for batches in each_result(pool.imap(_sketch_piece, tasks)):
            yield from batches


def _sketch_piece(task: tuple[Path, int, int, DedupParams, bool]) -> list[_Sketched]:
    return list(_sketch_range(*task))


def _sketch_range(articles: Path, start: int, end: int, params: DedupParams, exact: bool) -> Iterator[_Sketched]:
    """The sketches of the lines in bytes `[start, end)` of `articles` (at line ends), a batch at a time."""
    texts: list[str] = []
    dates: list[str | None] = []
    keys: list[bytes] = []
    chars = 0
    with open(articles, "rb") as handle:
        handle.seek(start)
        at = start
        for number, line in enumerate(handle, start=1):
            if at >= end:
                break
            at += len(line)
            try:
                record = orjson.loads(line)
                text = record["text"]
                if not isinstance(text, str) or not isinstance(record["id"], str):
                    raise TypeError("id and text must be strings")
                dates.append((record.get("source") or {}).get("date"))
            except (orjson.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
                line_number = _lines_before(articles, start) + number
                raise InputError(str(articles), f"not an article record: {exc}", line_number) from None
            texts.append(text)
            if exact:
                keys.append(_exact_key(text))
            chars += len(text)
            if len(texts) == BATCH or chars >= BATCH_CHARS:
                yield _Sketched(sketch_texts(texts, params), dates, [len(t) for t in texts], keys)
                texts, dates, keys, chars = [], [], [], 0
    if texts:
        yield _Sketched(sketch_texts(texts, params), dates, [len(t) for t in texts], keys)


def _lines_before(path: Path, offset: int) -> int:
    """How many lines of `path` end before byte `offset` (a worker's piece names a bad line by
    its number in the whole file)."""
    count = 0
    with open(path, "rb") as handle:
        while offset > 0:
            block = handle.read(min(offset, 1 << 20))
            if not block:
                break
            count += block.count(b"\n")
            offset -= len(block)
    return count


def _wanted(indices: Nodes) -> Iterator[int]:
    """The indices as Python ints, a slice at a time (a list of them all costs 36 bytes each)."""
    for start in range(0, len(indices), BATCH):
        yield from indices[start : start + BATCH].tolist()


def _lines_at(handle: BinaryIO, indices: Nodes) -> Iterator[tuple[int, bytes]]:
    """The lines of `handle` at the sorted line `indices`, with their indices."""
    wanted = _wanted(indices)
    next_wanted = next(wanted, -1)
    if next_wanted < 0:
        return
    for k, line in enumerate(handle):
        if k == next_wanted:
            yield k, line
            next_wanted = next(wanted, -1)
            if next_wanted < 0:
                return


_ID_OPENING = b'{"id":"'


# Ids ranked in memory up to this many; more are sorted through run files in the work folder,
# their spool buffering up to ID_RUN_BYTES (a corpus of reprints may tie millions on date and length)
IDS_IN_MEMORY = 1 << 16
ID_RUN_BYTES = 16 * 1024 * 1024


def _id_of(line: bytes) -> bytes:
    """The id (UTF-8) of a work file's record line: they open with it, and it is taken as it
    stands unless it holds an escape."""
    end = line.find(b'"', len(_ID_OPENING))
    raw = line[len(_ID_OPENING) : end]
    if line.startswith(_ID_OPENING) and end > 0 and b"\\" not in raw:
        return raw
    return str(orjson.loads(line)["id"]).encode("utf-8")


def _ids_at(articles: Path, indices: Index) -> Ids:
    """The ids (UTF-8 bytes) of the articles at the sorted line `indices`, read again from the file."""
    parts: list[Ids] = []
    chunk: list[bytes] = []  # a Python bytes object costs some 50 bytes more than its id: few at once
    with open(articles, "rb") as handle:
        for _, line in _lines_at(handle, indices):
            chunk.append(_id_of(line))
            if len(chunk) == BATCH:
                parts.append(np.array(chunk, dtype=np.bytes_))
                chunk.clear()
    if chunk:
        parts.append(np.array(chunk, dtype=np.bytes_))
    if not parts:
        return np.zeros(0, dtype="S1")
    width = max(p.dtype.itemsize for p in parts)
    return np.concatenate([p.astype(f"S{width}") for p in parts])


def _id_ranks_at(articles: Path, indices: Nodes) -> Nodes:
    """Each of the articles at the sorted line `indices`, its id's place among theirs, from one
    pass over the file: past IDS_IN_MEMORY ids, an external sort (runs in the work folder), so
    memory holds 4 bytes an article and not its id."""
    n = len(indices)
    if n <= IDS_IN_MEMORY:
        return id_ranks(_ids_at(articles, indices))
    spool = SortedSpool(articles.parent, "id-ranks", run_bytes=ID_RUN_BYTES)
    with open(articles, "rb") as handle:
        for place, (_, line) in enumerate(_lines_at(handle, indices)):
            spool.add(_id_of(line).decode("utf-8"), place, 0, 0, b"")
    # read to the end (no `count`): the spool removes its run files once its merge is exhausted
    in_id_order = np.fromiter((record.seq for record in spool.sorted()), dtype=node_dtype(n))
    ranks = np.empty(n, dtype=node_dtype(n))
    ranks[in_id_order] = np.arange(n, dtype=ranks.dtype)
    return ranks


def _id_ranker(articles: Path, members: Nodes) -> IdRanker:
    """`keep_ranks`' ranker of the ids of `members` at some of their positions."""
    return lambda positions: _id_ranks_at(articles, members[positions])


class _IdsOf:
    """Ids of some articles by line index, read from the file in one pass."""

    def __init__(self, articles: Path, indices: Index) -> None:
        self.indices = np.unique(indices)
        self.ids = _ids_at(articles, self.indices)

    def __getitem__(self, k: int) -> str:
        return bytes(self.ids[np.searchsorted(self.indices, k)]).decode("utf-8")


def find_duplicates(articles: Path, out: Path, mode: str, params: DedupParams, workers: int = 1) -> DedupOutcome:
    """Write duplicates.jsonl for the work folder's `articles` (one JSON record a line) to `out`
    when any are dropped: `{"id", "kept", "similarity", "publication", "date", "page", "file"}`
    lines sorted by id. Returns what was dropped and the split aliases. A big file is sketched in
    `workers` processes (the process calling this must be able to start them: not a daemonic
    pool worker).

    Held per article: its date and length, its sketch's size and its cluster (4 bytes each); while
    clusters are found, one run of a band's keys (`lsh.RUN_ROWS` articles; a larger corpus' runs
    wait in files in the work folder); while rows are written, each dropped copy's line and its
    kept copy's (4 bytes each). Ids are read back from the file for the few that need them
    (members of a cluster tied on the keep policy's other keys, ranked by an external sort when
    many tie; kept copies), so memory does not grow by an id an article."""
    if mode not in MODES:
        raise UsageError(f"dedup mode must be one of {', '.join(MODES)}, not {mode!r}")
    outcome = DedupOutcome(mode, describe(mode, params))
    if mode == "off":
        return outcome

    with SketchStore(params.num_perm, params.lead_perm, articles.parent) as store:
        items, keys = _sketch(articles, params, store, mode == "exact", workers)
        sketches = store.sketches()
        roots = cluster_roots(sketches, params, articles.parent)
        # clustering's transient arrays, freed, stay in glibc's heap; the arrays of every member
        # made next would come on top of them (2.5 M articles: 219 MiB peak, 171 after clustering)
        release_free_memory()
        members = shared_nodes(roots)
        groups = None
        if keys is not None:
            groups = np.unique(keys, return_inverse=True)[1].reshape(-1).astype(roots.dtype)
            del keys
            members = np.union1d(members, shared_nodes(groups))
        labels = roots[members]
        del roots
        chosen = items.take(members)
        del items
        # one keep order of the members serves every cluster; the ids that break its ties are read
        # back from the file (`_id_ranker`)
        ranks = keep_ranks(chosen, params.keep, _id_ranker(articles, members))
        del chosen
        release_free_memory()  # the keep order's sorts, freed, under the members' comparisons
        if groups is None:  # near: each copy dropped for a kept copy it is like
            kept_by, outcome.unsettled = kept_copies(sketches, members, labels, ranks, params)
            outcome.clusters = len(np.unique(kept_by[kept_by != members]))
            if outcome.unsettled:
                outcome.method += (
                    f"; {outcome.unsettled} articles of chained clusters kept, not settled in {PEEL_ROUNDS} rounds"
                )
        else:  # exact: groups of the same key; near copies stay, placed by their cluster's representative
            # (representatives among the members: positions in `members`, mapped back to lines)
            outcome.clusters = len(np.unique(labels))
            near_rep = members[cluster_firsts(labels, ranks)]
            kept_by = members[cluster_firsts(groups[members], ranks)]
            placed = (kept_by == members) & (near_rep != members)
            named = _IdsOf(articles, np.concatenate([members[placed], near_rep[placed]]))
            outcome.aliases = {
                named[int(k)]: named[int(r)] for k, r in zip(members[placed], near_rep[placed], strict=True)
            }
            del near_rep
        exact = groups is not None
        del labels, ranks, groups
        dropped = kept_by != members
        copies, kept = members[dropped], kept_by[dropped]
        del members, kept_by, dropped
        outcome.dropped = len(copies)

        def similarity(start: int, end: int) -> npt.NDArray[np.float64]:
            if exact:  # exact copies
                return np.ones(len(copies[start:end]), dtype=np.float64)
            return similarity_to(sketches, copies[start:end].astype(np.int64), kept[start:end].astype(np.int64), params)

        if outcome.dropped:
            _write_rows(articles, out, copies, kept, similarity)
    return outcome


def _write_rows(
    articles: Path,
    out: Path,
    dropped: Nodes,
    kept_by: Nodes,
    similarity: Callable[[int, int], npt.NDArray[np.float64]],
) -> None:
    """duplicates.jsonl in id order, through an external sort: a corpus of reprints may drop most
    of its articles, and their rows are not held in memory. `dropped` are sorted line indices,
    `kept_by` their kept copies' line indices; `similarity(start, end)` gives the similarities of
    `dropped[start:end]` to their kept copies, asked for a slice at a time."""
    kept_ids = _IdsOf(articles, kept_by)
    similarities = np.zeros(0, dtype=np.float64)
    spool = SortedSpool(articles.parent, "duplicates")  # its runs go where the work files are
    with open(articles, "rb") as handle:
        for n, (k, line) in enumerate(_lines_at(handle, dropped)):
            if n % SLICE_PAIRS == 0:
                similarities = similarity(n, n + SLICE_PAIRS)
            record = orjson.loads(line)
            source = record.get("source") or {}
            row = {
                "id": record["id"],
                "kept": kept_ids[int(kept_by[n])],
                "similarity": round(float(similarities[n % SLICE_PAIRS]), 4),
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
