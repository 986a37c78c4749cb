"""Character and spacing normalization of extracted page text, and script detection.

Two separate steps, both pure functions of their input:

`normalize_chars(text)` — a character-for-character map applied to the raw page before anything
else looks at it (it never changes the number of characters):

- full-width digits and Latin letters (``２０１２``, ``ＶＩＰ``) become ASCII;
- Kangxi radicals (U+2F00–U+2FD5), which PDF extraction emits for some ordinary ideographs, become
  those ideographs (the map is built from the NFKC decomposition of those code points only);
- U+3000 (ideographic space) and other Unicode spaces become an ASCII space; tabs too.

NFKC is *not* applied to the whole text: it would turn Chinese punctuation into ASCII.

`clean_text(text, headline=False)` — spacing of joined printed lines (SEED_README conventions):

- whitespace between two characters is removed when at least one of them is CJK (an ideograph or
  CJK/full-width punctuation): ``做 好 绿 色`` → ``做好绿色``, ``4 月 10 日`` → ``4月10日``,
  ``乡村 e镇`` → ``乡村e镇``; between two non-CJK characters (Latin words, numbers) a run of
  whitespace becomes a single space;
- an ASCII comma between two CJK characters becomes ``，``;
- with ``headline=True`` and a line that is not justified (letter-spaced), a gap between two
  ideographs (or a closing and an opening quote/bracket) is kept as one space: the gap between two
  parallel phrases of a headline (``夯基蓄势稳中进 步履铿锵勇向前``).

`detect_script(text)` — ``simplified`` / ``traditional`` / ``mixed`` / ``unknown`` via hanzidentifier
(text that is valid in both scripts, or has no Chinese at all, is ``unknown``). Text is never converted.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable

from hanzidentifier import helpers as _hanzi_helpers

__all__ = [
    "clean_headline",
    "clean_text",
    "conserved_chars",
    "detect_script",
    "display_width",
    "is_cjk",
    "is_ideograph",
    "is_justified",
    "normalize_chars",
]


def _build_char_map() -> dict[int, str]:
    table: dict[int, str] = {}
    # Full-width digits and Latin letters → ASCII.
    for cp in range(0xFF10, 0xFF1A):
        table[cp] = chr(cp - 0xFEE0)
    for cp in range(0xFF21, 0xFF3B):
        table[cp] = chr(cp - 0xFEE0)
    for cp in range(0xFF41, 0xFF5B):
        table[cp] = chr(cp - 0xFEE0)
    # Kangxi radicals → the ordinary ideographs (NFKC of those code points only).
    for cp in range(0x2F00, 0x2FD6):
        mapped = unicodedata.normalize("NFKC", chr(cp))
        if len(mapped) == 1 and mapped != chr(cp):
            table[cp] = mapped
    # Spaces: ideographic space, no-break space, the U+2000 family, tabs.
    for cp in (0x3000, 0x00A0, 0x1680, 0x202F, 0x205F, 0x0009):
        table[cp] = " "
    for cp in range(0x2000, 0x200B):
        table[cp] = " "
    return table


_CHAR_MAP = _build_char_map()
_MAPPED = {chr(cp): to for cp, to in _CHAR_MAP.items()}
_MAPPED_RE = re.compile("[" + "".join(re.escape(ch) for ch in sorted(_MAPPED)) + "]")


def _mapped(m: re.Match[str]) -> str:
    return _MAPPED[m.group()]


def normalize_chars(text: str) -> str:
    """Map full-width alphanumerics, Kangxi radicals and Unicode spaces; same length as `text`.

    The same as `text.translate(_CHAR_MAP)`, which looks every character up in the table: ten
    times slower on page text, where a few characters in a hundred are mapped."""
    return _MAPPED_RE.sub(_mapped, text)


def is_ideograph(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0xF900 <= cp <= 0xFAFF
        or 0x20000 <= cp <= 0x3FFFF
        or cp == 0x3007  # 〇
    )


def is_cjk(ch: str) -> bool:
    """An ideograph or CJK / full-width punctuation (what spacing rules treat as Chinese)."""
    cp = ord(ch)
    return (
        is_ideograph(ch)
        or 0x3000 < cp <= 0x303F  # CJK symbols and punctuation (not U+3000 itself)
        or 0xFF01 <= cp <= 0xFF65  # full-width forms
        or 0x2010 <= cp <= 0x2027  # dashes, quotes “” ‘’, ellipsis …, ·
        or 0x2E80 <= cp <= 0x2FDF  # radicals
        or 0x3040 <= cp <= 0x30FF  # kana
        or 0xFE30 <= cp <= 0xFE4F  # CJK compatibility forms
        or cp in (0x00B7, 0x00D7)
    )


_CONSERVED_RE = re.compile("[0-9\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff\u3007]")


def conserved_chars(text: str) -> str:
    """The characters the segmenter promises never to lose or duplicate: ideographs and digits."""
    return "".join(_CONSERVED_RE.findall(text))


# Justified (letter-spaced) lines: a space between nearly every pair of characters.
def is_justified(line: str) -> bool:
    s = line.strip()
    if " " not in s and s.isprintable():
        return False  # no whitespace at all: nothing spaced out (the common case, answered at once)
    chars = len(s) - s.count(" ")
    if chars < 2:
        return False
    gaps = len(_SPACE_RUN.findall(s))
    return gaps >= max(1, int(0.6 * (chars - 1)))


_WS_RE = re.compile(r"\s")
_ASCII_RE = re.compile(r"[!-~]")
_HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff\u3007"
HAN_RE = re.compile(f"[{_HAN_CLASS}]")
NOT_HAN_RE = re.compile(f"[^{_HAN_CLASS}]+")  # `NOT_HAN_RE.sub("", text)`: the ideographs, one string


def display_width(text: str) -> float:
    """Printed width in ems: CJK characters 1, ASCII letters/digits/punctuation ½, spaces 0."""
    if text.isprintable():  # whitespace can only be spaces: count without the patterns
        spaces = text.count(" ")
        ascii_visible = len(text.encode("ascii", "ignore")) - spaces
        return len(text) - spaces - 0.5 * ascii_visible
    n = len(text) - len(_WS_RE.findall(text))
    return n - 0.5 * len(_ASCII_RE.findall(text))


_SPACE_RUN = re.compile(r"\s+")
_OPEN_Q = "“‘《〈（「『【〔"
_CLOSE_Q = "”’》〉）」』】〕"


def _cjk_comma(text: str) -> str:
    if "," not in text:
        return text
    out = list(text)
    n = len(out)
    for i, ch in enumerate(out):
        if ch != ",":
            continue
        j = i - 1
        while j >= 0 and out[j] == " ":
            j -= 1
        k = i + 1
        while k < n and out[k] == " ":
            k += 1
        if j >= 0 and k < n and is_cjk(out[j]) and is_cjk(out[k]):
            out[i] = "，"
    return "".join(out)


def _space_repl(keep_phrase_gap: bool) -> Callable[[re.Match[str]], str]:
    def repl(m: re.Match[str]) -> str:
        s, e = m.start(), m.end()
        text = m.string
        if s == 0 or e == len(text):
            return ""
        a, b = text[s - 1], text[e]
        if is_cjk(a) or is_cjk(b):
            if keep_phrase_gap and (is_ideograph(a) or a in _CLOSE_Q) and (is_ideograph(b) or b in _OPEN_Q):
                return " "
            return ""
        return " "

    return repl


_REPL_BODY = _space_repl(False)
_REPL_HEAD = _space_repl(True)


# The characters `is_cjk` accepts, as a pattern class: a space next to one goes (body text).
_CJK_CLASS = (
    "\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U0003ffff\u3007\u3001-\u303f\uff01-\uff65"
    "\u2010-\u2027\u2e80-\u2fdf\u3040-\u30ff\ufe30-\ufe4f\u00b7\u00d7"
)
# The space comes first: the pattern's literal start lets the engine skip to the next space.
_SPACE_BY_CJK_RE = re.compile(f" (?:(?<=[{_CJK_CLASS}] )|(?=[{_CJK_CLASS}]))")


def clean_text(text: str, headline: bool = False) -> str:
    """Spacing normalization of text whose printed lines were joined without separators."""
    text = _cjk_comma(text)
    if _WS_RE.search(text) is None:
        return text
    text = _SPACE_RUN.sub(" ", text).strip()
    if headline:
        return _SPACE_RUN.sub(_REPL_HEAD, text)
    return _SPACE_BY_CJK_RE.sub("", text)  # the same as _REPL_BODY, without a call per space


def clean_headline(lines: list[str]) -> str:
    """Headline lines → one string: each line cleaned (phrase gaps kept unless letter-spaced), joined."""
    parts = []
    for line in lines:
        parts.append(clean_text(line, headline=not _letter_spaced(line)))
    return "".join(parts)


def _letter_spaced(line: str) -> bool:
    """Most gaps between a headline line's characters spaced: `is_justified`, without rounding the
    share down, so a short line's one phrase gap (`光明 “孤`, four characters) is kept."""
    s = line.strip()
    if not is_justified(s):
        return False
    chars = len(s) - s.count(" ")
    return len(_SPACE_RUN.findall(s)) >= 0.6 * (chars - 1)


@functools.cache
def _script_only_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Character classes of the ideographs written only traditionally and only simplified
    (hanzidentifier's sets less the shared ones), compiled on first use."""

    def char_class(chars: set[str]) -> re.Pattern[str]:
        return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")

    shared = _hanzi_helpers.SHARED_CHARACTERS
    return (
        char_class(_hanzi_helpers.TRADITIONAL_CHARACTERS - shared),
        char_class(_hanzi_helpers.SIMPLIFIED_CHARACTERS - shared),
    )


def detect_script(text: str) -> str:
    """``simplified``, ``traditional``, ``mixed`` or ``unknown`` (never converts the text).

    The same answer as ``hanzidentifier.identify`` (tested against it): its sets are the
    characters of each script, shared ones included, so a text is traditional when it has a
    traditional-only character and no simplified-only one, and so on. Two searches of compiled
    character classes instead of a set of the text's characters (a string object each)."""
    traditional_re, simplified_re = _script_only_res()
    traditional = traditional_re.search(text) is not None
    simplified = simplified_re.search(text) is not None
    if traditional and simplified:
        return "mixed"
    if traditional:
        return "traditional"
    if simplified:
        return "simplified"
    return "unknown"  # no Chinese, or hanzidentifier's BOTH: every character written alike in both
