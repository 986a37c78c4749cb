"""Publish's intake: every record of the inputs read, checked (`validate.check_rows`), put in
canonical form and spooled into its split's sorted runs (`spool.SplitSpool`); invalid ones go to the rejects.

Two ways, one result (`Intake`):

- serial: the inputs read one after the other (`validate.iter_checked`);
- parallel, for big plain JSONL inputs (`eligible`): each input is cut at line ends into pieces;
  a worker process checks each piece's records, writes the valid ones in canonical form to
  sorted runs of its own and its invalid ones (with --drop-invalid) to a rejects piece.
  Workers number lines from their piece's start, so no pass over the input counts lines before
  they start: the main process takes the pieces in input order and adds the lines before each,
  so counts, the rejects file, the statistics and the merged runs are exactly what the serial
  loop produces.

Ids are checked across records later, while the runs are merged (`publisher`).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import orjson

from baokan import parallel
from baokan.parallel import each_result, mp_context, worker_init
from baokan.recordio import STDIN
from baokan.records import canonical_record
from baokan.release.rejects import MAX_REPORTED_ERRORS, Rejects, reject_line
from baokan.release.splits import SplitAssigner
from baokan.release.spool import RunBudget, SplitSpool
from baokan.release.stats import CorpusStats

if TYPE_CHECKING:
    from baokan.validate import RecordError

PIECES_PER_WORKER = 8
# A record's arrival number: (input or piece number) << SEQ_SHIFT | line.
SEQ_SHIFT = 40
LINE_MASK = (1 << SEQ_SHIFT) - 1

Progress = Callable[[str, int], None]
Origin = Callable[[int], tuple[str, int]]  # arrival number → (file, line)


@dataclass
class Intake:
    """What the intake read: records (valid or not), records per input (by the name messages
    use), statistics of the valid ones, and where each spooled record came from."""

    records: int
    counts: dict[str, int]
    stats: CorpusStats
    origin: Origin


def read_inputs(
    inputs: Sequence[Path],
    spools: dict[str, SplitSpool],
    assigner: SplitAssigner,
    folder: Path,
    workers: int,
    rejects: Rejects,
    progress: Progress | None,
    while_reading: Callable[[], object] | None = None,
) -> Intake:
    """Read, check and spool every record of `inputs` (in parallel when `eligible`, the workers'
    runs written to `folder`); invalid records and unreadable inputs go to `rejects`.
    `progress("read", n)` counts spooled records. `while_reading()` is called once the worker
    processes have started (after they forked), for work of the main process's own meanwhile;
    reading serially, it is not called."""
    if eligible(inputs, workers):
        return _read_pieces(inputs, spools, assigner, folder, workers, rejects, progress, while_reading)
    return _read_serially(inputs, spools, assigner, rejects, progress)


def _read_serially(
    inputs: Sequence[Path],
    spools: dict[str, SplitSpool],
    assigner: SplitAssigner,
    rejects: Rejects,
    progress: Progress | None,
) -> Intake:
    from baokan.release.verify import check_release_input
    from baokan.validate import iter_checked

    counts: dict[str, int] = {}
    names: dict[str, int] = {}  # input → its number in arrival numbers
    stats = CorpusStats()
    total = 0
    for checked in iter_checked(list(inputs), unique_ids=False, check_release=check_release_input):
        if checked.is_record:
            total += 1
            counts[checked.file] = counts.get(checked.file, 0) + 1
        else:
            rejects.check.file_errors += 1
        if checked.errors:
            rejects.add(checked)
            continue
        record = canonical_record(checked.data)
        stats.add(record)
        index = names.setdefault(checked.file, len(names))
        line = checked.line or 0  # a record (not an io error) always has its line
        seq = (index << SEQ_SHIFT) | line  # arrival order: input, then line
        spools[assigner(record["id"])].add(record, seq, index, line, orjson.dumps(record) + b"\n")
        if progress is not None:
            progress("read", 1)
    return Intake(total, counts, stats, input_origin(list(names)))


def _read_pieces(
    inputs: Sequence[Path],
    spools: dict[str, SplitSpool],
    assigner: SplitAssigner,
    folder: Path,
    workers: int,
    rejects: Rejects,
    progress: Progress | None,
    while_reading: Callable[[], object] | None,
) -> Intake:
    pieces = plan_pieces(inputs, workers, assigner.ratios, folder, rejects.write, MAX_REPORTED_ERRORS, assigner.aliases)
    counts: dict[str, int] = {}
    lines_before: list[int] = []  # lines of its input before each piece
    stats = CorpusStats()
    total = 0
    for piece, result in zip(pieces, intake_parallel(pieces, workers, while_reading), strict=True):
        # workers number lines from their piece's start: the lines before it are known now
        before = counts.get(piece.path, 0)
        lines_before.append(before)
        total += result.lines
        counts[piece.path] = before + result.lines
        rejects.absorb(result, before)
        stats.merge(result.stats)
        for split, runs in result.runs.items():
            spools[split].adopt(runs)
        if progress is not None:
            progress("read", result.lines - result.rejected)
    return Intake(total, counts, stats, piece_origin(pieces, lines_before))


# -- pieces -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Piece:
    path: str
    input_index: int
    start: int
    end: int
    number: int  # the piece's place among all pieces: run names, arrival numbers
    ratios: tuple[tuple[str, float], ...]
    aliases: tuple[tuple[str, str], ...]  # SplitAssigner aliases: id → the id that places it
    folder: str
    drop_invalid: bool
    max_errors: int


@dataclass
class PieceResult:
    lines: int = 0
    errors: list[RecordError] = field(default_factory=list)  # the first max_errors errors
    error_count: int = 0
    rejected: int = 0
    rejects_file: str | None = None
    stats: CorpusStats = field(default_factory=CorpusStats)
    runs: dict[str, tuple[list[Path], list[Path]]] = field(default_factory=dict)  # rows, ids


def eligible(inputs: Sequence[Path], workers: int) -> bool:
    """Worth it: several workers, only plain JSONL files (each given once), enough bytes."""
    if workers <= 1 or not inputs or len({p.resolve() for p in inputs}) < len(inputs):
        return False
    if not all(p.is_file() and p.name.lower().endswith((".jsonl", ".json")) and str(p) != STDIN for p in inputs):
        return False
    return sum(p.stat().st_size for p in inputs) >= parallel.PARALLEL_MIN_BYTES


def plan_pieces(
    inputs: Sequence[Path],
    workers: int,
    ratios: dict[str, float],
    folder: Path,
    drop_invalid: bool,
    max_errors: int,
    aliases: dict[str, str] | None = None,
) -> list[Piece]:
    from baokan.recordio import jsonl_ranges

    pieces: list[Piece] = []
    alias_items = tuple(sorted((aliases or {}).items()))
    for index, path in enumerate(inputs):
        # small pieces: the last ones to finish leave a core idle for less time
        for start, end in jsonl_ranges(str(path), workers * PIECES_PER_WORKER):
            pieces.append(
                Piece(
                    str(path),
                    index,
                    start,
                    end,
                    len(pieces),
                    tuple(ratios.items()),
                    alias_items,
                    str(folder),
                    drop_invalid,
                    max_errors,
                )
            )
    return pieces


def piece_origin(pieces: Sequence[Piece], lines_before: Sequence[int]) -> Origin:
    """(file, line) of an arrival number given by `spool_piece`, once the lines of its input
    before each piece are known."""

    def origin(seq: int) -> tuple[str, int]:
        number = seq >> SEQ_SHIFT
        return pieces[number].path, lines_before[number] + (seq & LINE_MASK)

    return origin


def input_origin(names: Sequence[str]) -> Origin:
    """(file, line) of an arrival number given by the serial loop: input index, line."""

    def origin(seq: int) -> tuple[str, int]:
        return names[seq >> SEQ_SHIFT], seq & LINE_MASK

    return origin


def spool_piece(piece: Piece) -> PieceResult:
    """Check one piece's records and spool the valid ones (runs in a worker process)."""
    from baokan.recordio import iter_jsonl_range
    from baokan.validate import ArticleValidator, CheckedRecord, check_rows

    result = PieceResult()
    assigner = SplitAssigner(dict(piece.ratios), dict(piece.aliases))
    folder = Path(piece.folder)
    budget = RunBudget()  # one for the piece's splits: a worker holds one run of records at most
    spools = {name: SplitSpool(folder, f"{name}-p{piece.number:06d}", budget) for name in assigner.ratios}
    compact: list[bytes | None] = [None]  # the row's line when it is the record as orjson writes it
    rows = check_rows(
        piece.path, iter_jsonl_range(piece.path, piece.start, piece.end, compact), ArticleValidator(), None
    )
    rejects: BinaryIO | None = None
    path, base = piece.path, piece.number << SEQ_SHIFT
    # Records hold no cycles: the collector would only walk the ones being spooled, again and again.
    collecting = gc.isenabled()
    gc.disable()
    with ExitStack() as stack:
        try:
            for line, data, errors in rows:
                result.lines += 1
                if errors:
                    result.rejected += 1
                    result.error_count += len(errors)
                    room = piece.max_errors - len(result.errors)
                    if room > 0:
                        result.errors.extend(errors[:room])
                    if piece.drop_invalid:
                        if rejects is None:
                            result.rejects_file = str(folder / f"rejects-p{piece.number:06d}.jsonl")
                            rejects = stack.enter_context(open(result.rejects_file, "wb"))
                        rejects.write(reject_line(CheckedRecord(path, line, data, errors)))
                    continue
                record = canonical_record(data)
                result.stats.add(record)
                # a line already in canonical form is spooled as it is (no second orjson.dumps)
                written = compact[0] if record is data and compact[0] is not None else orjson.dumps(record) + b"\n"
                # input index and line are the piece's and its own line: `piece_origin` tells where
                spools[assigner(record["id"])].add(record, base | line, piece.number, line, written)
            result.runs = {name: spool.close_runs() for name, spool in spools.items()}
        finally:
            if collecting:
                gc.enable()
    return result


def intake_parallel(
    pieces: list[Piece], workers: int, started: Callable[[], object] | None = None
) -> Iterator[PieceResult]:
    """Piece results in input order; `started()` is called once the workers have forked."""
    with mp_context().Pool(workers, initializer=worker_init) as pool:
        results = pool.imap(spool_piece, pieces)
        if started is not None:
            started()
        yield from each_result(results)
