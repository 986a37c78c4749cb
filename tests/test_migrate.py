"""baokan migrate: records of article schema 1.x become records of this schema."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from baokan.cli.group import _register, cli
from baokan.records import migrate_record
from baokan.validate import validate_paths

CASES = Path(__file__).parent / "cases"
OLD = CASES / "invalid" / "old_schema_version" / "input.jsonl"


def test_migrate_record_turns_the_page_number_into_a_label() -> None:
    old = json.loads(OLD.read_text(encoding="utf-8"))
    old["source"]["page"] = 3
    new = migrate_record(old)
    assert new["schema_version"] == "2.1.0"
    assert (new["source"]["page"], new["source"]["page_number"]) == ("3", 3)
    assert list(new["source"]) == [
        "publication", "date", "page", "page_number", "file", "sha256", "line_start", "line_end",
        "page_index", "region_unit",
    ]  # fmt: skip
    assert (new["source"]["page_index"], new["source"]["region_unit"], new["regions"]) == (None, None, [])
    assert list(new).index("regions") == list(new).index("source") + 1
    assert migrate_record(new) is new  # records of this version pass through


def test_old_records_are_invalid_with_a_hint_then_valid_after_migrate(tmp_path: Path) -> None:
    before = validate_paths([OLD])
    assert not before.valid and "baokan migrate" in before.errors[0].message
    _register()
    out = tmp_path / "new.jsonl"
    res = CliRunner().invoke(cli, ["migrate", str(OLD), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "1 migrated" in res.output
    assert validate_paths([out]).valid


def test_migrate_refuses_broken_input_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(OLD.read_text(encoding="utf-8") + "{broken\n", encoding="utf-8")
    _register()
    out = tmp_path / "new.jsonl"
    res = CliRunner().invoke(cli, ["migrate", str(bad), "-o", str(out)])
    assert res.exit_code == 1 and "bad.jsonl:2" in res.output
    assert not out.exists()
    res = CliRunner().invoke(cli, ["migrate", str(tmp_path / "nope.jsonl"), "-o", str(out)])
    assert res.exit_code == 2 and "no such file or folder" in res.output


def test_migrate_record_gives_2_0_0_records_the_empty_layout_fields() -> None:
    current = json.loads((CASES / "valid" / "minimal" / "input.jsonl").read_text(encoding="utf-8"))
    old = {k: v for k, v in current.items() if k != "regions"}
    old["source"] = {k: v for k, v in current["source"].items() if k not in ("page_index", "region_unit")}
    old["schema_version"] = "2.0.0"
    assert migrate_record(old) == current
    assert list(migrate_record(old)) == list(current)
