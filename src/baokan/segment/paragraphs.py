"""Text lines → paragraphs, from the printed geometry of the columns.

Runs of text lines between other blocks are cut into column segments where the full-line width
changes (`_segments`); inside a segment of full width W, a line that ends short (W − 3 or less, or
W − 2 and ending a sentence) closes its paragraph, and a line about two characters short after a
line ending a sentence (the indent) opens a new one. A line that is the first of a paragraph is
expected to be two characters short. A meaningful blank line (`Line.gap_before`) always closes a
paragraph.

Pages extracted one paragraph per line (no column geometry: most long lines end a sentence and
their widths scatter) are read that way: every line is a paragraph (`lines_are_paragraphs`).

`run_paragraphs(runs)` gives, for each run, its paragraphs as `Para(lines, wide, seg, width, mode)`;
`is_display` and `headline_stack` tell which of them print like headlines.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from baokan.clean import HAN_RE, clean_text, display_width, is_ideograph

from .lines import column_width
from .model import Block, Line
from .punct import (
    ANY_PUNCT_RE,
    CLOSERS,
    HANGING,
    NOTE_OPEN_RE,
    SENTENCE_MARK_RE,
    SUBTITLE_RE,
    ends_like_a_kicker,
    ends_sentence,
    filed_note,
    note_after_sentence,
    open_brackets,
)

__all__ = [
    "Para",
    "compressed_width",
    "headline_stack",
    "is_display",
    "join_lines",
    "lines_are_paragraphs",
    "run_paragraphs",
]

_SUBHEAD_RE = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、．.]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[、．.])"
)


@dataclass(slots=True)
class Para:
    """One paragraph (or display line) of a run, with its column segment's geometry."""

    lines: list[Line]
    wide: bool
    seg: int
    width: float
    mode: float


_SEG_SHORT = 1.0  # a line shorter than the column: a paragraph's last line, a headline
_SEG_INDENT = 0.3  # a line about two ems short: a paragraph's first line
_SEG_OVER = 2.0  # a line up to two ems wider than the column (squeezed last line, several closers)
_SEG_WIDE = 4.0  # a line clearly wider than the column: it belongs to another one
_SEG_SWITCH = 5.0  # changing the column width


def _line_cost(w: float, W: float, lo: float = 1.0, hi: float = 1.5) -> float:
    if w > W + 3.0:
        return _SEG_WIDE
    if w > W + hi:
        return _SEG_OVER
    if w >= W - lo:
        return 0.0
    if w >= W - 2.5:
        return _SEG_INDENT
    return _SEG_SHORT


def _segment_width(ws: list[float]) -> float:
    """Full-line width of one column segment: the densest band (`column_width`), unless another width
    explains the lines clearly better under the paragraph model of `_line_cost` — in a short article
    the indented first lines (W − 2) can outnumber the full ones."""
    W = column_width(ws)
    if not ws:
        return W
    vals = sorted(ws)
    n = len(vals)

    def total(c: float) -> float:  # sum of _line_cost(w, c) over ws, by counting
        wide = n - bisect_right(vals, c + 3.0)
        over = n - bisect_right(vals, c + 1.5) - wide
        short = bisect_left(vals, c - 2.5)
        indent = bisect_left(vals, c - 1.0) - short
        return _SEG_WIDE * wide + _SEG_OVER * over + _SEG_INDENT * indent + _SEG_SHORT * short

    base = total(W)
    best, best_cost = W, base
    for c in {round(w * 2) / 2 for w in vals if w >= 8}:
        cost = total(c)
        if cost < best_cost:
            best, best_cost = c, cost
    return best if best_cost <= base - 2.0 else W


def page_regularity(lines: list[Line]) -> float:
    """How exactly full lines repeat one width: in windows of 12 lines (at most 24 windows, spread
    over the page), the share of the lines within the full-line band of the most common width
    (−1 … +1.5 ems) that measure exactly that width. Pages set on a strict grid (every full line the
    same number of characters) are near 0.8–1; extraction from real pages with proportional
    punctuation spreads widths (the seed page: 0.62)."""
    ws = [x.width for x in lines if x.width >= 8]
    nwin = len(ws) // 12
    if not nwin:
        return 0.0
    step = max(1, nwin // 24) * 12
    tot = hit = 0
    for s0 in range(0, nwin * 12, step):
        win = ws[s0 : s0 + 12]
        counts: dict[float, int] = {}
        for w in win:
            counts[w] = counts.get(w, 0) + 1
        m = max(counts, key=counts.__getitem__)
        tot += sum(c for w, c in counts.items() if m - 1 <= w <= m + 1.5)
        hit += counts[m]
    return hit / tot if tot else 0.0


_REGULAR = 0.72  # page_regularity above which full lines are taken to measure W − ½ … W + 1
_TIGHT = (0.5, 1.0)
_LOOSE = (1.0, 1.5)
_SEG_UNHUNG = 0.3  # strict grid: a line wider than W that does not end in hanging punctuation


def _segments(run: list[Line], band: tuple[float, float] = _LOOSE) -> list[tuple[int, int]]:
    """Cut a run of printed lines where the column width changes → [(start, end)].

    The width of each line's column is decoded as a hidden state (Viterbi): a full line of a column
    of width W measures W − ½ … W + 1 (hanging closing punctuation), a shorter line fits any wider
    column at a small cost, a wider line costs much, and changing the width costs `_SEG_SWITCH`. So a
    column is recognized by its full lines, wherever they are, however different the widths. Each cut
    then moves to the nearest paragraph end among the lines both widths explain equally (the short
    last line of one article, a headline, the indented first line of the next); a segment with fewer
    than three full lines joins its neighbour.
    """
    n = len(run)
    if n < 6:
        return [(0, n)]
    ws = [x.width for x in run]
    states = _width_states(run, ws, band)
    if len(states) < 2:
        return [(0, n)]
    path = _decode_widths(run, ws, states, band)
    segs: list[list[int]] = []  # [start, end, state]
    for i, k in enumerate(path):
        if segs and segs[-1][2] == k:
            segs[-1][1] = i + 1
        else:
            segs.append([i, i + 1, k])
    _merge_thin_segments(run, ws, segs, states, band)
    return _move_cuts(run, ws, segs, states, band)


def _width_states(run: list[Line], ws: list[float], band: tuple[float, float]) -> list[float]:
    """The column widths (in half ems) that at least three lines of the run fill."""
    usable = [w for x, w in zip(run, ws, strict=True) if not x.after_byline]
    vals = sorted(usable)
    full_lo, full_hi = band
    return [
        W
        for W in sorted({round(w * 2) / 2 for w in usable if w >= 8})
        if bisect_right(vals, W + full_hi) - bisect_left(vals, W - full_lo) >= 3
    ]


def _decode_widths(run: list[Line], ws: list[float], states: list[float], band: tuple[float, float]) -> list[int]:
    """The most likely column width (index into `states`) of each line: Viterbi with back pointers
    only where the best path switches, and one cost vector per distinct line width."""
    full_lo, full_hi = band
    tight = band == _TIGHT
    n, S = len(run), len(states)
    vectors: dict[float, list[float]] = {}
    zero = [0.0] * S
    cost: list[float] = []
    back: list[list[int] | None] = []
    for i in range(n):
        if run[i].after_byline:
            cv = zero
        else:
            w = ws[i]
            key = w
            if tight and run[i].text[-1] not in HANGING:
                key = -w  # on a strict grid only hanging punctuation makes a full line wider than W
            known = vectors.get(key)
            if known is not None:
                cv = known
            else:
                cv = vectors[key] = [
                    _line_cost(w, W, full_lo, full_hi)
                    + (_SEG_UNHUNG if key < 0 and W + 0.5 <= w <= W + full_hi else 0.0)
                    for W in states
                ]
        if i == 0:
            cost = list(cv)
            back.append(None)
            continue
        low = min(cost)
        switch = low + _SEG_SWITCH
        if max(cost) <= switch:  # nobody gains by switching
            cost = [c + e for c, e in zip(cost, cv, strict=True)]
            back.append(None)
            continue
        bi = cost.index(low)
        back.append([k if c <= switch else bi for k, c in enumerate(cost)])
        cost = [(c if c <= switch else switch) + e for c, e in zip(cost, cv, strict=True)]
    k = cost.index(min(cost))
    path = [0] * n
    for i in range(n - 1, -1, -1):
        path[i] = k
        row = back[i]
        if row is not None:
            k = row[k]
    return path


def _merge_thin_segments(
    run: list[Line], ws: list[float], segs: list[list[int]], states: list[float], band: tuple[float, float]
) -> None:
    """Segments without three full lines of their own width join a neighbour (the nearer width);
    neighbours of equal width merge. Modifies `segs` in place."""
    full_lo, full_hi = band

    def full_count(a: int, b: int, W: float) -> int:
        return sum(1 for j in range(a, b) if not run[j].after_byline and W - full_lo <= ws[j] <= W + full_hi)

    changed = True
    while changed and len(segs) > 1:
        changed = False
        for t, (a, b, k) in enumerate(segs):
            if full_count(a, b, states[k]) >= 3:
                continue
            if t == 0:
                segs[1][0] = a
            elif t == len(segs) - 1:
                segs[t - 1][1] = b
            else:
                p, q = segs[t - 1], segs[t + 1]
                if abs(states[p[2]] - states[k]) <= abs(states[q[2]] - states[k]):
                    p[1] = b
                else:
                    q[0] = a
            del segs[t]
            changed = True
            break
        t = 1
        while t < len(segs):
            if segs[t][2] == segs[t - 1][2]:
                segs[t - 1][1] = segs[t][1]
                del segs[t]
            else:
                t += 1


def _move_cuts(
    run: list[Line], ws: list[float], segs: list[list[int]], states: list[float], band: tuple[float, float]
) -> list[tuple[int, int]]:
    """Each cut between segments moves to a paragraph end among the lines both widths explain
    equally (`_best_cut`) → the segments' (start, end)."""
    n = len(run)
    bounds = [0]
    for t in range(1, len(segs)):
        Wa, Wb = states[segs[t - 1][2]], states[segs[t][2]]
        c = segs[t][0]
        lo_lim = max(bounds[-1] + 1, segs[t - 1][0] + 1)
        hi_lim = segs[t][1] - 1
        lo = c
        while lo - 1 >= lo_lim and (
            _indifferent_at(run, ws, lo - 1, Wa, Wb, band) or _first_line_under_a_headline(run, ws, lo - 1, Wa, Wb)
        ):
            lo -= 1
        hi = c
        while hi < hi_lim and _indifferent_at(run, ws, hi, Wa, Wb, band):
            hi += 1
        cut = _best_cut(run, ws, lo, hi, Wa, Wb, c)
        if cut < hi_lim and _ends_sentence_broken_off(run, ws, cut, Wa, band):
            cut += 1
        if bounds[-1] < cut < n:
            bounds.append(cut)
    bounds.append(n)
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]


def _ends_sentence_broken_off(run: list[Line], ws: list[float], cut: int, Wa: float, band: tuple[float, float]) -> bool:
    """The line after a cut ends the sentence that a full line of the column before it breaks off
    mid-word (`…的营长，继续` / `冲锋在…之路上。`), or a paragraph's first line there (two ems short,
    after a sentence's end: `树立全局意识，…“抱成团朝着顶层` / `设计的目标一起做”，…优势。`): a
    paragraph's last line, as wide as the next column by chance."""
    before, line = run[cut - 1], run[cut]
    w = ws[cut - 1]
    first_line = cut >= 2 and ends_sentence(run[cut - 2].text) and Wa - 2.5 <= w <= Wa - 1.5
    return (
        not before.after_byline
        and not line.after_byline
        and not ends_sentence(before.text, strong=False)
        and (w >= Wa - band[0] or first_line)
        and ends_sentence(line.text, strong=True)
        and ws[cut] <= Wa + band[1]
    )


def _indifferent(line: Line, w: float, Wa: float, Wb: float, band: tuple[float, float]) -> bool:
    """Both column widths explain the line equally (a short line, or one after a byline)."""
    return line.after_byline or _line_cost(w, Wa, *band) == _line_cost(w, Wb, *band)


def _indifferent_at(run: list[Line], ws: list[float], j: int, Wa: float, Wb: float, band: tuple[float, float]) -> bool:
    """Both column widths explain run[j] equally: by its width (`_indifferent`), or because it is a
    one-line paragraph under a headline line (`_lone_under_a_headline`)."""
    return _indifferent(run[j], ws[j], Wa, Wb, band) or _lone_under_a_headline(run, ws, j, min(Wa, Wb))


def _under_a_headline(run: list[Line], ws: list[float], j: int, narrow: float) -> bool:
    """run[j] stands right under a line short of both columns that ends no sentence: a headline (or
    a paragraph's end without a mark), so run[j] opens a paragraph."""
    if j == 0 or run[j].after_byline or run[j - 1].after_byline:
        return False
    return ws[j - 1] < narrow - 2.5 and not ends_sentence(run[j - 1].text, strong=False)


def _lone_under_a_headline(run: list[Line], ws: list[float], j: int, narrow: float) -> bool:
    """run[j] is a whole paragraph on one line (it ends a sentence, two ems or more short of both
    columns) under a headline line (`_under_a_headline`). Being first and last line at once, its
    width may equal a first line's of either column (`新世纪的钟声已经敲响。` at 11 under a 13
    column's headline, the next article's column 22 wide): it says nothing of its column."""
    return _under_a_headline(run, ws, j, narrow) and ends_sentence(run[j].text, strong=True) and ws[j] <= narrow - 1.5


def _first_line_under_a_headline(run: list[Line], ws: list[float], j: int, Wa: float, Wb: float) -> bool:
    """run[j] opens a paragraph under a headline line (`_under_a_headline`) and measures a first
    line (two ems short) of the column after the cut, not of the one before it, whose full line
    it would be (`贵州省黔东南苗族侗族自治州发生洪涝灾`, 18, under `全力推进灾后重建`: the 17.5
    column ends above it, a 20 column starts): it goes with the column after."""
    if not _under_a_headline(run, ws, j, min(Wa, Wb)):
        return False
    w = ws[j] - (1.0 if run[j].text[-1] in HANGING else 0.0)  # (a first line may end in a hanging mark)
    return _two_ems_short(w, Wb) and not _two_ems_short(w, Wa)


def _exact_mode(seg: list[Line], W: float) -> float:
    """The width most full lines of a segment measure exactly, when at least four lines and 40% of
    its full-band lines (W − 1 … W + 1.5) measure it; else 0. Full lines of one column repeat one
    width, so two columns an em apart have different modes even where their bands overlap."""
    counts: dict[float, int] = {}
    band = 0
    lo, hi = W - 1.0, W + 1.5
    for k in range(1, len(seg)):
        x = seg[k]
        if not lo <= x.width <= hi or x.after_byline:
            continue
        if ends_sentence(seg[k - 1].text, strong=False):
            continue  # probably a paragraph's first line (W − 2)
        counts[x.width] = counts.get(x.width, 0) + 1
        band += 1
    if not counts:
        return 0.0
    m = max(counts, key=lambda w: (counts[w], w))
    return m if counts[m] >= 4 and counts[m] >= 0.4 * band else 0.0


def _best_cut(run: list[Line], ws: list[float], lo: int, hi: int, Wa: float, Wb: float, c: int) -> int:
    """Among the paragraph ends in lo..hi (cut before line k), the one whose lines before measure Wa
    exactly, and after it Wb, most often: a full line measuring exactly the column width, a
    paragraph's first line exactly two ems less. Both bands explain these lines, but a column prints
    its own width far more often than its neighbour's. Ties go to the earliest paragraph end; no
    paragraph end keeps c."""
    best, best_score = c, None
    score = 0
    for k in range(lo, hi + 1):
        if k > lo:
            j = k - 1
            w = ws[j]
            first = j > 0 and ends_sentence(run[j - 1].text, strong=False)
            if not run[j].after_byline:
                score += (w == Wa or (first and w == Wa - 2)) - (w == Wb or (first and w == Wb - 2))
        if _paragraph_end(run[k - 1], ws[k - 1], Wa) and (best_score is None or score > best_score):
            best, best_score = k, score
    return best


def _paragraph_end(line: Line, w: float, W: float) -> bool:
    """A line that may end a paragraph: a sentence's end, but not a full line of its column that
    ends only in a closing quote or bracket (`…“蓄水池”`), which the next line most often goes on
    from."""
    if not ends_sentence(line.text, strong=False):
        return False
    return ends_sentence(line.text, strong=True) or w < W - 0.5


def _squeezed_before_last(line: Line, nxt: Line, W: float) -> bool:
    """A body line made wide by pulling the head of the paragraph's last line up into it."""
    return (
        not ends_sentence(line.text, strong=False)
        and ends_sentence(nxt.text)
        and nxt.width <= W - 1.5
        and line.width <= W + 6
    )


_HEADLINE_END_BAD = set("。！？!?…；;，,、：:")
_HEADLINE_INSIDE_BAD = re.compile(r"[。；;！!？?]|[，,].*[，,]")


def _full_width_headline(seg: list[Line], k: int, W: float) -> bool:
    """seg[k] is a headline printed on one line as wide as the column, between a finished paragraph
    and the two-em-short first line of the next one (which goes on: it is not also the paragraph's
    last line): no final punctuation (a closing quote after a word is fine), no sentence inside, at
    most one comma. Running text that reaches the margin continues on a full line or ends on a short
    one; it does not go on with a paragraph's first line."""
    if k + 2 >= len(seg):
        return False
    line, nxt = seg[k], seg[k + 1]
    t = line.text
    if line.after_byline or nxt.after_byline or not W - 1.0 <= line.width <= W + 1.0 or len(t) > 40:
        return False
    if t[-1] in _HEADLINE_END_BAD or (t[-1] in CLOSERS and len(t) > 1 and t[-2] in _HEADLINE_END_BAD):
        return False
    if _HEADLINE_INSIDE_BAD.search(t) or not HAN_RE.search(t):
        return False
    nw = nxt.width
    if nw > W - 1.5 and nxt.text[-1] in HANGING and nw - 1.0 <= W - 2.0:
        nw -= 1.0  # a first line with hanging punctuation (14 + ， in a 16 column)
    if not W - 3.5 <= nw <= W - 1.5 or nxt.justified:  # a letter-spaced line is no measure
        return False
    return not ends_sentence(nxt.text, strong=False) or seg[k + 2].width >= W - 1


_HALF_WIDTH_RE = re.compile(r"[A-Za-z0-9]")
_CLAUSE_MARK_RE = re.compile(r"[，,。；;：:！!？?、…]")


def _first_line_width(line: Line, W: float) -> bool:
    """A paragraph's first line: about two ems short of the column."""
    return not line.after_byline and _two_ems_short(line.width, W)


def _two_ems_short(w: float, W: float) -> bool:
    return W - 2.5 <= w <= W - 1.5


def _lone_phrase(line: Line, nxt: Line, after: Line, W: float) -> bool:
    """`line` starts a paragraph, ends no sentence, and is followed by a line as wide as a first
    line and then a full (or first) line: it is a paragraph of its own (an intertitle, a headline
    line, a lead-in ending in `——`), though its width says little: a few ems short of the column,
    or more characters than the column's full lines hold (`“流动办公桌”破解基层办事难题`)."""
    t = line.text
    if _HALF_WIDTH_RE.search(t) or _HALF_WIDTH_RE.search(nxt.text):
        return False  # digits and Latin letters measure half: such a line's width says less
    if ends_sentence(t, strong=False) or t[-1] in "，,、；;" or "。" in t:
        return False
    if _CLAUSE_MARK_RE.search(t) and not t.endswith(("——", "—")):
        return False  # a line with clauses inside is a lead-in only when it ends so
    if after.gap_before and not nxt.gap_before and ends_sentence(nxt.text, strong=False):
        return False  # a two-line paragraph set apart by blank lines: `nxt` is its last line
    short = W - 8 <= line.width <= W - 1.5
    # more characters than any line of the column's body holds (not a line spaced out to fill it)
    wider = min(line.width, display_width(t)) >= W + 1.5
    return (short or wider) and _first_line_width(nxt, W) and after.width >= W - 2.5


def _closes_note(cur: list[Line]) -> bool:
    """The lines of `cur` are a note in brackets that its last line closes (`（作者单位：中国社会科学`
    / … / `…民族学院）`)."""
    first, last = cur[0].text.lstrip(), cur[-1].text.rstrip()
    if first[:1] not in "（(" or last[-1:] not in "）)" or len(cur) > 4:
        return False
    return open_brackets("".join(x.text for x in cur)) == 0


def _paragraphs(seg: list[Line], W: float, mode: float = 0.0) -> list[tuple[list[Line], bool]]:
    """Lines of one column segment → [(lines, wide)] paragraphs."""
    out: list[tuple[list[Line], bool]] = []
    cur: list[Line] = []
    n = len(seg)
    wide_limit = W + 2.0
    flush = bool(mode) and all(x.width <= mode + 0.25 or x.after_byline for x in seg)
    if flush:
        W = mode  # no line runs past the full lines' width: it is the column's, to the em
    for k, line in enumerate(seg):
        if (
            line.width > wide_limit
            and not line.after_byline
            and compressed_width(line.text) > W + 1.5
            and not (cur and k + 1 < n and _squeezed_before_last(line, seg[k + 1], W))
        ):
            if cur:
                out.append((cur, False))
                cur = []
            out.append(([line], True))
            continue
        if (
            W - 1.0 <= line.width <= W + 1.0
            and (not cur or ends_sentence(cur[-1].text))
            and _full_width_headline(seg, k, W)
        ):
            if cur:
                out.append((cur, False))
                cur = []
            out.append(([line], False))
            continue
        if cur and _starts_block(cur, seg, k, W):
            out.append((cur, False))
            cur = []
        cur.append(line)
        starts = len(cur) == 1
        exp = W if (not starts or line.after_byline) else W - 2
        d = exp - line.width
        t = line.text
        brk = False
        if line.after_byline:
            brk = d >= 3 and ends_sentence(t, strong=False)
        elif d >= 3 or (d >= 2 and ends_sentence(t, strong=False)):
            brk = True
        if not brk and k + 1 < n and (ends_sentence(t) or filed_note(t) or note_after_sentence(t)):
            brk = _new_block_after_sentence(seg, k, W, wide_limit)  # (a note after the last sentence ends it too)
        if not brk and len(cur) == 1 and k + 2 < n and _lone_phrase(line, seg[k + 1], seg[k + 2], W):
            brk = True  # a phrase as wide as a first line, then a paragraph's first line: an intertitle
        if (
            not brk
            and len(cur) == 1
            and k + 1 < n
            and _tagged_headline(t)
            and (_first_line_width(seg[k + 1], W) or SUBTITLE_RE.match(seg[k + 1].text))
        ):
            brk = True  # a line closed by a column tag over a paragraph's first line or its dashed subtitle: a headline
        if not brk and len(cur) == 1 and SUBTITLE_RE.match(t) and out and _tagged_headline_para(out[-1][0]):
            brk = True  # that subtitle is a line of its own
        if (
            not brk
            and flush
            and mode - 1.75 <= line.width <= mode - 0.75
            and ends_sentence(t)
            and not _HALF_WIDTH_RE.search(t)
        ):
            brk = True  # a sentence ending an em short of the column's full lines: they fill it to the last em
            # (digits and Latin letters measure half an em: a full line with them can fall short)
        if not brk and _closes_note(cur):
            brk = True  # a note in brackets (`（作者单位：…）`) is a paragraph of its own, whatever its width
        if brk:
            out.append((cur, False))
            cur = []
    if cur:
        out.append((cur, False))
    return out


def _headline_phrase(text: str) -> bool:
    """Four or more characters of words without any punctuation (`甘肃启动河西走廊国家`): not the
    closing quote or the column tag a line of running text may wrap onto the next line."""
    return len(HAN_RE.findall(text)) >= 4 and not _CLAUSE_MARK_RE.search(text) and text[0] not in "（(”’）)"


def _starts_block(cur: list[Line], seg: list[Line], k: int, W: float) -> bool:
    """seg[k] starts a new paragraph after `cur`: a meaningful blank line or an indent before it,
    or a line closed by a column tag after a sentence's end, as the run's last line or over a
    paragraph's first line (a headline)."""
    line = seg[k]
    if line.gap_before or (line.lead >= 2 and not line.justified):
        return True
    if not ends_sentence(cur[-1].text):
        return False
    if ends_like_a_kicker(line.text) and k + 1 < len(seg):
        k += 1  # a kicker ending with a colon over the headline (`…跪求母亲：` / `“让我再救一个！”（援手）`)
    return _tagged_headline(seg[k].text) and (k + 1 == len(seg) or _first_line_width(seg[k + 1], W))


def _note_from(seg: list[Line], k: int) -> bool:
    """seg[k] opens a closing note (`（作者单位：…`, `（据…`) whose bracket a later line of at most
    four closes at its end. Not where the report was filed (`（本报西沙1月1日零时电）`): that
    note ends the last paragraph, wrapped onto a line of its own or not."""
    if not NOTE_OPEN_RE.match(seg[k].text) or filed_note(seg[k].text):
        return False
    return any(_closes_note(seg[k : k + m]) for m in range(1, min(4, len(seg) - k) + 1))


def _new_block_after_sentence(seg: list[Line], k: int, W: float, wide_limit: float) -> bool:
    """seg[k] ends a sentence: whether the next line starts another block (an in-body subhead, a
    headline, a paragraph's first line)."""
    n = len(seg)
    nxt = seg[k + 1]
    if _note_from(seg, k + 1):
        return True  # a closing note (`（作者单位：…` / `…学院）`) is a paragraph of its own
    brk = False
    # A short unpunctuated line after a sentence end: an in-body subhead or a headline.
    if nxt.width <= W - 5 and not ends_sentence(nxt.text, strong=False) and nxt.text[-1] not in "，,、":
        brk = True
    elif nxt.width <= W - 5 and nxt.text[-1] in "，," and k + 2 < n and seg[k + 2].width <= W - 3:
        brk = True  # … a short line ending in a comma over another short one: a headline wrapped at its comma
    elif nxt.width <= W - 4 and _headline_phrase(nxt.text):
        brk = True  # … four ems short, a phrase without a mark of punctuation: a headline's line
    elif nxt.text.endswith("——") and k + 2 < n and _headline_phrase(seg[k + 2].text):
        brk = True  # … a kicker's dash over a headline's phrase: a stack printed after its body
    if W - 3.5 <= nxt.width <= W - 1.5 and nxt.width <= wide_limit:
        if not ends_sentence(nxt.text, strong=False) or (k + 2 < n and seg[k + 2].width >= W - 1):
            brk = True
        elif k + 2 < n and _first_line_width(seg[k + 2], W):
            brk = True  # the next line is a whole paragraph of one line: another one starts after it
    return brk


def headline_stack(lines: list[Line], W: float) -> bool:
    """Lines read as one paragraph that are a stack of headline lines (kicker, headline, subtitle,
    perhaps the next article's headline too): no punctuation in any line and a short last line
    without a final stop. A paragraph of running text ends with punctuation."""
    if len(lines) < 2 or lines[0].after_byline:
        return False
    if _tag_line_after_headline(lines):
        return True
    if ends_sentence(lines[-1].text, strong=False):
        return False
    if _tag_over_subtitle(lines):
        return True
    if lines[-1].width >= W - 1:
        return False
    return not any(
        ANY_PUNCT_RE.search(x.text) or not HAN_RE.search(x.text) or len(x.text) > 40 or letter_end(x.text)
        for x in lines
    )


def stack_over_a_sentence(lines: list[Line]) -> bool:
    """A headline closed by its column tag over a subtitle opened by `——`, read into one paragraph
    with the one sentence under them (`活态传承激发新活力（现场评论）` / `——写好人文经济学的大文章③` /
    `王启腾在养殖基地撒饵料喂鱼。`): the last line is no part of the stack."""
    return (
        len(lines) >= 3
        and not lines[0].after_byline
        and ends_sentence(lines[-1].text)
        and "。" not in lines[-1].text[:-1]
        and _tag_over_subtitle(lines[:-1])
    )


def _tag_over_subtitle(lines: list[Line]) -> bool:
    """A headline ending with its column tag, then a subtitle opened by `——`, wrapped in one column
    with no blank line between (`国产家电能否进入高端` / `市场？（中国消费向新` / `而行·稳外贸扩消费）` /
    `——山东青岛海信集团抢` / `抓“换新”机遇的启示`): running text never closes a bracket at a
    line's end just before a dash that opens the next line."""
    if any("。" in x.text for x in lines) or sum(len(x.text) for x in lines) > 80:
        return False
    for k in range(1, len(lines)):
        if lines[k].text.lstrip().startswith("——"):
            head = "".join(x.text for x in lines[:k]).replace(" ", "")
            return bool(_COLUMN_TAG_END_RE.search(head)) and len(head) <= 60
    return False


def _tag_line_after_headline(lines: list[Line]) -> bool:
    """A column tag alone on a line under the lines of a headline, read into one paragraph with
    what follows (`惠民商业保险推销，岂能派给基层干部？` / `（干部状态新观察·为基层减负赋能）` / `张军：`):
    running text breaks its lines where the column ends, not around a whole bracket, and no
    sentence ends before it."""
    printed = 0
    for k in range(1, len(lines)):
        printed += len(lines[k - 1].text)
        if printed > 2 * _TAG_HEAD_MAX:
            return False  # (the hot path: every paragraph of running text comes here)
        tag = lines[k].text.strip()
        if tag[:1] in "（(" and _COLUMN_TAG_END_RE.fullmatch(tag) and not _NOTE_IN_TAG_RE.search(tag):
            head = "".join(x.text for x in lines[:k]).replace(" ", "")
            stops = not ends_sentence(head, strong=True) or head.endswith(("？", "！"))
            return "。" not in head and len(head) <= _TAG_HEAD_MAX and stops
    return False


_TAG_HEAD_MAX = 40  # characters of a headline over its column tag


def letter_end(text: str) -> bool:
    """The date or the dispatch line that ends a letter quoted whole (`2025年7月2日`,
    `（新华社北京7月2日电）`): body text, never a headline."""
    return bool(_LETTER_END_RE.match(text.replace(" ", "")))


def join_lines(lines: list[Line]) -> str:
    return clean_text("".join(x.text for x in lines))


_COLUMN_TAG_END_RE = re.compile(r"[（(][^（）()。；;！!]{1,60}[）)]$")


def _tagged_headline(text: str) -> bool:
    """Words closed by a column tag, with no sentence inside (`老当救火队长不行（思想纵横）`). A
    question or an exclamation may end the words (`出圈的文旅标语，做对了啥？（新语）`): a headline's
    ending, where running text would close its sentence with a full stop before a note."""
    tag = _COLUMN_TAG_END_RE.search(text)
    if tag is None or tag.start() < 4 or _NOTE_IN_TAG_RE.search(tag.group()) is not None:
        return False
    words = _ASKED_END_RE.sub("", text[: tag.start()])
    return SENTENCE_MARK_RE.search(words) is None


def _tagged_headline_para(lines: list[Line]) -> bool:
    return len(lines) == 1 and _tagged_headline(lines[0].text)


_ASKED_END_RE = re.compile(r"[！!？?][”’」』]?$")
_NOTE_IN_TAG_RE = re.compile(r"作者|执笔|本文|编者|记者|通讯员|供稿|整理|来源|[：:]|摄|电|\d")


# What ends a letter or a message quoted whole in a report: its date, the agency's dispatch line.
_LETTER_END_RE = re.compile(
    r"^(?:\d{4}年\d{1,2}月\d{1,2}日|[（(](?:新华社|本报|中新社)[\u4e00-\u9fff]{0,8}\d{1,2}月\d{1,2}日电[）)])$"
)


# a series' tag and its part (`（干部状态新观察·为基层减负赋能）`): a headline's, however long
_SERIES_TAG_RE = re.compile(r"^[（(][^（）()，。；]{2,12}·[^（）()，。；]{2,12}[）)]$")


def lines_block(like: Block, kind: str, lines: list[Line]) -> Block:
    """A block of `kind` holding `lines`, in the column of the block `like`."""
    return Block(
        kind,
        lines,
        text=join_lines(lines),
        seg=like.seg,
        width=like.width,
        wide=like.wide,
        mode=like.mode,
        pieces=[x.text for x in lines],
    )


def signs_the_sentence_above(blocks: list[Block], k: int) -> bool:
    """blocks[k] is a dashed line alone under a paragraph that ended its sentence (`——摘自“十五五”
    规划建议`, `——中车株洲所党委书记、董事长李东林代表`, `——编者`): it signs what is above it. A
    subtitle stands under its headline, never right under body text."""
    return (
        0 < k < len(blocks)
        and blocks[k].kind == "display"
        and SUBTITLE_RE.match(blocks[k].text) is not None
        and blocks[k - 1].kind == "body"
        and ends_sentence(blocks[k - 1].text)
    )


_MAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def names_an_address(text: str) -> bool:
    """The text holds an e-mail address (`本版邮箱：rmrbpl@peopledaily.cn`, `选题线索来信邮箱：…`): a
    notice to readers, which no headline line is."""
    return "@" in text and _MAIL_RE.search(text) is not None  # (a cheap look first: asked of every line)


def is_display(lines: list[Line], text: str, wide: bool, W: float) -> bool:
    """A paragraph printed like a headline line: short, no sentence end (a column tag such as
    `（人民论坛）` after the headline aside), no clause broken off at the end."""
    if not text:
        return False
    if not HAN_RE.search(text):
        return False
    if "。" in text[:-1]:
        return False  # a full stop inside: running text, never a headline
    if names_an_address(text):
        return False
    tag = _COLUMN_TAG_END_RE.search(text)
    # a short column tag after the words (`…“让我再救一个！”（援手）`): what a headline ends with, never
    # a sentence of running text
    column_tag = (
        tag is not None
        and tag.start() >= 2
        and (len(tag.group()) <= 12 or _SERIES_TAG_RE.match(tag.group()) is not None)
        and not _NOTE_IN_TAG_RE.search(tag.group())
    )
    if tag is not None and tag.start() >= 2:
        text = text[: tag.start()]
    if ends_sentence(text, strong=False) and not text.endswith(("！", "？", "!", "?", "”", "’", "」", "』")):
        return False
    if text[-1] in "，,、":
        return False
    if (
        text.endswith(("”", "’", "」", "』"))
        and ends_sentence(text)
        and not column_tag
        and not (len(lines) == 1 and len(text) <= 16)
    ):
        return False  # a quoted sentence ends a paragraph; a short quoted line alone is a headline
    if _SUBHEAD_RE.match(text) or letter_end(text):
        return False
    tagged_headline = tag is not None and tag.start() >= 2 and not SENTENCE_MARK_RE.search(_ASKED_END_RE.sub("", text))
    if len(lines) > (6 if tagged_headline else 3) or len(text) > 64:
        return False
    if len(lines) >= 2 and W and len(text) >= 2.5 * W and not tagged_headline:
        return False
    # an exclamation or question over several lines is a sentence, unless set wide as a headline
    return not (text.endswith(("！", "？", "!", "?")) and len(lines) > 1 and not wide and not column_tag)


def compressed_width(text: str) -> float:
    """Width with CJK punctuation counted ½ (typesetters compress it to fit crowded lines)."""
    w = display_width(text)
    for ch in text:
        if not ch.isascii() and not is_ideograph(ch) and not ch.isspace():
            w -= 0.5
    return w


_PARAGRAPH_LINES_MIN = 5
_PARAGRAPH_LINES_SHARE = 0.85


def lines_are_paragraphs(lines: list[Line]) -> bool:
    """A page extracted one paragraph per line: nearly every long line ends a sentence, and long
    lines are not of one column width (a column's full lines end anywhere)."""
    long = [x for x in lines if x.width >= 16]
    if len(long) < _PARAGRAPH_LINES_MIN:
        return False
    ends = sum(1 for x in long if ends_sentence(x.text, strong=False))
    if ends < _PARAGRAPH_LINES_SHARE * len(long):
        return False
    w = column_width([x.width for x in long])
    in_band = sum(1 for x in long if w - 1.0 <= x.width <= w + 1.5)
    return in_band < 0.5 * len(long)


def run_paragraphs(runs: list[list[Line]], all_lines: list[Line]) -> list[list[Para]]:
    """Paragraphs of every run of text lines (see the module docstring)."""
    if lines_are_paragraphs([x for run in runs for x in run]):
        return [[Para([x], False, k, x.width, 0.0) for x in run] for k, run in enumerate(runs)]
    band = _TIGHT if page_regularity(all_lines) >= _REGULAR else _LOOSE
    seg_counter = 0
    run_segs: list[list[tuple[int, list[Line], float]]] = []
    for run in runs:
        segs = []
        for a, b in _segments(run, band):
            seg_lines = run[a:b]
            w = _segment_width([x.width for x in seg_lines if not x.after_byline]) if len(seg_lines) >= 4 else 0.0
            segs.append((seg_counter, seg_lines, w))
            seg_counter += 1
        run_segs.append(segs)
    _borrow_widths(run_segs)
    out: list[list[Para]] = []
    for segs in run_segs:
        paras: list[Para] = []
        for sid, seg_lines, w in segs:
            mode = _exact_mode(seg_lines, w)
            for plines, wide in _paragraphs(seg_lines, w, mode):
                paras.append(Para(plines, wide, sid, w, mode))
        out.append(paras)
    return out


def _borrow_widths(run_segs: list[list[tuple[int, list[Line], float]]]) -> None:
    """Small segments borrow the width of the nearest substantial one (next first, then previous)."""
    known = [(ri, si, w) for ri, segs in enumerate(run_segs) for si, (_, _, w) in enumerate(segs) if w > 0]
    for ri, segs in enumerate(run_segs):
        for si, (sid, seg_lines, w) in enumerate(segs):
            if w > 0:
                continue
            best: tuple[int, float] | None = None
            for kri, ksi, kw in known:
                dist = abs(kri - ri) * 2 + (0 if (kri, ksi) > (ri, si) else 1)
                if best is None or dist < best[0]:
                    best = (dist, kw)
            if best is not None:
                w = best[1]
            else:
                own = column_width([x.width for x in seg_lines])
                w = own or max((x.width for x in seg_lines), default=0.0)
            segs[si] = (sid, seg_lines, w)
