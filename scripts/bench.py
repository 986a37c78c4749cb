#!/usr/bin/env python
"""Benchmark baokan end to end against plain-library baselines measured in the same run.

Every measurement is a whole process (start-up and imports included), run on the same files, one
after the other:

  segment   baokan segment CORPUS -o seg.jsonl --quiet
            vs. floor: a Python process that reads, UTF-8-decodes and splits the lines of the same pages
  validate  baokan validate seg.jsonl --quiet
            vs. (a) orjson parsing the JSONL line by line, (b) a jsonschema Draft 2020-12
            iter_errors loop (schema from baokan.schema.article_schema(), format checker on)
  publish   baokan publish seg.jsonl --name bench --version 1.0.0 --out OUT --quiet
            vs. (a) pyarrow.json.read_json + pyarrow.parquet.write_table (zstd),
                (b) datasets.load_dataset("json") + Dataset.to_parquet (offline, fresh cache dir)
  build     baokan build CONFIG --workers 1 and --workers N (N = cores), fresh --out/--version each run
  rss       peak memory of build (--workers N) and publish at 1x and at --rss-scale x the corpus

Targets (ratios are speeds on the same input, i.e. baseline seconds / command seconds):
  validate / orjson-only >= 0.6; publish / pyarrow >= 0.4; publish / datasets > 1;
  segment >= 200 pages/s per core; build workers-N / workers-1 >= 1.7; peak memory <= 1 GB (10^9 B);
  peak memory growth at 4x / 1x <= 1.25.  A miss is reported, it does not change the exit status
  (exit 0: every command ran; 1: a command failed; 2: usage error).

Corpus: synthetic raw pages from baokan.devtools.pagegen, used as is (the paths and texts
`pagegen.write_pages` would write for the same seed; the gold files are not written), generated in
parallel (not timed) into WORK/corpus-SIZE-sSEED-pK/ until the .txt bytes reach --size. A corpus
folder with a complete manifest for the same size, seed, source corpora and generator source is
reused. The --rss-scale x corpus is the 1x corpus plus pages generated with seeds SEED+1, SEED+2, ...
(pages get distinct publication/date/page keys across parts, so article ids stay unique).
Source articles come from --corpora (default ../shared/corpora next to the repository). When
that folder or its files are absent the bench FALLS BACK to the generator's small built-in corpus
(5 articles, so nearly every article is a duplicate) and says so on stderr and in the JSON.

Memory: Linux reports ru_maxrss in KiB. Each run records (1) ru_maxrss from os.wait4 on the
child: the largest single process among the child and its reaped descendants (a max, not a sum),
and (2) the peak of the sum of PSS (proportional set size, /proc/PID/smaps_rollup) over the
child's whole process tree, sampled every 50 ms. Memory targets use the larger of the two, so a
worker pool is counted as a whole; short spikes between samples are covered only by (1).

Timing: wall time of the whole process; with --repeat K the best (fastest) of K runs is kept, while
memory figures are the largest over the K runs. Other load on the machine makes figures noisy: the
load average before and after is printed.

Examples:
  scripts/bench.py                                  # 300MB, every stage, table on stdout
  scripts/bench.py --size 20MB --skip-rss           # quick look
  scripts/bench.py --size 30MB --repeat 3 --json > bench.json
  scripts/bench.py --size 1MB --only segment,validate,publish --json
  scripts/bench.py --work /tmp/bb --only build --size 100MB   # reuses /tmp/bb's 100MB corpus
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPORA = REPO / ".." / "shared" / "corpora"
STAGES = ("segment", "validate", "publish", "build", "rss")
ONE_GB = 10**9
SAMPLE_INTERVAL = 0.05
CORPUS_FORMAT = 1

TARGETS = {
    "validate_vs_orjson": (">=", 0.6),
    "publish_vs_pyarrow": (">=", 0.4),
    "publish_vs_datasets": (">", 1.0),
    "segment_pages_per_s_per_core": (">=", 200.0),
    "build_speedup": (">=", 1.7),
    "peak_rss_bytes": ("<=", ONE_GB),
    "rss_growth": ("<=", 1.25),
}


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


# ============================================================================== hidden floor modes
# `bench.py --_floor-NAME ARGS...`: the baselines, each run as its own process. Each prints one JSON
# line with what it processed, so the bench can check it saw the same data as the command.


def _floor_segment(corpus: str) -> dict[str, Any]:
    pages = nbytes = lines = 0
    for path in sorted(Path(corpus).rglob("*.txt")):
        data = path.read_bytes()
        text = data.decode("utf-8")
        lines += len(text.splitlines())
        pages += 1
        nbytes += len(data)
    return {"pages": pages, "bytes": nbytes, "lines": lines}


def _floor_orjson(jsonl: str) -> dict[str, Any]:
    import orjson

    records = 0
    with open(jsonl, "rb") as handle:
        for line in handle:
            if line.strip():
                orjson.loads(line)
                records += 1
    return {"records": records}


def _floor_jsonschema(jsonl: str) -> dict[str, Any]:
    import orjson
    from jsonschema import Draft202012Validator

    from baokan.schema import article_schema

    validator = Draft202012Validator(article_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)
    records = errors = 0
    with open(jsonl, "rb") as handle:
        for line in handle:
            if line.strip():
                for _ in validator.iter_errors(orjson.loads(line)):
                    errors += 1
                records += 1
    return {"records": records, "errors": errors}


def _floor_pyarrow(jsonl: str, out: str) -> dict[str, Any]:
    import pyarrow.json as pj
    import pyarrow.parquet as pq

    table = pj.read_json(jsonl)
    pq.write_table(table, out, compression="zstd")
    return {"records": table.num_rows}


def _floor_datasets(jsonl: str, out: str, cache: str) -> dict[str, Any]:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    from datasets import disable_progress_bars, load_dataset

    disable_progress_bars()
    ds = load_dataset("json", data_files=jsonl, cache_dir=cache, split="train")
    ds.to_parquet(out)
    return {"records": ds.num_rows}


FLOORS = {
    "--_floor-segment": _floor_segment,
    "--_floor-orjson": _floor_orjson,
    "--_floor-jsonschema": _floor_jsonschema,
    "--_floor-pyarrow": _floor_pyarrow,
    "--_floor-datasets": _floor_datasets,
}


# ============================================================================== sizes and facts


def parse_size(text: str) -> int:
    units = {"": 1, "B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "KIB": 2**10, "MIB": 2**20, "GIB": 2**30}
    s = text.strip().upper().replace(" ", "")
    num = s.rstrip("KMGIB")
    unit = s[len(num) :]
    if unit not in units:
        raise argparse.ArgumentTypeError(f"bad size {text!r}: use e.g. 300MB, 20MB, 1.5GB, 512KiB")
    try:
        value = float(num)
    except ValueError:
        raise argparse.ArgumentTypeError(f"bad size {text!r}: use e.g. 300MB, 20MB, 1.5GB, 512KiB") from None
    n = int(value * units[unit])
    if n < 10_000:
        raise argparse.ArgumentTypeError(f"size {text!r} too small (at least 10KB)")
    return n


def size_label(n: int) -> str:
    for unit, f in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if n % f == 0:
            return f"{n // f}{unit}"
    return f"{n}B"


def _version(dist: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def machine_facts() -> dict[str, Any]:
    cpu_model = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_total = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_total = int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        commit = (
            subprocess.run(
                ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=10
            ).stdout.strip()
            or None
        )
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no", "--", "src"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
        if commit and dirty:
            commit += "+uncommitted-changes-in-src"
    except (OSError, subprocess.SubprocessError):
        commit = None
    return {
        "cores": os.cpu_count(),
        "cores_available": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu_model": cpu_model,
        "memory_bytes": mem_total,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "python_executable": sys.executable,
        "baokan": _version("baokan"),
        "git_commit": commit,
        "pyarrow": _version("pyarrow"),
        "orjson": _version("orjson"),
        "jsonschema": _version("jsonschema"),
        "datasets": _version("datasets"),
        "loadavg_start": list(os.getloadavg()),
    }


# ============================================================================== corpus generation

_GEN: dict[str, Any] = {}


def _gen_init(corpora: str | None, root: str) -> None:
    from baokan.devtools.pagegen import load_corpus

    _GEN["articles"] = load_corpus(corpora)
    _GEN["root"] = Path(root)


def _gen_chunk(chunk: list[tuple[int, int, str, str]]) -> list[int]:
    """(page seed, index, relative path, publication) → write the page; its size in bytes."""
    from baokan.devtools.pagegen import generate_page

    sizes = []
    for page_seed, _index, rel, pub in chunk:
        path = _GEN["root"] / rel
        raw, _gold = generate_page(page_seed, _GEN["articles"], publication=pub, source=path.name)
        data = raw.encode("utf-8")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        sizes.append(len(data))
    return sizes


def _plan(seed: int, used: set[tuple[str, str, int]]) -> Iterator[tuple[int, int, str, str]]:
    """The pages `pagegen.write_pages(out, n, seed)` writes, in order, skipping (publication, date,
    page) keys in `used` (earlier parts of a scaled corpus), which it extends."""
    from baokan.devtools.pagegen import page_plan

    i = 0
    while True:
        pub, date, page_no = page_plan(seed, i)
        while (pub, date, page_no) in used:
            page_no += 1
        used.add((pub, date, page_no))
        yield seed * 100_003 + i, i, f"{pub}/{date}/{page_no:02d}.txt", pub
        i += 1


def _generator_fingerprint(corpora: Path | None) -> dict[str, Any]:
    import hashlib

    import baokan.devtools.pagegen as pg

    fp: dict[str, Any] = {
        "format": CORPUS_FORMAT,
        "pagegen_sha256": hashlib.sha256(Path(pg.__file__).read_bytes()).hexdigest(),
        "corpora": None,
    }
    if corpora is not None:
        fp["corpora"] = {
            name: (corpora / name).stat().st_size
            for name in ("pku_2001_sample.txt", "sogou_news_sample.xml")
            if (corpora / name).is_file()
        }
    return fp


@dataclass
class Corpus:
    path: Path
    pages: int
    bytes: int
    generated: bool
    seconds: float
    keys: list[tuple[str, str, int]]


def ensure_corpus(work: Path, size: int, seed: int, part: int, corpora: Path | None, used: set, workers: int) -> Corpus:
    """Part `part` of the corpus (seed + part), generating it unless a complete one is there."""
    part_seed = seed + part
    root = work / f"corpus-{size_label(size)}-s{seed}-p{part}"
    manifest = root / "corpus.json"
    key = {"size": size, "seed": seed, "part": part, **_generator_fingerprint(corpora)}
    if manifest.is_file():
        try:
            info = json.loads(manifest.read_text())
        except ValueError:
            info = {}
        if info.get("key") == key:
            keys = [tuple(k) for k in info["keys"]]
            used.update(keys)
            log(f"reusing corpus {root} ({info['pages']} pages, {info['bytes'] / 1e6:.1f} MB)")
            return Corpus(root, info["pages"], info["bytes"], False, 0.0, keys)  # type: ignore[arg-type]
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    log(f"generating corpus part {part} ({size_label(size)}, seed {part_seed}) into {root} ...")
    t0 = time.perf_counter()
    plan = _plan(part_seed, used)
    dispatched: list[tuple[int, int, str, str]] = []
    chunk_size = 48

    def chunks() -> Iterator[list[tuple[int, int, str, str]]]:
        while True:
            chunk = [next(plan) for _ in range(chunk_size)]
            dispatched.extend(chunk)
            yield chunk

    total = 0
    pages = 0
    corpora_arg = str(corpora) if corpora is not None else None
    pool = None
    if workers <= 1 or size < 4 * 10**6:
        _gen_init(corpora_arg, str(root))
        results: Iterator[list[int]] = map(_gen_chunk, chunks())
    else:
        import multiprocessing
        from collections import deque

        pool = multiprocessing.get_context("fork").Pool(
            workers, initializer=_gen_init, initargs=(corpora_arg, str(root))
        )

        def bounded() -> Iterator[list[int]]:
            # Pool.imap would drain the endless chunk iterator: keep a few chunks in flight instead
            pending: deque = deque()
            source = chunks()
            while True:
                while len(pending) < 4 * workers:
                    pending.append(pool.apply_async(_gen_chunk, (next(source),)))
                yield pending.popleft().get()

        results = bounded()
    try:
        for sizes in results:
            for s in sizes:
                total += s
                pages += 1
                if total >= size:
                    break
            if total >= size:
                break
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
    # pages beyond the one that reached the size may have been written by busy workers: remove them
    for _seed, index, rel, _pub in dispatched:
        if index >= pages:
            (root / rel).unlink(missing_ok=True)
    for dirpath, dirnames, filenames in os.walk(root, topdown=False):
        if not dirnames and not filenames and Path(dirpath) != root:
            with contextlib.suppress(OSError):
                os.rmdir(dirpath)
    kept = sorted(dispatched[:pages], key=lambda t: t[1])
    keys = []
    for _seed, _index, rel, pub in kept:
        _pub, date, name = rel.split("/")
        keys.append((pub, date, int(name[:-4])))
    # the used set got keys for dispatched-but-dropped pages too: keep only the kept ones
    for _seed, _index, rel, pub in dispatched[pages:]:
        _pub, date, name = rel.split("/")
        used.discard((pub, date, int(name[:-4])))
    seconds = time.perf_counter() - t0
    on_disk = sum(p.stat().st_size for p in root.rglob("*.txt"))
    if on_disk != total or sum(1 for _ in root.rglob("*.txt")) != pages:
        raise SystemExit(f"bench: corpus generation in {root} is inconsistent ({on_disk} vs {total} bytes)")
    manifest.write_text(json.dumps({"key": key, "pages": pages, "bytes": total, "seconds": seconds, "keys": keys}))
    log(f"generated {pages} pages, {total / 1e6:.1f} MB in {seconds:.1f} s")
    return Corpus(root, pages, total, True, seconds, keys)  # type: ignore[arg-type]


# ============================================================================== measured processes


def _proc_children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        rest = stat[stat.rfind(b")") + 2 :].split()
        children.setdefault(int(rest[1]), []).append(int(entry.name))
    return children


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    except OSError:
        return 0


class TreeSampler(threading.Thread):
    """Peak of the summed PSS (KiB) of a process and all its descendants, sampled periodically."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kib = 0
        self.peak_procs = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            children = _proc_children_map()
            tree, stack = [self.pid], [self.pid]
            while stack:
                for child in children.get(stack.pop(), ()):
                    tree.append(child)
                    stack.append(child)
            total = sum(_pss_kib(p) for p in tree)
            if total > self.peak_kib:
                self.peak_kib = total
                self.peak_procs = len(tree)
            self.stop.wait(SAMPLE_INTERVAL)


@dataclass
class Run:
    name: str
    argv: list[str]
    seconds: float = math.inf
    cpu_seconds: float = 0.0
    maxrss_kib: int = 0
    tree_pss_kib: int = 0
    tree_procs: int = 0
    rc: int = 0
    walls: list[float] = field(default_factory=list)
    result: dict[str, Any] | None = None  # the floor's JSON line
    stderr_tail: str = ""

    @property
    def peak_bytes(self) -> int:
        return max(self.maxrss_kib, self.tree_pss_kib) * 1024

    def to_json(self) -> dict[str, Any]:
        return {
            "argv": self.argv,
            "command": shlex.join(self.argv),
            "seconds": self.seconds,
            "all_seconds": self.walls,
            "cpu_seconds": self.cpu_seconds,
            "rc": self.rc,
            "maxrss_kib": self.maxrss_kib,
            "tree_pss_peak_kib": self.tree_pss_kib,
            "tree_processes_at_peak": self.tree_procs,
            "peak_bytes": self.peak_bytes,
            "output": self.result,
        }


class Runner:
    def __init__(self, work: Path, env: dict[str, str], repeat: int) -> None:
        self.work = work
        self.env = env
        self.repeat = repeat
        self.logs = work / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.runs: dict[str, Run] = {}
        self.failed: list[str] = []

    def once(self, name: str, argv: list[str]) -> tuple[float, float, int, int, int, int, str, str]:
        out_path, err_path = self.logs / f"{name}.out", self.logs / f"{name}.err"
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            t0 = time.perf_counter()
            proc = subprocess.Popen(argv, stdout=out, stderr=err, env=self.env, cwd=self.work)
            sampler = TreeSampler(proc.pid)
            sampler.start()
            _pid, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - t0
            sampler.stop.set()
            sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        return (
            wall,
            usage.ru_utime + usage.ru_stime,
            usage.ru_maxrss,  # KiB on Linux
            sampler.peak_kib,
            sampler.peak_procs,
            proc.returncode,
            out_path.read_text(errors="replace"),
            err_path.read_text(errors="replace"),
        )

    def measure(self, name: str, argv: list[str], *, fresh: list[Path] = (), repeat: int | None = None) -> Run:
        """Best of K runs of `argv` (each after removing the `fresh` paths)."""
        run = Run(name, argv)
        for k in range(repeat or self.repeat):
            for p in fresh:
                if p.is_dir():
                    shutil.rmtree(p)
                elif p.exists():
                    p.unlink()
            log(f"{name} ({k + 1}/{repeat or self.repeat}): {shlex.join(argv)}")
            wall, cpu, maxrss, pss, procs, rc, out, err = self.once(name, argv)
            run.walls.append(wall)
            run.maxrss_kib = max(run.maxrss_kib, maxrss)
            if pss > run.tree_pss_kib:
                run.tree_pss_kib, run.tree_procs = pss, procs
            if rc != 0:
                run.rc = rc
                run.stderr_tail = err[-2000:]
                log(f"{name} FAILED with exit status {rc}:\n{run.stderr_tail}")
                self.failed.append(name)
                break
            if wall < run.seconds:
                run.seconds, run.cpu_seconds = wall, cpu
                lines = [line for line in out.splitlines() if line.startswith("{")]
                if name.startswith("floor") and lines:
                    run.result = json.loads(lines[-1])
            log(f"  {wall:.2f} s, cpu {cpu:.2f} s, maxrss {maxrss / 1024:.0f} MiB, tree PSS {pss / 1024:.0f} MiB")
        self.runs[name] = run
        return run


# ============================================================================== the bench


def count_lines(path: Path) -> int:
    n = 0
    with open(path, "rb") as handle:
        for line in handle:
            if line.strip():
                n += 1
    return n


def write_config(path: Path, sources: list[Path]) -> Path:
    lines = [
        "# written by scripts/bench.py",
        'name = "bench"',
        'version = "0.0.1"',
        'out = "runs/build"',
        "",
    ]
    for src in sources:
        lines += ["[[sources]]", f"path = {json.dumps(str(src.resolve()))}", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def check(value: float | None, key: str) -> dict[str, Any]:
    op, target = TARGETS[key]
    if value is None or not math.isfinite(value):
        ok = None
    else:
        ok = {">=": value >= target, ">": value > target, "<=": value <= target}[op]
    shown = "1 GB" if target == ONE_GB else f"{target:g}"
    return {"value": value, "target": f"{op} {shown}", "pass": ok}


def ratio(baseline: Run | None, cmd: Run | None, cpu: bool = False) -> float | None:
    """Speed of `cmd` relative to `baseline` on the same input: baseline seconds / cmd seconds
    (with `cpu`, CPU seconds of the processes instead of wall seconds)."""
    if baseline is None or cmd is None or baseline.rc or cmd.rc:
        return None
    if cpu:
        return baseline.cpu_seconds / cmd.cpu_seconds if cmd.cpu_seconds > 0 else None
    return baseline.seconds / cmd.seconds


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in FLOORS:
        print(json.dumps(FLOORS[argv[0]](*argv[1:])), flush=True)
        return 0

    ap = argparse.ArgumentParser(
        prog="bench.py",
        description=__doc__.split("\n\n")[0],
        epilog="\n\n".join(__doc__.split("\n\n")[1:]),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument(
        "--size",
        type=parse_size,
        default=parse_size("300MB"),
        help="raw page text to generate, e.g. 300MB, 20MB (default 300MB; MB = 10^6 B)",
    )
    ap.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    ap.add_argument("--work", type=Path, help="work folder; corpora there are reused (default: $TMPDIR/baokan-bench)")
    ap.add_argument(
        "--corpora",
        type=Path,
        default=DEFAULT_CORPORA,
        help="source corpora folder (default ../shared/corpora next to the repository; "
        "falls back to the built-in corpus when absent)",
    )
    ap.add_argument("--json", action="store_true", help="print one JSON object with every figure instead of the table")
    ap.add_argument("--json-out", type=Path, metavar="FILE", help="also write the JSON object to FILE")
    ap.add_argument("--table-from", type=Path, metavar="FILE", help="print the table of a saved JSON report and exit")
    ap.add_argument("--repeat", type=int, default=1, help="runs per measurement, the best is kept (default 1)")
    ap.add_argument(
        "--only",
        type=lambda s: [x.strip() for x in s.split(",") if x.strip()],
        help=f"comma-separated stages among {','.join(STAGES)} (default all)",
    )
    ap.add_argument("--skip-rss", action="store_true", help="skip the rss stage (1x/Nx memory growth), for quick runs")
    ap.add_argument("--rss-scale", type=int, default=4, help="corpus multiple for the memory-growth runs (default 4)")
    ap.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="N for build --workers N (default: cpu count)"
    )
    ap.add_argument(
        "--keep", action="store_true", help="keep releases written by the runs (default: removed after each run)"
    )
    args = ap.parse_args(argv)
    if args.table_from:
        print(render(json.loads(args.table_from.read_text(encoding="utf-8"))))
        return 0
    stages = args.only or list(STAGES)
    bad = [s for s in stages if s not in STAGES]
    if bad:
        ap.error(f"--only: unknown stage(s) {', '.join(bad)} (choose from {', '.join(STAGES)})")
    if args.skip_rss and "rss" in stages:
        stages.remove("rss")
    if args.repeat < 1 or args.rss_scale < 2 or args.workers < 1:
        ap.error("--repeat and --workers must be >= 1, --rss-scale >= 2")

    baokan = Path(sys.executable).parent / "baokan"
    if not baokan.exists():
        found = shutil.which("baokan")
        if found is None:
            ap.error("the baokan command is not installed next to this Python nor on PATH")
        baokan = Path(found)
    bench = [sys.executable, str(Path(__file__).resolve())]

    work = (args.work or Path(tempfile.gettempdir()) / "baokan-bench").resolve()
    work.mkdir(parents=True, exist_ok=True)
    runs_dir = work / "runs"
    runs_dir.mkdir(exist_ok=True)
    env = dict(os.environ)
    env.update(HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1", HF_HOME=str(work / "hf-home"), TQDM_DISABLE="1")
    env.pop("SOURCE_DATE_EPOCH", None)

    facts = machine_facts()
    command = (
        shlex.join([sys.executable, *sys.argv])
        if argv is None or argv == sys.argv[1:]
        else shlex.join(["bench.py", *argv])
    )
    notes: list[str] = []
    corpora: Path | None = args.corpora.resolve()
    if not (
        corpora.is_dir() and any((corpora / n).is_file() for n in ("pku_2001_sample.txt", "sogou_news_sample.xml"))
    ):
        msg = f"source corpora not found at {args.corpora}: FALLING BACK to the generator's built-in 5-article corpus"
        log(msg)
        notes.append(msg)
        corpora = None
    log(f"command: {command}")
    log(
        f"machine: {facts['cores']} cores, Python {facts['python']}, pyarrow {facts['pyarrow']}, "
        f"load {facts['loadavg_start']}"
    )

    gen_workers = facts["cores"] or 1
    used: set = set()
    corpus = ensure_corpus(work, args.size, args.seed, 0, corpora, used, gen_workers)
    runner = Runner(work, env, args.repeat)
    R = runner.measure
    seg = work / "seg.jsonl"
    figures: dict[str, Any] = {}
    ratios: dict[str, Any] = {}
    checks: dict[str, Any] = {}
    mb = corpus.bytes / 1e6

    startup = R("startup", [str(baokan), "--version"], repeat=1)
    figures["startup_seconds"] = startup.seconds if not startup.rc else None

    # ------------------------------------------------------------------ segment
    need_seg = any(s in stages for s in ("segment", "validate", "publish", "rss"))
    seg_run: Run | None = None
    if need_seg:
        seg_argv = [str(baokan), "segment", str(corpus.path), "-o", str(seg), "--quiet"]
        if "segment" in stages:
            seg_run = R("segment", seg_argv, fresh=[seg])
            floor = R("floor_segment", [*bench, "--_floor-segment", str(corpus.path)])
            if not seg_run.rc:
                # per core = per CPU-second of the process tree: on a busy machine a one-process
                # command gets less than a core, so pages / wall would understate it
                per_core = corpus.pages / seg_run.cpu_seconds if seg_run.cpu_seconds > 0 else None
                figures["segment"] = {
                    "pages": corpus.pages,
                    "bytes": corpus.bytes,
                    "records": count_lines(seg),
                    "pages_per_s": corpus.pages / seg_run.seconds,
                    "mb_per_s": mb / seg_run.seconds,
                    "pages_per_s_per_core": per_core,
                    "pages_per_s_per_core_wall": corpus.pages / max(seg_run.seconds, seg_run.cpu_seconds),
                    "cpu_seconds": seg_run.cpu_seconds,
                }
                ratios["segment_vs_floor"] = ratio(floor, seg_run)
                checks["segment_pages_per_s_per_core"] = check(per_core, "segment_pages_per_s_per_core")
            if not floor.rc:
                figures["floor_segment"] = {
                    "pages_per_s": corpus.pages / floor.seconds,
                    "mb_per_s": mb / floor.seconds,
                    **(floor.result or {}),
                }
                if floor.result and floor.result.get("pages") != corpus.pages:
                    notes.append(f"floor_segment read {floor.result.get('pages')} pages, the corpus has {corpus.pages}")
        else:
            seg_run = R("segment_prep", seg_argv, fresh=[seg], repeat=1)
    seg_ok = seg_run is not None and not seg_run.rc and seg.is_file()
    records = count_lines(seg) if seg_ok else 0
    seg_mb = seg.stat().st_size / 1e6 if seg_ok else 0.0

    def rec_figures(run: Run) -> dict[str, Any] | None:
        if run.rc:
            return None
        return {"records": records, "records_per_s": records / run.seconds, "mb_per_s": seg_mb / run.seconds}

    def same_records(run: Run) -> None:
        got = (run.result or {}).get("records")
        if got is not None and got != records:
            notes.append(f"{run.name} saw {got} records, seg.jsonl has {records}")

    # ------------------------------------------------------------------ validate
    if "validate" in stages and seg_ok:
        v = R("validate", [str(baokan), "validate", str(seg), "--quiet"])
        fo = R("floor_orjson", [*bench, "--_floor-orjson", str(seg)])
        fj = R("floor_jsonschema", [*bench, "--_floor-jsonschema", str(seg)])
        for run in (fo, fj):
            same_records(run)
        figures["validate"] = rec_figures(v)
        figures["floor_orjson"] = rec_figures(fo)
        figures["floor_jsonschema"] = rec_figures(fj)
        if fj.result and fj.result.get("errors"):
            notes.append(f"the jsonschema loop found {fj.result['errors']} schema errors in seg.jsonl")
        ratios["validate_vs_orjson"] = ratio(fo, v)
        ratios["validate_vs_jsonschema"] = ratio(fj, v)
        checks["validate_vs_orjson"] = check(ratios["validate_vs_orjson"], "validate_vs_orjson")

    # ------------------------------------------------------------------ publish
    def publish_argv(jsonl: Path, out: Path) -> list[str]:
        return [
            str(baokan),
            "publish",
            str(jsonl),
            "--name",
            "bench",
            "--version",
            "1.0.0",
            "--out",
            str(out),
            "--quiet",
        ]

    if "publish" in stages and seg_ok:
        out = runs_dir / "publish"
        p = R("publish", publish_argv(seg, out), fresh=[out])
        pa_out, ds_out, ds_cache = (
            runs_dir / "floor-pyarrow.parquet",
            runs_dir / "floor-datasets.parquet",
            runs_dir / "hf-cache",
        )
        fp = R("floor_pyarrow", [*bench, "--_floor-pyarrow", str(seg), str(pa_out)], fresh=[pa_out])
        fd = R(
            "floor_datasets",
            [*bench, "--_floor-datasets", str(seg), str(ds_out), str(ds_cache)],
            fresh=[ds_out, ds_cache],
        )
        for run in (fp, fd):
            same_records(run)
        figures["publish"] = rec_figures(p)
        figures["floor_pyarrow"] = rec_figures(fp)
        figures["floor_datasets"] = rec_figures(fd)
        ratios["publish_vs_pyarrow"] = ratio(fp, p)
        ratios["publish_vs_datasets"] = ratio(fd, p)
        checks["publish_vs_pyarrow"] = check(ratios["publish_vs_pyarrow"], "publish_vs_pyarrow")
        checks["publish_vs_datasets"] = check(ratios["publish_vs_datasets"], "publish_vs_datasets")
        if not args.keep:
            for path in (out, pa_out, ds_out, ds_cache):
                shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)

    # ------------------------------------------------------------------ build
    config = write_config(work / "bench-1x.toml", [corpus.path])
    version_counter = [0]

    def build_argv(cfg: Path, workers: int, out: Path) -> list[str]:
        version_counter[0] += 1
        return [
            str(baokan),
            "build",
            str(cfg),
            "--workers",
            str(workers),
            "--out",
            str(out),
            "--version",
            f"1.0.{version_counter[0]}",
            "--quiet",
        ]

    def build_run(name: str, cfg: Path, workers: int, pages: int, nbytes: int) -> Run:
        out = runs_dir / name
        run = R(name, build_argv(cfg, workers, out), fresh=[out])
        if not args.keep:
            shutil.rmtree(out, ignore_errors=True)
        if not run.rc:
            figures[name] = {
                "pages": pages,
                "pages_per_s": pages / run.seconds,
                "mb_per_s": nbytes / 1e6 / run.seconds,
                "workers": workers,
            }
        return run

    bN: Run | None = None
    if "build" in stages:
        b1 = build_run("build_w1", config, 1, corpus.pages, corpus.bytes)
        bN = build_run(f"build_w{args.workers}", config, args.workers, corpus.pages, corpus.bytes)
        ratios["build_speedup"] = ratio(b1, bN)
        if args.workers > 1:
            checks["build_speedup"] = check(ratios["build_speedup"], "build_speedup")
        else:
            notes.append("build speed-up not checked: --workers is 1")

    # ------------------------------------------------------------------ rss
    if "rss" in stages:
        k = args.rss_scale
        parts = [corpus]
        for part in range(1, k):
            parts.append(ensure_corpus(work, args.size, args.seed, part, corpora, used, gen_workers))
        big_pages = sum(c.pages for c in parts)
        big_bytes = sum(c.bytes for c in parts)
        big_config = write_config(work / f"bench-{k}x.toml", [c.path for c in parts])
        if bN is None or bN.rc:
            bN = build_run(f"build_w{args.workers}", config, args.workers, corpus.pages, corpus.bytes)
        bK = build_run(f"build_w{args.workers}_{k}x", big_config, args.workers, big_pages, big_bytes)
        # the Kx JSONL: 1x seg.jsonl + the other parts segmented (not timed) and concatenated
        big_seg = work / f"seg-{k}x.jsonl"
        p1 = runner.runs.get("publish")
        if seg_ok:
            pieces = [seg]
            for c in parts[1:]:
                piece = work / f"seg-{c.path.name}.jsonl"
                prep = R(
                    f"segment_prep_{c.path.name}",
                    [str(baokan), "segment", str(c.path), "-o", str(piece), "--quiet"],
                    fresh=[piece],
                    repeat=1,
                )
                if not prep.rc:
                    pieces.append(piece)
            if len(pieces) == k:
                with open(big_seg, "wb") as dst:
                    for piece in pieces:
                        with open(piece, "rb") as src:
                            shutil.copyfileobj(src, dst, 1 << 20)
                if p1 is None:
                    out = runs_dir / "publish"
                    p1 = R("publish", publish_argv(seg, out), fresh=[out])
                    figures["publish"] = rec_figures(p1)
                    shutil.rmtree(out, ignore_errors=True)
                out = runs_dir / f"publish-{k}x"
                pK = R(f"publish_{k}x", publish_argv(big_seg, out), fresh=[out])
                if not pK.rc:
                    big_records = count_lines(big_seg)
                    figures[f"publish_{k}x"] = {
                        "records": big_records,
                        "records_per_s": big_records / pK.seconds,
                        "mb_per_s": big_seg.stat().st_size / 1e6 / pK.seconds,
                    }
                if not args.keep:
                    shutil.rmtree(out, ignore_errors=True)
            else:
                pK = None
        else:
            pK = None
        for label, small, big in (("build", bN, bK), ("publish", p1, pK)):
            if small is None or big is None or small.rc or big.rc:
                continue
            figures[f"rss_{label}"] = {
                "peak_bytes_1x": small.peak_bytes,
                f"peak_bytes_{k}x": big.peak_bytes,
                "maxrss_kib_1x": small.maxrss_kib,
                f"maxrss_kib_{k}x": big.maxrss_kib,
                "tree_pss_peak_kib_1x": small.tree_pss_kib,
                f"tree_pss_peak_kib_{k}x": big.tree_pss_kib,
            }
            ratios[f"rss_growth_{label}"] = big.peak_bytes / small.peak_bytes
            checks[f"rss_{label}_1x"] = check(small.peak_bytes, "peak_rss_bytes")
            checks[f"rss_{label}_{k}x"] = check(big.peak_bytes, "peak_rss_bytes")
            checks[f"rss_growth_{label}"] = check(ratios[f"rss_growth_{label}"], "rss_growth")
        figures["rss_corpus"] = {
            "scale": k,
            "pages": big_pages,
            "bytes": big_bytes,
            "parts": [str(c.path) for c in parts],
        }

    ratios_cpu: dict[str, Any] = {}
    for key, base, cmd in (
        ("segment_vs_floor", "floor_segment", "segment"),
        ("validate_vs_orjson", "floor_orjson", "validate"),
        ("validate_vs_jsonschema", "floor_jsonschema", "validate"),
        ("publish_vs_pyarrow", "floor_pyarrow", "publish"),
        ("publish_vs_datasets", "floor_datasets", "publish"),
    ):
        if base in runner.runs and cmd in runner.runs:
            ratios_cpu[key] = ratio(runner.runs[base], runner.runs[cmd], cpu=True)

    facts["loadavg_end"] = list(os.getloadavg())
    if max(facts["loadavg_start"][0], facts["loadavg_end"][0]) > 0.5:
        notes.append(
            f"the machine was not idle (1-min load average {facts['loadavg_start'][0]:.2f} at start, "
            f"{facts['loadavg_end'][0]:.2f} at end on {facts['cores']} cores): figures are noisy"
        )
    notes.append(
        "peak memory = max(wait4 ru_maxrss of the child [largest single process among it and its reaped "
        "descendants, KiB on Linux], peak of the summed PSS of its process tree sampled every "
        f"{SAMPLE_INTERVAL * 1000:.0f} ms); 1 GB = 10^9 bytes"
    )
    notes.append(
        "segment per-core speed = pages / CPU seconds (user+sys of the process and its reaped children); "
        "figures.segment.pages_per_s_per_core_wall = pages / max(wall, CPU seconds) is the idle-machine view"
    )
    notes.append(
        "ratios are wall-time speed ratios on the same input; ratios_cpu give the same ratios from CPU "
        "seconds (less sensitive to other load, but blind to parallelism and I/O waits)"
    )

    report = {
        "command": command,
        "machine": facts,
        "settings": {
            "size_bytes": args.size,
            "seed": args.seed,
            "repeat": args.repeat,
            "work": str(work),
            "stages": stages,
            "workers": args.workers,
            "rss_scale": args.rss_scale,
            "corpora": str(corpora) if corpora else "builtin-fallback",
        },
        "corpus": {
            "path": str(corpus.path),
            "pages": corpus.pages,
            "bytes": corpus.bytes,
            "generated_now": corpus.generated,
            "generation_seconds": corpus.seconds,
            "seg_jsonl_records": records,
            "seg_jsonl_bytes": int(seg_mb * 1e6),
        },
        "runs": {name: run.to_json() for name, run in runner.runs.items()},
        "figures": figures,
        "ratios": ratios,
        "ratios_cpu": ratios_cpu,
        "checks": checks,
        "failed": runner.failed,
        "notes": notes,
    }
    text = json.dumps(report, indent=1, default=str)
    if args.json_out:
        args.json_out.write_text(text + "\n", encoding="utf-8")
    print(text if args.json else render(report))
    return 1 if runner.failed else 0


# ============================================================================== table


def render(report: dict[str, Any]) -> str:
    """The human-readable report (also from a saved JSON report: --table-from)."""
    runs, fig, rat, chk = report["runs"], report["figures"], report["ratios"], report["checks"]
    m, c, settings = report["machine"], report["corpus"], report["settings"]
    work = settings["work"] + "/"
    W, k = settings["workers"], settings["rss_scale"]

    def short(run: dict[str, Any]) -> str:
        argv = list(run["argv"])
        if argv and Path(argv[0]).name.startswith("python"):
            argv[0] = "python"
        if len(argv) > 1 and argv[1].endswith("bench.py"):
            argv[1] = "bench.py"
        if argv and argv[0].endswith("/baokan"):
            argv[0] = "baokan"
        text = " ".join(a.replace(work, "") for a in argv)
        return text if len(text) <= 64 else text[:61] + "..."

    def secs(run: dict[str, Any]) -> str:
        return f"FAIL({run['rc']})" if run["rc"] else f"{run['seconds']:.2f}"

    def tput(name: str) -> str:
        f = fig.get(name)
        if not f:
            return "-"
        if "records_per_s" in f:
            return f"{f['records_per_s']:,.0f} rec/s {f['mb_per_s']:.1f} MB/s"
        return f"{f['pages_per_s']:,.1f} pg/s {f['mb_per_s']:.2f} MB/s"

    def res(key: str | None) -> tuple[str, str]:
        ch = chk.get(key) if key else None
        if not ch:
            return "-", "-"
        return ch["target"], {True: "pass", False: "MISS", None: "n/a"}[ch["pass"]]

    def r(x: float | None) -> str:
        return "-" if x is None else f"{x:.3f}"

    rows: list[tuple[str, ...]] = []

    def add(stage: str, name: str, baseline: str = "-", rkey: str | None = None, key: str | None = None) -> None:
        run = runs.get(name)
        if run is None:
            return
        t, p = res(key)
        shown = baseline if baseline in runs else "-"
        rows.append(
            (stage, short(run), secs(run), tput(name), shown, r(rat.get(rkey)) if rkey and shown != "-" else "-", t, p)
        )

    def extra(
        stage: str, what: str, value: str, baseline: str, rv: str, key: str | None, result: str | None = None
    ) -> None:
        t, p = res(key)
        rows.append((stage, what, "", value, baseline, rv, t, result or p))

    add("segment", "segment", "floor_segment", "segment_vs_floor")
    if "segment" in fig:
        f = fig["segment"]
        pc = f["pages_per_s_per_core"]
        extra(
            "segment",
            "  per core: pages / CPU s",
            f"{pc:,.1f} pg/s/core" if pc else "-",
            "-",
            "-",
            "segment_pages_per_s_per_core",
        )
        if "pages_per_s_per_core_wall" in f:
            extra(
                "segment",
                "  per core, wall: pages / max(wall, CPU s)",
                f"{f['pages_per_s_per_core_wall']:,.1f} pg/s/core",
                "-",
                "-",
                None,
                "info",
            )
    add("  floor", "floor_segment")
    add("validate", "validate", "floor_orjson", "validate_vs_orjson", "validate_vs_orjson")
    if "validate_vs_jsonschema" in rat and "validate" in runs:
        extra(
            "validate", "  vs jsonschema loop", "", "floor_jsonschema", r(rat["validate_vs_jsonschema"]), None, "info"
        )
    add("  floor", "floor_orjson")
    add("  floor", "floor_jsonschema")
    add("publish", "publish", "floor_pyarrow", "publish_vs_pyarrow", "publish_vs_pyarrow")
    if "publish_vs_datasets" in rat:
        extra("publish", "  vs datasets", "", "floor_datasets", r(rat["publish_vs_datasets"]), "publish_vs_datasets")
    add("  floor", "floor_pyarrow")
    add("  floor", "floor_datasets")
    add("build", "build_w1")
    add("build", f"build_w{W}", "build_w1", "build_speedup", "build_speedup")
    add("build", f"build_w{W}_{k}x")
    add("publish", f"publish_{k}x")
    for label in ("build", "publish"):
        f = fig.get(f"rss_{label}")
        if not f:
            continue
        for scale in ("1x", f"{k}x"):
            extra(
                "rss",
                f"  {label} {scale} peak memory",
                f"{f[f'peak_bytes_{scale}'] / 2**20:,.0f} MiB",
                "-",
                "-",
                f"rss_{label}_{scale}",
            )
        extra(
            "rss",
            f"  {label} growth {k}x/1x",
            "",
            f"{label} 1x",
            r(rat.get(f"rss_growth_{label}")),
            f"rss_growth_{label}",
        )

    head = ("stage", "command", "seconds", "throughput", "baseline", "ratio", "target", "result")
    widths = [max(len(str(row[i])) for row in [head, *rows]) for i in range(len(head))]

    def fmt(row: tuple[str, ...]) -> str:
        return "  ".join(
            str(v).rjust(widths[i]) if i in (2, 5) else str(v).ljust(widths[i]) for i, v in enumerate(row)
        ).rstrip()

    load = lambda xs: " ".join(f"{x:.2f}" for x in xs)  # noqa: E731
    out = [
        f"command: {report['command']}",
        f"machine: {m['cores']} cores ({m['cpu_model']}), {((m['memory_bytes'] or 0) / 2**30):.1f} GiB RAM, "
        f"Python {m['python']}, pyarrow {m['pyarrow']}, orjson {m['orjson']}, jsonschema {m['jsonschema']}, "
        f"datasets {m['datasets']}, baokan {m['baokan']} @ {m['git_commit']}",
        f"load average (1/5/15 min): {load(m['loadavg_start'])} at start, {load(m['loadavg_end'])} at end",
        f"corpus: {c['pages']:,} pages, {c['bytes'] / 1e6:.1f} MB in {c['path']} "
        f"({'generated now' if c['generated_now'] else 'reused'}; source articles: {settings['corpora']}); "
        f"seg.jsonl: {c['seg_jsonl_records']:,} records, {c['seg_jsonl_bytes'] / 1e6:.1f} MB",
        f"timing: best of {settings['repeat']} (whole processes, wall clock); `baokan --version` start-up: "
        + (f"{fig['startup_seconds']:.2f} s" if fig.get("startup_seconds") else "-"),
        "",
        fmt(head),
        fmt(tuple("-" * w for w in widths)),
        *(fmt(row) for row in rows),
    ]
    if report.get("ratios_cpu"):
        out += [
            "",
            "same ratios from CPU seconds: " + ", ".join(f"{key} {r(v)}" for key, v in report["ratios_cpu"].items()),
        ]
    out += [
        "",
        "peak memory per run (MiB): wait4 ru_maxrss (largest single process) / "
        "sampled PSS sum of the process tree (processes at peak)",
    ]
    for name, run in runs.items():
        out.append(
            f"  {name:<34} {run['maxrss_kib'] / 1024:7.0f} / {run['tree_pss_peak_kib'] / 1024:7.0f} "
            f"({run['tree_processes_at_peak']})"
        )
    if report["failed"]:
        out.append(f"FAILED: {', '.join(report['failed'])} (logs in {work}logs)")
    out += ["", *(f"note: {n}" for n in report["notes"])]
    return "\n".join(out)


if __name__ == "__main__":
    raise SystemExit(main())
