"""`manifest.json`: what a release folder holds — every file with its sha256, bytes and rows; the
tool, pyarrow and schema versions; the inputs' totals; splits; rejects and duplicates.

Made here and checked against `schema/manifest.schema.json` when written (a manifest that does
not follow its schema is a bug, never written) and when read back (`baokan verify`).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import isal
import orjson
import pyarrow

from baokan import __version__
from baokan.outputs import write_atomic
from baokan.release.files import sha256_file
from baokan.release.inputs import InputsSummary
from baokan.release.layout import DUPLICATES, INPUTS, MANIFEST, REJECTS, SCHEMA_COPY
from baokan.release.writers import SplitInfo
from baokan.schema import article_schema, manifest_schema, schema_sha256, schema_version

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

MANIFEST_VERSION = "2.0.0"  # the const of manifest.schema.json's manifest_version


def compose_manifest(
    release: Path,
    *,
    name: str,
    version: str,
    created: str | None,
    inputs: InputsSummary,
    split_ratios: dict[str, float],
    splits: dict[str, SplitInfo],
    rows: dict[str, int],
    rejects: int,
    duplicates: int,
    config: dict[str, Any] | None,
) -> dict[str, Any]:
    """The manifest of the release folder `release`, whose files are all written but this one;
    `rows` gives the records of each file that holds records."""
    return {
        "manifest_version": MANIFEST_VERSION,
        "name": name,
        "version": version,
        "created": created,
        "tool": {"name": "baokan", "version": __version__, "pyarrow": pyarrow.__version__, "isal": isal.__version__},
        "schema": {
            "id": article_schema()["$id"],
            "version": schema_version(),
            "sha256": schema_sha256(),
            "file": SCHEMA_COPY,
        },
        "inputs": {"count": inputs.count, "bytes": inputs.bytes, "records": inputs.records, "file": INPUTS},
        "records": sum(s.rows for s in splits.values()),
        "split_ratios": dict(split_ratios),
        "splits": {name: {"rows": s.rows, "parquet": s.parquet, "jsonl": s.jsonl} for name, s in splits.items()},
        "files": file_entries(release, rows),
        "rejects": {"count": rejects, "file": REJECTS if rejects else None},
        "duplicates": {"count": duplicates, "file": DUPLICATES if duplicates else None},
        "config": config,
    }


def file_entries(release: Path, rows: dict[str, int]) -> list[dict[str, Any]]:
    """`{"path", "sha256", "bytes", "rows"}` of every file below `release` but the manifest,
    sorted by path."""
    files = [p for p in sorted(release.rglob("*")) if p.is_file() and p.relative_to(release).as_posix() != MANIFEST]
    # hashlib releases the GIL: the files are hashed on all cores
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        digests = list(pool.map(sha256_file, files))
    entries = []
    for file, (digest, size) in zip(files, digests, strict=True):
        rel = file.relative_to(release).as_posix()
        entries.append({"path": rel, "sha256": digest, "bytes": size, "rows": rows.get(rel)})
    return entries


def schema_problems(manifest: Any) -> list[str]:
    """Where `manifest` breaks manifest.schema.json: `$.path: message` each (empty: it follows it).
    The compiled validator says whether; jsonschema (slow to import) says where, when it does not."""
    from baokan.validate import json_path

    if _compiled_validator().is_valid(manifest):
        return []
    return [f"{json_path(e.absolute_path)}: {e.message}" for e in _validator().iter_errors(manifest)]


@cache
def _compiled_validator() -> Any:
    import jsonschema_rs

    return jsonschema_rs.Draft202012Validator(manifest_schema(), validate_formats=True)


@cache
def _validator() -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(manifest_schema())


def write_manifest(release: Path, manifest: dict[str, Any]) -> None:
    """Write `release/manifest.json` (2-space indent, trailing newline), once it is checked."""
    problems = schema_problems(manifest)
    if problems:
        raise RuntimeError(f"the manifest of {release} breaks manifest.schema.json: {'; '.join(problems[:3])}")
    write_atomic(release / MANIFEST, orjson.dumps(manifest, option=orjson.OPT_INDENT_2) + b"\n")


def read_manifest(release: Path) -> tuple[Any, str | None]:
    """(the parsed manifest, None), or (None, why) when it cannot be read or is not JSON: a damaged
    release, reported like any other damaged file (exit 1), not a usage error. A folder without a
    manifest is a `UsageError`."""
    from baokan.errors import UsageError, no_such_path

    path = release / MANIFEST
    if not release.exists():
        raise no_such_path(release)
    if not release.is_dir():
        raise UsageError(f"{release}: not a folder")
    if not path.is_file():
        raise UsageError(f"{release}: not a release folder (no {MANIFEST})")
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, f"cannot read: {exc.strerror or exc}"
    try:
        return orjson.loads(data), None
    except orjson.JSONDecodeError as exc:
        return None, f"not valid JSON: {exc}"
