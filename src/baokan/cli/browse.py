"""`baokan browse`: a static site to look at a release: plots, articles, and each page's lines."""

from __future__ import annotations

from pathlib import Path

import click

from baokan.cli.common import Output, format_option, quiet_option
from baokan.cli.group import cli

EPILOG = """\b
Examples:
  baokan browse data/releases/lvliang-daily/1.0.0 -o site/
  baokan browse releases/lvliang/1.0.0 -o site/ --pages raw/ --open
  python -m http.server -d site/    # or open site/index.html from disk

\b
The site (no server needed; works from file:// and any static host):
index.html with the card summary, plots (articles per date and per
publication, body length, flags, fragments per page) and a searchable
article list; one view per raw page with its lines, each article's line
range in its own colour, fragments and furniture marked. The same release
gives the same bytes. SITE is replaced as a whole: an earlier site there is
replaced, any other non-empty folder is left alone (exit 2).
\b
Raw page text: a release names its pages but does not hold them. They are
looked for in the --pages folders, then where the build read them (the
build config in the manifest, relative to the release's own folder). A file
is used only if its sha256 is the one recorded; a page view without its
text still lists its articles' line ranges and fragments, and says why.
\b
Output: the site's folder on stdout (--format json: one document {"site",
"articles", "pages", "pages_without_text", "files", "bytes"}); progress bars,
a warning about pages without text and a summary on stderr (--quiet
silences them).
\b
Exit codes: 0 written, 1 a file of the release cannot be read or SITE cannot
be written, 2 usage error (not a release folder, SITE holds something else).
"""


@cli.command("browse", epilog=EPILOG)
@click.argument("release", type=click.Path(path_type=Path))
@click.option(
    "--output", "-o", "site", type=click.Path(path_type=Path), required=True, help="Folder to write the site to."
)
@click.option(
    "--pages",
    "page_dirs",
    type=click.Path(path_type=Path, file_okay=False),
    multiple=True,
    metavar="DIR",
    help="A folder holding the raw pages (the build's source folder or its parent); repeatable.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open index.html in the web browser when done.")
@format_option("The result", text="the site's folder (text)")
@quiet_option()
def browse_command(
    release: Path, site: Path, page_dirs: tuple[Path, ...], open_browser: bool, fmt: str, quiet: bool
) -> None:
    """Write a static site to look at the release folder RELEASE (<root>/<name>/<version>/)."""
    out = Output(fmt, quiet)
    with out.errors():
        from baokan.browse.site import SiteOptions, build_site

        with out.stages({"stats": "rec", "sort": "rec", "pages": "pages"}) as bars:
            result = build_site(
                release,
                site,
                SiteOptions(page_dirs=list(page_dirs)),
                progress=bars.update if bars is not None else None,
                on_total=bars.total if bars is not None else None,
            )
    if out.json:
        out.document(
            {
                "site": str(result.path),
                "articles": result.articles,
                "pages": result.pages,
                "pages_without_text": result.pages_without_text,
                "files": result.files,
                "bytes": result.bytes,
            }
        )
    else:
        out.result(f"{result.path}\n")
    if result.pages_without_text:
        out.note(
            f"warning: {result.pages_without_text} of {result.pages} page views show no raw text "
            "(their line ranges and fragments are listed); the first reasons:\n"
            + "\n".join(f"  {problem}" for problem in result.problems)
        )
    out.note(
        f"site: {result.articles:,} articles, {result.pages:,} pages, {result.files:,} files, "
        f"{result.bytes / 1024 / 1024:.1f} MiB in {result.path}"
    )
    if open_browser:
        import webbrowser

        index = (result.path / "index.html").resolve()
        if not webbrowser.open(index.as_uri()):
            out.note(f"no web browser to open; open {index.as_uri()} yourself")
