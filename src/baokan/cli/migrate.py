"""`baokan migrate`: records of an older article schema → records of this one."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click

from baokan.cli.common import Output, format_option, quiet_option
from baokan.cli.group import cli
from baokan.errors import no_such_path

EPILOG = """\b
Examples:
  baokan migrate old-articles.jsonl -o articles.jsonl
  baokan migrate releases/lvliang/1.0.0 -o lvliang-2.jsonl && baokan validate lvliang-2.jsonl

\b
Article schema 2.0.0 made `source.page` the page label as printed (3, A3,
要闻2) and added `source.page_number`; 2.1.0 added the layout fields
`source.page_index`, `source.region_unit` and `regions`. Records of 1.x
and 2.0.0 are rewritten to this form (null and empty layout fields),
records of this schema are copied as they are. The output is written
whole or not at all.
\b
Output: a summary on stderr ("N records in M files, K migrated → OUTPUT");
with --format json, one document {"files", "records", "migrated", "output"}
on stdout.
\b
Exit codes: 0 written, 1 an input cannot be read (file, line and reason on
stderr), 2 usage error.
"""


@cli.command("migrate", epilog=EPILOG)
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="JSONL file to write."
)
@format_option("The summary", text="nothing (the summary goes to stderr)")
@quiet_option()
def migrate_command(inputs: tuple[Path, ...], output: Path, fmt: str, quiet: bool) -> None:
    """Rewrite article records of an older schema version (JSONL, JSONL.gz, Parquet or release
    folders) as records of this version."""
    out = Output(fmt, quiet)
    with out.errors():
        from baokan.migrate import migrate_files

        for path in inputs:
            if not path.exists():
                raise no_such_path(path)
        summary = migrate_files(inputs, output)
    if out.json:
        out.document({**dataclasses.asdict(summary), "output": str(output)})
    out.note(f"{summary.records} records in {summary.files} files, {summary.migrated} migrated → {output}")
