"""Shard writers: records in id order → Parquet (explicit Arrow schema, zstd) and JSONL.gz.

Records reach the writers as canonical JSON lines (orjson, keys in schema order), sorted by id
by an external sort (`spool.py`), so publishing holds at most one shard and one sort run in memory.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterator
import os
from dataclasses import dataclass
from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from baokan.release.files import open_gzip_writer
from baokan.release.layout import DATA_DIR, JSONL_DIR, shard_name
from baokan.release.spool import SpooledRecord
from baokan.schema import arrow_schema, json_arrow_schema

PARQUET_COMPRESSION = "zstd"
PARQUET_COMPRESSION_LEVEL = 9
ROW_GROUP_ROWS = 10_000
# The JSONL mirror is a convenience copy: level 3 keeps it within ~15% of level 9's size at a
# fraction of the time, which matters because publishing writes it for every record.
JSONL_GZIP_LEVEL = 3


@dataclass(frozen=True, slots=True)
class WrittenShard:
    split: str
    parquet: str
    jsonl: str
    rows: int
    arrow_bytes: int


def _write_shard(release: Path, split: str, index: int, lines: list[bytes]) -> WrittenShard:
    """One shard under a temporary name (`…-NNNNN.partial…`): the count is known at the end."""
    parquet_rel = f"{DATA_DIR}/{split}-{index:05d}.partial.parquet"
    jsonl_rel = f"{JSONL_DIR}/{split}-{index:05d}.partial.jsonl.gz"
    with open_gzip_writer(release / jsonl_rel, JSONL_GZIP_LEVEL) as gz:
        for line in lines:
            gz.write(line)
    # Built in the JSON form, then cast: ISO date strings become date32 values.
    table = pa.Table.from_pylist([orjson.loads(line) for line in lines], schema=json_arrow_schema())
    table = table.cast(arrow_schema(with_hf_metadata=True))
    pq.write_table(
        table,
        release / parquet_rel,
        compression=PARQUET_COMPRESSION,
        compression_level=PARQUET_COMPRESSION_LEVEL,
        row_group_size=ROW_GROUP_ROWS,
    )
    return WrittenShard(split, parquet_rel, jsonl_rel, len(lines), table.nbytes)


def _final_names(release: Path, shards: list[WrittenShard]) -> list[WrittenShard]:
    count = len(shards)
    named = []
    for index, shard in enumerate(shards):
        parquet_rel = f"{DATA_DIR}/{shard_name(shard.split, index, count, '.parquet')}"
        jsonl_rel = f"{JSONL_DIR}/{shard_name(shard.split, index, count, '.jsonl.gz')}"
        os.replace(release / shard.parquet, release / parquet_rel)
        os.replace(release / shard.jsonl, release / jsonl_rel)
        named.append(WrittenShard(shard.split, parquet_rel, jsonl_rel, shard.rows, shard.arrow_bytes))
    return named


def write_split(
    split: str,
    records: Iterator[SpooledRecord],
    release: Path,
    max_shard_bytes: int,
    on_duplicate: Callable[[SpooledRecord, SpooledRecord], None],
    on_rows: Callable[[int], None] | None = None,
) -> list[WrittenShard]:
    """Write one split's records (sorted by id) as shards into the release folder.

    A shard ends before the record that would take it past `max_shard_bytes` of JSON lines, so
    boundaries depend only on the records, never on compression or library versions. A record
    whose id equals the previous one is not written: `on_duplicate(record, first)` decides.
    """
    (release / DATA_DIR).mkdir(exist_ok=True)
    (release / JSONL_DIR).mkdir(exist_ok=True)
    shards: list[WrittenShard] = []
    lines: list[bytes] = []
    size = 0
    first: SpooledRecord | None = None
    for record in records:
        if first is not None and record.id == first.id:
            on_duplicate(record, first)
            continue
        first = record
        if lines and size + len(record.line) > max_shard_bytes:
            shards.append(_write_shard(release, split, len(shards), lines))
            if on_rows is not None:
                on_rows(len(lines))
            lines, size = [], 0
        lines.append(record.line)
        size += len(record.line)
    if lines:
        shards.append(_write_shard(release, split, len(shards), lines))
        if on_rows is not None:
            on_rows(len(lines))
    return _final_names(release, shards)


def count_jsonl_gz_rows(path: Path) -> int:
    rows = 0
    with gzip.open(path, "rb") as handle:
        for _ in handle:
            rows += 1
    return rows
