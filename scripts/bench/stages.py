"""The table of stages: each runs its commands and baselines through the `Runner` and records
figures, ratios and checks in the `Bench` it is given."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .corpus import Corpus, Key, ensure_corpus
from .measure import Run, Runner, count_lines, remove
from .report import check, ratio


@dataclass
class Bench:
    """Everything a stage needs, and what the stages found."""

    baokan: str
    bench: list[str]  # how to start this program (for the floors)
    work: Path
    runner: Runner
    corpus: Corpus
    corpora: Path | None
    size: int  # bytes of page text per corpus part
    seed: int
    used: set[Key]
    workers: int
    rss_scale: int
    scales: list[int]  # corpus multiples of the build cost-per-page runs ([1]: none)
    keep: bool
    dedup_articles: int
    gen_workers: int
    figures: dict[str, Any] = field(default_factory=dict)
    ratios: dict[str, Any] = field(default_factory=dict)
    checks: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    records: int = 0  # records in seg.jsonl
    seg_ok: bool = False
    builds: int = 0  # build runs so far: each publishes a new version

    @property
    def seg(self) -> Path:
        return self.work / "seg.jsonl"

    @property
    def runs_dir(self) -> Path:
        return self.work / "runs"

    @property
    def seg_mb(self) -> float:
        return self.seg.stat().st_size / 1e6 if self.seg_ok else 0.0

    def measure(self, name: str, argv: list[str], *, fresh: tuple[Path, ...] = (), repeat: int | None = None) -> Run:
        return self.runner.measure(name, argv, fresh=fresh, repeat=repeat)

    def record_figures(self, run: Run) -> dict[str, Any] | None:
        if run.rc:
            return None
        return {
            "records": self.records,
            "records_per_s": self.records / run.seconds,
            "mb_per_s": self.seg_mb / run.seconds,
        }

    def same_records(self, run: Run) -> None:
        got = (run.result or {}).get("records")
        if got is not None and got != self.records:
            self.notes.append(f"{run.name} saw {got} records, seg.jsonl has {self.records}")

    def done_with(self, *paths: Path) -> None:
        if not self.keep:
            for path in paths:
                remove(path)


# -- segment ----------------------------------------------------------------------------------------


def _segment_argv(b: Bench, corpus: Path, out: Path) -> list[str]:
    return [b.baokan, "segment", str(corpus), "-o", str(out), "--quiet"]


def segment(b: Bench) -> None:
    corpus, mb = b.corpus, b.corpus.bytes / 1e6
    run = b.measure("segment", _segment_argv(b, corpus.path, b.seg), fresh=(b.seg,))
    floor = b.measure("floor_segment", [*b.bench, "--_floor-segment", str(corpus.path)])
    _segmented(b, run)
    if run.ok:
        # per core = per CPU-second of the process tree: on a busy machine a one-process command
        # gets less than a core, so pages / wall would understate it
        per_core = corpus.pages / run.cpu_seconds if run.cpu_seconds > 0 else None
        b.figures["segment"] = {
            "pages": corpus.pages,
            "bytes": corpus.bytes,
            "records": b.records,
            "pages_per_s": corpus.pages / run.seconds,
            "mb_per_s": mb / run.seconds,
            "pages_per_s_per_core": per_core,
            "pages_per_s_per_core_wall": corpus.pages / max(run.seconds, run.cpu_seconds),
            "cpu_seconds": run.cpu_seconds,
        }
        b.ratios["segment_vs_floor"] = ratio(floor, run)
        b.checks["segment_pages_per_s_per_core"] = check(per_core, "segment_pages_per_s_per_core")
    if floor.ok:
        b.figures["floor_segment"] = {
            "pages_per_s": corpus.pages / floor.seconds,
            "mb_per_s": mb / floor.seconds,
            **(floor.result or {}),
        }
        if floor.result and floor.result.get("pages") != corpus.pages:
            b.notes.append(f"floor_segment read {floor.result.get('pages')} pages, the corpus has {corpus.pages}")


def prepare_segmented(b: Bench) -> None:
    """seg.jsonl for the stages that read it, when the segment stage did not run (not timed)."""
    _segmented(b, b.measure("segment_prep", _segment_argv(b, b.corpus.path, b.seg), fresh=(b.seg,), repeat=1))


def _segmented(b: Bench, run: Run) -> None:
    b.seg_ok = run.ok and b.seg.is_file()
    b.records = count_lines(b.seg) if b.seg_ok else 0


# -- validate and publish ---------------------------------------------------------------------------


def validate(b: Bench) -> None:
    if not b.seg_ok:
        return
    seg = str(b.seg)
    v = b.measure("validate", [b.baokan, "validate", seg, "--quiet"])
    fo = b.measure("floor_orjson", [*b.bench, "--_floor-orjson", seg])
    fj = b.measure("floor_jsonschema", [*b.bench, "--_floor-jsonschema", seg])
    for run in (fo, fj):
        b.same_records(run)
    for name, run in (("validate", v), ("floor_orjson", fo), ("floor_jsonschema", fj)):
        b.figures[name] = b.record_figures(run)
    if fj.result and fj.result.get("errors"):
        b.notes.append(f"the jsonschema loop found {fj.result['errors']} schema errors in seg.jsonl")
    b.ratios["validate_vs_orjson"] = ratio(fo, v)
    b.ratios["validate_vs_jsonschema"] = ratio(fj, v)
    b.checks["validate_vs_orjson"] = check(b.ratios["validate_vs_orjson"], "validate_vs_orjson")
    _validate_small(b)


SMALL_RECORDS = 5
SMALL_REPEAT = 10  # start-up times are a few tens of ms: the best of more runs


def _validate_small(b: Bench) -> None:
    """A small job's start-up: `baokan validate` of a 5-record file against the interpreter
    importing orjson, whole processes both (best of SMALL_REPEAT)."""
    small = b.runs_dir / "small.jsonl"
    small.parent.mkdir(parents=True, exist_ok=True)
    with b.seg.open("rb") as src, small.open("wb") as out:
        for _ in range(SMALL_RECORDS):
            out.write(src.readline())
    argv = [b.baokan, "validate", str(small), "--quiet"]
    b.runner.once("validate_small_warmup", argv)  # writes the bytecode a pip install would have
    v = b.measure("validate_small", argv, repeat=max(b.runner.repeat, SMALL_REPEAT))
    fo = b.measure(
        "floor_import_orjson", [sys.executable, "-c", "import orjson"], repeat=max(b.runner.repeat, SMALL_REPEAT)
    )
    b.figures["validate_small_seconds"] = v.seconds if v.ok else None
    b.figures["import_orjson_seconds"] = fo.seconds if fo.ok else None
    b.ratios["validate_small_vs_import_orjson"] = ratio(fo, v)
    b.checks["validate_small_vs_import_orjson"] = check(
        b.ratios["validate_small_vs_import_orjson"], "validate_small_vs_import_orjson"
    )


def publish_argv(b: Bench, jsonl: Path, out: Path) -> list[str]:
    return [b.baokan, "publish", str(jsonl), "--name", "bench", "--version", "1.0.0", "--out", str(out), "--quiet"]


def publish(b: Bench) -> None:
    if not b.seg_ok:
        return
    out = b.runs_dir / "publish"
    p = b.measure("publish", publish_argv(b, b.seg, out), fresh=(out,))
    pa_out, ds_out, ds_cache = (b.runs_dir / n for n in ("floor-pyarrow.parquet", "floor-datasets.parquet", "hf-cache"))
    fp = b.measure("floor_pyarrow", [*b.bench, "--_floor-pyarrow", str(b.seg), str(pa_out)], fresh=(pa_out,))
    fd = b.measure(
        "floor_datasets",
        [*b.bench, "--_floor-datasets", str(b.seg), str(ds_out), str(ds_cache)],
        fresh=(ds_out, ds_cache),
    )
    for run in (fp, fd):
        b.same_records(run)
    for name, run in (("publish", p), ("floor_pyarrow", fp), ("floor_datasets", fd)):
        b.figures[name] = b.record_figures(run)
    for key, floor in (("publish_vs_pyarrow", fp), ("publish_vs_datasets", fd)):
        b.ratios[key] = ratio(floor, p)
        b.checks[key] = check(b.ratios[key], key)
    b.done_with(out, pa_out, ds_out, ds_cache)


# -- build and memory -------------------------------------------------------------------------------


def write_config(path: Path, sources: list[Path]) -> Path:
    lines = ["# written by scripts/bench", 'name = "bench"', 'version = "0.0.1"', 'out = "runs/build"', ""]
    for src in sources:
        lines += ["[[sources]]", f"path = {json.dumps(str(src.resolve()))}", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def build_run(b: Bench, name: str, config: Path, workers: int, pages: int, nbytes: int) -> Run:
    b.builds += 1
    out = b.runs_dir / name
    argv = [b.baokan, "build", str(config), "--workers", str(workers), "--out", str(out)]
    run = b.measure(name, [*argv, "--version", f"1.0.{b.builds}", "--quiet"], fresh=(out,))
    b.done_with(out)
    if run.ok:
        b.figures[name] = {
            "pages": pages,
            "pages_per_s": pages / run.seconds,
            "mb_per_s": nbytes / 1e6 / run.seconds,
            "workers": workers,
        }
    return run


def build(b: Bench) -> None:
    config = write_config(b.work / "bench-1x.toml", [b.corpus.path])
    b1 = build_run(b, "build_w1", config, 1, b.corpus.pages, b.corpus.bytes)
    bn = build_run(b, f"build_w{b.workers}", config, b.workers, b.corpus.pages, b.corpus.bytes)
    b.ratios["build_speedup"] = ratio(b1, bn)
    if b.workers > 1:
        b.checks["build_speedup"] = check(b.ratios["build_speedup"], "build_speedup")
    else:
        b.notes.append("build speed-up not checked: --workers is 1")
    if len(b.scales) > 1:
        build_scaling(b)


def scaled_parts(b: Bench, k: int) -> list[Corpus]:
    """The 1x corpus and parts 1..k-1 (seeds SEED+1, ...), generated unless already there."""
    parts = [b.corpus]
    for part in range(1, k):
        parts.append(ensure_corpus(b.work, b.size, b.seed, part, b.corpora, b.used, b.gen_workers))
    return parts


def build_scaling(b: Bench) -> None:
    """build --workers N on each multiple in --scale of the corpus: CPU seconds and wall seconds
    per page, peak memory. Cost per page should stay flat: the largest cost per page at a larger
    multiple over the cost at 1x."""
    parts = scaled_parts(b, max(b.scales))
    rows: list[dict[str, Any]] = []
    for k in b.scales:
        used = parts[:k]
        pages, nbytes = sum(c.pages for c in used), sum(c.bytes for c in used)
        name = f"build_w{b.workers}" if k == 1 else f"build_w{b.workers}_{k}x"
        run = b.runner.runs.get(name)
        if run is None or run.rc:
            config = write_config(b.work / f"bench-{k}x.toml", [c.path for c in used])
            run = build_run(b, name, config, b.workers, pages, nbytes)
        if run.ok:
            rows.append(
                {
                    "scale": k,
                    "run": name,
                    "pages": pages,
                    "bytes": nbytes,
                    "seconds": run.seconds,
                    "cpu_seconds": run.cpu_seconds,
                    "cpu_ms_per_page": run.cpu_seconds * 1000 / pages,
                    "wall_ms_per_page": run.seconds * 1000 / pages,
                    "peak_bytes": run.peak_bytes,
                }
            )
    b.figures["build_scale"] = rows
    if len(rows) < 2 or rows[0]["scale"] != 1:
        return
    # linear cost: no larger multiple costs more per page than 1x (cheaper is fine: fixed costs spread)
    for key, figure in (("build_cost_growth", "cpu_ms_per_page"), ("build_wall_growth", "wall_ms_per_page")):
        b.ratios[key] = max(r[figure] for r in rows[1:]) / rows[0][figure]
        b.checks[key] = check(b.ratios[key], "build_cost_growth")


def _big_publish(b: Bench, parts: list[Corpus]) -> Run | None:
    """publish on the k x JSONL: 1x seg.jsonl + the other parts segmented (not timed), concatenated."""
    k = b.rss_scale
    pieces = [b.seg]
    for c in parts[1:]:
        piece = b.work / f"seg-{c.path.name}.jsonl"
        prep = b.measure(f"segment_prep_{c.path.name}", _segment_argv(b, c.path, piece), fresh=(piece,), repeat=1)
        if prep.ok:
            pieces.append(piece)
    if len(pieces) != k:
        return None
    big_seg = b.work / f"seg-{k}x.jsonl"
    with open(big_seg, "wb") as dst:
        for piece in pieces:
            with open(piece, "rb") as src:
                shutil.copyfileobj(src, dst, 1 << 20)
    if "publish" not in b.runner.runs:
        out = b.runs_dir / "publish"
        b.figures["publish"] = b.record_figures(b.measure("publish", publish_argv(b, b.seg, out), fresh=(out,)))
        remove(out)
    out = b.runs_dir / f"publish-{k}x"
    run = b.measure(f"publish_{k}x", publish_argv(b, big_seg, out), fresh=(out,))
    if run.ok:
        records = count_lines(big_seg)
        b.figures[f"publish_{k}x"] = {
            "records": records,
            "records_per_s": records / run.seconds,
            "mb_per_s": big_seg.stat().st_size / 1e6 / run.seconds,
        }
    b.done_with(out)
    return run


def _memory_growth(b: Bench, label: str, small: Run | None, big: Run | None) -> None:
    k = b.rss_scale
    if small is None or big is None or small.rc or big.rc:
        return
    b.figures[f"rss_{label}"] = {
        "peak_bytes_1x": small.peak_bytes,
        f"peak_bytes_{k}x": big.peak_bytes,
        "maxrss_kib_1x": small.maxrss_kib,
        f"maxrss_kib_{k}x": big.maxrss_kib,
        "tree_pss_peak_kib_1x": small.tree_pss_kib,
        f"tree_pss_peak_kib_{k}x": big.tree_pss_kib,
    }
    b.ratios[f"rss_growth_{label}"] = big.peak_bytes / small.peak_bytes
    b.checks[f"rss_{label}_1x"] = check(small.peak_bytes, "peak_rss_bytes")
    b.checks[f"rss_{label}_{k}x"] = check(big.peak_bytes, "peak_rss_bytes")
    b.checks[f"rss_growth_{label}"] = check(b.ratios[f"rss_growth_{label}"], "rss_growth")


def rss(b: Bench) -> None:
    k = b.rss_scale
    parts = scaled_parts(b, k)
    big_pages, big_bytes = sum(c.pages for c in parts), sum(c.bytes for c in parts)
    config = write_config(b.work / "bench-1x.toml", [b.corpus.path])
    big_config = write_config(b.work / f"bench-{k}x.toml", [c.path for c in parts])
    small_build = b.runner.runs.get(f"build_w{b.workers}")
    if small_build is None or small_build.rc:
        small_build = build_run(b, f"build_w{b.workers}", config, b.workers, b.corpus.pages, b.corpus.bytes)
    big_build = b.runner.runs.get(f"build_w{b.workers}_{k}x")  # a --scale run of the build stage
    if big_build is None or big_build.rc:
        big_build = build_run(b, f"build_w{b.workers}_{k}x", big_config, b.workers, big_pages, big_bytes)
    big_publish = _big_publish(b, parts) if b.seg_ok else None
    _memory_growth(b, "build", small_build, big_build)
    _memory_growth(b, "publish", b.runner.runs.get("publish"), big_publish)
    b.figures["rss_corpus"] = {
        "scale": k,
        "pages": big_pages,
        "bytes": big_bytes,
        "parts": [str(c.path) for c in parts],
    }


# -- dedup ------------------------------------------------------------------------------------------

DEDUP_ARTICLES = 20_000
DATASKETCH_ARTICLES = 1_000  # the plain loop does ~100 articles/s: a sample is enough for its rate


def dedup(b: Bench) -> None:
    """Signatures + LSH of baokan.dedup on ~3 KB articles cut from seg.jsonl, against datasketch's
    plain loop on the first of the same articles; both time their own work inside the process
    (imports and reading excluded), the runs' memory is measured as usual."""
    if not b.seg_ok:
        return
    seg = str(b.seg)
    ours = b.measure("dedup_sigs", [*b.bench, "--_dedup-sigs", seg, str(DEDUP_ARTICLES)])
    floor = b.measure("floor_datasketch", [*b.bench, "--_floor-datasketch", seg, str(DATASKETCH_ARTICLES)])
    rates = {}
    for name, run in (("dedup_sigs", ours), ("floor_datasketch", floor)):
        r = run.result if run.ok else None
        if not r or not r.get("records"):
            continue
        rates[name] = r["records"] / r["seconds"]
        b.figures[name] = {
            "records": r["records"],
            "bytes_per_article": r["bytes"] / r["records"],
            "articles_per_s": rates[name],
            "articles_per_s_per_core": r["records"] / r["cpu_seconds"] if r["cpu_seconds"] > 0 else None,
            "seconds": r["seconds"],
        }
    if len(rates) == 2:
        b.ratios["dedup_vs_datasketch"] = rates["dedup_sigs"] / rates["floor_datasketch"]
    per_core = (b.figures.get("dedup_sigs") or {}).get("articles_per_s_per_core")
    b.checks["dedup_articles_per_s_per_core"] = check(per_core, "dedup_articles_per_s_per_core")
    _dedup_memory(b)


def _dedup_memory(b: Bench) -> None:
    """Peak memory of `baokan dedup` on N and k x N synthetic ~3 KB articles (every tenth a near
    copy of the one before; written once, not timed): memory must not grow with the corpus."""
    k, runs = b.rss_scale, {}
    for scale in (1, k):
        n = b.dedup_articles * scale
        data = b.work / f"dedup-synthetic-{n}.jsonl"
        if not data.is_file():
            prep = b.measure(f"dedup_prep_{scale}x", [*b.bench, "--_dedup-synthetic", str(data), str(n)], repeat=1)
            if not prep.ok:
                return
        out = b.runs_dir / f"dedup-{scale}x.jsonl"
        runs[scale] = b.measure(
            f"dedup_{scale}x", [b.baokan, "dedup", str(data), "-o", str(out), "--quiet"], fresh=(out,)
        )
        b.done_with(out)
        if runs[scale].ok:
            b.figures[f"dedup_{scale}x"] = {"records": n, "records_per_s": n / runs[scale].seconds, "mb_per_s": 0.0}
            b.figures[f"dedup_{scale}x"]["mb_per_s"] = data.stat().st_size / 1e6 / runs[scale].seconds
    _memory_growth(b, "dedup", runs.get(1), runs.get(k))


# The stages in the order they run; the value says whether the stage reads seg.jsonl.
STAGES: dict[str, tuple[Callable[[Bench], None], bool]] = {
    "segment": (segment, True),
    "validate": (validate, True),
    "publish": (publish, True),
    "build": (build, False),
    "rss": (rss, True),
    "dedup": (dedup, True),
}
