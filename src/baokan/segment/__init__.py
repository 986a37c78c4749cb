"""Segmentation: raw page text → clean article records plus page fragments.

``segment_text(text, *, publication, date, page, file, sha256) -> PageResult`` and
``segment_page(raw: RawPage) -> PageResult``; ``PageResult(articles, fragments, warnings, meta)``.

Stages (each a module of this package, each decision a named function with its own tests):

1. `lines`: raw lines → printed lines with geometry (characters normalized by `baokan.clean`);
   blank lines kept as evidence only where the page uses them to part blocks;
2. `tokens`: lines recognisable by their own content → blocks: page furniture (`furniture`),
   dateline heads, bylines (`bylines`), captions and credits;
3. `paragraphs`: the other lines → paragraphs, from the printed geometry of the columns; `blocks`
   makes them ``body`` or ``display`` blocks;
4. `stacks`: each group of display blocks → a headline stack or intertitles inside a body, by the
   weighed evidence around it (bylines after it, column widths, the words on both sides);
5. `articles`: blocks → articles: bodies, then headline stacks, captions and bylines attached to the
   article before or after them; a stack's lines → kicker, title, subtitle;
6. `quality`: flags a reader should see (`title_long`, `possible_column_interleave`, …).

Page metadata: the publication, date and page label given by the caller win; what the page's
furniture prints (`人民日报 2025年6月12日 星期四 第2版`) fills the ones missing (``meta``).

Conservation (nothing is lost, nothing is duplicated). The *conservation fields* of a page result are:
every article's ``title``, ``kicker``, ``subtitle``, ``byline``, ``paragraphs`` and each caption's
``text`` and ``credit``, plus every fragment's ``text``. (``dateline`` and ``authors`` repeat what
``byline`` holds, ``text`` repeats ``paragraphs``, so they are not counted.) Every ideograph and every
ASCII digit of the page, after `clean.normalize_chars`, occurs in the conservation fields exactly as
often as in the page (`conservation_text` gathers them). Cleaning only removes whitespace, markers such
as ``□``, the parentheses around bylines and credits, and turns ASCII commas between CJK into ``，``.

`segment_text` never raises on any string input: an unexpected internal error is caught, the whole
page is returned as one fragment (reason ``segmenter_error``) and a warning says why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from baokan.layout.model import LayoutPage
from baokan.records import Article, page_label, page_number_of

from .articles import Fragment, assemble, build_records
from .blocks import build_blocks, captions_between_headlines
from .cohesion import bigram_set
from .geometry import layout_text
from .lines import page_lines, split_lines
from .model import Block, Line, LineHint
from .quality import flag_interleave
from .stacks import resolve_display_groups

if TYPE_CHECKING:
    from baokan.pages import RawPage

__all__ = [
    "WINDOW_LINES",
    "Fragment",
    "PageMeta",
    "PageResult",
    "conservation_text",
    "segment_layout",
    "segment_page",
    "segment_text",
]

UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class PageMeta:
    """The page's metadata as the records carry it (given, or read off the page's furniture)."""

    publication: str
    date: str | None
    page: str | None
    from_furniture: tuple[str, ...] = ()  # the fields the furniture filled in


@dataclass(slots=True)
class PageResult:
    articles: list[Article] = field(default_factory=list)
    fragments: list[Fragment] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    meta: PageMeta | None = None

    def add(self, part: PageResult, warning_prefix: str = "") -> None:
        """Take in the result of a part of the page (a window, a page of a PDF); the metadata is
        the first part's."""
        self.articles += part.articles
        self.fragments += part.fragments
        self.warnings += [warning_prefix + w for w in part.warnings]
        self.meta = self.meta or part.meta


@dataclass(frozen=True, slots=True)
class _PageFacts:
    """What the caller says of the page being segmented, handed to each of its windows."""

    publication: str
    date: str | None
    page: str | int | None
    file: str
    sha256: str
    page_index: int | None
    region_unit: str | None
    page_fallback: str | None
    key: str | None


def segment_text(
    text: str,
    *,
    publication: str,
    date: str | None = None,
    page: str | int | None = None,
    file: str,
    sha256: str,
    key: str | None = None,
) -> PageResult:
    """Segment the text of one printed page into articles and fragments. `key` names the page
    file in ids (its path below its source root; `file`, the file name, when not given)."""
    return _segment(
        page_lines(text), None, publication=publication, date=date, page=page, file=file, sha256=sha256, key=key
    )


def segment_layout(
    layout: LayoutPage,
    *,
    publication: str,
    date: str | None = None,
    page: str | int | None = None,
    file: str,
    sha256: str,
    page_index: int | None = None,
    page_fallback: str | None = None,
    key: str | None = None,
) -> tuple[PageResult, str]:
    """Segment one page of a layout file (PDF, ALTO, hOCR, PaddleOCR): its lines in reading order
    as page text (`geometry.layout_text`), segmented as any page text with the hints the layout
    gives (type size, furniture bands, captions under photos); the records carry the boxes of
    their lines and `page_index` (the page's place in a file of several pages). Returns the
    result and the page text its line numbers refer to."""
    laid = layout_text(layout)
    result = _segment(
        page_lines(laid.text),
        laid.hints,
        publication=publication,
        date=date,
        page=page,
        file=file,
        sha256=sha256,
        page_index=page_index,
        region_unit=layout.unit,
        page_fallback=page_fallback,
        key=key,
    )
    if layout.kind in ("pdf-scan", "pdf-empty"):
        what = "a scanned page (images, no text layer)" if layout.kind == "pdf-scan" else "an empty page"
        result.warnings.append(f"PDF page {layout.index + 1} is {what}: nothing to segment")
    return result, laid.text


# A page's text is segmented in windows of about this many lines: a real page has a few hundred,
# and the stages hold some hundred bytes per line, so a 100 MB "page" (an archive's whole issue in
# one file) would take gigabytes at once. Windows end at a blank line where one is near.
WINDOW_LINES = 5_000
_WINDOW_SLACK = 1_000


def _windows(raw_lines: list[str]) -> list[tuple[int, int]]:
    """`[start, end)` line ranges covering the page, each about WINDOW_LINES long."""
    cuts = [0]
    while len(raw_lines) - cuts[-1] > WINDOW_LINES + _WINDOW_SLACK:
        at = cuts[-1] + WINDOW_LINES
        blank = next((k for k in range(at, at + _WINDOW_SLACK) if not raw_lines[k].strip()), at)
        cuts.append(blank)
    return [(a, b) for a, b in zip(cuts, [*cuts[1:], len(raw_lines)], strict=True)]


def _segment(
    raw_lines: list[str],
    hints: dict[int, LineHint] | None,
    *,
    publication: str,
    date: str | None,
    page: str | int | None,
    file: str,
    sha256: str,
    page_index: int | None = None,
    region_unit: str | None = None,
    page_fallback: str | None = None,
    key: str | None = None,
) -> PageResult:
    """Segment a page's lines, window by window when it is longer than WINDOW_LINES (the page's
    metadata from the first window; an article cut by a window's end becomes two)."""
    facts = _PageFacts(publication, date, page, file, sha256, page_index, region_unit, page_fallback, key)
    windows = _windows(raw_lines)
    merged = PageResult()
    for start, end in windows:
        merged.add(_segment_window(raw_lines, hints, facts, start, end))
    if len(windows) > 1:
        merged.warnings.append(
            f"a page of {len(raw_lines)} lines, segmented in {len(windows)} windows of about {WINDOW_LINES} lines"
        )
    return merged


def _segment_window(
    raw_lines: list[str], hints: dict[int, LineHint] | None, facts: _PageFacts, start: int, end: int
) -> PageResult:
    publication, date = facts.publication, facts.date
    label = page_label(facts.page)
    try:
        lines = split_lines(raw_lines, hints, start, end)
        if _contents_page(lines):
            fragment = Fragment(
                "\n".join(x.text for x in lines), lines[0].no, lines[-1].no, "contents_page", "contents"
            )
            meta = PageMeta(publication or UNKNOWN, date, label)
            return PageResult([], [fragment], ["a table of contents: no articles on this page"], meta)
        bigram_set.cache_clear()  # its entries serve one page: a worker's memory does not grow with the pages
        blocks = build_blocks(lines)
        resolve_display_groups(blocks)
        captions_between_headlines(blocks)
        arts, fragments, warnings = assemble(blocks)
        meta = _page_meta(blocks, publication, date, label)
        if meta.page is None and facts.page_fallback is not None:
            meta = PageMeta(meta.publication, meta.date, facts.page_fallback, meta.from_furniture)
        articles = build_records(
            arts,
            publication=meta.publication,
            date=meta.date,
            page=meta.page,
            page_number=page_number_of(meta.page),
            file=facts.file,
            sha256=facts.sha256,
            page_index=facts.page_index,
            region_unit=facts.region_unit,
            key=facts.key,
        )
        warnings += flag_interleave(articles, lines)
    except Exception as exc:  # never crash on a page: keep everything as a fragment
        nonblank = [(i, ln.strip()) for i, ln in enumerate(raw_lines[start:end], start + 1) if ln.strip()]
        frags = []
        if nonblank:
            frags.append(
                Fragment("\n".join(t for _, t in nonblank), nonblank[0][0], nonblank[-1][0], "segmenter_error")
            )
        meta = PageMeta(publication, date, label)
        return PageResult([], frags, [f"segmenter error: {type(exc).__name__}: {exc}"], meta)
    for f in fragments:
        if f.kind != "furniture":
            warnings.append(f"lines {f.line_start}-{f.line_end}: {f.reason}")
    return PageResult(articles, fragments, warnings, meta)


_CONTENTS_ITEM_RE = re.compile(r"^\d{1,3}\s*[.、．]\s*\S")
_CONTENTS_MIN_LINES = 8
_CONTENTS_SHARE = 0.6


def _contents_page(lines: list[Line]) -> bool:
    """A table of contents (`1. 确保基本实现…`, `2. …`): most lines are numbered items."""
    if len(lines) < _CONTENTS_MIN_LINES:
        return False
    return sum(1 for x in lines if _CONTENTS_ITEM_RE.match(x.text)) >= _CONTENTS_SHARE * len(lines)


def _page_meta(blocks: list[Block], publication: str, date: str | None, page: str | None) -> PageMeta:
    """The given metadata, with the fields it lacks filled from the first furniture that prints them."""
    found: dict[str, str] = {}
    for b in blocks:
        if b.kind != "furniture" or b.furniture is None:
            continue
        fields = b.furniture.fields
        for key, name in (("publication", "publication"), ("date", "date"), ("page_label", "page")):
            value = fields.get(key)
            if isinstance(value, str) and value and name not in found:
                if key == "page_label" and b.furniture.kind == "footer":
                    continue  # `第 64 页` numbers the file's pages (a PDF, a compilation), not the issue's
                found[name] = value
    filled: list[str] = []
    if (not publication or publication == UNKNOWN) and "publication" in found:
        publication = found["publication"]
        filled.append("publication")
    if date is None and "date" in found:
        date = found["date"]
        filled.append("date")
    if page is None and "page" in found:
        page = found["page"]
        filled.append("page")
    return PageMeta(publication or UNKNOWN, date, page, tuple(filled))


def segment_page(raw: RawPage) -> PageResult:
    """Segment a `pages.RawPage` (its text and page metadata; every page of a layout file)."""
    meta = raw.meta
    if not raw.layout:
        return segment_text(
            raw.text,
            publication=meta.publication,
            date=meta.date,
            page=meta.page,
            file=raw.name,
            sha256=raw.sha256,
            key=raw.key or raw.name,
        )
    several = len(raw.layout) > 1
    merged = PageResult()
    for layout in raw.layout:
        # a file of one page takes the page's label as given; the pages of a PDF are numbered by
        # their place in it unless their furniture prints a label
        result, _ = segment_layout(
            layout,
            publication=meta.publication,
            date=meta.date,
            page=None if several else meta.page,
            file=raw.name,
            sha256=raw.sha256,
            page_index=layout.index if several or layout.kind.startswith("pdf") else None,
            page_fallback=str(layout.index + 1) if several or layout.kind.startswith("pdf") else None,
            key=raw.key or raw.name,
        )
        merged.add(result, f"page {layout.index + 1}: " if several else "")
    return merged


def conservation_text(result: PageResult) -> str:
    """All conservation fields of a result, concatenated (see the module docstring)."""
    parts: list[str] = []
    for a in result.articles:
        for v in (a.title, a.kicker, a.subtitle, a.byline):
            if v:
                parts.append(v)
        parts.extend(a.paragraphs)
        for c in a.captions:
            parts.append(c.text)
            if c.credit:
                parts.append(c.credit)
    for f in result.fragments:
        parts.append(f.text)
    return "\n".join(parts)
