"""release.writers: sorted record lines → Parquet shards (explicit Arrow schema) and a JSONL.gz
mirror, cut at boundaries that depend only on the records."""

from __future__ import annotations

import gzip
from pathlib import Path

import orjson
import pyarrow.parquet as pq
import pytest

import baokan.release.writers as writers
from baokan.records import from_arrow_row
from baokan.release.spool import SpooledRecord
from baokan.release.writers import count_jsonl_gz_rows, write_split
from baokan.schema import arrow_schema
from records_factory import make_records


def _lines(n: int) -> list[bytes]:
    rows = sorted(make_records(n), key=lambda r: r["id"])
    return [orjson.dumps(r) + b"\n" for r in rows]


def _stream(lines: list[bytes]) -> list[SpooledRecord]:
    return [SpooledRecord(orjson.loads(line)["id"], i, 0, i + 1, line) for i, line in enumerate(lines)]


def _boundaries(lines: list[bytes], limit: int) -> list[int]:
    """Rows per shard by the rule: a shard ends before the line that would take it past `limit`."""
    rows: list[int] = []
    size = limit + 1
    for line in lines:
        if size + len(line) > limit:
            rows.append(0)
            size = 0
        rows[-1] += 1
        size += len(line)
    return rows


def test_shards_end_before_the_record_that_would_pass_the_limit(tmp_path: Path) -> None:
    lines = _lines(40)
    limit = sum(len(line) for line in lines[:15]) + 1  # 15 records fit in the first shard
    expected = _boundaries(lines, limit)
    assert expected[0] == 15 and len(expected) == 3
    info = write_split("train", iter(_stream(lines)), tmp_path, limit)
    assert info.parquet == [f"data/train-0000{i}-of-00003.parquet" for i in range(3)]
    assert info.jsonl == [f"jsonl/train-0000{i}-of-00003.jsonl.gz" for i in range(3)]
    assert [s.rows for s in info.shards] == expected and info.rows == 40
    assert info.file_rows()["data/train-00002-of-00003.parquet"] == expected[2]
    mirror = b"".join(gzip.decompress((tmp_path / rel).read_bytes()) for rel in info.jsonl)
    assert mirror == b"".join(lines)
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == [Path(p).name for p in info.parquet]


def test_parquet_has_the_schema_and_the_records(tmp_path: Path) -> None:
    lines = _lines(12)
    info = write_split("test", iter(_stream(lines)), tmp_path, 1 << 30)
    [path] = info.parquet
    table = pq.read_table(tmp_path / path)
    assert table.schema.remove_metadata() == arrow_schema()
    assert b"huggingface" in table.schema.metadata
    assert [from_arrow_row(row) for row in table.to_pylist()] == [orjson.loads(line) for line in lines]
    assert info.num_bytes == sum(s.arrow_bytes for s in info.shards) > 0


def test_row_groups_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writers, "ROW_GROUP_ROWS", 4)
    info = write_split("train", iter(_stream(_lines(10))), tmp_path, 1 << 30)
    meta = pq.ParquetFile(tmp_path / info.parquet[0]).metadata
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [4, 4, 2]


def test_the_same_records_give_the_same_bytes(tmp_path: Path) -> None:
    lines = _lines(30)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = write_split("train", iter(_stream(lines)), tmp_path / "a", 4000)
    b = write_split("train", iter(_stream(lines)), tmp_path / "b", 4000)
    assert a.parquet == b.parquet and len(a.parquet) > 1
    for rel in a.parquet + a.jsonl:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel


def test_the_mirror_is_reproducible_gzip(tmp_path: Path) -> None:
    info = write_split("train", iter(_stream(_lines(5))), tmp_path, 1 << 30)
    data = (tmp_path / info.jsonl[0]).read_bytes()
    assert data[:3] == b"\x1f\x8b\x08"
    assert data[3] & 0x08 == 0  # no file name in the header
    assert data[4:8] == b"\0\0\0\0"  # mtime 0
    assert count_jsonl_gz_rows(tmp_path / info.jsonl[0]) == 5


def test_a_record_longer_than_a_parse_block(tmp_path: Path) -> None:
    row = make_records(1)[0]
    row["paragraphs"] = ["长" * 700_000]  # 2.1 MB of UTF-8, more than the 1 MiB parse block
    row["text"] = row["paragraphs"][0]
    line = orjson.dumps(row) + b"\n"
    info = write_split("train", iter(_stream([line])), tmp_path, 1 << 30)
    assert pq.read_table(tmp_path / info.parquet[0]).column("text")[0].as_py() == row["text"]


def test_an_empty_split_writes_one_empty_shard_with_the_schema(tmp_path: Path) -> None:
    """A split of no records is a split of no rows, not of no files: verify, mlcroissant and
    readers of the shard pattern find a file with the schema."""
    info = write_split("test", iter([]), tmp_path, 1 << 30)
    assert info.rows == 0 and info.parquet == ["data/test-00000-of-00001.parquet"]
    table = pq.read_table(tmp_path / info.parquet[0])
    assert table.num_rows == 0 and table.schema.equals(arrow_schema(), check_metadata=False)
    with gzip.open(tmp_path / info.jsonl[0]) as handle:
        assert handle.read() == b""


def test_row_groups_parsed_in_pieces_keep_every_record_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A row group is parsed and compressed in pieces as its lines come: the pieces of a row
    group make one row group again, the mirror has every line once, in order, whatever the
    pieces in flight."""
    monkeypatch.setattr(writers, "ROW_GROUP_ROWS", 7)
    monkeypatch.setattr(writers, "PIECE_ROWS", 3)
    monkeypatch.setattr(writers, "PIECES_IN_FLIGHT", 1)
    monkeypatch.setattr(writers, "GROUPS_IN_FLIGHT", 1)
    lines = _lines(20)
    info = write_split("train", iter(_stream(lines)), tmp_path, 1 << 30)
    parquet = pq.ParquetFile(tmp_path / info.parquet[0])
    assert [parquet.metadata.row_group(i).num_rows for i in range(parquet.metadata.num_row_groups)] == [7, 7, 6]
    rows = [from_arrow_row(row) for row in parquet.read().to_pylist()]
    assert rows == [orjson.loads(line) for line in lines]
    assert gzip.decompress((tmp_path / info.jsonl[0]).read_bytes()) == b"".join(lines)


def test_pieces_give_the_bytes_of_whole_row_groups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """How a row group is cut into pieces for parsing does not show in the files."""
    lines = _lines(30)
    monkeypatch.setattr(writers, "ROW_GROUP_ROWS", 12)
    written = {}
    for piece_rows in (12, 5, 1):  # one block, or blocks cut mid-group
        monkeypatch.setattr(writers, "PIECE_ROWS", piece_rows)
        folder = tmp_path / str(piece_rows)
        folder.mkdir()
        info = write_split("train", iter(_stream(lines)), folder, 1 << 30)
        written[piece_rows] = [(folder / rel).read_bytes() for rel in info.parquet + info.jsonl]
    assert written[5] == written[12] and written[1] == written[12]
