"""`publish`: validated article records → an immutable, reproducible release folder.

The release is assembled in a temporary folder beside its final place, checked, flushed to disk
and renamed into place in one step, so an interrupted publish never leaves a half-written
version visible. A lock file serializes publishers of the same version.
"""

from __future__ import annotations

import fcntl
import gc
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

import isal
import orjson
import pyarrow

from baokan import __version__
from baokan.errors import InvalidDataError, OutputError, ReleaseExistsError, UsageError
from baokan.records import canonical_record
from baokan.release import card as card_mod
from baokan.release import intake
from baokan.release.changelog import changelog_entry, update_changelog
from baokan.release.croissant import build_croissant, croissant_bytes
from baokan.release.diff import diff_releases
from baokan.release.files import (
    check_output_folder,
    fsync_path,
    fsync_tree,
    process_alive,
    sha256_file,
    write_bytes,
)
from baokan.release.inputs import InputEntry, InputsFile, write_inputs
from baokan.release.layout import (
    CARD,
    CHANGELOG,
    CROISSANT,
    DUPLICATES,
    INPUTS,
    MANIFEST,
    REJECTS,
    SCHEMA_COPY,
    check_name,
    check_version,
    existing_versions,
    version_key,
)
from baokan.release.rejects import append_rejects, reject_line, shift_error
from baokan.release.splits import DEFAULT_SPLITS, SplitAssigner
from baokan.release.spool import SortedSpool, SpooledRecord
from baokan.release.stats import CorpusStats
from baokan.release.writers import WrittenShard, write_split
from baokan.schema import article_schema, schema_bytes, schema_sha256, schema_version

DEFAULT_MAX_SHARD_BYTES = 256 * 1024 * 1024
# The report of a refused publish keeps this many errors (all are counted; with --drop-invalid
# every rejected record is in rejects.jsonl with all its errors).
MAX_REPORTED_ERRORS = 1000
TMP_PREFIX = ".tmp-"
MANIFEST_VERSION = "2.0.0"  # the const of manifest.schema.json's manifest_version

Progress = Callable[[str, int], None]


@dataclass
class PublishOptions:
    name: str
    version: str
    split_ratios: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_SPLITS))
    max_shard_bytes: int = DEFAULT_MAX_SHARD_BYTES
    drop_invalid: bool = False
    pretty_name: str | None = None
    description: str = (
        "Articles segmented from the raw text of printed Chinese newspaper pages by baokan: one "
        "record per article with its title, kicker, subtitle, dateline, authors, paragraphs and "
        "captions, and provenance back to the raw page."
    )
    license: str = "other"
    task_categories: list[str] = field(default_factory=lambda: ["text-generation"])
    limitations: list[str] = field(
        default_factory=lambda: [
            "Text comes from PDF/OCR extraction of printed pages: characters may be missing or wrong.",
            "Segmentation is automatic: a headline, caption or byline can be attached to the wrong "
            "article, and articles can be split or merged; see each record's `flags`.",
            "Articles name real people (reporters, officials, people quoted); the text is published "
            "as printed and has not been anonymized.",
        ]
    )
    config: dict[str, Any] | None = None
    # JSON lines {"id", "kept"} sorted by id: records left out as duplicates of the kept one
    # (build: same text); published as duplicates.jsonl and counted in the manifest.
    duplicates_file: Path | None = None
    extra_files: dict[str, bytes | Path] = field(default_factory=dict)  # release path → content or file
    # Processes that read and check big JSONL inputs; the release is the same for any number.
    workers: int = 1
    # inputs.jsonl (lines as in the manifest schema's $defs/input) when the records were not read
    # from `inputs` (build: the raw pages); a file, so a corpus of millions of pages is never held.
    inputs_file: InputsFile | None = None


@dataclass
class PublishResult:
    path: Path
    records: int
    rejected: int
    splits: dict[str, int]
    noop: bool
    files: list[dict[str, Any]]
    check: Any = None  # the validation CheckResult (errors of rejected records)
    records_in: int = 0  # records read (valid or not; unreadable inputs are not records)
    duplicates: int = 0  # records left out as listed in options.duplicates_file
    characters: int = 0  # characters of body text published
    unreadable: int = 0  # inputs that could not be read to their end (listed in rejects.jsonl)

    @property
    def rejected_records(self) -> int:
        """Records left out (invalid or duplicate id); `rejected` also counts unreadable inputs."""
        return self.rejected - self.unreadable


def _source_date() -> tuple[str | None, str | None]:
    """(created timestamp, year) from SOURCE_DATE_EPOCH; (None, None) when unset."""
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if not raw:
        return None, None
    try:
        moment = datetime.fromtimestamp(int(raw), tz=UTC)
    except (ValueError, OverflowError, OSError):
        raise UsageError(f"SOURCE_DATE_EPOCH={raw!r} is not a Unix timestamp") from None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ"), moment.strftime("%Y")


@contextmanager
def _version_lock(dataset_dir: Path, version: str) -> Iterator[None]:
    dataset_dir.mkdir(parents=True, exist_ok=True)
    lock_path = dataset_dir / f".{version}.lock"
    with open(lock_path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ReleaseExistsError(
                f"another process is publishing {dataset_dir.name} {version} right now; "
                "wait for it to finish and check the result with `baokan verify`"
            ) from None
        yield


def _remove_leftovers(dataset_dir: Path, version: str) -> None:
    """Temporary files of earlier, interrupted publishes of this version (we hold its lock)."""
    for leftover in dataset_dir.glob(f"{TMP_PREFIX}{version}-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in dataset_dir.glob(f".{CHANGELOG}.tmp-*"):
        pid = leftover.name.rsplit("-", 1)[-1]
        if not (pid.isdigit() and process_alive(int(pid))):
            leftover.unlink(missing_ok=True)


def _input_digests(paths: Sequence[Path]) -> list[tuple[str, int]]:
    return [sha256_file(path) if path.is_file() else _dir_digest(path) for path in paths]


def _input_entries(paths: Sequence[Path], counts: dict[str, int], digests: list[tuple[str, int]]) -> list[InputEntry]:
    return [
        InputEntry(path.name, digest, size, counts.get(str(path), 0))
        for path, (digest, size) in zip(paths, digests, strict=True)
    ]


def _dir_digest(path: Path) -> tuple[str, int]:
    """A release folder given as input is named by its manifest."""
    manifest = path / MANIFEST
    if manifest.is_file():
        return sha256_file(manifest)
    raise UsageError(f"{path}: a folder input must be a release folder with {MANIFEST}")


def _file_entries(release: Path, rows: dict[str, int]) -> list[dict[str, Any]]:
    files = [p for p in sorted(release.rglob("*")) if p.is_file() and p.relative_to(release).as_posix() != MANIFEST]
    # hashlib releases the GIL: the files are hashed on all cores
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        digests = list(pool.map(sha256_file, files))
    entries = []
    for file, (digest, size) in zip(files, digests, strict=True):
        rel = file.relative_to(release).as_posix()
        entries.append({"path": rel, "sha256": digest, "bytes": size, "rows": rows.get(rel)})
    return entries


def _same_tree(a: Path, b: Path) -> bool:
    def listing(root: Path) -> dict[str, tuple[str, int]]:
        return {p.relative_to(root).as_posix(): sha256_file(p) for p in root.rglob("*") if p.is_file()}

    return listing(a) == listing(b)


def publish(
    inputs: Sequence[Path],
    out: Path,
    options: PublishOptions,
    progress: Progress | None = None,
) -> PublishResult:
    """Validate `inputs` and write `out/NAME/VERSION/`.

    Raises InvalidDataError (with the CheckResult) when records are invalid and
    `drop_invalid` is off, ReleaseExistsError when the version exists with other content.
    """
    name = check_name(options.name)
    version = check_version(options.version)
    assigner = SplitAssigner(options.split_ratios)
    if options.max_shard_bytes < 1024:
        raise UsageError(f"--max-shard-size {options.max_shard_bytes} is too small (minimum 1 KiB)")
    for path in inputs:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
    created, year = _source_date()
    dataset_dir = out / name
    final = dataset_dir / version
    if final.is_symlink():
        raise UsageError(f"{final} is a symbolic link; refusing to publish through it")

    check_output_folder(out)
    try:
        return _publish_locked(inputs, options, assigner, created, year, progress, dataset_dir, final)
    except OSError as exc:
        # ENOSPC, EROFS, EACCES, an --out that is a file...: the temporary folder is gone
        # (see _publish_locked), no version was renamed into place.
        raise OutputError.from_os_error(exc, final) from exc


def _publish_locked(
    inputs: Sequence[Path],
    options: PublishOptions,
    assigner: SplitAssigner,
    created: str | None,
    year: str | None,
    progress: Progress | None,
    dataset_dir: Path,
    final: Path,
) -> PublishResult:
    name, version = options.name, options.version
    with _version_lock(dataset_dir, version):
        _remove_leftovers(dataset_dir, version)
        tmp = Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{version}-", dir=dataset_dir))
        try:
            result = _assemble(inputs, tmp, options, assigner, created, year, progress)
            if final.exists():
                if _same_tree(tmp, final):
                    shutil.rmtree(tmp)
                    _update_dataset_changelog(dataset_dir, final, name)
                    result.path, result.noop = final, True
                    return result
                raise ReleaseExistsError(
                    f"{final} already exists with different content; releases are immutable: "
                    "publish a new version instead"
                )
            # mkdtemp makes the folder private (0700); a release is for everyone who may read OUT.
            os.chmod(tmp, 0o777 & ~_umask())
            fsync_tree(tmp)
            os.rename(tmp, final)
            fsync_path(dataset_dir)
            _update_dataset_changelog(dataset_dir, final, name)
            result.path = final
            return result
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _assemble(
    inputs: Sequence[Path],
    tmp: Path,
    options: PublishOptions,
    assigner: SplitAssigner,
    created: str | None,
    year: str | None,
    progress: Progress | None,
) -> PublishResult:
    from baokan import validate

    # The inputs' checksums are computed in a thread while their records are read (hashlib
    # releases the GIL), instead of in a second pass at the end.
    hasher = ThreadPoolExecutor(max_workers=1)
    digests = hasher.submit(_input_digests, list(inputs) if options.inputs_file is None else [])
    hasher.shutdown(wait=False)
    spool_dir = tmp / ".spool"
    spool_dir.mkdir()
    spools = {name: SortedSpool(spool_dir, name) for name in assigner.ratios}
    stats = CorpusStats()
    counts: dict[str, int] = {}
    input_files: dict[str, int] = {}
    rejects = _Rejects(tmp / REJECTS, options.drop_invalid)
    total = 0
    pieces: list[intake.Piece] = []
    piece_lines: list[int] = []  # lines of its input before each piece
    parallel = intake.eligible(inputs, options.workers)
    source = iter(()) if parallel else validate.iter_checked(list(inputs), unique_ids=False)
    check = validate.CheckResult(files=len(inputs), max_errors=MAX_REPORTED_ERRORS)
    try:
        if parallel:
            pieces = intake.plan_pieces(
                inputs, options.workers, assigner.ratios, spool_dir, options.drop_invalid, MAX_REPORTED_ERRORS
            )
            for index, path in enumerate(inputs):
                input_files[str(path)] = index
            for piece, result in zip(pieces, intake.intake_parallel(pieces, options.workers), strict=True):
                # workers number lines from their piece's start: the lines before it are known now
                lines_before = counts.get(piece.path, 0)
                piece_lines.append(lines_before)
                total += result.lines
                counts[piece.path] = lines_before + result.lines
                rejects.absorb(check, result, lines_before)
                stats.merge(result.stats)
                for split, runs in result.runs.items():
                    spools[split].adopt(runs)
                if progress is not None:
                    progress("read", result.lines - result.rejected)
        for checked in source:
            if checked.is_record:
                total += 1
                counts[checked.file] = counts.get(checked.file, 0) + 1
            else:
                check.file_errors += 1
            if checked.errors:
                rejects.add(check, checked)
                continue
            record = canonical_record(checked.data)
            stats.add(record)
            index = input_files.setdefault(checked.file, len(input_files))
            # arrival order: input, then line (the parallel intake numbers records the same way)
            line = checked.line or 0  # a record (not an io error) always has its line
            seq = (index << intake.SEQ_SHIFT) | line
            spools[assigner(record["id"])].add(record["id"], seq, index, line, orjson.dumps(record) + b"\n")
            if progress is not None:
                progress("read", 1)
        check.records = total
        if rejects.count and not options.drop_invalid:
            check.valid_records = total - rejects.records
            raise InvalidDataError(_refusal(check, total), check)

        # Duplicate ids meet while the id-sorted runs are merged: the first to arrive is kept.
        origin = intake.piece_origin(pieces, piece_lines) if parallel else intake.input_origin(list(input_files))

        def on_duplicate(dup: SpooledRecord, first: SpooledRecord) -> None:
            file, line_no = origin(dup.seq)
            error = validate.duplicate_error(file, line_no, dup.id, origin(first.seq))
            rejects.add(check, validate.CheckedRecord(error.file, error.line, orjson.loads(dup.line), [error]))
            stats.remove(orjson.loads(dup.line))

        excluded = 0

        def on_excluded(record: SpooledRecord) -> None:
            nonlocal excluded
            excluded += 1
            stats.remove(orjson.loads(record.line))

        splits, rows = _write_splits(spools, tmp, options, progress, on_duplicate, on_excluded)
    finally:
        rejects.close()
    check.valid_records = total - rejects.records
    if rejects.count and not options.drop_invalid:
        raise InvalidDataError(_refusal(check, total), check)
    shutil.rmtree(spool_dir)
    if rejects.count:
        rows[REJECTS] = rejects.count
    rejected = rejects.count
    if excluded and options.duplicates_file is not None:
        shutil.copyfile(options.duplicates_file, tmp / DUPLICATES)
        with open(tmp / DUPLICATES, "rb") as handle:
            rows[DUPLICATES] = sum(1 for _ in handle)

    write_bytes(tmp / SCHEMA_COPY, schema_bytes())
    for rel, data in sorted(options.extra_files.items()):
        if isinstance(data, Path):
            shutil.copyfile(data, tmp / rel)
        else:
            write_bytes(tmp / rel, data)
    if options.inputs_file is not None:
        shutil.copyfile(options.inputs_file.path, tmp / INPUTS)
        input_summary = options.inputs_file.summary
    else:
        input_summary = write_inputs(tmp / INPUTS, _input_entries(inputs, counts, digests.result()))
    rows[INPUTS] = input_summary.count
    published = sum(s["rows"] for s in splits.values())
    info = card_mod.CardInfo(
        name=options.name,
        version=options.version,
        pretty_name=options.pretty_name or options.name,
        description=options.description,
        license=options.license,
        task_categories=options.task_categories,
        splits=splits,
        stats=stats,
        tool_version=__version__,
        schema_version=schema_version(),
        schema_sha256=schema_sha256(),
        inputs=input_summary,
        rejects=rejected,
        duplicates=excluded,
        created=created,
        citation_year=year,
        config=options.config,
        limitations=options.limitations,
    )
    write_bytes(tmp / CARD, card_mod.render_card(info).encode("utf-8"))
    croissant_doc = build_croissant(
        tmp,
        {
            "name": options.name,
            "version": options.version,
            "created": created,
            "tool": {"name": "baokan", "version": __version__},
            "splits": {name: {"parquet": s["parquet"]} for name, s in splits.items()},
        },
        pretty_name=options.pretty_name or options.name,
        description=options.description,
        license=options.license,
        limitations=options.limitations,
    )
    write_bytes(tmp / CROISSANT, croissant_bytes(croissant_doc))
    write_bytes(tmp / CHANGELOG, _release_changelog(tmp, options, published).encode("utf-8"))

    manifest = {
        "manifest_version": MANIFEST_VERSION,
        "name": options.name,
        "version": options.version,
        "created": created,
        "tool": {
            "name": "baokan",
            "version": __version__,
            "pyarrow": pyarrow.__version__,
            "isal": isal.__version__,
        },
        "schema": {
            "id": article_schema()["$id"],
            "version": schema_version(),
            "sha256": schema_sha256(),
            "file": SCHEMA_COPY,
        },
        "inputs": {
            "count": input_summary.count,
            "bytes": input_summary.bytes,
            "records": input_summary.records,
            "file": INPUTS,
        },
        "records": published,
        "split_ratios": dict(assigner.ratios),
        "splits": {
            name: {"rows": s["rows"], "parquet": s["parquet"], "jsonl": s["jsonl"]} for name, s in splits.items()
        },
        "files": _file_entries(tmp, rows),
        "rejects": {"count": rejected, "file": REJECTS if rejected else None},
        "duplicates": {"count": excluded, "file": DUPLICATES if excluded else None},
        "config": options.config,
    }
    write_bytes(
        tmp / MANIFEST,
        orjson.dumps(manifest, option=orjson.OPT_INDENT_2) + b"\n",
    )
    return PublishResult(
        path=tmp,
        records=published,
        rejected=rejected,
        splits={name: s["rows"] for name, s in splits.items()},
        noop=False,
        files=manifest["files"],
        check=check,
        records_in=total,
        unreadable=check.file_errors,
        duplicates=excluded,
        characters=stats.characters,
    )


def _previous_version(dataset_dir: Path, version: str) -> str | None:
    older = [v for v in existing_versions(dataset_dir) if version_key(v) < version_key(version)]
    return older[-1] if older else None


def _release_changelog(tmp: Path, options: PublishOptions, published: int) -> str:
    """CHANGELOG.md of this release: what changed since the newest earlier version beside it."""
    previous = _previous_version(tmp.parent, options.version)
    if previous is None:
        entry = f"## {options.version}\n\nFirst release: {published} articles.\n"
    else:
        entry = changelog_entry(diff_releases(tmp.parent / previous, tmp), previous, options.version)
    return f"# Changelog of {options.name} {options.version}\n\n{entry}"


def _update_dataset_changelog(dataset_dir: Path, release: Path, name: str) -> None:
    """Add this release's entry to the dataset-level CHANGELOG.md (atomically replaced)."""
    text = (release / CHANGELOG).read_text(encoding="utf-8")
    entry = text.split("\n\n", 1)[1]
    path = dataset_dir / CHANGELOG
    existing = path.read_text(encoding="utf-8") if path.exists() else None
    updated = update_changelog(existing, entry, name)
    if updated != existing:
        tmp = dataset_dir / f".{CHANGELOG}.tmp-{os.getpid()}"
        try:
            write_bytes(tmp, updated.encode("utf-8"))
            os.replace(tmp, path)
        except OSError:
            tmp.unlink(missing_ok=True)
            raise


def _excluded_ids(path: Path | None) -> Iterator[str]:
    if path is None:
        return
    with open(path, "rb") as handle:
        for line in handle:
            yield orjson.loads(line)["id"]


def _without(
    records: Iterator[SpooledRecord], excluded: Iterator[str], on_excluded: Callable[[SpooledRecord], None]
) -> Iterator[SpooledRecord]:
    """Records (sorted by id) minus those whose id is in `excluded` (sorted too): a merge-join,
    so no set of ids is held in memory."""
    upcoming = next(excluded, None)
    for record in records:
        while upcoming is not None and upcoming < record.id:
            upcoming = next(excluded, None)
        if upcoming is not None and upcoming == record.id:
            on_excluded(record)
            continue
        yield record


def _write_splits(
    spools: dict[str, SortedSpool],
    tmp: Path,
    options: PublishOptions,
    progress: Progress | None,
    on_duplicate: Callable[[SpooledRecord, SpooledRecord], None],
    on_excluded: Callable[[SpooledRecord], None],
) -> tuple[dict[str, dict[str, Any]], dict[str, int]]:
    """Write every split's shards; returns per-split info and the row count of each file."""
    rows: dict[str, int] = {}
    splits: dict[str, dict[str, Any]] = {}
    on_rows = (lambda n: progress("write", n)) if progress is not None else None
    # The merge makes a tuple per record and holds no cycles: the collector would only walk the
    # records in flight again and again (~7% of publish on the benchmark corpus).
    collecting = gc.isenabled()
    gc.disable()
    try:
        _write_each_split(spools, tmp, options, on_rows, on_duplicate, on_excluded, rows, splits)
    finally:
        if collecting:
            gc.enable()
    return splits, rows


def _write_each_split(
    spools: dict[str, SortedSpool],
    tmp: Path,
    options: PublishOptions,
    on_rows: Callable[[int], None] | None,
    on_duplicate: Callable[[SpooledRecord, SpooledRecord], None],
    on_excluded: Callable[[SpooledRecord], None],
    rows: dict[str, int],
    splits: dict[str, dict[str, Any]],
) -> None:
    for split, spool in spools.items():
        records = spool.sorted()
        if options.duplicates_file is not None:
            records = _without(records, _excluded_ids(options.duplicates_file), on_excluded)
        shards: list[WrittenShard] = write_split(
            split, records, tmp, options.max_shard_bytes, on_duplicate, on_rows=on_rows
        )
        for shard in shards:
            rows[shard.parquet] = shard.rows
            rows[shard.jsonl] = shard.rows
        splits[split] = {
            "rows": sum(s.rows for s in shards),
            "num_bytes": sum(s.arrow_bytes for s in shards),
            "parquet": [s.parquet for s in shards],
            "jsonl": [s.jsonl for s in shards],
        }


class _Rejects:
    """Invalid records: counted, their errors reported (up to a limit), and with --drop-invalid
    written with their reasons to rejects.jsonl, so nothing is lost."""

    def __init__(self, path: Path, write: bool) -> None:
        self.path = path
        self.write = write
        self.count = 0
        self.records = 0  # rejects that are records (not unreadable-file errors)
        self._handle: BinaryIO | None = None

    def add(self, check: Any, checked: Any) -> None:
        self.count += 1
        self.records += checked.is_record
        check.error_count += len(checked.errors)
        room = MAX_REPORTED_ERRORS - len(check.errors)
        if room > 0:
            check.errors.extend(checked.errors[:room])
        check.truncated = check.error_count > len(check.errors)
        if self.write:
            if self._handle is None:
                self._handle = open(self.path, "wb")  # noqa: SIM115 (closed by close())
            self._handle.write(reject_line(checked))

    def absorb(self, check: Any, piece: Any, lines_before: int) -> None:
        """Take over the rejects of a piece read by a worker (`intake.spool_piece`), whose line
        numbers count from the piece's start: `lines_before` are added."""
        self.count += piece.rejected
        self.records += piece.rejected
        check.error_count += piece.error_count
        room = MAX_REPORTED_ERRORS - len(check.errors)
        if room > 0:
            check.errors.extend(shift_error(e, lines_before) for e in piece.errors[:room])
        check.truncated = check.error_count > len(check.errors)
        if self.write and piece.rejects_file is not None:
            if self._handle is None:
                self._handle = open(self.path, "wb")  # noqa: SIM115 (closed by close())
            append_rejects(self._handle, piece.rejects_file, lines_before)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()


def _refusal(check: Any, total: int) -> str:
    return (
        f"{check.invalid_records} of {total} records are invalid"
        + (f" and {check.file_errors} inputs could not be read to the end" if check.file_errors else "")
        + "; nothing was published (use --drop-invalid to publish the valid records and list "
        "the others in rejects.jsonl)"
    )
