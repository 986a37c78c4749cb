"""The committed 吕梁日报 release is what the main job builds from data/raw/."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow

from baokan.build import build
from baokan.config import load_config
from baokan.release import verify_release

REPO = Path(__file__).resolve().parent.parent
COMMITTED = REPO / "data" / "releases" / "lvliang-daily" / "1.0.0"
GOLD = json.loads((REPO / "tests" / "fixtures" / "seed_gold.json").read_text(encoding="utf-8"))


def records(release: Path) -> list[dict]:
    out = []
    for path in sorted((release / "jsonl").glob("*.jsonl.gz")):
        with gzip.open(path) as handle:
            out.extend(json.loads(line) for line in handle.read().splitlines())
    return out


def test_committed_release_verifies() -> None:
    result = verify_release(COMMITTED)
    assert result.ok, [(p.file, p.message) for p in result.problems]
    assert result.records == len(GOLD["articles"])


def test_committed_release_holds_the_gold_segmentation() -> None:
    rows = sorted(records(COMMITTED), key=lambda r: r["source"]["line_start"])
    assert [r["title"] for r in rows] == [a["title"] for a in GOLD["articles"]]
    assert [r["paragraphs"] for r in rows] == [a["paragraphs"] for a in GOLD["articles"]]
    assert all(r["source"]["publication"] == "吕梁日报" for r in rows)


def test_main_job_rebuilds_the_committed_release(tmp_path: Path) -> None:
    config = load_config(REPO / "data" / "lvliang-daily.toml").with_overrides(out=tmp_path)
    fresh = build(config, workers=1).release
    assert fresh is not None
    assert records(fresh.path) == records(COMMITTED)
    manifest = json.loads((COMMITTED / "manifest.json").read_text(encoding="utf-8"))
    if manifest["tool"]["pyarrow"] == pyarrow.__version__:
        # the same tool versions must give the same bytes, file for file
        names = sorted(p.relative_to(COMMITTED).as_posix() for p in COMMITTED.rglob("*") if p.is_file())
        assert names == sorted(p.relative_to(fresh.path).as_posix() for p in fresh.path.rglob("*") if p.is_file())
        for name in names:
            assert (fresh.path / name).read_bytes() == (COMMITTED / name).read_bytes(), name


PDF_RELEASE = REPO / "data" / "releases" / "lvliang-daily-pdf" / "1.0.0"
PDF_GOLD = json.loads((REPO / "tests" / "fixtures" / "layout" / "01.pdf.gold.json").read_text(encoding="utf-8"))


def test_committed_pdf_release_verifies_and_holds_the_page_as_printed() -> None:
    result = verify_release(PDF_RELEASE)
    assert result.ok, [(p.file, p.message) for p in result.problems]
    rows = records(PDF_RELEASE)
    assert sorted(r["title"] or "" for r in rows) == sorted(a["title"] or "" for a in PDF_GOLD["articles"])
    want = {a["paragraphs"][0]: a["paragraphs"] for a in PDF_GOLD["articles"]}
    assert {r["paragraphs"][0]: r["paragraphs"] for r in rows} == want
    for row in rows:
        assert row["source"]["file"] == "01.pdf" and row["source"]["page_index"] == 0
        assert row["source"]["region_unit"] == "pt" and row["regions"]


def test_pdf_release_rebuilds_the_committed_one(tmp_path: Path) -> None:
    config = load_config(REPO / "data" / "lvliang-daily-pdf.toml").with_overrides(out=tmp_path)
    fresh = build(config, workers=1).release
    assert fresh is not None
    assert records(fresh.path) == records(PDF_RELEASE)
    manifest = json.loads((PDF_RELEASE / "manifest.json").read_text(encoding="utf-8"))
    if manifest["tool"]["pyarrow"] == pyarrow.__version__:
        for path in sorted(p for p in PDF_RELEASE.rglob("*") if p.is_file()):
            assert (fresh.path / path.relative_to(PDF_RELEASE)).read_bytes() == path.read_bytes(), path
