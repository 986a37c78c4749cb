"""Punctuation classes the stages share."""

from __future__ import annotations

import re

__all__ = ["ANY_PUNCT_RE", "CLAUSE_PUNCT_RE", "CLOSERS", "HANGING", "SUBTITLE_RE", "ends_sentence", "open_brackets"]

END_STRONG = frozenset("。！？!?…；;")
END_ANY = frozenset("。！？!?…；;：:”’」』）)")
CLOSERS = frozenset("”’」』）)")
HANGING = frozenset("，。、；：！？）》」』”’…,.;:!?)")
SUBTITLE_RE = re.compile(r"^(?:——|—|－－|--|─)")
ANY_PUNCT_RE = re.compile(r"[，,。；;：:！!？?、…]")
CLAUSE_PUNCT_RE = re.compile(r"[，,。；;]")


def open_brackets(text: str) -> int:
    """Round brackets (full- and half-width) that `text` opens and does not close (< 0: closes
    more than it opens)."""
    return text.count("（") + text.count("(") - text.count("）") - text.count(")")


def ends_sentence(text: str, strong: bool = True) -> bool:
    """Whether `text` ends a sentence: 。！？…； (strong), or also ：and a closing bracket or quote
    (not strong). A closing quote after a strong stop (`…。”`) ends a sentence either way."""
    if not text:
        return False
    ch = text[-1]
    if ch in END_STRONG:
        return True
    if ch in CLOSERS:
        if not strong:
            return True
        return len(text) > 1 and text[-2] in END_STRONG
    return not strong and ch in END_ANY
