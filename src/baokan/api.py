"""The Python API: baokan's stages as plain functions, importable as `baokan.read_page`,
`baokan.segment_text`, `baokan.publish`, ...

Each function wraps the library function the matching `baokan` command runs (`read_page` and
`segment_page` what `baokan segment` does for a page, `validate` what `baokan validate` does, and
so on) and returns the library's own result object: what the CLI renders as its report. Nothing
here prints; errors are the typed errors of `baokan.errors` (`UsageError` for a call that cannot
be done as asked, `InputError` for input that cannot be read, `InvalidDataError` for invalid
records, `ReleaseExistsError`, `OutputError`).

Records in memory are `baokan.records.Article` objects (what the segmenter gives) or their JSON
form as dicts (`Article.to_dict()`); `validate` and `publish` take them as well as files. They are
checked and published in their JSON form, as `orjson` writes them. In the signatures, `PathLike`
is `str | os.PathLike[str]` and `Record` is `Article | Mapping[str, Any]`.

The examples run from the repository's root folder (they read the bundled page
`data/raw/lvliang-daily/000_1102c3be27cc357c.txt` and release `data/releases/lvliang-daily/1.0.0`);
`tests/test_api.py` runs them.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from baokan.errors import InputError, InvalidDataError, UsageError, no_such_path

if TYPE_CHECKING:
    from datasets import Dataset, DatasetDict

    from baokan.build import BuildSummary
    from baokan.pages import RawPage
    from baokan.records import Article
    from baokan.release.diff import ReleaseDiff
    from baokan.release.publisher import PublishResult
    from baokan.release.verify import VerifyResult
    from baokan.validate import CheckResult

__all__ = [
    "RECORDS_FILE",
    "build",
    "diff",
    "load_release",
    "publish",
    "read_page",
    "segment_page",
    "segment_text",
    "validate",
    "verify",
]

PathLike: TypeAlias = "str | os.PathLike[str]"
Record: TypeAlias = "Article | Mapping[str, Any]"

# The file records given in memory are written to for `publish`: the release's inputs.jsonl and
# rejects.jsonl name them by it.
RECORDS_FILE = "records.jsonl"


# -- pages and articles ---------------------------------------------------------------------------


def read_page(
    path: PathLike, *, publication: str | None = None, date: str | None = None, page: str | int | None = None
) -> RawPage:
    """Read one page file, as `baokan segment` reads each page: page text (UTF-8, GB18030, Big5,
    UTF-16/32 with a BOM, ...) or a layout file (PDF, ALTO XML, hOCR, PaddleOCR JSON; the format is
    told by content). Returns a `baokan.pages.RawPage`: decoded text, encoding, sha256 of the
    bytes, metadata and, for a layout file, its pages.

    Metadata: `publication`, `date` (YYYY-MM-DD) and `page` (a label such as "A3" or a number)
    win; else the sidecar `<stem>.meta.json`, else the folder convention
    `<publication>/<YYYY-MM-DD>/<page>.txt`; the segmenter fills what is still missing from the
    page's header and footer lines.

    Raises `UsageError` for a path that does not exist or an invalid option, `InputError` for a
    file that cannot be read or is not a page (binary, undecodable, a bad sidecar).

    >>> import baokan
    >>> page = baokan.read_page("data/raw/lvliang-daily/000_1102c3be27cc357c.txt")
    >>> page.meta.publication, page.encoding, page.sha256[:12]
    ('吕梁日报', 'utf-8', 'af463e84b6d7')
    """
    from baokan.pages import printable_path
    from baokan.pages import read_page as _read_page

    if not os.path.lexists(path):
        raise no_such_path(printable_path(os.fspath(path)))
    return _read_page(Path(path), publication=publication, date=date, page=page)


def segment_page(page: RawPage) -> list[Article]:
    """Segment a page read by `read_page` into article records (`baokan.records.Article`), in
    page order: every page of a layout file. `Article.to_dict()` gives a record's JSON form.

    Material that belongs to no article (page furniture, stray lines) is not an article;
    `baokan.segment.segment_page` gives it as fragments, with the segmenter's warnings.

    >>> import baokan
    >>> articles = baokan.segment_page(baokan.read_page("data/raw/lvliang-daily/000_1102c3be27cc357c.txt"))
    >>> len(articles), articles[0].title
    (5, '中阳县：奋力打造“一心五区”县域经济发展新格局')
    >>> articles[0].source.file, articles[0].source.line_start
    ('000_1102c3be27cc357c.txt', 3)
    """
    from baokan.pages import RawPage
    from baokan.segment import segment_page as _segment_page

    if not isinstance(page, RawPage):
        raise UsageError(
            f"segment_page takes a page read by read_page, not {type(page).__name__}; "
            "use segment_text for text in memory"
        )
    return _segment_page(page).articles


def segment_text(
    text: str,
    *,
    publication: str | None = None,
    date: str | None = None,
    page: str | int | None = None,
    file: str | None = None,
) -> list[Article]:
    r"""Segment the text of one printed page held in memory into article records, as
    `segment_page(read_page(path))` does for the same text written to a UTF-8 file named `file`.

    The records need a file name and a checksum, which text in memory lacks: `source.sha256` is
    the sha256 of the text's UTF-8 bytes and `source.file` is `file` or, when it is not given,
    the placeholder `text-<first 16 hex digits of that sha256>.txt` (the same text always gets
    the same name, so its articles keep their ids; different texts get different names).
    `publication` (default "unknown"), `date` and `page` are as in `read_page`; what is missing
    is read off the page's header lines where it prints them.

    Raises `UsageError` for an invalid option, `InputError` for a text that cannot be encoded in
    UTF-8 or is not text (NUL bytes).

    >>> import baokan
    >>> text = "中阳县奋力打造县域经济新格局\n\n本报讯（记者 高茜）中阳县主动服务和融入新发展格局。\n"
    >>> [article] = baokan.segment_text(text, publication="吕梁日报", date="2023-04-11", page=3)
    >>> article.title, article.authors[0].name, article.source.page_number
    ('中阳县奋力打造县域经济新格局', '高茜', 3)
    >>> article.source.file
    'text-72a9f39974bd28e4.txt'
    """
    from baokan.pages import text_page
    from baokan.segment import segment_page as _segment_page

    return _segment_page(text_page(text, publication, date, page, name=file)).articles


# -- records --------------------------------------------------------------------------------------


def _record_lines(records: list[Any]) -> list[bytes]:
    """Records (Articles or JSON-shaped mappings) → their JSON lines; `UsageError` naming the
    first one that has no JSON form."""
    import orjson

    from baokan.records import Article

    lines = []
    for number, record in enumerate(records, start=1):
        data = record.to_dict() if isinstance(record, Article) else record
        try:
            lines.append(orjson.dumps(data) + b"\n")
        except TypeError as exc:
            raise UsageError(f"record {number}: cannot be written as JSON: {exc}") from exc
    return lines


def _paths_or_records(inputs: PathLike | Iterable[PathLike | Record], what: str) -> tuple[list[Path], list[Any]]:
    """`inputs` → (paths, []) or ([], records): a path, or a list of paths or of records."""
    from baokan.records import Article

    if isinstance(inputs, str | os.PathLike):
        return [Path(inputs)], []
    if isinstance(inputs, Article | Mapping) or not isinstance(inputs, Iterable):
        raise UsageError(f"{what} takes a path or a list of paths or of records, not {type(inputs).__name__}")
    items = list(inputs)
    paths = [Path(x) for x in items if isinstance(x, str | os.PathLike)]
    records = [x for x in items if isinstance(x, Article | Mapping)]
    if len(paths) + len(records) < len(items):
        bad = next(x for x in items if not isinstance(x, str | os.PathLike | Article | Mapping))
        raise UsageError(f"{what}: {bad!r} is neither a path nor a record (an Article or a dict)")
    if paths and records:
        raise UsageError(f"{what} takes paths or records, not both: write the records to a file first")
    return paths, records


def validate(
    paths_or_records: PathLike | Iterable[PathLike | Record], *, max_errors: int | None = None, workers: int = 1
) -> CheckResult:
    """Check records against the article schema and the rules beyond it (ids unique across all
    of them, `text` the paragraphs joined, real dates, ...), as `baokan validate` does. Returns
    the `baokan.validate.CheckResult` it renders: `valid`, `records`, `error_count` and the
    `errors` (at most `max_errors` of them kept; all are counted).

    `paths_or_records`: a path or a list of paths (JSONL, JSONL.gz, Parquet, release folders; a
    release folder is first checked against its manifest), or a list of records (Articles or
    dicts), whose errors name the file `<records>` and the record's place (from 1) as the line.
    `workers`: processes for big JSONL files; the result is the same for any number.

    Raises `UsageError` for a path that does not exist or is of no known type.

    >>> import baokan
    >>> articles = baokan.segment_text("标题在此\\n\\n本报讯　正文第一段，说明情况。\\n")
    >>> baokan.validate(articles).valid
    True
    >>> record = articles[0].to_dict()
    >>> record["text"] = "another text"
    >>> [(e.file, e.line, e.path) for e in baokan.validate([record]).errors]
    [('<records>', 1, '$.text')]
    >>> baokan.validate("data/releases/lvliang-daily/1.0.0").records
    5
    """
    from baokan.validate import validate_paths, validate_records

    paths, records = _paths_or_records(paths_or_records, "validate")
    if records:
        import orjson

        lines = _record_lines(records)
        return validate_records((orjson.loads(line) for line in lines), max_errors=max_errors)
    from baokan.release.verify import check_release_input

    return validate_paths(paths, max_errors=max_errors, workers=workers, check_release=check_release_input)


# -- releases -------------------------------------------------------------------------------------


def publish(
    inputs: PathLike | Iterable[PathLike | Record],
    out: PathLike,
    name: str,
    version: str,
    *,
    splits: Mapping[str, float] | None = None,
    drop_invalid: bool = False,
    pretty_name: str | None = None,
    license: str = "unknown",
    max_shard_bytes: int | None = None,
    workers: int = 1,
) -> PublishResult:
    """Publish records as the release `out/name/version/`, as `baokan publish` does: Parquet
    shards with typed features, a JSONL.gz mirror, dataset card, manifest with checksums, a copy
    of the schema. Returns the `baokan.release.PublishResult` (`path`, `records`, `splits`,
    `rejected`, `digest`, `noop` when an identical release already existed).

    `inputs`: a path or a list of paths (as `validate`), or a list of records (Articles or
    dicts), which are written to a temporary `records.jsonl` (`RECORDS_FILE`: the name the
    release's inputs.jsonl lists them by). `splits`: split name → ratio (default all in
    "train"); a record's split is a hash of its id. `drop_invalid`: publish the valid records
    and list the others in rejects.jsonl instead of publishing nothing.

    Raises `InvalidDataError` (its `result` says why) when records are invalid and `drop_invalid`
    is off, `ReleaseExistsError` when the version exists with other content, `UsageError` for an
    invalid name, version or split, `OutputError` when the release cannot be written.

    >>> import baokan, tempfile
    >>> out = tempfile.TemporaryDirectory()
    >>> articles = baokan.segment_page(baokan.read_page("data/raw/lvliang-daily/000_1102c3be27cc357c.txt"))
    >>> result = baokan.publish(articles, out.name, "demo", "1.0.0")
    >>> result.path.relative_to(out.name).as_posix(), result.records, result.splits
    ('demo/1.0.0', 5, {'train': 5})
    """
    from baokan.release.publisher import PublishOptions
    from baokan.release.publisher import publish as _publish

    options = PublishOptions(
        name=name, version=version, drop_invalid=drop_invalid, pretty_name=pretty_name, license=license, workers=workers
    )
    if splits is not None:
        options.split_ratios = dict(splits)
    if max_shard_bytes is not None:
        options.max_shard_bytes = max_shard_bytes
    paths, records = _paths_or_records(inputs, "publish")
    if not records:
        return _publish(paths, Path(out), options)
    lines = _record_lines(records)
    with tempfile.TemporaryDirectory(prefix="baokan-records-") as folder:
        spool = Path(folder) / RECORDS_FILE
        _write_lines(spool, lines)
        try:
            return _publish([spool], Path(out), options)
        except InvalidDataError as exc:
            raise _in_memory(exc, str(spool)) from exc


def _write_lines(path: Path, lines: list[bytes]) -> None:
    from baokan.outputs import atomic_output

    with atomic_output(path) as handle:
        handle.writelines(lines)


def _in_memory(exc: InvalidDataError, spool: str) -> InvalidDataError:
    """The error of records given in memory, naming them `<records>` rather than the temporary
    file they were published from (which is gone)."""
    from dataclasses import replace

    from baokan.validate import RECORDS

    result = exc.result
    if result is not None:
        result.errors[:] = [
            replace(e, file=RECORDS, message=e.message.replace(spool, RECORDS)) if e.file == spool else e
            for e in result.errors
        ]
    return InvalidDataError(str(exc).replace(spool, RECORDS), result)


def build(
    config_path: PathLike,
    *,
    name: str | None = None,
    version: str | None = None,
    out: PathLike | None = None,
    workers: int = 1,
    drop_invalid: bool = False,
    follow_symlinks: bool = False,
) -> BuildSummary:
    """Build the release a config file (TOML) describes, as `baokan build` does: read the pages,
    segment, validate, drop duplicates, publish. `name`, `version` and `out` override the
    config's. Returns the `baokan.build.BuildSummary` (pages, articles, fragments, duplicates,
    ...; `published` is the `PublishResult`). The release is the same byte for byte for any
    number of `workers`.

    Raises `UsageError` for a bad config, `InvalidDataError` for unreadable pages or invalid
    records without `drop_invalid`, and as `publish` does.

    >>> import baokan, tempfile
    >>> out = tempfile.TemporaryDirectory()
    >>> summary = baokan.build("data/lvliang-daily.toml", out=out.name)
    >>> summary.pages, summary.articles, summary.published.records
    (1, 5, 5)
    """
    from baokan.build import build as _build
    from baokan.config import load_config

    config = load_config(Path(config_path)).with_overrides(
        version=version, name=name, out=None if out is None else Path(out)
    )
    if follow_symlinks:
        config = config.following_symlinks()
    return _build(config, workers=workers, drop_invalid=drop_invalid)


def verify(
    release_path: PathLike, *, revalidate: bool = True, digest: str | None = None, deep: bool = False
) -> VerifyResult:
    """Check a release folder against its manifest, as `baokan verify` does: every file's sha256,
    size and row count, no missing or extra files, the manifest's digest (against `digest`, else
    the one the dataset's CHANGELOG.md recorded) and, with `revalidate`, every record. `deep`
    also compares the JSON Lines mirror with the Parquet rows. Returns the
    `baokan.release.VerifyResult`: `ok`, and `problems` naming each file that differs.

    Raises `UsageError` for a `digest` that is not a sha256 digest.

    >>> import baokan
    >>> result = baokan.verify("data/releases/lvliang-daily/1.0.0")
    >>> result.ok, result.records, result.problems
    (True, 5, [])
    """
    from baokan.release.digest import parse_digest
    from baokan.release.verify import verify_release

    pinned = parse_digest(digest) if digest is not None else None
    if digest is not None and pinned is None:
        raise UsageError(f"digest {digest!r} is not a sha256 digest (sha256:HEX, 64 hex digits)")
    return verify_release(Path(release_path), revalidate=revalidate, digest=pinned, deep=deep)


def diff(old: PathLike, new: PathLike) -> ReleaseDiff:
    """Compare the articles of two release folders by id, as `baokan diff` does. Returns the
    `baokan.release.diff.ReleaseDiff`: `added`, `removed`, `changed` (id and changed fields),
    `provenance_only`, per-split counts, `identical`.

    Raises `UsageError` when a path is not a release folder, `InputError` when a shard cannot be
    read.

    >>> import baokan, tempfile
    >>> out = tempfile.TemporaryDirectory()
    >>> articles = baokan.segment_page(baokan.read_page("data/raw/lvliang-daily/000_1102c3be27cc357c.txt"))
    >>> old = baokan.publish(articles[:3], out.name, "demo", "1.0.0").path
    >>> new = baokan.publish(articles, out.name, "demo", "1.1.0").path
    >>> result = baokan.diff(old, new)
    >>> result.identical, len(result.added), len(result.removed), result.unchanged
    (False, 2, 0, 3)
    """
    from baokan.release.diff import diff_releases

    return diff_releases(Path(old), Path(new))


def load_release(
    path: PathLike, split: str | None = None, *, cache_dir: PathLike | None = None
) -> Dataset | DatasetDict:
    """Load a release folder's Parquet shards with `datasets`, offline, with the features of the
    article schema (`baokan.schema.hf_features`: `source.date` a date, authors and captions lists
    of structs). Returns a `datasets.DatasetDict` of every split, or the `datasets.Dataset` of
    `split`; a split of no rows (which `datasets.load_dataset` refuses) is an empty `Dataset`
    with the same features. Nothing is fetched from the network; `datasets` keeps its Arrow
    files in its cache (`cache_dir`, else its default one). Check a release with `verify` first
    when it may have been altered.

    Raises `UsageError` when the path is not a release folder, the release has no such split or
    `datasets` is not installed; `InputError` when a shard the manifest lists is missing or is
    not a Parquet file.

    >>> import baokan, baokan.schema, tempfile
    >>> cache = tempfile.TemporaryDirectory()
    >>> releases = baokan.load_release("data/releases/lvliang-daily/1.0.0", cache_dir=cache.name)
    >>> {name: split.num_rows for name, split in releases.items()}
    {'train': 5}
    >>> train = baokan.load_release("data/releases/lvliang-daily/1.0.0", "train", cache_dir=cache.name)
    >>> train.features == baokan.schema.hf_features(), train[0]["source"]["publication"]
    (True, '吕梁日报')
    """
    from baokan.release.diff import release_shards

    release = Path(path)
    _version, splits, shards = release_shards(release)
    if split is not None and split not in splits:
        raise UsageError(f"{release}: no split {split!r} (the release has {', '.join(splits)})")
    try:
        import datasets
    except ImportError as exc:
        raise UsageError("load_release needs the `datasets` package: pip install -e '.[datasets]'") from exc
    cache = None if cache_dir is None else os.fspath(cache_dir)
    loaded = {
        name: _load_split(name, [p for s, p in shards if s == name], cache) for name in splits if split in (None, name)
    }
    return loaded[split] if split is not None else datasets.DatasetDict(loaded)


def _load_split(name: str, shards: list[Path], cache_dir: str | None) -> Dataset:
    """One split of a release as a `datasets.Dataset`; a split of no rows (which `load_dataset`
    refuses: "corresponds to no data") an empty one with the same features."""
    import datasets
    import pyarrow.parquet as pq

    from baokan.schema import hf_features

    features = hf_features()
    rows = 0
    for shard in shards:
        try:
            rows += pq.read_metadata(shard).num_rows
        except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
            raise InputError(str(shard), f"cannot read Parquet: {exc}") from exc
    if not rows:
        empty: dict[str, list[Any]] = {key: [] for key in features}
        return datasets.Dataset.from_dict(empty, features=features, split=datasets.NamedSplit(name))
    files = {name: [str(shard) for shard in shards]}
    loaded: Dataset = datasets.load_dataset(
        "parquet", data_files=files, features=features, split=name, cache_dir=cache_dir
    )
    return loaded
