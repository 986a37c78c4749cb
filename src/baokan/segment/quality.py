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

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from baokan.records import Article

from .model import Line

__all__ = ["Continuity", "continuity", "flag_interleave"]

PAGE_RATIO = 5.0  # a page whose breaks continue less than this many times chance reads across columns
ARTICLE_RATIO = 4.0
MIN_BREAKS_PAGE = 15
MIN_BREAKS_ARTICLE = 6
_SENTENCE_END = frozenset("。！？!?；;”」』")
_MIN_CHARS = 6


@dataclass(frozen=True, slots=True)
class Continuity:
    breaks: int  # line breaks weighed (inside running text)
    continued: float  # share whose character pair occurs inside some line of the page
    chance: float  # share of all (line end, line start) pairs of the page that do

    @property
    def ratio(self) -> float:
        return self.continued / max(self.chance, 1e-3)


def _breaks(lines: list[Line]) -> tuple[list[tuple[int, str, str]], _PagePairs]:
    """The page's line breaks inside running text as (line number, last character, first character
    of the next line), both ideographs, and every pair of characters printed inside a line."""
    page = "\n".join(x.text for x in lines)  # pairs across a line end hold the "\n": never asked for
    bag = _PagePairs(page)
    out = []
    for k in range(len(lines) - 1):
        a, b = lines[k], lines[k + 1]
        if b.no != a.no + 1 and b.no != a.no + 2:
            continue  # not consecutive raw lines (one blank line between is allowed)
        ta, tb = a.text, b.text
        if len(ta) < _MIN_CHARS or len(tb) < _MIN_CHARS or not (_is_han(ta[-1]) and _is_han(tb[0])):
            continue  # a sentence or clause ends at the break, or a line too short to say
        out.append((a.no, ta[-1], tb[0]))
    step = max(1, len(out) // _BREAKS_SAMPLE)
    return out[::step], bag


class _PagePairs:
    """Membership of a pair of characters in the page's lines. A page asks a hundred or so pairs
    that start with a few dozen characters: each first character's followers are found once, by
    stepping through its places in the page text (cheaper than the set of all the page's pairs, and
    than a search of the page per pair)."""

    def __init__(self, page: str) -> None:
        self.page = page
        self._followers: dict[str, set[str]] = {}

    def __contains__(self, pair: str) -> bool:
        first, second = pair[0], pair[1:]
        found = self._followers.get(first)
        if found is None:
            found = self._followers[first] = self._after(first)
        return second in found

    def _after(self, ch: str) -> set[str]:
        """What follows each place of `ch` in the page ("" at its end): the first character of
        each piece the page splits into at `ch`, or `ch` itself where a piece between two is empty."""
        parts = self.page.split(ch)
        out = {part[:1] or ch for part in parts[1:-1]}
        if len(parts) > 1:
            out.add(parts[-1][:1])
        return out


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def continuity(lines: list[Line]) -> Continuity:
    """How well the line breaks of `lines` continue the text (see the module docstring)."""
    breaks, bag = _breaks(lines)
    pairs = [(e, s) for _, e, s in breaks]
    return _continuity([(e + s) in bag for e, s in pairs], _chance(pairs, bag))


def _continuity(hits: list[bool], chance: float) -> Continuity:
    if not hits:
        return Continuity(0, 0.0, 0.0)
    return Continuity(len(hits), sum(hits) / len(hits), chance)


_CHANCE_SAMPLE = 8  # line ends and starts combined to estimate the chance rate
_BREAKS_SAMPLE = 32  # line breaks a page's continuity is measured on, evenly spread


def _chance(pairs: list[tuple[str, str]], bag: _PagePairs) -> float:
    """Share of (line end, line start) combinations whose pair occurs in `bag`, over an evenly
    spread sample of the page's ends and starts."""
    if not pairs:
        return 0.0
    step = max(1, len(pairs) // _CHANCE_SAMPLE)
    ends = [e for e, _ in pairs[::step]]
    starts = [s for _, s in pairs[step // 2 :: step]] or [s for _, s in pairs]
    return sum((e + s) in bag for e in ends for s in starts) / (len(ends) * len(starts))


def flag_interleave(articles: list[Article], lines: list[Line]) -> list[str]:
    """Flag articles (and the page) whose lines read across columns; the page's warnings."""
    breaks, bag = _breaks(lines)
    pairs = [(e, s) for _, e, s in breaks]
    hits = [(e + s) in bag for e, s in pairs]  # each break asked once, for the page and its article
    page = _continuity(hits, _chance(pairs, bag))
    warnings: list[str] = []
    page_across = page.breaks >= MIN_BREAKS_PAGE and page.ratio < PAGE_RATIO
    if page_across:
        warnings.append(
            f"the page reads across columns: {page.continued:.0%} of its line breaks continue the text, "
            f"{page.ratio:.1f} times chance (pages read in order: 10 times or more)"
        )
    numbers = [no for no, _, _ in breaks]
    for a in articles:
        lo = bisect_left(numbers, a.source.line_start)
        hi = bisect_right(numbers, a.source.line_end - 1)
        own = _continuity(hits[lo:hi], page.chance)
        if own.breaks >= MIN_BREAKS_ARTICLE and own.ratio < ARTICLE_RATIO:
            a.flags.append("possible_column_interleave")
        if page_across:
            a.flags.append("page_interleaved")
    return warnings
