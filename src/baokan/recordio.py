"""Read article records from JSONL, JSONL.gz, Parquet files and release folders, streaming.

Every reader yields `RawRecord(file, line, data, error)` in input order: `data` is the parsed JSON
value (None when the line could not be parsed) and `error` says why a line/row could not be parsed
(None otherwise). `line` is 1-based: the line number in a JSON Lines file, the row number in a
Parquet file. Nothing here loads a whole file into memory.

`-` (`STDIN`) is standard input: JSON Lines, gzip-compressed or not, or Parquet (told apart by
their first bytes). It is copied once to a temporary file (`local_path`), so that it can be read
like any file: sniffed, checksummed and read again; messages still name it `-`.

Problems with an input as a whole are raised, never printed:
- `UsageError` for inputs that cannot be meant as record files (missing path, a folder that is not
  a release folder, an unknown file type); `resolve_inputs` finds these before anything is read.
- `InputError` for a file that cannot be read (truncated/corrupt gzip, unreadable or foreign-schema
  Parquet); it is raised from the iterator, after the records that could be read were yielded.
"""

from __future__ import annotations

import atexit
import itertools
import json
import os
import re
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import orjson

from baokan.errors import InputError, UsageError, no_such_path

if TYPE_CHECKING:
    from pathlib import Path

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
GZIP_SUFFIXES = tuple(s + ".gz" for s in JSONL_SUFFIXES)
PARQUET_SUFFIXES = (".parquet",)
STDIN = "-"
RELEASE_DATA_DIR = "data"
RELEASE_MANIFEST = "manifest.json"
PARQUET_BATCH_ROWS = 1024

_BOM = b"\xef\xbb\xbf"

# A record (one JSONL line) longer than this is refused with its file and line: a line with no end
# (/dev/zero, a gzip bomb) must not take the memory. `baokan --max-record-size SIZE` (or this
# variable, which worker processes inherit) raises it.
MAX_RECORD_ENV = "BAOKAN_MAX_RECORD_SIZE"
DEFAULT_MAX_RECORD_BYTES = 64 * 1024 * 1024


def max_record_bytes() -> int:
    """The record size limit in bytes: $BAOKAN_MAX_RECORD_SIZE (`128MiB`, `1GB`, bytes) or 64 MiB."""
    value = os.environ.get(MAX_RECORD_ENV)
    return parse_record_size(value, MAX_RECORD_ENV) if value else DEFAULT_MAX_RECORD_BYTES


def parse_record_size(value: str, where: str) -> int:
    """A record size limit as `--max-record-size` or $BAOKAN_MAX_RECORD_SIZE give it; a
    UsageError naming `where` when it is no size or under a byte."""
    from baokan.release.sizes import parse_size

    size = parse_size(value)
    if size < 1:
        raise UsageError(f"{where}={value!r}: the record size limit must be at least 1 byte")
    return size


BLANK_LINE = "blank line (every line must hold one JSON record)"


@dataclass(frozen=True, slots=True)
class RawRecord:
    file: str
    line: int
    data: Any | None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class InputFile:
    """One record file to read; `kind` is "jsonl", "jsonl.gz" or "parquet"."""

    path: str
    kind: str


def file_kind(path: str | Path) -> str | None:
    """The reader for a file name ("jsonl", "jsonl.gz", "parquet"), or None when unknown."""
    name = str(path).lower()
    if name.endswith(GZIP_SUFFIXES):
        return "jsonl.gz"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(PARQUET_SUFFIXES):
        return "parquet"
    return None


def is_release_dir(path: str | Path) -> bool:
    """A release folder `<root>/<name>/<version>/`: has a manifest or `data/*.parquet` files."""
    from pathlib import Path

    p = Path(path)
    if not p.is_dir():
        return False
    if (p / RELEASE_MANIFEST).is_file():
        return True
    data = p / RELEASE_DATA_DIR
    return data.is_dir() and any(data.glob("*.parquet"))


def release_parquet_files(path: str | Path) -> list[str]:
    """The `data/*.parquet` files of a release folder, in sorted order (may be empty)."""
    from pathlib import Path

    data = Path(path) / RELEASE_DATA_DIR
    return sorted(str(f) for f in data.glob("*.parquet") if f.is_file()) if data.is_dir() else []


def resolve_inputs(paths: Iterable[str | Path], check_release: Callable[[Path], None] | None = None) -> list[InputFile]:
    """Expand the paths given by a user into the record files to read, in order.

    Raises `UsageError` naming the first path that is missing, a directory that is not a release
    folder, or a file of unknown type. A release folder contributes its `data/*.parquet` files in
    sorted order (its JSONL mirror is not read twice), after `check_release` (which raises when
    the folder fails `verify`) has looked at it.
    """
    files: list[InputFile] = []
    for raw in paths:
        path = STDIN if is_stdin(raw) else str(raw)
        if path == STDIN:
            if any(f.path == STDIN for f in files):
                raise UsageError("- (stdin) can be read only once")
            files.append(InputFile(STDIN, _sniff_kind(stdin_copy())))
            continue
        # os.path, not pathlib, on this path: a small `validate` starts faster without pathlib
        if not os.path.exists(path):
            raise no_such_path(path)
        if os.path.isdir(path):
            from pathlib import Path

            p = Path(path)
            if not is_release_dir(p):
                raise UsageError(
                    f"{path}: a folder but not a release folder "
                    f"(expected {RELEASE_DATA_DIR}/*.parquet or {RELEASE_MANIFEST})"
                )
            if check_release is not None:
                check_release(p)
            parquet = release_parquet_files(p)
            if not parquet:
                raise UsageError(f"{path}: release folder has no {RELEASE_DATA_DIR}/*.parquet files")
            files.extend(InputFile(f, "parquet") for f in parquet)
            continue
        kind = file_kind(path)
        if kind is None:
            raise UsageError(
                f"{path}: unknown file type (expected .jsonl, .jsonl.gz, .json, .ndjson or .parquet, "
                "or a release folder)"
            )
        files.append(InputFile(path, kind))
    return files


def stdin_copy() -> Path:
    """Standard input, copied once to a temporary file (removed when the process exits)."""
    import shutil
    import tempfile
    from pathlib import Path

    global _stdin_copy
    stream = sys.stdin.buffer
    if _stdin_copy is None or _stdin_copy[0] is not stream:  # a new stdin (tests) is read again
        folder = tempfile.mkdtemp(prefix="baokan-stdin-")
        atexit.register(shutil.rmtree, folder, True)
        copy = Path(folder) / "stdin"
        try:
            with open(copy, "wb") as out:
                shutil.copyfileobj(stream, out, 1 << 20)
        except OSError as exc:
            raise InputError(STDIN, f"cannot read standard input: {exc.strerror or exc}") from exc
        _stdin_copy = (stream, copy)
    return _stdin_copy[1]


_stdin_copy: tuple[object, Path] | None = None


def local_path(path: str | Path) -> str:
    """Where to read an input from: the copy of stdin for `-`, else the path itself."""
    return str(stdin_copy()) if str(path) == STDIN else str(path)


def _sniff_kind(path: Path) -> str:
    with open(path, "rb") as handle:
        head = handle.read(4)
    if head.startswith(b"\x1f\x8b"):
        return "jsonl.gz"
    return "parquet" if head == b"PAR1" else "jsonl"


def iter_records(path: str | Path) -> Iterator[RawRecord]:
    """Stream the records of one input: a record file or a release folder.

    Raises `UsageError` (eagerly, on the first `next`) for an input of the wrong kind and
    `InputError` for a file that cannot be read to its end.
    """
    for f in resolve_inputs([path]):
        yield from iter_file(f)


def iter_file(f: InputFile) -> Iterator[RawRecord]:
    """The records of one resolved input file."""
    path = f.path
    for line, data, error in iter_rows(f):
        yield RawRecord(path, line, data, error)


def iter_rows(f: InputFile) -> Iterator[tuple[int, Any, str | None]]:
    """`(line, data, error)` tuples of one input file: `iter_file` without a RawRecord per row,
    for hot loops (validation)."""
    if f.kind == "parquet":
        return _parquet_rows(f.path, PARQUET_BATCH_ROWS)
    return _jsonl_rows(f.path, f.kind == "jsonl.gz")


def jsonl_ranges(path: str, parts: int) -> list[tuple[int, int]]:
    """Byte ranges `[start, end)` that cut a plain JSONL file into about `parts` pieces at line
    ends, for reading the pieces in parallel (`iter_jsonl_range`)."""
    size = os.path.getsize(path)
    cuts = [0]
    with open(path, "rb") as handle:
        for k in range(1, max(1, parts)):
            handle.seek(max(cuts[-1], size * k // parts))
            handle.readline()  # to the end of the line the cut fell in
            position = handle.tell()
            if cuts[-1] < position < size:
                cuts.append(position)
    cuts.append(size)
    return [(a, b) for a, b in itertools.pairwise(cuts) if b > a] or [(0, size)]


def iter_jsonl_range(
    path: str, start: int, end: int, compact: list[bytes | None] | None = None
) -> Iterator[tuple[int, Any, str | None]]:
    """`(line, data, error)` for the lines of a plain JSONL file in bytes `[start, end)`; `line`
    counts from 1 at `start` (the caller adds the lines before it). With `compact`, its one item
    is set, before each row is given, to the row's line when that line is exactly
    `orjson.dumps(data)` (with a newline), else None: a reader that would write the record again
    in that form can take the bytes as they are."""
    return _jsonl_rows(path, False, start, end, compact)


def _jsonl_rows(
    path: str, gz: bool, start: int = 0, end: int | None = None, compact: list[bytes | None] | None = None
) -> Iterator[tuple[int, Any, str | None]]:
    import gzip  # imported here: a small job's start-up is mostly imports

    line = 0
    try:
        source = local_path(path)
        stream = gzip.open(source, "rb") if gz else open(source, "rb")  # noqa: SIM115
    except OSError as exc:
        raise InputError(path, f"cannot open: {exc.strerror or exc}") from exc
    loads = orjson.loads
    decode_error = orjson.JSONDecodeError
    limit = max_record_bytes()
    try:
        with stream:
            if start:
                stream.seek(start)
            lines = _bounded_lines(stream, limit)
            if end is not None:
                lines = _until(lines, end - start)
            for raw in lines:
                line += 1
                if len(raw) > limit:
                    raise InputError(
                        path,
                        f"record longer than the record size limit of {_size_text(limit)} (no line end within it); "
                        f"raise it with `baokan --max-record-size SIZE` or ${MAX_RECORD_ENV}",
                        line=line,
                    )
                if line == 1 and start == 0 and raw.startswith(_BOM):
                    raw = raw[3:]
                row: tuple[int, Any, str | None]
                try:
                    data = loads(raw)
                    same = _as_written(raw, data)
                    if compact is not None:
                        compact[0] = same
                    duplicate = None if same is not None else _duplicate_key(raw, data)
                    if duplicate is None:
                        row = (line, data, None)
                    else:
                        row = (line, None, f"not valid JSON: duplicate key {json.dumps(duplicate, ensure_ascii=False)}")
                except decode_error as exc:
                    row = (line, None, _json_error(raw, exc) if raw.strip() else BLANK_LINE)
                yield row
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        what = "truncated or corrupt gzip" if gz else "unreadable"
        after = f"after line {line}" if line else "before the first line"
        raise InputError(path, f"{what} ({exc}); stopped {after}", line=line or None) from exc
    except OSError as exc:
        raise InputError(path, f"read error ({exc}) after line {line}", line=line or None) from exc


def _as_written(raw: bytes, data: Any) -> bytes | None:
    """`raw` with one newline when it is exactly what orjson writes for `data` (baokan's own
    output), else None. Such a line has no key twice: a dict cannot hold one."""
    if b'": ' in raw or b'", "' in raw[:200]:
        return None  # spaced out as json.dumps writes: not orjson's form
    body = raw.rstrip(b"\r\n")
    if orjson.dumps(data) != body:
        return None
    return raw if raw[-1:] == b"\n" and raw[-2:-1] != b"\r" else body + b"\n"


def _json_error(raw: bytes, exc: orjson.JSONDecodeError) -> str:
    """The parse error of a line; bytes that are not UTF-8 are told by their offset (orjson speaks
    of "surrogates" at column 1 for them)."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as bad:
        return f"not valid JSON: invalid UTF-8 at byte {bad.start + 1} of the line (0x{raw[bad.start]:02x})"
    return f"not valid JSON: {exc.msg} (column {exc.colno})"


def is_stdin(path: str | Path) -> bool:
    """`-`, or a name of standard input (`/dev/stdin`, `/dev/fd/0`, `/proc/self/fd/0`)."""
    return str(path) in _STDIN_NAMES


_STDIN_NAMES = frozenset((STDIN, "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"))


# The end of an object key (`"id":`, `"id" :`); string values may hold it too, so more of them
# than the parsed objects have keys only means a duplicate key is possible.
_KEY_END_RE = re.compile(rb'"\s*:')


def _duplicate_key(raw: bytes, data: Any) -> str | None:
    """A key given twice in one JSON object of the line (orjson keeps the last value silently),
    or None. The cheap count settles nearly every line; the rest are parsed again pair by pair."""
    if len(_KEY_END_RE.findall(raw)) <= _key_count(data):
        return None
    found: list[str] = []

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen and not found:
                found.append(key)
            seen.add(key)
        return dict(pairs)

    json.loads(raw, object_pairs_hook=pairs_hook)
    return found[0] if found else None


def _key_count(data: Any) -> int:
    """The keys of every object in a parsed JSON value."""
    kind = type(data)
    if kind is not dict and kind is not list:
        return 0
    count = len(data) if kind is dict else 0
    for value in data.values() if kind is dict else data:
        if type(value) is dict or type(value) is list:
            count += _key_count(value)
    return count


def _bounded_lines(stream: Any, limit: int) -> Iterator[bytes]:
    """The lines of a binary stream, none read past `limit` + 1 bytes: a longer line comes out cut
    at that length (the caller refuses it) instead of being read whole."""
    readline = stream.readline
    while True:
        raw = readline(limit + 1)
        if not raw:
            return
        yield raw


def _size_text(n: int) -> str:
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size and n % size == 0:
            return f"{n // size} {unit}"
    return f"{n} bytes"


def _until(stream: Iterable[bytes], limit: int) -> Iterator[bytes]:
    """The lines of `stream` within the next `limit` bytes (a range ends at a line end)."""
    read = 0
    for raw in stream:
        yield raw
        read += len(raw)
        if read >= limit:
            return


def iter_parquet(path: str, batch_rows: int = PARQUET_BATCH_ROWS) -> Iterator[RawRecord]:
    """Rows of a Parquet file as dicts, read batch by batch; `line` is the 1-based row number.

    Rows come back in their JSON form (`records.from_arrow_row`: the release's date32 column as
    ISO strings), so they validate like the JSON Lines records they were written from. A file
    whose top-level columns differ from the article schema's raises one `InputError` that names
    the missing and extra columns.
    """
    for line, data, error in _parquet_rows(path, batch_rows):
        yield RawRecord(path, line, data, error)


def _parquet_rows(path: str, batch_rows: int) -> Iterator[tuple[int, Any, str | None]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from baokan.records import from_arrow_row
    from baokan.schema import arrow_schema

    try:
        pf = pq.ParquetFile(local_path(path))
    except (pa.ArrowException, OSError) as exc:
        raise InputError(path, f"not a readable Parquet file: {exc}") from exc
    with pf:
        expected = arrow_schema().names
        actual = pf.schema_arrow.names
        missing = [n for n in expected if n not in actual]
        extra = [n for n in actual if n not in expected]
        if missing or extra:
            parts = []
            if missing:
                parts.append("missing columns: " + ", ".join(missing))
            if extra:
                parts.append("extra columns: " + ", ".join(extra))
            raise InputError(path, "Parquet schema is not the article schema; " + "; ".join(parts))
        row = 0
        try:
            for batch in pf.iter_batches(batch_size=batch_rows, columns=expected):
                for data in batch.to_pylist():
                    row += 1
                    yield (row, from_arrow_row(data), None)
        except (pa.ArrowException, OSError) as exc:
            raise InputError(path, f"cannot read Parquet data after row {row}: {exc}", line=row or None) from exc
