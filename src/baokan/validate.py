"""Check article records against the schema and the rules the schema cannot express.

Results are data (`RecordError`, `CheckedRecord`, `CheckResult`); `baokan.reporters` turns a
`CheckResult` into a text or JSON report. Nothing here prints or exits.

Speed: records are parsed with orjson (in `recordio`) and checked with a compiled validator
(`jsonschema_rs`, format validation on, so `format: date` rejects `2023-02-30`). Only a record the
fast validator rejects goes through `jsonschema`'s Draft 2020-12 validator, which gives the detailed
messages and JSON paths.

Rules beyond the schema (kind "semantic"): `text == "\\n".join(paragraphs)`; no paragraph and no
text that is only whitespace; `source.line_end >= source.line_start`; `source.date` is a real
calendar date (the schema's `format: date` already rejects `2023-02-30`; RFC 3339 allows year 0000,
which Python's `datetime.date` and any newspaper do not). Across all inputs (kind "duplicate"): ids
are unique.
"""

from __future__ import annotations

import datetime
import heapq
import itertools
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, TypeGuard

import jsonschema_rs

from baokan import parallel
from baokan.errors import InputError
from baokan.parallel import each_result, mp_context, worker_init
from baokan.recordio import STDIN, InputFile, iter_jsonl_range, iter_rows, jsonl_ranges, resolve_inputs
from baokan.schema import article_schema

if TYPE_CHECKING:
    from pathlib import Path

    from jsonschema import Draft202012Validator

KIND_PARSE = "parse"
KIND_SCHEMA = "schema"
KIND_SEMANTIC = "semantic"
KIND_DUPLICATE = "duplicate"
KIND_IO = "io"
KINDS = (KIND_PARSE, KIND_SCHEMA, KIND_SEMANTIC, KIND_DUPLICATE, KIND_IO)

MAX_MESSAGE_CHARS = 300
PROGRESS_EVERY = 1000


@dataclass(frozen=True, slots=True)
class RecordError:
    """One problem: where (file, 1-based line or Parquet row, JSON path) and what.

    `line` is None (and `path` empty) for a problem with a file as a whole, e.g. truncated gzip.
    """

    file: str
    line: int | None
    path: str
    message: str
    kind: str

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "path": self.path, "message": self.message, "kind": self.kind}


@dataclass(slots=True)
class CheckedRecord:
    """One record with its errors, as `iter_checked` yields them.

    A file that could not be read to its end gives one extra CheckedRecord with `line=None`,
    `data=None` and the "io" error: it is not a record (`is_record` is False).
    """

    file: str
    line: int | None
    data: Any  # the parsed record; None for an io error
    errors: list[RecordError]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def is_record(self) -> bool:
        return self.line is not None


@dataclass(slots=True)
class CheckResult:
    """The outcome of validating some inputs.

    `errors` holds at most `max_errors` errors (`truncated` says whether some were left out);
    `error_count` counts them all, `listed` those listed (kept here, or handed to the `on_error`
    of `validate_paths`, which then keeps none). `file_errors` counts files that could not be read
    to the end.
    """

    files: int = 0
    records: int = 0
    valid_records: int = 0
    error_count: int = 0
    file_errors: int = 0
    errors: list[RecordError] = field(default_factory=list)
    truncated: bool = False
    max_errors: int | None = None
    listed: int = 0

    @property
    def invalid_records(self) -> int:
        return self.records - self.valid_records

    @property
    def valid(self) -> bool:
        return self.error_count == 0

    def to_dict(self) -> dict[str, Any]:
        return {**self.summary_dict(), "errors": [e.to_dict() for e in self.errors]}

    def summary_dict(self) -> dict[str, Any]:
        """The JSON form without the errors (a reporter that streamed them adds them)."""
        return {
            "valid": self.valid,
            "records": self.records,
            "valid_records": self.valid_records,
            "invalid_records": self.invalid_records,
            "files": self.files,
            "file_errors": self.file_errors,
            "error_count": self.error_count,
            "truncated": self.truncated,
            "max_errors": self.max_errors,
        }


_DATE_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_date_fromisoformat = datetime.date.fromisoformat
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def json_path(parts: Iterable[str | int]) -> str:
    """`$.authors[0].role` from ("authors", 0, "role"); odd keys as `$['a b']`."""
    out = ["$"]
    for part in parts:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif _IDENT.match(part):
            out.append("." + part)
        else:
            out.append("[" + json.dumps(part, ensure_ascii=False).replace('"', "'") + "]")
    return "".join(out)


def _shorten(message: str) -> str:
    message = message.replace("\r", "\\r").replace("\n", "\\n")
    if len(message) > MAX_MESSAGE_CHARS:
        message = message[: MAX_MESSAGE_CHARS - 1] + "…"
    return message


def _first_difference(a: str, b: str) -> int:
    n = min(len(a), len(b))
    for i in range(n):
        if a[i] != b[i]:
            return i
    return n


class ArticleValidator:
    """Schema and per-record semantic checks for one record at a time.

    `check(obj)` returns the record's errors (empty when valid). Cross-record rules (unique ids)
    are `iter_checked`'s job.
    """

    def __init__(self, schema: dict[str, Any] | None = None) -> None:
        self.schema = schema if schema is not None else article_schema()
        self._fast = jsonschema_rs.Draft202012Validator(self.schema, validate_formats=True)
        self._fast_is_valid = self._fast.is_valid
        self._detail: Draft202012Validator | None = None
        _assert_formats_enforced()

    # -- schema ---------------------------------------------------------------------------------

    @property
    def detail_validator(self) -> Draft202012Validator:
        """jsonschema's Draft 2020-12 validator with format checking (built on first use)."""
        if self._detail is None:
            from jsonschema import Draft202012Validator

            self._detail = Draft202012Validator(self.schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
        return self._detail

    def is_schema_valid(self, obj: Any) -> bool:
        """The compiled validator's verdict (jsonschema's when a value cannot be handed to it)."""
        try:
            return self._fast_is_valid(obj)
        except Exception:  # values jsonschema_rs cannot convert, e.g. lone surrogates, date objects
            return self.detail_validator.is_valid(obj)

    def schema_errors(self, obj: Any, file: str = "<record>", line: int | None = None) -> list[RecordError]:
        """Detailed schema errors, in jsonschema's order (empty when the record is schema-valid).
        A record of an older major version of the schema gets one error saying how to migrate it."""
        old = _older_schema(obj)
        if old is not None:
            from baokan.records import SCHEMA_VERSION  # not at the top: its dataclasses cost start-up

            message = (
                f"record of article schema {old}; this baokan reads {SCHEMA_VERSION}: "
                "convert the file with `baokan migrate FILE -o NEW.jsonl`"
            )
            return [RecordError(file, line, "$.schema_version", message, KIND_SCHEMA)]
        errors = [
            RecordError(file, line, json_path(e.absolute_path), _shorten(e.message), KIND_SCHEMA)
            for e in self.detail_validator.iter_errors(obj)
        ]
        if not errors:
            # jsonschema accepted what the compiled validator rejects, e.g. a string ending in "\n"
            # that Python's `$` lets through a `pattern`: report the compiled validator's reasons.
            try:
                errors = [
                    RecordError(file, line, json_path(e.instance_path), _shorten(e.message), KIND_SCHEMA)
                    for e in self._fast.iter_errors(obj)
                ]
            except Exception:
                errors = []
        return errors

    # -- semantic -------------------------------------------------------------------------------

    def semantic_errors(self, obj: Any, file: str = "<record>", line: int | None = None) -> list[RecordError]:
        """The rules the schema cannot express; parts of the wrong type are skipped (the schema
        check reports them)."""
        if not isinstance(obj, dict):
            return []
        errors: list[RecordError] = []
        text = obj.get("text")
        paragraphs = obj.get("paragraphs")
        if isinstance(paragraphs, list):
            for i, p in enumerate(paragraphs):
                if isinstance(p, str) and p.isspace():
                    errors.append(
                        RecordError(file, line, f"$.paragraphs[{i}]", "paragraph is only whitespace", KIND_SEMANTIC)
                    )
        if isinstance(text, str) and text.isspace():
            errors.append(RecordError(file, line, "$.text", "text is only whitespace", KIND_SEMANTIC))
        if isinstance(text, str) and isinstance(paragraphs, list) and all(isinstance(p, str) for p in paragraphs):
            joined = "\n".join(paragraphs)
            if text != joined:
                at = _first_difference(text, joined)
                errors.append(
                    RecordError(
                        file,
                        line,
                        "$.text",
                        f'text is not the paragraphs joined with "\\n" (first difference at character {at}; '
                        f"text has {len(text)} characters, joined paragraphs {len(joined)})",
                        KIND_SEMANTIC,
                    )
                )
        source = obj.get("source")
        if isinstance(source, dict):
            date = source.get("date")
            if isinstance(date, str) and _DATE_SHAPE.match(date):
                problem = _calendar_date_problem(date)
                if problem is not None:
                    errors.append(
                        RecordError(
                            file, line, "$.source.date", f"{date!r} is not a calendar date ({problem})", KIND_SEMANTIC
                        )
                    )
            start, end = source.get("line_start"), source.get("line_end")
            if _is_number(start) and _is_number(end) and end < start:
                errors.append(
                    RecordError(
                        file,
                        line,
                        "$.source.line_end",
                        f"line_end {end} is before line_start {start}",
                        KIND_SEMANTIC,
                    )
                )
        return errors

    # -- both -----------------------------------------------------------------------------------

    def quick_ok(self, obj: Any) -> bool:
        """True when the record passes every per-record check (schema and semantic); the hot path.

        The compiled validator's verdict guarantees the types, so the semantic rules are tested in
        one expression. The schema's `format: date` (enforced, see `_assert_formats_enforced`)
        already rejects impossible dates, leaving only RFC 3339's year 0000 to Python's rule.
        """
        try:
            if not self._fast_is_valid(obj):
                return False
        except Exception:  # values jsonschema_rs cannot convert: take the slow path
            return False
        paragraphs = obj["paragraphs"]
        text = obj["text"]
        source = obj["source"]
        date = source["date"]
        # (text cannot be blank here: it equals the paragraphs joined, none of them blank.)
        return (
            text == "\n".join(paragraphs)
            and source["line_end"] >= source["line_start"]
            and not any(map(str.isspace, paragraphs))
            and (date is None or not date.startswith("0000"))
        )

    def check(self, obj: Any, file: str = "<record>", line: int | None = None) -> list[RecordError]:
        """Every schema and semantic error of one record (empty list: the record is valid)."""
        if self.quick_ok(obj):
            return []
        return self.full_errors(obj, file, line)

    def full_errors(self, obj: Any, file: str = "<record>", line: int | None = None) -> list[RecordError]:
        """Schema and semantic errors without the fast path (for records `quick_ok` refused)."""
        if self.is_schema_valid(obj):
            return self.semantic_errors(obj, file, line)
        errors = self.schema_errors(obj, file, line)
        flagged = {e.path for e in errors}
        # One report per spot: a semantic rule adds nothing where the schema already complains.
        errors.extend(e for e in self.semantic_errors(obj, file, line) if e.path not in flagged)
        return errors


def _older_schema(obj: Any) -> str | None:
    """The schema version of a record of an older version (`1.0.0`, `2.0.0`), else None."""
    from baokan.records import SCHEMA_VERSION

    if not isinstance(obj, dict):
        return None
    version = obj.get("schema_version")
    if not isinstance(version, str) or not re.fullmatch(r"\d+\.\d+\.\d+", version):
        return None
    older = tuple(int(v) for v in version.split(".")) < tuple(int(v) for v in SCHEMA_VERSION.split("."))
    return version if older else None


def _calendar_date_problem(value: str) -> str | None:
    """Why a YYYY-MM-DD string is not a real calendar date (None when it is)."""
    try:
        _date_fromisoformat(value)
    except ValueError as exc:
        return str(exc)
    return None


def _is_number(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_FORMATS_CHECKED: bool | None = None


def _assert_formats_enforced() -> None:
    """Fail loudly if this jsonschema_rs build ignores `validate_formats` (dates would go unchecked)."""
    global _FORMATS_CHECKED
    if _FORMATS_CHECKED is None:
        probe = jsonschema_rs.Draft202012Validator({"format": "date"}, validate_formats=True)
        _FORMATS_CHECKED = not probe.is_valid("2023-02-30")
    if not _FORMATS_CHECKED:
        raise RuntimeError("jsonschema_rs does not validate formats; `format: date` would go unchecked")


# -- streams of records -----------------------------------------------------------------------------

Row = tuple[int, Any, str | None]  # (line, parsed value, parse error) as `recordio` reads them


def duplicate_error(file: str, line: int, record_id: str, first: tuple[str, int]) -> RecordError:
    """The error of a record whose id an earlier record (at `first`: file, line) already has."""
    return RecordError(
        file, line, "$.id", f"duplicate id {record_id!r}, first seen at {first[0]}:{first[1]}", KIND_DUPLICATE
    )


def check_rows(
    file: str, rows: Iterable[Row], validator: ArticleValidator, seen: dict[str, tuple[str, int]] | None
) -> Iterator[tuple[int, Any, list[RecordError]]]:
    """The record-checking loop: `(line, data, errors)` for every row of one file, `errors` empty
    for a valid record. Every stage that checks records (`validate`, publish's serial and parallel
    intake) runs this loop.

    `seen` (id → file and line where first seen) is shared across files to report duplicate ids
    and is filled as rows pass; with None, ids are not compared (the caller does it, e.g. publish
    while it merges its id-sorted runs, or a worker that sees only a piece of a file).
    """
    quick_ok = validator.quick_ok
    for line, data, error in rows:
        if error is not None:
            yield line, data, [RecordError(file, line, "$", error, KIND_PARSE)]
            continue
        if quick_ok(data):  # the usual case: a valid record
            if seen is None:
                yield line, data, []
                continue
            rid = data["id"]
            if rid not in seen:
                seen[rid] = (file, line)
                yield line, data, []
                continue
            errors = []
        else:
            errors = validator.full_errors(data, file, line)
        if seen is not None:
            rid = data.get("id") if type(data) is dict else None
            if type(rid) is str:
                first = seen.get(rid)
                if first is None:
                    seen[rid] = (file, line)
                else:
                    errors.append(duplicate_error(file, line, rid, first))
        yield line, data, errors


def iter_checked(
    paths: Iterable[str | Path],
    validator: ArticleValidator | None = None,
    unique_ids: bool = True,
    check_release: Callable[[Path], None] | None = None,
) -> Iterator[CheckedRecord]:
    """Check every record of the inputs, in input order, one at a time.

    Raises `UsageError` at once (before reading anything) for a missing path, a directory that is
    not a release folder or a file of unknown type. A file that cannot be read to its end yields a
    CheckedRecord with `line=None` carrying the "io" error, then the next file is read.
    Memory: only the ids seen so far (id → where first seen) are kept; with `unique_ids=False`
    ids are not checked across records (the caller does it, e.g. publish while merging its
    id-sorted runs) and memory stays flat.
    """
    inputs = resolve_inputs(paths, check_release)
    return _iter_checked(inputs, validator or ArticleValidator(), {} if unique_ids else None)


def _iter_checked(
    inputs: list[InputFile], validator: ArticleValidator, seen: dict[str, tuple[str, int]] | None
) -> Iterator[CheckedRecord]:
    for f in inputs:
        try:
            for line, data, errors in check_rows(f.path, iter_rows(f), validator, seen):
                yield CheckedRecord(f.path, line, data, errors)
        except InputError as exc:
            yield CheckedRecord(exc.path, None, None, [_io_error(exc)])


def _io_error(exc: InputError) -> RecordError:
    return RecordError(exc.path, exc.line, "", exc.message, KIND_IO)


@dataclass
class _RangeOutcome:
    """What checking one byte range of a JSONL file found; lines count from 1 at the range."""

    lines: int
    valid: int
    error_count: int
    errors: list[RecordError]
    ids: list[tuple[str, int, bool]]  # (id, line, record otherwise valid) of every record with an id
    spill: str | None = None  # the errors after the first ERRORS_HELD, one JSON object a line


ERRORS_HELD = 10_000  # errors a worker holds for one range; the rest wait in a file (every one is listed)


def _check_range(task: tuple[str, int, int, int | None, str | None]) -> _RangeOutcome:
    """`task`: path, byte range, the most errors listed (None: all) and, when all are, the file the
    errors past ERRORS_HELD go to: a file of blank lines has as many errors as bytes."""
    path, start, end, max_errors, spill_path = task
    errors: list[RecordError] = []
    ids: list[tuple[str, int, bool]] = []
    lines = valid = error_count = 0
    spill = None
    try:
        for line, data, found in check_rows(path, iter_jsonl_range(path, start, end), ArticleValidator(), None):
            lines = line
            rid = data.get("id") if type(data) is dict else None
            if type(rid) is str:
                ids.append((rid, line, not found))
            if not found:
                valid += 1
                continue
            error_count += len(found)
            if max_errors is not None:
                errors.extend(found[: max(0, max_errors - len(errors))])
            elif len(errors) < ERRORS_HELD or spill_path is None:
                errors.extend(found)
            else:
                if spill is None:
                    spill = open(spill_path, "wb")  # noqa: SIM115 (closed below)
                spill.write(b"".join(json.dumps(e.to_dict(), ensure_ascii=False).encode() + b"\n" for e in found))
    finally:
        if spill is not None:
            spill.close()
    return _RangeOutcome(lines, valid, error_count, errors, ids, spill_path if spill is not None else None)


def _spilled(path: str) -> Iterator[RecordError]:
    """The errors a worker wrote to `path`, in order; the file is removed once read."""
    try:
        with open(path, "rb") as handle:
            for raw in handle:
                yield RecordError(**json.loads(raw))  # the fields of RecordError.to_dict
    finally:
        os.unlink(path)


def _check_file_parallel(
    path: str,
    workers: int,
    max_errors: int | None,
    seen: dict[str, tuple[str, int]],
    emit: Callable[[Iterable[RecordError]], None],
) -> tuple[int, int, int]:
    """(records, valid, error count) of a plain JSONL file, checked in `workers` processes, its
    errors handed to `emit` piece by piece in line order; ids are checked across pieces here, in
    input order, exactly as the serial loop does."""
    import tempfile

    ranges = jsonl_ranges(path, workers * 4)
    records = valid = error_count = 0
    with (
        tempfile.TemporaryDirectory(prefix="baokan-validate-") as spill_dir,
        mp_context().Pool(workers, initializer=worker_init) as pool,
    ):
        spills = [None if max_errors is not None else os.path.join(spill_dir, f"{i}.jsonl") for i in range(len(ranges))]
        tasks = [(path, start, end, max_errors, spill) for (start, end), spill in zip(ranges, spills, strict=True)]
        for outcome in each_result(pool.imap(_check_range, tasks)):
            offset = records
            records += outcome.lines
            valid += outcome.valid
            error_count += outcome.error_count
            duplicates: list[RecordError] = []
            for rid, line, ok in outcome.ids:
                first = seen.get(rid)
                if first is None:
                    seen[rid] = (path, line + offset)
                    continue
                duplicates.append(duplicate_error(path, line + offset, rid, first))
                valid -= ok
            error_count += len(duplicates)
            # every error of a piece is about a record: its line is set
            own: Iterable[RecordError] = outcome.errors
            if outcome.spill is not None:
                own = itertools.chain(own, _spilled(outcome.spill))
            shifted = (replace(e, line=(e.line or 0) + offset) for e in own)
            # a record's own errors come before its duplicate-id error, as in the serial loop
            emit(heapq.merge(shifted, duplicates, key=lambda e: (e.line or 0, e.kind == KIND_DUPLICATE)))
    return records, valid, error_count


def validate_paths(
    paths: Iterable[str | Path],
    max_errors: int | None = None,
    progress: Callable[[int], Any] | None = None,
    workers: int = 1,
    check_release: Callable[[Path], None] | None = None,
    on_error: Callable[[RecordError], None] | None = None,
) -> CheckResult:
    """Validate every record of the inputs and sum up.

    `max_errors`: list at most this many errors (all are still counted).
    `on_error`: called with every listed error, in input order, as it is found; the result then
    holds none (`listed` counts them), so memory does not grow with the errors: the CLI's
    reporters stream them. Without it they are kept in `errors`.
    `progress`: called now and then with the number of records checked since the last call
    (e.g. a tqdm bar's `update`).
    `workers`: processes for big plain JSONL files; the result is the same for any number.
    `check_release`: called with every release folder input before it is read (the CLI passes
    `release.verify.check_release_input`, which raises when the folder fails verify).
    """
    inputs = resolve_inputs(paths, check_release)
    result = CheckResult(files=len(inputs), max_errors=max_errors)
    kept = result.errors
    validator = ArticleValidator()
    seen: dict[str, tuple[str, int]] = {}
    records = valid = error_count = reported = 0

    def list_errors(errors: Iterable[RecordError]) -> None:
        for error in errors:
            if max_errors is not None and result.listed >= max_errors:
                return
            result.listed += 1
            if on_error is not None:
                on_error(error)
            else:
                kept.append(error)

    def keep(errors: list[RecordError]) -> None:
        nonlocal error_count
        error_count += len(errors)
        list_errors(errors)

    for f in inputs:
        big = f.kind == "jsonl" and f.path != STDIN and os.path.getsize(f.path) >= parallel.PARALLEL_MIN_BYTES
        if workers > 1 and big:
            n, n_valid, n_errors = _check_file_parallel(f.path, workers, max_errors, seen, list_errors)
            records += n
            valid += n_valid
            error_count += n_errors
            if progress is not None:
                progress(n)
            reported += n
            continue
        try:
            for _line, _data, errors in check_rows(f.path, iter_rows(f), validator, seen):
                records += 1
                if errors:
                    keep(errors)
                else:
                    valid += 1
                if progress is not None and records - reported >= PROGRESS_EVERY:
                    progress(records - reported)
                    reported = records
        except InputError as exc:
            result.file_errors += 1
            keep([_io_error(exc)])
    if progress is not None and records > reported:
        progress(records - reported)
    result.records = records
    result.valid_records = valid
    result.error_count = error_count
    result.truncated = result.listed < error_count
    return result


RECORDS = "<records>"  # the file name errors give for records held in memory (`validate_records`)


def validate_records(records: Iterable[Any], max_errors: int | None = None, file: str = RECORDS) -> CheckResult:
    """Validate records held in memory (JSON-shaped dicts, as `Article.to_dict` gives) with the
    same checks as `validate_paths`, ids unique across them. Errors name `file` and the record's
    place (1-based) as its line; at most `max_errors` are kept (all are counted)."""
    result = CheckResult(files=1, max_errors=max_errors)
    rows = ((line, data, None) for line, data in enumerate(records, start=1))
    for _line, _data, errors in check_rows(file, rows, ArticleValidator(), {}):
        result.records += 1
        if not errors:
            result.valid_records += 1
            continue
        result.error_count += len(errors)
        room = len(errors) if max_errors is None else max(0, max_errors - result.listed)
        result.errors.extend(errors[:room])
        result.listed += min(room, len(errors))
    result.truncated = result.listed < result.error_count
    return result
