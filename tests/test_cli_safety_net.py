"""The safety net in `baokan.cli.main()` and the typed OutputError."""

from __future__ import annotations

import errno
import os
import subprocess
import sys

import pytest

from baokan.errors import BaokanError, OutputError

BOOM = """
from baokan.cli import main
from baokan.cli.group import cli

@cli.command("boom")
def boom():
    raise RuntimeError("kaput\\n  second line")

@cli.command("interrupt")
def interrupt():
    raise KeyboardInterrupt

main()
"""


def _run(*args: str, debug: bool = False) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "BAOKAN_DEBUG"}
    if debug:
        env["BAOKAN_DEBUG"] = "1"
    return subprocess.run([sys.executable, "-c", BOOM, *args], capture_output=True, text=True, env=env)


def test_unexpected_exception_is_one_line_and_exit_1() -> None:
    proc = _run("boom")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert lines[0] == "baokan: internal error: RuntimeError: kaput second line"
    assert "BAOKAN_DEBUG=1" in lines[1]
    assert proc.stdout == ""


def test_debug_shows_the_traceback() -> None:
    proc = _run("boom", debug=True)
    assert proc.returncode == 1
    assert "Traceback" in proc.stderr and "RuntimeError: kaput" in proc.stderr
    assert "internal error" not in proc.stderr


def test_interrupt_is_not_an_internal_error() -> None:
    # click turns Ctrl-C inside a command into "Aborted!" (exit 1); main() says "interrupted"
    # (exit 130) for one outside click's reach.
    proc = _run("interrupt")
    assert proc.returncode in (1, 130)
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr


def test_usage_errors_and_help_do_not_reach_the_net() -> None:
    assert _run("--help").returncode == 0
    proc = _run("no-such-command")
    assert proc.returncode == 2 and "No such command" in proc.stderr and "internal error" not in proc.stderr


@pytest.mark.parametrize(
    "code, reason",
    [
        (errno.ENOSPC, "No space left on device (ENOSPC)"),
        (errno.EROFS, "Read-only file system (EROFS)"),
        (errno.EACCES, "Permission denied (EACCES)"),
    ],
)
def test_output_error_names_the_path_and_the_reason(code: int, reason: str) -> None:
    exc = OutputError.from_os_error(OSError(code, os.strerror(code), "/out/demo/.tmp-1/x.parquet"), "/out/demo/1.0.0")
    assert isinstance(exc, BaokanError)
    assert str(exc) == f"cannot write /out/demo/1.0.0: {reason} at /out/demo/.tmp-1/x.parquet"
    bare = OutputError.from_os_error(OSError(code, os.strerror(code), "/out/x.jsonl"))
    assert str(bare) == f"cannot write /out/x.jsonl: {reason}"
