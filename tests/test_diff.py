"""diff_releases, the changelog and `baokan diff`, on releases published from factory records."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from baokan.errors import UsageError
from baokan.release import PublishOptions, publish
from baokan.release.changelog import changelog_entry, update_changelog
from baokan.release.diff import changed_fields, diff_releases
from baokan.reporters import diff_text
from baokan.schema import json_arrow_schema
from records_factory import make_article, make_records

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    return path


def release(tmp: Path, rows: list[dict], version: str, **kw) -> Path:
    src = write_jsonl(tmp / f"in-{version}.jsonl", rows)
    options = {"name": "demo", "version": version, "split_ratios": {"train": 0.8, "test": 0.2}}
    options.update(kw)
    return publish([src], tmp / "out", PublishOptions(**options)).path


@pytest.fixture
def rows() -> list[dict]:
    return make_records(40)


@pytest.fixture
def two_releases(tmp_path: Path, rows: list[dict]):
    old = release(tmp_path, rows, "1.0.0", max_shard_bytes=4096)  # several shards per split
    new_rows = copy.deepcopy(rows)
    changed_id = new_rows[3]["id"]
    new_rows[3]["title"] = "改过的标题"
    removed_id = new_rows.pop(7)["id"]
    added = make_article(1000).to_dict()
    new_rows.append(added)
    new = release(tmp_path, new_rows, "1.0.1")  # different sharding: must not matter
    return old, new, {"changed": changed_id, "removed": removed_id, "added": added["id"]}


def test_diff_names_exactly_the_changed_ids_and_fields(two_releases, rows) -> None:
    old, new, ids = two_releases
    diff = diff_releases(old, new)
    assert diff.added == [ids["added"]]
    assert diff.removed == [ids["removed"]]
    assert diff.changed == [(ids["changed"], ["title"])]
    assert diff.moved == [] and diff.duplicates == {"old": [], "new": []}
    assert diff.unchanged == len(rows) - 2
    assert (diff.old.records, diff.new.records) == (len(rows), len(rows))
    assert (diff.old.version, diff.new.version) == ("1.0.0", "1.0.1")
    assert set(diff.splits) == {"train", "test"}
    assert sum(c["old"] for c in diff.splits.values()) == len(rows)
    assert sum(c["new"] for c in diff.splits.values()) == len(rows)
    assert not diff.identical


def test_split_counts_match_the_manifests(two_releases) -> None:
    old, new, _ = two_releases
    diff = diff_releases(old, new)
    for side, path in (("old", old), ("new", new)):
        manifest = json.loads((path / "manifest.json").read_text())
        assert {s: c[side] for s, c in diff.splits.items()} == {s: e["rows"] for s, e in manifest["splits"].items()}


def test_identical_releases_give_an_empty_diff(tmp_path: Path, rows: list[dict]) -> None:
    a = release(tmp_path, rows, "1.0.0")
    b = release(tmp_path, rows, "1.0.1", max_shard_bytes=2048)
    diff = diff_releases(a, b)
    assert diff.identical
    assert (diff.added, diff.removed, diff.changed, diff.moved) == ([], [], [], [])
    assert diff.unchanged == len(rows)
    assert "no differences" in diff_text(diff)
    assert diff.to_dict()["counts"] == {
        "added": 0,
        "removed": 0,
        "changed": 0,
        "provenance_only": 0,
        "unchanged": len(rows),
        "moved": 0,
    }


def test_nested_source_changes_are_named_by_member(tmp_path: Path, rows: list[dict]) -> None:
    new_rows = copy.deepcopy(rows)
    new_rows[0]["source"]["line_end"] += 1
    new_rows[0]["flags"] = ["no_title", "short_body"]
    new_rows[1]["authors"] = [{"name": "王五", "role": None}]
    diff = diff_releases(release(tmp_path, rows, "1.0.0"), release(tmp_path, new_rows, "1.0.1"))
    assert dict(diff.changed) == {
        rows[0]["id"]: ["source.line_end", "flags"],
        rows[1]["id"]: ["authors"],
    }


def test_changed_fields_handles_keys_outside_the_schema() -> None:
    a = make_article(1).to_dict()
    b = copy.deepcopy(a)
    b["source"]["extra"] = 1
    b["zzz"] = True
    assert changed_fields(a, b) == ["source.extra", "zzz"]
    assert changed_fields(a, copy.deepcopy(a)) == []


def test_split_moves_are_reported(tmp_path: Path, rows: list[dict]) -> None:
    old = release(tmp_path, rows, "1.0.0", split_ratios={"train": 1.0})
    new = release(tmp_path, rows, "1.0.1", split_ratios={"train": 0.5, "test": 0.5})
    diff = diff_releases(old, new)
    assert diff.moved and all(m[1:] == ("train", "test") for m in diff.moved)
    assert diff.splits["test"] == {"old": 0, "new": len(diff.moved)}
    assert not diff.changed and not diff.identical
    assert "moved between splits" in diff_text(diff)


def test_releases_whose_shards_are_not_in_id_order(tmp_path: Path, rows: list[dict]) -> None:
    """A folder without a manifest, written by something else: rows out of id order."""

    def folder(name: str, records: list[dict]) -> Path:
        data = tmp_path / name / "data"
        data.mkdir(parents=True)
        table = pa.Table.from_pylist(records, schema=json_arrow_schema())
        pq.write_table(table, data / "train-00000-of-00001.parquet")
        return tmp_path / name

    shuffled = list(reversed(rows))
    new_rows = copy.deepcopy(shuffled)
    new_rows[5]["text"] = new_rows[5]["text"] + "。"
    new_rows[5]["paragraphs"][-1] += "。"
    diff = diff_releases(folder("a", shuffled), folder("b", new_rows))
    assert diff.changed == [(shuffled[5]["id"], ["paragraphs", "text"])]
    assert diff.unchanged == len(rows) - 1
    assert diff.old.version == "a"


def test_not_a_release_is_a_usage_error(tmp_path: Path, rows: list[dict]) -> None:
    good = release(tmp_path, rows, "1.0.0")
    (tmp_path / "empty").mkdir()
    for bad in (tmp_path / "missing", tmp_path / "empty", good / "manifest.json"):
        with pytest.raises(UsageError):
            diff_releases(good, bad)
        with pytest.raises(UsageError):
            diff_releases(bad, good)


# -- changelog -------------------------------------------------------------------------------


def test_changelog_entry_lists_counts_ids_and_fields(two_releases) -> None:
    old, new, ids = two_releases
    entry = changelog_entry(diff_releases(old, new), "1.0.0", "1.0.1")
    assert entry.startswith("## 1.0.1\n")
    assert "1 added, 1 removed, 1 changed, 38 unchanged" in entry
    assert f"- `{ids['added']}`" in entry
    assert f"- `{ids['removed']}`" in entry
    assert f"- `{ids['changed']}`: title" in entry
    assert "| train |" in entry and "| test |" in entry
    assert entry == changelog_entry(diff_releases(old, new), "1.0.0", "1.0.1")  # deterministic


def test_changelog_caps_long_lists_but_keeps_exact_counts(tmp_path: Path) -> None:
    a = release(tmp_path, make_records(5), "1.0.0")
    b = release(tmp_path, make_records(30), "1.1.0")
    entry = changelog_entry(diff_releases(a, b), "1.0.0", "1.1.0", max_ids=10)
    assert "### Added (25)" in entry
    assert entry.count("\n- `") == 10
    assert "- … and 15 more" in entry
    assert "25 added, 0 removed" in entry


def test_update_changelog_newest_first_and_idempotent(two_releases) -> None:
    old, new, _ = two_releases
    diff = diff_releases(old, new)
    e101 = changelog_entry(diff, "1.0.0", "1.0.1")
    e110 = changelog_entry(diff, "1.0.1", "1.1.0")
    e100 = "## 1.0.0\n\nFirst release.\n"
    text = update_changelog(None, e100, "demo")
    assert text.startswith("# Changelog: demo\n")
    text = update_changelog(text, e110, "demo")
    text = update_changelog(text, e101, "demo")  # published out of order: still sorted
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## 1.1.0", "## 1.0.1", "## 1.0.0"]
    assert update_changelog(text, e101, "demo") == text
    assert update_changelog(update_changelog(text, e110, "demo"), e110, "demo") == text
    # a hand-edited title and notes are kept
    edited = text.replace("# Changelog: demo", "# My dataset\n\nNotes by hand.")
    again = update_changelog(edited, e101, "demo")
    assert again.startswith("# My dataset\n\nNotes by hand.\n\nChanges between")
    assert "# Changelog: demo" not in again
    assert again == edited


# -- CLI -------------------------------------------------------------------------------------


def invoke(*args: str):
    import baokan.cli.diff  # noqa: F401  (registers the command)
    from baokan.cli.group import cli

    return CliRunner().invoke(cli, list(args))


def test_cli_text_output(two_releases) -> None:
    old, new, ids = two_releases
    result = invoke("diff", str(old), str(new))
    assert result.exit_code == 0, result.output
    assert f"+ {ids['added']}" in result.stdout
    assert f"- {ids['removed']}" in result.stdout
    assert f"~ {ids['changed']}: title" in result.stdout
    assert "1 added, 1 removed, 1 changed" in result.stdout


def test_cli_json_output(two_releases) -> None:
    old, new, ids = two_releases
    result = invoke("diff", str(old), str(new), "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["added"] == [ids["added"]] and doc["removed"] == [ids["removed"]]
    assert doc["changed"] == [{"id": ids["changed"], "fields": ["title"]}]
    assert doc["identical"] is False and doc["new"]["version"] == "1.0.1"


def test_cli_exit_code_option(two_releases) -> None:
    old, new, _ = two_releases
    assert invoke("diff", str(old), str(new), "--exit-code").exit_code == 1
    assert invoke("diff", str(old), str(old), "--exit-code").exit_code == 0
    assert invoke("diff", str(old), str(old)).exit_code == 0


def test_cli_usage_error(two_releases, tmp_path: Path) -> None:
    old, _, _ = two_releases
    result = invoke("diff", str(old), str(tmp_path / "nope"))
    assert result.exit_code == 2
    assert "no such file or folder" in result.stderr
    assert result.stdout == ""


def test_cli_help_has_examples() -> None:
    result = invoke("diff", "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.output and "--exit-code" in result.output


def test_empty_splits_are_counted(tmp_path: Path) -> None:
    one = make_records(1)
    a = release(tmp_path, one, "1.0.0")
    b = release(tmp_path, [*one, make_article(7).to_dict()], "1.0.1")
    manifest = json.loads((a / "manifest.json").read_text())
    empty = [s for s, e in manifest["splits"].items() if e["rows"] == 0]
    assert empty  # one record: one of the two splits has no shard
    diff = diff_releases(a, b)
    assert set(diff.splits) == {"train", "test"}
    assert all(diff.splits[s]["old"] == 0 for s in empty)
    assert diff.added == [make_article(7).to_dict()["id"]]


def test_provenance_only_changes_are_listed_apart(tmp_path: Path) -> None:
    import orjson

    from baokan.release import PublishOptions, publish
    from baokan.release.changelog import changelog_entry
    from baokan.release.diff import diff_releases
    from records_factory import make_records

    rows = make_records(10)
    first = tmp_path / "a.jsonl"
    first.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    moved = [dict(r, source=dict(r["source"], sha256="f" * 64)) if i < 3 else r for i, r in enumerate(rows)]
    second = tmp_path / "b.jsonl"
    second.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in moved))
    a = publish([first], tmp_path / "out", PublishOptions(name="d", version="1.0.0")).path
    b = publish([second], tmp_path / "out", PublishOptions(name="d", version="1.0.1")).path
    diff = diff_releases(a, b)
    assert diff.changed == [] and not diff.identical
    assert sorted(i for i, _ in diff.provenance_only) == sorted(r["id"] for r in rows[:3])
    assert all(fields == ["source.sha256"] for _, fields in diff.provenance_only)
    entry = changelog_entry(diff, "1.0.0", "1.0.1")
    assert "3 articles have the same content and only new provenance" in entry
    assert not any(r["id"] in entry for r in rows)
