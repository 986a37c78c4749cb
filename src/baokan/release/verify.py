"""`verify`: recompute every checksum and row count of a release against its manifest and
re-validate its records."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
import pyarrow.parquet as pq

from baokan.errors import InputError
from baokan.release.digest import recorded_digest, release_digest
from baokan.release.files import sha256_file
from baokan.release.inputs import summarize_inputs
from baokan.release.layout import CHANGELOG, CROISSANT, MANIFEST
from baokan.release.manifest import read_manifest, schema_problems
from baokan.release.mirror import compare_mirror
from baokan.release.rejects import MAX_REPORTED_ERRORS
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
    digest: str = ""  # `sha256:<hex>` of manifest.json, as found
    digest_checked: str | None = None  # where the digest it was checked against came from

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
            "digest": self.digest,
            "digest_checked": self.digest_checked,
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
    release: Path,
    revalidate: bool = True,
    progress: Callable[[int], object] | None = None,
    *,
    digest: str | None = None,
    deep: bool = False,
) -> VerifyResult:
    """Problems are collected, never raised: a missing, extra, truncated or altered file, a
    symbolic link or a folder that is not the release's, a Croissant checksum that is out of date,
    each gets its own entry naming the file. The manifest itself is checked against `digest` (a
    pinned `sha256:<hex>`) or else against the digest the dataset's CHANGELOG.md recorded for this
    version. `deep` also compares the JSON Lines mirror with the Parquet rows, record by record.
    `progress` is called with the number of records re-validated now and then."""
    from baokan.validate import validate_paths

    result = VerifyResult(release=str(release))
    if (release / MANIFEST).is_file():
        result.digest = release_digest(release)
        _check_digest(release, result, digest)
    manifest, problem = read_manifest(release)
    if problem is not None:
        result.problems.append(Problem(MANIFEST, problem))
        return result
    unreadable = [Problem(MANIFEST, p) for p in schema_problems(manifest)]
    if unreadable:
        result.problems.extend(unreadable)
        return result

    listed = {entry["path"]: entry for entry in manifest["files"]}
    present, links, folders = _release_tree(release)
    result.problems.extend(links)
    result.problems.extend(_unexpected_folders(folders, listed))
    for rel in sorted(listed.keys() - present):
        result.problems.append(Problem(rel, "missing: listed in the manifest but not in the release"))
    for rel in sorted(present - listed.keys()):
        result.problems.append(Problem(rel, "extra file: not listed in the manifest"))
    for rel in sorted(listed.keys() & present):
        _check_file(release, rel, listed[rel], result)

    result.problems.extend(_check_inputs(release, manifest["inputs"], listed))
    result.problems.extend(_check_croissant(release, listed))
    split_rows = sum(s["rows"] for s in manifest["splits"].values())
    if split_rows != manifest["records"]:
        result.problems.append(
            Problem(MANIFEST, f"splits hold {split_rows} rows but records says {manifest['records']}")
        )
    if deep and not result.problems:
        result.problems.extend(Problem(file, message) for file, message in compare_mirror(release, manifest))
    if revalidate and not result.problems:
        # the first errors are listed, all are counted: memory does not grow with them
        result.check = validate_paths([release], max_errors=MAX_REPORTED_ERRORS, progress=progress)
        result.records = result.check.records
    return result


def check_release_input(release: Path) -> None:
    """Raise `InputError` when a release folder given as an input fails `verify` (its files only):
    records read from an altered release must not pass for the published ones. A folder of
    Parquet shards without a manifest is not a baokan release and is read as it is."""
    if not (release / MANIFEST).exists():
        return
    result = verify_release(release, revalidate=False)
    if result.ok:
        return
    first = result.problems[0]
    raise InputError(
        str(release),
        f"the release fails verify ({len(result.problems)} problems; first: {first.file}: {first.message}); "
        f"see `baokan verify {release}`",
    )


def _check_digest(release: Path, result: VerifyResult, pinned: str | None) -> None:
    if pinned is not None:
        expected, source = pinned, "the digest given"
    else:
        recorded = recorded_digest(release)
        if recorded is None:
            return
        expected, source = recorded, f"the digest {release.parent / CHANGELOG} recorded"
    result.digest_checked = source
    if result.digest != expected:
        result.problems.append(
            Problem(MANIFEST, f"digest {result.digest} differs from {source}, {expected}: the manifest was changed")
        )


def _check_file(release: Path, rel: str, entry: dict[str, Any], result: VerifyResult) -> None:
    path = release / rel
    try:
        digest, size = sha256_file(path)
    except InputError as exc:
        result.problems.append(Problem(rel, exc.message))
        return
    result.files_checked += 1
    if size != entry["bytes"]:
        result.problems.append(
            Problem(rel, f"size {size} bytes, manifest says {entry['bytes']} (truncated or altered)")
        )
    if digest != entry["sha256"]:
        result.problems.append(Problem(rel, f"sha256 {digest} differs from the manifest's {entry['sha256']}"))
        return
    if entry["rows"] is not None:
        try:
            rows = _row_count(path)
        except Exception as exc:  # a corrupt file with a matching checksum is still reported
            result.problems.append(Problem(rel, f"cannot count rows: {exc}"))
            return
        if rows != entry["rows"]:
            result.problems.append(Problem(rel, f"{rows} rows, manifest says {entry['rows']}"))


# What a download of the release from the Hugging Face Hub adds beside its files
# (huggingface_hub's snapshot_download into a folder): named, not "any hidden file".
HUB_FILES = frozenset({".gitattributes"})
HUB_FOLDERS = frozenset({".cache/huggingface"})


def _hub_addition(release: Path, rel: str) -> bool:
    if rel in HUB_FILES or rel in HUB_FOLDERS:
        return True
    # `.cache/` itself, when it holds nothing but the Hub's folder
    return rel == ".cache" and set(os.listdir(release / rel)) <= {"huggingface"}


def _release_tree(release: Path) -> tuple[set[str], list[Problem], set[str]]:
    """(regular files, symbolic links as problems, folders) below the release, relative, without
    following links: a release holds regular files only, so a shard replaced by a link (even to
    identical bytes) is reported. A Hub download's additions (HUB_FILES, HUB_FOLDERS) are left out."""
    files: set[str] = set()
    links: list[Problem] = []
    folders: set[str] = set()
    for root, dirs, names in os.walk(release):
        base = Path(root)
        for name in sorted(dirs + names):
            path = base / name
            rel = path.relative_to(release).as_posix()
            if _hub_addition(release, rel):
                if name in dirs:
                    dirs.remove(name)
                continue
            if path.is_symlink():
                links.append(
                    Problem(rel, f"a symbolic link (to {os.readlink(path)}): a release holds only regular files")
                )
            elif name in dirs:
                folders.add(rel)
            elif rel != MANIFEST:
                files.add(rel)
        dirs[:] = [d for d in dirs if not (base / d).is_symlink()]
    return files, links, folders


def _unexpected_folders(folders: set[str], listed: dict[str, Any]) -> list[Problem]:
    """Folders that hold none of the listed files."""
    needed = {parent.as_posix() for rel in listed for parent in Path(rel).parents if parent != Path(".")}
    return [Problem(f"{rel}/", "extra folder: holds no file of the manifest") for rel in sorted(folders - needed)]


def _check_croissant(release: Path, listed: dict[str, Any]) -> list[Problem]:
    """Every file object of croissant.json names a listed file and its sha256 (a Croissant
    consumer checks downloads against it)."""
    if CROISSANT not in listed or not (release / CROISSANT).is_file():
        return []
    try:
        doc = orjson.loads((release / CROISSANT).read_bytes())
    except orjson.JSONDecodeError as exc:
        return [Problem(CROISSANT, f"not valid JSON: {exc}")]
    problems = []
    for item in doc.get("distribution", []) if isinstance(doc, dict) else []:
        if not isinstance(item, dict) or item.get("@type") != "cr:FileObject" or "sha256" not in item:
            continue
        url = item.get("contentUrl")
        entry = listed.get(url) if isinstance(url, str) else None
        if entry is None:
            problems.append(Problem(CROISSANT, f"file object {url!r} is not a file of the release"))
        elif item["sha256"] != entry["sha256"]:
            problems.append(
                Problem(CROISSANT, f"sha256 of {url} is {item['sha256']}, the file's is {entry['sha256']} (stale)")
            )
    return problems
