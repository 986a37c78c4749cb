"""`baokan stats`: the numbers of a release, the same ones `baokan browse` plots."""

from __future__ import annotations

from pathlib import Path

import click

from baokan.cli.common import Output, format_option, quiet_option
from baokan.cli.group import cli

EPILOG = """\b
Examples:
  baokan stats data/releases/lvliang-daily/1.0.0
  baokan stats releases/lvliang/1.0.0 --format json > stats.json

\b
Numbers: articles, pages, characters; articles per date (the plot shows
months when there are more than 400 dates) and per publication; body length
histogram (characters of `text`, fixed bins); flags by kind; fragments per
page and by kind (releases made by `baokan build`, which list their pages).
These are exactly the numbers the plots of `baokan browse` show.
\b
Output: the report goes to stdout. JSON: one document {"name", "version",
"articles", "pages", "characters", "flagged_articles", "undated_articles",
"first_date", "last_date", "articles_per_date", "date_plot_unit", "date_plot",
"articles_per_publication", "body_length_histogram", "flags", "fragments",
"fragments_per_page_histogram", "fragments_by_kind"}.
\b
Exit codes: 0 ok, 1 a file of the release cannot be read, 2 usage error
(a path that is not a release folder).
"""


@cli.command("stats", epilog=EPILOG)
@click.argument("release", type=click.Path(path_type=Path))
@format_option()
@quiet_option()
def stats_command(release: Path, fmt: str, quiet: bool) -> None:
    """Print the statistics of the release folder RELEASE (<root>/<name>/<version>/)."""
    out = Output(fmt, quiet)
    with out.errors():
        from baokan.browse.stats import release_stats, render_stats_text

        with out.progress(desc="reading", unit=" records") as bar:

            def progress(_stage: str, n: int) -> None:
                if bar is not None:
                    bar.update(n)

            stats = release_stats(release, progress=progress)
    out.report(stats, render_stats_text)
