"""The `baokan` command: a thin layer over the library. Only this package prints or exits.

Each command lives in its own module and registers itself on `cli`; `cli/common.py` holds what
they share (options, the error contract, output streams, progress bars).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import click

from baokan import __version__
from baokan.cli.common import wants_json
from baokan.errors import UsageError
from baokan.reporters import error_document, json_document

COMMANDS = ("segment", "validate", "publish", "verify", "diff", "build", "migrate", "browse", "stats", "dedup", "push")


class BaokanGroup(click.Group):
    """Runs a command by the contract of `cli.common`: a usage error that click finds while
    parsing the command line is also reported as a JSON document when `--format json` was asked."""

    def main(  # type: ignore[override]
        self, args: Sequence[str] | None = None, prog_name: str | None = None, **extra: Any
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        try:
            # not standalone: click returns the code of --help/--version and raises the rest here
            code = super().main(argv, prog_name, standalone_mode=False, **extra)
        except click.ClickException as exc:
            if wants_json(argv):
                click.echo(json_document(error_document(exc.format_message(), exc.exit_code)), nl=False)
            exc.show()
            raise SystemExit(exc.exit_code) from None
        except click.Abort:
            # Ctrl-C or SIGTERM inside a command (click turns KeyboardInterrupt into Abort)
            _interrupted()
        raise SystemExit(code if isinstance(code, int) else 0)


def _max_record_size(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """Check the size and hand it on through the environment, which worker processes inherit."""
    if value is not None:
        from baokan.recordio import MAX_RECORD_ENV, parse_record_size

        try:
            parse_record_size(value, "--max-record-size")
        except UsageError as exc:
            raise click.BadParameter(str(exc)) from None
        os.environ[MAX_RECORD_ENV] = value
    return value


@click.group(cls=BaokanGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="baokan")
@click.option(
    "--max-record-size",
    metavar="SIZE",
    callback=_max_record_size,
    expose_value=False,
    is_eager=True,
    help="Refuse a JSONL record (line) longer than SIZE, naming its file and line (default 64MiB; "
    "e.g. 256MiB; also $BAOKAN_MAX_RECORD_SIZE).",
)
def cli() -> None:
    """baokan (报刊): newspaper page text → segmented, validated, versioned article datasets.

    \b
    Exit codes: 0 ok, 1 the data is bad, 2 usage error.
    Results go to stdout (--format json: one JSON document, errors included);
    errors (`Error: MESSAGE`), progress and summaries to stderr (-q silences the latter two).
    `-` is stdin for an input, stdout for an output.
    """


def _register() -> None:
    # Each command lives in its own module; importing registers it on `cli`.
    from baokan.cli import (  # noqa: F401
        browse,
        build,
        dedup,
        diff,
        migrate,
        publish,
        push,
        segment,
        stats,
        validate,
        verify,
    )


DEBUG_ENV = "BAOKAN_DEBUG"
_stopped_by: list[int] = []  # the signal that stopped the run


def _on_sigterm(signum: int, _frame: object) -> None:
    """SIGTERM stops a run the way Ctrl-C does: the exception unwinds every `finally` (temporary
    folders removed, worker pools terminated, nothing renamed into place)."""
    _stopped_by.append(signum)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once is enough: the cleanup is under way
    raise KeyboardInterrupt


def _interrupted() -> NoReturn:
    click.echo("baokan: interrupted", err=True)
    raise SystemExit(128 + (_stopped_by[0] if _stopped_by else signal.SIGINT)) from None


def main() -> None:
    """The console entry point, with a safety net: an exception nobody foresaw becomes one line
    on stderr and exit code 1 (`BAOKAN_DEBUG=1` shows the traceback instead). Expected problems
    never get here: the commands turn `baokan.errors` into messages and exit codes themselves."""
    debug = os.environ.get(DEBUG_ENV, "") not in ("", "0")
    # numpy (imported by pyarrow) would start OpenBLAS threads that spin on a core for a while;
    # baokan does no linear algebra.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        _register()
        cli(prog_name="baokan")
    except KeyboardInterrupt:
        _interrupted()
    except BrokenPipeError:
        # stdout closed early (e.g. `baokan validate ... | head`): nothing more to say.
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (silences the flush at exit; never closed)
        raise SystemExit(1) from None
    except Exception as exc:
        if debug:
            raise
        message = " ".join(str(exc).split()) or "(no message)"
        click.echo(f"baokan: internal error: {type(exc).__name__}: {message}", err=True)
        click.echo(
            f"baokan: this is a bug; run again with {DEBUG_ENV}=1 to see the traceback and report it",
            err=True,
        )
        raise SystemExit(1) from None
