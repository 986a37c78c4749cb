"""`baokan segment` through click's CliRunner."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from baokan.cli.group import _register, cli
from baokan.errors import UsageError

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "raw" / "lvliang-daily" / "000_1102c3be27cc357c.txt"

_register()


def run(*args: str):
    return CliRunner().invoke(cli, ["segment", *args], catch_exceptions=False)


@pytest.fixture()
def pages(tmp_path: Path) -> Path:
    d = tmp_path / "pages"
    (d / "sub").mkdir(parents=True)
    shutil.copy(SEED, d / "a.txt")
    shutil.copy(SEED.with_suffix(".meta.json"), d / "a.meta.json")
    (d / "sub" / "b.txt").write_text(
        "烟花三月下扬州\n\n本报讯 （记者 王芳） 三月的扬州，游人如织，春意正浓，处处都是\n\n好风景。\n",
        encoding="utf-8",
    )
    (d / "notes.md").write_text("not a page", encoding="utf-8")
    return d


def test_segment_directory(pages: Path, tmp_path: Path):
    out = tmp_path / "out.jsonl"
    report = tmp_path / "report.json"
    res = run(str(pages), "-o", str(out), "--report", str(report))
    assert res.exit_code == 0, res.output
    recs = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    assert len(recs) == 6
    assert recs[0]["source"]["file"] == "a.txt" and recs[0]["source"]["publication"] == "吕梁日报"
    assert recs[-1]["title"] == "烟花三月下扬州" and recs[-1]["authors"] == [{"name": "王芳", "role": "记者"}]
    rep = json.loads(report.read_text("utf-8"))
    assert rep["pages"] == 2 and rep["articles"] == 6 and rep["rejected"] == 0
    first = rep["page_reports"][0]
    assert first["file"].endswith("a.txt") and len(first["sha256"]) == 64 and first["encoding"] == "utf-8"
    assert first["fragments"] == [
        {"text": "□ 本报记者 刘少伟", "lines": [1, 1], "reason": "orphan_byline", "kind": "orphan_byline"}
    ]
    assert "6 articles" in res.stderr and "2 pages in, 6 articles out, 0 pages rejected" in res.stderr


def test_output_is_deterministic(pages: Path, tmp_path: Path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert run(str(pages), "-o", str(a), "-q").exit_code == 0
    assert run(str(pages), "-o", str(b), "-q").exit_code == 0
    assert a.read_bytes() == b.read_bytes()


def test_options_override_metadata(tmp_path: Path):
    out = tmp_path / "o.jsonl"
    res = run(str(SEED), "-o", str(out), "--publication", "某报", "--date", "2023-04-11", "--page", "3", "-q")
    assert res.exit_code == 0
    rec = json.loads(out.read_text("utf-8").splitlines()[0])
    assert rec["source"]["publication"] == "某报"
    assert rec["source"]["date"] == "2023-04-11" and rec["source"]["page"] == "3"
    assert rec["source"]["page_number"] == 3
    assert res.stderr == ""


def test_unreadable_page_is_reported_and_others_go_on(pages: Path, tmp_path: Path):
    (pages / "bad.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    out = tmp_path / "out.jsonl"
    report = tmp_path / "r.json"
    res = run(str(pages), "-o", str(out), "--report", str(report))
    assert res.exit_code == 1
    assert "bad.txt" in res.stderr
    assert "1 pages rejected" in res.stderr
    assert len(out.read_text("utf-8").splitlines()) == 6
    rep = json.loads(report.read_text("utf-8"))
    bad = next(p for p in rep["page_reports"] if p["file"].endswith("bad.txt"))
    assert bad["errors"] and bad["articles"] == 0


def test_usage_errors(tmp_path: Path):
    assert run(str(tmp_path / "missing.txt"), "-o", str(tmp_path / "o.jsonl")).exit_code == 2
    assert run(str(SEED)).exit_code == 2  # -o is required
    assert run(str(SEED), "-o", str(tmp_path / "o.jsonl"), "--date", "2023-13-45").exit_code == 2
    other = tmp_path / "other.txt"
    other.write_text("正文第一段。\n", encoding="utf-8")
    res = run(str(SEED), str(other), "-o", str(tmp_path / "o.jsonl"), "--page", "2")
    assert res.exit_code == 2
    assert not (tmp_path / "o.jsonl").exists()


def test_empty_page(tmp_path: Path):
    p = tmp_path / "empty.txt"
    p.write_text("\n\n   \n", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    res = run(str(p), "-o", str(out), "-q")
    assert res.exit_code == 0
    assert out.read_bytes() == b""


def test_help_has_examples():
    res = run("--help")
    assert res.exit_code == 0
    assert "Examples:" in res.output and "--report" in res.output


def test_workers_do_not_change_the_output(tmp_path: Path) -> None:
    from baokan.devtools.pagegen import generate_page

    pages = tmp_path / "pages"
    pages.mkdir()
    for seed in range(12):
        (pages / f"{seed:02d}.txt").write_text(generate_page(seed)[0], encoding="utf-8")
    outputs = []
    for workers in ("1", "2"):
        out = tmp_path / f"w{workers}.jsonl"
        result = CliRunner().invoke(cli, ["segment", str(pages), "-o", str(out), "-j", workers, "--quiet"])
        assert result.exit_code == 0, result.output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] and outputs[0].count(b"\n") >= 12


def test_the_same_page_in_two_folders_gets_ids_of_its_own(tmp_path: Path) -> None:
    """Ids name the page file by its path below the folder given (`a/p.txt`, `b/p.txt`), as build
    names a source's pages: two copies of one page are two pages, and segmenting the folder
    gives the ids build gives."""
    for folder in ("a", "b"):
        (tmp_path / "raw" / folder).mkdir(parents=True)
        shutil.copy(SEED, tmp_path / "raw" / folder / "p.txt")
    out = tmp_path / "out.jsonl"
    assert run(str(tmp_path / "raw"), "-o", str(out), "-q").exit_code == 0
    ids = [json.loads(line)["id"] for line in out.read_text("utf-8").splitlines()]
    assert len(ids) == 10 and len(set(ids)) == 10
    alone = tmp_path / "alone.jsonl"
    assert run(str(tmp_path / "raw" / "a" / "p.txt"), "-o", str(alone), "-q").exit_code == 0
    assert not {json.loads(line)["id"] for line in alone.read_text("utf-8").splitlines()} & set(ids)


def test_a_page_whose_file_name_is_not_utf8_is_segmented_under_an_escaped_name(tmp_path: Path) -> None:
    """A GBK file name from a Windows zip (`bad\\xff\\xfename.txt`): its articles were lost
    (5 of 10, exit 0) and `--report` died with an internal TypeError (issue 11, item 3). The page
    is segmented; its name is written with the bytes that are not UTF-8 as \\xNN."""
    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(SEED, pages / "good.txt")
    shutil.copy(SEED, os.path.join(os.fsencode(pages), b"bad\xff\xfename.txt"))
    out, report = tmp_path / "out.jsonl", tmp_path / "report.json"
    res = run(str(pages), "-o", str(out), "--report", str(report))
    assert res.exit_code == 0, res.output
    files = [json.loads(line)["source"]["file"] for line in out.read_text("utf-8").splitlines()]
    assert files.count("bad\\xff\\xfename.txt") == 5 and files.count("good.txt") == 5
    reported = [p["file"] for p in json.loads(report.read_text("utf-8"))["page_reports"]]
    assert any(f.endswith("bad\\xff\\xfename.txt") for f in reported)


def test_an_output_that_is_a_page_by_another_name_is_refused(pages: Path, tmp_path: Path) -> None:
    """A symlink or a hard link to a page names the page: writing there would destroy the input."""
    before = (pages / "sub" / "b.txt").read_bytes()
    (tmp_path / "soft.jsonl").symlink_to(pages / "sub" / "b.txt")
    os.link(pages / "sub" / "b.txt", tmp_path / "hard.jsonl")
    for name, option in (("soft.jsonl", "-o"), ("hard.jsonl", "-o"), ("hard.jsonl", "--report")):
        args = ["-o", str(tmp_path / "out.jsonl")] if option == "--report" else []
        res = CliRunner().invoke(cli, ["segment", str(pages), *args, option, str(tmp_path / name)])
        assert res.exit_code == 2, res.output
        assert "is one of the pages to segment; refusing to overwrite it" in res.output
        assert (pages / "sub" / "b.txt").read_bytes() == before
    assert not (tmp_path / "out.jsonl").exists()


def test_a_page_gone_before_the_output_check_is_left_to_the_reader(tmp_path: Path) -> None:
    """A page removed after it was listed is rejected with its reason when it is read; the check
    that no output is a page does not stop the run on it."""
    from baokan.cli.segment import _check_distinct

    out = tmp_path / "out.jsonl"
    out.write_text("", encoding="utf-8")
    page = tmp_path / "kept.txt"
    page.write_text("一\n", encoding="utf-8")
    _check_distinct([tmp_path / "gone.txt", page], out, None, tmp_path / "rejects.jsonl")
    with pytest.raises(UsageError, match="is one of the pages"):
        _check_distinct([tmp_path / "gone.txt", page], page, None, tmp_path / "rejects.jsonl")
