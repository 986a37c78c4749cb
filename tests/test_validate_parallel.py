"""Checking a big JSONL file in parallel pieces gives exactly the serial result."""

from __future__ import annotations

import importlib
import itertools
from pathlib import Path

import orjson
import pytest

import baokan.parallel as parallel
from baokan.recordio import iter_jsonl_range, jsonl_ranges
from baokan.validate import RecordError, validate_paths
from records_factory import make_record


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    rows: list[bytes] = []
    for i in range(400):
        record = make_record(i)
        if i % 37 == 5:
            record["authors"] = [{"name": "某", "role": "编辑"}]  # schema error
        if i % 53 == 7:
            record["text"] = "x"  # semantic error
        rows.append(orjson.dumps(record))
        if i % 61 == 3:
            rows.append(orjson.dumps(make_record(i // 2)))  # duplicate of an earlier (or later) id
        if i % 97 == 11:
            rows.append(b"{not json")
    path = tmp_path / "messy.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + b"\n".join(rows) + b"\n")
    return path


def test_ranges_cover_the_file_at_line_ends(messy: Path) -> None:
    data = messy.read_bytes()
    ranges = jsonl_ranges(str(messy), 7)
    assert ranges[0][0] == 0 and ranges[-1][1] == len(data) and len(ranges) == 7
    assert all(a[1] == b[0] for a, b in itertools.pairwise(ranges))
    assert all(data[start - 1 : start] == b"\n" for start, _ in ranges[1:])
    lines = sum(sum(1 for _ in iter_jsonl_range(str(messy), a, b)) for a, b in ranges)
    assert lines == data.count(b"\n")


@pytest.mark.parametrize("max_errors", [None, 5])
def test_parallel_result_equals_serial(messy: Path, monkeypatch: pytest.MonkeyPatch, max_errors: int | None) -> None:
    serial = validate_paths([messy], max_errors=max_errors)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BYTES", 0)
    pieces = validate_paths([messy], max_errors=max_errors, workers=2)
    if max_errors is None:
        assert serial.error_count > 20 and any(e.kind == "duplicate" for e in serial.errors)
    assert pieces.to_dict() == serial.to_dict()


def test_errors_past_what_a_worker_holds_wait_in_a_file_and_come_out_in_order(
    messy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A piece with more errors than a worker holds (a file of blank lines has one a byte) writes
    the rest to a file; they reach the caller in line order, the file is removed."""
    serial = validate_paths([messy])
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BYTES", 0)
    # the module, not the API function `baokan.validate`
    monkeypatch.setattr(
        importlib.import_module("baokan.validate"), "ERRORS_HELD", 2
    )  # the workers are forked: they see it
    streamed: list[RecordError] = []
    pieces = validate_paths([messy], workers=2, on_error=streamed.append)
    assert pieces.errors == [] and pieces.listed == len(streamed) == serial.error_count > 20
    assert streamed == serial.errors
    assert pieces.summary_dict() == serial.summary_dict()
