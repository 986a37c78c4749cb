"""External sort of canonical record lines by a key, in memory bounded by one run.

Records are buffered per split; a full buffer is sorted and written to a run file; at the end
the runs are merged. Memory is bounded by `run_bytes`, or by a `RunBudget` that several spools
share, whatever the corpus size, and the merged order (key, then arrival) does not depend on how
the input was cut into runs.

A release split is spooled twice (`SplitSpool`): its records in row order (`row_order_key`), and
their ids alone, sorted by id, where repeated ids meet.
"""

from __future__ import annotations

import heapq
import os
import struct
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from baokan.heap import return_free_pages

RUN_BYTES = int(os.environ.get("BAOKAN_SORT_RUN_BYTES", str(32 * 1024 * 1024)))
_HEADER = struct.Struct("<HQIQI")  # key length, arrival seq, input index, line number, line length
_READ_BUFFER = 1 << 20
_MERGE_BUFFER_BUDGET = 8 * 1024 * 1024
# Runs read at once by a merge, each with a buffer of _MERGE_BUFFER_BUDGET / MERGE_FAN_IN (128 KiB).
# A spool of more runs first merges groups of them into longer runs on disk: its merge then holds
# the same buffers and open files at 16x the corpus as at 1x (at 16x the benchmark corpus, some 300
# runs of 64 KiB buffers each had added ~20 MiB), and a corpus of thousands of runs stays within
# the open-file limit. A record is rewritten at most once for up to MERGE_FAN_IN * (MERGE_FAN_IN - 1)
# runs (4,032 of 32 MiB: 126 GiB).
MERGE_FAN_IN = 64
# What a buffered record costs beyond its key's and line's characters: its tuple (80 bytes), the
# key's and the line's object headers (49 + 33), three ints (3 x 28) and its slot in the list
# (8). Counted at 64, an id spool (keys of 22 characters, no line) held some three times its
# budget: 100 MiB for 32.
_ENTRY_BYTES = 256


class SpooledRecord(NamedTuple):
    """A tuple: runs yield these and the merge orders them as they are (by key, then arrival)."""

    key: str  # what the spool sorts by: a record's id, or its `row_order_key`
    seq: int
    input_index: int
    line_no: int
    line: bytes


class RunBudget:
    """The bytes that a group of spools may buffer together. Once they pass `limit`, the spool
    holding the most writes its run: a process spooling several splits (rows and ids of each)
    holds one budget, not one a spool, and every run is at least `limit` / (spools) bytes."""

    def __init__(self, limit: int | None = None) -> None:
        self.limit = RUN_BYTES if limit is None else limit
        self.buffered = 0
        self._spools: list[SortedSpool] = []

    def join(self, spool: SortedSpool) -> None:
        self._spools.append(spool)

    def spend(self, size: int) -> None:
        self.buffered += size
        if self.buffered >= self.limit:
            max(self._spools, key=lambda spool: spool.buffered).flush()
            # the run's lines, freed, stay in glibc's heap in holes between the next run's: a publish
            # worker on a 320 MB piece grew by some 10 MiB more than one on a 40 MB piece without this
            return_free_pages()


class SortedSpool:
    """Collects (key, line) records of one split and gives them back sorted by (key, arrival).
    It buffers up to `run_bytes`, or shares `budget` with other spools."""

    def __init__(self, folder: Path, name: str, run_bytes: int | None = None, budget: RunBudget | None = None) -> None:
        self.folder = folder
        self.name = name
        self.budget = RunBudget(run_bytes) if budget is None else budget
        self.budget.join(self)
        self.count = 0
        self._buffer: list[tuple[str, int, int, int, bytes]] = []
        self.buffered = 0
        self._runs: list[Path] = []
        self._written = 0  # run files this spool has written (their names' numbers)

    def add(self, key: str, seq: int, input_index: int, line_no: int, line: bytes) -> None:
        self._buffer.append((key, seq, input_index, line_no, line))
        size = len(line) + len(key) + _ENTRY_BYTES
        self.buffered += size
        self.count += 1
        self.budget.spend(size)

    def flush(self) -> None:
        """Write what is buffered as a sorted run."""
        if not self._buffer:
            return
        self._buffer.sort()
        self._runs.append(self._write_run(self._buffer))
        self._drop_buffer()

    def _write_run(self, records: Iterable[tuple[str, int, int, int, bytes]]) -> Path:
        """Write records (sorted) as the spool's next run file."""
        path = self.folder / f"run-{self.name}-{self._written:05d}"
        self._written += 1
        pack = _HEADER.pack
        # written as it is packed: a list of the packed parts beside the buffer doubled the run's
        # memory while it was written
        with open(path, "wb", buffering=_READ_BUFFER) as out:
            write = out.write
            for key, seq, input_index, line_no, line in records:
                raw_key = key.encode("utf-8")
                write(pack(len(raw_key), seq, input_index, line_no, len(line)) + raw_key)
                write(line)
        return path

    def _drop_buffer(self) -> None:
        self._buffer = []
        self.budget.buffered -= self.buffered
        self.buffered = 0

    def close_runs(self) -> list[Path]:
        """Write what is buffered as a last run and hand the runs over (to another process's
        spool, via `adopt`)."""
        self.flush()
        runs, self._runs = self._runs, []
        return runs

    def adopt(self, runs: list[Path]) -> None:
        """Take over sorted runs written by another spool (a worker's): they join the merge."""
        self._runs.extend(runs)

    def sorted(self) -> Iterator[SpooledRecord]:
        """All records, sorted by key then arrival. Call once, after the last `add`."""
        self._buffer.sort()
        self._merge_runs_down(MERGE_FAN_IN - 1)  # the buffered records are the last stream
        tail = map(SpooledRecord._make, self._buffer)
        yield from heapq.merge(*_readers(self._runs), tail)
        self._drop_buffer()
        for path in self._runs:
            path.unlink(missing_ok=True)
        self._runs = []

    def _merge_runs_down(self, most: int) -> None:
        """Merge runs on disk until at most `most` are left. Each group takes the oldest runs and
        is just big enough to leave `most`: a record is rewritten as few times as can be. The
        records are compared whole, so the final order does not depend on the grouping."""
        while len(self._runs) > most:
            group = self._runs[: min(MERGE_FAN_IN, len(self._runs) - most + 1)]
            merged = self._write_run(heapq.merge(*_readers(group)))
            for path in group:
                path.unlink()
            self._runs = [*self._runs[len(group) :], merged]


def _readers(runs: list[Path]) -> list[Iterator[SpooledRecord]]:
    """Readers of runs merged at once (at most MERGE_FAN_IN): their buffers share a fixed budget."""
    buffering = _MERGE_BUFFER_BUDGET // MERGE_FAN_IN
    return [_read_run(path, buffering) for path in runs]


def _read_run(path: Path, buffering: int) -> Iterator[SpooledRecord]:
    with open(path, "rb", buffering=buffering) as handle:
        read = handle.read
        size = _HEADER.size
        while header := read(size):
            key_len, seq, input_index, line_no, line_len = _HEADER.unpack(header)
            key = read(key_len).decode("utf-8")
            yield SpooledRecord(key, seq, input_index, line_no, read(line_len))


def unique_ids(
    records: Iterator[SpooledRecord], on_duplicate: Callable[[SpooledRecord, SpooledRecord], None]
) -> Iterator[SpooledRecord]:
    """Records sorted by id (their key), each id once: the first to arrive is kept; for each
    later one `on_duplicate(record, first)` is called instead."""
    first: SpooledRecord | None = None
    for record in records:
        if first is not None and record.key == first.key:
            on_duplicate(record, first)
            continue
        first = record
        yield record


def row_order_key(record: Mapping[str, Any]) -> str:
    """Where a record goes in its split: by publication, date, page, then id. Row groups then
    cover narrow date ranges, so a date (or publication) filter in DuckDB, Polars or pyarrow
    skips most of them; the key depends on the record alone, so the order is reproducible.
    Numbered pages come in number order, before pages known only by a label."""
    source = record["source"]
    number = source.get("page_number")
    page = f"{number:010d}" if number is not None else f"~{source.get('page') or ''}"
    return f"{source.get('publication') or ''}\0{source.get('date') or ''}\0{page}\0{record['id']}"


class SplitSpool:
    """A split's two spools: its records in row order, and their ids (with no line) in id order,
    which is where repeated ids meet without holding every id in memory. The splits of one
    process share one `budget` (by default the two spools share one of RUN_BYTES)."""

    def __init__(self, folder: Path, name: str, budget: RunBudget | None = None) -> None:
        budget = RunBudget() if budget is None else budget
        self.rows = SortedSpool(folder, name, budget=budget)
        self.ids = SortedSpool(folder, f"{name}-ids", budget=budget)

    @property
    def count(self) -> int:
        return self.rows.count

    def add(self, record: Mapping[str, Any], seq: int, input_index: int, line_no: int, line: bytes) -> None:
        self.rows.add(row_order_key(record), seq, input_index, line_no, line)
        self.ids.add(record["id"], seq, input_index, line_no, b"")

    def close_runs(self) -> tuple[list[Path], list[Path]]:
        """The runs of both spools, to hand over to another process's `SplitSpool.adopt`."""
        return self.rows.close_runs(), self.ids.close_runs()

    def adopt(self, runs: tuple[list[Path], list[Path]]) -> None:
        self.rows.adopt(runs[0])
        self.ids.adopt(runs[1])
