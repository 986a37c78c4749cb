"""`baokan migrate`: records of an older article schema → records of this one."""

from __future__ import annotations

from pathlib import Path

import click

from baokan.cli import cli
from baokan.cli._common import err, handle_errors

EPILOG = """\b
Examples:
  baokan migrate old-articles.jsonl -o articles.jsonl
  baokan migrate releases/lvliang/1.0.0 -o lvliang-2.jsonl && baokan validate lvliang-2.jsonl

\b
Article schema 2.0.0 made `source.page` the page label as printed (3, A3,
要闻2) and added `source.page_number`; records of schema 1.x are rewritten
to that form, records of this schema are copied as they are. The output is
written whole or not at all.
\b
Exit codes: 0 written, 1 an input cannot be read (file, line and reason on
stderr), 2 usage error.
"""


@cli.command("migrate", epilog=EPILOG)
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="JSONL file to write."
)
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
def migrate_command(inputs: tuple[Path, ...], output: Path, quiet: bool) -> None:
    """Rewrite article records of an older schema version (JSONL, JSONL.gz, Parquet or release
    folders) as records of this version."""
    with handle_errors():
        from baokan.errors import UsageError
        from baokan.migrate import migrate_files

        for path in inputs:
            if not path.exists():
                raise UsageError(f"{path}: no such file or folder")
        summary = migrate_files(inputs, output)
    if not quiet:
        err(f"{summary.records} records in {summary.files} files, {summary.migrated} migrated → {output}")
