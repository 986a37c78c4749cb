"""scripts/bench runs end to end on a tiny corpus and reports every figure (no timing asserted)."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "scripts" / "bench"


def _positive(x: object) -> bool:
    return isinstance(x, (int, float)) and math.isfinite(x) and x > 0


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    work = tmp_path_factory.mktemp("bench")
    env = dict(os.environ, HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1")
    proc = subprocess.run(
        [
            sys.executable,
            str(BENCH),
            "--size",
            "300KB",
            "--skip-rss",
            "--json",
            "--only",
            "segment,validate,publish,dedup",
            "--dedup-articles",
            "300",
            "--work",
            str(work),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


def test_report_has_machine_facts_and_corpus(report: dict) -> None:
    assert "scripts/bench" in report["command"]
    machine = report["machine"]
    for key in ("cores", "python", "pyarrow", "loadavg_start", "loadavg_end"):
        assert machine[key], key
    corpus = report["corpus"]
    assert corpus["pages"] > 0
    assert corpus["bytes"] >= 300_000
    assert corpus["seg_jsonl_records"] > 0
    assert report["settings"]["stages"] == ["segment", "validate", "publish", "dedup"]
    assert report["failed"] == []


def test_every_run_is_measured(report: dict) -> None:
    runs = report["runs"]
    expected = {
        "segment",
        "floor_segment",
        "validate",
        "floor_orjson",
        "floor_jsonschema",
        "publish",
        "floor_pyarrow",
        "floor_datasets",
    }
    assert expected <= set(runs)
    assert not any(name.startswith(("build", "publish_")) for name in runs)  # stages not asked for
    for name in expected:
        run = runs[name]
        assert run["rc"] == 0, name
        assert _positive(run["seconds"]), name
        assert _positive(run["maxrss_kib"]), name
        assert _positive(run["peak_bytes"]), name
        assert run["command"] and run["argv"], name


def test_dedup_is_measured_against_datasketch(report: dict) -> None:
    figures = report["figures"]
    for name in ("dedup_sigs", "floor_datasketch"):
        assert figures[name]["records"] > 0, name
        assert 2000 < figures[name]["bytes_per_article"] < 4000, name  # ~3 KB articles
        assert _positive(figures[name]["articles_per_s"]), name
    assert figures["floor_datasketch"]["records"] <= figures["dedup_sigs"]["records"]
    assert _positive(report["ratios"]["dedup_vs_datasketch"])
    assert report["checks"]["dedup_articles_per_s_per_core"]["pass"] in (True, False)
    k = report["settings"]["rss_scale"]
    assert figures["dedup_1x"]["records"] == 300 and figures[f"dedup_{k}x"]["records"] == 300 * k
    assert _positive(figures["rss_dedup"]["peak_bytes_1x"]) and _positive(report["ratios"]["rss_growth_dedup"])
    assert report["checks"]["rss_growth_dedup"]["pass"] in (True, False)


def test_floors_saw_the_same_data(report: dict) -> None:
    records = report["corpus"]["seg_jsonl_records"]
    runs = report["runs"]
    assert runs["floor_segment"]["output"]["pages"] == report["corpus"]["pages"]
    for name in ("floor_orjson", "floor_jsonschema", "floor_pyarrow", "floor_datasets"):
        assert runs[name]["output"]["records"] == records, name
    assert runs["floor_jsonschema"]["output"]["errors"] == 0


def test_figures_ratios_and_checks(report: dict) -> None:
    figures, ratios, checks = report["figures"], report["ratios"], report["checks"]
    assert _positive(figures["segment"]["pages_per_s"])
    assert _positive(figures["segment"]["pages_per_s_per_core"])
    for name in ("validate", "floor_orjson", "floor_jsonschema", "publish", "floor_pyarrow", "floor_datasets"):
        assert _positive(figures[name]["records_per_s"]), name
        assert _positive(figures[name]["mb_per_s"]), name
    for key in (
        "segment_vs_floor",
        "validate_vs_orjson",
        "validate_vs_jsonschema",
        "publish_vs_pyarrow",
        "publish_vs_datasets",
    ):
        assert _positive(ratios[key]), key
    for key in ("segment_pages_per_s_per_core", "validate_vs_orjson", "publish_vs_pyarrow", "publish_vs_datasets"):
        assert checks[key]["pass"] in (True, False), key  # pass or miss, never asserted here
        assert checks[key]["target"], key


def test_corpus_is_reused_and_help_has_examples(report: dict) -> None:
    work = Path(report["settings"]["work"])
    # a second run on the same size and seed reuses the corpus
    proc = subprocess.run(
        [sys.executable, str(BENCH), "--size", "300KB", "--only", "segment", "--json", "--work", str(work)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    again = json.loads(proc.stdout)
    assert again["corpus"]["generated_now"] is False
    assert again["corpus"]["pages"] == report["corpus"]["pages"]
    help_text = subprocess.run(
        [sys.executable, str(BENCH), "--help"], capture_output=True, text=True, timeout=60
    ).stdout
    assert "Examples:" in help_text and "--size" in help_text and "FALLS BACK" in help_text


def test_bad_stage_is_a_usage_error() -> None:
    proc = subprocess.run([sys.executable, str(BENCH), "--only", "nope"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "unknown stage" in proc.stderr


def test_layout_bench_reports_every_form(tmp_path: Path) -> None:
    """scripts/bench_layout.py: every form gives both speeds and their ratio (none asserted)."""
    script = BENCH.parent / "bench_layout.py"
    proc = subprocess.run(
        [sys.executable, str(script), "--pages", "2", "--repeat", "1", "--json", "--corpora", str(tmp_path / "none")],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["articles_from"] == "the seed page's 5 articles"
    assert set(report["forms"]) == {"pdf", "alto", "hocr", "paddle"}
    for figures in report["forms"].values():
        assert all(_positive(figures[k]) for k in figures), figures


def test_bench_ray_reports_every_batch_size_against_local() -> None:
    script = BENCH.parent / "bench_ray.py"
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAY_")}
    args = [sys.executable, str(script), "--pages", "16", "--batches", "1,4", "--rounds", "1", "--json"]
    proc = subprocess.run(args, capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout)
    assert report["pages"] == 16 and report["workers"] == 2
    assert set(report["ray"]) == {"1", "4"}
    for figures in report["ray"].values():
        assert _positive(figures["pages_per_s"]) and _positive(figures["ratio_to_local"])
    assert _positive(report["local_pages_per_s"]) and _positive(report["ray_start_s"])
    assert report["smallest_matching_batch"] in (None, 1, 4)
    assert report["command"].startswith("python scripts/bench_ray.py --pages 16")


def test_build_scale_reports_cost_per_page_at_each_multiple(tmp_path: Path) -> None:
    argv = [sys.executable, str(BENCH), "--size", "100KB", "--only", "build", "--scale", "2", "--workers", "2"]
    env = dict(os.environ, HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1")
    out = tmp_path / "report.json"
    proc = subprocess.run(
        [*argv, "--work", str(tmp_path / "w"), "--json-out", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(out.read_text())
    rows = report["figures"]["build_scale"]
    assert [r["scale"] for r in rows] == [1, 2]  # 1x is always the reference
    assert rows[0]["run"] == "build_w2" and rows[1]["run"] == "build_w2_2x"
    assert rows[1]["pages"] > rows[0]["pages"] > 0
    assert (tmp_path / "w" / "bench-2x.toml").read_text().count("[[sources]]") == 2  # 1x corpus + part 1
    for r in rows:
        assert math.isclose(r["cpu_ms_per_page"], r["cpu_seconds"] * 1000 / r["pages"])
        assert _positive(r["wall_ms_per_page"]) and _positive(r["peak_bytes"])
    growth = rows[1]["cpu_ms_per_page"] / rows[0]["cpu_ms_per_page"]
    assert math.isclose(report["ratios"]["build_cost_growth"], growth)
    assert report["checks"]["build_cost_growth"]["target"] == "<= 1.15"
    assert report["checks"]["build_cost_growth"]["pass"] in (True, False)
    table = subprocess.run(
        [sys.executable, str(BENCH), "--table-from", str(out)], capture_output=True, text=True, timeout=60
    ).stdout
    assert "2x: " in table and "CPU cost per page, most at a larger multiple / 1x" in table


@pytest.mark.parametrize("scale", ["0,4", "a,b", ","])
def test_bad_scale_is_a_usage_error(scale: str) -> None:
    proc = subprocess.run([sys.executable, str(BENCH), "--scale", scale], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "--scale" in proc.stderr
