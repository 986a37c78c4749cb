"""The click group of the `baokan` command (`baokan.cli.main` runs it).

Each command lives in its own module and registers itself on `cli` when the group first asks for
it; `cli/common.py` holds what they share (options, the error contract, output streams, progress
bars).
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any

import click

from baokan import __version__
from baokan.cli import interrupted
from baokan.cli.common import wants_json
from baokan.errors import UsageError
from baokan.reporters import error_document, json_document

COMMANDS = ("segment", "validate", "publish", "verify", "diff", "build", "migrate", "browse", "stats", "dedup", "push")


class BaokanGroup(click.Group):
    """Runs a command by the contract of `cli.common`: a usage error that click finds while
    parsing the command line is also reported as a JSON document when `--format json` was asked.

    Commands are loaded when asked for: `baokan validate FILE` imports the validate command's
    module only, not the other ten (and their imports), which is most of a small job's start-up."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS and cmd_name not in self.commands:
            importlib.import_module(f"baokan.cli.{cmd_name}")  # registers itself on `cli`
        return super().get_command(ctx, cmd_name)

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
            interrupted()
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
    """Load every command now (tests that look at `cli.commands`); `baokan` itself loads each
    command when it is asked for."""
    for name in COMMANDS:
        importlib.import_module(f"baokan.cli.{name}")
