"""Near-duplicate clusters of record files: read JSONL / JSONL.gz / Parquet / release folders
(`recordio`), cluster their bodies (`find_clusters`), write one JSON line per article."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from baokan.dedup import Clusters, DedupItem, DedupParams, cluster_items
from baokan.errors import InputError
from baokan.outputs import Writable, atomic_output
from baokan.recordio import InputFile, iter_file, resolve_inputs

Progress = Callable[[int], object]


@dataclass
class DedupSummary:
    files: int
    articles: int
    clusters: int  # clusters of two or more articles
    duplicates: int  # articles that are not their cluster's representative
    threshold: float
    method: str
    output: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "articles": self.articles,
            "clusters": self.clusters,
            "duplicates": self.duplicates,
            "threshold": self.threshold,
            "method": self.method,
            "output": self.output,
        }


def _field(data: Any, key: str, file: str, line: int) -> Any:
    if not isinstance(data, dict):
        raise InputError(file, f"not a JSON object but {type(data).__name__}", line)
    if key not in data:
        raise InputError(file, f"field {key}: missing", line)
    return data[key]


def read_items(files: Sequence[InputFile], progress: Progress | None = None) -> Iterator[DedupItem]:
    """`DedupItem`s of the records of `files` (`recordio.resolve_inputs`): `id`, `text` (the
    body) and `source.date`. A line that is not JSON, or a record without a string id or text,
    is an InputError naming the file, line and field."""
    for f in files:
        for raw in iter_file(f):
            line, data, error = raw.line, raw.data, raw.error
            if error is not None:
                raise InputError(f.path, error, line)
            record_id = _field(data, "id", f.path, line)
            text = _field(data, "text", f.path, line)
            if not isinstance(record_id, str) or not record_id:
                raise InputError(f.path, "field id: not a non-empty string", line)
            if not isinstance(text, str):
                raise InputError(f.path, "field text: not a string", line)
            source = data.get("source") if isinstance(data, dict) else None
            date = source.get("date") if isinstance(source, dict) else None
            yield DedupItem(record_id, text, date if isinstance(date, str) else None)
            if progress is not None:
                progress(1)


def write_memberships(clusters: Clusters, out: Writable) -> None:
    for m in clusters:
        out.write(orjson.dumps(m.to_dict()) + b"\n")


def dedup_files(
    paths: Sequence[str | Path],
    output: Path | BinaryIO,
    params: DedupParams | None = None,
    progress: Progress | None = None,
) -> DedupSummary:
    """Cluster the records of `paths` and write `{"id", "cluster", "similarity", "kept"}` lines,
    in input order, to `output` (a path, written whole or not at all, or a binary stream)."""
    params = params or DedupParams()
    files = resolve_inputs(paths)
    clusters = cluster_items(read_items(files, progress), params)
    if isinstance(output, Path):
        with atomic_output(output) as handle:
            write_memberships(clusters, handle)
        name = str(output)
    else:
        write_memberships(clusters, output)
        name = "-"
    return DedupSummary(
        files=len(files),
        articles=len(clusters),
        clusters=clusters.clusters,
        duplicates=clusters.duplicates,
        threshold=params.threshold,
        method=params.describe(),
        output=name,
    )
