"""release.spool: the external sort of record lines by id, in memory bounded by one run."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baokan.release.spool import RunBudget, SortedSpool, SplitSpool, SpooledRecord, unique_ids


def _records(n: int, seed: int = 7) -> list[tuple[str, int, int, int, bytes]]:
    rng = random.Random(seed)
    # few distinct ids, so equal ids (ordered by arrival) are common
    return [(f"id-{rng.randrange(n // 3):05d}", seq, seq % 3, seq + 1, f'{{"n":{seq}}}\n'.encode()) for seq in range(n)]


def _spool(
    folder: Path, records: list[tuple[str, int, int, int, bytes]], run_bytes: int, name: str = "train"
) -> SortedSpool:
    spool = SortedSpool(folder, name, run_bytes=run_bytes)
    for record in records:
        spool.add(*record)
    return spool


@pytest.mark.parametrize("run_bytes", [1, 300, 10**9], ids=["a-run-per-record", "small-runs", "in-memory"])
def test_sorted_by_id_then_arrival_whatever_the_runs(tmp_path: Path, run_bytes: int) -> None:
    records = _records(500)
    spool = _spool(tmp_path, records, run_bytes)
    assert spool.count == 500
    merged = list(spool.sorted())
    assert merged == [SpooledRecord(*r) for r in sorted(records)]
    assert [r.seq for r in merged if r.key == merged[0].key] == sorted(r.seq for r in merged if r.key == merged[0].key)
    assert list(tmp_path.iterdir()) == []  # the runs are removed once merged


@pytest.mark.parametrize("fan_in", [2, 3, 7])
def test_a_merge_of_many_runs_reads_at_most_fan_in_at_once_and_sorts_as_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fan_in: int
) -> None:
    from baokan.release import spool as spool_module

    open_now = [0]
    most_open = [0]
    read_run = spool_module._read_run

    def counted(path: Path, buffering: int) -> Iterator[SpooledRecord]:
        open_now[0] += 1
        most_open[0] = max(most_open[0], open_now[0])
        try:
            yield from read_run(path, buffering)
        finally:
            open_now[0] -= 1

    monkeypatch.setattr(spool_module, "MERGE_FAN_IN", fan_in)
    monkeypatch.setattr(spool_module, "_read_run", counted)
    records = _records(400)
    spool = _spool(tmp_path, records, run_bytes=1)  # 400 runs
    merged = list(spool.sorted())
    assert merged == [SpooledRecord(*r) for r in sorted(records)]
    assert 1 < most_open[0] <= fan_in
    assert list(tmp_path.iterdir()) == []  # the runs merged on the way are removed too


def test_memory_is_bounded_by_one_run(tmp_path: Path) -> None:
    spool = _spool(tmp_path, _records(300), run_bytes=2000)
    runs = sorted(tmp_path.iterdir())
    assert len(runs) > 5  # the buffer went to disk every ~2000 bytes
    assert len(spool._buffer) < 300 // len(runs) + 30


def test_runs_of_another_spool_join_the_merge(tmp_path: Path) -> None:
    records = _records(200)
    worker = _spool(tmp_path, records[:120], run_bytes=500, name="train-p000001")
    main = _spool(tmp_path, records[120:], run_bytes=500)
    main.adopt(worker.close_runs())
    assert list(main.sorted()) == [SpooledRecord(*r) for r in sorted(records)]


def test_unique_ids_keeps_the_first_arrival(tmp_path: Path) -> None:
    spool = _spool(
        tmp_path,
        [("b", 2, 0, 3, b"b2\n"), ("a", 5, 0, 6, b"a5\n"), ("b", 1, 0, 2, b"b1\n"), ("b", 9, 0, 10, b"b9\n")],
        run_bytes=1,
    )
    seen: list[tuple[int, int]] = []
    kept = list(unique_ids(spool.sorted(), lambda dup, first: seen.append((dup.seq, first.seq))))
    assert [(r.key, r.seq) for r in kept] == [("a", 5), ("b", 1)]
    assert seen == [(2, 1), (9, 1)]


def test_a_spool_of_ids_alone_holds_about_its_budget(tmp_path: Path) -> None:
    # a split's id spool buffers keys with no line: each entry's Python objects cost far more than
    # its characters, and the budget counts them, so what is buffered stays near `run_bytes`
    import tracemalloc

    budget = 1 << 20
    ids = [f"{k:016x}-{k % 997:05d}" for k in range(40_000)]  # 22 characters, as the bench's ids
    spool = SortedSpool(tmp_path, "train-ids", run_bytes=budget)
    tracemalloc.start()
    try:
        for seq, key in enumerate(ids):
            spool.add(key, seq, 0, seq + 1, b"")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2.2 * budget, peak  # (counted at 64 bytes an entry: 3.9 MiB)
    assert len(spool.close_runs()) >= 5


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    splits=st.lists(st.integers(0, 2), min_size=1, max_size=400),
    limit=st.integers(300, 5000),
)
def test_spools_sharing_a_budget_hold_one_budget_and_sort_as_alone(
    tmp_path_factory: pytest.TempPathFactory, splits: list[int], limit: int
) -> None:
    # a publish worker spools three splits, rows and ids each: together they hold one budget (each
    # held up to a budget of its own, so a worker's piece of a large input held several)
    folder = tmp_path_factory.mktemp("shared")
    budget = RunBudget(limit)
    spools = [SplitSpool(folder, name, budget) for name in ("train", "validation", "test")]
    records = _records(len(splits) + 3)
    biggest = max(len(r[4]) + len(r[0]) for r in records) + 256
    for split, (key, seq, index, line_no, line) in zip(splits, records, strict=False):
        spools[split].rows.add(key, seq, index, line_no, line)
        spools[split].ids.add(key, seq, index, line_no, b"")
        held = [s.buffered for spool in spools for s in (spool.rows, spool.ids)]
        assert budget.buffered == sum(held) < limit + biggest
    for k, spool in enumerate(spools):
        mine = sorted(r for split, r in zip(splits, records, strict=False) if split == k)
        assert list(spool.rows.sorted()) == [SpooledRecord(*r) for r in mine]
        assert [r.seq for r in spool.ids.sorted()] == [r[1] for r in mine]
    assert budget.buffered == 0


def test_a_budget_returns_the_heap_after_each_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from baokan.release import spool as spool_module

    calls: list[None] = []
    monkeypatch.setattr(spool_module, "return_free_pages", lambda: bool(calls.append(None)))
    spool = _spool(tmp_path, _records(300), run_bytes=2000)
    assert len(calls) == len(spool.close_runs()) - 1 > 5  # every run but the last, written by close_runs
