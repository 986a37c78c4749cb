"""The committed 吕梁日报 release is what the main job builds from data/raw/."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow
import pytest

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


PDF_RELEASE = REPO / "data" / "releases" / "lvliang-daily-pdf" / "1.0.0"


@pytest.mark.parametrize(
    ("config_name", "committed"), [("lvliang-daily.toml", COMMITTED), ("lvliang-daily-pdf.toml", PDF_RELEASE)]
)
def test_the_bundled_configs_rebuild_the_committed_releases(tmp_path: Path, config_name: str, committed: Path) -> None:
    config = load_config(REPO / "data" / config_name).with_overrides(out=tmp_path)
    fresh = build(config, workers=1).release
    assert fresh is not None
    assert records(fresh.path) == records(committed)
    manifest = json.loads((committed / "manifest.json").read_text(encoding="utf-8"))
    if manifest["tool"]["pyarrow"] == pyarrow.__version__:
        # the same tool versions must give the same bytes, file for file
        names = sorted(p.relative_to(committed).as_posix() for p in committed.rglob("*") if p.is_file())
        assert names == sorted(p.relative_to(fresh.path).as_posix() for p in fresh.path.rglob("*") if p.is_file())
        for name in names:
            assert (fresh.path / name).read_bytes() == (committed / name).read_bytes(), name


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
