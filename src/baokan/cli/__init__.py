"""The `baokan` command: a thin layer over the library. Only this package prints or exits."""

from __future__ import annotations

import os
import sys

import click

from baokan import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="baokan")
def cli() -> None:
    """baokan (报刊): newspaper page text → segmented, validated, versioned article datasets.

    \b
    Exit codes: 0 ok, 1 the data is bad, 2 usage error.
    Results go to stdout, errors and progress to stderr.
    """


def _register() -> None:
    # Each command lives in its own module; importing registers it on `cli`.
    from baokan.cli import browse, build, diff, migrate, publish, segment, stats, validate  # noqa: F401


DEBUG_ENV = "BAOKAN_DEBUG"


def main() -> None:
    """The console entry point, with a safety net: an exception nobody foresaw becomes one line
    on stderr and exit code 1 (`BAOKAN_DEBUG=1` shows the traceback instead). Expected problems
    never get here: the commands turn `baokan.errors` into messages and exit codes themselves."""
    debug = os.environ.get(DEBUG_ENV, "") not in ("", "0")
    # numpy (imported by pyarrow) would start OpenBLAS threads that spin on a core for a while;
    # baokan does no linear algebra.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    try:
        _register()
        cli(prog_name="baokan")
    except KeyboardInterrupt:
        click.echo("baokan: interrupted", err=True)
        raise SystemExit(130) from None
    except BrokenPipeError:
        # stdout closed early (e.g. `baokan validate ... | head`): nothing more to say.
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115  (silence the flush at exit)
        except OSError:
            pass
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
