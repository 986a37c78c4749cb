"""Options, then the stages in order, then the report."""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from baokan.errors import UsageError
from baokan.release.sizes import parse_size

from . import __doc__ as DOC
from .corpus import Key, ensure_corpus, source_corpora
from .floors import FLOORS
from .measure import REPO, Runner, log, machine_facts
from .report import CPU_RATIOS, STANDARD_NOTES, ratio, render
from .stages import STAGES, Bench, prepare_segmented

DEFAULT_CORPORA = REPO / ".." / "shared" / "corpora"
MIN_SIZE = 10_000
BENCH = Path(__file__).resolve().parent


def corpus_size(text: str) -> int:
    """--size: a size as `baokan publish --max-shard-size` takes it (MB = 10^6 B, MiB = 2^20 B)."""
    try:
        n = parse_size(text)
    except UsageError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if n < MIN_SIZE:
        raise argparse.ArgumentTypeError(f"size {text!r} too small (at least 10KB)")
    return n


def _parser() -> argparse.ArgumentParser:
    assert DOC is not None
    ap = argparse.ArgumentParser(
        prog="bench",
        description=DOC.split("\n\n")[0],
        epilog="\n\n".join(DOC.split("\n\n")[1:]),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument(
        "--size",
        type=corpus_size,
        default=corpus_size("300MB"),
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
        "--scale",
        type=_multiples,
        default=[1],
        help="comma-separated corpus multiples for the build stage's cost-per-page runs, e.g. 1,4,16 "
        "(build --workers N on each; default 1: none)",
    )
    ap.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="N for build --workers N (default: cpu count)"
    )
    ap.add_argument(
        "--dedup-articles",
        type=int,
        default=50_000,
        help="synthetic ~3 KB articles of the dedup memory runs, 1x (x --rss-scale for the big run; default 50000)",
    )
    ap.add_argument(
        "--keep", action="store_true", help="keep releases written by the runs (default: removed after each run)"
    )
    return ap


def _multiples(text: str) -> list[int]:
    try:
        values = sorted({int(x) for x in text.split(",") if x.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of integers: {text!r}") from None
    if not values or values[0] < 1:
        raise argparse.ArgumentTypeError(f"multiples must be >= 1: {text!r}")
    return values


def _stages(ap: argparse.ArgumentParser, args: argparse.Namespace) -> list[str]:
    stages = args.only or list(STAGES)
    bad = [s for s in stages if s not in STAGES]
    if bad:
        ap.error(f"--only: unknown stage(s) {', '.join(bad)} (choose from {', '.join(STAGES)})")
    if args.skip_rss and "rss" in stages:
        stages.remove("rss")
    if args.repeat < 1 or args.rss_scale < 2 or args.workers < 1:
        ap.error("--repeat and --workers must be >= 1, --rss-scale >= 2")
    return [s for s in STAGES if s in stages]  # in the order they run


def _baokan(ap: argparse.ArgumentParser) -> str:
    baokan = Path(sys.executable).parent / "baokan"
    if baokan.exists():
        return str(baokan)
    found = shutil.which("baokan")
    if found is None:
        ap.error("the baokan command is not installed next to this Python nor on PATH")
    return found


def _setup(ap: argparse.ArgumentParser, args: argparse.Namespace, facts: dict[str, Any]) -> Bench:
    work = (args.work or Path(tempfile.gettempdir()) / "baokan-bench").resolve()
    (work / "runs").mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1", HF_HOME=str(work / "hf-home"), TQDM_DISABLE="1")
    env.pop("SOURCE_DATE_EPOCH", None)
    # measured as installed: pip compiles the bytecode at install time, and a machine that turns
    # bytecode writing off would compile baokan's modules again at every start
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    notes: list[str] = []
    corpora = source_corpora(args.corpora)
    if corpora is None:
        msg = f"source corpora not found at {args.corpora}: FALLING BACK to the generator's built-in 5-article corpus"
        log(msg)
        notes.append(msg)
    gen_workers = facts["cores"] or 1
    used: set[Key] = set()
    return Bench(
        baokan=_baokan(ap),
        bench=[sys.executable, str(BENCH)],
        work=work,
        runner=Runner(work, env, args.repeat),
        corpus=ensure_corpus(work, args.size, args.seed, 0, corpora, used, gen_workers),
        corpora=corpora,
        size=args.size,
        seed=args.seed,
        used=used,
        workers=args.workers,
        rss_scale=args.rss_scale,
        scales=args.scale if 1 in args.scale else [1, *args.scale],
        dedup_articles=args.dedup_articles,
        keep=args.keep,
        gen_workers=gen_workers,
        notes=notes,
    )


def _report(
    b: Bench, command: str, facts: dict[str, Any], args: argparse.Namespace, stages: list[str]
) -> dict[str, Any]:
    runs = b.runner.runs
    ratios_cpu = {
        key: ratio(runs[base], runs[cmd], cpu=True) for key, base, cmd in CPU_RATIOS if base in runs and cmd in runs
    }
    facts["loadavg_end"] = list(os.getloadavg())
    if max(facts["loadavg_start"][0], facts["loadavg_end"][0]) > 0.5:
        b.notes.append(
            f"the machine was not idle (1-min load average {facts['loadavg_start'][0]:.2f} at start, "
            f"{facts['loadavg_end'][0]:.2f} at end on {facts['cores']} cores): figures are noisy"
        )
    return {
        "command": command,
        "machine": facts,
        "settings": {
            "size_bytes": args.size,
            "seed": args.seed,
            "repeat": args.repeat,
            "work": str(b.work),
            "stages": stages,
            "workers": args.workers,
            "rss_scale": args.rss_scale,
            "scales": args.scale,
            "corpora": str(b.corpora) if b.corpora else "builtin-fallback",
        },
        "corpus": {
            "path": str(b.corpus.path),
            "pages": b.corpus.pages,
            "bytes": b.corpus.bytes,
            "generated_now": b.corpus.generated,
            "generation_seconds": b.corpus.seconds,
            "seg_jsonl_records": b.records,
            "seg_jsonl_bytes": int(b.seg_mb * 1e6),
        },
        "runs": {name: run.to_json() for name, run in runs.items()},
        "figures": b.figures,
        "ratios": b.ratios,
        "ratios_cpu": ratios_cpu,
        "checks": b.checks,
        "failed": b.runner.failed,
        "notes": [*b.notes, *STANDARD_NOTES],
    }


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in FLOORS:
        print(json.dumps(FLOORS[argv[0]](*argv[1:])), flush=True)
        return 0
    ap = _parser()
    args = ap.parse_args(argv)
    if args.table_from:
        print(render(json.loads(args.table_from.read_text(encoding="utf-8"))))
        return 0
    stages = _stages(ap, args)
    facts = machine_facts()
    command = shlex.join([sys.executable, str(BENCH), *argv])
    log(f"command: {command}")
    bench = _setup(ap, args, facts)
    log(f"machine: {facts['cores']} cores, Python {facts['python']}, pyarrow {facts['pyarrow']}")
    log(f"load average: {facts['loadavg_start']}")
    startup = bench.measure("startup", [bench.baokan, "--version"], repeat=1)
    bench.figures["startup_seconds"] = startup.seconds if startup.ok else None
    if "segment" not in stages and any(STAGES[s][1] for s in stages):
        prepare_segmented(bench)
    for stage in stages:
        STAGES[stage][0](bench)
    report = _report(bench, command, facts, args, stages)
    text = json.dumps(report, indent=1, default=str)
    if args.json_out:
        args.json_out.write_text(text + "\n", encoding="utf-8")
    print(text if args.json else render(report))
    return 1 if bench.runner.failed else 0
