"""The `baokan` command: a thin layer over the library. Only this package prints or exits.

This module is the console entry point, kept free of click: `main` runs a small `validate` through
`quick.py` (no click, no command modules: a small job's start-up was mostly their imports) and
every other command line through the click group in `group.py`. Each command lives in its own
module and registers itself on the group; `common.py` holds what they share (options, the error
contract, output streams, progress bars).

The safety net for every command is here: an exception nobody foresaw becomes one line on stderr
and exit code 1 (`BAOKAN_DEBUG=1` shows the traceback instead); Ctrl-C and SIGTERM end the run
with 128 + the signal's number once every `finally` has run.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from typing import NoReturn

from baokan.cli.quick import quick_validate_args, run_quick_validate

DEBUG_ENV = "BAOKAN_DEBUG"
_stopped_by: list[int] = []  # the signal that stopped the run


def _on_sigterm(signum: int, _frame: object) -> None:
    """SIGTERM stops a run the way Ctrl-C does: the exception unwinds every `finally` (temporary
    folders removed, worker pools terminated, nothing renamed into place)."""
    _stopped_by.append(signum)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once is enough: the cleanup is under way
    raise KeyboardInterrupt


def interrupted() -> NoReturn:
    sys.stderr.write("baokan: interrupted\n")
    raise SystemExit(128 + (_stopped_by[0] if _stopped_by else signal.SIGINT)) from None


def main() -> None:
    """The console entry point, with the safety net of the module docstring. Expected problems
    never reach the net: the commands turn `baokan.errors` into messages and exit codes."""
    debug = os.environ.get(DEBUG_ENV, "") not in ("", "0")
    # numpy (imported by pyarrow) would start OpenBLAS threads that spin on a core for a while;
    # baokan does no linear algebra.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        plan = quick_validate_args(sys.argv[1:])
        code = None if plan is None else run_quick_validate(plan)
        if code is not None:
            raise SystemExit(code)
        from baokan.cli.group import cli

        cli(prog_name="baokan")
    except KeyboardInterrupt:
        interrupted()
    except BrokenPipeError:
        # stdout closed early (e.g. `baokan validate ... | head`): nothing more to say.
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (silences the flush at exit; never closed)
        raise SystemExit(1) from None
    except Exception as exc:
        if debug:
            raise
        message = " ".join(str(exc).split()) or "(no message)"
        sys.stderr.write(f"baokan: internal error: {type(exc).__name__}: {message}\n")
        sys.stderr.write(f"baokan: this is a bug; run again with {DEBUG_ENV}=1 to see the traceback and report it\n")
        raise SystemExit(1) from None
