#!/usr/bin/env python
"""Ray engine overhead: pages/s of the per-page stages (read + segment) as Ray tasks of a few
batch sizes (pages per task), against the local engine (a process pool) in the same run.

    python scripts/bench_ray.py [--pages 1500] [--workers 2] [--batches 1,4,8,16,32,64] [--rounds 3] [--json]

Generated pages (`baokan.devtools.pagegen`, real articles when ../shared/corpora is there) are
written once; then, in this process, `engines.run_local` with --workers processes and
`engines.run_ray` on a local Ray with --workers CPUs run `build.process_page` over all of them,
wall time. A round times local, then Ray at every batch size, then local again, and sets each Ray
time against the faster local run of its round; the ratio reported is the median over --rounds
(the load of a shared machine moves between rounds). The local runs include starting their pool,
as a build does; Ray's start (and a first run that warms its workers up) is timed apart, once a
build. The report gives each batch size's best pages/s, its ratio to local, and the smallest
batch size at which Ray reaches --match of local (engines.DEFAULT_RAY_BATCH is chosen from it).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPORA = REPO / ".." / "shared" / "corpora"


def _write_pages(folder: Path, pages: int, corpora: Path) -> None:
    from baokan.devtools.pagegen import generate_page, load_corpus

    corpus = load_corpus(corpora)  # the built-in texts when absent
    folder.mkdir(parents=True)
    for seed in range(pages):
        text, _gold = generate_page(seed, corpus)
        (folder / f"{seed:05d}.txt").write_text(text, encoding="utf-8")


def _tasks(folder: Path) -> list[Any]:
    from baokan.build import PageTask

    return [PageTask(str(p), f"raw/{p.name}", "样例日报", None) for p in sorted(folder.glob("*.txt"))]


def _seconds(run: Callable[[], Iterator[Any]]) -> float:
    start = time.perf_counter()
    for _outcome in run():
        pass
    return time.perf_counter() - start


def measure(pages: int, workers: int, batches: list[int], rounds: int, corpora: Path) -> dict[str, Any]:
    """Per round: local, then Ray at each batch size, then local again; each Ray time is set
    against the faster local run of its round (the machine's load moves between rounds)."""
    import ray

    from baokan.build import process_page
    from baokan.engines import RaySettings, run_local, run_ray

    with tempfile.TemporaryDirectory(prefix="bk-ray-", dir="/tmp") as tmp:  # short: Ray's socket paths
        _write_pages(Path(tmp) / "raw", pages, corpora)
        tasks = _tasks(Path(tmp) / "raw")
        pool_start = _seconds(lambda: run_local(process_page, tasks[: 2 * workers], workers, 2 * workers))
        start = time.perf_counter()
        ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False, _temp_dir=f"{tmp}/ray")
        locals_: list[float] = []
        ratios: dict[int, list[float]] = {b: [] for b in batches}
        best: dict[int, float] = {b: float("inf") for b in batches}
        try:
            list(run_ray(process_page, tasks[: 4 * workers], RaySettings(batch_size=1)))  # start the workers
            ray_start = time.perf_counter() - start
            for _ in range(rounds):
                before = _seconds(lambda: run_local(process_page, tasks, workers, len(tasks)))
                times = {
                    b: _seconds(lambda b=b: run_ray(process_page, tasks, RaySettings(batch_size=b))) for b in batches
                }
                local = min(before, _seconds(lambda: run_local(process_page, tasks, workers, len(tasks))))
                locals_.append(local)
                for b, t in times.items():
                    ratios[b].append(local / t)
                    best[b] = min(best[b], t)
        finally:
            ray.shutdown()
        shutil.rmtree(Path(tmp) / "ray", ignore_errors=True)
    return {
        "pages": pages,
        "workers": workers,
        "rounds": rounds,
        "local_pages_per_s": round(pages / min(locals_), 1),
        "local_pool_start_s": round(pool_start, 2),  # in every local run, as in a build
        "ray_start_s": round(ray_start, 2),  # ray.init and warm workers: once per build, not in the ratios
        "ray": {
            str(b): {"pages_per_s": round(pages / best[b], 1), "ratio_to_local": round(statistics.median(ratios[b]), 3)}
            for b in batches
        },
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=1500, help="generated pages (default 1500)")
    ap.add_argument("--workers", type=int, default=2, help="local processes and Ray CPUs (default 2)")
    ap.add_argument("--batches", default="1,4,8,16,32,64", help="pages per Ray task to try (default 1,4,8,16,32,64)")
    ap.add_argument("--rounds", type=int, default=3, help="rounds of local + every batch size + local (default 3)")
    ap.add_argument("--match", type=float, default=0.95, help="the ratio counted as matching local (default 0.95)")
    ap.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA, help="development corpora folder")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = ap.parse_args(argv)
    batches = sorted({int(b) for b in args.batches.split(",") if b.strip()})
    if args.pages < 1 or args.workers < 1 or args.rounds < 1 or not batches or batches[0] < 1:
        ap.error("--pages, --workers, --repeat and every batch size must be >= 1")
    load_start = os.getloadavg()[0]
    report = measure(args.pages, args.workers, batches, args.rounds, args.corpora)
    # other work on the machine takes cores from both engines alike and hides Ray's own cost
    report["loadavg_start_end"] = [round(load_start, 2), round(os.getloadavg()[0], 2)]
    matching = [int(b) for b, r in report["ray"].items() if r["ratio_to_local"] >= args.match]
    report["match"] = args.match
    report["smallest_matching_batch"] = min(matching) if matching else None
    report["command"] = "python scripts/bench_ray.py " + " ".join(argv if argv is not None else sys.argv[1:])
    if args.json:
        print(json.dumps(report, indent=1))
        return 0
    print(f"{args.pages} pages, {args.workers} workers, wall time; ratios: median of {args.rounds} rounds")
    print(f"load average at the start and the end: {report['loadavg_start_end']}")
    print(f"local engine: {report['local_pages_per_s']} pages/s (starting its pool: {report['local_pool_start_s']} s)")
    print(f"starting a local Ray with warm workers: {report['ray_start_s']} s (once a build, not in the ratios)")
    print(f"{'batch':>6} {'best ray pages/s':>17} {'ray/local':>10}")
    for b, r in report["ray"].items():
        print(f"{b:>6} {r['pages_per_s']:17.1f} {r['ratio_to_local']:9.2f}x")
    print(f"smallest batch reaching {args.match:.0%} of local: {report['smallest_matching_batch']}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO / "src"))
    raise SystemExit(main())
