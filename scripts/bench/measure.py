"""Whole-process measurements: wall and CPU time, the largest single process (wait4 ru_maxrss) and
the peak of the summed PSS of the process tree (sampled), and the facts of the machine."""

from __future__ import annotations

import json
import math
import os
import platform
import shlex
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SAMPLE_INTERVAL = 0.05


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def _version(dist: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def _proc_field(path: str, prefix: str) -> str | None:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(prefix):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def _git_commit() -> str | None:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(REPO), *args], capture_output=True, text=True, timeout=10
        ).stdout.strip()

    try:
        commit = git("rev-parse", "--short", "HEAD") or None
        if commit and git("status", "--porcelain", "--untracked-files=no", "--", "src"):
            commit += "+uncommitted-changes-in-src"
    except (OSError, subprocess.SubprocessError):
        commit = None
    return commit


def machine_facts() -> dict[str, Any]:
    mem = _proc_field("/proc/meminfo", "MemTotal:")
    return {
        "cores": os.cpu_count(),
        "cores_available": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu_model": _proc_field("/proc/cpuinfo", "model name"),
        "memory_bytes": int(mem.split()[0]) * 1024 if mem else None,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "python_executable": sys.executable,
        "baokan": _version("baokan"),
        "git_commit": _git_commit(),
        "pyarrow": _version("pyarrow"),
        "orjson": _version("orjson"),
        "jsonschema": _version("jsonschema"),
        "datasets": _version("datasets"),
        "loadavg_start": list(os.getloadavg()),
    }


def count_lines(path: Path) -> int:
    with open(path, "rb") as handle:
        return sum(1 for line in handle if line.strip())


# -- process trees ----------------------------------------------------------------------------------


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


# -- runs -------------------------------------------------------------------------------------------


@dataclass
class Once:
    """One run of a command."""

    wall: float
    cpu: float
    maxrss_kib: int  # KiB on Linux
    pss_kib: int
    procs: int
    rc: int
    stdout: str
    stderr: str


@dataclass
class Run:
    """The best of K runs of one command (time), the largest memory over them."""

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
    def ok(self) -> bool:
        return not self.rc

    @property
    def peak_bytes(self) -> int:
        return max(self.maxrss_kib, self.tree_pss_kib) * 1024

    def add(self, once: Once) -> None:
        """Its time and memory (memory also of a failed run); the best time is kept."""
        self.walls.append(once.wall)
        self.maxrss_kib = max(self.maxrss_kib, once.maxrss_kib)
        if once.pss_kib > self.tree_pss_kib:
            self.tree_pss_kib, self.tree_procs = once.pss_kib, once.procs
        if once.rc:
            self.rc, self.stderr_tail = once.rc, once.stderr[-2000:]
        elif once.wall < self.seconds:
            self.seconds, self.cpu_seconds = once.wall, once.cpu
            lines = [line for line in once.stdout.splitlines() if line.startswith("{")]
            if self.name.startswith(("floor", "dedup_sigs")) and lines:  # programs that report JSON
                self.result = json.loads(lines[-1])

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

    def once(self, name: str, argv: list[str]) -> Once:
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
        return Once(
            wall,
            usage.ru_utime + usage.ru_stime,
            usage.ru_maxrss,
            sampler.peak_kib,
            sampler.peak_procs,
            os.waitstatus_to_exitcode(status),
            out_path.read_text(errors="replace"),
            err_path.read_text(errors="replace"),
        )

    def measure(self, name: str, argv: list[str], *, fresh: tuple[Path, ...] = (), repeat: int | None = None) -> Run:
        """Best of K runs of `argv` (each after removing the `fresh` paths)."""
        run = Run(name, argv)
        times = repeat or self.repeat
        for k in range(times):
            for path in fresh:
                remove(path)
            log(f"{name} ({k + 1}/{times}): {shlex.join(argv)}")
            once = self.once(name, argv)
            run.add(once)
            if once.rc:
                log(f"{name} FAILED with exit status {once.rc}:\n{run.stderr_tail}")
                self.failed.append(name)
                break
            log(
                f"  {once.wall:.2f} s, cpu {once.cpu:.2f} s, maxrss {once.maxrss_kib / 1024:.0f} MiB, "
                f"tree PSS {once.pss_kib / 1024:.0f} MiB"
            )
        self.runs[name] = run
        return run


def remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists():
        path.unlink()
