"""`baokan publish`, `verify` and `build` through click's CliRunner: exit codes and streams."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from baokan.cli.group import _register, cli
from records_factory import make_records

_register()  # every command, whichever test runs first

REPO = Path(__file__).resolve().parent.parent


def invoke(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    path = tmp_path / "articles.jsonl"
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in make_records(20)))
    return path


@pytest.mark.parametrize("command", ["publish", "verify", "build"])
def test_help_has_examples(command: str) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == 0 and "Examples:" in result.output


def test_publish_then_verify(tmp_path: Path, articles: Path) -> None:
    result = invoke(
        "publish", articles, "--name", "demo", "--version", "1.0.0", "--out", tmp_path / "out", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["records"] == 20 and summary["noop"] is False
    assert "20 records in, 20 out, 0 rejected" in result.stderr
    release = tmp_path / "out" / "demo" / "1.0.0"
    verified = invoke("verify", release)
    assert verified.exit_code == 0 and verified.stdout.startswith("ok: ")
    again = invoke("publish", articles, "--name", "demo", "--version", "1.0.0", "--out", tmp_path / "out")
    assert again.exit_code == 0 and "unchanged" in again.stdout


def test_a_release_of_no_records_verifies_and_croissant_reads_it(tmp_path: Path) -> None:
    """The tool's own output verifies even when nothing was published (issue 11, item 5): every
    split gets an empty shard with the schema. `datasets` cannot load a release of no rows at all
    (it raises "corresponds to no data"); that is stated in the README, not worked around."""
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    result = invoke("publish", empty, "--name", "none", "--version", "1.0.0", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    release = tmp_path / "out" / "none" / "1.0.0"
    verified = invoke("verify", "--deep", release)
    assert verified.exit_code == 0, verified.output
    manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["splits"] and all(entry["rows"] == 0 for entry in manifest["splits"].values())
    assert all(len(entry["parquet"]) == 1 for entry in manifest["splits"].values())
    mlc = pytest.importorskip("mlcroissant")
    assert list(mlc.Dataset(jsonld=str(release / "croissant.json")).records(record_set="articles")) == []


def test_publish_usage_errors_exit_2(tmp_path: Path, articles: Path) -> None:
    for extra in (
        ["--version", "1.0"],
        ["--version", "1.0.0", "--split", "train=0.5"],
        ["--version", "1.0.0", "--max-shard-size", "lots"],
    ):
        result = invoke("publish", articles, "--name", "demo", "--out", tmp_path / "out", *extra)
        assert result.exit_code == 2, (extra, result.output)
        assert "Traceback" not in result.output
    missing = invoke(
        "publish", tmp_path / "nope.jsonl", "--name", "demo", "--version", "1.0.0", "--out", tmp_path / "out"
    )
    assert missing.exit_code == 2 and "nope.jsonl" in missing.stderr


def test_publish_invalid_data_exit_1_with_report(tmp_path: Path) -> None:
    rows = make_records(5)
    rows[2]["title"] = ""
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    result = invoke("publish", bad, "--name", "demo", "--version", "1.0.0", "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert f"{bad}:3: $.title" in result.stdout
    assert "nothing was published" in result.stderr
    dropped = invoke(
        "publish", bad, "--name", "demo", "--version", "1.0.0", "--out", tmp_path / "out", "--drop-invalid"
    )
    assert dropped.exit_code == 0
    assert "5 records in, 4 out, 1 rejected (see" in dropped.stderr


def test_changed_content_for_existing_version_exit_1(tmp_path: Path, articles: Path) -> None:
    assert invoke("publish", articles, "--name", "demo", "--version", "1.0.0", "--out", tmp_path / "out").exit_code == 0
    other = tmp_path / "other.jsonl"
    other.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in make_records(3)))
    result = invoke("publish", other, "--name", "demo", "--version", "1.0.0", "--out", tmp_path / "out")
    assert result.exit_code == 1 and "already exists" in result.stderr


def test_verify_reports_each_bad_file(tmp_path: Path, articles: Path) -> None:
    invoke("publish", articles, "--name", "demo", "--version", "1.0.0", "--out", tmp_path / "out")
    release = tmp_path / "out" / "demo" / "1.0.0"
    shard = next((release / "data").glob("*.parquet"))
    data = bytearray(shard.read_bytes())
    data[100] ^= 0xFF
    shard.write_bytes(bytes(data))
    result = invoke("verify", release, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert [p["file"] for p in report["problems"]] == [f"data/{shard.name}"]
    assert invoke("verify", tmp_path).exit_code == 2


def test_verify_checks_the_inputs_list_against_the_manifest(tmp_path: Path, articles: Path) -> None:
    invoke("publish", articles, "--name", "demo", "--version", "1.0.0", "--out", tmp_path / "out")
    release = tmp_path / "out" / "demo" / "1.0.0"
    manifest = json.loads((release / "manifest.json").read_text())
    assert manifest["inputs"]["count"] == 1 and manifest["inputs"]["file"] == "inputs.jsonl"
    manifest["inputs"]["records"] += 1
    (release / "manifest.json").write_text(json.dumps(manifest))
    report = json.loads(invoke("verify", release, "--format", "json").stdout)
    records = manifest["inputs"]["records"]
    digest_problem, *rest = report["problems"]  # the edit also changed the digest the changelog recorded
    assert digest_problem["file"] == "manifest.json" and "the manifest was changed" in digest_problem["message"]
    assert rest == [
        {"file": "inputs.jsonl", "message": f"inputs sum to records {records - 1}, manifest says {records}"}
    ]


def test_build_cli_on_bundled_config(tmp_path: Path) -> None:
    result = invoke("build", REPO / "data" / "lvliang-daily.toml", "--out", tmp_path / "rel", "-j", "1")
    assert result.exit_code == 0, result.output
    release = Path(result.stdout.strip())
    assert release == tmp_path / "rel" / "lvliang-daily" / "1.0.0"
    assert "articles" in result.stderr and "records in" in result.stderr
    assert invoke("verify", release).exit_code == 0


def test_build_cli_config_error_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "x.toml"
    bad.write_text('name = "x"\n', encoding="utf-8")
    result = invoke("build", bad)
    assert result.exit_code == 2 and "missing required field" in result.output


def test_cli_default_shard_size_matches_the_library() -> None:
    from baokan.cli.publish import DEFAULT_MAX_SHARD_SIZE
    from baokan.release.publisher import DEFAULT_MAX_SHARD_BYTES
    from baokan.release.sizes import parse_size

    assert parse_size(DEFAULT_MAX_SHARD_SIZE) == DEFAULT_MAX_SHARD_BYTES


def test_verify_accepts_a_hub_download_of_a_release_and_nothing_else_hidden(tmp_path: Path) -> None:
    """A release downloaded from the Hub (`snapshot_download(local_dir=...)`) holds the Hub's
    `.gitattributes` and `.cache/huggingface/` beside its files (issue 15): named, they are left
    out; any other extra file, hidden or not, is still reported."""
    import shutil

    bundled = Path(__file__).resolve().parents[1] / "data" / "releases" / "lvliang-daily" / "1.0.0"
    release = tmp_path / "1.0.0"
    shutil.copytree(bundled, release)
    (release / ".gitattributes").write_text("*.parquet filter=lfs diff=lfs merge=lfs -text\n", encoding="utf-8")
    hub = release / ".cache" / "huggingface" / "download" / "data"
    hub.mkdir(parents=True)
    (hub / "train-00000-of-00001.parquet.metadata").write_text("abc\n", encoding="utf-8")
    assert invoke("verify", release).exit_code == 0
    (release / ".cache" / "notes.txt").write_text("x", encoding="utf-8")
    (release / ".gitignore").write_text("x", encoding="utf-8")
    result = invoke("verify", release)
    assert result.exit_code == 1
    assert ".cache/notes.txt" in result.output and ".gitignore" in result.output


def test_verify_checks_the_digest_publish_printed(tmp_path: Path, articles: Path) -> None:
    result = invoke("publish", articles, "--name", "demo", "--version", "1.0.0", "--out", tmp_path, "--format", "json")
    assert result.exit_code == 0, result.output
    release, digest = json.loads(result.stdout)["release"], json.loads(result.stdout)["digest"]
    assert digest.startswith("sha256:") and digest in (Path(release).parent / "CHANGELOG.md").read_text()
    for given in (digest, digest.removeprefix("sha256:")):  # both forms publish and build print
        ok = invoke("verify", release, "--digest", given, "--format", "json")
        assert ok.exit_code == 0 and json.loads(ok.stdout)["ok"] is True, ok.output
    wrong = "sha256:" + "0" * 64
    bad = invoke("verify", release, "--digest", wrong, "--format", "json")
    assert bad.exit_code == 1
    assert any("the manifest was changed" in p["message"] for p in json.loads(bad.stdout)["problems"])
