"""`baokan validate` through click's CliRunner: exit codes, output formats, input kinds."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import baokan.cli.validate  # noqa: F401  (registers the command)
from baokan.cli.group import cli
from baokan.schema import arrow_schema, json_arrow_schema
from records_factory import make_record, make_records


def jsonl_bytes(records: list) -> bytes:
    return b"".join(orjson.dumps(r) + b"\n" for r in records)


def run(*args: str | Path):
    return CliRunner().invoke(cli, ["validate", *map(str, args)])


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.jsonl"
    path.write_bytes(jsonl_bytes([make_record(i) for i in range(10, 13)]))
    return path


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    path = tmp_path / "bad.jsonl"
    broken = make_record(2)
    broken["authors"][0]["role"] = "编辑"
    path.write_bytes(jsonl_bytes([make_record(1), broken]) + b"{oops\n" + jsonl_bytes([make_record(1)]))
    return path


def test_valid_exit_0(good: Path) -> None:
    result = run(good)
    assert result.exit_code == 0, result.output
    assert result.stdout == "3 records in 1 file: 0 invalid records, 0 errors\n"


def test_invalid_exit_1_text_report(bad: Path) -> None:
    result = run(bad)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{bad}:2: $.authors[0].role: ")
    assert lines[1].startswith(f"{bad}:3: $: not valid JSON")
    assert lines[2] == f"{bad}:4: $.id: duplicate id '0123456789abcdef-00001', first seen at {bad}:1"
    assert lines[-1] == "4 records in 1 file: 3 invalid records, 3 errors"


def test_json_format(bad: Path, good: Path) -> None:
    result = run("--format", "json", good, bad)
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["valid"] is False
    assert doc["records"] == 7 and doc["invalid_records"] == 3 and doc["files"] == 2
    assert [(e["line"], e["path"], e["kind"]) for e in doc["errors"]] == [
        (2, "$.authors[0].role", "schema"),
        (3, "$", "parse"),
        (4, "$.id", "duplicate"),
    ]
    for e in doc["errors"]:
        assert set(e) == {"file", "line", "path", "message", "kind"} and e["file"] == str(bad)
    assert "7 records in 2 files" in result.stderr  # the summary, for humans, on stderr


def test_json_format_valid_and_quiet(good: Path) -> None:
    result = run("--format", "json", "--quiet", good)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["valid"] is True
    assert result.stderr == ""


def test_max_errors(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    path.write_bytes(jsonl_bytes([make_record(i, title="") for i in range(20)]))
    result = run("--format", "json", "--max-errors", "5", path)
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert len(doc["errors"]) == 5 and doc["error_count"] == 20 and doc["truncated"] is True
    text = run("--max-errors", "5", path).stdout.splitlines()
    assert len(text) == 5 + 2 and "15 more errors" in text[5] and "(first 5 shown)" in text[6]


def test_gzip_input(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(gzip.compress(jsonl_bytes([make_record(i) for i in range(4)])))
    result = run(path)
    assert result.exit_code == 0 and "4 records in 1 file" in result.stdout


def test_truncated_gzip_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    data = gzip.compress(jsonl_bytes([make_record(i) for i in range(3000)]))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) * 2 // 3])
    result = run("--format", "json", path)
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    doc = json.loads(result.stdout)
    [error] = doc["errors"]
    assert error["kind"] == "io" and error["file"] == str(path) and "after line" in error["message"]
    assert 0 < doc["records"] < 3000 and doc["invalid_records"] == 0 and doc["valid"] is False


def _write_parquet(path: Path, records: list[dict]) -> Path:
    pq.write_table(pa.Table.from_pylist(records, schema=json_arrow_schema()).cast(arrow_schema()), path)
    return path


def test_parquet_input(tmp_path: Path) -> None:
    records = [make_record(i) for i in range(5)]
    records[3]["source"]["line_end"] = 1  # semantic error, still schema-valid Arrow
    path = _write_parquet(tmp_path / "a.parquet", records)
    result = run(path)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].startswith(f"{path}:4: $.source.line_end: line_end 1 is before")


def test_release_folder(tmp_path: Path) -> None:
    release = tmp_path / "lvliang" / "1.0.0"
    (release / "data").mkdir(parents=True)
    _write_parquet(release / "data" / "train-00000.parquet", [make_record(1)])
    _write_parquet(release / "data" / "train-00001.parquet", [make_record(2), make_record(1)])
    result = run("--format", "json", release)  # shards without a manifest: read as they are
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["files"] == 2 and doc["records"] == 3
    [dup] = doc["errors"]
    assert dup["kind"] == "duplicate" and dup["file"].endswith("train-00001.parquet") and dup["line"] == 2
    assert "train-00000.parquet:1" in dup["message"]
    (release / "manifest.json").write_text("{}")  # a manifest that does not hold: a release that fails verify
    refused = run(release)
    assert refused.exit_code == 1 and "the release fails verify" in refused.stderr


def test_foreign_parquet(tmp_path: Path, good: Path) -> None:
    path = tmp_path / "foreign.parquet"
    pq.write_table(pa.table({"id": ["a"], "headline": ["b"]}), path)
    result = run("--format", "json", path, good)
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    [error] = doc["errors"]
    assert error["file"] == str(path) and error["kind"] == "io"
    assert "missing columns: title" in error["message"] and "extra columns: headline" in error["message"]
    assert doc["records"] == 3  # the good file was still checked


@pytest.mark.parametrize("kind", ["missing", "plain_dir", "unknown_type"])
def test_usage_errors_exit_2_and_name_the_path(tmp_path: Path, good: Path, kind: str) -> None:
    target = {
        "missing": tmp_path / "nope.jsonl",
        "plain_dir": tmp_path,
        "unknown_type": tmp_path / "a.csv",
    }[kind]
    if kind == "unknown_type":
        target.write_text("a,b\n")
    result = run(good, target)
    assert result.exit_code == 2
    assert str(target) in result.stderr
    assert result.stdout == ""


def test_no_paths_is_a_usage_error() -> None:
    assert run().exit_code == 2


def test_bad_option_values_exit_2(good: Path) -> None:
    assert run("--format", "xml", good).exit_code == 2
    assert run("--max-errors", "-1", good).exit_code == 2


def test_help() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout and "--max-errors" in result.stdout and "Exit codes" in result.stdout


def test_bom_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + jsonl_bytes([make_record(1)]) + b"\n" + jsonl_bytes([make_record(2)]))
    result = run(path)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == f"{path}:2: $: blank line (every line must hold one JSON record)"
    assert "3 records in 1 file: 1 invalid record, 1 error" in result.stdout


def test_progress_bar_when_stderr_is_a_terminal(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # CliRunner's stderr is never a TTY; force the bar on to run the code a terminal user gets.
    from baokan.cli.common import Output

    monkeypatch.setattr(Output, "shows_progress", property(lambda self: not self.quiet))
    path = tmp_path / "many.jsonl"
    path.write_bytes(jsonl_bytes([make_record(i) for i in range(2500)]))
    result = run("--format", "json", path)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["records"] == 2500
    assert "2500" in result.stderr  # tqdm's count (and the summary) on stderr, not stdout
    quiet = run("--format", "json", "--quiet", path)
    assert quiet.exit_code == 0 and quiet.stderr == ""


def test_max_record_size_sets_the_record_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`baokan --max-record-size SIZE` lowers (or raises) the 64 MiB record limit: a record past it
    is named by file and line, the records before it are still checked."""
    from baokan.recordio import MAX_RECORD_ENV

    # the option hands the limit on through the environment: registered here, so it is undone
    monkeypatch.setenv(MAX_RECORD_ENV, "64MiB")
    path = tmp_path / "in.jsonl"
    small, big = make_record(10), make_record(11, paragraphs=["长" * 2000], text="长" * 2000)
    path.write_bytes(jsonl_bytes([small, big]))
    result = CliRunner().invoke(cli, ["--max-record-size", "4KB", "validate", str(path)])
    assert result.exit_code == 1
    assert f"{path}:2: record longer than the record size limit of 4000 bytes" in result.stdout
    assert "2 records in" not in result.stdout and "1 record in 1 file" in result.stdout
    monkeypatch.setenv(MAX_RECORD_ENV, "1MiB")
    assert CliRunner().invoke(cli, ["validate", str(path)]).exit_code == 0
    bad = CliRunner().invoke(cli, ["--max-record-size", "lots", "validate", str(path)])
    assert bad.exit_code == 2 and "invalid size 'lots'" in bad.output


def _peak_rss_mib(*args: str) -> tuple[int, str]:
    """Run `baokan ARGS` in a child process: (peak RSS in MiB, stdout)."""
    import subprocess
    import sys

    code = (
        "import resource, subprocess, sys; "
        "p = subprocess.run(sys.argv[1:], capture_output=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024); "
        "sys.stdout.write(p.stdout.decode()[-300:])"
    )
    cli_main = [sys.executable, "-c", "from baokan.cli import main; main()"]
    out = subprocess.run([sys.executable, "-c", code, *cli_main, *args], capture_output=True, text=True, check=True)
    peak, _, tail = out.stdout.partition("\n")
    return int(peak), tail


def test_validate_memory_does_not_grow_with_the_errors(tmp_path: Path) -> None:
    """Errors stream to the reporter (issue 11, item 6): 300,000 blank lines (300,000 errors) take
    about the memory of 30,000; keeping them took ~150 MiB more (7.4 GB for 16 M)."""
    small, big = tmp_path / "small.jsonl.gz", tmp_path / "big.jsonl.gz"
    small.write_bytes(gzip.compress(b"\n" * 30_000))
    big.write_bytes(gzip.compress(b"\n" * 300_000))
    base, _ = _peak_rss_mib("validate", str(small))
    peak, tail = _peak_rss_mib("validate", str(big))
    assert "300000 records in 1 file: 300000 invalid records, 300000 errors" in tail
    assert peak - base < 40, (base, peak)
    peak_json, tail_json = _peak_rss_mib("validate", "--format", "json", str(big))
    assert tail_json.endswith('"error_count":300000,"truncated":false,"max_errors":null}\n')
    assert peak_json - base < 40, (base, peak_json)


def test_json_report_is_one_document_with_every_error(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(jsonl_bytes([make_record(10)]) + b"\n{broken\n" + jsonl_bytes([make_record(10)]))
    result = run(str(path), "--format", "json")
    doc = json.loads(result.stdout)
    assert result.exit_code == 1 and doc["valid"] is False and doc["error_count"] == 3
    assert [(e["line"], e["kind"]) for e in doc["errors"]] == [(2, "parse"), (3, "parse"), (4, "duplicate")]
    listed = run(str(path), "--max-errors", "1")
    assert listed.stdout.splitlines()[1:] == [
        "... 2 more errors not listed",
        "4 records in 1 file: 3 invalid records, 3 errors (first 1 shown)",
    ]


def test_validating_a_jsonl_file_starts_light(tmp_path: Path) -> None:
    """A small job pays for what it uses: checking JSON Lines loads no Arrow and starts no pool
    (start-up time dominates `baokan validate` of one small file; scripts/bench measures it)."""
    import subprocess
    import sys

    articles = tmp_path / "a.jsonl"
    articles.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in make_records(5)))
    script = (
        "import sys\nfrom baokan.cli import main\n"
        f"sys.argv = ['baokan', 'validate', {str(articles)!r}, '-q']\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    code = exit.code\n"
        "heavy = sorted(m for m in ('pyarrow', 'multiprocessing', 'datasets', 'numpy') if m in sys.modules)\n"
        "print(code, heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "0 []", done.stderr
