"""`baokan segment`: raw page text files → article records (JSON Lines)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from baokan.cli import cli
from baokan.cli._common import EXIT_INVALID, err, handle_errors, progress_bar
from baokan.errors import UsageError

if TYPE_CHECKING:
    from baokan.build import PageOutcome

EPILOG = """\b
Examples:
  baokan segment data/raw/lvliang-daily/ -o articles.jsonl
  baokan segment page-03.txt -o out.jsonl --publication 吕梁日报 --date 2023-04-11 --page 3
  baokan segment pages/ -o out.jsonl --report report.json --quiet

\b
PAGE may be a file or a directory (searched recursively for *.txt, in sorted
order). Page metadata comes from the options, else a <stem>.meta.json sidecar,
else the folder convention <publication>/<YYYY-MM-DD>/<page>.txt.
\b
Output: one article record per line (schema/article.schema.json), written
atomically. The report (--report) lists per page: file, sha256, encoding,
articles, fragments (text, lines, reason), warnings and errors. Pages that
cannot be read (binary, undecodable, bad sidecar) are listed with the reason in
the rejects file (--rejects, default ARTICLES.jsonl.rejects.jsonl; written only
when a page is rejected). Stderr ends with
"N pages in, M articles out, K pages rejected (see REJECTS)".
\b
Exit codes: 0 every page segmented, 1 some page could not be read (the others
are still segmented and written) or an output cannot be written, 2 usage error.
"""


def _collect(paths: tuple[str, ...]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            files.extend(sorted(x for x in p.rglob("*.txt") if x.is_file()))
        elif p.exists():
            files.append(p)
        else:
            raise UsageError(f"{p}: no such file or directory")
        if p.is_dir() and not files:
            raise UsageError(f"{p}: no *.txt page files in this folder")
    # keep the first occurrence of a file given twice
    seen: set[Path] = set()
    out: list[Path] = []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _check_distinct(pages: list[Path], output: Path, report: Path | None, rejects: Path) -> None:
    """Refuse to overwrite a page with an output, or one output with another: nothing is lost."""
    page_keys = {p.resolve() for p in pages}
    named: dict[Path, str] = {}
    for option, path in (("-o/--output", output), ("--report", report), ("--rejects", rejects)):
        if path is None:
            continue
        key = path.resolve()
        if key in page_keys:
            raise UsageError(f"{option} {path} is one of the pages to segment; refusing to overwrite it")
        if key in named:
            raise UsageError(f"{option} {path} is also given as {named[key]}; use two different files")
        named[key] = option


@cli.command("segment", epilog=EPILOG)
@click.argument("pages", nargs=-1, required=True, metavar="PAGE...")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    metavar="ARTICLES.jsonl",
    help="Where to write the article records (JSON Lines).",
)
@click.option("--publication", default=None, metavar="NAME", help="Newspaper name for every page.")
@click.option("--date", default=None, metavar="YYYY-MM-DD", help="Issue date for every page.")
@click.option(
    "--page", "page_no", default=None, metavar="LABEL", help="Page label or number, e.g. 3 or A3 (one page only)."
)
@click.option(
    "--report",
    type=click.Path(dir_okay=False),
    default=None,
    metavar="REPORT.json",
    help="Write a per-page JSON report (fragments, warnings, errors).",
)
@click.option(
    "--rejects",
    type=click.Path(dir_okay=False),
    default=None,
    metavar="REJECTS.jsonl",
    help="Where to list rejected pages with their reasons (default: ARTICLES.jsonl.rejects.jsonl).",
)
@click.option(
    "--workers",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Processes to segment pages in (default: all cores); the output is the same for any number.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary on stderr.")
def segment_command(
    pages: tuple[str, ...],
    output: str,
    publication: str | None,
    date: str | None,
    page_no: int | None,
    report: str | None,
    rejects: str | None,
    workers: int | None,
    quiet: bool,
) -> None:
    """Segment raw newspaper PAGE text files into article records.

    Each page is cut into articles (headline, kicker, subtitle, dateline,
    byline and authors, paragraphs, captions); material that belongs to no
    article is kept as a page fragment in the report, never dropped.
    """
    from baokan.build import segment_files

    with handle_errors():
        files = _collect(pages)
        if page_no is not None and len(files) > 1:
            raise UsageError("--page applies to a single page; several pages were given")
        out_path = Path(output)
        rejects_path = Path(rejects) if rejects else out_path.with_name(out_path.name + ".rejects.jsonl")
        report_path = Path(report) if report else None
        _check_distinct(files, out_path, report_path, rejects_path)
        with progress_bar(quiet, total=len(files), desc="segmenting", unit=" pages") as bar:

            def on_page(outcome: PageOutcome) -> None:
                if outcome.error is not None:
                    err(f"error: {outcome.error_where}: {outcome.error}")
                elif not quiet:
                    for warning in outcome.page_warnings:
                        err(f"warning: {outcome.input_name}: {warning}")
                if bar is not None:
                    bar.update(1)

            summary = segment_files(
                files,
                out_path,
                rejects=rejects_path,
                report=report_path,
                publication=publication,
                date=date,
                page=page_no,
                workers=workers or os.cpu_count() or 1,
                on_page=on_page,
            )
        if not quiet:
            err(
                f"{summary.pages} pages, {summary.articles} articles, {summary.fragments} fragments, "
                f"{summary.warnings} warnings"
            )
            see = f" (see {summary.rejects})" if summary.rejects else ""
            err(f"{summary.pages} pages in, {summary.articles} articles out, {summary.rejected} pages rejected{see}")
        if summary.rejected:
            raise SystemExit(EXIT_INVALID)
