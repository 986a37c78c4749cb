"""inputs.jsonl: streamed entries, totals, and errors that name the line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from baokan.errors import InputError
from baokan.release.inputs import CARD_INPUTS, InputEntry, summarize_inputs, write_inputs

SHA = "0" * 64


def test_round_trip_and_totals(tmp_path: Path) -> None:
    entries = [InputEntry(f"p{i}.txt", SHA, i, 2 * i) for i in range(CARD_INPUTS + 3)]
    written = write_inputs(tmp_path / "inputs.jsonl", entries)
    read = summarize_inputs(tmp_path / "inputs.jsonl")
    assert written == read
    assert (read.count, read.bytes, read.records) == (
        len(entries),
        sum(range(len(entries))),
        2 * sum(range(len(entries))),
    )
    assert read.first == entries[:CARD_INPUTS]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (b"{", "not valid JSON"),
        (b'{"name": "a", "sha256": "xyz", "bytes": 1, "records": 0}', "$.sha256: 'xyz' does not match"),
        (
            b'{"name": "a", "sha256": "' + SHA.encode() + b'", "bytes": -1, "records": 0}',
            "$.bytes: -1 is less than the minimum of 0",
        ),
        (b'{"name": "a", "sha256": "' + SHA.encode() + b'", "bytes": 1}', "'records' is a required property"),
        (b'{"name": "a", "sha256": "' + SHA.encode() + b'", "bytes": 1, "records": 0, "x": 1}', "'x' was unexpected"),
    ],
)
def test_bad_lines_name_file_line_and_field(tmp_path: Path, line: bytes, message: str) -> None:
    path = tmp_path / "inputs.jsonl"
    path.write_bytes(b'{"name": "ok", "sha256": "' + SHA.encode() + b'", "bytes": 1, "records": 0}\n' + line + b"\n")
    with pytest.raises(InputError) as info:
        summarize_inputs(path)
    assert info.value.line == 2 and info.value.path == str(path) and message in info.value.message
