"""`baokan segment`: raw page text files → article records (JSON Lines)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import click
import orjson

from baokan.cli import cli
from baokan.cli._common import EXIT_INVALID, err, handle_errors, progress_bar
from baokan.errors import InputError, OutputError, UsageError

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


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_atomic(path: Path, data: bytes) -> None:
    """Write a whole file or nothing: a temporary file beside it, renamed into place.

    Any OSError (no space, read-only file system, no permission, a parent that is a file)
    becomes an `OutputError` naming the path; the temporary file is removed.
    """
    tmp: str | None = None
    for ancestor in path.parents:
        if ancestor.exists() or ancestor.is_symlink():
            if not ancestor.is_dir():
                raise OutputError(path, f"{ancestor} is not a folder")
            break
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        # mkstemp creates the file 0600; an output gets the mode any new file would get.
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException as exc:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        if isinstance(exc, OSError):
            raise OutputError.from_os_error(exc, path) from exc
        raise


@cli.command("segment", epilog=EPILOG)
@click.argument("pages", nargs=-1, required=True, metavar="PAGE...")
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False), metavar="ARTICLES.jsonl",
    help="Where to write the article records (JSON Lines).",
)
@click.option("--publication", default=None, metavar="NAME", help="Newspaper name for every page.")
@click.option("--date", default=None, metavar="YYYY-MM-DD", help="Issue date for every page.")
@click.option("--page", "page_no", type=int, default=None, metavar="N", help="Page number (one page only).")
@click.option(
    "--report", type=click.Path(dir_okay=False), default=None, metavar="REPORT.json",
    help="Write a per-page JSON report (fragments, warnings, errors).",
)
@click.option(
    "--rejects", type=click.Path(dir_okay=False), default=None, metavar="REJECTS.jsonl",
    help="Where to list rejected pages with their reasons (default: ARTICLES.jsonl.rejects.jsonl).",
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
    quiet: bool,
) -> None:
    """Segment raw newspaper PAGE text files into article records.

    Each page is cut into articles (headline, kicker, subtitle, dateline,
    byline and authors, paragraphs, captions); material that belongs to no
    article is kept as a page fragment in the report, never dropped.
    """
    from baokan.pages import read_page
    from baokan.segment import segment_page

    with handle_errors():
        files = _collect(pages)
        if page_no is not None and len(files) > 1:
            raise UsageError("--page applies to a single page; several pages were given")
        if page_no is not None and page_no < 1:
            raise UsageError("--page must be >= 1")
        out_path = Path(output)
        rejects_path = Path(rejects) if rejects else out_path.with_name(out_path.name + ".rejects.jsonl")
        _check_distinct(files, out_path, Path(report) if report else None, rejects_path)
        lines: list[bytes] = []
        rejected_lines: list[bytes] = []
        entries: list[dict[str, Any]] = []
        rejected = n_articles = n_fragments = n_warnings = 0
        with progress_bar(quiet, total=len(files), desc="segmenting", unit=" pages") as bar:
            for f in files:
                entry: dict[str, Any] = {
                    "file": str(f), "sha256": None, "encoding": None,
                    "articles": 0, "fragments": [], "warnings": [], "errors": [],
                }
                try:
                    raw = read_page(f, publication=publication, date=date, page=page_no)
                except InputError as exc:
                    rejected += 1
                    entry["errors"].append(str(exc))
                    rejected_lines.append(orjson.dumps({"file": str(f), "line": exc.line, "reason": exc.message}))
                    err(f"error: {exc}")
                    entries.append(entry)
                    if bar is not None:
                        bar.update(1)
                    continue
                result = segment_page(raw)
                entry.update(sha256=raw.sha256, encoding=raw.encoding, articles=len(result.articles))
                entry["fragments"] = [
                    {"text": fr.text, "lines": [fr.line_start, fr.line_end], "reason": fr.reason}
                    for fr in result.fragments
                ]
                page_warnings = list(raw.warnings)
                if not raw.text.strip():
                    page_warnings.append("empty page: no text")
                if not quiet:
                    for w in page_warnings:
                        err(f"warning: {f}: {w}")
                entry["warnings"] = page_warnings + list(result.warnings)
                for a in result.articles:
                    lines.append(orjson.dumps(a.to_dict()))
                n_articles += len(result.articles)
                n_fragments += len(result.fragments)
                n_warnings += len(entry["warnings"])
                entries.append(entry)
                if bar is not None:
                    bar.update(1)
        _write_atomic(out_path, b"".join(x + b"\n" for x in lines))
        if rejected_lines:
            _write_atomic(rejects_path, b"".join(x + b"\n" for x in rejected_lines))
        elif rejects_path.is_file() and not rejects:
            # a stale default rejects file of an earlier run would now be wrong
            rejects_path.unlink(missing_ok=True)
        if report:
            doc = {
                "pages": len(files),
                "articles": n_articles,
                "fragments": n_fragments,
                "warnings": n_warnings,
                "rejected": rejected,
                "output": str(out_path),
                "rejects": str(rejects_path) if rejected_lines else None,
                "page_reports": entries,
            }
            _write_atomic(Path(report), orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n")
        if not quiet:
            err(
                f"{len(files)} pages, {n_articles} articles, {n_fragments} fragments, {n_warnings} warnings"
            )
            see = f" (see {rejects_path})" if rejected else ""
            err(f"{len(files)} pages in, {n_articles} articles out, {rejected} pages rejected{see}")
        if rejected:
            raise SystemExit(EXIT_INVALID)
