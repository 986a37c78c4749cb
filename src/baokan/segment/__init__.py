"""Segmentation: raw page text → clean article records plus page fragments.

``segment_text(text, *, publication, date, page, file, sha256) -> PageResult`` and
``segment_page(raw: RawPage) -> PageResult``; ``PageResult(articles, fragments, warnings)``.

Stages (each a module of this package):

1. `lines`: raw lines → printed lines with geometry (characters normalized by `baokan.clean`; blank
   lines dropped: they are extraction artifacts);
2. `blocks`: lines → typed blocks — dateline heads, standalone bylines, captions, credits, body
   paragraphs (from the printed geometry, with the column width estimated locally) and display lines
   (headlines, kickers, subtitles);
3. `articles`: blocks → articles (boundaries at dateline heads, headline blocks and column width
   changes), then headline blocks, captions and standalone bylines attached to the article before or
   after them by shared character bigrams with its body, and by the page's prevailing side;
4. `bylines`: dateline / byline / credit parsing (roles, padded and broken names).

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

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from baokan.records import Article

from .articles import Fragment, assemble, build_records
from .blocks import build_blocks
from .lines import page_lines, split_lines

if TYPE_CHECKING:
    from baokan.pages import RawPage

__all__ = ["Fragment", "PageResult", "conservation_text", "segment_page", "segment_text"]


@dataclass(slots=True)
class PageResult:
    articles: list[Article] = field(default_factory=list)
    fragments: list[Fragment] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def segment_text(
    text: str,
    *,
    publication: str,
    date: str | None = None,
    page: int | None = None,
    file: str,
    sha256: str,
) -> PageResult:
    """Segment the text of one printed page into articles and fragments."""
    raw_lines = page_lines(text)
    try:
        lines = split_lines(raw_lines)
        blocks = build_blocks(lines)
        arts, fragments, warnings = assemble(blocks)
        articles = build_records(arts, publication=publication, date=date, page=page, file=file, sha256=sha256)
    except Exception as exc:  # never crash on a page: keep everything as a fragment
        nonblank = [(i, ln.strip()) for i, ln in enumerate(raw_lines, 1) if ln.strip()]
        frags = []
        if nonblank:
            frags.append(
                Fragment("\n".join(t for _, t in nonblank), nonblank[0][0], nonblank[-1][0], "segmenter_error")
            )
        return PageResult([], frags, [f"segmenter error: {type(exc).__name__}: {exc}"])
    for f in fragments:
        warnings.append(f"lines {f.line_start}-{f.line_end}: {f.reason}")
    return PageResult(articles, fragments, warnings)


def segment_page(raw: RawPage) -> PageResult:
    """Segment a `pages.RawPage` (its text and page metadata)."""
    meta = raw.meta
    return segment_text(
        raw.text,
        publication=meta.publication,
        date=meta.date,
        page=meta.page,
        file=raw.name,
        sha256=raw.sha256,
    )


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
