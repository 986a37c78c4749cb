"""`baokan dedup`: near-duplicate clusters of article records."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from baokan.cli.common import STDIO, Output, format_option, quiet_option
from baokan.cli.group import cli
from baokan.errors import UsageError

EPILOG = """\b
Examples:
  baokan dedup articles.jsonl -o clusters.jsonl
  baokan dedup releases/lvliang/1.0.0 more.jsonl -o - --threshold 0.9
  baokan dedup a.jsonl b.parquet -o clusters.jsonl --keep longest --format json

\b
Each body (`text`, normalized: NFKC, lower case, no white space) is cut into
character 4-grams and sketched into a MinHash signature (128 permutations),
plus one of its first 200 characters; LSH banding proposes pairs, and a pair
is confirmed when its similarity reaches --threshold. The similarity is the
estimated Jaccard similarity of the two bodies, or the estimated share of
the shorter that the longer contains when the shorter has at least a fifth
of the longer's shingles and both open alike (a reprint with its last
paragraphs cut). Confirmed pairs are joined into clusters; --keep picks each
cluster's representative: earliest (the earliest source.date, then the
longest body, then the smallest id), longest, or first-id. The
representative keeps the members like it; members joined to it only through
others (A like B, B like C, C unlike A) are settled in the keep order: each
is dropped for the first copy kept before it that it is like, or kept, so
every article is like its cluster's representative.
\b
Output: one JSON line per article, in input order: {"id", "cluster" (the
representative's id), "similarity" (to the representative, 1.0 for it),
"kept" (whether it is the representative)}; written whole or not at all.
A summary on stderr; with --format json, one document {"files", "articles",
"clusters", "duplicates", "threshold", "method", "output"} on stdout.
\b
Exit codes: 0 written, 1 an input cannot be read or a record has no id or
text (file, line and field on stderr), 2 usage error.
"""


@cli.command("dedup", epilog=EPILOG)
@click.argument("articles", nargs=-1, required=True, metavar="ARTICLES...")
@click.option(
    "-o",
    "--output",
    required=True,
    metavar="CLUSTERS.jsonl",
    help="Where to write one cluster line per article (JSON Lines; - for stdout).",
)
@click.option(
    "--threshold",
    type=click.FloatRange(min=0.0, max=1.0, min_open=True),
    default=0.8,
    show_default=True,
    help="Similarity at which two bodies are near duplicates.",
)
@click.option(
    "--keep",
    type=click.Choice(["earliest", "longest", "first-id"]),
    default="earliest",
    show_default=True,
    help="Which member of a cluster represents it.",
)
@format_option("The summary", text="nothing (the summary goes to stderr)")
@quiet_option()
def dedup_command(articles: tuple[str, ...], output: str, threshold: float, keep: str, fmt: str, quiet: bool) -> None:
    """Find near-duplicate articles (reprints, edition variants) in ARTICLES (JSONL, JSONL.gz,
    Parquet or release folders; - for stdin) and write their clusters."""
    out = Output(fmt, quiet)
    with out.errors():
        from baokan.dedup import DedupParams
        from baokan.dedup.files import dedup_files

        to_stdout = output == STDIO
        if to_stdout and out.json:
            raise UsageError("-o - and --format json would both write to stdout; choose one")
        params = DedupParams(threshold=threshold, keep=keep)
        with out.progress(desc="reading", unit=" articles") as bar:
            summary = dedup_files(
                list(articles),
                sys.stdout.buffer if to_stdout else Path(output),
                params,
                progress=bar.update if bar is not None else None,
            )
    if out.json:
        out.document(summary.to_dict())
    out.note(
        f"{summary.articles} articles in {summary.files} files: {summary.clusters} clusters of near duplicates, "
        f"{summary.duplicates} duplicates → {summary.output}"
    )
