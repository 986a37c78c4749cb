"""`baokan build`: a release config → a verified release, in one command."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from baokan.cli import cli
from baokan.cli._common import err, handle_errors, progress_enabled


@cli.command("build")
@click.argument("config_file", metavar="CONFIG", type=click.Path(path_type=Path))
@click.option("--version", "version", help="Override the config's release version.")
@click.option("--name", help="Override the config's dataset name.")
@click.option("--out", type=click.Path(path_type=Path), help="Override the folder releases are written to.")
@click.option(
    "--workers", "-j", type=click.IntRange(min=1), help="Processes for the per-page stages (default: all cores)."
)
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="Run the per-page stages in local processes or as Ray tasks.",
)
@click.option("--ray-address", help="Ray cluster to connect to (default: $RAY_ADDRESS, else start a local Ray).")
@click.option(
    "--drop-invalid",
    is_flag=True,
    help="Publish despite unreadable pages or invalid records; list them in the release.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bars or summary table on stderr.")
def build_command(
    config_file: Path,
    version: str | None,
    name: str | None,
    out: Path | None,
    workers: int | None,
    engine: str,
    ray_address: str | None,
    drop_invalid: bool,
    quiet: bool,
) -> None:
    """Build the release described by CONFIG (TOML): read pages → segment → validate → drop exact
    duplicates → publish. Prints the release folder on stdout and a summary table on stderr.

    The output is the same byte for byte whatever --workers is.

    \b
    Examples:
      baokan build data/lvliang-daily.toml
      baokan build data/lvliang-daily.toml --version 1.0.1 --out build/releases -j 2
      RAY_ADDRESS=ray://head:10001 baokan build archive.toml --engine ray
    """
    from tqdm import tqdm

    from baokan.build import build
    from baokan.config import load_config

    with handle_errors():
        config = load_config(config_file).with_overrides(version=version, name=name, out=out)
        show = progress_enabled(quiet)
        bars: dict[str, tqdm] = {}

        def bar(stage: str) -> tqdm:
            if stage not in bars:
                bars[stage] = tqdm(
                    desc=stage, unit=" pages" if stage == "segment" else " rec", file=sys.stderr, leave=False
                )
            return bars[stage]

        def progress(stage: str, n: int) -> None:
            if show:
                bar(stage).update(n)

        def on_total(stage: str, n: int) -> None:
            if show:
                bar(stage).total = n

        try:
            summary = build(
                config,
                workers=workers or os.cpu_count() or 1,
                engine=engine,
                ray_address=ray_address,
                drop_invalid=drop_invalid,
                progress=progress,
                on_total=on_total,
            )
        finally:
            for stage_bar in bars.values():
                stage_bar.close()
    release = summary.release
    assert release is not None
    click.echo(str(release.path))
    if not quiet:
        state = "unchanged: an identical release exists" if release.noop else "published"
        err(f"{state}: {release.path}")
        width = max(len(label) for label, _ in summary.rows())
        for label, value in summary.rows():
            err(f"  {label:<{width}}  {value:>10,}")
        see = []
        if release.rejected:
            see.append(str(release.path / "rejects.jsonl"))
        if summary.pages_failed:
            see.append(str(release.path / "rejected-pages.jsonl"))
        pages = f", {summary.pages_failed} pages rejected" if summary.pages_failed else ""
        err(
            f"{summary.articles} records in, {release.records} out, {release.rejected} rejected, "
            f"{summary.duplicates} duplicates dropped{pages}" + (f" (see {' and '.join(see)})" if see else "")
        )
