"""Punctuation classes the stages share."""

from __future__ import annotations

import re

__all__ = [
    "ANY_PUNCT_RE",
    "CLAUSE_PUNCT_RE",
    "CLOSERS",
    "DISPATCH_RE",
    "DOCUMENT_LABEL_RE",
    "HANGING",
    "KICKER_TAIL_RE",
    "NOTE_OPEN_RE",
    "SENTENCE_MARK_RE",
    "SUBTITLE_RE",
    "TAG_AT_END_RE",
    "closing_note",
    "ends_like_a_kicker",
    "ends_sentence",
    "filed_note",
    "note_after_sentence",
    "open_brackets",
]

END_STRONG = frozenset("。！？!?…；;")
# A mark that ends a sentence, wherever it stands in a text (`…` aside: it also trails off a phrase)
SENTENCE_MARK_RE = re.compile(r"[。；;！!？?]")
END_ANY = frozenset("。！？!?…；;：:”’」』）)")
CLOSERS = frozenset("”’」』）)")
HANGING = frozenset("，。、；：！？）》」』”’…,.;:!?)")
SUBTITLE_RE = re.compile(r"^(?:——|—|－－|--|─)")
TAG_AT_END_RE = re.compile(r"[（(][^（）()]{2,24}[）)]$")  # a short column tag closing a line (`…（权威发布）`)
KICKER_TAIL_RE = re.compile(r"(?:——|—|：|:)$")
ANY_PUNCT_RE = re.compile(r"[，,。；;：:！!？?、…]")
CLAUSE_PUNCT_RE = re.compile(r"[，,。；;]")


def open_brackets(text: str) -> int:
    """Round brackets (full- and half-width) that `text` opens and does not close (< 0: closes
    more than it opens)."""
    return text.count("（") + text.count("(") - text.count("）") - text.count(")")


# A note in brackets that closes an article: its author (`（作者为…）`), its source (`（据…电）`),
# where a report was filed and its number in a series (`（本报渥太华电）（3）`)
# and the wire report it is (`（新华社北京7月1日电 记者朱基钗、高蕾）`, wrapped over lines)
NOTE_OPEN_RE = re.compile(
    r"^[（(]\s*(?:作者|据|本文|来源|编者|注[：:]|译者|执笔|本报[^（）()\s]{1,12}电[）)]|新华社[^（）()]{1,20}电"
    r"|本报记者[\u4e00-\u9fff]{2,4}、)"  # (the reporters of a report from many places: `（本报记者何昭宇、黄娴、…）`)
)
DISPATCH_RE = re.compile(r"^[（(]\s*新华社[^（）()]{2,20}电\s*[）)]$")  # a wire report's dispatch line


def closing_note(text: str) -> bool:
    """`text` is one whole closing note (or a dispatch line), its brackets closed."""
    t = "".join(text.split())
    return t.endswith(("）", ")")) and open_brackets(t) == 0 and bool(NOTE_OPEN_RE.match(t) or DISPATCH_RE.match(t))


# A note that only ends an article: who wrote it, who edited it, where it was taken from (brackets
# inside it, one level: `（作者为湖南省社会科学院（湖南省人民政府发展研究中心）研究员）`).
_ENDING_NOTE_RE = re.compile(
    r"^[（(](?:作者|本文|摘编自|来源[：:]|执笔)[^（）()]*(?:[（(][^（）()]*[）)][^（）()]*)*[）)]$"
)


_OPENING_BRACKETS = ("（", "(")


def ending_note(text: str) -> bool:
    """`text` is a note that only ends an article (`（作者为浙江工业大学…院长）`, `（本文由…编辑）`)."""
    if text.lstrip()[:1] not in _OPENING_BRACKETS:
        return False  # asked of every body paragraph: most open otherwise
    return _ENDING_NOTE_RE.match("".join(text.split())) is not None


_CLOSING_BRACKETS = ("）", ")")
_FILED_RE = re.compile(r"[（(](?:本报|新华社)[^（）()]{1,20}电[）)](?:[（(]\d{1,3}[）)])?$")


def filed_note(text: str) -> bool:
    """`text` ends with a note of where a report was filed, which closes it: on a line of its own
    (`（本报渥太华电）（3）`) or run on after the last sentence of a paragraph
    (`…繁荣昌盛！”（本报贝尔格莱德 １２ 月 ３１ 日电）`)."""
    if not text.rstrip().endswith(_CLOSING_BRACKETS):
        return False  # asked of every line that ends a sentence: most end otherwise
    return _FILED_RE.search("".join(text.split())) is not None


_NOTE_AFTER_SENTENCE_RE = re.compile(r"[。！？!?][”’」』]?[（(][^（）()]{1,20}[）)]$")


def note_after_sentence(text: str) -> bool:
    """`text` ends with a short note in brackets right after a sentence's end: the reporter's
    name (`…处于领先水平。（王比学）`), where the report was filed: the paragraph's end."""
    if not text.rstrip().endswith(_CLOSING_BRACKETS):
        return False
    return _NOTE_AFTER_SENTENCE_RE.search("".join(text.split())) is not None


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


# The name of a document quoted whole, set on its own line over it (`贺信` over `值此…`): the first
# line of the quotation, never a headline line or a byline (贺 is also a surname).
DOCUMENT_LABEL_RE = re.compile(r"^(?:贺信|贺电|回信|复信|唁电|慰问信|感谢信|公开信|倡议书)$")


def ends_like_a_kicker(line: str) -> bool:
    """The line ends with a dash or a colon, as a kicker over its headline does (`浙江诸暨公安：`)."""
    return KICKER_TAIL_RE.search(line.rstrip()) is not None
