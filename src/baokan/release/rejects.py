"""Rejected records: counted, their errors reported (up to a limit), and with --drop-invalid
written with their reasons to rejects.jsonl (one `reject_line` each), so nothing is lost."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, BinaryIO

import orjson

if TYPE_CHECKING:
    from baokan.release.intake import PieceResult
    from baokan.validate import CheckedRecord, CheckResult, RecordError

# The report of a refused publish keeps this many errors (all are counted; with --drop-invalid
# every rejected record is in rejects.jsonl with all its errors).
MAX_REPORTED_ERRORS = 1000


def reject_line(checked: CheckedRecord) -> bytes:
    """`{"file", "line", "errors": [{"path", "message", "kind"}], "record"}` and a newline."""
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


def shift_error(error: RecordError, lines_before: int) -> RecordError:
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


class Rejects:
    """The rejects of one publish: `check` reports their errors (at most MAX_REPORTED_ERRORS are
    kept, all are counted); with `write`, each goes to `path` (created on the first reject)."""

    def __init__(self, path: Path, write: bool, check: CheckResult) -> None:
        self.path = path
        self.write = write
        self.check = check
        self.count = 0  # rejects: invalid records, duplicate ids and unreadable inputs
        self.records = 0  # rejects that are records (not unreadable-file errors)
        self._handle: BinaryIO | None = None

    def add(self, checked: CheckedRecord) -> None:
        """A record (or an unreadable input) with its errors."""
        self.count += 1
        self.records += checked.is_record
        self._report(len(checked.errors), checked.errors)
        if self.write:
            self._file().write(reject_line(checked))

    def absorb(self, piece: PieceResult, lines_before: int) -> None:
        """Take over the rejects of a piece read by a worker (`intake.spool_piece`), whose line
        numbers count from the piece's start: `lines_before` are added."""
        self.count += piece.rejected
        self.records += piece.rejected
        self._report(piece.error_count, [shift_error(e, lines_before) for e in piece.errors])
        if self.write and piece.rejects_file is not None:
            append_rejects(self._file(), piece.rejects_file, lines_before)

    def _report(self, count: int, errors: list[RecordError]) -> None:
        check = self.check
        check.error_count += count
        room = MAX_REPORTED_ERRORS - len(check.errors)
        if room > 0:
            check.errors.extend(errors[:room])
        check.truncated = check.error_count > len(check.errors)

    def _file(self) -> BinaryIO:
        if self._handle is None:
            self._handle = open(self.path, "wb")  # noqa: SIM115 (closed by close())
        return self._handle

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()

    def __enter__(self) -> Rejects:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()
