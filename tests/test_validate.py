"""Golden cases (tests/cases/{valid,invalid}/<name>/) and unit tests of baokan.validate."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema_rs
import orjson
import pytest

from baokan.errors import UsageError
from baokan.reporters import check_text
from baokan.schema import article_schema
from baokan.validate import (
    ArticleValidator,
    RecordError,
    iter_checked,
    json_path,
    validate_paths,
)
from records_factory import make_record

CASES = Path(__file__).parent / "cases"
VALID_CASES = sorted(p for p in (CASES / "valid").iterdir() if p.is_dir())
INVALID_CASES = sorted(p for p in (CASES / "invalid").iterdir() if p.is_dir())


def write_jsonl(path: Path, records: list) -> Path:
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    return path


# -- golden cases -----------------------------------------------------------------------------------


def test_case_folders_exist() -> None:
    names = {p.name for p in VALID_CASES} | {p.name for p in INVALID_CASES}
    for needed in [
        "minimal", "full", "bom", "bad_role", "missing_field", "extra_field", "text_paragraphs_mismatch",
        "duplicate_ids", "not_json_line", "blank_line", "impossible_date", "wrong_types",
        "whitespace_only_paragraph", "bad_sha256",
    ]:  # fmt: skip
        assert needed in names


@pytest.mark.parametrize("case", VALID_CASES, ids=lambda p: p.name)
def test_valid_case(case: Path) -> None:
    source = case / "input.jsonl"
    result = validate_paths([source])
    assert result.errors == [], check_text(result)
    assert result.valid
    assert result.records == result.valid_records == sum(1 for _ in source.open("rb"))
    assert result.records > 0


@pytest.mark.parametrize("case", INVALID_CASES, ids=lambda p: p.name)
def test_invalid_case(case: Path) -> None:
    source = case / "input.jsonl"
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    result = validate_paths([source])
    assert not result.valid
    got = [(e.line, e.path, e.kind) for e in result.errors]
    want = [(e["line"], e["path"], e["kind"]) for e in expected["errors"]]
    assert got == want, check_text(result)
    for error, exp in zip(result.errors, expected["errors"], strict=True):
        assert error.file == str(source)
        assert exp["message"].replace("{file}", str(source)) in error.message, error
    assert result.records == expected["records"]
    if expected.get("valid_records") is not None:
        assert result.valid_records == expected["valid_records"]
    assert result.error_count == len(want)
    assert not result.truncated


# -- ArticleValidator --------------------------------------------------------------------------------


def test_valid_record_has_no_errors(valid_record: dict) -> None:
    assert ArticleValidator().check(valid_record) == []


def test_fast_validator_checks_formats() -> None:
    fast = jsonschema_rs.Draft202012Validator(article_schema(), validate_formats=True)
    record = make_record()
    assert fast.is_valid(record)
    record["source"]["date"] = "2023-02-30"
    assert not fast.is_valid(record), "format: date must be enforced by the compiled validator"
    assert ArticleValidator().is_schema_valid(record) is False


@pytest.mark.parametrize("date", ["2023-02-29", "2023-13-01", "2023-00-10", "2023-04-31", "0000-01-01"])
def test_impossible_dates_rejected(date: str) -> None:
    record = make_record()
    record["source"]["date"] = date
    errors = ArticleValidator().check(record)
    assert errors and all(e.path == "$.source.date" for e in errors)


def test_leap_day_is_fine() -> None:
    record = make_record()
    record["source"]["date"] = "2024-02-29"
    assert ArticleValidator().check(record) == []


def test_check_collects_schema_and_semantic_errors_together() -> None:
    record = make_record(title="")
    record["text"] = "别的内容"
    record["source"]["line_end"] = 1
    errors = ArticleValidator().check(record, file="f.jsonl", line=7)
    assert [(e.path, e.kind) for e in errors] == [
        ("$.title", "schema"),
        ("$.text", "semantic"),
        ("$.source.line_end", "semantic"),
    ]
    assert all(e.file == "f.jsonl" and e.line == 7 for e in errors)


def test_whitespace_only_text_is_reported() -> None:
    record = make_record(paragraphs=["\u3000"], text="\u3000")
    errors = ArticleValidator().check(record)
    assert ("$.paragraphs[0]", "semantic") in [(e.path, e.kind) for e in errors]
    assert ("$.text", "semantic") in [(e.path, e.kind) for e in errors]


def test_semantic_rules_skip_parts_of_the_wrong_type() -> None:
    record = make_record(paragraphs=[1, None], text=5, source="nowhere")
    errors = ArticleValidator().check(record)
    assert errors and {e.kind for e in errors} == {"schema"}


def test_lone_surrogate_does_not_crash() -> None:
    record = make_record(title="\ud800")
    errors = ArticleValidator().check(record)
    assert isinstance(errors, list)
    bad_id = make_record(id="0123456789abcdef-0001\ud800")
    assert [e.path for e in ArticleValidator().check(bad_id)] == ["$.id"]


def test_trailing_newline_in_pattern_field_is_rejected_with_a_message() -> None:
    # Python's re lets `$` match before a final "\n"; jsonschema therefore accepts this id and the
    # message must come from the compiled validator.
    record = make_record()
    record["id"] += "\n"
    errors = ArticleValidator().check(record)
    assert [(e.path, e.kind) for e in errors] == [("$.id", "schema")]
    assert "does not match" in errors[0].message


def test_long_messages_are_shortened_and_single_line() -> None:
    errors = ArticleValidator().check(["x" * 5000, "a\nb"])
    assert len(errors) == 1 and len(errors[0].message) <= 300 and "\n" not in errors[0].message


@pytest.mark.parametrize(
    ("parts", "expected"),
    [((), "$"), (("authors", 0, "role"), "$.authors[0].role"), (("a b",), "$['a b']"), ((0, "x_1"), "$[0].x_1")],
)
def test_json_path(parts: tuple, expected: str) -> None:
    assert json_path(parts) == expected


# -- streams and results -------------------------------------------------------------------------------


def test_iter_checked_yields_in_order_across_files(tmp_path: Path) -> None:
    a = write_jsonl(tmp_path / "a.jsonl", [make_record(1), make_record(2)])
    b = write_jsonl(tmp_path / "b.jsonl", [make_record(3), make_record(1)])
    checked = list(iter_checked([a, b]))
    assert [(c.file, c.line) for c in checked] == [(str(a), 1), (str(a), 2), (str(b), 1), (str(b), 2)]
    assert [c.ok for c in checked] == [True, True, True, False]
    dup = checked[3].errors[0]
    assert dup.kind == "duplicate" and f"{a}:1" in dup.message and dup.path == "$.id"
    assert checked[0].data == make_record(1)


def test_iter_checked_raises_usage_error_before_reading(tmp_path: Path) -> None:
    good = write_jsonl(tmp_path / "a.jsonl", [make_record(1)])
    with pytest.raises(UsageError, match=r"missing\.jsonl"):
        iter_checked([good, tmp_path / "missing.jsonl"])


def test_max_errors_cuts_the_list_but_counts_all(tmp_path: Path) -> None:
    bad = [make_record(i, title="") for i in range(10)]
    path = write_jsonl(tmp_path / "bad.jsonl", bad)
    result = validate_paths([path], max_errors=3)
    assert len(result.errors) == 3 and result.error_count == 10 and result.truncated
    assert result.records == 10 and result.invalid_records == 10
    assert "(first 3 shown)" in check_text(result)
    full = validate_paths([path])
    assert len(full.errors) == 10 and not full.truncated


def test_max_errors_zero(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "bad.jsonl", [make_record(1, title="")])
    result = validate_paths([path], max_errors=0)
    assert result.errors == [] and result.error_count == 1 and result.truncated and not result.valid


def test_progress_is_called_with_record_counts(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [make_record(i) for i in range(2500)])
    calls: list[int] = []
    result = validate_paths([path], progress=calls.append)
    assert sum(calls) == result.records == 2500


def test_unreadable_file_is_an_io_error_and_validation_goes_on(tmp_path: Path) -> None:
    broken = tmp_path / "broken.jsonl.gz"
    broken.write_bytes(b"this is not gzip")
    good = write_jsonl(tmp_path / "good.jsonl", [make_record(1)])
    result = validate_paths([broken, good])
    assert result.records == 1 and result.valid_records == 1 and result.file_errors == 1
    assert not result.valid
    [error] = result.errors
    assert error.kind == "io" and error.file == str(broken) and error.line is None


def test_empty_input_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"")
    result = validate_paths([path])
    assert result.valid and result.records == 0 and result.files == 1


def test_year_zero_is_a_semantic_date_error() -> None:
    # RFC 3339 (and jsonschema_rs) allow year 0000; no newspaper was printed then and Python's
    # datetime.date cannot hold it.
    record = make_record()
    record["source"]["date"] = "0000-01-01"
    errors = ArticleValidator().check(record)
    assert [(e.path, e.kind) for e in errors] == [("$.source.date", "semantic")]
    assert "calendar date" in errors[0].message


def test_no_semantic_error_where_the_schema_already_complains() -> None:
    record = make_record()
    record["source"]["date"] = "2023-02-30"
    record["source"]["line_end"] = 0
    errors = ArticleValidator().check(record)
    assert [(e.path, e.kind) for e in errors] == [("$.source.date", "schema"), ("$.source.line_end", "schema")]


def test_checked_records_own_their_error_lists(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [make_record(1), make_record(2), make_record(3)])
    checked = list(iter_checked([path]))
    checked[0].errors.append(RecordError("x", 1, "$", "added by a consumer", "semantic"))
    assert checked[1].errors == [] and checked[2].errors == []
    assert validate_paths([path]).valid


def test_same_file_twice_reports_every_id_as_duplicate(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [make_record(1), make_record(2)])
    result = validate_paths([path, path])
    assert result.records == 4 and result.valid_records == 2
    assert [(e.line, e.kind) for e in result.errors] == [(1, "duplicate"), (2, "duplicate")]
    checked = list(iter_checked([path, path]))
    assert [len(c.errors) for c in checked] == [0, 0, 1, 1]


def test_invalid_record_ids_still_count_for_duplicates(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [make_record(1, title=""), make_record(1)])
    result = validate_paths([path])
    assert [(e.line, e.kind) for e in result.errors] == [(1, "schema"), (2, "duplicate")]


@pytest.mark.parametrize("case", VALID_CASES + INVALID_CASES, ids=lambda p: p.name)
def test_iter_checked_and_validate_paths_agree(case: Path) -> None:
    source = case / "input.jsonl"
    checked = list(iter_checked([source, source]))  # twice: duplicates across inputs too
    result = validate_paths([source, source])
    assert [e for c in checked for e in c.errors] == result.errors
    assert sum(c.is_record for c in checked) == result.records
    assert sum(c.is_record and c.ok for c in checked) == result.valid_records
