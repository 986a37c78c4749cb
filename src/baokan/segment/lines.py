"""Raw page text → printed lines with geometry.

A `Line` is one non-blank raw line (blank lines between printed lines are extraction artifacts and
carry no meaning). Its `width` is the printed width in ems: CJK characters and punctuation count 1,
ASCII letters, digits and punctuation ½, spaces nothing (so a justified, letter-spaced line measures
what it prints). Column widths are never hard-coded: `column_width` estimates the width of a full line
from a set of nearby lines.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from baokan.clean import display_width, is_justified, normalize_chars

__all__ = ["Line", "column_width", "page_lines", "split_lines"]


@dataclass(slots=True)
class Line:
    no: int  # 1-based raw line number
    text: str  # stripped, characters normalized, inner whitespace as printed
    width: float  # display width in ems
    lead: int  # leading spaces before the text
    justified: bool
    after_byline: bool = False  # the body text that follows a byline on the same printed line


def page_lines(text: str) -> list[str]:
    """The raw lines of a page (CRLF / CR → LF), characters normalized."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return normalize_chars(text).split("\n")


def split_lines(raw_lines: list[str]) -> list[Line]:
    out: list[Line] = []
    for i, raw in enumerate(raw_lines, 1):
        s = raw.strip()
        if not s:
            continue
        lead = len(raw) - len(raw.lstrip())
        out.append(Line(i, s, display_width(s), lead, is_justified(s)))
    return out


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
