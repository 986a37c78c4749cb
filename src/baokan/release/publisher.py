"""`publish`: validated article records → an immutable, reproducible release folder.

The release is assembled in a temporary folder beside its final place, in three steps: the
intake (`intake.read_inputs`: read, check, spool by split and id), the merge (the id-sorted runs
merged; duplicate ids and excluded records left out; shards written by `writers`) and the
metadata (schema copy, inputs list, card, Croissant, changelog, manifest). It is then checked,
flushed to disk and renamed into place in one step, so an interrupted publish never leaves a
half-written version visible. A lock file serializes publishers of the same version.
"""

from __future__ import annotations

import fcntl
import gc
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from baokan import __version__
from baokan.errors import InvalidDataError, OutputError, ReleaseExistsError, UsageError, no_such_path
from baokan.outputs import folder_mode, process_alive, remove_stale_temporaries, write_atomic
from baokan.parallel import future_result
from baokan.recordio import STDIN, is_stdin, stdin_copy
from baokan.release import intake
from baokan.release.attribution import Attribution
from baokan.release.changelog import changelog_entry, update_changelog
from baokan.release.croissant import build_croissant, croissant_bytes
from baokan.release.diff import diff_releases
from baokan.release.digest import changelog_line, release_digest
from baokan.release.files import check_output_folder, fsync_path, fsync_tree, sha256_file
from baokan.release.inputs import InputEntry, InputsFile, InputsSummary, write_inputs
from baokan.release.layout import (
    CARD,
    CHANGELOG,
    CROISSANT,
    DUPLICATES,
    INPUTS,
    JSONL_DIR,
    MANIFEST,
    REJECTS,
    SCHEMA_COPY,
    check_name,
    check_version,
    existing_versions,
    version_key,
)
from baokan.release.rejects import MAX_REPORTED_ERRORS, Rejects
from baokan.release.splits import DEFAULT_SPLITS, SplitAssigner
from baokan.release.spool import RunBudget, SortedSpool, SplitSpool, SpooledRecord, unique_ids
from baokan.release.stats import CorpusStats
from baokan.schema import schema_bytes, schema_sha256, schema_version

if TYPE_CHECKING:
    from baokan.release.card import CardInfo
    from baokan.release.writers import SplitInfo
    from baokan.validate import CheckResult

DEFAULT_MAX_SHARD_BYTES = 256 * 1024 * 1024
TMP_PREFIX = ".tmp-"

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
    license: str = "unknown"  # a Hub licence identifier (`attribution.HUB_LICENSES`)
    license_name: str | None = None  # with license "other": its name and where it is stated
    license_link: str | None = None
    authors: list[str] = field(default_factory=list)
    homepage: str | None = None
    citation: str | None = None  # BibTeX; None: one made from the name, authors and year
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

    @property
    def attribution(self) -> Attribution:
        return Attribution(
            self.license, self.license_name, self.license_link, tuple(self.authors), self.homepage, self.citation
        )

    # JSON lines {"id", "kept", ...} sorted by id: records left out as duplicates of the kept one
    # (build: by its [dedup] config); published as duplicates.jsonl and counted in the manifest.
    duplicates_file: Path | None = None
    # How duplicates were found, for the card (None: the card says no duplicate search ran).
    dedup_method: str | None = None
    # id → the id whose hash places it in a split (build: members of a near-duplicate cluster
    # that are published → their representative), so that no cluster straddles two splits.
    split_aliases: dict[str, str] = field(default_factory=dict)
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
    check: CheckResult | None = None  # the errors of the rejected records
    records_in: int = 0  # records read (valid or not; unreadable inputs are not records)
    duplicates: int = 0  # records left out as listed in options.duplicates_file
    characters: int = 0  # characters of body text published
    unreadable: int = 0  # inputs that could not be read to their end (listed in rejects.jsonl)
    digest: str = ""  # `sha256:<hex>` of the release's manifest.json (`release.digest`)

    @property
    def rejected_records(self) -> int:
        """Records left out (invalid or duplicate id); `rejected` also counts unreadable inputs."""
        return self.rejected - self.unreadable

    @property
    def rejects_path(self) -> Path:
        """Where the rejected records and unreadable inputs are listed (when there are any)."""
        return self.path / REJECTS

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: {"release", "digest", "noop", "records", "records_in", "rejected",
        "unreadable", "duplicates", "splits"}."""
        return {
            "release": str(self.path),
            "digest": self.digest,
            "noop": self.noop,
            "records": self.records,
            "records_in": self.records_in,
            "rejected": self.rejected,
            "unreadable": self.unreadable,
            "duplicates": self.duplicates,
            "splits": dict(self.splits),
        }


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


@contextmanager
def _dataset_lock(dataset_dir: Path) -> Iterator[None]:
    """Serializes the publishers of every version of a dataset where they share a file (the
    dataset-level changelog); waits for the other one."""
    with open(dataset_dir / ".dataset.lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _temp_prefix(version: str) -> str:
    """`.tmp-VERSION@PID-`: a version holds no `@`, so the name tells its version exactly (the
    temporary folder of 1.0.0-rc.1 is not one of 1.0.0) and the publisher that made it."""
    return f"{TMP_PREFIX}{version}@{os.getpid()}-"


def _remove_leftovers(dataset_dir: Path, version: str) -> None:
    """Temporary folders of earlier, interrupted publishes of exactly this version whose publisher
    is gone (we hold the version's lock, so no other runs), and stale changelog temporaries."""
    exact = re.compile(rf"{re.escape(TMP_PREFIX + version)}@(\d+)-[A-Za-z0-9_]+\Z")
    legacy = re.compile(rf"{re.escape(TMP_PREFIX + version)}-[a-z0-9_]{{8}}\Z")  # before the @PID names
    for leftover in dataset_dir.glob(f"{TMP_PREFIX}*"):
        match = exact.match(leftover.name)
        dead = match is not None and not process_alive(int(match.group(1)))
        if dead or legacy.match(leftover.name):
            shutil.rmtree(leftover, ignore_errors=True)
    remove_stale_temporaries(dataset_dir, CHANGELOG)


def publish(
    inputs: Sequence[Path],
    out: Path,
    options: PublishOptions,
    progress: Progress | None = None,
) -> PublishResult:
    """Validate `inputs` and write `out/NAME/VERSION/`. An input `-` is standard input.

    Raises InvalidDataError (with the CheckResult) when records are invalid and `drop_invalid`
    is off, ReleaseExistsError when the version exists with other content, OutputError when the
    release cannot be written.
    """
    inputs = [Path(STDIN) if is_stdin(path) else path for path in inputs]
    name = check_name(options.name)
    version = check_version(options.version)
    options.attribution.check()
    assigner = SplitAssigner(options.split_ratios, options.split_aliases)
    if options.max_shard_bytes < 1024:
        raise UsageError(f"--max-shard-size {options.max_shard_bytes} is too small (minimum 1 KiB)")
    for path in inputs:
        if str(path) == STDIN:
            stdin_copy()  # read now, before its checksum and records are read
        elif not path.exists():
            raise no_such_path(path)
    created, year = _source_date()
    dataset_dir = out / name
    final = dataset_dir / version
    if final.is_symlink():
        raise UsageError(f"{final} is a symbolic link; refusing to publish through it")

    check_output_folder(out)
    try:
        return _publish_locked(inputs, options, assigner, _Dates(created, year), progress, dataset_dir, final)
    except OSError as exc:
        # ENOSPC, EROFS, EACCES, an --out that is a file...: the temporary folder is gone
        # (see _publish_locked), no version was renamed into place. Inputs that cannot be read
        # are InputErrors, raised where they are read.
        raise OutputError.from_os_error(exc, final) from exc


@dataclass(frozen=True)
class _Dates:
    created: str | None  # the manifest's `created`
    year: str | None  # the card's citation year


def _publish_locked(
    inputs: Sequence[Path],
    options: PublishOptions,
    assigner: SplitAssigner,
    dates: _Dates,
    progress: Progress | None,
    dataset_dir: Path,
    final: Path,
) -> PublishResult:
    with _version_lock(dataset_dir, options.version):
        _remove_leftovers(dataset_dir, options.version)
        tmp = Path(tempfile.mkdtemp(prefix=_temp_prefix(options.version), dir=dataset_dir))
        try:
            result = _assemble(inputs, tmp, options, assigner, dates, progress)
            if final.exists():
                if not _same_tree(tmp, final):
                    raise ReleaseExistsError(
                        f"{final} already exists with different content; releases are immutable: "
                        "publish a new version instead"
                    )
                shutil.rmtree(tmp)
                result.noop = True
            else:
                # mkdtemp makes the folder private (0700); a release is for everyone who may read OUT.
                os.chmod(tmp, folder_mode())
                fsync_tree(tmp)
                os.rename(tmp, final)
                fsync_path(dataset_dir)
            result.digest = release_digest(final)
            with _dataset_lock(dataset_dir):
                _update_dataset_changelog(dataset_dir, final, options.name, result.digest)
                _update_dataset_card(dataset_dir, options.name)
            result.path = final
            return result
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)


def _input_digests(paths: list[Path]) -> list[tuple[str, int]]:
    return [_input_digest(path) for path in paths]


def _input_digest(path: Path) -> tuple[str, int]:
    if str(path) == STDIN:
        return sha256_file(stdin_copy())
    return sha256_file(path) if path.is_file() else _dir_digest(path)


def _dir_digest(path: Path) -> tuple[str, int]:
    """A release folder given as input is named by its manifest."""
    manifest = path / MANIFEST
    if manifest.is_file():
        return sha256_file(manifest)
    raise UsageError(f"{path}: a folder input must be a release folder with {MANIFEST}")


def _same_tree(a: Path, b: Path) -> bool:
    def listing(root: Path) -> dict[str, tuple[str, int]]:
        return {p.relative_to(root).as_posix(): sha256_file(p) for p in root.rglob("*") if p.is_file()}

    return listing(a) == listing(b)


# -- assembling ---------------------------------------------------------------------------------


def _assemble(
    inputs: Sequence[Path],
    tmp: Path,
    options: PublishOptions,
    assigner: SplitAssigner,
    dates: _Dates,
    progress: Progress | None,
) -> PublishResult:
    """Intake, merge and metadata of the release in `tmp`; InvalidDataError when records are
    invalid (or ids repeat) and `drop_invalid` is off."""
    from baokan.validate import CheckResult

    # The inputs' checksums are computed in a thread while their records are read (hashlib
    # releases the GIL), instead of in a second pass at the end; the writers' modules are loaded
    # in another once the intake's workers have started.
    with ThreadPoolExecutor(max_workers=2) as aside:
        digests = aside.submit(_input_digests, [] if options.inputs_file is not None else list(inputs))
        loaded: list[Future[None]] = []
        spool_dir = tmp / ".spool"
        spool_dir.mkdir()
        budget = RunBudget()  # one for all the splits: a process holds one run of records at most
        spools = {name: SplitSpool(spool_dir, name, budget) for name in assigner.ratios}
        check = CheckResult(files=len(inputs), max_errors=MAX_REPORTED_ERRORS)
        with Rejects(tmp / REJECTS, options.drop_invalid, check) as rejects:
            read = intake.read_inputs(
                inputs,
                spools,
                assigner,
                spool_dir,
                options.workers,
                rejects,
                progress,
                while_reading=lambda: loaded.append(aside.submit(_load_writers)),
            )
            for future in loaded:
                future_result(future)
            merged = _merge(spools, tmp, options, read, rejects, progress)
        check.records = read.records
        check.valid_records = read.records - rejects.records
        if rejects.count and not options.drop_invalid:
            raise InvalidDataError(_refusal(check), check)
        shutil.rmtree(spool_dir)
        return _write_metadata(tmp, inputs, options, dates, read, merged, rejects, digests)


def _load_writers() -> None:
    """Import the shard writers, card and manifest (pyarrow: about 0.1 s): done in a thread while
    the intake's workers read, it is off the critical path of a small publish."""
    import baokan.release.card
    import baokan.release.manifest
    import baokan.release.writers  # noqa: F401


@dataclass
class _Merged:
    """What the merge wrote: the splits, the rows of each data file, the records left out as
    listed duplicates (`options.duplicates_file`)."""

    splits: dict[str, SplitInfo] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    excluded: int = 0


class _MergeEvents:
    """What happens to records that meet in the merge and are left out: a repeated id is a
    reject; a record listed as a duplicate is excluded. Both leave the statistics."""

    def __init__(self, origin: intake.Origin, rejects: Rejects, stats: CorpusStats) -> None:
        self.origin = origin
        self.rejects = rejects
        self.stats = stats
        self.excluded = 0

    def duplicate(self, dup: SpooledRecord, first_seq: int) -> None:
        from baokan.validate import CheckedRecord, duplicate_error

        file, line = self.origin(dup.seq)
        data = orjson.loads(dup.line)
        error = duplicate_error(file, line, data["id"], self.origin(first_seq))
        self.rejects.add(CheckedRecord(file, line, data, [error]))
        self.stats.remove(data)

    def exclude(self, record: SpooledRecord) -> None:
        self.excluded += 1
        self.stats.remove(orjson.loads(record.line))


def _merge(
    spools: dict[str, SplitSpool],
    tmp: Path,
    options: PublishOptions,
    read: intake.Intake,
    rejects: Rejects,
    progress: Progress | None,
) -> _Merged:
    """Merge each split's sorted runs and write its shards in row order. Repeated ids meet in the
    split's id runs first: the first to arrive is kept. When the intake already refused the
    publish (invalid records, no --drop-invalid), the runs are only merged to report repeated ids
    too: nothing is written."""
    from baokan.release.writers import write_split

    events = _MergeEvents(read.origin, rejects, read.stats)
    write = options.drop_invalid or not rejects.count
    on_rows = (lambda n: progress("write", n)) if progress is not None else None
    merged = _Merged()
    # The merge makes a tuple per record and holds no cycles: the collector would only walk the
    # records in flight again and again (~7% of publish on the benchmark corpus).
    collecting = gc.isenabled()
    gc.disable()
    try:
        for split, spool in spools.items():
            left_out = _left_out(spool.ids, options.duplicates_file)
            records = _kept(spool.rows.sorted(), left_out, events)
            if not write:
                for _ in records:
                    pass
                continue
            info = write_split(split, records, tmp, options.max_shard_bytes, on_rows=on_rows)
            merged.splits[split] = info
            merged.rows.update(info.file_rows())
    finally:
        if collecting:
            gc.enable()
    merged.excluded = events.excluded
    return merged


class _LeftOut:
    """The arrival numbers of the records a split leaves out: those listed in the duplicates file
    as bits (`_Bitmap`: a build of reprints may drop most of its articles, and a sorted array of
    them held 16 bytes each, 40 MB at 2.5 M), and repeated ids with the arrival number of the id's
    first record (a dict: few)."""

    def __init__(self, listed: _Bitmap, repeated: dict[int, int]) -> None:
        self.listed = listed
        self.repeated = repeated

    def __bool__(self) -> bool:
        return bool(self.listed.count or self.repeated)


class _Bitmap:
    """Arrival numbers marked one at a time: a bit per line of each input or piece (an arrival
    number is the input's or piece's number << intake.SEQ_SHIFT, or'ed with the line's)."""

    def __init__(self) -> None:
        self.parts: dict[int, bytearray] = {}
        self.count = 0

    def mark(self, seq: int) -> None:
        bits = self.parts.setdefault(seq >> intake.SEQ_SHIFT, bytearray())
        line = seq & intake.LINE_MASK
        at = line >> 3
        if at >= len(bits):
            bits.extend(bytes(at + 1 - len(bits) + len(bits) // 2))
        if not bits[at] >> (line & 7) & 1:
            bits[at] |= 1 << (line & 7)
            self.count += 1

    def __contains__(self, seq: int) -> bool:
        bits = self.parts.get(seq >> intake.SEQ_SHIFT)
        if bits is None:
            return False
        line = seq & intake.LINE_MASK
        at = line >> 3
        return at < len(bits) and bits[at] >> (line & 7) & 1 == 1


def _left_out(ids: SortedSpool, duplicates_file: Path | None) -> _LeftOut:
    """What a split leaves out, from its id runs: records listed in `duplicates_file` and
    records whose id an earlier record had."""
    excluded = _Bitmap()
    repeated: dict[int, int] = {}
    records = ids.sorted()
    if duplicates_file is not None:
        records = _without(records, _excluded_ids(duplicates_file), lambda r: excluded.mark(r.seq))
    for _ in unique_ids(records, lambda dup, first: repeated.__setitem__(dup.seq, first.seq)):
        pass
    return _LeftOut(excluded, repeated)


def _kept(records: Iterator[SpooledRecord], left_out: _LeftOut, events: _MergeEvents) -> Iterator[SpooledRecord]:
    """The records a split keeps, in row order; those left out go to `events`. Each record is
    looked up as it comes: records taken 4,096 at a time for one numpy lookup left the heap
    holding freed lines, the main process growing through the merge (publish alone of 4x the
    bench articles, 99.7% of them listed: 197 MiB against 156 looked up one by one, no slower)."""
    if not left_out:
        yield from records
        return
    listed, repeated = left_out.listed, left_out.repeated
    for record in records:
        if record.seq in listed:
            events.exclude(record)
        elif (first := repeated.get(record.seq)) is not None:
            events.duplicate(record, first)
        else:
            yield record


def _excluded_ids(path: Path) -> Iterator[str]:
    return (row["id"] for row in _duplicate_rows(path))


def _duplicate_rows(path: Path) -> Iterator[dict[str, Any]]:
    """The rows of a duplicates.jsonl, read one at a time."""
    with open(path, "rb") as handle:
        for line in handle:
            yield orjson.loads(line)


def _without(
    records: Iterator[SpooledRecord], excluded: Iterator[str], on_excluded: Callable[[SpooledRecord], None]
) -> Iterator[SpooledRecord]:
    """Records (sorted by id) minus those whose id is in `excluded` (sorted too): a merge-join,
    so no set of ids is held in memory."""
    upcoming = next(excluded, None)
    for record in records:
        while upcoming is not None and upcoming < record.key:
            upcoming = next(excluded, None)
        if upcoming is not None and upcoming == record.key:
            on_excluded(record)
            continue
        yield record


def _refusal(check: CheckResult) -> str:
    return (
        f"{check.invalid_records} of {check.records} records are invalid"
        + (f" and {check.file_errors} inputs could not be read to the end" if check.file_errors else "")
        + "; nothing was published (use --drop-invalid to publish the valid records and list "
        "the others in rejects.jsonl)"
    )


# -- metadata -----------------------------------------------------------------------------------


def _write_metadata(
    tmp: Path,
    inputs: Sequence[Path],
    options: PublishOptions,
    dates: _Dates,
    read: intake.Intake,
    merged: _Merged,
    rejects: Rejects,
    digests: Future[list[tuple[str, int]]],
) -> PublishResult:
    """Everything beside the shards, the manifest last (it lists every other file)."""
    from baokan.release.card import render_card, render_mirror_card
    from baokan.release.manifest import compose_manifest, write_manifest

    rows = dict(merged.rows)
    if rejects.count:
        rows[REJECTS] = rejects.count
    if merged.excluded and options.duplicates_file is not None:
        shutil.copyfile(options.duplicates_file, tmp / DUPLICATES)
        with open(tmp / DUPLICATES, "rb") as handle:
            rows[DUPLICATES] = sum(1 for _ in handle)
    write_atomic(tmp / SCHEMA_COPY, schema_bytes())
    for rel, data in sorted(options.extra_files.items()):
        if isinstance(data, Path):
            shutil.copyfile(data, tmp / rel)
        else:
            write_atomic(tmp / rel, data)
    input_summary = _write_inputs_list(tmp, inputs, options, read, digests)
    rows[INPUTS] = input_summary.count
    published = sum(s.rows for s in merged.splits.values())
    card = _card_info(options, dates, merged, read.stats, input_summary, rejects.count)
    write_atomic(tmp / CARD, render_card(card).encode("utf-8"))
    write_atomic(tmp / JSONL_DIR / CARD, render_mirror_card(card).encode("utf-8"))
    _write_croissant(tmp, options, dates, merged.splits)
    write_atomic(tmp / CHANGELOG, _release_changelog(tmp, options, published).encode("utf-8"))
    manifest = compose_manifest(
        tmp,
        name=options.name,
        version=options.version,
        created=dates.created,
        inputs=input_summary,
        split_ratios=options.split_ratios,
        splits=merged.splits,
        rows=rows,
        rejects=rejects.count,
        duplicates=merged.excluded,
        config=options.config,
    )
    write_manifest(tmp, manifest)
    return PublishResult(
        path=tmp,
        records=published,
        rejected=rejects.count,
        splits={name: s.rows for name, s in merged.splits.items()},
        noop=False,
        files=manifest["files"],
        check=rejects.check,
        records_in=read.records,
        unreadable=rejects.check.file_errors,
        duplicates=merged.excluded,
        characters=read.stats.characters,
    )


def _write_inputs_list(
    tmp: Path,
    inputs: Sequence[Path],
    options: PublishOptions,
    read: intake.Intake,
    digests: Future[list[tuple[str, int]]],
) -> InputsSummary:
    """inputs.jsonl: the caller's (a build: the raw pages), or one line per input read."""
    if options.inputs_file is not None:
        shutil.copyfile(options.inputs_file.path, tmp / INPUTS)
        return options.inputs_file.summary
    found: list[tuple[str, int]] = future_result(digests)
    entries = [
        InputEntry(path.name, digest, size, read.counts.get(str(path), 0))
        for path, (digest, size) in zip(inputs, found, strict=True)
    ]
    return write_inputs(tmp / INPUTS, entries)


def _card_info(
    options: PublishOptions,
    dates: _Dates,
    merged: _Merged,
    stats: CorpusStats,
    inputs: InputsSummary,
    rejected: int,
) -> CardInfo:
    from baokan.release.card import CardInfo

    return CardInfo(
        name=options.name,
        version=options.version,
        pretty_name=options.pretty_name or options.name,
        description=options.description,
        license=options.license,
        attribution=options.attribution,
        task_categories=options.task_categories,
        splits=merged.splits,
        stats=stats,
        tool_version=__version__,
        schema_version=schema_version(),
        schema_sha256=schema_sha256(),
        inputs=inputs,
        rejects=rejected,
        duplicates=merged.excluded,
        dedup_method=options.dedup_method,
        created=dates.created,
        citation_year=dates.year,
        config=options.config,
        limitations=options.limitations,
    )


def _write_croissant(tmp: Path, options: PublishOptions, dates: _Dates, splits: dict[str, SplitInfo]) -> None:
    doc = build_croissant(
        tmp,
        {
            "name": options.name,
            "version": options.version,
            "created": dates.created,
            "tool": {"name": "baokan", "version": __version__},
            "splits": {name: {"parquet": s.parquet} for name, s in splits.items()},
        },
        pretty_name=options.pretty_name or options.name,
        description=options.description,
        attribution=options.attribution,
        limitations=options.limitations,
    )
    write_atomic(tmp / CROISSANT, croissant_bytes(doc))


def _previous_version(dataset_dir: Path, version: str) -> str | None:
    older = [v for v in existing_versions(dataset_dir) if version_key(v) < version_key(version)]
    return older[-1] if older else None


def _release_changelog(tmp: Path, options: PublishOptions, published: int) -> str:
    """CHANGELOG.md of this release: what changed since the newest earlier version beside it."""
    previous = _previous_version(tmp.parent, options.version)
    if previous is None:
        entry = f"## {options.version}\n\nFirst release: {published} articles.\n"
    else:
        aliases = options.split_aliases if options.dedup_method is not None else None
        diff = diff_releases(tmp.parent / previous, tmp)
        replaced = _replaced_copies(tmp / DUPLICATES, set(diff.removed)) if diff.removed else None
        entry = changelog_entry(diff, previous, options.version, aliases=aliases, replaced=replaced)
    return f"# Changelog of {options.name} {options.version}\n\n{entry}"


def _replaced_copies(duplicates: Path, removed: set[str]) -> dict[str, tuple[str, float]]:
    """Removed ids that this release lists as dropped copies: id → (the id kept, similarity)."""
    if not duplicates.is_file():
        return {}
    return {
        row["id"]: (row["kept"], float(row.get("similarity") or 1.0))
        for row in _duplicate_rows(duplicates)
        if row.get("id") in removed and row.get("kept") is not None
    }


def _update_dataset_card(dataset_dir: Path, name: str) -> None:
    """The dataset folder's README.md, pointing `load_dataset(folder)` at the latest version."""
    from baokan.release.dataset_card import dataset_card

    text = dataset_card(dataset_dir, name)
    path = dataset_dir / "README.md"
    if text is not None and (not path.exists() or path.read_text(encoding="utf-8") != text):
        write_atomic(path, text.encode("utf-8"))


def _update_dataset_changelog(dataset_dir: Path, release: Path, name: str, digest: str) -> None:
    """Add this release's entry, with its digest, to the dataset-level CHANGELOG.md (atomically
    replaced)."""
    text = (release / CHANGELOG).read_text(encoding="utf-8")
    entry = text.split("\n\n", 1)[1].rstrip("\n") + "\n\n" + changelog_line(release.name, digest) + "\n"
    path = dataset_dir / CHANGELOG
    existing = path.read_text(encoding="utf-8") if path.exists() else None
    updated = update_changelog(existing, entry, name)
    if updated != existing:
        write_atomic(path, updated.encode("utf-8"))
