"""`baokan stats` and `browse.stats.release_stats`: the numbers the browser plots."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

import baokan.cli.publish  # registers the commands
import baokan.cli.stats  # noqa: F401
from baokan.browse.stats import LENGTH_EDGES, length_bin, length_labels, release_stats
from baokan.cli.group import cli
from baokan.recordio import iter_records
from records_factory import make_records

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "data" / "releases" / "lvliang-daily" / "1.0.0"


def invoke(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_bundled_release_numbers_match_its_records() -> None:
    records = [r.data for r in iter_records(BUNDLED)]
    stats = release_stats(BUNDLED)
    assert stats.articles == len(records) == 5
    assert stats.characters == sum(len(r["text"]) for r in records)
    assert stats.pages == 1  # inputs.jsonl lists one page
    assert stats.fragments == 1 and dict(stats.fragments_by_kind) == {"orphan_byline": 1}
    assert stats.fragments_per_page == [0, 1] + [0] * 9
    assert dict(stats.flags) == dict(Counter(f for r in records for f in r["flags"]))
    assert stats.flagged == sum(bool(r["flags"]) for r in records)
    assert dict(stats.per_publication) == {"吕梁日报": 5}
    assert stats.undated == 5 and not stats.per_date
    expected_lengths = [0] * len(LENGTH_EDGES)
    for r in records:
        expected_lengths[length_bin(len(r["text"]))] += 1
    assert stats.lengths == expected_lengths


def test_length_bins_are_half_open() -> None:
    assert [length_bin(n) for n in (0, 249, 250, 4999, 5000, 10**6)] == [0, 0, 1, 7, 8, 8]
    assert length_labels()[0] == "0-249" and length_labels()[-1] == "5000+"


def test_published_release_counts_distinct_pages_and_dates(tmp_path: Path) -> None:
    rows = make_records(30) + make_records(7, date="2023-05-02", publication="另一日报")
    articles = tmp_path / "a.jsonl"
    articles.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    result = invoke(
        "publish",
        articles,
        "--name",
        "demo",
        "--version",
        "1.0.0",
        "--out",
        tmp_path / "out",
        "--split",
        "train=0.5",
        "--split",
        "test=0.5",
        "-q",
    )
    assert result.exit_code == 0, result.output
    stats = release_stats(tmp_path / "out" / "demo" / "1.0.0")
    pages = {
        (r["source"]["sha256"], r["source"]["file"], r["source"]["publication"], r["source"]["date"]) for r in rows
    }
    assert stats.articles == 37
    assert stats.pages == len(pages)  # pages found in the id-ordered merge of both splits
    assert dict(stats.per_date) == {"2023-04-11": 30, "2023-05-02": 7}
    assert stats.publication_series() == [("测试日报", 30), ("另一日报", 7)]
    # a release made by publish does not list its raw pages: no fragment numbers to show
    assert stats.fragments is None and stats.fragment_series() is None
    text = invoke("stats", tmp_path / "out" / "demo" / "1.0.0")
    assert text.exit_code == 0 and "does not list its raw pages" in text.stdout


def test_many_dates_are_plotted_by_month() -> None:
    from baokan.browse.stats import ReleaseStats

    stats = ReleaseStats("x", "1.0.0")
    for day in range(1, 29):
        for month in range(1, 13):
            for year in (2021, 2022):
                stats.per_date[f"{year}-{month:02d}-{day:02d}"] += 1
    unit, series = stats.date_series()
    assert unit == "month" and len(series) == 24 and series[0] == ("2021-01", 28)
    assert sum(v for _, v in series) == sum(stats.per_date.values())


def test_cli_json_is_the_stats_document() -> None:
    result = invoke("stats", BUNDLED, "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc == json.loads(json.dumps(release_stats(BUNDLED).to_dict()))
    assert doc["articles"] == 5 and doc["flags"]["title_after_body"] == 4
    assert result.stderr == ""


def test_cli_text_report() -> None:
    result = invoke("stats", BUNDLED, "-q")
    assert result.exit_code == 0
    assert "articles            5" in result.stdout
    assert "title_after_body        4" in result.stdout
    assert "orphan_byline  1" in result.stdout


def test_cli_help_has_examples() -> None:
    result = invoke("stats", "--help")
    assert result.exit_code == 0 and "Examples:" in result.output


def test_not_a_release_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke("stats", tmp_path)
    assert result.exit_code == 2
    assert "not a release folder" in result.stderr


def test_broken_fragments_file_names_file_line_and_field(tmp_path: Path) -> None:
    release = tmp_path / "r"
    shutil.copytree(BUNDLED, release)
    (release / "fragments.jsonl").write_bytes(
        b'{"file": "lvliang-daily/000_1102c3be27cc357c.txt", "line_start": "one"}\n'
    )
    result = invoke("stats", release)
    assert result.exit_code == 1
    assert f"{release / 'fragments.jsonl'}:1: $.line_start: expected int" in result.stderr


def test_fragments_of_an_unlisted_page_are_an_error(tmp_path: Path) -> None:
    release = tmp_path / "r"
    shutil.copytree(BUNDLED, release)
    line = {"file": "elsewhere/p.txt", "text": "x", "line_start": 1, "line_end": 1, "kind": "other", "reason": "x"}
    with open(release / "fragments.jsonl", "ab") as handle:
        handle.write(orjson.dumps(line) + b"\n")
    with pytest.raises(Exception, match=r"fragments.jsonl:2: \$.file: page 'elsewhere/p.txt' is not listed"):
        release_stats(release)
