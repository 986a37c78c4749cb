"""Printed lines → tokens: the lines that are recognisable by their own content become blocks
(furniture, dateline heads, bylines, captions, credits); every other line stays a text line for the
paragraph stage.

Each recognizer looks at the line at hand (and, where the extractor breaks one printed item over
several lines, the next few) and returns the block it recognised with the number of lines it used:

- `furniture`: page headers and footers, source lines, continuation markers (`furniture.py`), an
  editor credit continued on the next lines (`一版责编：杨` / `旭`), a bare page number at the top or
  bottom of the page;
- `dateline_head`: `本报讯（记者 高茜）`, possibly continued over two more lines while a bracket is
  open; the body words after it become a text line of their own (`Line.after_byline`). A dateline
  without a bracketed byline that continues running text is body text (`_dateline_in_body`);
- `byline`: `本报记者 X`, a byline continued on the next line, a role printed alone with the names on
  the next lines (pdftotext: `本报记者` / `李君强`; `游` / `仪`), names alone (`邹  翔`) and
  collective bylines (`本报评论员`);
- `caption`: `图为…` or a line ending in a photo credit (`… 记者 王益炜 摄`), a caption broken over
  up to three lines; a credit alone on its line is a `credit` block.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from baokan.clean import clean_text
from baokan.records import Author

from .bylines import (
    MARKERS,
    NEWS_AGENCY,
    collective_byline,
    ends_with_credit,
    parse_bare_names,
    parse_byline_head,
    parse_standalone_byline,
    role_only,
    split_credit,
)
from .furniture import (
    Furniture,
    editor_names_only,
    furniture_hint,
    match_furniture,
    match_imprint,
    match_weak_furniture,
)
from .lines import column_width
from .model import BODY_TYPE, LARGE_TYPE, Block, Box4, Line
from .punct import DOCUMENT_LABEL_RE, SUBTITLE_RE, TAG_AT_END_RE, ends_like_a_kicker, ends_sentence, open_brackets

__all__ = ["DATA_SOURCE_RE", "PICTURE_SOURCE_ENDS", "Token", "scan"]

_CAPTION_START_RE = re.compile(
    r"^[▲△▼▽◆◇■□●○★☆◎]?\s*(?:图为|图：|图:|[上下左右中]图[：:为]?|图\s*[①-⑳\d]|组图|图片说明|图片)"
)
_HEAD_FIRST_CHARS = frozenset("本新中人央光国" + MARKERS)
_EDITORS_END_RE = re.compile(r"(?:责编|编辑|校对|设计|统筹|美编)\s*[：:][\u4e00-\u9fff\s、]*$")
_BARE_PAGE_NUMBER_RE = re.compile(r"^\d{1,3}$")
_RUNNING_TEXT_RE = re.compile(r"[，,。；;！!？?]")
_WEAK_MAX = 24  # characters: the longest line of only a paper's name, a section or a date
_BARE_NAMES_MAX = 26  # ems: four names with their padding and brackets
_HEADER_BAND = 12  # lines: a masthead's publisher line stands among the first ones


@dataclass(slots=True)
class Token:
    """A recognised block, or a text line left for the paragraph stage."""

    kind: str  # "text" or a block kind
    line: Line | None = None
    block: Block | None = None


def scan(lines: list[Line]) -> list[Token]:
    """Lines → tokens in page order. Each line goes only to the recognizers it could concern (a
    cheap look at the line; the great majority of lines, running text, goes to none)."""
    out: list[Token] = []
    i = 0
    n = len(lines)
    while i < n:
        hint = lines[i].hint
        if hint is not None and hint.caption:
            tokens, used = _layout_caption(lines, i)
            out.extend(tokens)
            i += used
            continue
        if _plain(lines, i, out) and (hint is None or not hint.band):
            out.append(Token("text", line=lines[i]))  # running text: no recognizer could take it
            i += 1
            continue
        for recognize in _candidates(lines, i, out):
            got = recognize(lines, i, out)
            if got is not None:
                tokens, used = got
                out.extend(tokens)
                i += used
                break
        else:
            out.append(Token("text", line=lines[i]))
            i += 1
    return out


def _plain(lines: list[Line], i: int, out: list[Token]) -> bool:
    """A line no recognizer could take, by one cheap look (most lines of a page): longer than a
    page label, holding nothing a special line holds, and — without clause punctuation — not shaped
    like names alone, a desk's or a masthead's line, nor where weak furniture stands. A justified
    line is looked at without the spaces set between its characters (`本 报 天 津 …`)."""
    line = lines[i]
    t = clean_text(line.text) if line.justified else line.text
    if _SPECIAL_RE.search(t):
        return False
    if len(t) <= 12:
        return t[-1] in _SENTENCE_ENDS  # a paragraph's short last line
    if _RUNNING_TEXT_RE.search(t):
        return True
    return (
        " " not in t
        and "·" not in t
        and not furniture_hint(t)
        and t[-1] not in _INSTITUTION_END
        and t[-1] not in _IMPRINT_END
        and 2 <= i < len(lines) - 2
        and not (out and out[-1].kind == "furniture")
    )


Recognizer = Callable[[list[Line], int, list[Token]], "tuple[list[Token], int] | None"]


def _candidates(lines: list[Line], i: int, out: list[Token]) -> list[Recognizer]:
    """The recognizers that could take line i, in order of precedence."""
    t = lines[i].text
    running = _RUNNING_TEXT_RE.search(t) is not None
    found: list[Recognizer] = []
    if (
        furniture_hint(t)
        or (i < _HEADER_BAND and t[-1] in _IMPRINT_END)
        or (not running and len(t) <= _WEAK_MAX and _near_edge_or_furniture(lines, i, out))
        or (_BARE_PAGE_NUMBER_RE.match(t) is not None and _heads_furniture(lines, i))
    ):
        found.append(_furniture)
    if t[0] in _HEAD_FIRST_CHARS and _unspaced(lines[i]).lstrip(_MARKERS).startswith(_DATELINE_STARTS):
        found.append(_dateline_head)
    # names alone, unless a bracket the line above opened is still open (`（中国消费` / `向新而行·稳外贸扩`)
    inside = i > 0 and open_brackets(lines[i - 1].text) > 0
    if _BYLINE_START_RE.match(t) or (not running and not inside and _names_shape(t)):
        found.append(_byline)
    if _CAPTION_START_RE.match(t) or ends_with_credit(t):
        found.append(_caption)
    if DATA_SOURCE_RE.match(t):
        found.append(_data_source)
    return found


def _names_shape(t: str) -> bool:
    """Short enough for names alone (one name; names set apart by spaces) or a desk's byline."""
    return len(t) <= 6 or ((" " in t or "·" in t) and len(t) <= 24) or (len(t) <= 30 and t[-1] in _INSTITUTION_END)


def _near_edge_or_furniture(lines: list[Line], i: int, out: list[Token]) -> bool:
    return (
        _in_band(lines[i])
        or i < 2
        or i >= len(lines) - 2
        or bool(out and out[-1].kind == "furniture")
        or (i + 1 < len(lines) and furniture_hint(lines[i + 1].text))
    )


# What a special line holds (the openings of datelines, bylines, captions and page labels, a
# credit's end, a page or edition number), for one look at each line of running text. Furniture
# lines hold no clause punctuation, so running text is never furniture.
_SPECIAL_RE = re.compile(
    r"[版页]|(?:摄|摄影|摄[）)]|摄[（(][^（）()]{2,4}[）)])$|^[□■◇◆●○▲△☆★▼▽◎※\s]*(?:本报|新华社|中新社|中新网|人民网|新华网|央视网|"
    r"央广网|国际在线|光明网|中国日报网|[（(]|记者|通讯员|实习生|特约|见习|摄影|图|[上下左右中]图|组图|第|[-—－·]|"
    r"(?:数据|资料)来源)"
)
_IMPRINT_END = frozenset("部会社）)")
_SENTENCE_ENDS = frozenset("。！？；…”")
_INSTITUTION_END = frozenset("院所部会室心组员")
_MARKERS = MARKERS + " "
# What a dateline head opens with (`bylines._DATELINE_RE`): a cheap look before the pattern.
_DATELINE_STARTS = (
    "本报",
    "新华社",
    "中新社",
    "中新网",
    "人民网",
    "新华网",
    "央视网",
    "央广网",
    "国际在线",
    "光明网",
    "中国日报网",
)


# ------------------------------------------------------------------------------ furniture


def _furniture(lines: list[Line], i: int, out: list[Token]) -> tuple[list[Token], int] | None:
    t = lines[i].text
    found = match_furniture(t)
    if found is None:
        edge = i < 2 or i >= len(lines) - 2 or _in_band(lines[i])
        after_furniture = bool(out and out[-1].kind == "furniture")
        number = _BARE_PAGE_NUMBER_RE.match(t) is not None
        if (
            number
            and (edge or after_furniture or _heads_furniture(lines, i))
            and (_in_header_run(out) or not _numbered_intertitle(lines, i))
        ):
            found = Furniture("footer", {"page_label": t})
        else:
            weak_shape = len(t) <= _WEAK_MAX and not _RUNNING_TEXT_RE.search(t)
            found = match_weak_furniture(t) if weak_shape and (edge or _next_to_furniture(lines, i, out)) else None
            if (
                found is None
                and weak_shape
                and (_section_between_furniture(lines, i, out) or _section_under_page_label(lines, i, out))
            ):
                found = Furniture("header", {"section": t.strip()})
            if found is None:
                # (a body line that ends in 委员会 runs on from the line above it: no imprint)
                found = match_imprint(t) if i < _HEADER_BAND and not _runs_on_from_above(lines, i) else None
                if found is None:
                    return None
    used = 1
    if found.kind == "header" and _EDITORS_END_RE.search(t):
        while i + used < len(lines) and used < 6 and editor_names_only(lines[i + used].text):
            used += 1
    return [Token("furniture", block=Block("furniture", lines[i : i + used], furniture=found))], used


def _next_to_furniture(lines: list[Line], i: int, out: list[Token]) -> bool:
    """The line before was recognised as furniture, or the next line is furniture, or this line and
    the next are a header's date and weekday, or the paper's name and the date, set on lines of
    their own (`2025年06月12日` / `星期四`: a letter's date is followed by no weekday)."""
    if out and out[-1].kind == "furniture":
        return True
    if i + 1 >= len(lines):
        return False
    nxt = lines[i + 1].text
    if match_furniture(nxt) is not None:
        return True
    here, there = match_weak_furniture(lines[i].text), match_weak_furniture(nxt)
    if here is None or there is None:
        return False
    both = set(here.fields) | set(there.fields)
    return {"date", "weekday"} <= both or {"publication", "date"} <= both


_SECTION_NAME_RE = re.compile(r"^[\u4e00-\u9fff]{2,6}$")


def _heads_furniture(lines: list[Line], i: int) -> bool:
    """A header or footer broken into lines starts at line i: the next line, or the one after a
    section's name under it, is furniture (`09` / `理论` / `人民日报` / `2025年06月12日`)."""
    j = i + 1
    if j + 1 < len(lines) and _SECTION_NAME_RE.match(lines[j].text.strip()):
        j += 1
    return j < len(lines) and _header_item_at(lines, j)


def _header_item_at(lines: list[Line], j: int) -> bool:
    """Line j is furniture, or a weak item of it (a paper's name, a date) next to furniture."""
    return match_furniture(lines[j].text) is not None or (
        match_weak_furniture(lines[j].text) is not None and _next_to_furniture(lines, j, [])
    )


def _section_between_furniture(lines: list[Line], i: int, out: list[Token]) -> bool:
    """A short word between two lines of a header broken over lines (`第 14 版` / `民主政治` /
    `人民日报`): the page's section, whatever its name."""
    return (
        bool(_SECTION_NAME_RE.match(lines[i].text.strip()))
        and bool(out)
        and out[-1].kind == "furniture"
        and i + 1 < len(lines)
        and (match_furniture(lines[i + 1].text) is not None or match_weak_furniture(lines[i + 1].text) is not None)
    )


_HEADER_ITEMS = frozenset(("publication", "date", "weekday", "page_label"))
_SHORT_SECTION_RE = re.compile(r"^[\u4e00-\u9fff]{2,4}$")


def _in_header_run(out: list[Token]) -> bool:
    """Only the page's header has been read, the last line a paper's name, a date, a weekday or a
    page label: a bare number under it is the page's number (`星期二` / `01`), not an intertitle's,
    as no article has begun."""
    if not out or any(t.kind != "furniture" for t in out):
        return False
    last = out[-1].block
    return last is not None and last.furniture is not None and bool(set(last.furniture.fields) & _HEADER_ITEMS)


def _section_under_page_label(lines: list[Line], i: int, out: list[Token]) -> bool:
    """A short word under a page label standing alone on its line, where only the header has been
    read (`人民日报` / `2025年7月22日` / `星期二` / `01` / `民主政治`): the page's section, whatever its
    name. A short headline can stand there too (`人民日报 2001年1月1日 星期一` / `第8版` / `谁之过`):
    a layout's bands decide where they are known; in text, the word is the section only under a
    header broken into three lines or more, an item a line."""
    hint = lines[i].hint
    if hint is not None and hint.band != "header":
        return False
    if len(out) < 2 or not _SHORT_SECTION_RE.match(lines[i].text.strip()) or not _in_header_run(out):
        return False
    last = out[-1].block
    return (
        last is not None
        and last.furniture is not None
        and len(last.lines) == 1
        and set(last.furniture.fields) == {"page_label"}
        and (hint is not None or len(out) >= 3)
    )


def _numbered_intertitle(lines: list[Line], i: int) -> bool:
    """A bare number followed by a short line (`1` / `夏粮大盘稳不稳？`) numbers an intertitle."""
    if i + 1 >= len(lines) or lines[i + 1].width > 24:
        return False
    nxt = lines[i + 1].text
    if match_furniture(nxt) is not None or match_weak_furniture(nxt) is not None:
        return False  # the page number over the rest of the header (`29` / `评论` / `人民日报`)
    if i + 2 < len(lines) and _header_item_at(lines, i + 2):
        # the page number and the section over more of the header (`24` / `民主政治` / `责任编辑：…`,
        # or `48` / `民主政治` / `人民日报` / `2025年06月12日`, each on a line of its own)
        return False
    return not ends_sentence(nxt) or nxt.endswith(("？", "?"))


# ------------------------------------------------------------------------------ dateline heads


def _unspaced(line: Line) -> str:
    """A justified line's text without the spaces set between its characters, as body text is
    cleaned (`本 报 雄 安 6 月 11 日 电 （ 记 者 张 志 锋 ）` → `本报雄安6月11日电（记者张志锋）`)."""
    return clean_text(line.text) if line.justified else line.text


def _broken_date(line: str, following: str) -> bool:
    """A dateline's date broken at the line's end: before its 电/讯, or inside the date."""
    if line.endswith("日"):
        return following.startswith(("电", "讯"))
    return line[-1:] in "0123456789年月" and following[:1] in "0123456789月日"


def _dateline_head(lines: list[Line], i: int, out: list[Token]) -> tuple[list[Token], int] | None:
    t = _unspaced(lines[i])
    if t[0] not in _HEAD_FIRST_CHARS:
        return None
    n = len(lines)
    used = 1
    joined = t
    head = parse_byline_head(t)
    if head is None:
        # broken inside its date (`本 报 北 京 6 月 11 日` / `电 （ 记 者 张 璁 ） 日`,
        # `本报太原2000年12月31` / `日电（记者 安洋）`)
        if i + 1 >= n or not _broken_date(t, _unspaced(lines[i + 1])):
            return None
        joined, used = t + "\n" + _unspaced(lines[i + 1]), 2
        head = parse_byline_head(joined)
        if head is None or not head.authors:
            return None
    parsed = joined  # the text `head` was parsed from
    if _dateline_in_body(out, lines, i):
        return None
    while used < 3 and i + used < n and open_brackets(joined) > 0:
        joined = joined + "\n" + lines[i + used].text
        used += 1
    if used == 1 and i + 1 < n and lines[i + 1].text[:1] in "（(" and t.endswith(("电", "讯")):
        # the bracketed byline on the next line (`本报天津 6 月 11 日电` / `（记者龚相娟） 近日，`)
        more, extra = joined + "\n" + lines[i + 1].text, 2
        while extra < 3 and i + extra < n and open_brackets(more) > 0:
            more += "\n" + lines[i + extra].text
            extra += 1
        got = parse_byline_head(more)
        if got is not None and got.authors:
            joined, used, head, parsed = more, extra, got, more
    if used == 1 and i + 1 < n and "报道" not in t:
        # reporters run into the text and broken with the line (`本报哈尔滨1月1日电记者胡` / `斌报道：日前，`)
        more = t + "\n" + lines[i + 1].text
        got = parse_byline_head(more)
        if got is not None and got.run_in:
            joined, used, head, parsed = more, 2, got, more
    if parsed != joined:  # lines joined while brackets were open
        head = parse_byline_head(joined)
        assert head is not None  # it parsed on the first line (or two) alone
    core_end = len(joined[: head.consumed].rstrip())
    k = min(joined.count("\n", 0, core_end), used - 1)
    line_end = joined.find("\n", core_end)
    rest = joined[core_end : line_end if line_end >= 0 else len(joined)].strip()
    block = Block("head", lines[i : i + k + 1], head=head, byline=head.byline, authors=list(head.authors))
    tokens = [Token("head", block=block)]
    if rest:
        last = lines[i + k]
        inner_spaces = sum(1 for ch in last.text if ch == " ")
        tokens.append(Token("text", line=Line(last.no, rest, last.width + min(inner_spaces, 4), 0, False, True)))
    return tokens, k + 1


def _dateline_in_body(out: list[Token], lines: list[Line], i: int) -> bool:
    """A dateline without a bracketed byline (``本报讯日前，…``, ``本报厦门1月2日电记者X报道：``) that
    continues the running text of a column: right after a paragraph ending a sentence, in a column of
    the same width before and after. A body quoting another dispatch prints it so; an article of its own
    opens after a headline, at a column change, or names its reporters in brackets."""
    joined = lines[i].text
    for k in (1, 2):  # a bracketed byline may continue on the next lines
        if not open_brackets(joined) > 0 or i + k >= len(lines):
            break
        joined += "\n" + lines[i + k].text
    head = parse_byline_head(joined)
    if head is None or (head.authors and not head.run_in) or not out or out[-1].kind != "text":
        return False
    prev = out[-1].line
    assert prev is not None
    if not ends_sentence(prev.text):
        return False
    before: list[float] = []
    for tok in reversed(out):
        if tok.kind != "text" or len(before) >= 8:
            break
        assert tok.line is not None
        before.append(tok.line.width)
    if len(before) < 3:
        return False
    w = column_width(before)
    if not w - 3.0 <= lines[i].width <= w + 1.5:  # not a first (or full) line of that column
        return False
    after = [x.width for x in lines[i + 1 : i + 7]]
    # The lines after it stay in the column: none wider, some full or indented ones.
    return bool(after) and max(after) <= w + 1.5 and any(x >= w - 2.5 for x in after)


# ------------------------------------------------------------------------------ bylines


def _byline(lines: list[Line], i: int, out: list[Token]) -> tuple[list[Token], int] | None:
    # A role alone on its line reads both ways (`□ 本报记者` / `张文豪` / `董泽扬` / `王永战`): the
    # reading that takes more of the names wins.
    hint = lines[i].hint
    if hint is not None and hint.size >= LARGE_TYPE:
        return None  # headline type (`新而行·稳外` of a wrapped headline): no byline
    role = _role_byline(lines, i)
    split = _split_byline(lines, i)
    if role is not None or split is not None:
        block, used = max((x for x in (role, split) if x is not None), key=lambda x: x[1])
        return [Token("byline", block=block)], used
    recognizers: tuple[Callable[[list[Line], int], tuple[Block, int] | None], ...] = ()
    if not _RUNNING_TEXT_RE.search(lines[i].text):
        # names alone, desks: never with clause punctuation
        recognizers += (_letter_spaced_name, _bare_names, _pen_name, _collective)
    for recognize in recognizers:
        got = recognize(lines, i)
        if got is not None:
            block, used = got
            return [Token("byline", block=block)], used
    return None


def _role_byline(lines: list[Line], i: int) -> tuple[Block, int] | None:
    """`本报记者 X`, merged with what continues it on the next lines: more roles and names, or the
    rest of a name broken or letter-spaced over lines (`本报记者  游` / `仪`)."""
    if not _BYLINE_START_RE.match(lines[i].text) or ends_with_credit(lines[i].text):
        return None  # a photo credit (`本报记者  彭飞摄`) is no byline
    best: tuple[Block, int] | None = None
    sb = parse_standalone_byline(lines[i].text)
    if sb is not None:
        best = (Block("byline", lines[i : i + 1], byline=sb[0], authors=list(sb[1])), 1)
    for j in range(i + 1, min(len(lines), i + 4)):
        nxt = lines[j].text
        more_roles = parse_standalone_byline(nxt) is not None
        # names alone continue a byline only where it is broken: it does not parse by itself yet,
        # the next line holds a lone character of a name (`游` / `仪`), or the line before ends in
        # one, a surname whose name goes on (`方敏 毕` / `京津`)
        words = lines[j - 1].text.split()
        broken = best is None or (bool(words) and len(words[-1]) == 1) or all(len(t) == 1 for t in nxt.split())
        if not more_roles and not (_NAMES_LINE_RE.fullmatch(nxt) and broken):
            break
        merged = parse_standalone_byline(" ".join(x.text for x in lines[i : j + 1]))
        if merged is not None:
            best = (Block("byline", lines[i : j + 1], byline=merged[0], authors=list(merged[1])), j + 1 - i)
    return best


_NAMES_LINE_RE = re.compile(r"[\u4e00-\u9fff·\s]{1,12}")
_BYLINE_START_RE = re.compile(rf"^[\s{MARKERS}]*[（(]?\s*(?:{NEWS_AGENCY}|特约|见习|通讯员|实习生|摄影|记者)")


def _split_byline(lines: list[Line], i: int) -> tuple[Block, int] | None:
    """A role alone on its line, the names on the next ones (`本报记者` / `李君强`, `游` / `仪`)."""
    role = role_only(lines[i].text)
    if role is None:
        return None
    best: tuple[Block, int] | None = None
    names: list[str] = []
    for j in range(i + 1, min(len(lines), i + 7)):
        t = lines[j].text
        if not re.fullmatch(r"[\u4e00-\u9fff·\s]{1,8}", t):
            break
        names.append(t)
        sb = parse_standalone_byline(role + " " + " ".join(names))
        if sb is not None and all(len(a.name) >= 2 for a in sb[1]):
            best = (Block("byline", lines[i : j + 1], byline=sb[0], authors=list(sb[1])), j + 1 - i)
    if best is not None:
        return best
    collective = collective_byline(lines[i].text)
    if collective is not None:
        return Block("byline", lines[i : i + 1], byline=collective), 1
    return None


def _letter_spaced_name(lines: list[Line], i: int) -> tuple[Block, int] | None:
    """Names of two characters padded to the width of three and broken by the extractor at each
    wide gap: one character a line (`李` / `斌`), perhaps after a byline's marker (`■ 何` / `娟`),
    or two names on three lines (`林` / `晨 李` / `晶`: a narrow space between names), or the rest of
    the line after the first name's second character (`刘` / `畅 崔明太`). After a marker, the name
    may be a pen name whose first character is no surname (`◎新` / `言`)."""
    if i + 1 >= len(lines) or len(lines[i].text.lstrip(_MARKERS)) != 1 or _runs_on_from_above(lines, i):
        return None
    best: tuple[Block, int] | None = None
    marked = lines[i].text[:1] in MARKERS
    parts = [lines[i].text.lstrip(_MARKERS)]
    for j in range(i + 1, min(len(lines), i + 4)):
        t = lines[j].text
        tail = _PADDED_TAIL_RE.fullmatch(t) is not None
        if not (tail or _PADDED_BREAK_RE.fullmatch(t)):
            break
        parts.append(t)
        names = parse_bare_names("".join(parts)) if len(t) == 1 or tail else None
        if names is None and marked and j == i + 1 and len(t) == 1:
            names = ["".join(parts)]  # (`◎新` / `言`: the marker says a byline; two characters, a name)
        if names is not None and len(names[0]) == 2 and all(len(n) == 2 or (tail and len(n) == 3) for n in names[1:]):
            authors = [Author(n, None) for n in names]
            best = Block("byline", lines[i : j + 1], byline=" ".join(names), authors=authors, bare=True), j + 1 - i
        if tail:
            break
    return best


_PADDED_BREAK_RE = re.compile(r"[\u4e00-\u9fff](?: [\u4e00-\u9fff])?")
_PADDED_TAIL_RE = re.compile(r"[\u4e00-\u9fff](?: +[\u4e00-\u9fff]{2,3})+")


def _bare_names(lines: list[Line], i: int) -> tuple[Block, int] | None:
    t = lines[i].text
    if lines[i].width > _BARE_NAMES_MAX or (len(t) > 6 and " " not in t and "·" not in t):
        return None  # names alone: one short name, or names set apart by spaces
    if ends_with_credit(t) and split_credit(t)[1] is not None:
        return None  # a photo credit set solid (`钟明摄`), not the name 钟明摄
    names = parse_bare_names(lines[i].text)
    if names is None or _runs_on_from_above(lines, i) or DOCUMENT_LABEL_RE.match("".join(t.split())):
        return None
    if i > 0 and _NUMBER_END_RE.search(lines[i - 1].text) and _NUMBER_UNIT_RE.match(t.lstrip()):
        return None  # a number's unit wrapped onto the next line (`…预计达 ９.５` / `万亿元`, `诞辰70` / `周年`)
    text = " ".join(names)
    return Block("byline", lines[i : i + 1], byline=text, authors=[Author(n, None) for n in names], bare=True), 1


def _pen_name(lines: list[Line], i: int) -> tuple[Block, int] | None:
    """Two characters alone under a headline closed by its column tag and over the body (`（新语）` /
    `尔  冬`, `晓熠`): a commentator's pen name, whose first character need be no surname."""
    name = "".join(lines[i].text.split())
    if len(name) != 2 or not all("\u4e00" <= ch <= "\u9fff" for ch in name) or not 0 < i < len(lines) - 1:
        return None
    if name in _SECTION_LABELS or DOCUMENT_LABEL_RE.match(name):
        return None  # (`贺信` over the letter it names)
    if not _tag_closes_above(lines, i) or len(lines[i + 1].text) < _BODY_LINE_MIN:
        return None
    if lines[i + 1].text.lstrip().startswith(name):
        return None  # a label the body opens with (`小雪` / `小雪是二十四节气的…`), no name
    return Block("byline", lines[i : i + 1], byline=name, authors=[Author(name, None)], bare=True), 1


def _tag_closes_above(lines: list[Line], i: int) -> bool:
    """The line above line i closes with a column tag, which may have wrapped from the line before
    it (`“桃花村”为什么这样美（话说新` / `农村）`)."""
    above = lines[i - 1].text.rstrip()
    if TAG_AT_END_RE.search(above):
        return True
    return i > 1 and open_brackets(above) < 0 and TAG_AT_END_RE.search(lines[i - 2].text.rstrip() + above) is not None


# labels a page sets where a pen name would stand: an introduction, a column's name
_SECTION_LABELS = frozenset(
    ("引言", "导语", "前言", "编者", "按语", "纵横", "来论", "短评", "快评", "时评", "简讯", "链接")
)
_BODY_LINE_MIN = 8  # characters: the line under a pen name is the body's


_NUMBER_END_RE = re.compile(r"[0-9０-９〇零一二三四五六七八九十百千][.．]?\s*$")
_NUMBER_UNIT_RE = re.compile(r"[万亿千百元]|周年|周岁")


def _runs_on_from_above(lines: list[Line], i: int) -> bool:
    """Layout input: the line ends a paragraph (or an intertitle) that runs on from the line right
    above it in the same column, in the same type, unfinished (`摘星楼：新地标重塑景` / `区格局`,
    `反复试验，还原壁画质感` / `和颜色`), or from the end of the column to its left (the line tops
    the next column: `注重问题导向，扎实调` / `查研究`): no byline."""
    pair = _same_type_pair(lines, i)
    if pair is None or ends_sentence(lines[i - 1].text):
        return False
    above, line = pair
    if line[1] < above[1]:  # over the line before it: the next column's top
        return 0 <= line[0] - above[2] <= 3 * (above[3] - above[1])
    return _set_under(above, line)


def _continues_a_paragraph(lines: list[Line], i: int) -> bool:
    """Layout input: the line is set right under the line above it in the same column and type,
    at the column's edge (not indented as a paragraph's first line is): it goes on with that
    paragraph, whatever its words (`图为6月30日，在从江县丙…` inside a body paragraph)."""
    pair = _same_type_pair(lines, i)
    return pair is not None and _set_under(*pair)


def _same_type_pair(lines: list[Line], i: int) -> tuple[Box4, Box4] | None:
    """The boxes of the line before `i` and of `i` (layout input), when both are in the same type,
    the body's or a point larger (an intertitle's)."""
    if i == 0:
        return None
    above, line = lines[i - 1].hint, lines[i].hint
    if above is None or line is None or above.box is None or line.box is None:
        return None
    if abs(above.size - line.size) > 0.03 or not 0.92 <= above.size < BODY_TYPE:
        return None
    return above.box, line.box


def _set_under(above: Box4, line: Box4) -> bool:
    """`line` is the next line of `above`'s column: right under it, starting at its left edge or
    up to an indent to the left of it (the line above a paragraph's indented first one)."""
    em = above[3] - above[1]
    return -2.5 * em <= line[0] - above[0] <= 0.5 * em and 0 <= line[1] - above[3] <= em


def _collective(lines: list[Line], i: int) -> tuple[Block, int] | None:
    collective = collective_byline(lines[i].text)
    if collective is None or len(collective) > 8:  # institutions are told apart in context (`stacks`)
        return None
    return Block("byline", lines[i : i + 1], byline=collective), 1


# ------------------------------------------------------------------------------ captions


def _is_caption_start(text: str) -> bool:
    return bool(_CAPTION_START_RE.match(text))


def _looks_like_byline(t: str) -> bool:
    return parse_byline_head(t) is not None or parse_standalone_byline(t) is not None


def _in_band(line: Line) -> bool:
    """A layout file's header or footer band (the page's top and bottom margins)."""
    return line.hint is not None and bool(line.hint.band)


def _caption_line(line: Line) -> bool:
    return line.hint is not None and line.hint.caption


def _layout_caption(lines: list[Line], i: int) -> tuple[list[Token], int]:
    """The small-type lines under a photo (layout input): one caption, its credit split off."""
    j = i
    while j < len(lines) and _caption_line(lines[j]) and (j == i or not lines[j].gap_before):
        j += 1
    joined = " ".join(x.text for x in lines[i:j])
    cap_text, credit, phot = split_credit(joined)
    if not cap_text.strip():
        return [Token("credit", block=Block("credit", lines[i:j], credit=credit, photographers=phot))], j - i
    blk = Block("caption", lines[i:j], credit=credit, photographers=phot)
    blk.pieces = [cap_text]
    return [Token("caption", block=blk)], j - i


def _caption(lines: list[Line], i: int, out: list[Token]) -> tuple[list[Token], int] | None:
    t = lines[i].text
    credited = ends_with_credit(t) and split_credit(t)[1] is not None
    if not (_is_caption_start(t) or credited) or _continues_a_paragraph(lines, i):
        return None
    cap_text, credit, phot = split_credit(t)
    used = 1
    n = len(lines)
    if credit is None and not ends_sentence(t, strong=False) and not t.rstrip().endswith(PICTURE_SOURCE_ENDS):
        # A caption broken over lines: take up to two more plain lines ending the caption. (One
        # that ends with its picture's source, `…。航空工业西飞民机供图`, is whole.)
        for k in (1, 2):
            if i + k >= n:
                break
            cand = lines[i + k].text
            if _looks_like_byline(cand) or _is_caption_start(cand):
                break
            _c2, cr2, _ph2 = split_credit(cand)
            if cr2 is not None or ends_sentence(cand, strong=False):
                used = k + 1
                joined = " ".join(x.text for x in lines[i : i + used])
                cap_text, credit, phot = split_credit(joined)
                break
    if not cap_text.strip():
        return [Token("credit", block=Block("credit", lines[i : i + used], credit=credit, photographers=phot))], used
    start = i
    if credit is not None and not _is_caption_start(t):
        start = i - _caption_head(lines, i, out, cap_text)
        if start < i:
            del out[start - i :]
            cap_text = "".join(x.text for x in lines[start:i]) + cap_text
    blk = Block("caption", lines[start : i + used], credit=credit, photographers=phot)
    blk.pieces = [cap_text]
    return [Token("caption", block=blk)], used


PICTURE_SOURCE_ENDS = ("供图", "供稿", "提供")  # a picture's source that names no photographer (`…管理委员会供图`)
DATA_SOURCE_RE = re.compile(r"^(?:数据|资料)来源\s*[：:]\s*\S[^，。；！？]{0,40}$")


def _data_source(lines: list[Line], i: int, out: list[Token]) -> tuple[list[Token], int] | None:
    """The source line under a chart or table (`数据来源：国家机关事务管理局`): a credit of the
    graphic, not a headline, not running text."""
    line = lines[i]
    return [Token("credit", block=Block("credit", [line], credit=line.text, photographers=[]))], 1


_CAPTION_HEAD_LINES = 4  # lines a credited caption may have begun on before its credit's line
_CAPTION_HEAD_MAX = 120  # characters of such a caption


def _caption_head(lines: list[Line], i: int, out: list[Token], tail: str) -> int:
    """How many text lines just before a credited caption line begin that caption
    (`山东省青岛市李沧区职工子女爱心托育中` / `心，老师带领孩子们阅读绘本。 张  鹰 摄`): lines that
    run on into it, the first of them after a sentence's end or a line of another kind."""
    size = len(tail)
    for k in range(1, _CAPTION_HEAD_LINES + 1):
        if lines[i - k + 1].gap_before:
            return k - 1  # a meaningful blank line parts the caption from the line above it
        if len(out) < k or out[-k].kind != "text" or out[-k].line is not lines[i - k]:
            return 0
        text = lines[i - k].text
        size += len(text)
        if (
            ends_sentence(text, strong=False)
            or size > _CAPTION_HEAD_MAX
            or len(text) < len(tail.strip())
            or SUBTITLE_RE.match(text)
            or ends_like_a_kicker(text)
        ):
            return 0  # a full line of the caption is as wide as its last one (headlines are not), nor
            # does it end as a kicker does (`重庆市大渡口区人大常委会——` / `把民情联络点建在产业链上`)
        before = out[-k - 1] if len(out) > k else None
        if (
            before is None
            or before.kind != "text"
            or ends_sentence(before.line.text if before.line else "", strong=False)
        ):
            return k
    return 0
