"""`baokan segment`: raw page text files → article records (JSON Lines)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from baokan.cli.common import STDIO, Output, format_option, quiet_option, workers_option
from baokan.cli.group import cli
from baokan.errors import UsageError
from baokan.reporters import segment_summary

if TYPE_CHECKING:
    from tqdm import tqdm

    from baokan.build import PageOutcome

# The rejects file of `-o -` (no ARTICLES.jsonl to name it after).
STDOUT_REJECTS = "segment.rejects.jsonl"

EPILOG = f"""\b
Examples:
  baokan segment data/raw/lvliang-daily/ -o articles.jsonl
  baokan segment page-03.txt -o out.jsonl --publication 吕梁日报 --date 2023-04-11 --page 3
  baokan segment pages/ -o out.jsonl --report report.json --quiet
  baokan segment data/raw/lvliang-daily-pdf/ -o articles.jsonl   # PDF e-paper
  baokan segment pages/ -o - | baokan validate -

\b
PAGE may be a file or a folder (searched recursively, in sorted order, for
page text *.txt and layout files: PDF *.pdf, ALTO *.xml, hOCR *.hocr,
PaddleOCR *_res.json; the format is told by content). Every page of a PDF is
a newspaper page. Page metadata comes from the options, else a
<stem>.meta.json sidecar, else the folder convention
<publication>/<YYYY-MM-DD>/<page>.txt (or .pdf, ...).
\b
Output: one article record per line (schema/article.schema.json), written
atomically; `-o -` writes them to stdout. The report (--report) lists per page:
file, sha256, encoding, articles, fragments (text, lines, reason), warnings and
errors. Pages that cannot be read (binary, undecodable, bad sidecar) are listed
with the reason in the rejects file (--rejects, default
ARTICLES.jsonl.rejects.jsonl, or {STDOUT_REJECTS} with -o -; written only when a
page is rejected). --format json: one document {{"pages", "articles",
"fragments", "warnings", "rejected", "output", "rejects"}} on stdout. Stderr
ends with "N pages in, M articles out, K pages rejected (see REJECTS)".
\b
Exit codes: 0 every page segmented, 1 some page could not be read (the others
are still segmented and written) or an output cannot be written, 2 usage error.
"""


def _check_distinct(pages: list[Path], output: Path | None, report: Path | None, rejects: Path) -> None:
    """Refuse to overwrite a page with an output, or one output with another: nothing is lost."""
    named: dict[Path, str] = {}
    existing: dict[tuple[int, int], str] = {}
    for option, path in (("-o/--output", output), ("--report", report), ("--rejects", rejects)):
        if path is None:
            continue
        key = path.resolve()
        if key in named:
            raise UsageError(f"{option} {path} is also given as {named[key]}; use two different files")
        named[key] = option
        st = _stat(path)
        if st is not None:
            existing.setdefault((st.st_dev, st.st_ino), f"{option} {path}")
    # only an output that exists can be a page: the pages are looked at (one stat each; a hard
    # link or a symlink to a page is the page) only then
    for page in pages if existing else ():
        st = _stat(page)
        clash = None if st is None else existing.get((st.st_dev, st.st_ino))
        if clash is not None:
            raise UsageError(f"{clash} is one of the pages to segment; refusing to overwrite it")


def _stat(path: Path) -> os.stat_result | None:
    """The file's status, or None where there is none to read: a page that is gone is rejected
    with its reason when it is read, not here."""
    try:
        return path.stat()
    except OSError:
        return None


def _on_page(out: Output, bar: tqdm[Any] | None) -> Callable[[PageOutcome], None]:
    def on_page(outcome: PageOutcome) -> None:
        if outcome.error is not None:
            out.note(f"rejected: {outcome.error_where}: {outcome.error}")
        else:
            for warning in outcome.page_warnings:
                out.note(f"warning: {outcome.input_name}: {warning}")
        if bar is not None:
            bar.update(1)

    return on_page


@cli.command("segment", epilog=EPILOG)
@click.argument("pages", nargs=-1, required=True, metavar="PAGE...")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    metavar="ARTICLES.jsonl",
    help="Where to write the article records (JSON Lines; - for stdout).",
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
@workers_option("Processes to segment pages in; the output is the same for any number")
@click.option(
    "--follow-symlinks",
    is_flag=True,
    help="Read page files that are symbolic links pointing outside the folder given (refused by default).",
)
@format_option("The counts", text="nothing (text)")
@quiet_option()
def segment_command(
    pages: tuple[str, ...],
    output: str,
    publication: str | None,
    date: str | None,
    page_no: str | None,
    report: str | None,
    rejects: str | None,
    workers: int | None,
    follow_symlinks: bool,
    fmt: str,
    quiet: bool,
) -> None:
    """Segment raw newspaper PAGE text files into article records.

    Each page is cut into articles (headline, kicker, subtitle, dateline,
    byline and authors, paragraphs, captions); material that belongs to no
    article is kept as a page fragment in the report, never dropped.
    """
    out = Output(fmt, quiet)
    with out.errors():
        from baokan.build import segment_files
        from baokan.pages import collect_page_keys

        to_stdout = output == STDIO
        if to_stdout and out.json:
            raise UsageError("-o - and --format json would both write to stdout; choose one")
        keyed = collect_page_keys(pages, follow_symlinks=follow_symlinks)
        files = [file for file, _ in keyed]
        if page_no is not None and len(files) > 1:
            raise UsageError("--page applies to a single page; several pages were given")
        if page_no is not None and not page_no.strip():
            raise UsageError("--page must not be empty")
        out_path = None if to_stdout else Path(output)
        default_rejects = Path(STDOUT_REJECTS) if out_path is None else Path(f"{out_path}.rejects.jsonl")
        rejects_path = Path(rejects) if rejects else default_rejects
        report_path = Path(report) if report else None
        _check_distinct(files, out_path, report_path, rejects_path)
        with out.progress(total=len(files), desc="segmenting", unit=" pages") as bar:
            summary = segment_files(
                keyed,
                out_path if out_path is not None else sys.stdout.buffer,
                rejects=rejects_path,
                report=report_path,
                publication=publication,
                date=date,
                page=page_no,
                workers=workers or os.cpu_count() or 1,
                on_page=_on_page(out, bar),
            )
    out.note(segment_summary(summary))
    if summary.rejected:
        message = f"{summary.rejected} of {summary.pages} pages could not be read (listed in {summary.rejects})"
        out.fail(message, **summary.to_dict())
    if out.json:
        out.document(summary.to_dict())
