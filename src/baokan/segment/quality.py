"""Quality flags that need the whole page: columns read across.

OCR engines and some extractors read a page row by row across its columns, so consecutive text
lines come from different columns. Running text continues across a line break: the last character
of one line and the first of the next usually form a word that the page prints elsewhere too. Read
across columns, they form a pair no likelier than any two characters of the page. `continuity`
compares the two rates: the share of line breaks whose pair occurs inside some line of the page,
against the share of all (line end, line start) pairs that do. Pages read in order measure 10–17
times the chance rate; pages read across columns 2–3 times.

An article whose line breaks continue no better than `ARTICLE_RATIO` times chance is flagged
`possible_column_interleave`; when the whole page does, every article is also flagged
`page_interleaved` and the page gets a warning.
"""

from __future__ import annotations

from dataclasses import dataclass

from baokan.clean import HAN_RE
from baokan.records import Article

from .model import Line

__all__ = ["Continuity", "continuity", "flag_interleave"]

PAGE_RATIO = 5.0  # a page whose breaks continue less than this many times chance reads across columns
ARTICLE_RATIO = 4.0
MIN_BREAKS_PAGE = 15
MIN_BREAKS_ARTICLE = 8
_SENTENCE_END = frozenset("。！？!?；;”」』")
_MIN_HAN = 6


@dataclass(frozen=True, slots=True)
class Continuity:
    breaks: int  # line breaks weighed (inside running text)
    continued: float  # share whose character pair occurs inside some line of the page
    chance: float  # share of all (line end, line start) pairs of the page that do

    @property
    def ratio(self) -> float:
        return self.continued / max(self.chance, 1e-3)


def _pairs(lines: list[Line]) -> list[tuple[str, str]]:
    out = []
    for a, b in zip(lines, lines[1:], strict=False):
        if b.no != a.no + 1 and b.no != a.no + 2:
            continue  # not consecutive raw lines (one blank line between is allowed)
        ha, hb = HAN_RE.findall(a.text), HAN_RE.findall(b.text)
        if len(ha) < _MIN_HAN or len(hb) < _MIN_HAN or a.text[-1] in _SENTENCE_END:
            continue
        out.append((ha[-1], hb[0]))
    return out


def _inside(lines: list[Line]) -> set[str]:
    bag: set[str] = set()
    for x in lines:
        han = "".join(HAN_RE.findall(x.text))
        bag.update(han[i : i + 2] for i in range(len(han) - 1))
    return bag


def continuity(lines: list[Line], inside: set[str] | None = None, chance: float | None = None) -> Continuity:
    """How well the line breaks of `lines` continue the text (see the module docstring)."""
    bag = _inside(lines) if inside is None else inside
    pairs = _pairs(lines)
    if not pairs:
        return Continuity(0, 0.0, 0.0)
    continued = sum((e + s) in bag for e, s in pairs) / len(pairs)
    if chance is None:
        ends = [e for e, _ in pairs]
        starts = [s for _, s in pairs]
        chance = sum((e + s) in bag for e in ends for s in starts) / (len(ends) * len(starts))
    return Continuity(len(pairs), continued, chance)


def flag_interleave(articles: list[Article], lines: list[Line]) -> list[str]:
    """Flag articles (and the page) whose lines read across columns; the page's warnings."""
    bag = _inside(lines)
    page = continuity(lines, bag)
    warnings: list[str] = []
    page_across = page.breaks >= MIN_BREAKS_PAGE and page.ratio < PAGE_RATIO
    if page_across:
        warnings.append(
            f"the page reads across columns: {page.continued:.0%} of its line breaks continue the text, "
            f"{page.ratio:.1f} times chance (pages read in order: 10 times or more)"
        )
    for a in articles:
        span = [x for x in lines if a.source.line_start <= x.no <= a.source.line_end]
        own = continuity(span, bag, page.chance)
        if own.breaks >= MIN_BREAKS_ARTICLE and own.ratio < ARTICLE_RATIO:
            a.flags.append("possible_column_interleave")
        if page_across:
            a.flags.append("page_interleaved")
    return warnings
