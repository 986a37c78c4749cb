"""`build`: raw pages → segmented, validated, deduplicated, published release, in stages.

Stages: read pages → segment → validate → drop exact duplicates → publish. The per-page stages
(read + segment) run in worker processes; their results come back in page order, so the release
is byte-identical whatever the number of workers.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from baokan.config import BuildConfig
from baokan.engines import run_pages
from baokan.errors import InputError, InvalidDataError, OutputError, UsageError
from baokan.outputs import atomic_output, write_atomic
from baokan.release.files import check_output_folder, process_alive
from baokan.release.inputs import InputEntry, InputsFile, InputsWriter
from baokan.release.publisher import DEFAULT_MAX_SHARD_BYTES, PublishOptions, PublishResult, publish
from baokan.release.spool import SortedSpool

Progress = Callable[[str, int], None]
# Unreadable pages named in a build's error message; rejected-pages.jsonl lists them all.
SHOWN_FAILURES = 20


@dataclass(frozen=True, slots=True)
class PageTask:
    path: str
    input_name: str
    publication: str | None
    date: str | None
    page: int | None = None


@dataclass(slots=True)
class PageOutcome:
    input_name: str
    sha256: str | None
    size: int
    chars_in: int
    encoding: str | None = None
    articles: list[bytes] = field(default_factory=list)  # canonical JSON lines of Article records
    text_keys: list[str] = field(default_factory=list)  # "<text key>\x00<id>" per article
    fragments: list[dict[str, Any]] = field(default_factory=list)
    page_warnings: list[str] = field(default_factory=list)  # about the file: decoding, empty page
    warnings: list[str] = field(default_factory=list)  # page warnings and the segmenter's
    error: str | None = None
    error_line: int | None = None
    error_where: str | None = None  # the file (the page or its sidecar) and line the error is about


@dataclass
class BuildSummary:
    pages: int = 0
    pages_failed: int = 0
    articles: int = 0
    fragments: int = 0
    rejects: int = 0
    duplicates: int = 0
    chars_in: int = 0
    chars_out: int = 0
    release: PublishResult | None = None
    failed_pages: list[dict[str, str]] = field(default_factory=list)  # the first SHOWN_FAILURES

    def rows(self) -> list[tuple[str, int]]:
        return [
            ("pages", self.pages),
            ("pages rejected", self.pages_failed),
            ("articles", self.articles),
            ("fragments", self.fragments),
            ("records rejected", self.rejects),
            ("duplicates dropped", self.duplicates),
            ("published", self.release.records if self.release else 0),
            ("characters in", self.chars_in),
            ("characters out", self.chars_out),
        ]


def iter_pages(config: BuildConfig) -> Iterator[PageTask]:
    """Every page file of every source, source by source, each source's files in sorted path
    order (the order of `sorted(root.rglob(pattern))`), streamed: an archive's millions of page
    paths are never held at once. A page reachable from two sources is a UsageError."""
    roots = [source.path.parent if source.path.is_file() else source.path for source in config.sources]
    # Names are "<root folder name>/<path below it>": only sources whose roots share a name can
    # give the same name twice, so only their names are remembered.
    shared = {root.name for root in roots if sum(r.name == root.name for r in roots) > 1}
    seen: set[str] = set()
    for source, root in zip(config.sources, roots, strict=True):
        files = [source.path] if source.path.is_file() else _walk_sorted(source.path, source.pattern)
        for file in files:
            input_name = f"{root.name}/{file.relative_to(root).as_posix()}"
            if root.name in shared:
                if input_name in seen:
                    raise UsageError(f"{file}: page listed twice (as {input_name})")
                seen.add(input_name)
            yield PageTask(str(file), input_name, source.publication, source.date)


def count_pages(config: BuildConfig) -> int:
    """How many pages `iter_pages` gives; a UsageError when there are none."""
    total = sum(1 for _ in iter_pages(config))
    if total == 0:
        raise UsageError(f"{config.path}: the sources hold no page files")
    return total


def _walk_sorted(folder: Path, pattern: str) -> Iterator[Path]:
    """Files below `folder` whose names match `pattern`, depth first with each folder's entries in
    name order: the order of `sorted(folder.rglob(pattern))`, holding one folder's listing per
    level. Like rglob, symbolic links to folders are not followed (no cycles)."""
    with os.scandir(folder) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    for entry in entries:
        if entry.is_dir() and not entry.is_symlink():
            yield from _walk_sorted(Path(entry.path), pattern)
        elif fnmatch.fnmatchcase(entry.name, pattern) and entry.is_file():
            yield Path(entry.path)


def process_page(task: PageTask) -> PageOutcome:
    """Read and segment one page; errors become part of the outcome, never exceptions."""
    from baokan.pages import read_page
    from baokan.segment import segment_page

    try:
        raw = read_page(task.path, publication=task.publication, date=task.date, page=task.page)
    except InputError as exc:
        size = os.path.getsize(task.path) if os.path.exists(task.path) else 0
        where = f"{exc.path}:{exc.line}" if exc.line else exc.path
        return PageOutcome(task.input_name, None, size, 0, error=exc.message, error_line=exc.line, error_where=where)
    result = segment_page(raw)
    page_warnings = list(raw.warnings)
    if not raw.text.strip():
        page_warnings.append("empty page: no text")
    # Work that scales with the articles is done here, in the worker, not in the main process.
    return PageOutcome(
        input_name=task.input_name,
        sha256=raw.sha256,
        size=os.path.getsize(task.path),
        chars_in=len(_SPACE.sub("", raw.text)),
        encoding=raw.encoding,
        articles=[orjson.dumps(a.to_dict()) + b"\n" for a in result.articles],
        text_keys=[f"{text_key(a.text)}\x00{a.id}" for a in result.articles],
        fragments=[
            {
                "file": task.input_name,
                "text": f.text,
                "line_start": f.line_start,
                "line_end": f.line_end,
                "reason": f.reason,
            }
            for f in result.fragments
        ],
        page_warnings=page_warnings,
        warnings=page_warnings + list(result.warnings),
    )


_SPACE = re.compile(r"\s+")


@dataclass
class SegmentSummary:
    pages: int = 0
    articles: int = 0
    fragments: int = 0
    warnings: int = 0
    rejected: int = 0
    rejects: Path | None = None  # the rejects file, when pages were rejected


def segment_files(
    files: Sequence[Path],
    output: Path,
    *,
    rejects: Path,
    report: Path | None = None,
    publication: str | None = None,
    date: str | None = None,
    page: int | None = None,
    workers: int = 1,
    on_page: Callable[[PageOutcome], None] | None = None,
) -> SegmentSummary:
    """The segment stage on its own: pages → `output` (JSON Lines, written atomically, streamed).

    Pages that cannot be read go to `rejects` with their reasons (written only when there are
    some; a stale one from an earlier run is removed); `report` gets a per-page JSON report.
    Results come back in page order whatever `workers` is.
    """
    summary = SegmentSummary()
    rejected_lines: list[bytes] = []
    entries: list[dict[str, Any]] = []
    tasks = [PageTask(str(f), str(f), publication, date, page) for f in files]
    with atomic_output(output) as out:
        for outcome in run_pages(process_page, tasks, total=len(tasks), workers=workers):
            summary.pages += 1
            if outcome.error is not None:
                summary.rejected += 1
                rejected_lines.append(
                    orjson.dumps(
                        {
                            "file": outcome.input_name,
                            "where": outcome.error_where,
                            "line": outcome.error_line,
                            "reason": outcome.error,
                        }
                    )
                    + b"\n"
                )
            else:
                out.writelines(outcome.articles)
                summary.articles += len(outcome.articles)
                summary.fragments += len(outcome.fragments)
                summary.warnings += len(outcome.warnings)
            if report is not None:
                entries.append(_page_report(outcome))
            if on_page is not None:
                on_page(outcome)
    if rejected_lines:
        write_atomic(rejects, b"".join(rejected_lines))
        summary.rejects = rejects
    elif rejects.is_file():
        rejects.unlink()  # an earlier run's list would now be wrong
    if report is not None:
        doc = {
            "pages": summary.pages,
            "articles": summary.articles,
            "fragments": summary.fragments,
            "warnings": summary.warnings,
            "rejected": summary.rejected,
            "output": str(output),
            "rejects": str(summary.rejects) if summary.rejects else None,
            "page_reports": entries,
        }
        write_atomic(report, orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n")
    return summary


def _page_report(outcome: PageOutcome) -> dict[str, Any]:
    return {
        "file": outcome.input_name,
        "sha256": outcome.sha256,
        "encoding": outcome.encoding,
        "articles": len(outcome.articles),
        "fragments": [
            {"text": f["text"], "lines": [f["line_start"], f["line_end"]], "reason": f["reason"]}
            for f in outcome.fragments
        ],
        "warnings": outcome.warnings,
        "errors": [] if outcome.error is None else [f"{outcome.error_where}: {outcome.error}"],
    }


def text_key(text: str) -> str:
    """Duplicate key: sha256 (hex) of the text under NFKC with all white space removed."""
    return hashlib.sha256(_SPACE.sub("", unicodedata.normalize("NFKC", text)).encode("utf-8")).hexdigest()


def _write_duplicates(text_keys: SortedSpool, folder: Path, path: Path) -> int:
    """Write `{"id", "kept"}` lines, sorted by id, for every article whose text an article with a
    smaller id also has; returns how many. Both sorts run on disk: memory stays flat even when
    most of a corpus is duplicates."""
    by_id = SortedSpool(folder, "duplicates")
    last_key = kept = ""
    for entry in text_keys.sorted():
        key, _, record_id = entry.id.partition("\x00")
        if key == last_key:
            by_id.add(record_id, by_id.count, 0, 0, orjson.dumps({"id": record_id, "kept": kept}) + b"\n")
        else:
            last_key, kept = key, record_id
    with open(path, "wb") as out:
        for entry in by_id.sorted():
            out.write(entry.line)
    return by_id.count


def build(
    config: BuildConfig,
    *,
    workers: int | None = None,
    engine: str = "local",
    ray_address: str | None = None,
    drop_invalid: bool = False,
    progress: Progress | None = None,
    extra_files: dict[str, bytes | Path] | None = None,
    on_total: Progress | None = None,
) -> BuildSummary:
    """Build the release `config` describes. An OSError while writing the work folder (full disk,
    read-only file system, an `out` that is a file) is an `OutputError` naming `config.out`; the
    work folder is removed and no version is published. `progress(stage, n)` reports work done,
    `on_total(stage, n)` the work a stage has ahead when that is known (the pages)."""
    check_output_folder(config.out)
    try:
        return _build(
            config,
            workers=workers,
            engine=engine,
            ray_address=ray_address,
            drop_invalid=drop_invalid,
            progress=progress,
            extra_files=extra_files,
            on_total=on_total,
        )
    except OSError as exc:
        raise OutputError.from_os_error(exc, config.out) from exc


def _build(
    config: BuildConfig,
    *,
    workers: int | None,
    engine: str,
    ray_address: str | None,
    drop_invalid: bool,
    progress: Progress | None,
    extra_files: dict[str, bytes | Path] | None,
    on_total: Progress | None,
) -> BuildSummary:
    workers = workers or os.cpu_count() or 1
    total = count_pages(config)
    if on_total is not None:
        on_total("segment", total)
    summary = BuildSummary()
    config.out.mkdir(parents=True, exist_ok=True)
    _remove_stale_work_dirs(config.out)
    with tempfile.TemporaryDirectory(prefix=f"{WORK_PREFIX}{os.getpid()}-", dir=config.out) as work:
        spool = Path(work) / "articles.jsonl"
        fragments_path = Path(work) / "fragments.jsonl"
        inputs_path = Path(work) / "inputs.jsonl"
        failed_path = Path(work) / "rejected-pages.jsonl"
        # (text key, id) pairs, sorted on disk: memory stays flat however many articles there are
        text_keys = SortedSpool(Path(work), "text-keys")
        with (
            open(spool, "wb") as handle,
            open(fragments_path, "wb") as fragments,
            open(inputs_path, "wb") as inputs_handle,
            open(failed_path, "wb") as failed,
        ):
            inputs = InputsWriter(inputs_handle)
            outcomes = run_pages(
                process_page, iter_pages(config), total=total, engine=engine, workers=workers, ray_address=ray_address
            )
            for outcome in outcomes:
                summary.pages += 1
                if progress is not None:
                    progress("segment", 1)
                if outcome.error is not None:
                    summary.pages_failed += 1
                    entry = {"file": outcome.input_name, "error": outcome.error}
                    failed.write(orjson.dumps(entry) + b"\n")
                    if len(summary.failed_pages) < SHOWN_FAILURES:
                        summary.failed_pages.append(entry)
                    continue
                summary.chars_in += outcome.chars_in
                summary.articles += len(outcome.articles)
                summary.fragments += len(outcome.fragments)
                fragments.writelines(orjson.dumps(f) + b"\n" for f in outcome.fragments)
                assert outcome.sha256 is not None  # a page read without error has its checksum
                inputs.add(InputEntry(outcome.input_name, outcome.sha256, outcome.size, len(outcome.articles)))
                handle.writelines(outcome.articles)
                for key in outcome.text_keys:
                    text_keys.add(key, 0, 0, 0, b"")

        if summary.pages_failed and not drop_invalid:
            listing = "; ".join(f"{p['file']}: {p['error']}" for p in summary.failed_pages)
            if summary.pages_failed > len(summary.failed_pages):
                listing += f"; and {summary.pages_failed - len(summary.failed_pages)} more"
            raise InvalidDataError(
                f"{summary.pages_failed} of {summary.pages} pages could not be read ({listing}); "
                "nothing was published (use --drop-invalid to publish the rest and list them in the release)"
            )

        # Duplicates are listed (sorted by id, on disk) before publishing starts; publish leaves
        # them out while it merges its id-sorted runs.
        duplicates_path = Path(work) / "duplicates.jsonl"
        duplicates = _write_duplicates(text_keys, Path(work), duplicates_path)
        files: dict[str, bytes | Path] = dict(extra_files or {})
        if summary.fragments:
            files["fragments.jsonl"] = fragments_path
        if summary.pages_failed:
            files["rejected-pages.jsonl"] = failed_path
        options = PublishOptions(
            name=config.name,
            version=config.version,
            split_ratios=dict(config.splits),
            max_shard_bytes=_shard_bytes(config),
            drop_invalid=drop_invalid,
            workers=workers,
            pretty_name=config.pretty_name,
            license=config.license,
            task_categories=list(config.task_categories),
            config=_portable_config(config),
            duplicates_file=duplicates_path if duplicates else None,
            extra_files=files,
            inputs_file=InputsFile(inputs_path, inputs.summary),
        )
        if config.description:
            options.description = config.description
        if config.limitations:
            options.limitations = list(config.limitations)

        def publish_progress(stage: str, n: int) -> None:
            if progress is not None:
                progress("publish" if stage == "write" else "validate", n)

        # The spool is plain JSONL: publish reads and checks it in `workers` processes when it is big.
        summary.release = publish([spool], config.out, options, progress=publish_progress)
    summary.duplicates = summary.release.duplicates
    summary.chars_out = summary.release.characters
    summary.rejects = summary.release.rejected
    return summary


WORK_PREFIX = ".build-"


def _remove_stale_work_dirs(out: Path) -> None:
    """Work folders of builds that were killed: their process no longer runs."""
    for folder in out.glob(f"{WORK_PREFIX}*"):
        pid = folder.name[len(WORK_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and not process_alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _shard_bytes(config: BuildConfig) -> int:
    if config.max_shard_size is None:
        return DEFAULT_MAX_SHARD_BYTES
    from baokan.release.sizes import parse_size

    return parse_size(config.max_shard_size)


def _portable_config(config: BuildConfig) -> dict[str, Any]:
    """The config as written (paths stay relative to the config file) with the name and version
    actually used (flags may override them), for the manifest and the card."""
    return {**config.raw, "name": config.name, "version": config.version}
