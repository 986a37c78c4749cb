"""baokan.recordio: streaming JSONL / JSONL.gz / Parquet / release folders."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from baokan.errors import InputError, UsageError
from baokan.recordio import RawRecord, _duplicate_key, file_kind, is_release_dir, iter_records, resolve_inputs
from baokan.schema import arrow_schema, json_arrow_schema
from records_factory import make_record


def jsonl_bytes(records: list) -> bytes:
    return b"".join(orjson.dumps(r) + b"\n" for r in records)


def write_parquet(path: Path, records: list[dict], row_group_size: int | None = None) -> Path:
    table = pa.Table.from_pylist(records, schema=json_arrow_schema()).cast(arrow_schema())
    pq.write_table(table, path, row_group_size=row_group_size)
    return path


def make_release(root: Path, parts: list[list[dict]]) -> Path:
    release = root / "lvliang" / "1.0.0"
    (release / "data").mkdir(parents=True)
    (release / "jsonl").mkdir()
    for i, part in enumerate(parts):
        write_parquet(release / "data" / f"train-{i:05d}.parquet", part)
        (release / "jsonl" / f"train-{i:05d}.jsonl.gz").write_bytes(gzip.compress(jsonl_bytes(part)))
    (release / "manifest.json").write_text("{}")
    return release


def test_jsonl_lines_numbered_from_one(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(jsonl_bytes([make_record(1), make_record(2)]))
    got = list(iter_records(path))
    assert got == [RawRecord(str(path), 1, make_record(1)), RawRecord(str(path), 2, make_record(2))]


def test_jsonl_without_final_newline_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(orjson.dumps(make_record(1)) + b"\r\n" + orjson.dumps(make_record(2)))
    got = list(iter_records(path))
    assert [r.line for r in got] == [1, 2] and all(r.error is None for r in got)


def test_bad_and_blank_lines_are_errors_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"a": 1}\n{"a": \n\n \t\n\xff\xfe\n[1]\n')
    got = list(iter_records(path))
    assert [r.line for r in got] == [1, 2, 3, 4, 5, 6]
    assert got[0].data == {"a": 1} and got[0].error is None
    assert got[1].data is None and "not valid JSON" in got[1].error
    assert "blank line" in got[2].error and "blank line" in got[3].error
    assert "not valid JSON" in got[4].error  # invalid UTF-8
    assert got[5].data == [1]


def test_bom_is_stripped_only_at_the_start(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + jsonl_bytes([{"a": 1}]) + b"\xef\xbb\xbf" + jsonl_bytes([{"a": 2}]))
    got = list(iter_records(path))
    assert got[0].data == {"a": 1}
    assert got[1].error is not None


def test_gzip(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(gzip.compress(jsonl_bytes([make_record(i) for i in range(5)])))
    assert [r.data["id"] for r in iter_records(path)] == [make_record(i)["id"] for i in range(5)]


def test_truncated_gzip_names_file_and_last_line(tmp_path: Path) -> None:
    data = gzip.compress(jsonl_bytes([make_record(i) for i in range(2000)]))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    seen: list[RawRecord] = []
    with pytest.raises(InputError) as info:
        for rec in iter_records(path):
            seen.append(rec)
    assert seen and all(r.error is None for r in seen)
    assert info.value.path == str(path)
    assert info.value.line == seen[-1].line
    assert f"after line {seen[-1].line}" in info.value.message


def test_not_gzip_at_all(tmp_path: Path) -> None:
    path = tmp_path / "fake.jsonl.gz"
    path.write_bytes(b'{"a": 1}\n')
    with pytest.raises(InputError, match=r"fake\.jsonl\.gz"):
        list(iter_records(path))


def test_parquet_rows_in_batches(tmp_path: Path) -> None:
    records = [make_record(i) for i in range(2500)]
    path = write_parquet(tmp_path / "a.parquet", records, row_group_size=700)
    got = list(iter_records(path))
    assert [r.line for r in got] == list(range(1, 2501))
    assert [r.data for r in got] == records


def test_foreign_parquet_names_missing_and_extra_columns(tmp_path: Path) -> None:
    path = tmp_path / "foreign.parquet"
    pq.write_table(pa.table({"id": ["x"], "body": ["y"]}), path)
    with pytest.raises(InputError) as info:
        list(iter_records(path))
    assert "missing columns: title" in info.value.message and "extra columns: body" in info.value.message
    assert info.value.path == str(path)


def test_garbage_parquet(tmp_path: Path) -> None:
    path = tmp_path / "garbage.parquet"
    path.write_bytes(b"not parquet")
    with pytest.raises(InputError, match=r"garbage\.parquet"):
        list(iter_records(path))


def test_release_folder_reads_data_parquet_in_sorted_order(tmp_path: Path) -> None:
    release = make_release(tmp_path, [[make_record(1), make_record(2)], [make_record(3)]])
    assert is_release_dir(release)
    got = list(iter_records(release))
    assert [r.data["id"] for r in got] == [make_record(i)["id"] for i in (1, 2, 3)]
    assert [Path(r.file).name for r in got] == ["train-00000.parquet"] * 2 + ["train-00001.parquet"]
    assert [f.kind for f in resolve_inputs([release])] == ["parquet", "parquet"]


@pytest.mark.parametrize(
    ("name", "kind"),
    [("a.jsonl", "jsonl"), ("A.JSONL.GZ", "jsonl.gz"), ("a.json", "jsonl"), ("a.ndjson", "jsonl"),
     ("a.parquet", "parquet"), ("a.csv", None), ("a.gz", None)],
)  # fmt: skip
def test_file_kind(name: str, kind: str | None) -> None:
    assert file_kind(name) == kind


def test_usage_errors_name_the_path(tmp_path: Path) -> None:
    plain_dir = tmp_path / "plain"
    plain_dir.mkdir()
    csv = tmp_path / "a.csv"
    csv.write_text("a,b\n")
    empty_release = tmp_path / "r" / "1.0.0"
    (empty_release / "data").mkdir(parents=True)
    (empty_release / "manifest.json").write_text("{}")
    for bad, why in [
        (tmp_path / "missing.jsonl", "no such file"),
        (plain_dir, "not a release folder"),
        (csv, "unknown file type"),
        (empty_release, "no data/*.parquet"),
    ]:
        with pytest.raises(UsageError, match=re.escape(why)) as info:
            resolve_inputs([bad])
        assert str(bad) in str(info.value)


def test_parquet_rows_come_back_in_json_form(tmp_path: Path) -> None:
    # Releases type source.date as date32; validation needs the ISO string of the JSON form.
    assert arrow_schema().field("source").type.field("date").type == pa.date32()
    path = write_parquet(tmp_path / "a.parquet", [make_record(1)])
    [raw] = iter_records(path)
    assert raw.data["source"]["date"] == "2023-04-11"
    assert raw.data == make_record(1)


def test_parquet_with_string_dates_also_reads(tmp_path: Path) -> None:
    path = tmp_path / "json_form.parquet"
    pq.write_table(pa.Table.from_pylist([make_record(1)], schema=json_arrow_schema()), path)
    [raw] = iter_records(path)
    assert raw.data == make_record(1)


_KEYS = st.text(alphabet='ab":中', max_size=3)  # keys and values holding the characters of a key's end
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text(alphabet='ab":\\ {}中', max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=3),
    max_leaves=12,
)


@given(st.dictionaries(_KEYS, _JSON, max_size=4))
def test_no_duplicate_key_is_found_where_there_is_none(obj: dict) -> None:
    raw = orjson.dumps(obj)
    assert _duplicate_key(raw, orjson.loads(raw)) is None


@given(st.dictionaries(_KEYS, _JSON, min_size=1, max_size=4), st.data())
def test_a_key_given_twice_is_found(obj: dict, data: st.DataObject) -> None:
    key = data.draw(st.sampled_from(sorted(obj)))
    raw = orjson.dumps(obj)
    doubled = b"{" + orjson.dumps(key) + b":null," + raw[1:]  # the same key once more, first
    assert _duplicate_key(doubled, orjson.loads(doubled)) == key


def test_errors_cross_process_boundaries_whole() -> None:
    """An InputError raised in a worker (a record past the size limit in a parallel intake) comes
    back pickled; it could not be rebuilt from its text and the pool's result thread died,
    leaving the publish hanging."""
    import pickle

    from baokan.errors import InputError, InvalidDataError, OutputError

    for exc in (InputError("a.jsonl", "too long", line=3), OutputError("/out", "disk full"), InvalidDataError("bad")):
        back = pickle.loads(pickle.dumps(exc))
        assert type(back) is type(exc) and str(back) == str(exc) and back.__dict__ == exc.__dict__


def test_a_line_orjson_wrote_is_handed_over_as_it_is(tmp_path: Path) -> None:
    """`iter_jsonl_range(..., compact)` tells, row by row, whether the line is exactly what
    orjson writes for the record (publish spools such a line as it is): not a line spaced out as
    json.dumps writes, nor one with a key twice (which is still reported)."""
    import json

    from baokan.recordio import iter_jsonl_range

    record = make_record()
    written = orjson.dumps(record) + b"\n"
    spaced = json.dumps(record, ensure_ascii=False).encode() + b"\n"
    twice = b'{"id": "a", "id": "b"}\n'
    crlf = orjson.dumps(record) + b"\r\n"
    path = tmp_path / "a.jsonl"
    path.write_bytes(written + spaced + twice + crlf)
    compact: list[bytes | None] = [None]
    seen = []
    for line, _data, error in iter_jsonl_range(str(path), 0, path.stat().st_size, compact):
        seen.append((line, compact[0], error))
    assert seen[0] == (1, written, None)
    assert seen[1] == (2, None, None)
    assert seen[2][1] is None and seen[2][2] is not None and "duplicate key" in seen[2][2]
    assert seen[3] == (4, written, None)  # the line's bytes as orjson writes them, one newline
