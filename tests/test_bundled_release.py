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
