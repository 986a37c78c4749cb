"""`baokan browse` / `browse.site.build_site`: what the static site holds, byte for byte the same
for the same release, raw page lines found (or the reason they are not), bounded sorts."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

import baokan.cli.browse  # registers the commands
import baokan.cli.publish
import baokan.cli.stats  # noqa: F401
from baokan.browse.site import SiteOptions, build_site, page_href
from baokan.build import build
from baokan.cli.group import cli
from baokan.config import load_config
from baokan.errors import UsageError
from baokan.recordio import iter_records
from records_factory import make_records
from release_helpers import tree_digest

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "data" / "releases" / "lvliang-daily" / "1.0.0"
RAW = REPO / "data" / "raw" / "lvliang-daily"
SEED = RAW / "000_1102c3be27cc357c.txt"

_LINE = re.compile(r'<p id="L(\d+)"(?: class="([^"]*)")?>')
_DATA = re.compile(r'<script id="(?:page|site)-data" type="application/json">(.*?)</script>', re.S)
_CHUNK = re.compile(rb'^baokan\.chunk\("(\w+)",(\d+),(.*)\);\n$', re.S)


def invoke(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def lines_of(html: str) -> dict[int, set[str]]:
    """Line number → its CSS classes."""
    return {int(no): set(classes.split()) for no, classes in _LINE.findall(html)}


def embedded(html: str) -> dict:
    match = _DATA.search(html)
    assert match, "no embedded JSON"
    return json.loads(match.group(1))


def chunk(path: Path) -> tuple[str, int, object]:
    match = _CHUNK.match(path.read_bytes())
    assert match, f"{path} is not a data chunk"
    return match.group(1).decode(), int(match.group(2)), orjson.loads(match.group(3))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    result = invoke("browse", BUNDLED, "-o", out, "-q")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{out}\n" and result.stderr == ""
    return out


def test_site_files(site: Path) -> None:
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert files == [
        "assets/list.js",
        "assets/page.js",
        "assets/style.css",
        "data/bodies-00000.js",
        "data/list-00000.js",
        "index.html",
        "pages/0000/000000.html",
    ]
    # nothing is fetched from anywhere: no http(s) URL in what the browser loads
    for path in site.rglob("*"):
        if path.is_file():
            assert not re.search(r"(src|href)=\"https?:", path.read_text(encoding="utf-8")), path


def test_index_lists_every_article_in_page_order(site: Path) -> None:
    records = sorted((r.data for r in iter_records(BUNDLED)), key=lambda r: r["source"]["line_start"])
    data = embedded((site / "index.html").read_text(encoding="utf-8"))
    assert data["articles"] == 5 and data["pages"] == 1 and data["list_chunks"] == 1 and data["body_shards"] == 1
    kind, number, rows = chunk(site / "data" / "list-00000.js")
    assert (kind, number) == ("list", 0)
    assert [row[0] for row in rows] == [r["id"] for r in records]
    for row, record in zip(rows, records, strict=True):
        assert row[1] == (record["title"] or "")
        assert row[2] == "、".join(a["name"] for a in record["authors"])
        assert row[3] == record["source"]["publication"]
        assert row[6] == record["flags"]
        assert row[7:] == [0, record["source"]["line_start"], record["source"]["line_end"]]
    _, _, bodies = chunk(site / "data" / "bodies-00000.js")
    assert {b[0]: b[5] for b in bodies} == {r["id"]: r["text"] for r in records}


def test_plots_show_the_numbers_stats_prints(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    stats = json.loads(invoke("stats", BUNDLED, "--format", "json").stdout)
    plotted = {}
    for match in re.finditer(r'<svg class="plot" id="plot-([\w-]+)"(.*?)</svg>', html, re.S):
        bars = re.findall(r'<rect class="bar"[^>]*data-label="([^"]*)" data-value="(\d+)"', match.group(2))
        plotted[match.group(1)] = {label: int(value) for label, value in bars}
    assert plotted == {
        "dates": stats["date_plot"],
        "publications": stats["articles_per_publication"],
        "lengths": stats["body_length_histogram"],
        "flags": stats["flags"],
        "fragments": stats["fragments_per_page_histogram"],
        "fragment-kinds": stats["fragments_by_kind"],
    }
    assert "no dated articles (5 undated)" in html  # the bundled page has no date: said, not hidden


def test_page_view_marks_each_article_range_and_the_fragments(site: Path) -> None:
    html = (site / page_href(0)).read_text(encoding="utf-8")
    raw_lines = SEED.read_text(encoding="utf-8").split("\n")
    lines = lines_of(html)
    assert sorted(lines) == list(range(1, len(raw_lines) + 1))
    records = sorted((r.data for r in iter_records(BUNDLED)), key=lambda r: r["source"]["line_start"])
    data = embedded(html)
    assert data["articles"] == [[r["id"], r["source"]["line_start"], r["source"]["line_end"]] for r in records]
    for index, record in enumerate(records):
        for no in range(record["source"]["line_start"], record["source"]["line_end"] + 1):
            assert {"a", f"c{index}"} <= lines[no], (no, lines[no])
    outside = set(lines) - {n for r in records for n in range(r["source"]["line_start"], r["source"]["line_end"] + 1)}
    assert outside and all("a" not in lines[no] for no in outside)
    # the orphan byline on line 1 is a fragment, in no article
    assert lines[1] == {"f", "f-orphan_byline"}
    assert "□ 本报记者 刘少伟" in html
    # every line's text is there, escaped
    assert "吕梁市政府办公室口举办学习贯彻党的二十大精神知识竞答" in html
    assert html.count('class="art-item"') == 5
    assert 'class="notice"' not in html


def test_same_release_same_bytes(tmp_path: Path, site: Path) -> None:
    again = build_site(BUNDLED, tmp_path / "again")
    assert again.articles == 5 and again.pages == 1 and again.pages_without_text == 0
    assert tree_digest(tmp_path / "again") == tree_digest(site)


def test_rebuild_replaces_an_old_site_and_nothing_else(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(BUNDLED, out)
    (out / "stale.txt").write_text("from an older site")
    build_site(BUNDLED, out)
    assert not (out / "stale.txt").exists()
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep me")
    result = invoke("browse", BUNDLED, "-o", other)
    assert result.exit_code == 2 and "not replacing it" in result.stderr
    assert (other / "notes.txt").read_text() == "keep me"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".baokan-browse")] == []


def test_not_a_release_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke("browse", tmp_path, "-o", tmp_path / "site")
    assert result.exit_code == 2 and "not a release folder" in result.stderr
    with pytest.raises(UsageError):
        build_site(tmp_path / "missing", tmp_path / "site")


def test_moved_release_finds_its_pages_with_pages_option(tmp_path: Path) -> None:
    moved = tmp_path / "elsewhere" / "1.0.0"
    shutil.copytree(BUNDLED, moved)
    result = invoke("browse", moved, "-o", tmp_path / "blind")
    assert result.exit_code == 0
    # the build's page folder cannot be found from here: said on stderr and on the page
    assert "warning: 1 of 1 page views show no raw text" in result.stderr
    assert "lvliang-daily/000_1102c3be27cc357c.txt not found" in result.stderr
    html = (tmp_path / "blind" / page_href(0)).read_text(encoding="utf-8")
    assert 'class="notice"' in html and "--pages DIR" in html
    assert str(tmp_path) not in html  # local paths stay out of the site (they are on stderr)
    assert html.count('class="art-item"') == 5  # the articles and their ranges are still listed
    assert lines_of(html) == {}
    for pages in (RAW, RAW.parent):  # the source folder itself, or the folder holding it
        result = invoke("browse", moved, "-o", tmp_path / "seen", "--pages", pages, "-q")
        assert result.exit_code == 0 and result.stderr == ""
        assert len(lines_of((tmp_path / "seen" / page_href(0)).read_text(encoding="utf-8"))) > 500


def test_a_page_changed_since_the_build_is_not_shown(tmp_path: Path) -> None:
    pages = tmp_path / "lvliang-daily"
    pages.mkdir()
    (pages / SEED.name).write_text("\n" + SEED.read_text(encoding="utf-8"), encoding="utf-8")  # one line down
    moved = tmp_path / "r" / "1.0.0"
    shutil.copytree(BUNDLED, moved)
    result = build_site(moved, tmp_path / "site", SiteOptions(page_dirs=[pages]))
    assert result.pages_without_text == 1
    assert "has changed since the build" in result.problems[0] and str(pages) in result.problems[0]
    html = (tmp_path / "site" / page_href(0)).read_text(encoding="utf-8")
    assert "has changed since the build" in html and lines_of(html) == {} and str(tmp_path) not in html


def _published(tmp_path: Path, rows: list[dict]) -> Path:
    articles = tmp_path / "a.jsonl"
    articles.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    result = invoke(
        "publish", articles, "--name", "demo", "--version", "1.0.0", "--out", tmp_path / "out",
        "--split", "train=0.5", "--split", "test=0.5", "-q",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return tmp_path / "out" / "demo" / "1.0.0"


def test_published_release_pages_group_records_and_shards_hold_whole_pages(tmp_path: Path) -> None:
    rows = make_records(40) + make_records(12, date="2023-05-02", publication="另一日报")
    release = _published(tmp_path, rows)
    out = tmp_path / "site"
    result = build_site(release, out, SiteOptions(list_chunk_rows=7, body_shard_bytes=1))
    pages = {(r["source"]["publication"], r["source"]["date"], r["source"]["file"]) for r in rows}
    assert result.articles == 52 and result.pages == len(pages)
    assert result.pages_without_text == result.pages  # publish releases do not name a page folder
    listed = [row for path in sorted((out / "data").glob("list-*.js")) for row in chunk(path)[2]]
    assert len(list((out / "data").glob("list-*.js"))) == 8  # ceil(52 / 7)
    assert sorted(row[0] for row in listed) == sorted(r["id"] for r in rows)
    # page order: publication, date, page number, file; the list follows it
    seen = [(row[3], row[4]) for row in listed]
    assert seen == sorted(seen)
    shard_of = {}
    for path in (out / "data").glob("bodies-*.js"):
        _, number, bodies = chunk(path)
        shard_of.update({b[0]: number for b in bodies})
    for number in range(result.pages):
        data = embedded((out / page_href(number)).read_text(encoding="utf-8"))
        ids = [a[0] for a in data["articles"]]
        assert ids and {shard_of[i] for i in ids} == {data["shard"]}  # one page, one shard
        page_rows = [row for row in listed if row[7] == number]
        assert [row[0] for row in page_rows] == ids
        assert len({(row[3], row[4]) for row in page_rows}) == 1


def _generated_release(folder: Path, pages: int) -> Path:
    from baokan.devtools.pagegen import fallback_articles, write_pages

    raw = folder / "raw"
    write_pages(raw, pages, seed=3, articles_source=fallback_articles())
    config = folder / "gen.toml"
    # the fallback corpus has five articles, printed again and again: exact duplicates only are
    # dropped, so that the release keeps the many near copies the sorts below need
    config.write_text(
        'name = "gen"\nversion = "1.0.0"\nout = "releases"\n[dedup]\nmode = "exact"\n[[sources]]\npath = "raw"\n',
        encoding="utf-8",
    )
    summary = build(load_config(config), workers=1)
    assert summary.release is not None
    return summary.release.path


def test_generated_build_release_sorts_on_disk_to_the_same_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from baokan.release.spool import SortedSpool

    release = _generated_release(tmp_path, 60)
    runs: list[str] = []
    flush = SortedSpool.flush

    def counted(self: SortedSpool) -> None:
        if self._buffer:
            runs.append(self.name)
        flush(self)

    monkeypatch.setattr(SortedSpool, "flush", counted)
    small = build_site(release, tmp_path / "small", SiteOptions(sort_run_bytes=4096, body_shard_bytes=20_000))
    assert runs.count("records") > 10 and runs.count("by-page") > 10  # the sorts really ran on disk
    build_site(release, tmp_path / "big", SiteOptions(body_shard_bytes=20_000))
    assert tree_digest(tmp_path / "small") == tree_digest(tmp_path / "big")
    assert small.pages == 60 and small.pages_without_text == 0
    records = [r.data for r in iter_records(release)]
    assert small.articles == len(records)
    # every record's lines are marked on the view of the page it came from
    listed = [row for path in sorted((tmp_path / "small" / "data").glob("list-*.js")) for row in chunk(path)[2]]
    by_id = {r["id"]: r for r in records}
    for row in listed[::7]:
        record = by_id[row[0]]
        html = (tmp_path / "small" / page_href(row[7])).read_text(encoding="utf-8")
        assert "raw page <code>raw/" in html
        lines = lines_of(html)
        for no in (record["source"]["line_start"], record["source"]["line_end"]):
            assert "a" in lines[no]
        assert record["source"]["file"] in html


def test_cli_help_and_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke("browse", "--help")
    assert result.exit_code == 0 and "Examples:" in result.output and "--pages DIR" in result.output
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url: opened.append(url) or True)
    result = invoke("browse", BUNDLED, "-o", tmp_path / "site", "--open", "-q")
    assert result.exit_code == 0
    assert opened == [(tmp_path / "site" / "index.html").resolve().as_uri()]
    result = invoke("browse", BUNDLED, "-o", tmp_path / "site")
    assert result.exit_code == 0 and "site: 5 articles, 1 pages, 7 files" in result.stderr


PDF_RELEASE = REPO / "data" / "releases" / "lvliang-daily-pdf" / "1.0.0"
_REGION = re.compile(r'<rect class="r c(\d+)" data-idx="(\d+)" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)"')


def test_layout_page_view_shows_the_reading_order_text_and_draws_each_article_over_the_page(
    tmp_path: Path,
) -> None:
    """A PDF page is shown as the segmenter numbered it (its lines in reading order), and each
    article's regions are drawn over the page's line boxes in the article's colour."""
    records = list(iter_records(str(PDF_RELEASE)))
    out = tmp_path / "site"
    build_site(PDF_RELEASE, out)
    html = (out / page_href(0)).read_text(encoding="utf-8")
    data = embedded(html)
    texts = {int(no): text for no, text in re.findall(r'<p id="L(\d+)"[^>]*>(?:<b[^>]*>\d+</b>)?([^<]*)', html)}
    by_id = {r.data["id"]: r.data for r in records}
    for article_id, start, end in data["articles"]:
        record = by_id[article_id]
        shown = "".join(texts[no] for no in range(start, end + 1))
        first = record["paragraphs"][0][:6]
        assert first in shown.replace(" ", ""), (record["title"], first)
        if record["title"]:
            assert record["title"].replace(" ", "")[:4] in shown.replace(" ", "")
    regions = _REGION.findall(html)
    assert len(regions) == sum(len(r.data["regions"]) for r in records) > 0
    for _, idx, x, y, _ in regions:
        record = by_id[data["articles"][int(idx)][0]]
        assert any(abs(b["x0"] - float(x)) < 0.1 and abs(b["y0"] - float(y)) < 0.1 for b in record["regions"])
    assert html.count('<rect class="ln"') > 100 and 'viewBox="0 0 842.0 1191.0"' in html
