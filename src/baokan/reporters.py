"""Reporters: results (data) → a text report for people or one compact JSON document for programs.

The library returns results (`validate.CheckResult`, `release.verify.VerifyResult`,
`release.diff.ReleaseDiff`, `release.PublishResult`, `build.BuildSummary`, `build.SegmentSummary`);
each has a `to_dict()` (its JSON form) and is rendered here. The CLI picks a reporter by
`--format` and writes the report to stdout; the one-line summaries here go to stderr.
Nothing here prints, and nothing here imports the heavy parts of the library.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from baokan.build import BuildSummary, SegmentSummary
    from baokan.release.diff import ReleaseDiff, ReleaseSide
    from baokan.release.publisher import PublishResult
    from baokan.release.verify import VerifyResult
    from baokan.validate import CheckResult, RecordError


def json_document(doc: Mapping[str, Any]) -> str:
    """One compact JSON document on one line (non-ASCII text as is), ending with a newline."""
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"


def error_document(message: str, exit_code: int, **extra: Any) -> dict[str, Any]:
    """The JSON form of a failed command: {"error": {"message", "exit_code"}, ...extra}."""
    return {"error": {"message": message, "exit_code": exit_code}, **extra}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


# -- validate ---------------------------------------------------------------------------------------


def check_summary(result: CheckResult) -> str:
    """`N records in M files: K invalid records, E errors` (+ unreadable files, cut list)."""
    text = (
        f"{_plural(result.records, 'record')} in {_plural(result.files, 'file')}: "
        f"{_plural(result.invalid_records, 'invalid record')}, {_plural(result.error_count, 'error')}"
    )
    if result.file_errors:
        text += f", {_plural(result.file_errors, 'unreadable file')}"
    if result.truncated:
        text += f" (first {max(len(result.errors), result.listed)} shown)"
    return text


def format_error(error: RecordError) -> str:
    """`FILE:LINE: PATH: MESSAGE` (`FILE: MESSAGE` for a problem with a whole file, `FILE:LINE:
    MESSAGE` for one that stopped the reading at a line)."""
    if error.line is None:
        return f"{error.file}: {error.message}"
    if not error.path:
        return f"{error.file}:{error.line}: {error.message}"
    return f"{error.file}:{error.line}: {error.path}: {error.message}"


def check_text(result: CheckResult) -> str:
    """One line per error, then the summary line."""
    lines = [format_error(e) for e in result.errors]
    lines.append(check_end_text(result))
    return "\n".join(lines)


def check_end_text(result: CheckResult) -> str:
    """What follows the error lines: how many were not listed, then the summary line."""
    lines = []
    if result.truncated:
        lines.append(f"... {result.error_count - max(len(result.errors), result.listed)} more errors not listed")
    lines.append(check_summary(result))
    return "\n".join(lines) + "\n"


class CheckStream:
    """The report of `baokan validate` written as the errors are found: text, one line per error
    then the summary; JSON, one document whose `errors` list is written error by error (the
    summary fields after it). Nothing is held but the counts."""

    def __init__(self, as_json: bool, write: Callable[[str], None]) -> None:
        self.as_json = as_json
        self.write = write
        self.started = False

    def error(self, error: RecordError) -> None:
        if not self.as_json:
            self.write(format_error(error) + "\n")
            return
        self.write(
            ("," if self.started else '{"errors":[')
            + json.dumps(error.to_dict(), ensure_ascii=False, separators=(",", ":"))
        )
        self.started = True

    def finish(self, result: CheckResult) -> None:
        if not self.as_json:
            self.write(check_end_text(result))
            return
        rest = json.dumps(result.summary_dict(), ensure_ascii=False, separators=(",", ":"))
        self.write(("" if self.started else '{"errors":[') + "]," + rest[1:] + "\n")


# -- verify -----------------------------------------------------------------------------------------


def verify_text(result: VerifyResult) -> str:
    """One line per problem and per invalid record, then `ok: …` or `FAILED: …`."""
    lines = [f"{problem.file}: {problem.message}" for problem in result.problems]
    if result.check is not None:
        lines.extend(format_error(error) for error in result.check.errors)
    if result.ok:
        lines.append(f"ok: {result.release} ({result.files_checked} files, {result.records} records verified)")
    else:
        lines.append(f"FAILED: {result.release}: {_plural(result.problem_count, 'problem')}")
    return "\n".join(lines) + "\n"


# -- diff -------------------------------------------------------------------------------------------


def _label(side: ReleaseSide) -> str:
    return f"{side.path} ({side.version})" if side.version else side.path


def diff_text(diff: ReleaseDiff) -> str:
    """Summary, per-split counts, then every id that differs."""
    lines = [
        f"old: {_label(diff.old)}",
        f"new: {_label(diff.new)}",
        f"records: {diff.old.records} -> {diff.new.records} "
        f"({len(diff.added)} added, {len(diff.removed)} removed, {len(diff.changed)} changed, "
        f"{len(diff.provenance_only)} provenance only, {diff.unchanged} unchanged)",
        "splits:",
    ]
    for name, counts in diff.splits.items():
        delta = counts["new"] - counts["old"]
        lines.append(f"  {name}: {counts['old']} -> {counts['new']} ({delta:+d})")
    if diff.identical:
        lines.append("no differences")
    for title, ids, mark in (("added", diff.added, "+"), ("removed", diff.removed, "-")):
        if ids:
            lines.append(f"{title} ({len(ids)}):")
            lines.extend(f"  {mark} {i}" for i in ids)
    if diff.changed:
        lines.append(f"changed ({len(diff.changed)}):")
        lines.extend(f"  ~ {i}: {', '.join(fields)}" for i, fields in diff.changed)
    if diff.provenance_only:
        lines.append(f"provenance only ({len(diff.provenance_only)}; same content, raw page changed):")
        lines.extend(f"  . {i}: {', '.join(fields)}" for i, fields in diff.provenance_only)
    if diff.moved:
        lines.append(f"moved between splits ({len(diff.moved)}; should never happen):")
        lines.extend(f"  ! {i}: {a} -> {b}" for i, a, b in diff.moved)
    for side in ("old", "new"):
        if diff.duplicates[side]:
            lines.append(f"duplicate ids in {side} ({len(diff.duplicates[side])}):")
            lines.extend(f"  ! {i}" for i in diff.duplicates[side])
    return "\n".join(lines) + "\n"


# -- publish ----------------------------------------------------------------------------------------


def publish_text(result: PublishResult) -> str:
    """`published: PATH` (or `unchanged …`), then the records of each split."""
    state = "unchanged (identical release exists)" if result.noop else "published"
    lines = [f"{state}: {result.path}"]
    lines.extend(f"  {split}: {rows} records" for split, rows in result.splits.items())
    lines.append(f"  digest: {result.digest}")
    return "\n".join(lines) + "\n"


def publish_summary(result: PublishResult) -> str:
    """`N records in, M out, K rejected[, U unreadable inputs] (see REJECTS)`."""
    text = f"{result.records_in} records in, {result.records} out, {result.rejected_records} rejected"
    if result.unreadable:
        text += f", {_plural(result.unreadable, 'unreadable input')}"
    if result.rejected:
        text += f" (see {result.rejects_path})"
    return text


# -- build ------------------------------------------------------------------------------------------


def build_table(summary: BuildSummary) -> str:
    """The state of the release, a table of counts and the records line (for stderr)."""
    release = summary.published
    state = "unchanged: an identical release exists" if release.noop else "published"
    rows = summary.rows()
    width = max(len(label) for label, _ in rows)
    lines = [f"{state}: {release.path}", f"  digest: {release.digest}"]
    lines.extend(f"  {label:<{width}}  {value:>10,}" for label, value in rows)
    see = []
    if release.rejected:
        see.append(str(release.rejects_path))
    if summary.pages_failed:
        see.append(str(summary.rejected_pages_path))
    pages = f", {summary.pages_failed} pages rejected" if summary.pages_failed else ""
    lines.append(
        f"{summary.articles} records in, {release.records} out, {release.rejected} rejected, "
        f"{summary.duplicates} duplicates dropped{pages}" + (f" (see {' and '.join(see)})" if see else "")
    )
    return "\n".join(lines) + "\n"


# -- segment ----------------------------------------------------------------------------------------


def segment_summary(summary: SegmentSummary) -> str:
    """`N pages, M articles, F fragments, W warnings` and `N pages in, M articles out, K pages
    rejected (see REJECTS)` (for stderr)."""
    see = f" (see {summary.rejects})" if summary.rejects else ""
    return (
        f"{summary.pages} pages, {summary.articles} articles, {summary.fragments} fragments, "
        f"{summary.warnings} warnings\n"
        f"{summary.pages} pages in, {summary.articles} articles out, {summary.rejected} pages rejected{see}\n"
    )
