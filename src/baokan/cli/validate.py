"""`baokan validate`: check record files and releases against the article schema and rules."""

from __future__ import annotations

import os
from pathlib import Path

import click

from baokan.cli.common import EXIT_INVALID, EXIT_OK, Output, format_option, quiet_option, workers_option
from baokan.cli.group import cli
from baokan.reporters import CheckStream, check_summary

EPILOG = """\b
Examples:
  baokan validate articles.jsonl
  baokan validate part-*.jsonl.gz --max-errors 50
  baokan validate releases/lvliang/1.0.0/ --format json > report.json
  zcat part-1.jsonl.gz | baokan validate -
  baokan validate data.parquet -q && echo valid

\b
Inputs: .jsonl / .ndjson / .json (JSON Lines), the same with .gz, .parquet,
release folders (<root>/<name>/<version>/, whose data/*.parquet are read)
and - for stdin (JSON Lines, gzip-compressed or not, or Parquet).
\b
Output: the report goes to stdout as the errors are found (memory does not
grow with them). Text: one `FILE:LINE: PATH: MESSAGE` line per error, then a
summary line. JSON: one document
{"errors": [{"file", "line", "path", "message", "kind"}], "valid", "records", ...}.
Progress and (with --format json) the summary line go to stderr.
\b
Exit codes: 0 all records valid, 1 any invalid record or unreadable file,
2 usage error (missing path, unknown file type, folder that is not a release).
"""


@cli.command("validate", epilog=EPILOG)
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@format_option()
@click.option(
    "--max-errors",
    type=click.IntRange(min=0),
    default=None,
    metavar="N",
    help="List at most N errors (all are still counted).",
)
@workers_option("Processes for big JSONL files; the report is the same for any number")
@quiet_option()
def validate_command(
    paths: tuple[str, ...], fmt: str, max_errors: int | None, workers: int | None, quiet: bool
) -> None:
    """Check every record in PATH... against the article schema and the semantic rules.

    Rules beyond the schema: ids unique across all inputs, text equal to the
    paragraphs joined with a newline, no blank paragraph or text, real calendar
    dates, source.line_end >= source.line_start. Every error is reported, not
    just the first.
    """
    out = Output(fmt, quiet)
    stream = CheckStream(out.json, out.result)
    with out.errors():
        from baokan.validate import validate_paths

        with out.progress(desc="validating", unit=" records") as bar:
            result = validate_paths(
                paths,
                max_errors=max_errors,
                progress=bar.update if bar is not None else None,
                workers=workers or os.cpu_count() or 1,
                check_release=_check_release,
                on_error=stream.error,
            )
    stream.finish(result)
    if out.json:
        out.note(check_summary(result))
    raise SystemExit(EXIT_OK if result.valid else EXIT_INVALID)


def _check_release(release: Path) -> None:
    # imported only for a release folder given as input: verify needs pyarrow, a JSONL file does not
    from baokan.release.verify import check_release_input

    check_release_input(release)
