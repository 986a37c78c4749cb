"""Positioned lines → reading order, and the page text the segmenter reads with its hints.

Reading order is a recursive XY-cut: a page (or a part of it) is cut at every vertical strip of
white space that runs down it (the gutters), left to right; a part that has none (a headline runs
across its columns) is cut at every horizontal strip, top to bottom; and so on until a part is one
column of lines. Rows of articles,
headlines across their columns, the columns under them and captions under their photos come out in
the order a reader takes them, whatever order the file (or an OCR engine reading row by row across
the page) gave.

The ordered lines become page text (`LayoutText`): one printed line per text line, a first line
indented where it is indented in its column, a blank line between two parts unless the text runs on
from the bottom of one column to the top of the next; and one `LineHint` per text line with what the
text lost: type size relative to the page's body type, the header or footer band, a caption under a
photo, the box, the OCR score. The segmenter weighs the hints; the text alone still segments.
"""

from __future__ import annotations

from collections import Counter
from contextvars import ContextVar
from dataclasses import dataclass, field

from baokan.layout.model import Box, LayoutPage, TextLine

from .model import LARGE_TYPE, LineHint

__all__ = ["LayoutText", "layout_text", "reading_order"]

HEADER_BAND = 0.065  # share of the page height at the top that holds the header band
FOOTER_BAND = 0.05
H_GAP = 0.25  # white space (in body-type ems) beyond the usual space between lines that cuts a part across
V_GAP = 0.8  # white space (in body-type ems) that cuts a part down
_HOLE = 15.0  # white space (in body-type ems) down a column that no article's text runs on across


@dataclass(slots=True)
class LayoutText:
    """A layout page as page text, with a hint for each of its lines (by 1-based line number)."""

    text: str
    hints: dict[int, LineHint] = field(default_factory=dict)
    unit: str = "pt"
    body_size: float = 0.0


def body_size(lines: list[TextLine]) -> float:
    """The page's body type: the size most characters are printed in."""
    sizes: Counter[float] = Counter()
    for ln in lines:
        sizes[round(ln.size * 2) / 2] += len(ln.text)
    return sizes.most_common(1)[0][0] if sizes else 1.0


def reading_order(page: LayoutPage) -> list[list[TextLine]]:
    """The page's lines in reading order, as the parts of the XY-cut (each one column of lines,
    top to bottom)."""
    if not page.lines:
        return []
    token = _PHOTO_BOXES.set(bool(page.images) or all(ln.score is None for ln in page.lines))
    try:
        return _reading_order(page)
    finally:
        _PHOTO_BOXES.reset(token)


# Whether the page being read gives its photos as boxes (see `_scanned`).
_PHOTO_BOXES: ContextVar[bool | None] = ContextVar("photo_boxes", default=None)


def _reading_order(page: LayoutPage) -> list[list[TextLine]]:
    em = body_size(page.lines)
    # The header and footer bands are read first and last: a footer line under one column would
    # otherwise be read as that column's end and part a paragraph running on to the next column.
    bands: dict[str, list[TextLine]] = {"header": [], "": [], "footer": []}
    for ln in page.lines:
        bands[_band(ln, page)].append(ln)
    header, inside, footer = bands["header"], bands[""], bands["footer"]
    # photos take part in the cuts (no cut runs through one) and leave no line behind
    photos = [TextLine("", box, em) for box in page.images]
    parts = _cut(inside + photos, em, line_gap(page.lines, em) + H_GAP * em, V_GAP * em) if inside else []
    for band in (header, footer):
        if band:
            parts.insert(0 if band is header else len(parts), sorted(band, key=lambda ln: (ln.box.y0, ln.box.x0)))
    return [kept for part in parts if (kept := [ln for ln in part if ln.text])]


def line_gap(lines: list[TextLine], em: float) -> float:
    """The usual white space between two lines of a column (boxes of OCR engines and of PDF
    glyphs differ: it is measured, not assumed): the median gap from a body line to the next
    body line under it."""
    body = sorted((ln for ln in lines if _in_body_type(ln, em)), key=lambda ln: ln.box.y0)
    gaps = []
    for i, a in enumerate(body):
        for b in body[i + 1 : i + 40]:  # the first line under it in its column
            if b.box.y0 - a.box.y1 > 2 * em:
                break
            overlap = min(a.box.x1, b.box.x1) - max(a.box.x0, b.box.x0)
            if overlap > 0.5 * min(a.box.width, b.box.width) and b.box.y0 >= a.box.y1 - 0.5 * em:
                gaps.append(max(0.0, b.box.y0 - a.box.y1))
                break
    gaps.sort()
    return max(0.0, gaps[len(gaps) // 2]) if gaps else 0.25 * em


def _cut(lines: list[TextLine], em: float, h_gap: float, v_gap: float) -> list[list[TextLine]]:
    # Gutters first: a gutter that runs down the whole part parts columns (or articles side by
    # side) whatever their lengths; a column that runs on below a shorter neighbour would be cut
    # off from its top by a horizontal cut first. Headlines across columns block the gutters, so
    # such a part is cut across first.
    cols = _split(lines, v_gap, across=False)
    cols = _join_headed(cols, em, h_gap) if len(cols) > 1 else cols
    if len(cols) > 1 and not _headline_over(cols, em, h_gap):
        return [part for col in cols for part in _cut(col, em, h_gap, v_gap)]
    rows = _runs_on_below(_heads_with_bodies(_split(lines, h_gap, across=True), em, v_gap), v_gap, em)
    if len(rows) > 1:
        return [part for row in rows for part in _cut(row, em, h_gap, v_gap)]
    return [sorted(lines, key=lambda ln: (ln.box.y0, ln.box.x0))]


def _headline_over(cols: list[list[TextLine]], em: float, h_gap: float) -> bool:
    """The part's top row is headlines alone, over columns beside them that have none and start
    below them: the headline heads those columns too (a gutter runs past a short one), so the
    part is cut across first. Columns with a headline of their own are articles side by side."""
    lines = [ln for col in cols for ln in col]
    top = _split(lines, h_gap, across=True)[0]
    if not any(ln.text for ln in top) or not all(ln.size >= LARGE_TYPE * em for ln in top if ln.text):
        return False
    bottom = max(ln.box.y1 for ln in top)
    in_top = {id(ln) for ln in top}
    beside = [col for col in cols if not any(id(ln) in in_top for ln in col)]
    return bool(beside) and all(
        min(ln.box.y0 for ln in col) > bottom and not any(ln.size >= LARGE_TYPE * em for ln in col if ln.text)
        for col in beside
    )


def _join_headed(cols: list[list[TextLine]], em: float, h_gap: float) -> list[list[TextLine]]:
    """The column groups of a part, where the top stretch of a group with no headline there joins
    a neighbour headed by one when that stretch starts level with the neighbour's body (or with a
    photo no higher): a short headline centred over its article leaves a gutter running past it,
    down its first column and on past the article under it. What is left of the group may still
    hold a stretch lower down that a lower headline of the neighbour heads
    (`_headed_lower_down`); the rest stays apart, and so do groups side by side starting higher
    (a column running on from the row above)."""
    groups = [list(col) for col in cols]
    took_top: dict[int, list[TextLine]] = {}  # group → the group on its left that took its top stretch
    took_lower: dict[int, list[TextLine]] = {}  # group → the group on its right that took a lower stretch
    gave_lower: dict[int, list[TextLine]] = {}  # group → the group on its left that took a lower stretch
    gave_top: dict[int, list[TextLine]] = {}  # group → the group on its right that took its top stretch
    for i in range(len(groups) - 1):
        taken: set[int] = set()  # lines one of the two groups took from the other: not taken back
        for headed, plain in ((groups[i + 1], groups[i]), (groups[i], groups[i + 1])):
            if not plain:
                continue
            top = _top_stretch(plain, em, h_gap, headed)
            gap = _heading_gap(headed, top, em)
            if gap is None and headed is groups[i] and i in took_top:
                # the group between gave its top to the article on its left, whose columns run on
                # past it: the next column's top stretch, level with that body, is that article's too
                gap = _heading_gap(took_top[i], top, em)
                if gap is not None:
                    headed = took_top[i]
            if gap is not None and headed is groups[i] and i + 2 < len(groups):
                other = _heading_gap(groups[i + 2], top, em)
                if other is not None and other < gap:
                    continue  # the neighbour on the right heads it more levelly: its turn comes next
                if other is not None and other == gap and not _scanned(top) and _one_column_article(headed, em):
                    continue  # as levelly, but the headline on the left heads one column of its own
            if gap is not None:
                _move(top, plain, headed)
                if plain is groups[i + 1]:
                    took_top[i + 1] = headed
                else:
                    gave_top[i] = headed
            if plain:  # (what is left of it) lower down, under one of the headlines of `headed`
                lower = _headed_lower_down(headed, plain, em, h_gap)
                if not lower and headed is groups[i] and i in gave_lower:
                    # the group between gave a stretch lower down to the article on its left, whose
                    # columns run on past it: the next column's stretch level with that body is its too
                    headed = gave_lower[i]
                    lower = _headed_lower_down(headed, plain, em, h_gap)
                lower = [ln for ln in lower if id(ln) not in taken]
                if lower and headed is groups[i] and i + 2 < len(groups) and _for_the_right(headed, lower, em):
                    ahead = {id(ln) for ln in _headed_lower_down(groups[i + 2], plain, em, h_gap)}
                    if any(id(ln) in ahead for ln in lower):
                        lower = []  # as level with the right neighbour's body: its turn comes next
                taken.update(id(ln) for ln in lower)
                _move(lower, plain, headed)
                if lower and headed is groups[i + 1]:
                    took_lower[i] = headed
                elif lower:
                    gave_lower[i + 1] = headed
            if not plain and plain is groups[i + 1]:
                groups[i + 1] = headed  # its right neighbour is the joined group's next
    _hand_on_leftwards(groups, gave_top, took_lower, em, h_gap)
    kept = list({id(g): g for g in groups if g}.values())
    if len(kept) == 1 or len(kept) == len(cols):
        return kept
    return sorted(kept, key=_left)


def _hand_on_leftwards(
    groups: list[list[TextLine]],
    gave_top: dict[int, list[TextLine]],
    took_lower: dict[int, list[TextLine]],
    em: float,
    h_gap: float,
) -> None:
    """A group that gave its top stretch, or a stretch lower down, to the article on its right
    hands that article on to its left neighbour: the article's first column may lie further left,
    past a gutter its headline does not reach, or under a photo (right to left, so that the
    hand-over runs on)."""
    for i in range(len(groups) - 2, -1, -1):
        if not groups[i]:
            continue
        taker = gave_top.get(i + 1)
        if taker is not None and groups[i] is not taker:
            top = _top_stretch(groups[i], em, h_gap, taker)
            if _heading_gap(taker, top, em) is not None:
                _move(top, groups[i], taker)
                gave_top[i] = taker
        taker = took_lower.get(i + 1)
        if taker is None or not groups[i] or groups[i] is taker:
            continue
        lower = _headed_lower_down(taker, groups[i], em, h_gap)
        if lower:
            _move(lower, groups[i], taker)
            took_lower[i] = taker


def _one_column_article(headed: list[TextLine], em: float, headed_by: tuple[TextLine, float] | None = None) -> bool:
    """The first headline of `headed` (or the one given, with the top of its body) is centred
    over one column of its own: its body starts in a single column (the photos opening it count),
    the headline no wider than that column and centred over it. A headline is centred over its
    whole article, so such an article is whole."""
    headed_by = headed_by or _first_headline(headed, em)
    if headed_by is None:
        return False
    head, body_top = headed_by
    tops = [ln for ln in headed if body_top - 0.5 * em <= ln.box.y0 <= body_top + 3 * em and ln.size < LARGE_TYPE * em]
    if not tops or len(_split(tops, V_GAP * em, across=False)) != 1:
        return False
    return _centred(head.box, tops, em) and head.box.x0 >= _left(tops) - em and head.box.x1 <= _right(tops) + em


def _for_the_right(headed: list[TextLine], stretch: list[TextLine], em: float) -> bool:
    """The headline of `headed` over a body level with `stretch` heads one column of its own
    (`_one_column_article`): a stretch also level with the body of the article on the right is
    that article's. Not for OCR input (no photo boxes)."""
    if _scanned(stretch):
        return False
    top = min(ln.box.y0 for ln in stretch)
    texts = [ln for ln in headed if ln.text]
    for head in (ln for ln in texts if ln.size >= LARGE_TYPE * em):
        body_top = _column_top(texts, head, em)
        if body_top is not None and abs(body_top - top) <= 0.5 * em:
            return _one_column_article(headed, em, (head, body_top))
    return False


def _move(stretch: list[TextLine], source: list[TextLine], target: list[TextLine]) -> None:
    moved = {id(ln) for ln in stretch}
    target.extend(stretch)
    source[:] = [ln for ln in source if id(ln) not in moved]


def _top_stretch(
    lines: list[TextLine], em: float, h_gap: float, beside: list[TextLine] | None = None
) -> list[TextLine]:
    """The top stretch of a column group: its first row and the rows under it in body type (or
    a caption under a photo), down to the first in another type (the next article's kicker or
    headline), or past white space level with a headline of the group `beside` (the headline of
    the next article, which does not reach this column)."""
    rows = _split(lines, h_gap, across=True)
    heads = [ln for ln in beside or [] if ln.text and ln.size >= LARGE_TYPE * em]
    stretch = [rows[0]]
    scanned = _scanned(lines)  # a hole in a column may then be a photo
    for n, row in enumerate(rows[1:], start=1):
        texts = [ln for ln in row if ln.text]
        under_photo = _under_photo_row(stretch[-1], em)
        if any(ln.size >= LARGE_TYPE * em for ln in texts):
            break
        if not under_photo and not all(_in_body_type(ln, em) for ln in texts):
            break
        if n + 1 < len(rows) and _kicker_over(texts, rows[n + 1], em):
            break
        bottom = max(ln.box.y1 for ln in stretch[-1])
        if not scanned and min(ln.box.y0 for ln in row) - bottom > _HOLE * em:
            break  # past a hole in the column: the text under it is another article's
        if not scanned and _headline_level_with_gap(heads, bottom, row, em):
            break
        stretch.append(row)
    return [ln for row in stretch for ln in row]


def _headline_level_with_gap(heads: list[TextLine], above: float, row: list[TextLine], em: float) -> bool:
    """White space of more than two ems from `above` down to `row` with one of `heads` level with
    it (its middle inside the white)."""
    below = min(ln.box.y0 for ln in row)
    return below - above > 2 * em and any(above < (h.box.y0 + h.box.y1) / 2 < below for h in heads)


def _scanned(lines: list[TextLine]) -> bool:
    """OCR results that give no photo boxes (lines with scores on a page with no images, as
    PaddleOCR gives them): a column's photos are holes and do not count in its span. hOCR and
    ALTO with their photos are read as PDF pages are. Outside `reading_order`, lines with scores."""
    photo_boxes = _PHOTO_BOXES.get()
    if photo_boxes is not None:
        return not photo_boxes
    return any(ln.score is not None for ln in lines)


def _under_photo_row(above: list[TextLine], em: float) -> bool:
    """The row under `above` is right under a photo: `above` ends with one (a caption follows it),
    not merely holds one higher up."""
    if not above:
        return False
    bottom = max(ln.box.y1 for ln in above)
    return any(not ln.text and ln.box.y1 >= bottom - em for ln in above)


def _photo_over_caption(row: list[TextLine], em: float) -> bool:
    """A row of a photo and the lines right under it (its caption, set close under it)."""
    photos = [ln for ln in row if not ln.text]
    return bool(photos) and all(ln.box.y0 >= max(p.box.y1 for p in photos) - em for ln in row if ln.text)


def _in_body_type(ln: TextLine, em: float) -> bool:
    """`ln` is set in the body's type or within 15% of it (a byline's or an intertitle's type a
    point larger counts too; `_first_body_line` asks for the body's own)."""
    return abs(ln.size - em) <= 0.15 * em


def _in_own_type(texts: list[TextLine], em: float) -> bool:
    """Lines all in one type that is not the body's."""
    if not texts or not all(abs(ln.size - texts[0].size) <= 0.03 * em for ln in texts):
        return False
    return abs(texts[0].size - em) > 0.03 * em


def _kicker_over(texts: list[TextLine], below: list[TextLine], em: float) -> bool:
    """Lines in a type of their own, close to the body's (within what `_top_stretch` takes for
    body type) but not the body's, right over a row in headline type: a kicker over its
    headline, the next article's."""
    if not _in_own_type(texts, em):
        return False
    heads = [ln for ln in below if ln.text and ln.size >= LARGE_TYPE * em]
    return bool(heads) and min(ln.box.y0 for ln in heads) - max(ln.box.y1 for ln in texts) <= 1.5 * em


def _headed_lower_down(headed: list[TextLine], plain: list[TextLine], em: float, h_gap: float) -> list[TextLine]:
    """Stretches of `plain` lower down that articles of `headed` head: one starts level with the
    body under one of the lower headlines of `headed`, in body type, and all of `plain` above it
    ends above that headline. A headline centred across an article's columns that does not reach
    its first column leaves a gutter running past it, down that column and up past the article
    above it in the same column. One column of a row (`_column_level_with`) may be such a
    stretch under any of the headlines, the first too."""
    texts = [ln for ln in headed if ln.text]
    heads = sorted((ln for ln in texts if ln.size >= LARGE_TYPE * em), key=lambda ln: ln.box.y0)
    rows = _split(plain, h_gap, across=True)
    found: list[TextLine] = []
    for n, head in enumerate(heads):
        body_top = _column_top(texts, head, em)
        if body_top is not None:
            found += _stretch_under(rows, head, texts, body_top, em, whole_rows=n > 0)
    unique = {id(ln): ln for ln in found}  # one line may lie in the stretches of two headlines
    return list(unique.values())


def _column_top(texts: list[TextLine], head: TextLine, em: float) -> float | None:
    """The top of the body under `head`: the first line in body type under it with another in its
    type right under it (a subtitle or byline a point larger than the body stands alone, or sits
    right over the body in a type of its own). Lines under a headline level with it, beside it, are
    left out first: they are another article's, whose body may start higher."""
    found = _first_body_line(_clear_of_level_headlines(texts, head, em), head, em)
    return found if found is not None else _first_body_line(texts, head, em)


def _clear_of_level_headlines(texts: list[TextLine], head: TextLine, em: float) -> list[TextLine]:
    """`texts` but the lines under the headlines level with `head` beside it (other articles')."""
    beside = [
        h
        for h in texts
        if h is not head
        and h.size >= LARGE_TYPE * em
        and abs(h.box.y0 - head.box.y0) <= em
        and (h.box.x1 <= head.box.x0 or h.box.x0 >= head.box.x1)
    ]
    return [ln for ln in texts if not any(ln.box.x0 < h.box.x1 and ln.box.x1 > h.box.x0 for h in beside)]


def _first_body_line(texts: list[TextLine], head: TextLine, em: float) -> float | None:
    body = sorted((ln for ln in texts if abs(ln.size - em) <= 0.08 * em and ln.box.y0 >= head.box.y1), key=_top)
    for k, ln in enumerate(body):
        for below in body[k + 1 :]:
            if below.box.y0 - ln.box.y1 > em:
                break
            under = below.box.y0 >= ln.box.y1 - 0.5 * em and min(ln.box.x1, below.box.x1) > max(ln.box.x0, below.box.x0)
            if under and abs(below.size - ln.size) <= 0.03 * em:
                return ln.box.y0
    return None


def _top(ln: TextLine) -> float:
    return ln.box.y0


def _stretch_under(
    rows: list[list[TextLine]], head: TextLine, headed: list[TextLine], body_top: float, em: float, *, whole_rows: bool
) -> list[TextLine]:
    """The stretch of `rows` that `head` heads: a column level with its body (`_column_level_with`)
    or the rows from one level with its body down in body type — for the first headline of its
    group (not `whole_rows`) only under text of `rows` above them (on top, they are the top
    stretch, which `_heading_gap` weighs)."""
    for i, row in enumerate(rows):
        if abs(min(ln.box.y0 for ln in row) - body_top) > 0.5 * em:
            level = _column_level_with(row, body_top, head, em)
            if level and not _runs_past(rows[:i], head, level):
                return level
            continue
        above = [ln for r in rows[:i] for ln in r if ln.text]
        if not whole_rows and not above:
            continue  # a whole row level with the first headline's body, on top: the top stretch's case
        if above and max(ln.box.y1 for ln in above) > head.box.y0:
            # plain runs on past the headline: the text under it is its own, but for a column
            # between a level headline of plain's over one column of its own and `head`
            return _column_between_level_headlines(above, row, rows[i + 1 :], head, headed, body_top, em)
        stretch: list[TextLine] = []
        for k, r in enumerate(rows[i:], start=i):
            texts = [ln for ln in r if ln.text]
            body_type = all(_in_body_type(ln, em) for ln in texts)
            if not body_type and not _under_photo_row(stretch, em) and not _photo_over_caption(r, em):
                break
            if k + 1 < len(rows) and _kicker_over(texts, rows[k + 1], em):
                break  # the next article's kicker, over its headline
            stretch.extend(r)
        return stretch
    return []


def _column_between_level_headlines(
    above: list[TextLine],
    row: list[TextLine],
    below: list[list[TextLine]],
    head: TextLine,
    headed: list[TextLine],
    body_top: float,
    em: float,
) -> list[TextLine]:
    """The column of `row` between a headline level with `head` and `head`, when the text above
    `row` that reaches past the top of `head` is that headline alone and centring says whose the
    column is: that headline is centred over the other columns of `row` and not with the column
    too, and `head` over its own columns (those of `headed` level with its body) with the column
    and not without it. A headline is centred over its whole article; a gutter running down past
    `head` parted the column from it. The column may open with a photo and its caption; the rows
    under it that lie within it go with it. Not for OCR input (no photo boxes: a hole may be a
    photo's column)."""
    past = [ln for ln in above if ln.box.y1 > head.box.y0]
    if not all(ln.size >= LARGE_TYPE * em and abs(ln.box.y0 - head.box.y0) <= em for ln in past) or _scanned(row):
        return []
    other = Box(_left(past), 0.0, _right(past), 0.0)
    cols = [col for col in _split(row, 0.0, across=False) if any(ln.text for ln in col)]
    if head.box.x0 >= other.x1:
        between = [c for c in cols if _left(c) >= other.x1 and _right(c) <= head.box.x0]
    else:
        between = [c for c in cols if _right(c) <= other.x0 and _left(c) >= head.box.x1]
    if len(between) != 1 or len(cols) < 2:
        return []
    col = between[0]
    if abs(min(ln.box.y0 for ln in col) - body_top) > 0.5 * em or not _body_or_captions(col, em):
        return []
    rest = [ln for c in cols if c is not col for ln in c]
    own = [  # the first lines of the columns under `head` (a column may open with a short line)
        ln
        for ln in _clear_of_level_headlines(headed, head, em)
        if ln.text and _in_body_type(ln, em) and body_top - 0.5 * em <= ln.box.y0 <= body_top + 3 * em
    ]
    if not own:
        return []
    if not _centring_gives_it(other, rest, head.box, own, col, em):
        return []
    x0, x1 = _left(col), _right(col)
    for r in below:
        if not all(x0 - em <= ln.box.x0 and ln.box.x1 <= x1 + em for ln in r) or not _body_or_captions(r, em):
            break
        col = col + r
    return col


def _body_or_captions(lines: list[TextLine], em: float) -> bool:
    """Every text line of `lines` is in body type or the caption of a photo among them."""
    return all(_in_body_type(ln, em) or _captions_a_photo(ln, lines, em) for ln in lines if ln.text)


def _centring_gives_it(
    keeps: Box, kept: list[TextLine], takes: Box, taken: list[TextLine], stretch: list[TextLine], em: float
) -> bool:
    """Centring says `stretch` is the article's headed by `takes`, not by `keeps`: the headline
    `keeps` is centred over its columns (`kept`) without the stretch and not with it, the headline
    `takes` over its columns (`taken`) with the stretch and not without it. A headline is centred
    over its whole article; both must agree, so a headline that happens to be centred over one
    column of a wider article decides nothing."""
    for headline, lines, its in ((keeps, kept, False), (takes, taken, True)):
        if _centred(headline, lines, em) == its or _centred(headline, lines + stretch, em) != its:
            return False
    return True


def _left(lines: list[TextLine]) -> float:
    return min(ln.box.x0 for ln in lines)


def _right(lines: list[TextLine]) -> float:
    return max(ln.box.x1 for ln in lines)


def _centred(headline: Box, lines: list[TextLine], em: float) -> bool:
    """`headline` is centred over the columns of `lines` (within an em and a half)."""
    return abs((_left(lines) + _right(lines)) / 2 - (headline.x0 + headline.x1) / 2) <= 1.5 * em


def _runs_past(rows: list[list[TextLine]], head: TextLine, col: list[TextLine]) -> bool:
    """Text of `rows` over the column `col` reaches below the top of `head`."""
    x0, x1 = _left(col), _right(col)
    above = [ln for r in rows for ln in r if ln.text and ln.box.x0 < x1 and ln.box.x1 > x0]
    return bool(above) and max(ln.box.y1 for ln in above) > head.box.y0


def _column_level_with(row: list[TextLine], body_top: float, head: TextLine, em: float) -> list[TextLine]:
    """The column of `row` nearest the headline that starts level with the headline's body, in
    body type, when the row's other columns start higher (under the next article's headline,
    over its own column): a headline centred over its article's columns that does not reach its
    last one leaves a gutter running down past it."""

    def apart(col: list[TextLine]) -> float:
        return max(_left(col) - head.box.x1, head.box.x0 - _right(col), 0.0)

    cols = sorted(_split(row, 0.0, across=False), key=apart)
    if len(cols) < 2:
        return []
    col = cols[0]
    texts = [ln for ln in col if ln.text]
    if not texts or abs(min(ln.box.y0 for ln in col) - body_top) > 0.5 * em:
        return []  # (its top may be a photo's, level with the body, the column under it)
    if not all(_in_body_type(ln, em) for ln in texts):
        return []
    others = [ln for c in cols[1:] for ln in c if ln.text]
    if not others or min(ln.box.y0 for ln in others) > body_top - 0.5 * em:
        return []  # the other columns start level with it too: one article's row
    return col


def _captions_a_photo(line: TextLine, lines: list[TextLine], em: float) -> bool:
    """`line` lies right under a photo of `lines` (within three ems of its foot): its caption."""
    return any(
        not p.text and p.box.y1 - em <= line.box.y0 <= p.box.y1 + 3 * em and p.box.x0 - em <= line.box.x0 < p.box.x1
        for p in lines
    )


def _first_headline(headed: list[TextLine], em: float) -> tuple[TextLine, float] | None:
    """The first headline of a column group and the top of the body under it (`_column_top`);
    None when the group has no headline or no body under its first."""
    texts = [ln for ln in headed if ln.text]
    heads = [ln for ln in texts if ln.size >= LARGE_TYPE * em]
    if not heads:
        return None
    head = min(heads, key=lambda ln: ln.box.y0)
    body_top = _column_top(texts, head, em)
    return None if body_top is None else (head, body_top)


def _heading_gap(headed: list[TextLine], plain: list[TextLine], em: float) -> float | None:
    """How far the top of `plain` lies from the body under the first headline of `headed`, when
    that headline heads it; None when it does not."""
    if any(ln.size >= LARGE_TYPE * em for ln in plain if ln.text):
        return None
    headed_by = _first_headline(headed, em)
    if headed_by is None:
        return None
    first_head, body_top = headed_by
    texts = [ln for ln in headed if ln.text]
    if any(abs(ln.size - em) <= 0.08 * em and ln.box.y1 <= first_head.box.y0 - 3 * em for ln in texts):
        return None  # body text well above the headline: it heads an article lower down
    first = min(plain, key=lambda ln: ln.box.y0)
    gap = abs(first.box.y0 - body_top)
    if not first.text or first.size < 0.97 * em:
        # a photo heads the plain group, or a caption does (OCR results carry no photo boxes)
        return gap if first.box.y0 >= body_top - em else None
    return gap if gap <= 0.5 * em else None  # its first line level with the body's


def _heads_with_bodies(rows: list[list[TextLine]], em: float, v_gap: float) -> list[list[TextLine]]:
    """Rows where a row of headline stacks side by side (parted down by gutters; in headline
    type, with no more body-type lines in a stack than a kicker's or subtitle's few) joins the row
    under it: the headlines of articles side by side head their own columns, which the cut down
    then keeps apart. Cut across first, every headline would come before every body. A row of
    kickers over such a row joins it, each kicker in its headline's stack."""
    out: list[list[TextLine]] = []
    pending: list[TextLine] = []
    for n, row in enumerate(rows):
        row = pending + row
        pending = []
        stacks = _split(row, v_gap, across=False)
        if n < len(rows) - 1 and len(stacks) > 1 and _headline_stacks(stacks, em):
            pending = row
            continue
        if n < len(rows) - 1 and _kicker_over([ln for ln in row if ln.text], rows[n + 1], em):
            pending = row  # kickers over the headlines of the next row: in their stacks
            continue
        out.append(row)
    if pending:
        out.append(pending)
    return out


_STACK_BODY_LINES = 3  # body-type lines (a kicker's type is close to the body's) a headline stack may hold


def _headline_stacks(stacks: list[list[TextLine]], em: float) -> bool:
    texts = [ln for stack in stacks for ln in stack if ln.text]
    return any(ln.size >= LARGE_TYPE * em for ln in texts) and all(
        sum(_in_body_type(ln, em) for ln in stack if ln.text) <= _STACK_BODY_LINES for stack in stacks
    )


def _runs_on_below(rows: list[list[TextLine]], v_gap: float, em: float) -> list[list[TextLine]]:
    """Rows where a row that lies under one column of the row above, right under its last line
    (that column runs on below its shorter neighbours, past a white strip), joins that row, to
    be cut with its columns. A row further down (the byline of the next article, centred under
    a column of this one) stays a row of its own, and so does a headline right under a column,
    and a row starting left of the column (the next article's kicker, centred across a gutter).
    A row beside the row above, not under any of it (a first column under a photo that an OCR
    result does not show), joins it too, and so does a row whose columns each run on below a
    column of the row above (the first columns of two articles side by side, each under a photo)."""
    merged = [rows[0]]
    for row in rows[1:]:
        columns = _split(merged[-1], v_gap, across=False)
        x0, x1 = _left(row), max(_inked_right(ln) for ln in row)
        top = min(ln.box.y0 for ln in row)
        above_x0, above_x1 = _left(merged[-1]), max(_inked_right(ln) for ln in merged[-1])
        beside = x1 + v_gap < above_x0 or x0 > above_x1 + v_gap
        texts = [ln for ln in row if ln.text]
        headline = any(ln.size >= LARGE_TYPE * em for ln in texts)  # opens an article: runs on nothing
        own = _split(row, v_gap, across=False)
        if beside or (
            len(columns) > 1
            and not headline
            and not _in_own_type(texts, em)  # a kicker, over the next headline
            and (
                _under_a_column(columns, x0, x1, top, v_gap, em)
                or (
                    len(own) > 1
                    and all(
                        _under_a_column(
                            columns, _left(c), max(map(_inked_right, c)), min(ln.box.y0 for ln in c), v_gap, em
                        )
                        for c in own
                    )
                )
            )
        ):
            merged[-1] = merged[-1] + row
        else:
            merged.append(row)
    return merged


def _under_a_column(columns: list[list[TextLine]], x0: float, x1: float, top: float, v_gap: float, em: float) -> bool:
    """Lines from `x0` to `x1` starting at `top` lie under one of `columns`, right under its last line."""
    return any(
        _left(col) - 0.25 * em <= x0
        and x1 <= max(_inked_right(ln) for ln in col) + v_gap
        and top - max(ln.box.y1 for ln in col) <= 2 * em
        for col in columns
    )


def _split(lines: list[TextLine], gap: float, across: bool) -> list[list[TextLine]]:
    """The lines in groups parted by white space strips wider than `gap` (horizontal ones when
    `across`)."""
    spans = sorted(
        ((ln.box.y0, ln.box.y1, ln) if across else (ln.box.x0, _inked_right(ln), ln) for ln in lines),
        key=lambda t: (t[0], t[1]),
    )
    groups: list[list[TextLine]] = []
    end = float("-inf")
    for start, stop, ln in spans:
        if not groups or start - end > gap:
            groups.append([ln])
            end = stop
        else:
            groups[-1].append(ln)
            end = max(end, stop)
    return groups


def _inked_right(ln: TextLine) -> float:
    """A line's right edge, without a closing mark hung past the column's margin (a comma or full
    stop printed in the gutter must not close it)."""
    if ln.text[-1:] in _HANGING and len(ln.text) > 1:
        return ln.box.x1 - min(ln.size, ln.box.height, ln.box.width / 2)  # a full-width mark: an em
    return ln.box.x1


_HANGING = frozenset("，。、；：！？”’）》」』,.;:!?)")


def layout_text(page: LayoutPage) -> LayoutText:
    """The page as page text in reading order, with its hints (see the module docstring)."""
    em = body_size(page.lines)
    out = LayoutText("", unit=page.unit, body_size=em)
    text: list[str] = []
    previous: list[TextLine] | None = None
    for part in reading_order(page):
        if text and not _runs_on(previous or [], part, em):
            text.append("")
        left = _left(part)
        for ln in part:
            body_type = abs(ln.size - em) <= 0.08 * em
            indent = "  " if body_type and (ln.box.x0 - left) >= 1.5 * ln.size else ""
            text.append(indent + ln.text)
            box = (ln.box.x0, ln.box.y0, ln.box.x1, ln.box.y1)
            out.hints[len(text)] = LineHint(
                round(ln.size / em, 3), _band(ln, page), _under_photo(ln, page, em), box, ln.score
            )
        previous = part
    out.text = "\n".join(text) + "\n"
    return out


def _runs_on(before: list[TextLine], part: list[TextLine], em: float) -> bool:
    """The text runs on from the bottom of one column to the top of the next: both in body type,
    the last line reaching the column's right margin (no paragraph ends there), the next not
    indented."""
    if not before or not part:
        return False
    last, first = before[-1], part[0]
    if not _in_body_type(last, em) or not _in_body_type(first, em):
        return False
    rights = sorted(ln.box.x1 for ln in before)
    margin = rights[len(rights) // 2]  # the column's right margin: where most of its lines end
    left = _left(part)
    return last.box.x1 >= margin - em and first.box.x0 - left < em and first.box.y0 < last.box.y0


def _band(ln: TextLine, page: LayoutPage) -> str:
    if page.height and ln.box.y1 <= HEADER_BAND * page.height:
        return "header"
    if page.height and ln.box.y0 >= (1 - FOOTER_BAND) * page.height:
        return "footer"
    return ""


def _under_photo(ln: TextLine, page: LayoutPage, em: float) -> bool:
    """Small type starting within three ems under a photo, across part of its width."""
    if ln.size > 0.97 * em:
        return False
    for img in page.images:
        overlap = min(ln.box.x1, img.x1) - max(ln.box.x0, img.x0)
        if overlap > 0.3 * min(ln.box.width, img.width) and 0 <= ln.box.y0 - img.y1 <= 3 * em + 2 * ln.size:
            return True
    return False
