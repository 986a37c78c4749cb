"""Release configuration files (TOML): what a `baokan build` makes and from which raw pages.

Example (`data/lvliang-daily.toml`)::

    name = "lvliang-daily"
    version = "1.0.0"
    pretty_name = "吕梁日报 articles"
    description = "…"
    license = "other"                # a Hugging Face Hub licence identifier (default unknown);
    license_name = "publisher-copyright"   # other: its name and where it is stated
    license_link = "README.md#rights"
    authors = ["…"]                  # optional: card, Croissant creator, citation
    homepage = "https://…"           # optional
    citation = "@misc{…}"             # optional BibTeX (default: one made from the above)
    out = "releases"                 # relative to this file

    [splits]                         # optional; default train = 1.0
    train = 1.0

    [[sources]]
    path = "raw/lvliang-daily"      # a folder of page files (*.txt, recursively) or one file,
                                     # or an fsspec URI: "s3://bucket/raw" (see pagefs.py)
    publication = "吕梁日报"         # optional: else sidecar / folder convention (see pages.py)

    [dedup]                          # optional; these are the defaults
    mode = "near"                    # near | exact | off
    threshold = 0.8
    keep = "earliest"                # earliest | longest | first-id

Paths are relative to the config file, so a build depends only on the file and the raw pages.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from baokan.config_check import ConfigProblem, KeyLines, as_json, key_path, schema_problems
from baokan.errors import UsageError, no_such_path
from baokan.pagefs import is_uri, uri_exists
from baokan.pages import PAGE_PATTERN
from baokan.release.attribution import Attribution, check_license
from baokan.release.layout import check_name, check_version
from baokan.release.sizes import parse_size
from baokan.release.splits import DEFAULT_SPLITS, check_ratios


@dataclass(frozen=True)
class SourceConfig:
    path: Path | str  # a local path, or an fsspec URI (`s3://…`, `memory://…`: see baokan.pagefs)
    publication: str | None = None
    date: str | None = None
    pattern: str = PAGE_PATTERN
    follow_symlinks: bool = False  # read page files that are links pointing outside `path`


@dataclass(frozen=True)
class DedupConfig:
    """The `[dedup]` section: `near` drops near duplicates, `exact` only copies of the same text
    (near copies stay, in their cluster's split), `off` nothing (splits by id)."""

    mode: str = "near"
    threshold: float = 0.8
    keep: str = "earliest"


@dataclass(frozen=True)
class BuildConfig:
    path: Path
    name: str
    version: str
    out: Path
    sources: tuple[SourceConfig, ...]
    pretty_name: str | None = None
    description: str | None = None
    license: str = "unknown"
    license_name: str | None = None
    license_link: str | None = None
    authors: tuple[str, ...] = ()
    homepage: str | None = None
    citation: str | None = None
    task_categories: tuple[str, ...] = ("text-generation",)
    splits: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_SPLITS))
    max_shard_size: str | None = None
    max_shard_bytes: int | None = None
    limitations: tuple[str, ...] = ()
    dedup: DedupConfig = field(default_factory=DedupConfig)
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def attribution(self) -> Attribution:
        return Attribution(
            self.license, self.license_name, self.license_link, self.authors, self.homepage, self.citation
        )

    def following_symlinks(self) -> BuildConfig:
        """The config with every source reading page files that are links pointing outside it."""
        return replace(self, sources=tuple(replace(s, follow_symlinks=True) for s in self.sources))

    def with_overrides(self, **overrides: Any) -> BuildConfig:
        given = {k: v for k, v in overrides.items() if v is not None}
        if "name" in given:
            check_name(given["name"])
        if "version" in given:
            check_version(given["version"])
        return replace(self, **given)


def load_config(path: Path) -> BuildConfig:
    """Parse and check a release config against `schema/config.schema.json` and the rules a
    schema cannot state (paths that exist, ratios that sum to 1, a size that parses). Every
    problem is reported at once, each with the file, its line and the TOML key path."""
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
        raw = tomllib.loads(text)
    except FileNotFoundError:
        raise no_such_path(where) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{where}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{where}: invalid TOML: {exc}") from None
    doc = as_json(raw)
    problems = schema_problems(doc, text)
    if not problems:
        problems = _rule_problems(doc, path.parent, KeyLines(text))
    if problems:
        raise UsageError("\n".join(p.render(where) for p in problems))
    return _build_config(path, doc, raw)


def _rule_problems(doc: dict[str, Any], base: Path, lines: KeyLines) -> list[ConfigProblem]:
    problems: list[ConfigProblem] = []

    def check(path: list[str | int], test: Any) -> None:
        try:
            test()
        except UsageError as exc:
            problems.append(ConfigProblem(key_path(path), lines.line_of(path), str(exc)))

    check(["name"], lambda: check_name(doc["name"]))
    check(
        ["license"],
        lambda: check_license(doc.get("license", "unknown"), doc.get("license_name"), doc.get("license_link")),
    )
    check(["version"], lambda: check_version(doc["version"]))
    for i, src in enumerate(doc["sources"]):
        check(["sources", i, "path"], lambda src=src: _check_source(base, src["path"]))
    if "splits" in doc:
        check(["splits"], lambda: check_ratios({str(k): float(v) for k, v in doc["splits"].items()}))
    if "max_shard_size" in doc:
        check(["max_shard_size"], lambda: parse_size(str(doc["max_shard_size"])))
    return sorted(problems, key=lambda p: p.line or 0)


def _check_source(base: Path, path: str) -> None:
    if is_uri(path):
        try:
            found = uri_exists(path)  # a protocol fsspec does not know is a UsageError of its own
        except OSError as exc:  # no access, no network...
            raise UsageError(f"{path}: cannot look it up: {exc}") from exc
        if not found:
            raise UsageError(f"{path} does not exist")
    elif not (base / path).exists():
        raise UsageError(f"{base / path} does not exist")


def _build_config(path: Path, doc: dict[str, Any], raw: dict[str, Any]) -> BuildConfig:
    base = path.parent
    follow = bool(doc.get("follow_symlinks", False))
    sources = tuple(
        SourceConfig(
            path=src["path"] if is_uri(src["path"]) else base / src["path"],
            publication=src.get("publication"),
            date=src.get("date"),
            pattern=src.get("pattern", PAGE_PATTERN),
            follow_symlinks=bool(src.get("follow_symlinks", follow)),
        )
        for src in doc["sources"]
    )
    shard = doc.get("max_shard_size")
    dedup = doc.get("dedup", {})
    return BuildConfig(
        path=path,
        name=doc["name"],
        version=doc["version"],
        out=base / doc.get("out", "releases"),
        sources=sources,
        pretty_name=doc.get("pretty_name"),
        description=doc.get("description"),
        license=doc.get("license", "unknown"),
        license_name=doc.get("license_name"),
        license_link=doc.get("license_link"),
        authors=tuple(doc.get("authors", [])),
        homepage=doc.get("homepage"),
        citation=doc.get("citation"),
        task_categories=tuple(doc.get("task_categories", ["text-generation"])),
        splits=check_ratios({str(k): float(v) for k, v in doc.get("splits", DEFAULT_SPLITS).items()}),
        max_shard_size=None if shard is None else str(shard),
        max_shard_bytes=None if shard is None else parse_size(str(shard)),
        limitations=tuple(doc.get("limitations", [])),
        dedup=DedupConfig(
            mode=dedup.get("mode", "near"),
            threshold=float(dedup.get("threshold", 0.8)),
            keep=dedup.get("keep", "earliest"),
        ),
        raw=raw,
    )
