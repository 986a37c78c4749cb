"""Shard writers: records in id order → Parquet (explicit Arrow schema, zstd) and JSONL.gz.

Records reach the writers as canonical JSON lines (orjson, keys in schema order), sorted by id
by an external sort (`spool.py`), so publishing holds at most one sort run and one row group in
memory.
"""

from __future__ import annotations

import gzip
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.json as paj
import pyarrow.parquet as pq

from baokan.release.files import open_gzip_writer
from baokan.release.layout import DATA_DIR, JSONL_DIR, shard_name
from baokan.release.spool import SpooledRecord
from baokan.schema import arrow_schema, json_arrow_schema

PARQUET_COMPRESSION = "zstd"
# zstd level 3 writes ~3x faster than level 9 for files within 7% of its size.
PARQUET_COMPRESSION_LEVEL = 3
# A column's dictionary may grow to 4 MiB before the writer falls back to plain encoding
# (default 1 MiB): repeated texts (reprints, boilerplate) stay dictionary-encoded, which on a
# corpus with many repeats encodes ~40% faster into files less than half the size; on text
# without repeats it costs nothing measurable.
PARQUET_DICTIONARY_PAGE_BYTES = 4 * 1024 * 1024
# Row groups end after this many rows or bytes of JSON, whichever comes first: memory is bounded
# by one row group, not one shard, and the layout depends only on the records.
ROW_GROUP_ROWS = 10_000
ROW_GROUP_BYTES = 32 * 1024 * 1024
# The JSONL mirror is a convenience copy, compressed with ISA-L's gzip (level 2): standard gzip
# that any reader opens, written ~5x faster than zlib's level 1 at the same size.
JSONL_GZIP_LEVEL = 2

_PARSE = paj.ParseOptions(explicit_schema=json_arrow_schema(), unexpected_field_behavior="error")
# Blocks of 1 MiB, parsed in one thread: the parse runs beside the Parquet encoder, gzip and the
# merge, which keep the cores busy; pyarrow's own threads only cost more CPU (~25%) for that.
_READ = paj.ReadOptions(block_size=1 << 20, use_threads=False)


@dataclass(frozen=True, slots=True)
class WrittenShard:
    split: str
    parquet: str
    jsonl: str
    rows: int
    arrow_bytes: int


class ShardWriter:
    """One shard, written row group by row group under a temporary name (`…-NNNNN.partial…`):
    the final `-of-NNNNN` name is given once the split's shard count is known."""

    def __init__(self, release: Path, split: str, index: int) -> None:
        self.release = release
        self.split = split
        self.parquet_rel = f"{DATA_DIR}/{split}-{index:05d}.partial.parquet"
        self.jsonl_rel = f"{JSONL_DIR}/{split}-{index:05d}.partial.jsonl.gz"
        self.schema = arrow_schema(with_hf_metadata=True)
        self._jsonl = open_gzip_writer(release / self.jsonl_rel, JSONL_GZIP_LEVEL)
        self._parquet = pq.ParquetWriter(
            release / self.parquet_rel,
            self.schema,
            compression=PARQUET_COMPRESSION,
            compression_level=PARQUET_COMPRESSION_LEVEL,
            dictionary_pagesize_limit=PARQUET_DICTIONARY_PAGE_BYTES,
        )
        self._group: list[bytes] = []
        self._group_bytes = 0
        # One thread per stage (each keeps the row groups in order): pyarrow.json, the Parquet
        # encoder and gzip (ISA-L) release the GIL, so they run beside each other and beside the
        # merge of the next row group.
        self._parse = ThreadPoolExecutor(max_workers=1, thread_name_prefix="shard-parse")
        self._encode = ThreadPoolExecutor(max_workers=1, thread_name_prefix="shard-parquet")
        self._compress = ThreadPoolExecutor(max_workers=1, thread_name_prefix="shard-gzip")
        self._in_flight: deque[tuple[Future[None], Future[None]]] = deque()
        # A row group's JSON is copied into one of these, reused: fresh 32 MiB allocations each
        # row group cost more in page faults than the copy.
        self._buffers = [bytearray(), bytearray()]
        self._groups = 0
        self.rows = 0
        self.arrow_bytes = 0

    def add(self, line: bytes) -> None:
        group = self._group
        group.append(line)
        self._group_bytes += len(line)
        if len(group) >= ROW_GROUP_ROWS or self._group_bytes >= ROW_GROUP_BYTES:
            self._flush()

    def _flush(self) -> None:
        """Hand the row group to the writer threads; at most two row groups are in flight, so
        the buffer filled here is no longer read."""
        if not self._group:
            return
        while len(self._in_flight) >= len(self._buffers):
            self._wait_oldest()
        data = self._fill(self._buffers[self._groups % len(self._buffers)])
        self._groups += 1
        rows, longest = len(self._group), max(map(len, self._group))
        self._group, self._group_bytes = [], 0
        table = self._parse.submit(_parse_rows, data, longest, self.schema)
        self._in_flight.append(
            (self._compress.submit(self._jsonl.write, data), self._encode.submit(self._write_parquet, table, rows))
        )

    def _fill(self, buffer: bytearray) -> memoryview:
        if len(buffer) < self._group_bytes:
            buffer.extend(bytes(self._group_bytes - len(buffer)))
        view = memoryview(buffer)
        at = 0
        for line in self._group:
            end = at + len(line)
            view[at:end] = line
            at = end
        return view[:at]

    def _wait_oldest(self) -> None:
        for future in self._in_flight.popleft():
            future.result()  # re-raises what a writer thread raised (e.g. no space left)

    def _write_parquet(self, parsed: Future[pa.Table], rows: int) -> None:
        table = parsed.result()
        self._parquet.write_table(table, row_group_size=rows)
        self.rows += rows
        self.arrow_bytes += table.nbytes

    def close(self) -> WrittenShard:
        try:
            self._flush()
            while self._in_flight:
                self._wait_oldest()
        finally:
            for stage in (self._parse, self._encode, self._compress):
                stage.shutdown(wait=True)
            self._parquet.close()
            self._jsonl.close()
        return WrittenShard(self.split, self.parquet_rel, self.jsonl_rel, self.rows, self.arrow_bytes)


def _parse_rows(data: memoryview, longest: int, schema: pa.Schema) -> pa.Table:
    # Parsed in the JSON form with the explicit schema (no type inference), then cast: ISO
    # date strings become date32 values.
    # pyarrow.json cannot parse a record longer than its block ("straddling object"): a huge
    # record (e.g. a 20 MB paragraph) gets a block that holds it.
    options = _READ if longest < _READ.block_size else paj.ReadOptions(
        block_size=longest + 1, use_threads=_READ.use_threads
    )
    source = pa.BufferReader(pa.py_buffer(data))
    return paj.read_json(source, read_options=options, parse_options=_PARSE).cast(schema)


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
    writer: ShardWriter | None = None
    size = 0
    first: SpooledRecord | None = None
    for record in records:
        if first is not None and record.id == first.id:
            on_duplicate(record, first)
            continue
        first = record
        if writer is not None and size + len(record.line) > max_shard_bytes:
            shards.append(writer.close())
            if on_rows is not None:
                on_rows(shards[-1].rows)
            writer = None
        if writer is None:
            writer, size = ShardWriter(release, split, len(shards)), 0
        writer.add(record.line)
        size += len(record.line)
    if writer is not None:
        shards.append(writer.close())
        if on_rows is not None:
            on_rows(shards[-1].rows)
    return _final_names(release, shards)


def count_jsonl_gz_rows(path: Path) -> int:
    rows = 0
    with gzip.open(path, "rb") as handle:
        for _ in handle:
            rows += 1
    return rows
