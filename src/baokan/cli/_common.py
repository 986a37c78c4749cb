"""Helpers shared by the CLI commands: exit codes, error handling, output streams, progress bars.

Library code raises typed errors (`baokan.errors`); only these helpers turn them into messages on
stderr and exit codes. Results go to stdout, everything else to stderr.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from baokan.errors import BaokanError, UsageError

EXIT_OK = 0
EXIT_INVALID = 1  # the data is bad (invalid records, unreadable input, ...)
EXIT_USAGE = 2  # the command was used wrongly (missing path, bad option, ...)


def exit_code_for(exc: BaseException) -> int:
    """The exit code for a library error: 2 for usage errors, 1 for anything about the data."""
    return EXIT_USAGE if isinstance(exc, UsageError) else EXIT_INVALID


def out(text: str) -> None:
    """Write (machine) output to stdout, as is."""
    click.echo(text, nl=False)


def err(text: str) -> None:
    """A line for humans on stderr."""
    click.echo(text, err=True)


@contextmanager
def handle_errors() -> Iterator[None]:
    """Turn library errors into a message on stderr and the matching exit code.

    `UsageError` becomes a click usage error (usage line, `Error: …`, exit 2); any other
    `BaokanError` prints `Error: …` and exits 1.
    """
    try:
        yield
    except UsageError as exc:
        raise click.UsageError(str(exc)) from exc
    except BaokanError as exc:
        err(f"Error: {exc}")
        raise SystemExit(exit_code_for(exc)) from exc


def progress_enabled(quiet: bool) -> bool:
    """Progress bars only for a human watching: not with --quiet, not when stderr is not a TTY."""
    if quiet:
        return False
    stream = sys.stderr
    return bool(getattr(stream, "isatty", None) and stream.isatty())


@contextmanager
def progress_bar(quiet: bool, **tqdm_kwargs: Any) -> Iterator[Any | None]:
    """A tqdm bar on stderr, or None when progress is disabled (callers skip updates then)."""
    if not progress_enabled(quiet):
        yield None
        return
    from tqdm import tqdm

    bar = tqdm(file=sys.stderr, dynamic_ncols=True, **tqdm_kwargs)
    try:
        yield bar
    finally:
        bar.close()


def format_option(what: str = "Report") -> Any:
    """The `--format text|json` option every command with machine output has."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help=f"{what} format on stdout.",
    )
