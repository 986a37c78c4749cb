"""Reading, checking and spooling the records of big JSONL inputs in parallel.

Each input is cut at line ends into pieces; a worker process checks each piece's records (schema
and per-record rules), writes the valid ones in canonical form to id-sorted runs of its own and
its invalid ones (with --drop-invalid) to a rejects piece. The main process takes the pieces in
input order, so counts, the rejects file, the statistics and the merged runs are exactly what the
serial loop in `publisher` produces. Ids are checked across records later, while the runs are
merged, as in the serial case.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from baokan.records import canonical_record
from baokan.release.rejects import reject_line
from baokan.release.spool import SortedSpool
from baokan.release.splits import SplitAssigner
from baokan.release.stats import CorpusStats

# Inputs smaller than this in all are read by the serial loop: a pool costs more than it saves.
PARALLEL_MIN_BYTES = 16 * 1024 * 1024
_COUNT_CHUNK = 1 << 22


@dataclass(frozen=True, slots=True)
class Piece:
    path: str
    input_index: int
    start: int
    end: int
    first_line: int  # line number of the piece's first line in its file
    number: int  # the piece's place among all pieces, for unique run names
    ratios: tuple[tuple[str, float], ...]
    folder: str
    drop_invalid: bool
    max_errors: int


@dataclass
class PieceResult:
    lines: int = 0
    errors: list[Any] = field(default_factory=list)  # the first max_errors RecordErrors
    error_count: int = 0
    rejected: int = 0
    rejects_file: str | None = None
    stats: CorpusStats = field(default_factory=CorpusStats)
    runs: dict[str, list[Path]] = field(default_factory=dict)


def eligible(inputs: Sequence[Path], workers: int) -> bool:
    """Worth it: several workers, only plain JSONL files (each given once), enough bytes."""
    if workers <= 1 or not inputs or len({p.resolve() for p in inputs}) < len(inputs):
        return False
    if not all(p.is_file() and p.name.lower().endswith((".jsonl", ".json")) for p in inputs):
        return False
    return sum(p.stat().st_size for p in inputs) >= PARALLEL_MIN_BYTES


def _count_lines(path: str, start: int, end: int) -> int:
    count = 0
    with open(path, "rb") as handle:
        handle.seek(start)
        left = end - start
        while left > 0:
            chunk = handle.read(min(_COUNT_CHUNK, left))
            if not chunk:
                break
            count += chunk.count(b"\n")
            left -= len(chunk)
    return count


def plan_pieces(
    inputs: Sequence[Path], workers: int, ratios: dict[str, float], folder: Path, drop_invalid: bool, max_errors: int
) -> list[Piece]:
    from baokan.recordio import jsonl_ranges

    pieces: list[Piece] = []
    for index, path in enumerate(inputs):
        line = 1
        for start, end in jsonl_ranges(str(path), workers * 4):
            pieces.append(
                Piece(str(path), index, start, end, line, len(pieces), tuple(ratios.items()), str(folder), drop_invalid, max_errors)
            )
            line += _count_lines(str(path), start, end)
    return pieces


def spool_piece(piece: Piece) -> PieceResult:
    """Check one piece's records and spool the valid ones (runs in a worker process)."""
    from baokan.recordio import iter_jsonl_range
    from baokan.validate import ArticleValidator, CheckedRecord

    result = PieceResult()
    assigner = SplitAssigner(dict(piece.ratios))
    folder = Path(piece.folder)
    spools = {name: SortedSpool(folder, f"{name}-p{piece.number:06d}") for name in assigner.ratios}
    validator = ArticleValidator()
    rejects = None
    path, index = piece.path, piece.input_index
    try:
        for relative, data, error in iter_jsonl_range(path, piece.start, piece.end):
            line = piece.first_line + relative - 1
            result.lines += 1
            errors = validator.row_errors(data, error, path, line)
            if errors:
                result.rejected += 1
                result.error_count += len(errors)
                room = piece.max_errors - len(result.errors)
                if room > 0:
                    result.errors.extend(errors[:room])
                if piece.drop_invalid:
                    if rejects is None:
                        result.rejects_file = str(folder / f"rejects-p{piece.number:06d}.jsonl")
                        rejects = open(result.rejects_file, "wb")
                    rejects.write(reject_line(CheckedRecord(path, line, data, errors)))
                continue
            record = canonical_record(data)
            result.stats.add(record)
            seq = (index << 40) | line
            spools[assigner(record["id"])].add(record["id"], seq, index, line, orjson.dumps(record) + b"\n")
    finally:
        if rejects is not None:
            rejects.close()
    result.runs = {name: spool.close_runs() for name, spool in spools.items()}
    return result


def intake_parallel(pieces: list[Piece], workers: int) -> Any:
    """Piece results in input order."""
    ctx = multiprocessing.get_context("spawn" if os.environ.get("BAOKAN_SPAWN") else "fork")
    with ctx.Pool(workers) as pool:
        yield from pool.imap(spool_piece, pieces)


def append_file(target: Any, source: str) -> None:
    with open(source, "rb") as handle:
        shutil.copyfileobj(handle, target)
