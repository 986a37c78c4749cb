"""`build_site`: a release → a static site to look at it, from `file://` or any static host.

Layout of SITE/ (nothing else is written there; the same release gives the same bytes):

    index.html                      card summary, plots (inline SVG), the searchable article list
    assets/style.css, list.js, page.js
    data/list-NNNNN.js              the article list in chunks of `list_chunk_rows` rows
    data/bodies-NNNNN.js            article bodies, whole pages per shard (~`body_shard_bytes`)
    pages/NNNN/NNNNNN.html          one view per raw page: its lines, each article's line range in
                                    its own colour, fragments and furniture marked

Data files are JSON wrapped in a call (`baokan.chunk("list", 3, [...]);`) and loaded with script
tags: browsers refuse `fetch` of `file://` URLs, scripts they load. The index loads the list chunk
by chunk; a page view loads its bodies shard when an article is opened; a search over bodies reads
the body shards one after another.

Memory stays bounded for any release: records are sorted into page order on disk
(`release.spool.SortedSpool`), and pages are written one at a time.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html import escape
from importlib import resources
from pathlib import Path, PurePosixPath
from string import Template
from typing import Any

import orjson

from baokan.browse.plots import release_plots
from baokan.browse.rawpages import PageLocator, PageText
from baokan.browse.release import FragmentRow, Release, iter_articles, iter_page_inputs, open_release
from baokan.browse.stats import ReleaseStats, pages_with_fragments, release_stats
from baokan.errors import OutputError, UsageError
from baokan.release.spool import SortedSpool

Progress = Callable[[str, int], None]

GENERATOR = "baokan browse"
COLOURS = 12  # article colours on a page view (CSS classes c0 … c11)
PAGES_PER_FOLDER = 1000
ASSETS = ("style.css", "list.js", "page.js")


@dataclass
class SiteOptions:
    page_dirs: list[Path] = field(default_factory=list)  # where to look for the raw pages first
    list_chunk_rows: int = 2000
    body_shard_bytes: int = 512 * 1024
    sort_run_bytes: int = 16 * 1024 * 1024  # memory for each on-disk sort's runs


@dataclass
class SiteResult:
    path: Path
    articles: int = 0
    pages: int = 0
    pages_without_text: int = 0
    problems: list[str] = field(default_factory=list)  # the first few pages whose text is missing
    files: int = 0
    bytes: int = 0


SHOWN_PROBLEMS = 10


# -- the pages, in order, with their records and fragments ---------------------------------------


@dataclass
class SitePage:
    name: str  # input name (a build) or the records' file name
    sha256: str
    records: list[dict[str, Any]]  # compact records (`_compact`), by line_start then id
    fragments: list[FragmentRow]
    publication: str | None = None
    date: str | None = None
    label: str | None = None


def _compact(record: dict[str, Any]) -> dict[str, Any]:
    source = record["source"]
    return {
        "id": record["id"],
        "title": record["title"],
        "kicker": record["kicker"],
        "subtitle": record["subtitle"],
        "byline": record["byline"],
        "authors": [a["name"] for a in record["authors"]],
        "text": record["text"],
        "captions": [c["text"] for c in record["captions"]],
        "flags": list(record["flags"]),
        "publication": source["publication"],
        "date": source["date"],
        "page": source["page"],
        "page_number": source["page_number"],
        "file": source["file"],
        "sha256": source["sha256"],
        "start": source["line_start"],
        "end": source["line_end"],
        # layout input (schema 2.1.0): the page of its file and the boxes it was built from
        "page_index": source.get("page_index"),
        "regions": [[r["x0"], r["y0"], r["x1"], r["y1"]] for r in record.get("regions") or []],
    }


def _packed(c: dict[str, Any]) -> bytes:
    """The JSON of a compact record, copied to a bytes object of its own size: orjson's result keeps
    the capacity of its output buffer (32 KiB for a 3 KB article), which the spool's accounting
    of held bytes does not see."""
    return memoryview(orjson.dumps(c)).tobytes()


def _natural_key(c: dict[str, Any]) -> str:
    """Order of pages a release does not list: publication, date, page number, label, file."""
    number = f"{c['page_number']:06d}" if c["page_number"] is not None else "~"
    return "\x00".join(["~", c["publication"], c["date"] or "", number, c["page"] or "", c["file"], c["sha256"]])


def iter_site_pages(
    release: Release, work: Path, options: SiteOptions, progress: Progress | None
) -> Iterator[SitePage]:
    """Every page in site order with its records and fragments, in bounded memory.

    A build's pages come in the order it read them (inputs.jsonl), each record joined to its page
    by (sha256, file name) in an on-disk sort; pages that only records name (a release made by
    `publish`) follow, ordered by publication, date and page."""
    run = options.sort_run_bytes
    by_page = SortedSpool(work, "by-page", run)
    if release.page_inputs:
        pages = SortedSpool(work, "pages", run)
        for page in iter_page_inputs(release):
            pages.add(f"{page.sha256}\x00{PurePosixPath(page.name).name}", page.index, 0, 0, b"")
        records = SortedSpool(work, "records", run)
        for seq, record in enumerate(iter_articles(release)):
            c = _compact(record)
            records.add(f"{c['sha256']}\x00{c['file']}\x00{c['start']:010d}\x00{c['id']}", seq, 0, 0, _packed(c))
            if progress is not None:
                progress("sort", 1)
        page_entries = pages.sorted()
        current = next(page_entries, None)
        for entry in records.sorted():
            join = entry.key.rsplit("\x00", 2)[0]
            while current is not None and current.key < join:
                current = next(page_entries, None)
            c = orjson.loads(entry.line)
            key = f"{current.seq:012d}" if current is not None and current.key == join else _natural_key(c)
            by_page.add(f"{key}\x01{c['start']:010d}\x00{c['id']}", entry.seq, 0, 0, entry.line)
        for _ in page_entries:  # drain: the spool removes its run files at the end
            pass
    else:
        for seq, record in enumerate(iter_articles(release)):
            c = _compact(record)
            by_page.add(f"{_natural_key(c)}\x01{c['start']:010d}\x00{c['id']}", seq, 0, 0, _packed(c))
            if progress is not None:
                progress("sort", 1)

    groups = _grouped(by_page)
    pending = next(groups, None)
    if release.page_inputs:
        for page, fragments in pages_with_fragments(release):
            own: list[dict[str, Any]] = []
            if pending is not None and pending[0] == f"{page.index:012d}":
                own = pending[1]
                pending = next(groups, None)
            yield _site_page(page.name, page.sha256, own, fragments)
    while pending is not None:
        first = pending[1][0]
        yield _site_page(first["file"], first["sha256"], pending[1], [])
        pending = next(groups, None)


def _grouped(spool: SortedSpool) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    key: str | None = None
    group: list[dict[str, Any]] = []
    for entry in spool.sorted():
        page_key = entry.key.partition("\x01")[0]
        if page_key != key:
            if key is not None:
                yield key, group
            key, group = page_key, []
        group.append(orjson.loads(entry.line))
    if key is not None:
        yield key, group


def _site_page(name: str, sha256: str, records: list[dict[str, Any]], fragments: list[FragmentRow]) -> SitePage:
    page = SitePage(name, sha256, records, fragments)
    if records:
        page.publication, page.date, page.label = records[0]["publication"], records[0]["date"], records[0]["page"]
    else:  # what the page's furniture says, if anything
        for fragment in fragments:
            fields = fragment.fields or {}
            page.publication = page.publication or _text(fields.get("publication"))
            page.date = page.date or _text(fields.get("date"))
            page.label = page.label or _text(fields.get("page_label"))
    return page


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


# -- writing -------------------------------------------------------------------------------------


def _template(name: str) -> str:
    return resources.files("baokan.browse").joinpath("templates", name).read_text(encoding="utf-8")


def _json_script(data: Any) -> str:
    """JSON for a <script type="application/json"> element ("</" cannot end the element)."""
    return orjson.dumps(data).decode("utf-8").replace("</", "<\\/")


def _chunk(kind: str, number: int, data: Any) -> bytes:
    return b'baokan.chunk("' + kind.encode() + b'",' + str(number).encode() + b"," + orjson.dumps(data) + b");\n"


def page_href(number: int) -> str:
    """The site path of page view `number` (0-based, in site order)."""
    return f"pages/{number // PAGES_PER_FOLDER:04d}/{number:06d}.html"


class _Writer:
    def __init__(self, root: Path, options: SiteOptions, locator: PageLocator) -> None:
        self.root = root
        self.options = options
        self.locator = locator
        self.result = SiteResult(root)
        self.list_rows: list[list[Any]] = []
        self.list_chunks = 0
        self.bodies: list[list[Any]] = []
        self.body_bytes = 0
        self.body_shards = 0
        self.pages = 0
        self.page_template = Template(_template("page.html"))
        self.previous: tuple[SitePage, int, int] | None = None  # a page waits until we know if one follows
        (root / "data").mkdir(parents=True)
        (root / "pages").mkdir()

    def add(self, page: SitePage) -> None:
        number = self.pages
        self.pages += 1
        shard = self.body_shards
        for c in page.records:
            body = [c["id"], c["kicker"], c["title"], c["subtitle"], c["byline"], c["text"], c["captions"]]
            self.bodies.append(body)
            self.body_bytes += len(c["text"]) * 3 + 200
            self.list_rows.append(
                [
                    c["id"],
                    c["title"] or "",
                    "、".join(c["authors"]),
                    c["publication"],
                    c["date"] or "",
                    c["page"] or "",
                    c["flags"],
                    number,
                    c["start"],
                    c["end"],
                ]
            )
            if len(self.list_rows) >= self.options.list_chunk_rows:
                self._flush_list()
        if self.body_bytes >= self.options.body_shard_bytes:
            self._flush_bodies()
        self.result.articles += len(page.records)
        if self.previous is not None:
            self._write_page(*self.previous, has_next=True)
        self.previous = (page, number, shard)

    def _flush_list(self) -> None:
        if self.list_rows:
            path = self.root / "data" / f"list-{self.list_chunks:05d}.js"
            path.write_bytes(_chunk("list", self.list_chunks, self.list_rows))
            self.list_chunks += 1
            self.list_rows = []

    def _flush_bodies(self) -> None:
        if self.bodies:
            path = self.root / "data" / f"bodies-{self.body_shards:05d}.js"
            path.write_bytes(_chunk("bodies", self.body_shards, self.bodies))
            self.body_shards += 1
            self.bodies = []
            self.body_bytes = 0

    def finish(self, release: Release, stats: ReleaseStats) -> SiteResult:
        if self.previous is not None:
            self._write_page(*self.previous, has_next=False)
        self._flush_list()
        self._flush_bodies()
        self._write_index(release, stats)
        assets = self.root / "assets"
        assets.mkdir()
        for name in ASSETS:
            (assets / name).write_text(_template(name), encoding="utf-8")
        self.result.pages = self.pages
        return self.result

    # -- one page view ---------------------------------------------------------------------------

    def _write_page(self, page: SitePage, number: int, shard: int, *, has_next: bool) -> None:
        text = self.locator.read(page.name, page.sha256, page.publication, page.date)
        if text.lines is None:
            self.result.pages_without_text += 1
            if len(self.result.problems) < SHOWN_PROBLEMS and text.detail:
                self.result.problems.append(text.detail)
        html = render_page(page, number, shard, text, has_next=has_next, template=self.page_template)
        path = self.root / page_href(number)
        path.parent.mkdir(exist_ok=True)
        path.write_text(html, encoding="utf-8")

    # -- the index -------------------------------------------------------------------------------

    def _write_index(self, release: Release, stats: ReleaseStats) -> None:
        card = release.card
        title = str(card.get("pretty_name") or release.name)
        site_data = {
            "articles": self.result.articles,
            "pages": self.pages,
            "list_chunks": self.list_chunks,
            "chunk_rows": self.options.list_chunk_rows,
            "body_shards": self.body_shards,
            "flags": [label for label, _ in stats.flag_series()],
            "publications": [label for label, _ in stats.publication_series()],
        }
        plots = "\n".join(f'<figure class="plot-box">{svg}</figure>' for _, svg in release_plots(stats))
        first = f'<a href="{page_href(0)}">first page</a>' if self.pages else "no pages"
        html = Template(_template("index.html")).substitute(
            title=escape(title),
            name=escape(release.name),
            version=escape(release.version),
            summary=_summary(release, stats),
            description=_description(release),
            plots=plots,
            site_data=_json_script(site_data),
            articles=self.result.articles,
            pages=self.pages,
            first_page=first,
        )
        (self.root / "index.html").write_text(html, encoding="utf-8")


def _description(release: Release) -> str:
    text = release.config.get("description") or release.card.get("description")
    if not isinstance(text, str) or not text.strip():
        return ""
    return f'<p class="description">{escape(" ".join(text.split()))}</p>'


def _summary(release: Release, stats: ReleaseStats) -> str:
    manifest = release.manifest
    rows: list[tuple[str, str]] = [("name", release.name), ("version", release.version)]
    license_ = release.card.get("license") or release.config.get("license")
    if license_:
        rows.append(("license", str(license_)))
    rows.append(("articles", f"{stats.articles:,}"))
    splits = ", ".join(
        f"{name} {entry.get('rows', 0):,}" for name, entry in manifest["splits"].items() if isinstance(entry, dict)
    )
    rows.append(("splits", splits))
    rows.append(("pages", f"{stats.pages:,}"))
    rows.append(("characters", f"{stats.characters:,}"))
    if stats.per_date:
        rows.append(("dates", f"{min(stats.per_date)} to {max(stats.per_date)}"))
    rows.append(("flagged articles", f"{stats.flagged:,}"))
    if stats.fragments is not None:
        rows.append(("fragments", f"{stats.fragments:,}"))
    for key, label in (("rejects", "rejected records"), ("duplicates", "duplicates left out")):
        entry = manifest.get(key)
        if isinstance(entry, dict) and entry.get("count") is not None:
            rows.append((label, f"{entry['count']:,}"))
    schema = manifest.get("schema")
    if isinstance(schema, dict) and schema.get("version"):
        rows.append(("schema", str(schema["version"])))
    tool = manifest.get("tool")
    if isinstance(tool, dict) and tool.get("version"):
        rows.append(("made by", f"{tool.get('name', 'baokan')} {tool['version']}"))
    return "\n".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows)


def render_page(
    page: SitePage, number: int, shard: int, text: PageText, *, has_next: bool, template: Template | None = None
) -> str:
    """The HTML of one page view."""
    # records number the lines of their page of the file; the view shows a layout file's pages
    # one after the other
    records = [
        dict(c, start=text.line_of(c.get("page_index"), c["start"]), end=text.line_of(c.get("page_index"), c["end"]))
        for c in page.records
    ]
    colour = {c["id"]: index % COLOURS for index, c in enumerate(records)}
    heading = " · ".join(x for x in (page.publication, page.date, f"page {page.label}" if page.label else None) if x)
    heading = heading or page.name
    items = []
    for index, c in enumerate(records):
        title = escape(c["title"]) if c["title"] else '<span class="none">(no title)</span>'
        flags = "".join(f'<span class="flag">{escape(f)}</span>' for f in c["flags"])
        authors = escape(" · " + "、".join(c["authors"])) if c["authors"] else ""
        items.append(
            f'<li class="art-item" data-idx="{index}" data-id="{escape(c["id"])}" tabindex="0">'
            f'<span class="sw c{colour[c["id"]]}"></span><span class="art-title">{title}</span>'
            f'<span class="meta">lines {c["start"]}&ndash;{c["end"]}{authors}</span>{flags}</li>'
        )
    fragments = []
    for f in page.fragments:
        fragments.append(
            f'<li class="frag-item f-{escape(f.kind)}"><span class="kind">{escape(f.kind)}</span> '
            f'<a href="#L{f.line_start}">lines {f.line_start}&ndash;{f.line_end}</a> '
            f'<span class="frag-text">{escape(_short(f.text))}</span></li>'
        )
    notice = ""
    if text.lines is None:
        notice = f'<p class="notice">The raw page text is not shown: {escape(text.problem or "not found")}.</p>'
    lines = _render_lines(records, page.fragments, text.lines or [], colour)
    page_data = {
        "articles": [[c["id"], c["start"], c["end"]] for c in records],
        "shard": shard,
        "number": number,
    }
    nav = ['<a href="../../index.html">index</a>']
    if number > 0:
        nav.append(f'<a rel="prev" href="../../{page_href(number - 1)}">← previous page</a>')
    if has_next:
        nav.append(f'<a rel="next" href="../../{page_href(number + 1)}">next page →</a>')
    return (template or Template(_template("page.html"))).substitute(
        title=escape(heading),
        heading=escape(heading),
        source=escape(page.name),
        sha256=escape(page.sha256),
        nav=" · ".join(nav),
        count=len(records),
        articles="\n".join(items) or '<li class="none">no articles on this page</li>',
        fragments="\n".join(fragments) or '<li class="none">none</li>',
        notice=notice,
        geometry=_render_geometry(text, records, colour),
        lines=lines,
        page_data=_json_script(page_data),
    )


def _short(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _render_geometry(text: PageText, records: list[dict[str, Any]], colour: dict[str, int]) -> str:
    """Layout input: each page of the file as an SVG of its line boxes (grey) and photos, with
    every article's regions drawn over them in the article's colour (`data-idx` its place in the
    list); nothing for page text."""
    out = []
    for index, geo in enumerate(text.geometry):
        shapes = [
            f'<rect class="ln" x="{x0:.1f}" y="{y0:.1f}" width="{x1 - x0:.1f}" height="{y1 - y0:.1f}"/>'
            for x0, y0, x1, y1 in geo.boxes
        ]
        shapes += [
            f'<rect class="ph" x="{x0:.1f}" y="{y0:.1f}" width="{x1 - x0:.1f}" height="{y1 - y0:.1f}"/>'
            for x0, y0, x1, y1 in geo.photos
        ]
        for i, c in enumerate(records):
            if (c.get("page_index") or 0) != index:
                continue
            for x0, y0, x1, y1 in c.get("regions") or []:
                shapes.append(
                    f'<rect class="r c{colour[c["id"]]}" data-idx="{i}" x="{x0:.1f}" y="{y0:.1f}" '
                    f'width="{x1 - x0:.1f}" height="{y1 - y0:.1f}"/>'
                )
        label = f"page {index + 1} of the file, {geo.width:.0f} by {geo.height:.0f} {escape(geo.unit)}"
        out.append(
            f'<figure class="geom"><svg viewBox="0 0 {geo.width:.1f} {geo.height:.1f}" role="img" '
            f'aria-label="{label}">{"".join(shapes)}</svg><figcaption>{label}</figcaption></figure>'
        )
    return "\n".join(out)


def _render_lines(
    records: list[dict[str, Any]], fragment_rows: list[FragmentRow], lines: list[str], colour: dict[str, int]
) -> str:
    """One `<p id="Ln">` per raw line (line numbers are a CSS counter): class `a cK` on a line in
    an article's range (K its colour; `o` where ranges overlap), `f f-KIND` on a fragment's line.
    Kept terse: a page view is mostly its lines."""
    count = len(lines)
    if not count:
        return ""
    inner: list[int | None] = [None] * (count + 1)
    overlap = [False] * (count + 1)
    # the innermost article (the shortest range) gives a line its colour
    for index in sorted(range(len(records)), key=lambda i: (records[i]["start"] - records[i]["end"], -i)):
        c = records[index]
        for no in range(max(1, c["start"]), min(count, c["end"]) + 1):
            overlap[no] = overlap[no] or inner[no] is not None
            inner[no] = index
    kinds: list[str | None] = [None] * (count + 1)
    for f in fragment_rows:
        for no in range(max(1, f.line_start), min(count, f.line_end) + 1):
            kinds[no] = f.kind
    starts = {c["start"]: index for index, c in enumerate(records)}
    out = []
    for no in range(1, count + 1):
        classes = []
        shown = inner[no]
        if shown is not None:
            classes.append(f"a c{colour[records[shown]['id']]}")
            if overlap[no]:
                classes.append("o")
        kind = kinds[no]
        if kind is not None:
            classes.append(f"f f-{escape(kind)}")
        attr = f' class="{" ".join(classes)}"' if classes else ""
        badge = ""
        if no in starts:
            first = starts[no]
            badge = f'<b class="badge c{colour[records[first]["id"]]}">{first + 1}</b>'
        tag = f'<i class="tag">{escape(kind)}</i>' if kind is not None and (no == 1 or kinds[no - 1] != kind) else ""
        out.append(f'<p id="L{no}"{attr}>{badge}{escape(lines[no - 1])}{tag}</p>')
    return "\n".join(out)


# -- the whole site ------------------------------------------------------------------------------


def build_site(
    release_path: str | Path,
    out: str | Path,
    options: SiteOptions | None = None,
    *,
    progress: Progress | None = None,
    on_total: Progress | None = None,
) -> SiteResult:
    """Write the site of the release at `release_path` to the folder `out`.

    `out` is replaced as a whole (a site written before by this function is replaced; any other
    existing non-empty folder is a UsageError). The site is assembled in a temporary folder beside
    `out` and renamed into place. `progress(stage, n)` reports records read ("stats", "sort") and
    pages written ("pages"); `on_total(stage, n)` the work a stage has ahead.
    """
    options = options or SiteOptions()
    release = open_release(release_path)
    target = Path(out)
    _check_target(target)
    if on_total is not None:
        on_total("stats", int(release.manifest.get("records") or 0))
    stats = release_stats(release, progress=progress)
    if on_total is not None:
        on_total("sort", stats.articles)
        on_total("pages", stats.pages)
    locator = PageLocator(release, options.page_dirs)
    try:
        parent = target.absolute().parent
        parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".baokan-browse-", dir=parent))
    except OSError as exc:
        raise OutputError.from_os_error(exc, target) from exc
    try:
        root = work / "site"
        writer = _Writer(root, options, locator)
        for page in iter_site_pages(release, work, options, progress):
            writer.add(page)
            if progress is not None:
                progress("pages", 1)
        result = writer.finish(release, stats)
        for path in root.rglob("*"):
            if path.is_file():
                result.files += 1
                result.bytes += path.stat().st_size
        _replace(target, root, work)
        result.path = target
        return result
    except OSError as exc:
        raise OutputError.from_os_error(exc, target) from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)


def is_site(folder: Path) -> bool:
    """A folder written by `build_site`: its index.html names the generator."""
    index = folder / "index.html"
    if not index.is_file():
        return False
    with open(index, "rb") as handle:
        head = handle.read(2048)
    return f'<meta name="generator" content="{GENERATOR}">'.encode() in head


def _check_target(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target}: exists and is not a folder")
    if target.is_dir() and any(target.iterdir()) and not is_site(target):
        raise UsageError(
            f"{target}: folder is not empty and holds no site written by `baokan browse`; not replacing it"
        )


def _replace(target: Path, built: Path, work: Path) -> None:
    """Put `built` at `target`, moving an old site out of the way first (into `work`, removed after)."""
    if target.exists():
        os.replace(target, work / "old")
    os.replace(built, target)
