"""Shard writers: records in row order → Parquet (explicit Arrow schema, zstd) and JSONL.gz.

Records reach the writers as canonical JSON lines (orjson, keys in schema order), in row order
(`spool.row_order_key`: publication, date, page, id) from an external sort (`spool.py`), so
publishing holds at most one sort run and one row group in memory.
"""

from __future__ import annotations

import contextlib
import gzip
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.json as paj
import pyarrow.parquet as pq

from baokan.parallel import future_result
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
# A row group is parsed and compressed in pieces of this many rows or bytes of JSON: the writer
# threads keep pace with the merge instead of starting on a row group when its last row is in.
# Pieces in flight (their lines and parsed tables) and row groups waiting for the encoder are
# bounded, so memory stays within about two row groups.
PIECE_ROWS = 2_000
PIECE_BYTES = 4 * 1024 * 1024
PIECES_IN_FLIGHT = 8
GROUPS_IN_FLIGHT = 2
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


@dataclass(frozen=True)
class SplitInfo:
    """A written split: its shards (paths relative to the release), rows and size in Arrow bytes."""

    shards: tuple[WrittenShard, ...]

    @property
    def rows(self) -> int:
        return sum(s.rows for s in self.shards)

    @property
    def num_bytes(self) -> int:
        return sum(s.arrow_bytes for s in self.shards)

    @property
    def parquet(self) -> list[str]:
        return [s.parquet for s in self.shards]

    @property
    def jsonl(self) -> list[str]:
        return [s.jsonl for s in self.shards]

    def file_rows(self) -> dict[str, int]:
        """Rows of each of its files (Parquet and JSONL.gz)."""
        return {path: s.rows for s in self.shards for path in (s.parquet, s.jsonl)}


class _Stages:
    """The writer threads of a split, shared by its shards: one per stage, each keeping the
    order of what it is given. pyarrow.json, the Parquet encoder and gzip (ISA-L) release the
    GIL, so they run beside each other and beside the merge; a shard is closed in the stages
    while the merge goes on with the next one."""

    def __init__(self) -> None:
        self.parse = ThreadPoolExecutor(max_workers=1, thread_name_prefix="shard-parse")
        self.encode = ThreadPoolExecutor(max_workers=1, thread_name_prefix="shard-parquet")
        self.compress = ThreadPoolExecutor(max_workers=1, thread_name_prefix="shard-gzip")
        self._pieces: deque[tuple[Future[Any], Future[Any]]] = deque()
        self._groups: deque[Future[Any]] = deque()

    def piece_submitted(self, parsed: Future[Any], compressed: Future[Any]) -> None:
        """A piece handed to the parse and gzip threads; the merge waits while too many are."""
        self._pieces.append((parsed, compressed))
        self._wait(PIECES_IN_FLIGHT, len(self._groups))

    def group_submitted(self, written: Future[Any]) -> None:
        """A row group handed to the Parquet thread; at most two are waiting for it."""
        self._groups.append(written)
        self._wait(len(self._pieces), GROUPS_IN_FLIGHT)

    def drain(self) -> None:
        self._wait(0, 0)

    def _wait(self, pieces: int, groups: int) -> None:
        """Wait for the oldest pieces and row groups until at most so many of each are in flight;
        re-raises what a writer thread raised (e.g. no space left)."""
        while len(self._pieces) > pieces:
            for future in self._pieces.popleft():
                future_result(future)
        while len(self._groups) > groups:
            future_result(self._groups.popleft())

    def shutdown(self) -> None:
        for stage in (self.parse, self.encode, self.compress):
            stage.shutdown(wait=True)


class ShardWriter:
    """One shard, written row group by row group under a temporary name (`…-NNNNN.partial…`):
    the final `-of-NNNNN` name is given once the split's shard count is known.

    A row group's lines are parsed and compressed in pieces as they come, so the writer threads
    work beside the merge; the Parquet encoder takes the row group once its last piece is in."""

    def __init__(self, release: Path, split: str, index: int, stages: _Stages) -> None:
        self.release = release
        self.split = split
        self.parquet_rel = f"{DATA_DIR}/{split}-{index:05d}.partial.parquet"
        self.jsonl_rel = f"{JSONL_DIR}/{split}-{index:05d}.partial.jsonl.gz"
        self.schema = arrow_schema(with_hf_metadata=True)
        self._stages = stages
        self._jsonl = open_gzip_writer(release / self.jsonl_rel, JSONL_GZIP_LEVEL)
        try:
            self._parquet = pq.ParquetWriter(
                release / self.parquet_rel,
                self.schema,
                compression=PARQUET_COMPRESSION,
                compression_level=PARQUET_COMPRESSION_LEVEL,
                dictionary_pagesize_limit=PARQUET_DICTIONARY_PAGE_BYTES,
            )
        except BaseException:
            self._jsonl.close()
            raise
        self._piece: list[bytes] = []
        self._piece_bytes = 0
        self._parsed: list[Future[pa.Table]] = []  # the pieces of the row group being filled
        self._group_rows = 0
        self._group_bytes = 0
        self.rows = 0
        self.arrow_bytes = 0

    def add(self, line: bytes) -> None:
        self._piece.append(line)
        self._piece_bytes += len(line)
        self._group_rows += 1
        self._group_bytes += len(line)
        if self._group_rows >= ROW_GROUP_ROWS or self._group_bytes >= ROW_GROUP_BYTES:
            self._flush()
        elif len(self._piece) >= PIECE_ROWS or self._piece_bytes >= PIECE_BYTES:
            self._hand_piece()

    def _hand_piece(self) -> None:
        """Hand the lines gathered so far to the parse and gzip threads."""
        if not self._piece:
            return
        longest = max(map(len, self._piece))
        data = b"".join(self._piece)
        self._piece, self._piece_bytes = [], 0
        stages = self._stages
        parsed = stages.parse.submit(_parse_rows, data, longest, self.schema)
        self._parsed.append(parsed)
        stages.piece_submitted(parsed, stages.compress.submit(self._jsonl.write, data))

    def _flush(self) -> None:
        """End the row group: its last piece goes to the parse thread, the group to the encoder."""
        self._hand_piece()
        if not self._parsed:
            return
        pieces, rows = self._parsed, self._group_rows
        self._parsed, self._group_rows, self._group_bytes = [], 0, 0
        self._stages.group_submitted(self._stages.encode.submit(self._write_parquet, pieces, rows))

    def _write_parquet(self, pieces: list[Future[pa.Table]], rows: int) -> None:
        # One chunk per column: the file's pages do not depend on how the row group was cut
        # into pieces or parse blocks, and the encoder runs faster on one chunk than the copy costs.
        table = pa.concat_tables([future_result(piece) for piece in pieces]).combine_chunks()
        self._parquet.write_table(table, row_group_size=rows)
        self.rows += rows
        self.arrow_bytes += table.nbytes

    def close(self) -> Future[WrittenShard]:
        """Hand over the last row group and close the files in the writer threads, after it;
        the future gives the shard once it is written."""
        self._flush()
        stages = self._stages
        compressed = stages.compress.submit(self._jsonl.close)
        return stages.encode.submit(self._finish, compressed)

    def abandon(self) -> None:
        """Close the files after a failure (their folder is removed by the caller)."""
        for close in (self._parquet.close, self._jsonl.close):
            with contextlib.suppress(Exception):
                close()

    def _finish(self, compressed: Future[None]) -> WrittenShard:
        self._parquet.close()
        compressed.result()
        return WrittenShard(self.split, self.parquet_rel, self.jsonl_rel, self.rows, self.arrow_bytes)


def _parse_rows(data: bytes, longest: int, schema: pa.Schema) -> pa.Table:
    # Parsed in the JSON form with the explicit schema (no type inference), then cast: ISO
    # date strings become date32 values.
    # pyarrow.json cannot parse a record longer than its block ("straddling object"): a huge
    # record (e.g. a 20 MB paragraph) gets a block that holds it.
    options = (
        _READ if longest < _READ.block_size else paj.ReadOptions(block_size=longest + 1, use_threads=_READ.use_threads)
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
    on_rows: Callable[[int], None] | None = None,
) -> SplitInfo:
    """Write one split's records (in row order, each id once) as shards
    into the release folder.

    A shard ends before the record that would take it past `max_shard_bytes` of JSON lines, so
    boundaries depend only on the records, never on compression or library versions. A split
    without records gets one empty shard with the schema: `verify`, `load_dataset` and
    mlcroissant read a split of no rows, not a split of no files.
    """
    (release / DATA_DIR).mkdir(exist_ok=True)
    (release / JSONL_DIR).mkdir(exist_ok=True)
    stages = _Stages()
    closing: deque[Future[WrittenShard]] = deque()
    shards: list[WrittenShard] = []

    def collect(wait: bool) -> None:
        while closing and (wait or closing[0].done()):
            shards.append(future_result(closing.popleft()))
            if on_rows is not None:
                on_rows(shards[-1].rows)

    writer: ShardWriter | None = None
    try:
        size = 0
        for record in records:
            if writer is not None and size + len(record.line) > max_shard_bytes:
                closing.append(writer.close())
                writer = None
                collect(wait=False)
            if writer is None:
                writer, size = ShardWriter(release, split, len(shards) + len(closing), stages), 0
            writer.add(record.line)
            size += len(record.line)
            del record  # not held while the next one is read, nor through the last shard's close
        if writer is None and not shards and not closing:
            writer = ShardWriter(release, split, 0, stages)
        if writer is not None:
            closing.append(writer.close())
            writer = None
        stages.drain()
        collect(wait=True)
    finally:
        stages.shutdown()
        if writer is not None:
            writer.abandon()
    return SplitInfo(tuple(_final_names(release, shards)))


def count_jsonl_gz_rows(path: Path) -> int:
    rows = 0
    with gzip.open(path, "rb") as handle:
        for _ in handle:
            rows += 1
    return rows
