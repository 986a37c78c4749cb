"""Gold-side text normalization, written from docs/gold-conventions.md (not from the toolkit's code).

The renderer prints text from these normalized strings and only ever *adds* whitespace where the
conventions remove it again (between a CJK character and anything else), so the gold is what the
conventions make of the printed page.
"""

from __future__ import annotations

import re

__all__ = [
    "CLOSE_Q",
    "OPEN_Q",
    "is_cjk",
    "is_han",
    "norm_chars",
    "norm_headline_line",
    "norm_para",
]

OPEN_Q = "“‘《〈（「『【〔"
CLOSE_Q = "”’》〉）」』】〕"

_FULLWIDTH = {cp: chr(cp - 0xFEE0) for cp in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}
_SPACES = {cp: " " for cp in (0x3000, 0x00A0, 0x1680, 0x202F, 0x205F, 0x0009, *range(0x2000, 0x200B))}
_DROP = {0x200B: None, 0xFEFF: None, 0x200C: None, 0x200D: None}
_TABLE = {**_FULLWIDTH, **_SPACES, **_DROP}


def norm_chars(text: str) -> str:
    """Full-width digits/letters to ASCII, Unicode spaces to a space, zero-width marks dropped."""
    return text.translate(_TABLE)


def is_han(ch: str) -> bool:
    cp = ord(ch)
    return 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF or cp == 0x3007


def is_cjk(ch: str) -> bool:
    """An ideograph or a CJK / full-width punctuation mark (what the spacing rules call Chinese)."""
    cp = ord(ch)
    return (
        is_han(ch)
        or 0x3001 <= cp <= 0x303F
        or 0xFF01 <= cp <= 0xFF65
        or 0x2010 <= cp <= 0x2027
        or cp in (0x00B7, 0x00D7)
    )


_WS = re.compile(r"\s+")


def _comma(text: str) -> str:
    """An ASCII comma between two CJK characters (spaces around it aside) becomes `，`."""
    if "," not in text:
        return text
    out = list(text)
    for i, ch in enumerate(out):
        if ch != ",":
            continue
        j = i - 1
        while j >= 0 and out[j].isspace():
            j -= 1
        k = i + 1
        while k < len(out) and out[k].isspace():
            k += 1
        if j >= 0 and k < len(out) and is_cjk(out[j]) and is_cjk(out[k]):
            out[i] = "，"
    return "".join(out)


def _spaces(text: str, keep_gap: bool) -> str:
    def repl(m: re.Match[str]) -> str:
        s, e = m.start(), m.end()
        if s == 0 or e == len(m.string):
            return ""
        a, b = m.string[s - 1], m.string[e]
        if keep_gap and (is_han(a) or a in CLOSE_Q) and (is_han(b) or b in OPEN_Q):
            return " "
        if is_cjk(a) or is_cjk(b):
            return ""
        return " "

    return _WS.sub(repl, text)


def norm_para(text: str) -> str:
    """A paragraph (or any joined text) by the paragraph conventions."""
    return _spaces(_comma(norm_chars(text)), keep_gap=False).strip()


def norm_headline_line(text: str) -> str:
    """One printed headline line: the gap between two parallel phrases stays as one space."""
    return _spaces(_comma(norm_chars(text)), keep_gap=True).strip()
