"""`baokan diff`: which articles two releases add, remove or change."""

from __future__ import annotations

from pathlib import Path

import click

from baokan.cli.common import EXIT_INVALID, EXIT_OK, Output, format_option
from baokan.cli.group import cli
from baokan.reporters import diff_text

EPILOG = """\b
Examples:
  baokan diff releases/lvliang/1.0.0 releases/lvliang/1.1.0
  baokan diff releases/lvliang/1.0.0 releases/lvliang/1.1.0 --format json > diff.json
  baokan diff OLD NEW --exit-code || echo "the releases differ"

\b
Articles are matched by id. A changed article lists its changed fields
(top-level names; members of `source` as e.g. source.line_end). An article
whose content is the same and only its provenance (`source.*`) changed, e.g.
because its raw page was re-extracted, is listed as provenance only. Per-split
counts are shown, and an article found in different splits is reported as
moved (this should never happen: the split is a hash of the id).
\b
Output: the report goes to stdout. JSON: one document
{"old", "new", "identical", "counts", "splits", "added", "removed",
"changed": [{"id", "fields"}], "provenance_only": [{"id", "fields"}],
"moved": [{"id", "old", "new"}], "duplicates"}.
\b
Exit codes: 0 both are readable releases (even when they differ), 1 they
differ and --exit-code was given, or a data file cannot be read, 2 usage
error (a path that is not a release folder).
"""


@cli.command("diff", epilog=EPILOG)
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@format_option()
@click.option(
    "--exit-code",
    is_flag=True,
    help="Exit with 1 when the releases differ (like git diff --exit-code).",
)
def diff_command(old: Path, new: Path, fmt: str, exit_code: bool) -> None:
    """Compare the articles of two release folders OLD and NEW (<root>/<name>/<version>/)."""
    out = Output(fmt)
    with out.errors():
        from baokan.release.diff import diff_releases

        result = diff_releases(old, new)
    out.report(result, diff_text)
    raise SystemExit(EXIT_INVALID if exit_code and not result.identical else EXIT_OK)
