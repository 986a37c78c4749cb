"""`baokan build`: a release config → a published release, in one command."""

from __future__ import annotations

import os
from pathlib import Path

import click

from baokan.cli.common import Output, format_option, quiet_option, workers_option
from baokan.cli.group import cli
from baokan.reporters import build_table

EPILOG = """\b
Examples:
  baokan build data/lvliang-daily.toml
  baokan build data/lvliang-daily.toml --version 1.0.1 --out build/releases -j 2
  RAY_ADDRESS=ray://head:10001 baokan build archive.toml --engine ray

\b
Every record is validated against the article schema before it is published
(`baokan verify RELEASE` checks a release afterwards). The output is the same
byte for byte whatever --workers and --engine are.
\b
Output: stdout gets the release folder (JSON: one document with the release,
its splits and the counts of the summary table); stderr gets progress and the
summary table.
\b
Exit codes: 0 published (or an identical release exists), 1 unreadable pages or
invalid records without --drop-invalid, or an output that cannot be written,
2 usage error (a bad config file or option).
"""


@cli.command("build", epilog=EPILOG)
@click.argument("config_file", metavar="CONFIG", type=click.Path(path_type=Path))
@click.option("--version", "version", help="Override the config's release version.")
@click.option("--name", help="Override the config's dataset name.")
@click.option("--out", type=click.Path(path_type=Path), help="Override the folder releases are written to.")
@workers_option("Processes for the per-page stages")
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="Run the per-page stages in local processes or as Ray tasks.",
)
@click.option("--ray-address", help="Ray cluster to connect to (default: $RAY_ADDRESS, else start a local Ray).")
@click.option(
    "--ray-tmpdir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Temp folder of a local Ray started for the run (default: $TMPDIR/ray when TMPDIR is set, else /tmp/ray).",
)
@click.option(
    "--drop-invalid",
    is_flag=True,
    help="Publish despite unreadable pages or invalid records; list them in the release.",
)
@click.option(
    "--follow-symlinks",
    is_flag=True,
    help="Read page files that are symbolic links pointing outside their source folder (refused by default).",
)
@format_option("The result", text="the release folder (text)")
@quiet_option()
def build_command(
    config_file: Path,
    version: str | None,
    name: str | None,
    out: Path | None,
    workers: int | None,
    engine: str,
    ray_address: str | None,
    ray_tmpdir: Path | None,
    drop_invalid: bool,
    follow_symlinks: bool,
    fmt: str,
    quiet: bool,
) -> None:
    """Build the release described by CONFIG (a TOML file).

    Read the pages → segment → validate every record → drop exact duplicates →
    publish. Prints the release folder on stdout and a summary table on stderr.
    """
    output = Output(fmt, quiet)
    with output.errors():
        from baokan.build import build
        from baokan.config import load_config
        from baokan.engines import RaySettings

        config = load_config(config_file).with_overrides(version=version, name=name, out=out)
        if follow_symlinks:
            config = config.following_symlinks()
        cores = workers or os.cpu_count() or 1
        ray = RaySettings(address=ray_address, temp_dir=ray_tmpdir, quiet=quiet, num_cpus=cores)
        with output.stages({"segment": "pages", "validate": "rec", "publish": "rec"}) as bars:
            summary = build(
                config,
                workers=cores,
                engine=engine,
                ray=ray,
                drop_invalid=drop_invalid,
                progress=bars.update if bars is not None else None,
                on_total=bars.total if bars is not None else None,
            )
    output.report(summary, lambda s: f"{s.published.path}\n")
    output.note(build_table(summary))
