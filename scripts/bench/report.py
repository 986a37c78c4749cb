"""Targets, ratios and checks, and the human-readable table of a report (also from a saved JSON
report: --table-from)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from .measure import SAMPLE_INTERVAL, Run

ONE_GB = 10**9

TARGETS: dict[str, tuple[str, float]] = {
    "validate_vs_orjson": (">=", 0.6),
    # `baokan validate` of a 5-record file within 2x of `python -c 'import orjson'`
    "validate_small_vs_import_orjson": (">=", 0.5),
    "publish_vs_pyarrow": (">=", 0.4),
    "publish_vs_datasets": (">", 1.0),
    "segment_pages_per_s_per_core": (">=", 200.0),
    "build_speedup": (">=", 1.7),
    "peak_rss_bytes": ("<=", ONE_GB),
    "rss_growth": ("<=", 1.25),
    # build cost per page at the larger --scale multiples over the cost at 1x ("flat within 15%")
    "build_cost_growth": ("<=", 1.15),
    "dedup_articles_per_s_per_core": (">=", 5000.0),
}

# ratio key, baseline run, command run: the ratios also given from CPU seconds
CPU_RATIOS = (
    ("segment_vs_floor", "floor_segment", "segment"),
    ("validate_vs_orjson", "floor_orjson", "validate"),
    ("validate_vs_jsonschema", "floor_jsonschema", "validate"),
    ("publish_vs_pyarrow", "floor_pyarrow", "publish"),
    ("publish_vs_datasets", "floor_datasets", "publish"),
)


# Notes every report ends with: how the figures were measured.
STANDARD_NOTES = (
    "peak memory = max(wait4 ru_maxrss of the child [largest single process among it and its reaped "
    "descendants, KiB on Linux], peak of the summed PSS of its process tree sampled every "
    f"{SAMPLE_INTERVAL * 1000:.0f} ms); 1 GB = 10^9 bytes",
    "segment per-core speed = pages / CPU seconds (user+sys of the process and its reaped children); "
    "figures.segment.pages_per_s_per_core_wall = pages / max(wall, CPU seconds) is the idle-machine view",
    "ratios are wall-time speed ratios on the same input; ratios_cpu give the same ratios from CPU "
    "seconds (less sensitive to other load, but blind to parallelism and I/O waits)",
)


def check(value: float | None, key: str) -> dict[str, Any]:
    """A figure against its target: {"value", "target", "pass"} (pass None: not measured)."""
    op, target = TARGETS[key]
    ok = None
    if value is not None and math.isfinite(value):
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


def _r(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


class _Table:
    """The rows of the report table: a measured run, or an extra line under it."""

    HEAD = ("stage", "command", "seconds", "throughput", "baseline", "ratio", "target", "result")

    def __init__(self, report: dict[str, Any]) -> None:
        self.runs, self.fig = report["runs"], report["figures"]
        self.rat, self.chk = report["ratios"], report["checks"]
        self.work = report["settings"]["work"] + "/"
        self.rows: list[tuple[str, ...]] = []

    def _short(self, run: dict[str, Any]) -> str:
        argv = list(run["argv"])
        if argv and Path(argv[0]).name.startswith("python"):
            argv[0] = "python"
        if len(argv) > 1 and Path(argv[1]).name in ("bench", "bench.py"):
            argv[1] = "bench"
        if argv and argv[0].endswith("/baokan"):
            argv[0] = "baokan"
        text = " ".join(a.replace(self.work, "") for a in argv)
        return text if len(text) <= 64 else text[:61] + "..."

    def _throughput(self, name: str) -> str:
        f = self.fig.get(name)
        if not f:
            return "-"
        if "records_per_s" in f:
            return f"{f['records_per_s']:,.0f} rec/s {f['mb_per_s']:.1f} MB/s"
        return f"{f['pages_per_s']:,.1f} pg/s {f['mb_per_s']:.2f} MB/s"

    def _verdict(self, key: str | None) -> tuple[str, str]:
        ch = self.chk.get(key) if key else None
        if not ch:
            return "-", "-"
        return ch["target"], {True: "pass", False: "MISS", None: "n/a"}[ch["pass"]]

    def add(self, stage: str, name: str, baseline: str = "-", rkey: str | None = None, key: str | None = None) -> None:
        run = self.runs.get(name)
        if run is None:
            return
        target, result = self._verdict(key)
        shown = baseline if baseline in self.runs else "-"
        seconds = f"FAIL({run['rc']})" if run["rc"] else f"{run['seconds']:.2f}"
        value = _r(self.rat.get(rkey)) if rkey and shown != "-" else "-"
        self.rows.append((stage, self._short(run), seconds, self._throughput(name), shown, value, target, result))

    def extra(
        self, stage: str, what: str, value: str, baseline: str, rv: str, key: str | None, result: str | None = None
    ) -> None:
        target, verdict = self._verdict(key)
        self.rows.append((stage, what, "", value, baseline, rv, target, result or verdict))

    def lines(self) -> list[str]:
        widths = [max(len(str(row[i])) for row in [self.HEAD, *self.rows]) for i in range(len(self.HEAD))]

        def fmt(row: tuple[str, ...]) -> str:
            cells = (str(v).rjust(widths[i]) if i in (2, 5) else str(v).ljust(widths[i]) for i, v in enumerate(row))
            return "  ".join(cells).rstrip()

        return [fmt(self.HEAD), fmt(tuple("-" * w for w in widths)), *(fmt(row) for row in self.rows)]


def _segment_rows(t: _Table) -> None:
    t.add("segment", "segment", "floor_segment", "segment_vs_floor")
    f = t.fig.get("segment")
    if f:
        pc = f["pages_per_s_per_core"]
        per_core = f"{pc:,.1f} pg/s/core" if pc else "-"
        t.extra("segment", "  per core: pages / CPU s", per_core, "-", "-", "segment_pages_per_s_per_core")
        if "pages_per_s_per_core_wall" in f:
            wall = f"{f['pages_per_s_per_core_wall']:,.1f} pg/s/core"
            t.extra("segment", "  per core, wall: pages / max(wall, CPU s)", wall, "-", "-", None, "info")
    t.add("  floor", "floor_segment")


def _validate_and_publish_rows(t: _Table) -> None:
    t.add("validate", "validate", "floor_orjson", "validate_vs_orjson", "validate_vs_orjson")
    if "validate_vs_jsonschema" in t.rat and "validate" in t.runs:
        rv = _r(t.rat["validate_vs_jsonschema"])
        t.extra("validate", "  vs jsonschema loop", "", "floor_jsonschema", rv, None, "info")
    t.add("  floor", "floor_orjson")
    t.add("  floor", "floor_jsonschema")
    small, orjson_import = t.fig.get("validate_small_seconds"), t.fig.get("import_orjson_seconds")
    if small and orjson_import:
        rv = _r(t.rat.get("validate_small_vs_import_orjson"))
        shown = f"{small * 1000:.1f} ms vs {orjson_import * 1000:.1f} ms"
        t.extra(
            "validate",
            "  5-record file, whole process",
            shown,
            "import orjson",
            rv,
            "validate_small_vs_import_orjson",
        )
    t.add("publish", "publish", "floor_pyarrow", "publish_vs_pyarrow", "publish_vs_pyarrow")
    if "publish_vs_datasets" in t.rat:
        rv = _r(t.rat["publish_vs_datasets"])
        t.extra("publish", "  vs datasets", "", "floor_datasets", rv, "publish_vs_datasets")
    t.add("  floor", "floor_pyarrow")
    t.add("  floor", "floor_datasets")


def _build_and_rss_rows(t: _Table, workers: int, k: int) -> None:
    t.add("build", "build_w1")
    t.add("build", f"build_w{workers}", "build_w1", "build_speedup", "build_speedup")
    _build_scale_rows(t)
    t.add("build", f"build_w{workers}_{k}x")
    t.add("publish", f"publish_{k}x")
    for label in ("build", "publish"):
        f = t.fig.get(f"rss_{label}")
        if not f:
            continue
        for scale in ("1x", f"{k}x"):
            peak = f"{f[f'peak_bytes_{scale}'] / 2**20:,.0f} MiB"
            t.extra("rss", f"  {label} {scale} peak memory", peak, "-", "-", f"rss_{label}_{scale}")
        rv = _r(t.rat.get(f"rss_growth_{label}"))
        t.extra("rss", f"  {label} growth {k}x/1x", "", f"{label} 1x", rv, f"rss_growth_{label}")


def _build_scale_rows(t: _Table) -> None:
    rows = t.fig.get("build_scale") or []
    for r in rows:
        if r["scale"] != 1:
            t.add("build", r["run"])
    for r in rows:
        shown = f"{r['cpu_ms_per_page']:.2f} ms CPU, {r['wall_ms_per_page']:.2f} ms wall"
        peak = f"{r['peak_bytes'] / 2**20:,.0f} MiB"
        t.extra("build", f"  {r['scale']}x: {r['pages']:,} pages, peak {peak}", shown, "-", "-", None, "info")
    for key, what in (("build_cost_growth", "CPU"), ("build_wall_growth", "wall")):
        if key in t.rat:
            t.extra("build", f"  {what} cost per page, most at a larger multiple / 1x", "", "-", _r(t.rat[key]), key)


def _dedup_rows(t: _Table, k: int) -> None:
    f = t.fig.get("dedup_sigs")
    if not f:
        return
    rv = _r(t.rat.get("dedup_vs_datasketch"))
    shown = f"{f['articles_per_s']:,.0f} art/s"
    t.extra("dedup", "  signatures + LSH, 3 KB articles", shown, "floor_datasketch", rv, None, "info")
    pc = f["articles_per_s_per_core"]
    per_core = f"{pc:,.0f} art/s/core" if pc else "-"
    t.extra("dedup", "  per core: articles / CPU s", per_core, "-", "-", "dedup_articles_per_s_per_core")
    t.add("dedup", "dedup_1x")
    t.add("dedup", f"dedup_{k}x")
    f_rss = t.fig.get("rss_dedup")
    if f_rss:
        for scale in ("1x", f"{k}x"):
            peak = f"{f_rss[f'peak_bytes_{scale}'] / 2**20:,.0f} MiB"
            t.extra("dedup", f"  dedup {scale} peak memory", peak, "-", "-", f"rss_dedup_{scale}")
        t.extra(
            "dedup", f"  dedup growth {k}x/1x", "", "dedup 1x", _r(t.rat.get("rss_growth_dedup")), "rss_growth_dedup"
        )
    fl = t.fig.get("floor_datasketch")
    if fl:
        t.extra(
            "  floor",
            "  datasketch update loop + MinHashLSH",
            f"{fl['articles_per_s']:,.0f} art/s",
            "-",
            "-",
            None,
            "info",
        )


def _header(report: dict[str, Any]) -> list[str]:
    m, c, settings, fig = report["machine"], report["corpus"], report["settings"], report["figures"]

    def load(xs: list[float]) -> str:
        return " ".join(f"{x:.2f}" for x in xs)

    startup = f"{fig['startup_seconds']:.2f} s" if fig.get("startup_seconds") else "-"
    return [
        f"command: {report['command']}",
        f"machine: {m['cores']} cores ({m['cpu_model']}), {((m['memory_bytes'] or 0) / 2**30):.1f} GiB RAM, "
        f"Python {m['python']}, pyarrow {m['pyarrow']}, orjson {m['orjson']}, jsonschema {m['jsonschema']}, "
        f"datasets {m['datasets']}, baokan {m['baokan']} @ {m['git_commit']}",
        f"load average (1/5/15 min): {load(m['loadavg_start'])} at start, {load(m['loadavg_end'])} at end",
        f"corpus: {c['pages']:,} pages, {c['bytes'] / 1e6:.1f} MB in {c['path']} "
        f"({'generated now' if c['generated_now'] else 'reused'}; source articles: {settings['corpora']}); "
        f"seg.jsonl: {c['seg_jsonl_records']:,} records, {c['seg_jsonl_bytes'] / 1e6:.1f} MB",
        f"timing: best of {settings['repeat']} (whole processes, wall clock); `baokan --version` start-up: {startup}",
    ]


def _memory_lines(report: dict[str, Any]) -> list[str]:
    out = [
        "",
        "peak memory per run (MiB): wait4 ru_maxrss (largest single process) / "
        "sampled PSS sum of the process tree (processes at peak)",
    ]
    for name, run in report["runs"].items():
        out.append(
            f"  {name:<34} {run['maxrss_kib'] / 1024:7.0f} / {run['tree_pss_peak_kib'] / 1024:7.0f} "
            f"({run['tree_processes_at_peak']})"
        )
    return out


def render(report: dict[str, Any]) -> str:
    """The human-readable report."""
    settings = report["settings"]
    table = _Table(report)
    _segment_rows(table)
    _validate_and_publish_rows(table)
    _build_and_rss_rows(table, settings["workers"], settings["rss_scale"])
    _dedup_rows(table, settings["rss_scale"])
    out = [*_header(report), "", *table.lines()]
    if report.get("ratios_cpu"):
        cpu = ", ".join(f"{key} {_r(v)}" for key, v in report["ratios_cpu"].items())
        out += ["", f"same ratios from CPU seconds: {cpu}"]
    out += _memory_lines(report)
    if report["failed"]:
        out.append(f"FAILED: {', '.join(report['failed'])} (logs in {settings['work']}/logs)")
    out += ["", *(f"note: {n}" for n in report["notes"])]
    return "\n".join(out)
