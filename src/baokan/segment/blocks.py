"""Printed lines → typed blocks in page order.

Block kinds:

- ``head``: a dateline head (``本报讯（记者 高茜）``); the body words after it on the same line start
  the next ``body`` block;
- ``sbyline``: a standalone byline line (``□ 本报记者 刘少伟``);
- ``caption``: a photo caption (``图为…``), with its credit when printed on the same line(s);
- ``credit``: a photo credit alone on its line (``记者 侯利军 摄``);
- ``body``: one printed paragraph of body text (in-body subheads such as ``烦  恼`` included);
- ``display``: one headline-like line or short unpunctuated paragraph (headline, kicker, subtitle).

Paragraphs come from the printed geometry. Runs of text lines between other blocks are cut into
column segments where the full-line width changes (`_segments`); inside a segment of full width W, a
line that ends short (W − 3 or less, or W − 2 and ending a sentence) closes its paragraph, and a line
about two characters short after a line ending a sentence (the indent) opens a new one. A line that
is the first of a paragraph is expected to be two characters short.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from baokan.clean import HAN_RE, clean_text, display_width, is_ideograph
from baokan.records import Author

from .bylines import ByHead, parse_byline_head, parse_standalone_byline, split_credit
from .lines import Line, column_width

__all__ = ["Block", "build_blocks"]

_CAPTION_START_RE = re.compile(
    r"^[▲△▼▽◆◇■□●○★☆◎]?\s*(?:图为|图：|图:|[上下左右中]图[：:为]?|图\s*[①-⑳\d]|组图|图片说明|图片)"
)
_END_STRONG = set("。！？!?…；;")
_END_ANY = set("。！？!?…；;：:”’」』）)")
_CLOSERS = set("”’」』）)")
_SUBHEAD_RE = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、．.]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[、．.])"
)
_SUBTITLE_RE = re.compile(r"^(?:——|—|－－|--|─)")


@dataclass(slots=True)
class Block:
    kind: str
    lines: list[Line]
    text: str = ""
    seg: int = -1
    width: float = 0.0  # full-line width of the column segment (body/display)
    pieces: list[str] = field(default_factory=list)  # printed line texts (display)
    head: ByHead | None = None
    byline: str | None = None
    authors: list[Author] = field(default_factory=list)
    credit: str | None = None
    photographers: list[str] = field(default_factory=list)
    wide: bool = False
    mode: float = 0.0  # the column segment's most common exact line width, when it is a clear mode

    @property
    def first(self) -> int:
        return self.lines[0].no

    @property
    def last(self) -> int:
        return self.lines[-1].no


def ends_sentence(text: str, strong: bool = True) -> bool:
    if not text:
        return False
    ch = text[-1]
    if ch in _END_STRONG:
        return True
    if ch in _CLOSERS:
        if not strong:
            return True
        return len(text) > 1 and text[-2] in _END_STRONG
    return bool(not strong and ch in _END_ANY)


# --------------------------------------------------------------------------------------- scanning


def _is_caption_start(text: str) -> bool:
    return bool(_CAPTION_START_RE.match(text))


def _scan(lines: list[Line]) -> list[tuple[str, object]]:
    """Lines → tokens: ('head', Block) / ('sbyline', Block) / ('caption', Block) / ('credit', Block)
    / ('text', Line)."""
    out: list[tuple[str, object]] = []
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        t = line.text
        # Dateline heads, possibly continued over the next lines while a parenthesis is open.
        head = None
        if t[0] in "本新中人央光国□■◇◆●○" and parse_byline_head(t) is not None and not _dateline_in_body(out, lines, i):
            used = 1
            joined = t
            while used < 3 and i + used < n and _open_paren(joined):
                joined = joined + "\n" + lines[i + used].text
                used += 1
            head = parse_byline_head(joined)
            # Only keep the lines actually consumed by the head.
            core_end = len(joined[: head.consumed].rstrip())  # type: ignore[union-attr]
            k = min(joined.count("\n", 0, core_end), used - 1)
            line_start = joined.rfind("\n", 0, core_end) + 1
            line_end = joined.find("\n", core_end)
            rest = joined[core_end : line_end if line_end >= 0 else len(joined)]
            del line_start
            head_lines = lines[i : i + k + 1]
            blk = Block("head", head_lines, head=head, byline=head.byline, authors=list(head.authors))  # type: ignore[union-attr]
            out.append(("head", blk))
            rest = rest.strip()
            if rest:
                last = lines[i + k]
                inner_spaces = sum(1 for ch in last.text if ch == " ")
                out.append(
                    (
                        "text",
                        Line(last.no, rest, last.width + min(inner_spaces, 4), 0, False, after_byline=True),
                    )
                )
            i += k + 1
            continue
        sb = parse_standalone_byline(t)
        if sb is not None:
            # Merge a byline continued on the next line (记者 张三\n通讯员 李四).
            j = i + 1
            while j < n:
                nxt = parse_standalone_byline(lines[j].text)
                if nxt is None:
                    break
                merged = parse_standalone_byline(" ".join(x.text for x in lines[i : j + 1]))
                if merged is None:
                    break
                sb = merged
                j += 1
            out.append(("sbyline", Block("sbyline", lines[i:j], byline=sb[0], authors=list(sb[1]))))
            i = j
            continue
        if _is_caption_start(t) or (t.endswith(("摄", "摄影", "摄）", "摄)")) and split_credit(t)[1] is not None):
            cap_text, credit, phot = split_credit(t)
            used = 1
            if credit is None and not ends_sentence(t, strong=False):
                # A caption broken over lines: take up to two more plain lines ending the caption.
                for k in (1, 2):
                    if i + k >= n:
                        break
                    cand = lines[i + k].text
                    if _line_kind_hint(cand) != "text":
                        break
                    _c2, cr2, _ph2 = split_credit(cand)
                    if cr2 is not None or ends_sentence(cand, strong=False):
                        used = k + 1
                        joined = " ".join(x.text for x in lines[i : i + used])
                        cap_text, credit, phot = split_credit(joined)
                        break
            if not cap_text.strip():
                out.append(("credit", Block("credit", lines[i : i + used], credit=credit, photographers=phot)))
            else:
                blk = Block("caption", lines[i : i + used], credit=credit, photographers=phot)
                blk.pieces = [cap_text]
                out.append(("caption", blk))
            i += used
            continue
        out.append(("text", line))
        i += 1
    return out


def _dateline_in_body(out: list[tuple[str, object]], lines: list[Line], i: int) -> bool:
    """A dateline without a bracketed byline (``本报讯日前，…``, ``本报厦门1月2日电记者X报道：``) that
    continues the running text of a column: right after a paragraph ending a sentence, in a column of
    the same width before and after. A body quoting another dispatch prints it so; an article of its own
    opens after a headline, at a column change, or names its reporters in brackets."""
    joined = lines[i].text
    for k in (1, 2):  # a bracketed byline may continue on the next lines
        if not _open_paren(joined) or i + k >= len(lines):
            break
        joined += "\n" + lines[i + k].text
    head = parse_byline_head(joined)
    if head is None or head.authors or not out or out[-1][0] != "text":
        return False
    prev = out[-1][1]
    if not ends_sentence(prev.text):  # type: ignore[attr-defined]
        return False
    before: list[float] = []
    for kind, obj in reversed(out):
        if kind != "text" or len(before) >= 8:
            break
        before.append(obj.width)  # type: ignore[attr-defined]
    if len(before) < 3:
        return False
    W = column_width(before)
    if not W - 3.0 <= lines[i].width <= W + 1.5:  # not a first (or full) line of that column
        return False
    after = [x.width for x in lines[i + 1 : i + 7]]
    # The lines after it stay in the column: none wider, some full or indented ones.
    return bool(after) and max(after) <= W + 1.5 and any(w >= W - 2.5 for w in after)


def _open_paren(s: str) -> bool:
    return (s.count("（") + s.count("(")) > (s.count("）") + s.count(")"))


def _line_kind_hint(t: str) -> str:
    if parse_byline_head(t) is not None or parse_standalone_byline(t) is not None:
        return "byline"
    if _is_caption_start(t):
        return "caption"
    return "text"


# --------------------------------------------------------------------------------------- geometry


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
_HANGING = set("，。、；：！？）》」』”’…,.;:!?)")
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
    usable = [w for x, w in zip(run, ws, strict=False) if not x.after_byline]
    vals = sorted(usable)
    states = []
    full_lo, full_hi = band
    tight = band == _TIGHT
    for W in sorted({round(w * 2) / 2 for w in usable if w >= 8}):
        if bisect_right(vals, W + full_hi) - bisect_left(vals, W - full_lo) >= 3:
            states.append(W)
    if len(states) < 2:
        return [(0, n)]
    S = len(states)
    # Viterbi with back pointers only where the best path switches; one cost vector per distinct width.
    vectors: dict[float, list[float]] = {}
    zero = [0.0] * S
    cost: list[float] = []
    back: list[list[int] | None] = []
    for i in range(n):
        cv: list[float] | None
        if run[i].after_byline:
            cv = zero
        else:
            w = ws[i]
            key = w
            if tight and run[i].text[-1] not in _HANGING:
                key = -w  # on a strict grid only hanging punctuation makes a full line wider than W
            cv = vectors.get(key)
            if cv is None:
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
            cost = [c + e for c, e in zip(cost, cv, strict=False)]
            back.append(None)
            continue
        bi = cost.index(low)
        back.append([k if c <= switch else bi for k, c in enumerate(cost)])
        cost = [(c if c <= switch else switch) + e for c, e in zip(cost, cv, strict=False)]
    k = cost.index(min(cost))
    path = [0] * n
    for i in range(n - 1, -1, -1):
        path[i] = k
        row = back[i]
        if row is not None:
            k = row[k]
    # Segments of equal state.
    segs: list[list[int]] = []  # [start, end, state]
    for i, k in enumerate(path):
        if segs and segs[-1][2] == k:
            segs[-1][1] = i + 1
        else:
            segs.append([i, i + 1, k])

    def full_count(a: int, b: int, W: float) -> int:
        return sum(1 for j in range(a, b) if not run[j].after_byline and W - full_lo <= ws[j] <= W + full_hi)

    # Segments without enough full lines of their own width join a neighbour.
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
        # neighbours of equal state merge
        t = 1
        while t < len(segs):
            if segs[t][2] == segs[t - 1][2]:
                segs[t - 1][1] = segs[t][1]
                del segs[t]
            else:
                t += 1
    # Move each cut to a paragraph end among the lines both widths explain equally.
    bounds = [0]
    for t in range(1, len(segs)):
        Wa, Wb = states[segs[t - 1][2]], states[segs[t][2]]
        c = segs[t][0]
        lo_lim = max(bounds[-1] + 1, segs[t - 1][0] + 1)
        hi_lim = segs[t][1] - 1

        def indifferent(j: int, Wa: float = Wa, Wb: float = Wb) -> bool:
            return run[j].after_byline or _line_cost(ws[j], Wa, full_lo, full_hi) == _line_cost(
                ws[j], Wb, full_lo, full_hi
            )

        lo = c
        while lo - 1 >= lo_lim and indifferent(lo - 1):
            lo -= 1
        hi = c
        while hi < hi_lim and indifferent(hi):
            hi += 1
        cut = _best_cut(run, ws, lo, hi, Wa, Wb, c)
        if bounds[-1] < cut < n:
            bounds.append(cut)
    bounds.append(n)
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]


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
        if ends_sentence(run[k - 1].text, strong=False) and (best_score is None or score > best_score):
            best, best_score = k, score
    return best


def _squeezed_before_last(line: Line, nxt: Line, W: float) -> bool:
    """A body line made wide by pulling the head of the paragraph's last line up into it."""
    return (
        not ends_sentence(line.text, strong=False)
        and ends_sentence(nxt.text)
        and nxt.width <= W - 1.5
        and line.width <= W + 6
    )


def _column_like(ws: list[float]) -> bool:
    if len(ws) < 4:
        return False
    W = column_width(ws)
    full = sum(1 for w in ws if W - 1.0 <= w <= W + 1.0)
    return full >= 4 and full >= 0.4 * len(ws)


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
    if t[-1] in _HEADLINE_END_BAD or (t[-1] in _CLOSERS and len(t) > 1 and t[-2] in _HEADLINE_END_BAD):
        return False
    if _HEADLINE_INSIDE_BAD.search(t) or not HAN_RE.search(t):
        return False
    nw = nxt.width
    if nw > W - 1.5 and nxt.text[-1] in _HANGING and nw - 1.0 <= W - 2.0:
        nw -= 1.0  # a first line with hanging punctuation (14 + ， in a 16 column)
    if not W - 3.5 <= nw <= W - 1.5 or nxt.justified:  # a letter-spaced line is no measure
        return False
    return not ends_sentence(nxt.text, strong=False) or seg[k + 2].width >= W - 1


def _paragraphs(seg: list[Line], W: float) -> list[tuple[list[Line], bool]]:
    """Lines of one column segment → [(lines, wide)] paragraphs."""
    out: list[tuple[list[Line], bool]] = []
    cur: list[Line] = []
    n = len(seg)
    wide_limit = W + 2.0
    for k, line in enumerate(seg):
        if (
            line.width > wide_limit
            and not line.after_byline
            and compressed_width(line.text) > wide_limit
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
        if cur and line.lead >= 2 and not line.justified:
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
        if not brk and k + 1 < n and ends_sentence(t):
            nxt = seg[k + 1]
            # A short unpunctuated line after a sentence end: an in-body subhead or a headline.
            if nxt.width <= W - 5 and not ends_sentence(nxt.text, strong=False) and nxt.text[-1] not in "，,、":
                brk = True
            if (
                W - 3.5 <= nxt.width <= W - 1.5
                and nxt.width <= wide_limit
                and (not ends_sentence(nxt.text, strong=False) or (k + 2 < n and seg[k + 2].width >= W - 1))
            ):
                brk = True
        if brk:
            out.append((cur, False))
            cur = []
    if cur:
        out.append((cur, False))
    return out


_ANY_PUNCT_RE = re.compile(r"[，,。；;：:！!？?、…]")


def _headline_stack(lines: list[Line], W: float) -> bool:
    """Lines read as one paragraph that are a stack of headline lines (kicker, headline, subtitle,
    perhaps the next article's headline too): no punctuation in any line and a short last line
    without a final stop. A paragraph of running text ends with punctuation."""
    if (
        len(lines) < 2
        or lines[0].after_byline
        or lines[-1].width >= W - 1
        or ends_sentence(lines[-1].text, strong=False)
    ):
        return False
    return not any(_ANY_PUNCT_RE.search(x.text) or not HAN_RE.search(x.text) or len(x.text) > 40 for x in lines)


def _join(lines: list[Line]) -> str:
    return clean_text("".join(x.text for x in lines))


def _is_display(lines: list[Line], text: str, wide: bool, W: float) -> bool:
    if not text:
        return False
    if not HAN_RE.search(text):
        return False
    if ends_sentence(text, strong=False) and not text.endswith(("！", "？", "!", "?", "”", "’", "」", "』")):
        return False
    if text[-1] in "，,、":
        return False
    if text.endswith(("”", "’", "」", "』")) and ends_sentence(text):
        return False
    if _SUBHEAD_RE.match(text):
        return False
    if len(lines) > 3 or len(text) > 64:
        return False
    if len(lines) >= 2 and W and len(text) >= 2.5 * W:
        return False
    return not (text.endswith(("！", "？", "!", "?")) and len(lines) > 1 and not wide)


def build_blocks(lines: list[Line]) -> list[Block]:
    """All blocks of a page, in printed order."""
    tokens = _scan(lines)
    # Group text lines into runs.
    runs: list[list[Line]] = []
    layout: list[tuple[str, object]] = []  # ('run', idx) or (kind, Block)
    for kind, obj in tokens:
        if kind == "text":
            line = obj
            if layout and layout[-1][0] == "run" and not line.after_byline:  # type: ignore[attr-defined]
                runs[layout[-1][1]].append(line)  # type: ignore[call-overload]
            else:
                runs.append([line])  # type: ignore[list-item]
                layout.append(("run", len(runs) - 1))
        else:
            layout.append((kind, obj))

    # Column segments and widths.
    seg_counter = 0
    band = _TIGHT if page_regularity(lines) >= _REGULAR else _LOOSE
    run_segs: list[list[tuple[int, list[Line], float]]] = []
    for run in runs:
        segs = []
        for a, b in _segments(run, band):
            seg_lines = run[a:b]
            W = _segment_width([x.width for x in seg_lines if not x.after_byline]) if len(seg_lines) >= 4 else 0.0
            segs.append((seg_counter, seg_lines, W))
            seg_counter += 1
        run_segs.append(segs)
    # Small segments borrow the width of the nearest substantial one (next first, then previous).
    known = [(ri, si, W) for ri, segs in enumerate(run_segs) for si, (_, _, W) in enumerate(segs) if W > 0]
    for ri, segs in enumerate(run_segs):
        for si, (sid, seg_lines, W) in enumerate(segs):
            if W > 0:
                continue
            best = None
            for kri, ksi, kW in known:
                key = (kri, ksi)
                dist = abs(kri - ri) * 2 + (0 if key > (ri, si) else 1)
                if best is None or dist < best[0]:
                    best = (dist, kW)
            if best is not None:
                W = best[1]
            else:
                W = max((x.width for x in seg_lines), default=0.0)
                own = column_width([x.width for x in seg_lines])
                W = own if own else W
            segs[si] = (sid, seg_lines, W)

    blocks: list[Block] = []
    for kind, obj in layout:
        if kind != "run":
            blocks.append(obj)  # type: ignore[arg-type]
            continue
        for sid, seg_lines, W in run_segs[obj]:  # type: ignore[call-overload]
            mode = _exact_mode(seg_lines, W)
            for plines, wide in _paragraphs(seg_lines, W):
                text = _join(plines)
                if not text:
                    continue
                disp = (not plines[0].after_byline) and _is_display(plines, text, wide, W)
                parts = [plines] if disp or not _headline_stack(plines, W) else [[x] for x in plines]
                for pl in parts:
                    if len(parts) > 1:
                        text = _join(pl)
                        disp = True
                    blk = Block("display" if disp else "body", pl, text=text, seg=sid, width=W, wide=wide, mode=mode)
                    blk.pieces = [x.text for x in pl]
                    blocks.append(blk)
    _demote_subheads(blocks)
    return blocks


_CLAUSE_INSIDE_RE = re.compile(r"[，,；;。][^，,；;。]")
_SPEAKER_QUESTION_RE = re.compile(r"^[^：:]{1,8}[：:].+[？?]$")  # 网友：…？ (an interview's question)


def _demote_subheads(blocks: list[Block]) -> None:
    """Display lines inside one column segment, between body paragraphs, that are in-body subheads
    (``烦  恼``, ``一、…``) or running text that only looks short (a clause ending without
    punctuation): body paragraphs. A run of display blocks qualifies when each is a short single line
    (six characters, ten when letter-spaced) or reads as running text (a comma or full stop inside it:
    headlines set clauses apart with a space; a speaker's question ``网友：…？``)."""
    n = len(blocks)
    i = 1
    while i < n - 1:
        if blocks[i].kind != "display" or blocks[i - 1].kind != "body":
            i += 1
            continue
        j = i
        while j < n and blocks[j].kind == "display":
            j += 1
        p = blocks[i - 1]
        if (
            j < n
            and blocks[j].kind == "body"
            and p.seg == blocks[j].seg
            and all(b.seg == p.seg and _in_body_line(b) for b in blocks[i:j])
        ):
            for b in blocks[i:j]:
                b.kind = "body"
        i = j


def _in_body_line(b: Block) -> bool:
    if len(b.lines) == 1 and not b.wide:
        n = len(b.text)
        if n <= 6 or (b.lines[0].justified and n <= 10):
            return True
    return bool(_CLAUSE_INSIDE_RE.search(b.text) or _SPEAKER_QUESTION_RE.match(b.text))


def compressed_width(text: str) -> float:
    """Width with CJK punctuation counted ½ (typesetters compress it to fit crowded lines)."""
    w = display_width(text)
    for ch in text:
        if not ch.isascii() and not is_ideograph(ch) and not ch.isspace():
            w -= 0.5
    return w
