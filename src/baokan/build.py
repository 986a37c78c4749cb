"""`build`: raw pages → segmented, validated, deduplicated, published release, in stages.

Stages: read pages → segment → validate → drop duplicates (`[dedup]`: near, exact or off) →
publish. The per-page stages
(read + segment) run in worker processes; their results come back in page order, so the release
is byte-identical whatever the number of workers.
"""

from __future__ import annotations

import bisect
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

import orjson

from baokan.config import BuildConfig, SourceConfig
from baokan.dedup import DedupParams
from baokan.dedup.stage import DedupOutcome, find_duplicates
from baokan.engines import RaySettings, run_pages
from baokan.errors import InputError, InvalidDataError, OutputError, UsageError
from baokan.heap import release_free_memory
from baokan.outputs import OutputFile, atomic_output, process_alive, write_atomic, writing
from baokan.pagefs import find_uri_pages, is_uri
from baokan.pages import find_pages, printable_path
from baokan.parallel import run_in_child
from baokan.recordio import STDIN
from baokan.release.files import check_output_folder
from baokan.release.inputs import InputEntry, InputsFile, InputsSummary, InputsWriter
from baokan.release.publisher import DEFAULT_MAX_SHARD_BYTES, PublishOptions, PublishResult, publish
from baokan.validate import RecordError

Progress = Callable[[str, int], None]
FRAGMENTS = "fragments.jsonl"
REJECTED_PAGES = "rejected-pages.jsonl"
# Unreadable pages named in a build's error message; rejected-pages.jsonl lists them all.
SHOWN_FAILURES = 20


@dataclass(frozen=True, slots=True)
class PageTask:
    path: str
    input_name: str
    publication: str | None
    date: str | None
    page: str | None = None
    key: str | None = None  # the page in ids: its path below its source root (input_name when None)


@dataclass(slots=True)
class PageOutcome:
    input_name: str
    sha256: str | None
    size: int
    chars_in: int
    encoding: str | None = None
    articles: list[bytes] = field(default_factory=list)  # canonical JSON lines of Article records
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

    @property
    def published(self) -> PublishResult:
        """The release a finished build published."""
        if self.release is None:
            raise RuntimeError("the build has not published a release")
        return self.release

    @property
    def rejected_pages_path(self) -> Path:
        return self.published.path / REJECTED_PAGES

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: the release (as `PublishResult.to_dict`) and the counts of `rows`."""
        counts = {label.replace(" ", "_"): value for label, value in self.rows()}
        return {**self.published.to_dict(), **counts}

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
    """Every page file of every source (`pages.find_pages`; `pagefs.find_uri_pages` for a source
    given as a URI), source by source, streamed: an archive's millions of page paths are never
    held at once. A page reachable from two sources is a UsageError; a folder that cannot be listed
    an InputError. The output folder is never read from, even where a source holds it; a source
    inside it is a UsageError."""
    out = config.out.resolve()
    local = [source.path for source in config.sources if isinstance(source.path, Path)]
    _check_local_sources(config, local, out)
    # Names are "<root folder name>/<path below it>": only sources whose roots share a name can
    # give the same name twice, so only their names are remembered.
    roots = [_root_name(source.path) for source in config.sources]
    shared = {name for name in roots if roots.count(name) > 1}
    seen: set[str] = set()
    for source, root in zip(config.sources, roots, strict=True):
        for path, input_name in _source_pages(source, out):
            if root in shared:
                if input_name in seen:
                    raise UsageError(f"{path}: page listed twice (as {input_name})")
                seen.add(input_name)
            yield PageTask(path, input_name, source.publication, source.date)


def _source_pages(source: SourceConfig, out: Path) -> Iterator[tuple[str, str]]:
    """(path or URI, name) of each page of a source."""
    if not isinstance(source.path, Path):
        yield from find_uri_pages(source.path, source.pattern, source.follow_symlinks)
        return
    root = source.path.parent if source.path.is_file() else source.path
    for file in find_pages(source.path, source.pattern, source.follow_symlinks, skip=out):
        # absolute: a Ray worker reads the page from a folder of its own
        yield str(file.absolute()), printable_path(f"{root.name}/{file.relative_to(root).as_posix()}")


def _root_name(path: Path | str) -> str:
    """The name of a source's root folder (a file's folder for a source that is one file)."""
    if isinstance(path, Path):
        return (path.parent if path.is_file() else path).name
    from baokan.pagefs import filesystem

    fs, inner = filesystem(path)
    return PurePosixPath(inner if fs.isdir(inner) else PurePosixPath(inner).parent).name


def _check_local_sources(config: BuildConfig, paths: list[Path], out: Path) -> None:
    for path in paths:
        if path.resolve().is_relative_to(out):
            raise UsageError(
                f"{config.path}: source {path} is inside the output folder {config.out}; "
                "releases and build's work files are never read as pages"
            )
    folders = [(path, path.resolve()) for path in paths if path.is_dir()]
    for i, (a, a_real) in enumerate(folders):
        for b, b_real in folders[i + 1 :]:
            if a_real.is_relative_to(b_real) or b_real.is_relative_to(a_real):
                raise UsageError(
                    f"{config.path}: sources {a} and {b} overlap: the pages of one would be read twice "
                    "(under two names, as two pages); give the outer folder once, or folders side by side"
                )


def count_pages(config: BuildConfig) -> int:
    """How many pages `iter_pages` gives; a UsageError when there are none."""
    total = sum(1 for _ in iter_pages(config))
    if total == 0:
        raise UsageError(f"{config.path}: the sources hold no page files")
    return total


def process_page(task: PageTask) -> PageOutcome:
    """Read and segment one page; errors become part of the outcome, never exceptions."""
    from baokan.pages import read_page
    from baokan.segment import segment_page

    try:
        raw = read_page(
            task.path, publication=task.publication, date=task.date, page=task.page, key=task.key or task.input_name
        )
    except InputError as exc:
        size = os.path.getsize(task.path) if not is_uri(task.path) and os.path.exists(task.path) else 0
        where = f"{exc.path}:{exc.line}" if exc.line else exc.path
        return PageOutcome(task.input_name, None, size, 0, error=exc.message, error_line=exc.line, error_where=where)
    result = segment_page(raw)
    page_warnings = list(raw.warnings)
    chars_in = len("".join(raw.text.split()))  # str.split: the same whitespace as `\s`, faster
    if not chars_in:
        page_warnings.append("empty page: no text")
    sha256, encoding, raw_size = raw.sha256, raw.encoding, raw.size
    del raw  # a huge page's text is not held next to its records
    # Work that scales with the articles is done here, in the worker, not in the main process;
    # each Article is let go once it is JSON, so a page's records are not held twice.
    articles: list[bytes] = []
    pending = result.articles
    result.articles = []
    pending.reverse()
    while pending:
        article = pending.pop()
        articles.append(orjson.dumps(article.to_dict()) + b"\n")
    return PageOutcome(
        input_name=task.input_name,
        sha256=sha256,
        size=raw_size,
        chars_in=chars_in,
        encoding=encoding,
        articles=articles,
        fragments=[{"file": task.input_name, **f.to_dict()} for f in result.fragments],
        page_warnings=page_warnings,
        warnings=page_warnings + list(result.warnings),
    )


@dataclass
class SegmentSummary:
    pages: int = 0
    articles: int = 0
    fragments: int = 0
    warnings: int = 0
    rejected: int = 0
    output: str = ""  # where the articles went ("-": stdout)
    rejects: Path | None = None  # the rejects file, when pages were rejected

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: {"pages", "articles", "fragments", "warnings", "rejected", "output", "rejects"}."""
        return {
            "pages": self.pages,
            "articles": self.articles,
            "fragments": self.fragments,
            "warnings": self.warnings,
            "rejected": self.rejected,
            "output": self.output,
            "rejects": str(self.rejects) if self.rejects else None,
        }


def segment_files(
    files: Sequence[Path | tuple[Path, str]],
    output: Path | BinaryIO,
    *,
    rejects: Path,
    report: Path | None = None,
    publication: str | None = None,
    date: str | None = None,
    page: str | None = None,
    workers: int = 1,
    on_page: Callable[[PageOutcome], None] | None = None,
) -> SegmentSummary:
    """The segment stage on its own: pages → `output` (JSON Lines, streamed; a path is written
    atomically, a binary stream such as stdout as the pages come).

    Pages that cannot be read go to `rejects` with their reasons (written only when there are
    some; a stale one from an earlier run is removed); `report` gets a per-page JSON report.
    Results come back in page order whatever `workers` is.
    """
    summary = SegmentSummary(output=str(output) if isinstance(output, Path) else STDIN)
    rejected_lines: list[bytes] = []
    entries: list[dict[str, Any]] = []
    keyed = [f if isinstance(f, tuple) else (f, f.name) for f in files]
    tasks = [PageTask(str(f), printable_path(str(f)), publication, date, page, key) for f, key in keyed]
    with _articles_sink(output) as out:
        for outcome in run_pages(process_page, tasks, total=len(tasks), workers=workers):
            summary.pages += 1
            if outcome.error is not None:
                summary.rejected += 1
                rejected_lines.append(orjson.dumps(_rejected_page(outcome)) + b"\n")
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
        doc = {**summary.to_dict(), "page_reports": entries}
        write_atomic(report, orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n")
    return summary


def _articles_sink(output: Path | BinaryIO) -> AbstractContextManager[OutputFile | BinaryIO]:
    return atomic_output(output) if isinstance(output, Path) else nullcontext(output)


def _rejected_page(outcome: PageOutcome) -> dict[str, Any]:
    return {
        "file": outcome.input_name,
        "where": outcome.error_where,
        "line": outcome.error_line,
        "reason": outcome.error,
    }


def _page_report(outcome: PageOutcome) -> dict[str, Any]:
    return {
        "file": outcome.input_name,
        "sha256": outcome.sha256,
        "encoding": outcome.encoding,
        "articles": len(outcome.articles),
        "fragments": [
            {
                "text": f["text"],
                "lines": [f["line_start"], f["line_end"]],
                "reason": f["reason"],
                "kind": f["kind"],
                **({"fields": f["fields"]} if "fields" in f else {}),
            }
            for f in outcome.fragments
        ],
        "warnings": outcome.warnings,
        "errors": [] if outcome.error is None else [f"{outcome.error_where}: {outcome.error}"],
    }


@dataclass(frozen=True)
class _Work:
    """The scratch files of a build, in its work folder under `config.out`."""

    folder: Path

    @property
    def articles(self) -> Path:
        return self.folder / "articles.jsonl"

    @property
    def fragments(self) -> Path:
        return self.folder / FRAGMENTS

    @property
    def inputs(self) -> Path:
        return self.folder / "inputs.jsonl"

    @property
    def failed(self) -> Path:
        return self.folder / REJECTED_PAGES

    @property
    def duplicates(self) -> Path:
        return self.folder / "duplicates.jsonl"


def build(
    config: BuildConfig,
    *,
    workers: int | None = None,
    engine: str = "local",
    ray: RaySettings | None = None,
    drop_invalid: bool = False,
    progress: Progress | None = None,
    extra_files: dict[str, bytes | Path] | None = None,
    on_total: Progress | None = None,
) -> BuildSummary:
    """Build the release `config` describes. `progress(stage, n)` reports work done,
    `on_total(stage, n)` the work a stage has ahead when that is known (the pages). `engine`
    runs the per-page stages (`engines.run_pages`): `local` in `workers` processes, `ray` as Ray
    tasks on the cluster of `ray` (see `engines.RaySettings`).

    A page or source folder that cannot be read is an InputError (or, for a page, a rejected page);
    a failure to write the work folder (full disk, read-only file system, an `out` that is a file)
    an `OutputError` naming `config.out`: the work folder is removed and no version is published.
    """
    workers = workers or os.cpu_count() or 1
    check_output_folder(config.out)
    total = count_pages(config)
    if on_total is not None:
        on_total("segment", total)
    made = not config.out.exists()
    with _writing_below(config.out):
        config.out.mkdir(parents=True, exist_ok=True)
        _remove_stale_work_dirs(config.out)
        folder = tempfile.TemporaryDirectory(
            prefix=f"{WORK_PREFIX}{os.getpid()}-", dir=config.out, ignore_cleanup_errors=True
        )
    try:
        with folder as name:
            work = _Work(Path(name))
            tasks = iter_pages(config)
            outcomes = run_pages(process_page, tasks, total=total, engine=engine, workers=workers, ray=ray)
            with _writing_below(config.out):
                summary, inputs = _segment_stage(outcomes, work, progress)
            if summary.pages_failed and not drop_invalid:
                raise InvalidDataError(_failed_pages_message(summary))
            # Duplicates are listed (sorted by id) before publishing starts; publish finds them in its
            # id-sorted runs and leaves them out of the rows it merges, and places clusters by their aliases.
            with _writing_below(config.out):
                dedup = _dedup_stage(config, work, workers)
            release_free_memory()  # publish's readers fork from this process: not with dedup's freed arrays
            options = _publish_options(config, summary, work, inputs, dedup, workers, drop_invalid, extra_files)

            def publish_progress(stage: str, n: int) -> None:
                if progress is not None:
                    progress("publish" if stage == "write" else "validate", n)

            # The spool is plain JSONL: publish reads and checks it in `workers` processes when it is big.
            try:
                summary.release = publish([work.articles], config.out, options, progress=publish_progress)
            except InvalidDataError as exc:
                if exc.result is not None:
                    exc.result.errors[:] = _errors_at_pages(exc.result.errors, work)
                raise
    except BaseException:
        _remove_if_left_empty(config.out, made)
        raise
    summary.duplicates = summary.release.duplicates
    summary.chars_out = summary.release.characters
    summary.rejects = summary.release.rejected
    return summary


_FIRST_SEEN_RE = re.compile(r"first seen at (.+):(\d+)$")


def _errors_at_pages(errors: list[RecordError], work: _Work) -> list[RecordError]:
    """Errors about lines of the work folder's articles.jsonl (which is removed when build ends)
    told at the page file and line of the article they are about."""
    articles = str(work.articles)
    wanted: set[int] = set()
    for e in errors:
        if e.file == articles and e.line:
            wanted.add(e.line)
            first = _FIRST_SEEN_RE.search(e.message)
            if first and first.group(1) == articles:
                wanted.add(int(first.group(2)))
    where = _articles_at(work, wanted)

    def first_seen(m: re.Match[str]) -> str:
        at = where.get(int(m.group(2))) if m.group(1) == articles else None
        return f"first seen at {at[0]}:{at[1]}" if at else m.group(0)

    out = []
    for e in errors:
        if e.file != articles or e.line not in where:
            out.append(e)
            continue
        page, line = where[e.line]
        out.append(replace(e, file=page, line=line, message=_FIRST_SEEN_RE.sub(first_seen, e.message)))
    return out


def _articles_at(work: _Work, lines: set[int]) -> dict[int, tuple[str, int]]:
    """(page, first line of the article on it) for the given lines of the work articles file: the
    articles are in page order, each page's count in the work inputs list, so a line tells its page."""
    found: dict[int, tuple[str, int]] = {}
    if not lines:
        return found
    pages: list[tuple[int, str]] = []  # (last article line of the page, page name)
    total = 0
    with open(work.inputs, "rb") as inputs:
        for raw in inputs:
            entry = orjson.loads(raw)
            total += entry["records"]
            pages.append((total, entry["name"]))
    ends = [end for end, _ in pages]
    last = max(lines)
    with open(work.articles, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if number in lines:
                source = orjson.loads(raw).get("source", {})
                k = bisect.bisect_left(ends, number)
                page = pages[k][1] if k < len(pages) else source.get("file")
                found[number] = (str(page), int(source.get("line_start") or 0))
            if number >= last:
                break
    return found


def _remove_if_left_empty(out: Path, made: bool) -> None:
    """A failed build leaves no `out` folder that it made and left empty (its work folder is gone)."""
    if made and out.is_dir() and not any(out.iterdir()):
        out.rmdir()


@contextmanager
def _writing_below(out: Path) -> Iterator[None]:
    """A failure to write in the block (the work folder) is reported as one to write `out`;
    pages and folders that cannot be read raise InputError where they are read."""
    try:
        with writing(out):
            yield
    except OutputError as exc:
        if exc.path == str(out):
            raise
        raise OutputError(out, f"{exc.message} at {exc.path}") from exc


def _dedup_stage(config: BuildConfig, work: _Work, workers: int) -> DedupOutcome:
    """The duplicates of the work folder's articles by the config's `[dedup]` section, found in a
    process of its own: the stage's arrays and buffers, and what they leave in the heap, end with
    it, so publish (and the readers it forks) starts from what the segment stage left. At 16x the
    bench corpus the main process still held some 150 MiB of dedup's when publish forked. The
    process is not a daemonic pool worker, so it can sketch in `workers` processes of its own."""
    params = DedupParams(threshold=config.dedup.threshold, keep=config.dedup.keep)
    args = (work.articles, work.duplicates, config.dedup.mode, params, workers)
    if config.dedup.mode == "off":
        return find_duplicates(*args)
    return run_in_child(find_duplicates, *args)


def _segment_stage(
    outcomes: Iterable[PageOutcome], work: _Work, progress: Progress | None
) -> tuple[BuildSummary, InputsSummary]:
    """Consume the page outcomes in page order into the work folder: articles, fragments, the
    inputs list and rejected pages, streamed."""
    summary = BuildSummary()
    with (
        atomic_output(work.articles) as articles,
        atomic_output(work.fragments) as fragments,
        atomic_output(work.inputs) as inputs_file,
        atomic_output(work.failed) as failed,
    ):
        inputs = InputsWriter(inputs_file)
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
            articles.writelines(outcome.articles)
    return summary, inputs.summary


def _failed_pages_message(summary: BuildSummary) -> str:
    listing = "; ".join(f"{p['file']}: {p['error']}" for p in summary.failed_pages)
    if summary.pages_failed > len(summary.failed_pages):
        listing += f"; and {summary.pages_failed - len(summary.failed_pages)} more"
    return (
        f"{summary.pages_failed} of {summary.pages} pages could not be read ({listing}); "
        "nothing was published (use --drop-invalid to publish the rest and list them in the release)"
    )


def _publish_options(
    config: BuildConfig,
    summary: BuildSummary,
    work: _Work,
    inputs: InputsSummary,
    dedup: DedupOutcome,
    workers: int,
    drop_invalid: bool,
    extra_files: dict[str, bytes | Path] | None,
) -> PublishOptions:
    files: dict[str, bytes | Path] = dict(extra_files or {})
    if summary.fragments:
        files[FRAGMENTS] = work.fragments
    if summary.pages_failed:
        files[REJECTED_PAGES] = work.failed
    options = PublishOptions(
        name=config.name,
        version=config.version,
        split_ratios=dict(config.splits),
        max_shard_bytes=_shard_bytes(config),
        drop_invalid=drop_invalid,
        workers=workers,
        pretty_name=config.pretty_name,
        license=config.license,
        license_name=config.license_name,
        license_link=config.license_link,
        authors=list(config.authors),
        homepage=config.homepage,
        citation=config.citation,
        task_categories=list(config.task_categories),
        config=_portable_config(config),
        duplicates_file=work.duplicates if dedup.dropped else None,
        dedup_method=dedup.method,
        split_aliases=dedup.aliases,
        extra_files=files,
        inputs_file=InputsFile(work.inputs, inputs),
    )
    if config.description:
        options.description = config.description
    if config.limitations:
        options.limitations = list(config.limitations)
    return options


WORK_PREFIX = ".build-"


def _remove_stale_work_dirs(out: Path) -> None:
    """Work folders of builds that were killed: their process no longer runs."""
    for folder in out.glob(f"{WORK_PREFIX}*"):
        pid = folder.name[len(WORK_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and not process_alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _shard_bytes(config: BuildConfig) -> int:
    return DEFAULT_MAX_SHARD_BYTES if config.max_shard_bytes is None else config.max_shard_bytes


def _portable_config(config: BuildConfig) -> dict[str, Any]:
    """The config as written, with the name and version actually used (flags may override them),
    for the manifest and the card. Paths are relative to the config file: an absolute `out` or
    source path is written relative to it, so no release file names a machine's folders (and the
    same inputs give the same bytes wherever they lie)."""
    raw = dict(config.raw)
    base = config.path.parent.resolve()

    def portable(value: Any) -> Any:
        if not isinstance(value, str) or not os.path.isabs(value):
            return value
        return Path(os.path.relpath(value, base)).as_posix()

    if "out" in raw:
        raw["out"] = portable(raw["out"])
    if isinstance(raw.get("sources"), list):
        raw["sources"] = [{**s, "path": portable(s.get("path"))} if isinstance(s, dict) else s for s in raw["sources"]]
    return {**raw, "name": config.name, "version": config.version}
