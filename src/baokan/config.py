"""Release configuration files (TOML): what a `baokan build` makes and from which raw pages.

Example (`data/lvliang-daily.toml`)::

    name = "lvliang-daily"
    version = "1.0.0"
    pretty_name = "吕梁日报 articles"
    description = "…"
    license = "other"
    out = "releases"                 # relative to this file

    [splits]                         # optional; default train = 1.0
    train = 1.0

    [[sources]]
    path = "raw/lvliang-daily"      # a folder of page files (*.txt, recursively) or one file
    publication = "吕梁日报"         # optional: else sidecar / folder convention (see pages.py)

Paths are relative to the config file, so a build depends only on the file and the raw pages.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from baokan.errors import UsageError, no_such_path
from baokan.release.layout import check_name, check_version
from baokan.release.splits import DEFAULT_SPLITS, check_ratios

_KNOWN = {
    "name",
    "version",
    "pretty_name",
    "description",
    "license",
    "task_categories",
    "out",
    "splits",
    "sources",
    "max_shard_size",
    "limitations",
}
_SOURCE_KNOWN = {"path", "publication", "date", "pattern"}


@dataclass(frozen=True)
class SourceConfig:
    path: Path
    publication: str | None = None
    date: str | None = None
    pattern: str = "*.txt"


@dataclass(frozen=True)
class BuildConfig:
    path: Path
    name: str
    version: str
    out: Path
    sources: tuple[SourceConfig, ...]
    pretty_name: str | None = None
    description: str | None = None
    license: str = "other"
    task_categories: tuple[str, ...] = ("text-generation",)
    splits: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_SPLITS))
    max_shard_size: str | None = None
    limitations: tuple[str, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict)

    def with_overrides(self, **overrides: Any) -> BuildConfig:
        given = {k: v for k, v in overrides.items() if v is not None}
        if "name" in given:
            check_name(given["name"])
        if "version" in given:
            check_version(given["version"])
        return replace(self, **given)


def _expect(where: str, key: str, value: Any, kind: type | tuple[type, ...]) -> Any:
    if not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise UsageError(f"{where}: field {key!r} must be {names}, not {type(value).__name__}")
    return value


def load_config(path: Path) -> BuildConfig:
    """Parse and check a release config; errors name the file and the field."""
    where = str(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise no_such_path(where) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{where}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{where}: invalid TOML: {exc}") from None
    unknown = set(raw) - _KNOWN
    if unknown:
        raise UsageError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    for key in ("name", "version", "sources"):
        if key not in raw:
            raise UsageError(f"{where}: missing required field {key!r}")
    base = path.parent
    try:
        name = check_name(_expect(where, "name", raw["name"], str))
        version = check_version(_expect(where, "version", raw["version"], str))
    except UsageError as exc:
        raise UsageError(f"{where}: {exc}") from None
    sources = []
    for i, src in enumerate(_expect(where, "sources", raw["sources"], list)):
        field_where = f"{where}: sources[{i}]"
        _expect(field_where, "sources[]", src, dict)
        unknown = set(src) - _SOURCE_KNOWN
        if unknown:
            raise UsageError(f"{field_where}: unknown field(s) {', '.join(sorted(unknown))}")
        if "path" not in src:
            raise UsageError(f"{field_where}: missing required field 'path'")
        src_path = base / _expect(field_where, "path", src["path"], str)
        if not src_path.exists():
            raise UsageError(f"{field_where}: field 'path': {src_path} does not exist")
        pattern = _expect(field_where, "pattern", src.get("pattern", "*.txt"), str)
        if not pattern or "/" in pattern or "\\" in pattern:
            raise UsageError(
                f"{field_where}: field 'pattern': {pattern!r} must be a file-name pattern such as '*.txt' "
                "(it is matched against file names in every folder below 'path')"
            )
        sources.append(
            SourceConfig(
                path=src_path,
                publication=_expect(field_where, "publication", src.get("publication"), (str, type(None))),
                date=_expect(field_where, "date", src.get("date"), (str, type(None))),
                pattern=pattern,
            )
        )
    if not sources:
        raise UsageError(f"{where}: field 'sources' is empty")
    splits = raw.get("splits", dict(DEFAULT_SPLITS))
    _expect(where, "splits", splits, dict)
    try:
        splits = check_ratios(
            {str(k): float(_expect(where, f"splits.{k}", v, (int, float))) for k, v in splits.items()}
        )
    except UsageError as exc:
        raise UsageError(f"{where}: field 'splits': {exc}") from None
    return BuildConfig(
        path=path,
        name=name,
        version=version,
        out=base / _expect(where, "out", raw.get("out", "releases"), str),
        sources=tuple(sources),
        pretty_name=_expect(where, "pretty_name", raw.get("pretty_name"), (str, type(None))),
        description=_expect(where, "description", raw.get("description"), (str, type(None))),
        license=_expect(where, "license", raw.get("license", "other"), str),
        task_categories=tuple(_expect(where, "task_categories", raw.get("task_categories", ["text-generation"]), list)),
        splits=splits,
        max_shard_size=_expect(where, "max_shard_size", raw.get("max_shard_size"), (str, type(None))),
        limitations=tuple(_expect(where, "limitations", raw.get("limitations", []), list)),
        raw=raw,
    )
