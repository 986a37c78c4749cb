"""`diff_releases`: what changed between two release folders, article by article.

Records are matched by `id`. A release whose shards hold each split in id order (as earlier
baokan versions wrote them) is read as a stream; one in another order (today's releases hold rows
by publication, date and page) is first sorted by id on disk. Both are then merged by id and
compared in one pass: memory stays bounded by the result (the ids listed) rather than by the
releases, and the result does not depend on the row order.

An article's split is a hash of its id and must never change between versions; an id found in
different splits is reported in `moved`. An id present twice in one release is reported in
`duplicates` (only its first occurrence is compared).
"""

from __future__ import annotations

import heapq
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import orjson

from baokan.errors import InputError, UsageError, no_such_path
from baokan.release.layout import DATA_DIR, MANIFEST
from baokan.schema import article_schema

_SHARD = re.compile(r"^(?P<split>[a-z][a-z0-9_]*)-[0-9]{5,}-of-[0-9]{5,}\.parquet$")


@dataclass(frozen=True, slots=True)
class ReleaseSide:
    path: str
    version: str | None
    records: int = 0


@dataclass
class ReleaseDiff:
    old: ReleaseSide
    new: ReleaseSide
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[tuple[str, list[str]]] = field(default_factory=list)
    # ids whose content is the same and only their provenance (`source.*`) differs, e.g. because
    # their raw page was re-extracted or another article on it was corrected
    provenance_only: list[tuple[str, list[str]]] = field(default_factory=list)
    unchanged: int = 0
    # split → {"old": rows, "new": rows}; splits of the old release first, in its order
    splits: dict[str, dict[str, int]] = field(default_factory=dict)
    moved: list[tuple[str, str, str]] = field(default_factory=list)  # (id, old split, new split)
    # the split of each removed and each added id (what a changelog says of a replaced copy)
    removed_splits: dict[str, str] = field(default_factory=dict)
    added_splits: dict[str, str] = field(default_factory=dict)
    duplicates: dict[str, list[str]] = field(default_factory=lambda: {"old": [], "new": []})

    @property
    def identical(self) -> bool:
        return not (self.added or self.removed or self.changed or self.provenance_only or self.moved)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: {"old", "new", "identical", "counts", "splits", "added", "removed",
        "changed", "provenance_only", "moved", "duplicates"}."""
        return {
            "old": {"path": self.old.path, "version": self.old.version, "records": self.old.records},
            "new": {"path": self.new.path, "version": self.new.version, "records": self.new.records},
            "identical": self.identical,
            "counts": {
                "added": len(self.added),
                "removed": len(self.removed),
                "changed": len(self.changed),
                "provenance_only": len(self.provenance_only),
                "unchanged": self.unchanged,
                "moved": len(self.moved),
            },
            "splits": {name: dict(counts) for name, counts in self.splits.items()},
            "added": list(self.added),
            "removed": list(self.removed),
            "changed": [{"id": i, "fields": list(f)} for i, f in self.changed],
            "provenance_only": [{"id": i, "fields": list(f)} for i, f in self.provenance_only],
            "moved": [{"id": i, "old": a, "new": b} for i, a, b in self.moved],
            "duplicates": {side: list(ids) for side, ids in self.duplicates.items()},
        }


@dataclass(frozen=True, slots=True)
class _Row:
    id: str
    split: str
    data: dict[str, Any]


# -- reading ---------------------------------------------------------------------------------


def release_shards(release: Path) -> tuple[str, list[str], list[tuple[str, Path]]]:
    """(version, split names, [(split, parquet path)]) of a release folder; UsageError if it is
    not one. Without a manifest the version is the folder name and splits come from file names."""
    if not release.exists():
        raise no_such_path(release)
    if not release.is_dir():
        raise UsageError(f"{release}: not a folder (expected a release folder <root>/<name>/<version>/)")
    manifest_path = release / MANIFEST
    data_dir = release / DATA_DIR
    if manifest_path.is_file():
        try:
            manifest = orjson.loads(manifest_path.read_bytes())
            splits = manifest["splits"]
            shards = [(str(split), release / rel) for split, entry in splits.items() for rel in entry["parquet"]]
            version = manifest.get("version")
        except (orjson.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
            raise UsageError(f"{manifest_path}: not a release manifest ({exc})") from None
        for _, path in shards:
            if not path.is_file():
                raise InputError(str(path), "Parquet shard listed in the manifest is missing")
        return (str(version) if version is not None else release.name), [str(s) for s in splits], shards
    parquet = sorted(data_dir.glob("*.parquet")) if data_dir.is_dir() else []
    if not parquet:
        raise UsageError(f"{release}: not a release folder (expected {MANIFEST} or {DATA_DIR}/*.parquet)")
    shards = []
    for path in parquet:
        match = _SHARD.match(path.name)
        if not match:
            raise UsageError(
                f"{path}: cannot tell its split (expected SPLIT-NNNNN-of-NNNNN.parquet) and the "
                f"release has no {MANIFEST}"
            )
        shards.append((match["split"], path))
    return release.name, list(dict.fromkeys(s for s, _ in shards)), shards


def _iter_shard(split: str, path: Path) -> Iterator[_Row]:
    from baokan.recordio import iter_parquet

    for raw in iter_parquet(str(path)):
        if raw.error is not None or not isinstance(raw.data, dict) or not isinstance(raw.data.get("id"), str):
            raise InputError(str(path), raw.error or "row without a string id", line=raw.line)
        yield _Row(raw.data["id"], split, raw.data)


class _Unsorted(Exception):
    pass


def _sorted_stream(shards: list[tuple[str, Path]]) -> Iterator[_Row]:
    """Rows of all shards merged by id; raises _Unsorted if a split's shards are not in id order."""

    def checked(split: str) -> Iterator[_Row]:
        last: str | None = None
        for s, path in shards:
            if s != split:
                continue
            for row in _iter_shard(s, path):
                if last is not None and row.id < last:
                    raise _Unsorted
                last = row.id
                yield row

    splits = list(dict.fromkeys(s for s, _ in shards))
    return heapq.merge(*(checked(s) for s in splits), key=lambda r: r.id)


def _sorted_by_spool(shards: list[tuple[str, Path]], folder: Path) -> Iterator[_Row]:
    """Rows of all shards sorted by id (then split order, then file order), through an external
    sort: memory stays bounded whatever the release's row order."""
    from baokan.release.spool import SortedSpool

    splits = list(dict.fromkeys(s for s, _ in shards))
    spool = SortedSpool(folder, "diff")
    seq = 0
    for split, path in shards:
        for row in _iter_shard(split, path):
            # a copy of its own size (orjson's result keeps its buffer's capacity; see browse.site._packed)
            spool.add(row.id, seq, splits.index(split), 0, memoryview(orjson.dumps(row.data)).tobytes())
            seq += 1
    for spooled in spool.sorted():
        yield _Row(spooled.key, splits[spooled.input_index], orjson.loads(spooled.line))


# -- comparing -------------------------------------------------------------------------------


@cache
def _compared_fields() -> tuple[tuple[str, tuple[str, ...] | None], ...]:
    """(top-level key, member keys or None) in schema order; objects are compared per member."""
    units = []
    for name, prop in article_schema()["properties"].items():
        kinds = prop.get("type")
        kinds = [kinds] if isinstance(kinds, str) else list(kinds or [])
        members = tuple(prop["properties"]) if "object" in kinds and "properties" in prop else None
        units.append((name, members))
    return tuple(units)


_MISSING = object()


def changed_fields(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Names of the fields that differ, in schema order: top-level names, `source.line_end` for
    members of an object field, then keys outside the schema (sorted)."""
    out: list[str] = []
    for name, members in _compared_fields():
        a, b = old.get(name, _MISSING), new.get(name, _MISSING)
        if a == b:
            continue
        if members is None or not (isinstance(a, dict) and isinstance(b, dict)):
            out.append(name)
            continue
        extra = sorted((set(a) | set(b)) - set(members))
        out.extend(f"{name}.{key}" for key in (*members, *extra) if a.get(key, _MISSING) != b.get(key, _MISSING))
    known = {name for name, _ in _compared_fields()}
    out.extend(key for key in sorted((set(old) | set(new)) - known) if old.get(key, _MISSING) != new.get(key, _MISSING))
    return out


def _count(counts: dict[str, dict[str, int]], split: str, side: str) -> None:
    entry = counts.setdefault(split, {"old": 0, "new": 0})
    entry[side] += 1


def _compare(result: ReleaseDiff, old_rows: Iterator[_Row], new_rows: Iterator[_Row]) -> tuple[int, int]:
    """Merge-join two id-sorted streams into `result`; returns the record counts."""
    n_old = n_new = 0

    def dedup(rows: Iterator[_Row], side: str) -> Iterator[_Row]:
        last: str | None = None
        for row in rows:
            if row.id == last:
                result.duplicates[side].append(row.id)
                continue
            last = row.id
            yield row

    olds, news = dedup(old_rows, "old"), dedup(new_rows, "new")
    a = next(olds, None)
    b = next(news, None)
    while a is not None or b is not None:
        if b is None or (a is not None and a.id < b.id):
            assert a is not None
            n_old += 1
            _count(result.splits, a.split, "old")
            result.removed.append(a.id)
            result.removed_splits[a.id] = a.split
            a = next(olds, None)
        elif a is None or b.id < a.id:
            n_new += 1
            _count(result.splits, b.split, "new")
            result.added.append(b.id)
            result.added_splits[b.id] = b.split
            b = next(news, None)
        else:
            n_old += 1
            n_new += 1
            _count(result.splits, a.split, "old")
            _count(result.splits, b.split, "new")
            if a.split != b.split:
                result.moved.append((a.id, a.split, b.split))
            fields = changed_fields(a.data, b.data) if a.data != b.data else []
            if fields and all(f.startswith("source.") for f in fields):
                result.provenance_only.append((a.id, fields))
            elif fields:
                result.changed.append((a.id, fields))
            elif a.split == b.split:
                result.unchanged += 1
            a = next(olds, None)
            b = next(news, None)
    return n_old, n_new


def diff_releases(old: Path, new: Path) -> ReleaseDiff:
    """Compare the records of two release folders by article id.

    Raises UsageError when a path is not a release folder and InputError when a shard cannot be
    read.
    """
    old, new = Path(old), Path(new)
    old_version, old_splits, old_shards = release_shards(old)
    new_version, new_splits, new_shards = release_shards(new)

    def attempt(sorted_old: bool, sorted_new: bool) -> ReleaseDiff:
        result = ReleaseDiff(ReleaseSide(str(old), old_version), ReleaseSide(str(new), new_version))
        for split in dict.fromkeys(old_splits + new_splits):
            result.splits[split] = {"old": 0, "new": 0}
        old_rows = _sorted_stream(old_shards) if sorted_old else _sorted_by_spool(old_shards, work / "old")
        new_rows = _sorted_stream(new_shards) if sorted_new else _sorted_by_spool(new_shards, work / "new")
        n_old, n_new = _compare(result, old_rows, new_rows)
        result.old = ReleaseSide(str(old), old_version, n_old)
        result.new = ReleaseSide(str(new), new_version, n_new)
        return result

    # Releases in id order (as earlier baokan versions wrote them) are compared as they stream;
    # others (rows by publication, date and page) are sorted by id on disk first.
    with tempfile.TemporaryDirectory(prefix="baokan-diff-") as tmp:
        work = Path(tmp)
        (work / "old").mkdir()
        (work / "new").mkdir()
        try:
            return attempt(True, True)
        except _Unsorted:
            pass
        return attempt(False, False)
