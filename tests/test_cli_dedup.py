"""`baokan dedup`: cluster lines for every article, the summary, and bad input told by file,
line and field."""

from __future__ import annotations

import json
import random
from pathlib import Path

import orjson
from click.testing import CliRunner, Result

from baokan.cli.group import _register, cli
from records_factory import make_records

_register()
_RNG = random.Random(1)
BODY = "".join(_RNG.choice("国家发展改革委今日发布通知要求各地做好夏粮收购工作确保农民增收") for _ in range(900))


def invoke(*args: object, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], input=stdin, catch_exceptions=False)


def records_with_copies() -> list[dict]:
    records = make_records(5)
    for k, r in enumerate(records):
        r["paragraphs"] = [f"{r['paragraphs'][0]}{BODY[k * 150 : k * 150 + 150]}"]
        r["text"] = r["paragraphs"][0]
    original = dict(records[0])
    # a reprint of records[0] a day later: end trimmed, a word changed, different spacing
    reprint = original["text"][:-10].replace("，", "， ")
    records[1]["paragraphs"] = [reprint[:80] + "变" + reprint[81:]]
    records[1]["text"] = records[1]["paragraphs"][0]
    records[1]["source"] = {**records[1]["source"], "date": "2023-04-12"}
    records[2]["paragraphs"] = [original["text"]]  # an exact copy, same date
    records[2]["text"] = original["text"]
    return records


def write(path: Path, records: list[dict]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    return path


def test_every_article_gets_a_cluster_line_in_input_order(tmp_path: Path) -> None:
    records = records_with_copies()
    articles = write(tmp_path / "a.jsonl", records)
    result = invoke("dedup", articles, "-o", tmp_path / "clusters.jsonl")
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in (tmp_path / "clusters.jsonl").read_text().splitlines()]
    assert [x["id"] for x in lines] == [r["id"] for r in records]
    assert all(set(x) == {"id", "cluster", "similarity", "kept"} for x in lines)
    ids = [r["id"] for r in records]
    rep = min(ids[0], ids[2])  # same date and length: the smaller id represents the cluster
    assert {x["id"]: x["cluster"] for x in lines} == {
        ids[0]: rep,
        ids[1]: rep,
        ids[2]: rep,
        ids[3]: ids[3],
        ids[4]: ids[4],
    }
    assert [x["kept"] for x in lines] == [x["id"] == x["cluster"] for x in lines]
    assert "5 articles in 1 files: 1 clusters of near duplicates, 2 duplicates" in result.stderr


def test_keep_and_threshold_options(tmp_path: Path) -> None:
    records = records_with_copies()
    articles = write(tmp_path / "a.jsonl", records)
    out = invoke("dedup", articles, "-o", "-", "--keep", "first-id", "--threshold", "1.0", "-q")
    assert out.exit_code == 0 and out.stderr == ""
    lines = [json.loads(x) for x in out.stdout.splitlines()]
    clusters = {x["id"]: x["cluster"] for x in lines}
    ids = [r["id"] for r in records]
    assert clusters[ids[2]] == clusters[ids[0]] == min(ids[0], ids[2])  # exact copies still join at 1.0
    assert clusters[ids[1]] == ids[1]  # the changed reprint does not


def test_a_record_without_text_is_named_by_file_line_and_field(tmp_path: Path) -> None:
    records = make_records(3)
    del records[1]["text"]
    articles = write(tmp_path / "a.jsonl", records)
    result = invoke("dedup", articles, "-o", tmp_path / "c.jsonl")
    assert result.exit_code == 1
    assert f"Error: {articles}:2: field text: missing" in result.stderr
    assert not (tmp_path / "c.jsonl").exists()


def test_a_repeated_id_is_bad_data(tmp_path: Path) -> None:
    records = make_records(2)
    articles = write(tmp_path / "a.jsonl", [*records, records[0]])
    result = invoke("dedup", articles, "-o", tmp_path / "c.jsonl", "--format", "json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert "occurs more than once" in doc["error"]["message"]


def test_bad_threshold_is_a_usage_error(tmp_path: Path) -> None:
    articles = write(tmp_path / "a.jsonl", make_records(2))
    result = invoke("dedup", articles, "-o", tmp_path / "c.jsonl", "--threshold", "0")
    assert result.exit_code == 2 and "--threshold" in result.stderr


def test_reads_stdin_and_release_folders(tmp_path: Path) -> None:
    records = records_with_copies()
    data = b"".join(orjson.dumps(r) + b"\n" for r in records)
    piped = invoke("dedup", "-", "-o", tmp_path / "c.jsonl", "--format", "json", stdin=data)
    assert json.loads(piped.stdout)["articles"] == 5
    published = invoke(
        "publish", write(tmp_path / "a.jsonl", records), "--name", "d", "--version", "1.0.0", "--out", tmp_path / "r"
    )
    assert published.exit_code == 0, published.output
    result = invoke("dedup", tmp_path / "r" / "d" / "1.0.0", "-o", tmp_path / "c2.jsonl", "--format", "json")
    assert json.loads(result.stdout)["duplicates"] == 2
