"""The JSON Lines mirror of a release against its Parquet shards, record by record
(`baokan verify --deep`): the two must hold the same records in the same order, whatever their
checksums say (checksums recomputed after an edit of one of them would match)."""

from __future__ import annotations

import gzip
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from baokan.recordio import iter_parquet


def compare_mirror(release: Path, manifest: dict[str, Any]) -> list[tuple[str, str]]:
    """(file, message) for every split whose mirror differs from its Parquet rows: the first
    differing record (its line and the fields that differ), or the row counts."""
    problems: list[tuple[str, str]] = []
    for split, info in manifest["splits"].items():
        parquet = _parquet_rows(release, info.get("parquet", []))
        mirror = _mirror_rows(release, info.get("jsonl", []))
        for row, pair in enumerate(itertools.zip_longest(parquet, mirror), start=1):
            (pfile, precord), (mfile, mrecord) = (pair[0] or (None, None)), (pair[1] or (None, None))
            if precord == mrecord:
                continue
            where = mfile or pfile or split
            if precord is None or mrecord is None:
                side = "Parquet" if precord is None else "JSON Lines mirror"
                problems.append((where, f"split {split}: the {side} ends before row {row}"))
            else:
                fields = sorted(k for k in precord.keys() | mrecord.keys() if precord.get(k) != mrecord.get(k))
                problems.append(
                    (where, f"split {split}, row {row}: differs from the Parquet row in {', '.join(fields)}")
                )
            break
    return problems


def _parquet_rows(release: Path, files: list[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    for rel in files:
        for raw in iter_parquet(str(release / rel)):
            yield rel, raw.data if isinstance(raw.data, dict) else {"(unreadable row)": raw.error}


def _mirror_rows(release: Path, files: list[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    for rel in files:
        with gzip.open(release / rel, "rb") as handle:
            for line in handle:
                yield rel, orjson.loads(line)
