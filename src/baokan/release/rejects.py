"""One line of rejects.jsonl: a rejected record with where it came from and why."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import Any, BinaryIO

import orjson


def reject_line(checked: Any) -> bytes:
    return (
        orjson.dumps(
            {
                "file": Path(checked.file).name,
                "line": checked.line,
                "errors": [{"path": e.path, "message": e.message, "kind": e.kind} for e in checked.errors],
                "record": checked.data,
            },
            default=_not_json,
        )
        + b"\n"
    )


def _not_json(value: Any) -> str:
    """A rejected record read from Parquet can hold values JSON has no type for (bytes, decimals,
    durations...): they are written as their Python repr, so the reject still shows what was there."""
    return repr(value)


_LINE_KEY = b',"line":'


def shift_error(error: Any, lines_before: int) -> Any:
    """A RecordError of a worker, whose line counts from its piece's start, in file lines."""
    if not lines_before or error.line is None:
        return error
    return dataclasses.replace(error, line=error.line + lines_before)


def append_rejects(target: BinaryIO, source: str, lines_before: int) -> None:
    """Append a worker's rejects (`reject_line`s numbered from its piece's start) to `target`,
    `lines_before` added to each line number."""
    with open(source, "rb") as handle:
        if not lines_before:
            shutil.copyfileobj(handle, target)
            return
        for raw in handle:
            target.write(_shift_reject(raw, lines_before))


def _shift_reject(raw: bytes, lines_before: int) -> bytes:
    # reject_line writes {"file":"NAME","line":N,...}: a '"' inside NAME is escaped, so the first
    # ',"line":' is the key.
    head, _, rest = raw.partition(_LINE_KEY)
    number, comma, tail = rest.partition(b",")
    return b"".join((head, _LINE_KEY, str(int(number) + lines_before).encode(), comma, tail))
