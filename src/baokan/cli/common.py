"""What every `baokan` command shares: its options, the error contract, the output streams and the
progress bars. A new command uses these and nothing else to talk to the user (see "How to add a
command" in docs/ARCHITECTURE.md).

The contract:

- stdout carries the result only: a text report, or with `--format json` exactly one compact JSON
  document (`reporters.json_document`), also when the command fails (`{"error": {"message",
  "exit_code"}, ...}`).
- stderr carries everything for people: progress bars, warnings, summary lines, and for a failed
  command one `Error: MESSAGE` line. `-q/--quiet` silences progress, warnings and summaries,
  never errors and never the result.
- Exit codes: 0 ok, 1 the data is bad (invalid records, unreadable input, an output that cannot be
  written), 2 usage error (`baokan.errors.UsageError`, or click's own for a bad option).
- `-` is stdin for an input and stdout for an output.

Library code raises `baokan.errors`; `Output.errors()` turns them into the above.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NoReturn, Protocol, TypeVar

import click

from baokan.errors import BaokanError, InvalidDataError, UsageError
from baokan.reporters import check_text, error_document, json_document

if TYPE_CHECKING:
    from tqdm import tqdm

EXIT_OK = 0
EXIT_INVALID = 1  # the data is bad (invalid records, unreadable input, ...)
EXIT_USAGE = 2  # the command was used wrongly (missing path, bad option, ...)
STDIO = "-"  # an input read from stdin, an output written to stdout

F = TypeVar("F", bound=Callable[..., Any])


class HasDict(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


R = TypeVar("R", bound=HasDict)


# -- options --------------------------------------------------------------------------------------


def format_option(what: str = "The report", text: str = "text") -> Callable[[F], F]:
    """`--format text|json`: every command that reports has it (the parameter is `fmt`)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help=f"{what} on stdout: {text}, or one compact JSON document (errors included).",
    )


def quiet_option() -> Callable[[F], F]:
    """`-q/--quiet`: the same meaning for every command (the parameter is `quiet`)."""
    return click.option(
        "--quiet", "-q", is_flag=True, help="No progress bars, warnings or summary on stderr (results still on stdout)."
    )


def workers_option(what: str) -> Callable[[F], F]:
    """`-j/--workers N` (the parameter is `workers`; None means all cores)."""
    return click.option(
        "--workers", "-j", type=click.IntRange(min=1), default=None, metavar="N", help=f"{what} (default: all cores)."
    )


def wants_json(args: list[str]) -> bool:
    """Whether the command line asks for `--format json` (read from the raw arguments, so that an
    error click finds while parsing them is also reported as JSON)."""
    for i, arg in enumerate(args):
        if arg == "--format=json" or (arg == "--format" and args[i + 1 : i + 2] == ["json"]):
            return True
    return False


# -- output ---------------------------------------------------------------------------------------


@dataclass
class Output:
    """Where one run of a command writes, by the contract in the module docstring."""

    fmt: str = "text"
    quiet: bool = False

    @property
    def json(self) -> bool:
        return self.fmt == "json"

    def result(self, text: str) -> None:
        """Text results, on stdout as they are."""
        click.echo(text, nl=False)

    def document(self, doc: dict[str, Any]) -> None:
        """The one JSON document of `--format json`, on stdout."""
        click.echo(json_document(doc), nl=False)

    def report(self, result: R, text: Callable[[R], str]) -> None:
        """A result on stdout: its JSON form, or `text(result)`."""
        if self.json:
            self.document(result.to_dict())
        else:
            self.result(text(result))

    def note(self, text: str) -> None:
        """Summaries and warnings for people, on stderr; not with --quiet."""
        if not self.quiet:
            click.echo(text.rstrip("\n"), err=True)

    def fail(self, message: str, exit_code: int = EXIT_INVALID, **extra: Any) -> NoReturn:
        """End the command: with --format json the error document on stdout (with `extra`), then
        `Error: MESSAGE` on stderr and the exit code."""
        if self.json:
            self.document(error_document(message, exit_code, **extra))
        click.echo(f"Error: {message}", err=True)
        raise SystemExit(exit_code)

    @contextmanager
    def errors(self) -> Iterator[None]:
        """Turn library errors into the contract: `UsageError` becomes click's usage error (usage
        line, `Error: …`, exit 2; the JSON document is written by `BaokanGroup`), invalid records
        print their report, any other `BaokanError` prints `Error: …` and exits 1."""
        try:
            yield
        except UsageError as exc:
            raise click.UsageError(str(exc), ctx=click.get_current_context(silent=True)) from exc
        except InvalidDataError as exc:
            if exc.result is not None and self.json:
                self.fail(str(exc), EXIT_INVALID, report=exc.result.to_dict())
            if exc.result is not None:
                self.result(check_text(exc.result))
            self.fail(str(exc), EXIT_INVALID)
        except BaokanError as exc:
            self.fail(str(exc), EXIT_INVALID)

    # -- progress ---------------------------------------------------------------------------------

    @property
    def shows_progress(self) -> bool:
        """Progress bars only for a human watching: not with --quiet, not when stderr is not a TTY."""
        if self.quiet:
            return False
        stream = sys.stderr
        return bool(getattr(stream, "isatty", None) and stream.isatty())

    @contextmanager
    def progress(self, **tqdm_kwargs: Any) -> Iterator[tqdm[Any] | None]:
        """A tqdm bar on stderr, or None when progress is off (callers skip updates then)."""
        if not self.shows_progress:
            yield None
            return
        from tqdm import tqdm

        bar = tqdm(file=sys.stderr, dynamic_ncols=True, **tqdm_kwargs)
        try:
            yield bar
        finally:
            bar.close()

    @contextmanager
    def stages(self, units: dict[str, str]) -> Iterator[Stages | None]:
        """One bar per stage of a multi-stage command (`units`: stage → unit), made when the stage
        first reports; None when progress is off."""
        if not self.shows_progress:
            yield None
            return
        stages = Stages(units)
        try:
            yield stages
        finally:
            stages.close()


class Stages:
    """Bars of a multi-stage command: `update(stage, n)` and `total(stage, n)` are the library's
    `progress` and `on_total` callbacks."""

    def __init__(self, units: dict[str, str]) -> None:
        self._units = units
        self._bars: dict[str, tqdm[Any]] = {}

    def _bar(self, stage: str) -> tqdm[Any]:
        if stage not in self._bars:
            from tqdm import tqdm

            unit = self._units.get(stage, "")
            self._bars[stage] = tqdm(desc=stage, unit=f" {unit}", file=sys.stderr, dynamic_ncols=True, leave=False)
        return self._bars[stage]

    def update(self, stage: str, n: int) -> None:
        self._bar(stage).update(n)

    def total(self, stage: str, n: int) -> None:
        self._bar(stage).total = n

    def close(self) -> None:
        for bar in self._bars.values():
            bar.close()
