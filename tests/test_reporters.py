"""baokan.reporters: results rendered as text for people and as one compact JSON document."""

from __future__ import annotations

import json
from pathlib import Path

from baokan.release.diff import ReleaseDiff, ReleaseSide
from baokan.release.publisher import PublishResult
from baokan.release.verify import Problem, VerifyResult
from baokan.reporters import (
    check_summary,
    check_text,
    diff_text,
    error_document,
    json_document,
    publish_summary,
    publish_text,
    verify_text,
)
from baokan.validate import KINDS, CheckResult, RecordError


def _check() -> CheckResult:
    return CheckResult(
        files=2,
        records=3,
        valid_records=2,
        error_count=2,
        errors=[
            RecordError("a.jsonl", 4, "$.authors[0].role", "'x' is not one of [...]", "schema"),
            RecordError("b.jsonl.gz", None, "", "truncated", "io"),
        ],
        file_errors=1,
    )


def test_json_document_is_one_compact_line() -> None:
    text = json_document({"title": "吕梁日报", "n": [1, 2]})
    assert text == '{"title":"吕梁日报","n":[1,2]}\n'
    assert json_document(error_document("x: no such file or folder", 2)) == (
        '{"error":{"message":"x: no such file or folder","exit_code":2}}\n'
    )


def test_check_text_and_json() -> None:
    result = _check()
    assert check_text(result).splitlines() == [
        "a.jsonl:4: $.authors[0].role: 'x' is not one of [...]",
        "b.jsonl.gz: truncated",
        "3 records in 2 files: 1 invalid record, 2 errors, 1 unreadable file",
    ]
    doc = json.loads(json_document(result.to_dict()))
    assert doc["valid"] is False and doc["records"] == 3 and doc["invalid_records"] == 1
    assert doc["errors"][0] == {
        "file": "a.jsonl",
        "line": 4,
        "path": "$.authors[0].role",
        "message": "'x' is not one of [...]",
        "kind": "schema",
    }
    assert {e["kind"] for e in doc["errors"]} <= set(KINDS)


def test_check_summary_says_when_errors_were_cut() -> None:
    result = CheckResult(files=1, records=1, valid_records=1, error_count=0)
    assert check_summary(result) == "1 record in 1 file: 0 invalid records, 0 errors"
    cut = _check()
    cut.truncated = True
    cut.errors = cut.errors[:1]
    assert check_summary(cut).endswith("(first 1 shown)")
    assert "... 1 more errors not listed" in check_text(cut)


def test_verify_text_names_each_problem_then_the_verdict() -> None:
    ok = VerifyResult(release="rel/demo/1.0.0", files_checked=9, records=20)
    assert verify_text(ok) == "ok: rel/demo/1.0.0 (9 files, 20 records verified)\n"
    bad = VerifyResult(release="rel/demo/1.0.0", problems=[Problem("README.md", "missing")], check=_check())
    assert verify_text(bad).splitlines() == [
        "README.md: missing",
        "a.jsonl:4: $.authors[0].role: 'x' is not one of [...]",
        "b.jsonl.gz: truncated",
        "FAILED: rel/demo/1.0.0: 3 problems",
    ]
    assert bad.to_dict()["problems"] == [{"file": "README.md", "message": "missing"}]


def test_diff_text_lists_every_kind_of_difference() -> None:
    diff = ReleaseDiff(
        ReleaseSide("old", "1.0.0", 3),
        ReleaseSide("new", "1.1.0", 3),
        added=["c"],
        removed=["a"],
        changed=[("b", ["title"])],
        provenance_only=[("d", ["source.line_end"])],
        splits={"train": {"old": 3, "new": 3}},
    )
    text = diff_text(diff)
    for line in (
        "old: old (1.0.0)",
        "records: 3 -> 3 (1 added, 1 removed, 1 changed, 1 provenance only, 0 unchanged)",
        "  train: 3 -> 3 (+0)",
        "  + c",
        "  - a",
        "  ~ b: title",
        "  . d: source.line_end",
    ):
        assert line in text.splitlines(), line
    assert diff.to_dict()["counts"]["provenance_only"] == 1


def test_publish_text_and_summary() -> None:
    result = PublishResult(
        path=Path("out/demo/1.0.0"),
        records=4,
        rejected=2,
        splits={"train": 3, "test": 1},
        noop=False,
        files=[],
        records_in=5,
        unreadable=1,
        digest="sha256:" + "ab" * 32,
    )
    assert publish_text(result) == (
        "published: out/demo/1.0.0\n  train: 3 records\n  test: 1 records\n  digest: sha256:" + "ab" * 32 + "\n"
    )
    assert publish_summary(result) == (
        "5 records in, 4 out, 1 rejected, 1 unreadable input (see out/demo/1.0.0/rejects.jsonl)"
    )
    doc = result.to_dict()
    assert doc["release"] == "out/demo/1.0.0" and doc["splits"] == {"train": 3, "test": 1}
    assert doc["digest"] == "sha256:" + "ab" * 32
