#!/usr/bin/env python
"""Benchmark `baokan browse` on generated build releases at 1x and Kx the size, beside a baseline
measured in the same run.

    scripts/bench_browse.py [--work DIR] [--size 50MB] [--scale 4] [--workers N] [--json]

For each scale s in (1, K): corpus parts 0..s-1 of `--size` each (the page generator of
scripts/bench.py, reused from WORK when present), `baokan build` of them (not timed; reused when the
release exists), then, as whole processes:

  floor   a Python process that reads every record of the release's Parquet shards
          (pyarrow, batch by batch) and writes each once as JSON: the least a site writer does
  browse  baokan browse RELEASE -o SITE -q

Reported: wall and CPU seconds, the ratio floor/browse (speed relative to the floor; higher is
better), peak memory (the larger of ru_maxrss and the process tree's peak PSS), the site's size and
file count beside the release's and the raw pages' sizes, and the memory growth from 1x to Kx.
Targets: memory growth Kx/1x <= 1.25 (bounded memory); site bytes <= 3x the raw pages (the site
holds each page's lines and each body once, plus markup).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench  # scripts/bench.py: corpus generation and process measurement

FLOOR = """
import sys, orjson, pyarrow.parquet as pq
from pathlib import Path
release, out = Path(sys.argv[1]), sys.argv[2]
n = 0
with open(out, "wb") as handle:
    for shard in sorted((release / "data").glob("*.parquet")):
        for batch in pq.ParquetFile(shard).iter_batches(batch_size=1024):
            for row in batch.to_pylist():
                handle.write(orjson.dumps(row, default=str) + b"\\n")
                n += 1
print(orjson.dumps({"records": n}).decode())
"""


def tree_bytes(root: Path, pattern: str = "*") -> tuple[int, int]:
    files = [p for p in root.rglob(pattern) if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--work", type=Path, default=Path("/tmp/bench-browse"))
    ap.add_argument("--size", default="50MB", help="raw page text per corpus part (default 50MB)")
    ap.add_argument("--scale", type=int, default=4, help="the larger release has this many parts (default 4)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="for generating and building")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--corpora", type=Path, default=bench.DEFAULT_CORPORA)
    ap.add_argument("--json", action="store_true", help="one JSON document on stdout instead of a table")
    args = ap.parse_args(argv)
    size = bench.parse_size(args.size)
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    corpora = args.corpora if args.corpora is not None and args.corpora.is_dir() else None
    if corpora is None:
        bench.log("no corpora: the generator's built-in corpus (most articles will be duplicates)")
    env = {**os.environ, "PYTHONHASHSEED": "0", "OPENBLAS_NUM_THREADS": "1"}
    baokan = [sys.executable, "-c", "from baokan.cli import main; main()"]
    runner = bench.Runner(work, env, repeat=1)
    used: set = set()
    parts = [bench.ensure_corpus(work, size, args.seed, p, corpora, used, args.workers) for p in range(args.scale)]
    results: list[dict[str, Any]] = []
    for scale in sorted({1, args.scale}):
        sources = [part.path for part in parts[:scale]]
        config = bench.write_config(work / f"browse-{scale}x.toml", sources)
        version = f"0.0.{scale}"
        release = work / "runs" / "build" / "bench" / version
        if not (release / "manifest.json").is_file():
            bench.log(f"building the {scale}x release (not timed) ...")
            subprocess.run(
                [*baokan, "build", str(config), "--version", version, "--workers", str(args.workers), "-q"],
                check=True,
                env=env,
                cwd=work,
                stdout=subprocess.DEVNULL,
            )
        site = work / f"site-{scale}x"
        floor = runner.measure(
            f"floor-{scale}x", [sys.executable, "-c", FLOOR, str(release), str(work / "floor.jsonl")]
        )
        browse = runner.measure(f"browse-{scale}x", [*baokan, "browse", str(release), "-o", str(site), "-q"])
        if browse.rc:
            return 1
        site_bytes, site_files = tree_bytes(site)
        release_bytes, _ = tree_bytes(release)
        raw_bytes = sum(part.bytes for part in parts[:scale])
        manifest = json.loads((release / "manifest.json").read_text())
        results.append(
            {
                "scale": scale,
                "pages": sum(part.pages for part in parts[:scale]),
                "records": manifest["records"],
                "raw_page_bytes": raw_bytes,
                "release_bytes": release_bytes,
                "site_bytes": site_bytes,
                "site_files": site_files,
                "site_per_raw": site_bytes / raw_bytes,
                "browse_seconds": browse.seconds,
                "browse_cpu_seconds": browse.cpu_seconds,
                "browse_peak_bytes": browse.peak_bytes,
                "floor_seconds": floor.seconds,
                "floor_peak_bytes": floor.peak_bytes,
                "ratio_floor_over_browse": floor.seconds / browse.seconds,
            }
        )
        (work / "floor.jsonl").unlink(missing_ok=True)
    growth = results[-1]["browse_peak_bytes"] / results[0]["browse_peak_bytes"] if len(results) > 1 else None
    doc = {
        "machine": bench.machine_facts(),
        "results": results,
        "memory_growth": {"value": growth, "target": "<= 1.25", "pass": growth is not None and growth <= 1.25},
        "site_per_raw": {
            "value": results[-1]["site_per_raw"],
            "target": "<= 3",
            "pass": results[-1]["site_per_raw"] <= 3,
        },
    }
    if args.json:
        print(json.dumps(doc, indent=2))
        return 0
    mib = 1024 * 1024
    print(
        "| scale | pages | records | raw pages | release | site (files) | browse s (cpu) | floor s "
        "| floor/browse | peak RSS |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in results:
        print(
            f"| {r['scale']}x | {r['pages']:,} | {r['records']:,} | {r['raw_page_bytes'] / mib:.0f} MiB "
            f"| {r['release_bytes'] / mib:.0f} MiB | {r['site_bytes'] / mib:.0f} MiB ({r['site_files']:,}) "
            f"| {r['browse_seconds']:.1f} ({r['browse_cpu_seconds']:.1f}) | {r['floor_seconds']:.1f} "
            f"| {r['ratio_floor_over_browse']:.2f} | {r['browse_peak_bytes'] / mib:.0f} MiB |"
        )
    if growth is not None:
        print(f"peak memory {args.scale}x / 1x: {growth:.2f} (target <= 1.25)")
    print(f"site bytes / raw page bytes at {results[-1]['scale']}x: {results[-1]['site_per_raw']:.2f} (target <= 3)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
