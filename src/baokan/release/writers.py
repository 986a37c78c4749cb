"""Shard writers: records in id order → Parquet (explicit Arrow schema, zstd) and JSONL.gz.

Records reach the writers as canonical JSON lines (orjson, keys in schema order) held in a spool
file; only an index of (id, offset, length) stays in memory, so publishing streams in memory
bounded by one shard.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from baokan.release.files import open_gzip_writer
from baokan.release.layout import DATA_DIR, JSONL_DIR, shard_name
from baokan.schema import arrow_schema, json_arrow_schema

PARQUET_COMPRESSION = "zstd"
PARQUET_COMPRESSION_LEVEL = 9
ROW_GROUP_ROWS = 10_000
# The JSONL mirror is a convenience copy: level 3 keeps it within ~15% of level 9's size at a
# fraction of the time, which matters because publishing writes it for every record.
JSONL_GZIP_LEVEL = 3


@dataclass(slots=True)
class SpoolEntry:
    id: str
    offset: int
    length: int


@dataclass
class SplitSpool:
    """Canonical JSON lines of one split in arrival order, plus their index."""

    name: str
    path: Path
    handle: BinaryIO
    entries: list[SpoolEntry] = field(default_factory=list)
    size: int = 0

    def add(self, record_id: str, line: bytes) -> None:
        self.handle.write(line)
        self.entries.append(SpoolEntry(record_id, self.size, len(line)))
        self.size += len(line)

    def sorted_entries(self) -> list[SpoolEntry]:
        return sorted(self.entries, key=lambda e: e.id)


def new_spool(name: str, folder: Path) -> SplitSpool:
    """A spool file inside the release's temporary folder (removed with it)."""
    path = folder / f"spool-{name}.jsonl"
    return SplitSpool(name, path, open(path, "w+b"))


def shard_boundaries(entries: list[SpoolEntry], max_shard_bytes: int) -> list[tuple[int, int]]:
    """[start, end) index ranges: a new shard starts when the next record would pass the limit.

    Sizes are those of the canonical JSON lines, so boundaries depend only on the records, never
    on compression or the library versions.
    """
    ranges: list[tuple[int, int]] = []
    start = 0
    acc = 0
    for i, entry in enumerate(entries):
        if i > start and acc + entry.length > max_shard_bytes:
            ranges.append((start, i))
            start, acc = i, 0
        acc += entry.length
    if start < len(entries):
        ranges.append((start, len(entries)))
    return ranges


@dataclass(frozen=True, slots=True)
class WrittenShard:
    split: str
    parquet: str
    jsonl: str
    rows: int
    arrow_bytes: int


def _read_lines(spool: SplitSpool, entries: list[SpoolEntry]) -> Iterator[bytes]:
    spool.handle.flush()
    with open(spool.path, "rb") as reader:
        for entry in entries:
            reader.seek(entry.offset)
            yield reader.read(entry.length)


def write_split(
    spool: SplitSpool,
    release: Path,
    max_shard_bytes: int,
    on_rows: Callable[[int], None] | None = None,
) -> list[WrittenShard]:
    """Write one split's shards into the release folder; returns them in order."""
    entries = spool.sorted_entries()
    ranges = shard_boundaries(entries, max_shard_bytes)
    schema = arrow_schema(with_hf_metadata=True)
    (release / DATA_DIR).mkdir(exist_ok=True)
    (release / JSONL_DIR).mkdir(exist_ok=True)
    shards = []
    for index, (start, end) in enumerate(ranges):
        lines = list(_read_lines(spool, entries[start:end]))
        parquet_rel = f"{DATA_DIR}/{shard_name(spool.name, index, len(ranges), '.parquet')}"
        jsonl_rel = f"{JSONL_DIR}/{shard_name(spool.name, index, len(ranges), '.jsonl.gz')}"
        with open_gzip_writer(release / jsonl_rel, JSONL_GZIP_LEVEL) as gz:
            for line in lines:
                gz.write(line)
        # Built in the JSON form, then cast: ISO date strings become date32 values.
        table = pa.Table.from_pylist([orjson.loads(line) for line in lines], schema=json_arrow_schema())
        table = table.cast(schema)
        pq.write_table(
            table,
            release / parquet_rel,
            compression=PARQUET_COMPRESSION,
            compression_level=PARQUET_COMPRESSION_LEVEL,
            row_group_size=ROW_GROUP_ROWS,
        )
        shards.append(WrittenShard(spool.name, parquet_rel, jsonl_rel, len(lines), table.nbytes))
        if on_rows is not None:
            on_rows(len(lines))
    return shards


def count_jsonl_gz_rows(path: Path) -> int:
    rows = 0
    with gzip.open(path, "rb") as handle:
        for _ in handle:
            rows += 1
    return rows
