"""`verify`: recompute every checksum and row count of a release against its manifest and
re-validate its records."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow.parquet as pq

from baokan.errors import InputError
from baokan.release.files import sha256_file
from baokan.release.inputs import summarize_inputs
from baokan.release.layout import MANIFEST
from baokan.release.manifest import read_manifest, schema_problems
from baokan.release.writers import count_jsonl_gz_rows

if TYPE_CHECKING:
    from baokan.validate import CheckResult


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    message: str


@dataclass
class VerifyResult:
    release: str
    files_checked: int = 0
    records: int = 0
    problems: list[Problem] = field(default_factory=list)
    check: CheckResult | None = None  # the re-validation of the records

    @property
    def ok(self) -> bool:
        return not self.problems and (self.check is None or self.check.valid)

    @property
    def problem_count(self) -> int:
        """Problems with files plus errors in records."""
        return len(self.problems) + (self.check.error_count if self.check is not None else 0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "release": self.release,
            "ok": self.ok,
            "files_checked": self.files_checked,
            "records": self.records,
            "problems": [{"file": p.file, "message": p.message} for p in self.problems],
            "validation_errors": []
            if self.check is None
            else [{"file": e.file, "line": e.line, "path": e.path, "message": e.message} for e in self.check.errors],
        }


def _row_count(path: Path) -> int:
    if path.name.endswith(".parquet"):
        return pq.ParquetFile(path).metadata.num_rows
    if path.name.endswith(".jsonl.gz"):
        return count_jsonl_gz_rows(path)
    with open(path, "rb") as handle:
        return sum(1 for _ in handle)


def _check_inputs(release: Path, summary: dict[str, Any], listed: dict[str, Any]) -> list[Problem]:
    """inputs.jsonl: every line an input entry, their totals those of the manifest."""
    rel = summary["file"]
    if rel not in listed or not (release / rel).is_file():
        return [] if rel in listed else [Problem(MANIFEST, f"inputs.file {rel!r} is not listed in files")]
    try:
        found = summarize_inputs(release / rel)
    except InputError as exc:
        return [Problem(rel, f"line {exc.line}: {exc.message}")]
    problems = []
    for key in ("count", "bytes", "records"):
        if getattr(found, key) != summary[key]:
            problems.append(Problem(rel, f"inputs sum to {key} {getattr(found, key)}, manifest says {summary[key]}"))
    return problems


def verify_release(
    release: Path, revalidate: bool = True, progress: Callable[[int], object] | None = None
) -> VerifyResult:
    """Problems are collected, never raised: a missing, extra, truncated or altered file each
    gets its own entry naming the file. `progress` is called with the number of records
    re-validated now and then."""
    from baokan import validate

    manifest, problem = read_manifest(release)
    result = VerifyResult(release=str(release))
    if problem is not None:
        result.problems.append(Problem(MANIFEST, problem))
        return result
    result.problems.extend(Problem(MANIFEST, p) for p in schema_problems(manifest))
    if result.problems:
        return result

    listed = {entry["path"]: entry for entry in manifest["files"]}
    present = {p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file()} - {MANIFEST}
    for rel in sorted(listed.keys() - present):
        result.problems.append(Problem(rel, "missing: listed in the manifest but not in the release"))
    for rel in sorted(present - listed.keys()):
        result.problems.append(Problem(rel, "extra file: not listed in the manifest"))
    for rel in sorted(listed.keys() & present):
        entry = listed[rel]
        path = release / rel
        try:
            digest, size = sha256_file(path)
        except InputError as exc:
            result.problems.append(Problem(rel, exc.message))
            continue
        result.files_checked += 1
        if size != entry["bytes"]:
            result.problems.append(
                Problem(rel, f"size {size} bytes, manifest says {entry['bytes']} (truncated or altered)")
            )
        if digest != entry["sha256"]:
            result.problems.append(Problem(rel, f"sha256 {digest} differs from the manifest's {entry['sha256']}"))
            continue
        if entry["rows"] is not None:
            try:
                rows = _row_count(path)
            except Exception as exc:  # a corrupt file with a matching checksum is still reported
                result.problems.append(Problem(rel, f"cannot count rows: {exc}"))
                continue
            if rows != entry["rows"]:
                result.problems.append(Problem(rel, f"{rows} rows, manifest says {entry['rows']}"))

    result.problems.extend(_check_inputs(release, manifest["inputs"], listed))
    split_rows = sum(s["rows"] for s in manifest["splits"].values())
    if split_rows != manifest["records"]:
        result.problems.append(
            Problem(MANIFEST, f"splits hold {split_rows} rows but records says {manifest['records']}")
        )
    if revalidate and not result.problems:
        result.check = validate.validate_paths([release], progress=progress)
        result.records = result.check.records
    return result
