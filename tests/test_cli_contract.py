"""The contract every `baokan` command keeps (baokan/cli/common.py): `Error: MESSAGE` on stderr,
exit 1 for bad data and 2 for usage, `--format json` one compact JSON document on stdout (errors
included), `-q` silencing stderr but not the result, `-` for stdin and stdout."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner, Result

from baokan.cli.group import COMMANDS, _register, cli
from records_factory import make_records

REPO = Path(__file__).resolve().parent.parent
SEED_DIR = REPO / "data" / "raw" / "lvliang-daily"
CONFIG = REPO / "data" / "lvliang-daily.toml"

_register()


def invoke(*args: object, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], input=stdin, catch_exceptions=False)


def one_document(result: Result) -> dict:
    """stdout holds exactly one compact JSON document on one line."""
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and result.stdout.endswith("\n"), result.stdout
    doc = json.loads(lines[0])
    assert lines[0] == json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    return doc


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    path = tmp_path / "articles.jsonl"
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in make_records(6)))
    return path


@pytest.fixture
def release(tmp_path: Path, articles: Path) -> Path:
    assert invoke("publish", articles, "--name", "demo", "--version", "1.0.0", "--out", tmp_path / "rel").exit_code == 0
    return tmp_path / "rel" / "demo" / "1.0.0"


def test_every_command_is_registered_with_help_and_examples() -> None:
    assert set(COMMANDS) == set(cli.commands)
    for command in COMMANDS:
        result = invoke(command, "--help")
        assert result.exit_code == 0 and "Examples:" in result.stdout, command


MISSING = {
    "segment": ["segment", "{tmp}/nope.txt", "-o", "{tmp}/a.jsonl"],
    "validate": ["validate", "{tmp}/nope.jsonl"],
    "publish": ["publish", "{tmp}/nope.jsonl", "--name", "d", "--version", "1.0.0", "--out", "{tmp}/o"],
    "verify": ["verify", "{tmp}/nope"],
    "diff": ["diff", "{tmp}/nope", "{tmp}/nope2"],
    "build": ["build", "{tmp}/nope.toml"],
    "migrate": ["migrate", "{tmp}/nope.jsonl", "-o", "{tmp}/m.jsonl"],
    "browse": ["browse", "{tmp}/nope", "-o", "{tmp}/site"],
    "stats": ["stats", "{tmp}/nope"],
    "dedup": ["dedup", "{tmp}/nope.jsonl", "-o", "{tmp}/c.jsonl"],
    "push": ["push", "{tmp}/nope", "my-org/d", "--dry-run"],
}


@pytest.mark.parametrize("command", COMMANDS)
def test_a_missing_path_is_a_usage_error_in_one_wording(command: str, tmp_path: Path) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in MISSING[command]]
    text = invoke(*args)
    assert text.exit_code == 2 and text.stdout == ""
    assert f"Error: {tmp_path}/nope" in text.stderr and ": no such file or folder" in text.stderr
    doc = one_document(invoke(*args, "--format", "json"))
    assert doc["error"]["exit_code"] == 2 and doc["error"]["message"].endswith(": no such file or folder")


def test_an_error_click_finds_while_parsing_is_json_too(articles: Path) -> None:
    result = invoke("validate", "--format", "json", "--max-errors", "lots", articles)
    assert result.exit_code == 2 and "Error: Invalid value for '--max-errors'" in result.stderr
    assert one_document(result)["error"]["exit_code"] == 2


def test_bad_data_exits_1_with_one_error_line(tmp_path: Path, articles: Path) -> None:
    rows = make_records(3)
    rows[1]["title"] = ""
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    result = invoke("publish", bad, "--name", "demo", "--version", "1.0.0", "--out", tmp_path / "rel")
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if line.startswith("Error: ")] == [
        "Error: 1 of 3 records are invalid; nothing was published (use --drop-invalid to publish the valid "
        "records and list the others in rejects.jsonl)"
    ]
    # --format json: the error document carries the validation report, not the text report
    doc = one_document(
        invoke("publish", bad, "--name", "demo", "--version", "1.0.0", "--out", tmp_path / "rel", "--format", "json")
    )
    assert doc["error"]["exit_code"] == 1 and doc["report"]["invalid_records"] == 1
    assert doc["report"]["errors"][0]["path"] == "$.title"


def test_json_on_success_for_every_reporting_command(tmp_path: Path, articles: Path, release: Path) -> None:
    seg = one_document(invoke("segment", SEED_DIR, "-o", tmp_path / "s.jsonl", "--format", "json"))
    assert seg["pages"] == 1 and seg["articles"] > 0 and seg["output"] == str(tmp_path / "s.jsonl")
    assert one_document(invoke("validate", articles, "--format", "json"))["valid"] is True
    pub = one_document(
        invoke("publish", articles, "--name", "x", "--version", "1.0.0", "--out", tmp_path / "r", "--format", "json")
    )
    assert pub["records"] == 6 and pub["noop"] is False
    assert one_document(invoke("verify", release, "--format", "json"))["ok"] is True
    assert one_document(invoke("diff", release, release, "--format", "json"))["identical"] is True
    built = one_document(invoke("build", CONFIG, "--out", tmp_path / "b", "-j", "1", "--format", "json"))
    assert built["release"] == str(tmp_path / "b" / "lvliang-daily" / "1.0.0") and built["pages"] == 1
    migrated = one_document(invoke("migrate", articles, "-o", tmp_path / "m.jsonl", "--format", "json"))
    assert migrated == {"files": 1, "records": 6, "migrated": 0, "output": str(tmp_path / "m.jsonl")}
    deduped = one_document(invoke("dedup", articles, "-o", tmp_path / "c.jsonl", "--format", "json"))
    assert deduped["articles"] == 6 and deduped["output"] == str(tmp_path / "c.jsonl")


def test_quiet_silences_stderr_but_not_the_result(tmp_path: Path, articles: Path, release: Path) -> None:
    runs = {
        "segment": invoke("segment", SEED_DIR, "-o", tmp_path / "s.jsonl", "-q"),
        "validate": invoke("validate", articles, "-q"),
        "publish": invoke("publish", articles, "--name", "x", "--version", "1.0.0", "--out", tmp_path / "r", "-q"),
        "verify": invoke("verify", release, "-q"),
        "build": invoke("build", CONFIG, "--out", tmp_path / "b", "-j", "1", "-q"),
        "migrate": invoke("migrate", articles, "-o", tmp_path / "m.jsonl", "-q"),
        "dedup": invoke("dedup", articles, "-o", tmp_path / "c.jsonl", "-q"),
    }
    for command, result in runs.items():
        assert result.exit_code == 0 and result.stderr == "", (command, result.stderr)
    assert runs["validate"].stdout.startswith("6 records in 1 file")
    assert runs["publish"].stdout.startswith("published: ")
    assert runs["verify"].stdout.startswith("ok: ")
    assert runs["build"].stdout.strip().endswith("lvliang-daily/1.0.0")
    loud = invoke("validate", articles, "--format", "json")
    assert "6 records in 1 file" in loud.stderr  # the summary, on stderr beside a JSON report


def test_dash_is_stdin_and_stdout(tmp_path: Path, articles: Path) -> None:
    segmented = invoke("segment", SEED_DIR, "-o", "-", "-q")
    assert segmented.exit_code == 0 and not (Path.cwd() / "-").exists()
    records = segmented.stdout.encode("utf-8")
    assert len(records.splitlines()) == 5
    checked = invoke("validate", "-", "--format", "json", stdin=records)
    assert one_document(checked)["records"] == 5
    published = invoke("publish", "-", "--name", "demo", "--version", "1.0.0", "--out", tmp_path / "rel", stdin=records)
    assert published.exit_code == 0, published.output
    inputs = [
        json.loads(line) for line in (tmp_path / "rel" / "demo" / "1.0.0" / "inputs.jsonl").read_text().splitlines()
    ]
    assert [(i["name"], i["records"]) for i in inputs] == [("-", 5)]
    piped = invoke("validate", "/dev/stdin", "--format", "json", stdin=records)  # a name of stdin, as `-`
    assert one_document(piped)["records"] == 5
    named = invoke(
        "publish", "/dev/stdin", "--name", "demo", "--version", "2.0.0", "--out", tmp_path / "rel", stdin=records
    )
    assert named.exit_code == 0, named.output
    gz = invoke("validate", "-", stdin=__import__("gzip").compress(articles.read_bytes()))
    assert gz.exit_code == 0 and gz.stdout.startswith("6 records in 1 file")
    refused = invoke("segment", SEED_DIR, "-o", "-", "--format", "json")
    assert refused.exit_code == 2 and "both write to stdout" in one_document(refused)["error"]["message"]


def test_an_empty_folder_is_a_usage_error_even_after_a_good_one(tmp_path: Path) -> None:
    pages, empty = tmp_path / "pages", tmp_path / "empty"
    shutil.copytree(SEED_DIR, pages)
    empty.mkdir()
    for args in ([empty], [pages, empty]):
        result = invoke("segment", *args, "-o", tmp_path / "a.jsonl")
        wording = f"Error: {empty}: no page files (*.txt, *.pdf, *.xml, *.hocr, *_res.json) in this folder"
        assert result.exit_code == 2 and wording in result.stderr
    assert not (tmp_path / "a.jsonl").exists()


def test_rejected_pages_end_the_segment_run_with_an_error(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    shutil.copytree(SEED_DIR, pages)
    (pages / "zz.txt").write_bytes(b"\x00\x01binary" * 40)
    result = invoke("segment", pages, "-o", tmp_path / "a.jsonl", "-q", "--format", "json")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: 1 of 2 pages could not be read (listed in {tmp_path / 'a.jsonl.rejects.jsonl'})"
    ]
    doc = one_document(result)
    assert doc["error"]["exit_code"] == 1 and doc["rejected"] == 1 and doc["articles"] > 0
