"""A release folder as the browser reads it: manifest, card front matter, and streams of its
records, its inputs (the raw pages of a build) and its fragments.

Everything streams: records come shard by shard from the Parquet files (through `baokan.recordio`),
inputs and fragments line by line. Nothing here holds a whole release.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from baokan.errors import InputError, UsageError, no_such_path
from baokan.release.layout import CARD, INPUTS, MANIFEST

FRAGMENTS = "fragments.jsonl"


@dataclass(frozen=True)
class Release:
    path: Path
    manifest: dict[str, Any]
    card: dict[str, Any]  # the card's YAML front matter ({} when there is none)
    shards: list[tuple[str, Path]]  # (split, Parquet file), in manifest order
    # Built by `baokan build`: inputs.jsonl lists the raw pages (in the order they were read) and
    # fragments.jsonl, when present, the page material that belongs to no article, in that order.
    page_inputs: bool = False
    fragments: Path | None = None
    inputs: Path | None = None
    splits: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return str(self.manifest.get("name") or self.path.parent.name)

    @property
    def version(self) -> str:
        return str(self.manifest.get("version") or self.path.name)

    @property
    def config(self) -> dict[str, Any]:
        config = self.manifest.get("config")
        return config if isinstance(config, dict) else {}


def open_release(path: str | Path) -> Release:
    """Read a release folder's manifest and card; `UsageError` when `path` is not a release folder,
    `InputError` when its manifest cannot be read."""
    release = Path(path)
    if not release.exists():
        raise no_such_path(release)
    manifest_path = release / MANIFEST
    if not release.is_dir() or not manifest_path.is_file():
        raise UsageError(
            f"{release}: not a release folder (expected {MANIFEST}; see `baokan build` / `baokan publish`)"
        )
    try:
        manifest = orjson.loads(manifest_path.read_bytes())
    except orjson.JSONDecodeError as exc:
        raise InputError(str(manifest_path), f"not valid JSON: {exc}") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("splits"), dict):
        raise InputError(str(manifest_path), "not a release manifest: no `splits` object")
    shards: list[tuple[str, Path]] = []
    for split, entry in manifest["splits"].items():
        files = entry.get("parquet") if isinstance(entry, dict) else None
        if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
            raise InputError(str(manifest_path), f"splits.{split}.parquet: expected a list of file names")
        for rel in files:
            shard = release / rel
            if not shard.is_file():
                raise InputError(str(shard), "Parquet shard listed in the manifest is missing")
            shards.append((str(split), shard))
    config = manifest.get("config")
    page_inputs = isinstance(config, dict) and bool(config.get("sources"))
    inputs = release / INPUTS
    fragments = release / FRAGMENTS
    return Release(
        path=release,
        manifest=manifest,
        card=read_front_matter(release / CARD),
        shards=shards,
        page_inputs=page_inputs and inputs.is_file(),
        fragments=fragments if fragments.is_file() else None,
        inputs=inputs if inputs.is_file() else None,
        splits=[str(s) for s in manifest["splits"]],
    )


def read_front_matter(card: Path) -> dict[str, Any]:
    """The YAML front matter of a dataset card; {} when the card is missing or has none."""
    if not card.is_file():
        return {}
    text = card.read_text(encoding="utf-8", errors="replace")
    if not text.startswith("---\n"):
        return {}
    end = text.find("\n---", 4)
    if end < 0:
        return {}
    import yaml

    try:
        data = yaml.safe_load(text[4:end])
    except yaml.YAMLError as exc:
        raise InputError(str(card), f"front matter is not valid YAML: {exc}") from None
    return data if isinstance(data, dict) else {}


def iter_articles(release: Release) -> Iterator[dict[str, Any]]:
    """Every record of the release, shard after shard (each split in row order)."""
    for _split, shard in release.shards:
        yield from _iter_shard(shard)


def _iter_shard(shard: Path) -> Iterator[dict[str, Any]]:
    from baokan.recordio import iter_parquet

    for raw in iter_parquet(str(shard)):
        if raw.error is not None or not isinstance(raw.data, dict):
            raise InputError(str(shard), raw.error or "row is not a record", line=raw.line)
        yield raw.data


def iter_articles_in_row_order(release: Release) -> Iterator[dict[str, Any]]:
    """Every record in row order (`release.spool.row_order_key`: publication, date, page, id)
    across splits, a merge of the splits' shards. Records of one page share their publication,
    date, page and their id's prefix, so they come together. `InputError` when a split is not in
    row order (a release not written by this version of baokan: `baokan publish` rewrites it)."""
    from baokan.release.spool import row_order_key

    def split_stream(split: str) -> Iterator[tuple[str, dict[str, Any]]]:
        last = ""
        for s, shard in release.shards:
            if s != split:
                continue
            for record in _iter_shard(shard):
                key = row_order_key(record) if isinstance(record.get("id"), str) else ""
                if not key or key < last:
                    raise InputError(
                        str(shard), f"records are not in row order at id {record.get('id')!r}: "
                        "a release not written by this version of baokan (`baokan publish` rewrites it)"
                    )  # fmt: skip
                last = key
                yield key, record

    streams = [split_stream(s) for s in dict.fromkeys(s for s, _ in release.shards)]
    for _id, record in heapq.merge(*streams, key=lambda pair: pair[0]):
        yield record


@dataclass(frozen=True, slots=True)
class PageInput:
    """One raw page of a build, as inputs.jsonl lists it."""

    index: int  # 0-based position in inputs.jsonl: the order the build read the pages in
    name: str  # "<source folder>/<path below it>"
    sha256: str
    bytes: int
    records: int


def iter_page_inputs(release: Release) -> Iterator[PageInput]:
    """The raw pages of a build release, in the order read; nothing for other releases."""
    if not release.page_inputs or release.inputs is None:
        return
    from baokan.release.inputs import parse_entry

    with open(release.inputs, "rb") as handle:
        for number, line in enumerate(handle, 1):
            entry = parse_entry(line, release.inputs, number)
            yield PageInput(number - 1, entry.name, entry.sha256, entry.bytes, entry.records)


@dataclass(frozen=True, slots=True)
class FragmentRow:
    file: str  # the page's input name
    line_start: int
    line_end: int
    kind: str
    reason: str
    text: str
    fields: dict[str, Any] | None


def iter_fragments(release: Release) -> Iterator[FragmentRow]:
    """fragments.jsonl, line by line (in page order); `InputError` naming the line and field for a
    line that is not a fragment."""
    if release.fragments is None:
        return
    path = release.fragments
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, 1):
            try:
                data = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                raise InputError(str(path), f"not valid JSON: {exc}", line=number) from None
            if not isinstance(data, dict):
                raise InputError(str(path), "expected a JSON object", line=number)
            for key, kind in (("file", str), ("line_start", int), ("line_end", int), ("text", str)):
                if not isinstance(data.get(key), kind) or isinstance(data.get(key), bool):
                    raise InputError(
                        str(path), f"$.{key}: expected {kind.__name__}, got {data.get(key)!r}", line=number
                    )
            fields = data.get("fields")
            yield FragmentRow(
                file=data["file"],
                line_start=data["line_start"],
                line_end=data["line_end"],
                kind=str(data.get("kind") or "other"),
                reason=str(data.get("reason") or ""),
                text=data["text"],
                fields=fields if isinstance(fields, dict) else None,
            )
