"""Page furniture: the lines of a page that belong to no article.

Recognised, each as a whole printed line (after character normalization):

- header and footer lines made only of furniture items: the paper's name (`人民日报`, `…日报`,
  `…晚报`), dates (`2025年6月12日`), weekdays (`星期四`), lunar dates (`农历乙巳年五月十七`), page
  labels (`第2版`, `第 03 版`, `A3`, `要闻 2`, `七版`), section names next to a label, editor credits
  with their names (`本版责编：杨 旭 张帅祯`, `版式设计：孙帆`, `本期统筹：王博`), e-mail, telephone and
  web addresses, issue numbers (`第28号`, `本期四版`, `1966年9月13日创刊`);
- page footers: `第 64 页`, `- 12 -`;
- source lines: `《人民日报》（2025年10月20日 第 03 版）`;
- continuation markers: `（上接第一版）`, `（下转第五版）`, `(紧接第1版)`.

`match_furniture(text)` returns what it found (`Furniture`, with the parsed fields: publication,
date, weekday, page label, section, editors) or None. A line needs at least one *strong* item (a
date, a page label, an editor credit, an address, a page footer, a source line or a marker): a
paper's name or a section word alone is not furniture, since headlines print them too.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from .punct import open_brackets

__all__ = [
    "Furniture",
    "editor_names_only",
    "furniture_hint",
    "match_furniture",
    "match_imprint",
    "match_weak_furniture",
    "split_marker_tail",
]

_CN_DIGITS = "〇零一二三四五六七八九十百"
_NUM = rf"(?:\d{{1,3}}|[{_CN_DIGITS}]{{1,4}})"
_DATE = r"(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
_WEEKDAY = r"星期[一二三四五六日天]|周[一二三四五六日]"
_NUMERIC_DATE = (
    r"(?<![\d.])(?:19|20)\d{2}([.．/／-])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])(?![\d.])"  # 2025.06.12
)
_LUNAR = r"农历[\u4e00-\u9fff]{2,3}年[\u4e00-\u9fff]{2,6}"
_SECTIONS = (
    "要闻|国际|国内|经济|理论|评论|文化|体育|副刊|社会|政治|时政|综合|地方|新闻|视点|专版|专刊|科技|教育|"
    "法治|民生|生态|健康|财经|广告|读者来信|大地|人民论坛|观点|调查|聚焦|特刊|周刊|农村|三农|本地|城事"
)
_SECTION = rf"(?:{_SECTIONS})(?:新闻|版)?"
_LABEL = (
    rf"第\s*{_NUM}\s*版|[A-H]\s?\d{{1,2}}(?![\d年月日])|{_NUM}\s*版|(?:{_SECTIONS})\s*\d{{1,2}}(?![\d年月日])"
    rf"|(?<![\d.])\d{{1,2}}(?=\s+(?:{_SECTIONS})(?:\s|$))"  # `12 社会`: the number before its section
)
_PAPER = r"[\u4e00-\u9fff]{2,8}(?:日报|晚报|时报|商报|早报|晨报|周报|农民报|青年报|法治报|通讯|报)"
_EDITOR_ROLE = (
    r"(?:[一二三四五六七八九十\d]{1,3}版|本版|本期)?"
    r"(?:责任编辑|责编|编辑|责任校对|校对|美编|版式设计|版式|设计|统筹|本期统筹|制图|组稿|主编|值班编辑)"
)
_NAME = r"[\u4e00-\u9fff·]{1,4}"
_EDITORS = rf"{_EDITOR_ROLE}\s*[：:]\s*(?:{_NAME}(?![\u4e00-\u9fff·]*[：:])(?:\s+|、|，|,)?)*"  # not the next label
_ADDRESS = r"(?:E-?mail|e-?mail|邮箱|投稿邮箱|栏目投稿邮箱|电子邮箱|电子信箱|信箱)\s*[：:]?\s*[\w.\-]+@[\w.\-]+|(?:电话|传真|热线)\s*[：:]?\s*(?:[（(]\s*\d{3,4}\s*[）)]\s*)?[\d\-－ ]{7,}|(?:https?://|www\.)[\w./\-]+"  # noqa: E501
_ISSUE = (
    rf"(?:成本费|定价|零售价?|每份)\s*[\d.〇零一二三四五六七八九十]+\s*[元角分]|第\s*\d{{0,5}}\s*[号期](?:合刊)?|合刊|"
    rf"本期{_NUM}版|{_DATE}\s*[创創]刊|总第\s*\d+\s*期|[创創]刊"
)
_FOOTER_RE = re.compile(rf"^(?:第\s*{_NUM}\s*页|[-—－]\s*\d{{1,3}}\s*[-—－]|·\s*\d{{1,3}}\s*·)$")
_SOURCE_RE = re.compile(
    rf"^《([^》]{{2,12}})》\s*[（(]\s*({_DATE})\s*(第\s*[A-H]?\s*{_NUM}\s*版|[A-H]\s?\d{{1,2}}\s*版?)\s*[）)]$"
)
_MARKER_RE = re.compile(
    rf"^[（(]\s*(?:上接|下转|紧接|接|转|续)\s*(?:第?\s*{_NUM}\s*版|[A-H]\d{{1,2}}|[\u4e00-\u9fff]{{1,4}}版)\s*[）)]$"
    rf"|^(?:上接|下转|紧接)\s*(?:第?\s*{_NUM}\s*版|[A-H]\d{{1,2}})$"  # unbracketed: `上接第十九版`
)
_MARKER_TAIL_RE = re.compile(rf"[（(]\s*(?:下转|转|续)\s*(?:第?\s*{_NUM}\s*版|[A-H]\d{{1,2}})\s*[）)]\s*$")

# Header items, strongest first: the order in which they are cut out of a line.
_STRONG_ITEMS = (
    ("editors", re.compile(_EDITORS)),
    ("address", re.compile(_ADDRESS)),
    ("issue", re.compile(_ISSUE)),
    ("date", re.compile(rf"{_DATE}|{_NUMERIC_DATE}")),
    ("lunar", re.compile(_LUNAR)),
    ("weekday", re.compile(_WEEKDAY)),
    ("label", re.compile(_LABEL)),
)
_WEAK_ITEMS = (
    ("publication", re.compile(_PAPER)),
    ("section", re.compile(_SECTION)),
)
_LABELLED_SECTION_RE = re.compile(
    rf"^(?:{_LABEL})\s+([\u4e00-\u9fff·]{{2,6}})$|^([\u4e00-\u9fff·]{{2,6}})\s+(?:{_LABEL})$"
)
_SEPARATORS_RE = re.compile(r"^[\s|｜/／·•,，、:：;；\-—－()（）\[\]【】]*$")


@dataclass(slots=True)
class Furniture:
    """A line of page furniture and what it says about the page."""

    kind: str  # header, footer, source, marker
    fields: dict[str, str | list[str]] = field(default_factory=dict)


def _clean_label(s: str) -> str:
    return re.sub(r"\s+", "", s)


def editor_names_only(text: str) -> bool:
    """A line holding only one or two names: the continuation of an editor credit broken over lines
    by the extractor (`一版责编：杨` / `旭` / `张帅祯`)."""
    toks = text.split()
    return 1 <= len(toks) <= 3 and all(re.fullmatch(r"[\u4e00-\u9fff]{1,3}", t) for t in toks)


# Furniture items that also stand alone in a body (a letter's date, a weekday): not enough alone.
_WEAK_ALONE = frozenset(("date", "weekday", "lunar", "publication", "section"))


_IMPRINT_RE = re.compile(
    r"^[^，。；！？]{2,40}(?:编辑部|编委会|委员会|司令部|出版社|报社|杂志社)(?:\s*[（(][^（）()]{1,16}[）)])?$"
)


def match_imprint(text: str) -> Furniture | None:
    """The publisher's line of a masthead (`红代会（筹）上海戏剧学院《革命楼》编辑部`): furniture in
    the header band of a page, which the caller checks (a body may name an editorial office)."""
    s = text.strip()
    if not _IMPRINT_RE.match(s):
        return None
    return Furniture("header", {"imprint": re.sub(r"\s+", "", s)})


def match_weak_furniture(text: str) -> Furniture | None:
    """A line of only a paper's name, a section name or a date (`人民日报`, `要闻`, `2025年7月2日`):
    furniture where it stands next to other furniture or at the top or bottom of the page, which
    the caller checks (a letter printed in a body ends with its date)."""
    s = text.strip()
    if not s or len(s) > 24 or "。" in s:
        return None
    if s[0] in "（(" and s[-1] in "）)":
        return None  # a section's name in brackets is a headline's column tag (`（国际视点）`)
    return _header(s, need_strong=False)


# Every strong furniture item holds one of these: lines without any (nearly all body lines) are
# passed over without running the item patterns; most are turned away by their characters alone.
_STRONG_ANCHOR_RE = re.compile(
    r"版|页|星期|周[一二三四五六日]|编|校对|设计|统筹|制图|@|电话|传真|热线|邮箱|www|http|第\s*\d{0,5}\s*[号期]|[创創合]刊|"
    r"总第|本期|成本费|定价|零售|每份|[（(]\s*(?:上接|下转|紧接|接|转|续)|^[-—－·]\s*\d|^第|[A-H]\s?\d|"
    rf"(?:{_SECTIONS})\s*\d|\d\s+(?:{_SECTIONS})|\d{{4}}\s*年\s*\d{{1,2}}\s*月"
)
# Every strong item holds one of these characters, or stands on a short line: a line with none of
# them is no furniture. The look is one character-class search; only lines that pass it go on to
# the items' patterns.
_ANCHOR_CHAR_RE = re.compile("[版页编刊@期对筹话箱号月]")
_SHORT_ITEM = 12  # characters: page labels (`A3 要闻`, `要闻 2`, `- 12 -`) and markers stand on short lines


def furniture_hint(text: str) -> bool:
    """Whether a line could be strong furniture (a cheap look before the items' patterns)."""
    if len(text) > _SHORT_ITEM and _ANCHOR_CHAR_RE.search(text) is None:
        return False
    return _STRONG_ANCHOR_RE.search(text) is not None


def match_furniture(text: str) -> Furniture | None:
    """Whether a whole printed line is page furniture, and what it says."""
    s = text.strip()
    if not s or len(s) > 160 or not furniture_hint(s):
        return None
    if _FOOTER_RE.match(s):
        return Furniture("footer", {"page_label": _clean_label(s)})
    m = _SOURCE_RE.match(s)
    if m:
        return Furniture(
            "source",
            {"publication": m.group(1), "date": _iso_date(m.group(2)) or "", "page_label": _clean_label(m.group(3))},
        )
    if _MARKER_RE.match(s):
        return Furniture("marker", {"marker": _clean_label(s)})
    return _header(s)


def split_marker_tail(text: str) -> tuple[str, str] | None:
    """A body line ending with a continuation marker (`…建设。（下转第二版）`) → (body part, marker)."""
    m = _MARKER_TAIL_RE.search(text)
    if m is None or m.start() == 0:
        return None
    return text[: m.start()].rstrip(), text[m.start() :].strip()


def _header(s: str, need_strong: bool = True) -> Furniture | None:
    rest = s
    fields: dict[str, str | list[str]] = {}
    strong = False
    for name, rx in _STRONG_ITEMS:
        for m in list(rx.finditer(rest)):
            strong = True
            _record(fields, name, m.group(0))
        rest = rx.sub(" ", rest)
    if need_strong and not strong:
        return None
    if "date" in fields or "weekday" in fields:  # (a header set on two lines: `星期四   61   民主政治`)
        rest = _dated_header_rest(fields, rest)
    for name, rx in _WEAK_ITEMS:
        for m in list(rx.finditer(rest)):
            _record(fields, name, m.group(0))
        rest = rx.sub(" ", rest)
    if "page_label" in fields and not _SEPARATORS_RE.match(rest):
        labelled = _LABELLED_SECTION_RE.match(s)
        section = (labelled.group(1) or labelled.group(2)) if labelled else None
        if section is None and "publication" in fields:
            others = [t for t in s.split() if not (_LABEL_RE.fullmatch(t) or _PAPER_RE.fullmatch(t))]
            if len(others) == 1 and _SECTION_WORD_RE.match(others[0]):
                section = others[0]  # … and with the paper's name (`人民日报　第13版　民主政治`)
        if section is not None:  # a section of any name set apart next to the page label (`第19版  民主政治`)
            fields["section"] = section
            rest = ""
    # a bracket without its partner: the line is the end (or start) of a longer text
    if not fields or not _SEPARATORS_RE.match(rest) or open_brackets(s) != 0:
        return None
    if need_strong and set(fields) <= _WEAK_ALONE and not {"date", "publication"} <= set(fields):
        return None  # only a date (and a weekday): see match_weak_furniture; with the paper's name, a masthead
    return Furniture("header", fields)


_PAPER_RE = re.compile(_PAPER)
_LABEL_RE = re.compile(_LABEL)
_SECTION_WORD_RE = re.compile(r"^\s*([\u4e00-\u9fff·]{2,6})\s*$")
_PAGE_NUMBER_RE = re.compile(r"^\s*(\d{1,3})\s*$")


def _dated_header_rest(fields: dict[str, str | list[str]], rest: str) -> str:
    """What is left of a dated header line besides its known items: a section of any name and the
    bare page number set apart (`第2版 民主政治 人民日报 2025年06月12日 星期四`, `55 法治 人民日报
    2025年6月12日 星期四`, `人民日报 2025年06月12日 星期四 18`). Taken when the line also holds a
    page label, a weekday or the paper's name. Returns what is still unexplained."""
    paper = _PAPER_RE.search(rest)
    if not (paper or "page_label" in fields or "weekday" in fields):
        return rest
    tokens = _PAPER_RE.sub(" ", rest, count=1).split()
    numbers = [t for t in tokens if _PAGE_NUMBER_RE.match(t)]
    words = [t for t in tokens if _SECTION_WORD_RE.match(t)]
    if not tokens or len(numbers) + len(words) != len(tokens) or len(numbers) > 1 or len(words) > 1:
        return rest
    if numbers and "page_label" not in fields:
        fields["page_label"] = numbers[0]
    elif numbers:
        return rest  # two page labels
    if words:
        fields["section"] = words[0]
    if paper:
        fields["publication"] = paper.group(0)
    return ""


def _record(fields: dict[str, str | list[str]], name: str, value: str) -> None:
    value = value.strip()
    if name == "editors":
        names = re.split(r"[：:]", value, maxsplit=1)[1]
        people = _names(names)
        existing = fields.get("editors")
        fields["editors"] = (list(existing) if isinstance(existing, list) else []) + people
        return
    if name == "date":
        iso = _iso_date(value)
        if iso and "date" not in fields:
            fields["date"] = iso
        return
    if name == "label":
        if "page_label" not in fields:
            fields["page_label"] = _clean_label(value)
        return
    if name in fields:
        return
    fields[name] = re.sub(r"\s+", " ", value)


def _names(text: str) -> list[str]:
    """Names in an editor credit; single characters padded apart (`吕  莉`) join into one name."""
    out: list[str] = []
    pending = ""
    for tok in (x for x in re.split(r"[\s、，,]+", text) if x):
        if len(tok) == 1:
            pending += tok
            if len(pending) == 2:
                out.append(pending)
                pending = ""
            continue
        if pending:
            out.append(pending)
            pending = ""
        out.append(tok)
    if pending:
        out.append(pending)
    return out


def _iso_date(text: str) -> str | None:
    m = re.search(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日", text) or re.search(
        r"(\d{4})[.．/／-](\d{1,2})[.．/／-](\d{1,2})", text
    )
    if not m:
        return None
    y, mo, d = (int(x) for x in m.groups())
    try:
        return datetime.date(y, mo, d).isoformat()
    except ValueError:
        return None
