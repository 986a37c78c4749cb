"""`baokan validate`: check record files and releases against the article schema and rules."""

from __future__ import annotations

import os

import click

from baokan.cli import cli
from baokan.cli._common import EXIT_INVALID, EXIT_OK, err, format_option, handle_errors, out, progress_bar

EPILOG = """\b
Examples:
  baokan validate articles.jsonl
  baokan validate part-*.jsonl.gz --max-errors 50
  baokan validate releases/lvliang/1.0.0/ --format json > report.json
  baokan validate data.parquet -q && echo valid

\b
Inputs: .jsonl / .ndjson / .json (JSON Lines), the same with .gz, .parquet,
and release folders (<root>/<name>/<version>/, whose data/*.parquet are read).
\b
Output: the report goes to stdout. Text: one `FILE:LINE: PATH: MESSAGE` line
per error, then a summary line. JSON: one document
{"valid", "records", "errors": [{"file", "line", "path", "message", "kind"}], ...}.
Progress and (with --format json) the summary line go to stderr.
\b
Exit codes: 0 all records valid, 1 any invalid record or unreadable file,
2 usage error (missing path, unknown file type, directory that is not a release).
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
@click.option(
    "--workers",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Processes for big JSONL files (default: all cores); the report is the same for any number.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary on stderr.")
def validate_command(
    paths: tuple[str, ...], fmt: str, max_errors: int | None, workers: int | None, quiet: bool
) -> None:
    """Check every record in PATH... against the article schema and the semantic rules.

    Rules beyond the schema: ids unique across all inputs, text equal to the
    paragraphs joined with a newline, no blank paragraph or text, real calendar
    dates, source.line_end >= source.line_start. Every error is reported, not
    just the first.
    """
    from baokan.validate import render_json, render_text, summary_line, validate_paths

    with handle_errors(), progress_bar(quiet, desc="validating", unit=" records") as bar:
        result = validate_paths(
            paths,
            max_errors=max_errors,
            progress=bar.update if bar is not None else None,
            workers=workers or os.cpu_count() or 1,
        )
    if fmt == "json":
        out(render_json(result))
        if not quiet:
            err(summary_line(result))
    else:
        out(render_text(result))
    raise SystemExit(EXIT_OK if result.valid else EXIT_INVALID)
