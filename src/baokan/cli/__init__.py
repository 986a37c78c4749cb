"""The `baokan` command: a thin layer over the library. Only this package prints or exits."""

from __future__ import annotations

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
    from baokan.cli import build, diff, publish, segment, validate  # noqa: F401


def main() -> None:
    _register()
    cli(prog_name="baokan")
