"""Raw page text → printed lines with geometry.

A `Line` is one non-blank raw line. Its `width` is the printed width in ems: CJK characters and
punctuation count 1, ASCII letters, digits and punctuation ½, spaces nothing (so a justified,
letter-spaced line measures what it prints). Column widths are never hard-coded: `column_width`
estimates the width of a full line from a set of nearby lines.

Blank lines: extractors print them after every line (pdfminer), between blocks (pdftotext), at
random or never. `blank_lines_mean_breaks` tells the kinds apart by how many line gaps hold one: when
blank lines are the exception, a blank line marks the end of a printed block and `Line.gap_before`
is set; when they are the rule (or absent) they say nothing.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from baokan.clean import display_width, is_justified, normalize_chars

from .model import Line, LineHint

__all__ = ["Line", "blank_lines_mean_breaks", "column_width", "page_lines", "split_lines"]

# A page where at most this share of line gaps holds a blank line uses them to part blocks.
_BLANK_BREAK_SHARE = 0.45


def page_lines(text: str) -> list[str]:
    """The raw lines of a page (CRLF / CR → LF), characters normalized."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return normalize_chars(text).split("\n")


def blank_lines_mean_breaks(raw_lines: list[str]) -> bool:
    """Whether blank lines on this page part printed blocks (they are the exception, not the rule)."""
    return _break_blanks(raw_lines) == 1


def _break_blanks(raw_lines: list[str]) -> int:
    """How many blank lines in a row part two printed blocks on this page: 1 where blank lines are
    the exception; 2 where one blank line follows (nearly) every line, as pdfminer writes, and two
    or more are the exception (the extractor's paragraph gap); 0 where blank lines say nothing."""
    runs: list[int] = []  # blank lines in each gap between two text lines
    seen = False
    pending = 0
    for raw in raw_lines:
        if raw.strip():
            if seen:
                runs.append(pending)
            seen = True
            pending = 0
        elif seen:
            pending += 1
    gaps = len(runs)
    if gaps < 4:
        return 0
    single = sum(1 for r in runs if r >= 1)
    double = sum(1 for r in runs if r >= 2)
    if 0 < single <= _BLANK_BREAK_SHARE * gaps:
        return 1
    if single > _BLANK_BREAK_SHARE * gaps and 0 < double <= _BLANK_BREAK_SHARE * gaps:
        return 2
    return 0


def split_lines(
    raw_lines: list[str], hints: dict[int, LineHint] | None = None, start: int = 0, end: int | None = None
) -> list[Line]:
    """The non-blank lines of `raw_lines[start:end]` (numbered as lines of the whole page), with
    their geometry and whether a meaningful blank line precedes them. `hints` (a layout file's, by
    line number) go with their lines; a change of type size parts two blocks as a blank line
    would."""
    window = raw_lines if start == 0 and end is None else raw_lines[start:end]
    breaks = _break_blanks(window)
    out: list[Line] = []
    blank = 0
    for i, raw in enumerate(window, start + 1):
        s = raw.strip()
        if not s:
            blank += 1
            continue
        lead = len(raw) - len(raw.lstrip())
        hint = hints.get(i) if hints else None
        gap = breaks > 0 and blank >= breaks and bool(out)
        if hint is not None and out and out[-1].hint is not None and _size_changes(out[-1].hint, hint):
            gap = True
        out.append(Line(i, s, display_width(s), lead, is_justified(s), gap_before=gap, hint=hint))
        blank = 0
    return out


def _size_changes(a: LineHint, b: LineHint) -> bool:
    return abs(a.size - b.size) > 0.12 * min(a.size, b.size) or a.band != b.band or a.caption != b.caption


def column_width(widths: list[float]) -> float:
    """Width of a full line among `widths`: the c maximizing #{w : c-0.5 <= w <= c+1}.

    Full lines of a column measure W, or up to an em more where closing punctuation hangs past the
    margin (or less compressed punctuation), so the densest such band finds W; ties go to the wider.
    0 for no widths.
    """
    if not widths:
        return 0.0
    vals = sorted(widths)
    best_c, best_n = vals[-1], 0
    for c in set(vals):
        cnt = bisect_right(vals, c + 1.0) - bisect_left(vals, c - 0.5)
        if cnt > best_n or (cnt == best_n and c > best_c):
            best_c, best_n = c, cnt
    return best_c
