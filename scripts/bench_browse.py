#!/usr/bin/env python
"""Benchmark `baokan browse` on generated build releases at 1x and Kx the size, beside a baseline
measured in the same run.

    scripts/bench_browse.py [--work DIR] [--size 50MB] [--scale 4] [--workers N] [--json]

For each scale s in (1, K): corpus parts 0..s-1 of `--size` each (the page generator of
scripts/bench.py, reused from WORK when present), `baokan build` of them (not timed; reused when the
release exists), then, as whole processes:

  floor   a Python process that reads every record of the release's Parquet shards (pyarrow, batch
          by batch) and every raw page, and writes each once (records as JSON, pages as they are):
          the least a site writer does
  browse  baokan browse RELEASE -o SITE -q

With --articles N[,M...] (e.g. 25000,100000): also releases of N distinct synthetic articles (baokan
publish) and their sites (time, peak memory, size), and the largest one's site opened from file://
in headless Chromium: seconds until the whole list is loaded, and until a search for a title and
one for a phrase found only in a body have finished (`baokan.devtools.chromium`).

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
release, out, roots = Path(sys.argv[1]), sys.argv[2], sys.argv[3:]
n = pages = 0
with open(out, "wb") as handle:
    for shard in sorted((release / "data").glob("*.parquet")):
        for batch in pq.ParquetFile(shard).iter_batches(batch_size=1024):
            for row in batch.to_pylist():
                handle.write(orjson.dumps(row, default=str) + b"\\n")
                n += 1
    for root in roots:
        for page in sorted(Path(root).rglob("*.txt")):
            handle.write(page.read_bytes())
            pages += 1
print(orjson.dumps({"records": n, "pages": pages}).decode())
"""


def tree_bytes(root: Path, pattern: str = "*") -> tuple[int, int]:
    files = [p for p in root.rglob(pattern) if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def synthetic_records(path: Path, n: int) -> None:
    """`n` distinct valid article records, 50 to a page, 10 pages a day."""
    import hashlib

    import orjson

    from baokan.records import Article, Author, Source, article_id

    with open(path, "wb") as out:
        for i in range(n):
            page, day = (i // 50) % 10 + 1, i // 500
            date = f"{2000 + day // 336:04d}-{day // 28 % 12 + 1:02d}-{day % 28 + 1:02d}"
            file = f"{date}-{page:02d}.txt"
            line = 3 + 20 * (i % 50)
            paragraphs = [
                f"第{i}篇文章的第一段记录了本地新闻{i % 97}。",
                f"第二段编号{i * 7}号。" + "内容" * (i % 300),
            ]
            article = Article(
                id=article_id("测试日报", date, str(page), file, line),
                title=f"标题{i}",
                kicker=None,
                subtitle=None,
                dateline=None,
                byline=None,
                authors=[Author(f"作者{i % 211}", "记者")],
                paragraphs=paragraphs,
                text="\n".join(paragraphs),
                captions=[],
                source=Source(
                    "测试日报", date, str(page), page, file, hashlib.sha256(file.encode()).hexdigest(), line, line + 19
                ),
                script="simplified",
                flags=["no_byline"] if i % 3 else [],
            )
            out.write(orjson.dumps(article.to_dict()) + b"\n")


def in_browser(site: Path, title_query: str, body_query: str) -> dict[str, Any]:
    import time

    from baokan.devtools.chromium import Chromium

    with Chromium(timeout=600) as browser:
        tab = browser.new_tab()
        t0 = time.perf_counter()
        tab.navigate((site / "index.html").as_uri())
        tab.wait_for("document.body.dataset.loaded === 'true'", timeout=600)
        loaded = time.perf_counter() - t0
        figures: dict[str, Any] = {"list_loaded_seconds": loaded}
        for name, query in (("title", title_query), ("body", body_query)):
            tab.evaluate("(() => { const i = document.getElementById('search'); i.value = ''; i.focus(); })()")
            t0 = time.perf_counter()
            tab.type_text("#search", query)
            tab.wait_for(f"document.body.dataset.searched === {json.dumps(query)}", timeout=600)
            figures[f"{name}_search_seconds"] = time.perf_counter() - t0 - 0.15  # less the typing debounce
            figures[f"{name}_search_matches"] = int(tab.evaluate("document.getElementById('count').dataset.matches"))
        figures["console_errors"] = list(browser.errors)
        return figures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--work", type=Path, default=Path("/tmp/bench-browse"))
    ap.add_argument("--size", default="50MB", help="raw page text per corpus part (default 50MB)")
    ap.add_argument("--scale", type=int, default=4, help="the larger release has this many parts (default 4)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="for generating and building")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--corpora", type=Path, default=bench.DEFAULT_CORPORA)
    ap.add_argument(
        "--articles",
        type=lambda text: sorted(int(n) for n in text.split(",") if n.strip()),
        default=[],
        help="also synthetic releases of N[,M...] articles; the largest one's site in Chromium",
    )
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
            f"floor-{scale}x",
            [sys.executable, "-c", FLOOR, str(release), str(work / "floor.jsonl"), *map(str, sources)],
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
    synthetic: list[dict[str, Any]] = []
    for count in args.articles:
        jsonl = work / f"synthetic-{count}.jsonl"
        release = work / "runs" / "synthetic" / "synthetic" / f"0.0.{count}"
        if not (release / "manifest.json").is_file():
            bench.log(f"publishing {count} synthetic articles (not timed) ...")
            synthetic_records(jsonl, count)
            subprocess.run(
                [*baokan, "publish", str(jsonl), "--name", "synthetic", "--version", f"0.0.{count}",
                 "--out", str(work / "runs" / "synthetic"), "-q"],
                check=True, env=env, stdout=subprocess.DEVNULL,
            )  # fmt: skip
            jsonl.unlink()
        site = work / f"site-synthetic-{count}"
        browse = runner.measure(f"browse-synthetic-{count}", [*baokan, "browse", str(release), "-o", str(site), "-q"])
        if browse.rc:
            return 1
        site_bytes, site_files = tree_bytes(site)
        entry: dict[str, Any] = {
            "articles": count,
            "site_bytes": site_bytes,
            "site_files": site_files,
            "index_html_bytes": (site / "index.html").stat().st_size,
            "browse_seconds": browse.seconds,
            "browse_peak_bytes": browse.peak_bytes,
        }
        if count == max(args.articles):
            entry.update(in_browser(site, f"标题{count - 1}", f"编号{(count - 1) * 7}号"))
        synthetic.append(entry)
    growth = results[-1]["browse_peak_bytes"] / results[0]["browse_peak_bytes"] if len(results) > 1 else None
    doc = {
        "machine": bench.machine_facts(),
        "results": results,
        "memory_growth": {"value": growth, "target": "<= 1.25", "pass": growth is not None and growth <= 1.25},
        "synthetic": synthetic,
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
    for big in synthetic:
        line = (
            f"{big['articles']:,} synthetic articles: site {big['site_bytes'] / mib:.0f} MiB in {big['site_files']:,} "
            f"files (index.html {big['index_html_bytes'] / 1024:.0f} KiB), browse {big['browse_seconds']:.1f} s, "
            f"peak {big['browse_peak_bytes'] / mib:.0f} MiB"
        )
        if "list_loaded_seconds" in big:
            line += (
                f"; in Chromium: list loaded in {big['list_loaded_seconds']:.1f} s, a title found in "
                f"{big['title_search_seconds']:.1f} s ({big['title_search_matches']} match), a body phrase in "
                f"{big['body_search_seconds']:.1f} s ({big['body_search_matches']} match), console errors: "
                f"{len(big['console_errors'])}"
            )
        print(line)
    if len(synthetic) > 1:
        print(
            f"peak memory {synthetic[-1]['articles']:,} / {synthetic[0]['articles']:,} synthetic articles: "
            f"{synthetic[-1]['browse_peak_bytes'] / synthetic[0]['browse_peak_bytes']:.2f}"
        )
    print(f"site bytes / raw page bytes at {results[-1]['scale']}x: {results[-1]['site_per_raw']:.2f} (target <= 3)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
