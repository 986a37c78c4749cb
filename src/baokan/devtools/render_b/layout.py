"""Column layout: wrapping text into printed lines, justified letter-spacing, headline stacks.

Widths are in ems: a CJK character is 1, an ASCII character ½ (as set in a newspaper column).
A line break never falls next to a space (the conventions drop line breaks without inserting
anything, so a space there would be lost), and spacing is only ever added next to a CJK character,
where the conventions remove it again. Everything else — breaking inside numbers (``8\\n0%``), a
closing quote alone on a line — is allowed, as real extractions show.
"""

from __future__ import annotations

import random
import re

from baokan.devtools.render_b.norm import is_cjk

__all__ = ["char_width", "letter_space", "text_width", "wrap", "wrap_headline"]

CLOSING = "，。、；：？！”’）》」』】…—%"
OPENING = "“‘（《「『【〔"


def char_width(ch: str) -> float:
    return 0.5 if ord(ch) < 0x7F else 1.0


def text_width(text: str) -> float:
    return sum(char_width(c) for c in text if not c.isspace())


def _can_break(text: str, i: int, kinsoku: bool, strict: bool = False) -> bool:
    """Whether a line may end before text[i] (`strict`: nor after an opening quote, as in headlines)."""
    if i <= 0 or i >= len(text):
        return True
    if text[i - 1].isspace() or text[i].isspace():
        return False
    if strict and text[i - 1] in OPENING:
        return False
    return not (kinsoku and text[i] in CLOSING)


def wrap(
    text: str, width: int, first_width: int | None = None, kinsoku: bool = True, strict: bool = False
) -> list[str]:
    """Greedy wrap of `text` into lines of at most `width` ems (the first line `first_width`).

    Body text may end a line with an opening quote (pdftotext pages show it); `strict` forbids it.
    """
    lines: list[str] = []
    start = 0
    cap = float(first_width if first_width is not None else width)
    while start < len(text):
        w = 0.0
        i = start
        while i < len(text) and w + char_width(text[i]) <= cap:
            w += char_width(text[i])
            i += 1
        if i >= len(text):
            lines.append(text[start:])
            break
        j = i
        while j > start + 1 and not _can_break(text, j, kinsoku, strict):
            j -= 1
        if j <= start + 1 and not _can_break(text, j, kinsoku, strict):
            j = i  # no legal break: keep the greedy one unless it splits at a space
            while j < len(text) and not _can_break(text, j, False):
                j += 1
        lines.append(text[start:j])
        start = j
        cap = float(width)
    return lines


def letter_space(line: str, gap: str = " ") -> str:
    """Spread a line as justification does: a gap between characters where one side is CJK."""
    out = []
    for k, ch in enumerate(line):
        out.append(ch)
        if k + 1 < len(line):
            nxt = line[k + 1]
            if not ch.isspace() and not nxt.isspace() and (is_cjk(ch) or is_cjk(nxt)):
                out.append(gap)
    return "".join(out)


_GAP = re.compile(r"\s+")


def wrap_headline(text: str, width: int, rng: random.Random) -> list[str]:
    """A headline broken over as many lines as it needs: mostly at a phrase gap, after a punctuation
    mark or before a column tag, else where the width runs out (never after an opening quote).
    Returned lines keep the gaps."""
    if text_width(text) <= width:
        return [text]
    cands: list[tuple[int, int]] = []  # (break position, position after the gap)
    for m in _GAP.finditer(text):
        cands.append((m.start(), m.end()))
    for k, ch in enumerate(text[:-1]):
        if ch in "，、：；！？" or (ch == "—" and text[k + 1] != "—"):
            cands.append((k + 1, k + 1))  # after a punctuation mark, as headline setters break
    tag = text.rfind("（")
    if tag > 0 and text.endswith("）"):
        cands.append((tag, tag))
    good = [c for c in cands if text_width(text[: c[0]]) <= width and text_width(text[c[1] :]) >= 2]
    if good:
        b, a = max(good, key=lambda c: c[0])
        return [text[:b], *wrap_headline(text[a:], width, rng)]
    return wrap(text, width, kinsoku=True, strict=True)
