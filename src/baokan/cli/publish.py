"""`baokan publish`: validated article records → an immutable release folder."""

from __future__ import annotations

import os
from pathlib import Path

import click

from baokan.cli.common import Output, format_option, quiet_option, workers_option
from baokan.cli.group import cli
from baokan.reporters import publish_summary, publish_text

# Kept in step with baokan.release.publisher.DEFAULT_MAX_SHARD_BYTES (a test checks), so that the
# CLI starts without importing pyarrow.
DEFAULT_MAX_SHARD_SIZE = "256MiB"

EPILOG = """\b
Examples:
  baokan publish articles.jsonl --name lvliang-daily --version 1.0.0 --out releases
  baokan publish a.jsonl b.jsonl.gz --name demo --version 1.1.0 --out releases \\
      --split train=0.9 --split test=0.1 --drop-invalid
  zcat articles.jsonl.gz | baokan publish - --name demo --version 1.0.0 --out releases

\b
Inputs: JSONL, JSONL.gz, Parquet, release folders, and - for stdin.
\b
Output: stdout gets `published: RELEASE` (or `unchanged (identical release
exists): RELEASE`) and the records of each split; JSON: one document
{"release", "noop", "records", "records_in", "rejected", "unreadable",
"duplicates", "splits"}. Invalid records without --drop-invalid: nothing is
published, the validation report goes to stdout (JSON: {"error", "report"}).
Stderr ends with "N records in, M out, K rejected (see REJECTS)".
\b
Exit codes: 0 published (or an identical release exists), 1 invalid records,
unreadable input, the version exists with other content or an output cannot be
written, 2 usage error.
"""


@cli.command("publish", epilog=EPILOG)
@click.argument("articles", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="ARTICLES...")
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
@workers_option("Processes that read and check big JSONL inputs; the release is the same for any number")
@click.option(
    "--drop-invalid", is_flag=True, help="Publish the valid records; write invalid ones with reasons to rejects.jsonl."
)
@click.option("--pretty-name", help="Human-readable title for the dataset card.")
@click.option(
    "--license",
    "license_",
    default="unknown",
    show_default=True,
    help="A Hugging Face Hub licence identifier for the card and Croissant (e.g. cc-by-4.0; other needs "
    "--license-name and --license-link).",
)
@click.option("--license-name", help="With --license other: a short name for the licence.")
@click.option("--license-link", help="With --license other: where it is stated (a URL or a path in the repository).")
@click.option("--author", "authors", multiple=True, help="An author of the dataset (repeat for several).")
@click.option("--homepage", help="The dataset's home page (card, Croissant url, citation).")
@click.option("--citation", help="BibTeX to cite the dataset by (default: a @misc entry made from the above).")
@format_option("The result")
@quiet_option()
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
    license_name: str | None,
    license_link: str | None,
    authors: tuple[str, ...],
    homepage: str | None,
    citation: str | None,
    fmt: str,
    quiet: bool,
) -> None:
    """Publish ARTICLES as the release OUT/NAME/VERSION/.

    Writes Parquet shards with typed features, a JSONL.gz mirror, a dataset card (README.md),
    manifest.json with checksums and a copy of the schema. Releases are immutable: publishing an
    existing version fails unless the result would be byte-identical (then nothing happens).
    """
    output = Output(fmt, quiet)
    with output.errors():
        from baokan.release import PublishOptions, publish
        from baokan.release.sizes import parse_size
        from baokan.release.splits import parse_split_option

        options = PublishOptions(
            name=name,
            version=version,
            split_ratios=parse_split_option(splits) if splits else {"train": 1.0},
            max_shard_bytes=parse_size(max_shard_size),
            drop_invalid=drop_invalid,
            workers=workers or os.cpu_count() or 1,
            pretty_name=pretty_name,
            license=license_,
            license_name=license_name,
            license_link=license_link,
            authors=list(authors),
            homepage=homepage,
            citation=citation,
        )
        with output.stages({"read": "rec", "write": "rec"}) as bars:
            result = publish(list(articles), out, options, progress=bars.update if bars is not None else None)
    output.report(result, publish_text)
    output.note(publish_summary(result))
