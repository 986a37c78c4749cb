"""`baokan publish` and `baokan verify`."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click
import orjson

from baokan.cli import cli
from baokan.cli._common import format_option
from baokan.errors import BaokanError, InvalidDataError, UsageError
from baokan.release.sizes import parse_size
from baokan.release.splits import parse_split_option

# Kept in step with baokan.release.publisher.DEFAULT_MAX_SHARD_BYTES (a test checks), so that the
# CLI starts without importing pyarrow.
DEFAULT_MAX_SHARD_SIZE = "256MiB"


def fail(exc: BaokanError) -> None:
    """Print a library error on stderr and exit with its code (2 usage, 1 bad data)."""
    click.echo(f"baokan: error: {exc}", err=True)
    sys.exit(2 if isinstance(exc, UsageError) else 1)


def publish_summary(result: Any) -> str:
    """`N records in, M out, K rejected[, U unreadable inputs] (see REJECTS)`: the wording every
    command that transforms records uses."""
    text = f"{result.records_in} records in, {result.records} out, {result.rejected_records} rejected"
    if result.unreadable:
        text += f", {result.unreadable} unreadable input{'s' if result.unreadable != 1 else ''}"
    if result.rejected:
        text += f" (see {result.path / 'rejects.jsonl'})"
    return text


@cli.command("publish")
@click.argument("articles", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--name", required=True, help="Dataset name (letters, digits, '.', '_', '-').")
@click.option("--version", "version", required=True, help="Release version, semantic X.Y.Z.")
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder that holds releases: writes OUT/NAME/VERSION/.",
)
@click.option(
    "--split",
    "splits",
    multiple=True,
    metavar="NAME=RATIO",
    help="Split ratio, repeatable (default train=1.0). Assigned by a hash of the id.",
)
@click.option(
    "--max-shard-size",
    default=DEFAULT_MAX_SHARD_SIZE,
    show_default=True,
    help="Cut shards at this many bytes of JSON records (e.g. 256MiB).",
)
@click.option(
    "--workers",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Processes that read and check big JSONL inputs (default: all cores); the release is the same for any number.",
)
@click.option(
    "--drop-invalid", is_flag=True, help="Publish the valid records; write invalid ones with reasons to rejects.jsonl."
)
@click.option("--pretty-name", help="Human-readable title for the dataset card.")
@click.option("--license", "license_", default="other", show_default=True, help="License identifier for the card.")
@format_option("Summary")
@click.option("--quiet", "-q", is_flag=True, help="No progress bars or summary on stderr.")
def publish_command(
    articles: tuple[Path, ...],
    name: str,
    version: str,
    out: Path,
    splits: tuple[str, ...],
    max_shard_size: str,
    workers: int | None,
    drop_invalid: bool,
    pretty_name: str | None,
    license_: str,
    fmt: str,
    quiet: bool,
) -> None:
    """Publish ARTICLES (JSONL, JSONL.gz, Parquet, release folders) as OUT/NAME/VERSION/.

    Writes Parquet shards with typed features, a JSONL.gz mirror, a dataset card (README.md),
    manifest.json with checksums and a copy of the schema. Releases are immutable: publishing an
    existing version fails unless the result would be byte-identical (then nothing happens).

    \b
    Examples:
      baokan publish articles.jsonl --name lvliang-daily --version 1.0.0 --out releases
      baokan publish a.jsonl b.jsonl.gz --name demo --version 1.1.0 --out releases \\
          --split train=0.9 --split test=0.1 --drop-invalid
    """
    from baokan.release import PublishOptions, publish
    from baokan.validate import render_text

    try:
        options = PublishOptions(
            name=name,
            version=version,
            split_ratios=parse_split_option(splits) if splits else {"train": 1.0},
            max_shard_bytes=parse_size(max_shard_size),
            drop_invalid=drop_invalid,
            workers=workers or os.cpu_count() or 1,
            pretty_name=pretty_name,
            license=license_,
        )
        bars: dict[str, Any] = {}

        def progress(stage: str, n: int) -> None:
            if stage not in bars:
                from tqdm import tqdm

                bars[stage] = tqdm(desc=f"{stage} records", unit=" rec", disable=None, file=sys.stderr, leave=False)
            bars[stage].update(n)

        try:
            result = publish(list(articles), out, options, progress=None if quiet else progress)
        finally:
            for bar in bars.values():
                bar.close()
    except InvalidDataError as exc:
        if exc.result is not None:
            click.echo(render_text(exc.result), nl=False)
        click.echo(f"baokan: error: {exc}", err=True)
        sys.exit(1)
    except BaokanError as exc:
        fail(exc)
        return
    summary = {
        "release": str(result.path),
        "noop": result.noop,
        "records": result.records,
        "rejected": result.rejected,
        "splits": result.splits,
    }
    if fmt == "json":
        click.echo(orjson.dumps(summary).decode())
    else:
        state = "unchanged (identical release exists)" if result.noop else "published"
        click.echo(f"{state}: {result.path}")
        for split, rows in result.splits.items():
            click.echo(f"  {split}: {rows} records")
    if not quiet:
        click.echo(publish_summary(result), err=True)


@cli.command("verify")
@click.argument("release", type=click.Path(path_type=Path))
@format_option()
@click.option(
    "--no-validate", is_flag=True, help="Only check files, checksums and row counts; skip re-validating records."
)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing on success.")
def verify_command(release: Path, fmt: str, no_validate: bool, quiet: bool) -> None:
    """Check RELEASE against its manifest: every file's sha256, size and row count, no missing or
    extra files, and every record valid. Exit 1 naming each file that differs.

    \b
    Examples:
      baokan verify releases/lvliang-daily/1.0.0
      baokan verify releases/lvliang-daily/1.0.0 --format json
    """
    try:
        from baokan.release import verify_release

        result = verify_release(release, revalidate=not no_validate)
    except BaokanError as exc:
        fail(exc)
        return
    if fmt == "json":
        click.echo(orjson.dumps(result.to_dict()).decode())
    else:
        for problem in result.problems:
            click.echo(f"{problem.file}: {problem.message}")
        if result.check is not None:
            for error in result.check.errors:
                click.echo(f"{error.file}:{error.line}: {error.path}: {error.message}")
        if result.ok and not quiet:
            click.echo(f"ok: {release} ({result.files_checked} files, {result.records} records verified)")
        elif not result.ok:
            n = len(result.problems) + (len(result.check.errors) if result.check is not None else 0)
            click.echo(f"FAILED: {release}: {n} problems", err=True)
    sys.exit(0 if result.ok else 1)
