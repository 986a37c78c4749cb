"""Ctrl-C and SIGTERM in the middle of a build or a publish, through a real `baokan` process:
`baokan: interrupted` on stderr, exit 130 (143 for SIGTERM), no traceback from any worker, no
temporary folder left behind and nothing published."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from records_factory import make_records

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "data" / "raw" / "lvliang-daily" / "000_1102c3be27cc357c.txt"
BAOKAN = [sys.executable, "-c", "from baokan.cli import main; main()"]


def _start(args: list[str], cwd: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    env.pop("BAOKAN_DEBUG", None)
    # its own session, like a job in a terminal: Ctrl-C signals the whole group (workers too). A
    # terminal's job has SIGINT at its default; a test run started in the background by a
    # non-interactive shell inherits it ignored, and Python then keeps ignoring it.
    return subprocess.Popen(
        [*BAOKAN, *args], cwd=cwd, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=True, preexec_fn=_default_sigint,
    )  # fmt: skip


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait_for(condition: object, proc: subprocess.Popen[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return
        if proc.poll() is not None:
            pytest.fail(f"finished before it could be interrupted: {proc.communicate()}")
        time.sleep(0.02)
    proc.kill()
    pytest.fail("the run never reached the point to interrupt it at")


def _leftovers(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.name.startswith((".build-", ".tmp-")))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    text = SEED.read_text(encoding="utf-8")
    pages = tmp_path / "pages"
    for i in range(2000):
        folder = pages / f"{i // 100:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{i:03d}.txt").write_text(text.replace("吕梁", f"吕梁{i}"), encoding="utf-8")
    (tmp_path / "c.toml").write_text(
        'name = "demo"\nversion = "1.0.0"\nout = "out"\n\n[[sources]]\npath = "pages"\npublication = "吕梁日报"\n',
        encoding="utf-8",
    )
    return tmp_path


@pytest.mark.parametrize("how, code", [("group-sigint", 130), ("sigterm", 143)], ids=["ctrl-c", "sigterm"])
def test_an_interrupted_build_says_so_and_leaves_nothing(project: Path, how: str, code: int) -> None:
    out = project / "out"
    proc = _start(["build", "c.toml", "-j", "2", "-q"], project)
    _wait_for(lambda: any(out.glob(".build-*/articles.jsonl")), proc)
    time.sleep(0.3)  # pages are being segmented by the workers now
    if how == "group-sigint":
        os.killpg(proc.pid, signal.SIGINT)
    else:
        proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == code, stderr
    assert stderr.strip().splitlines() == ["baokan: interrupted"], stderr
    assert _leftovers(out) == []
    assert not (out / "demo" / "1.0.0").exists()


@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["ctrl-c", "sigterm"])
def test_an_interrupted_publish_says_so_and_leaves_nothing(tmp_path: Path, sig: int, code: int) -> None:
    rows = make_records(40_000)
    big = tmp_path / "big.jsonl"
    big.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    out = tmp_path / "out"
    proc = _start(["publish", str(big), "--name", "demo", "--version", "1.0.0", "--out", str(out), "-q"], tmp_path)
    _wait_for(lambda: any(out.glob("demo/.tmp-*")), proc)
    time.sleep(0.2)
    os.killpg(proc.pid, sig)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == code, stderr
    assert stderr.strip().splitlines() == ["baokan: interrupted"], stderr
    assert _leftovers(out) == []
    assert not (out / "demo" / "1.0.0").exists()
