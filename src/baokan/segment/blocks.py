"""Printed lines → typed blocks in page order.

`build_blocks(lines)` runs the two stages below it: `tokens.scan` recognises the blocks that are
known by their own content (furniture, dateline heads, bylines, captions, credits); the remaining text
lines form runs, which `paragraphs.run_paragraphs` cuts into paragraphs by the printed geometry. A
paragraph that prints like a headline (short, unpunctuated; `paragraphs.is_display`) becomes a
``display`` block, one block per printed line when it is a stack of headline lines read as one
paragraph; every other paragraph is a ``body`` block. Which display blocks are headlines and which
are intertitles inside a body is decided later, in `stacks`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import cast

from baokan.records import Author

from .bylines import ends_with_credit, writing_body
from .cohesion import bigram_set
from .model import LARGE_TYPE, Block, Line
from .paragraphs import (
    Para,
    headline_stack,
    is_display,
    join_lines,
    letter_end,
    lines_block,
    names_an_address,
    run_paragraphs,
    signs_the_sentence_above,
    stack_over_a_sentence,
)
from .punct import (
    DISPATCH_RE,
    NOTE_OPEN_RE,
    SENTENCE_MARK_RE,
    SUBTITLE_RE,
    TAG_AT_END_RE,
    closing_note,
    ending_note,
    ends_sentence,
    open_brackets,
)
from .tokens import DATA_SOURCE_RE, PICTURE_SOURCE_ENDS, Token, scan

__all__ = ["Block", "build_blocks"]


def build_blocks(lines: list[Line]) -> list[Block]:
    """All blocks of a page, in printed order."""
    tokens = scan(lines)
    runs, layout = _runs(tokens)
    paragraphs = run_paragraphs(runs, lines)
    blocks: list[Block] = []
    for item in layout:
        if isinstance(item, Block):
            blocks.append(item)
        else:
            for para in paragraphs[item]:
                blocks.extend(_paragraph_blocks(para))
    _kickers_in_their_own_type(blocks)
    _names_that_are_words(blocks)
    _names_continuing_bylines(blocks)
    _notes_in_brackets(blocks)
    _narrow_headlines(blocks)
    _headlines_over_datelines(blocks)
    _picture_sources_to_body(blocks)
    _headline_continuations(blocks)
    _stack_lines_run_into_body(blocks)
    _stacks_over_column_tags(blocks)
    _headline_fragments(blocks)
    _section_labels_to_body(blocks)
    _semicolon_lines_to_body(blocks)
    _colon_lines_under_headlines_to_body(blocks)
    _participants_listed(blocks)
    _speakers_of_excerpts(blocks)
    _lines_over_turn_markers(blocks)
    _letter_signatures(blocks)
    _datelines_inside_reports(blocks)
    _captions_over_credits(blocks)
    _captions_begun_above(blocks)
    _wrapped_sentences(blocks)
    _lone_sentence_captions(blocks)
    _first_captions_of_photo_sets(blocks)
    _caption_tails_wrapped(blocks)
    _captions_run_on(blocks)
    return blocks


_KICKER_MAX_LINES = 4
_OWN_TYPE = 0.03  # share of the body type: a line this far from it is set in a type of its own


def _kickers_in_their_own_type(blocks: list[Block]) -> None:
    """A paragraph right over a headline in large type, every line of it in one type of its own
    near the body's (a layout file says so), is that headline's kicker: a long kicker wrapped in a
    narrow column reads like a paragraph of body text."""
    for i, b in enumerate(blocks):
        if b.kind not in ("body", "display") or len(b.lines) > _KICKER_MAX_LINES:
            continue
        size = _own_type(b.lines)
        if size is None or abs(size - 1.0) <= _OWN_TYPE:
            continue
        if "。" in b.text or NOTE_OPEN_RE.match(b.text) or _PAREN_NOTE_RE.match(b.text):
            continue  # a sentence, or a note closing the article above
        k = i + 1
        # the kicker's last line, set apart (`…新问` / `题——`), or read as a name (`…恢复正` / `常供电`)
        while k < len(blocks) and blocks[k].kind in ("display", "byline") and len(blocks[k].lines) == 1:
            if not _same_type(_own_type(blocks[k].lines), size):
                break
            k += 1
        if k < len(blocks) and blocks[k].kind == "display" and _large_type(blocks[k].lines):
            for j in range(i, k):
                blocks[j] = lines_block(b, "display", blocks[j].lines)


def _same_type(a: float | None, b: float) -> bool:
    return a is not None and abs(a - b) <= _OWN_TYPE


def _own_type(lines: list[Line]) -> float | None:
    """The type size (relative to the body's) every one of `lines` is set in, if one is."""
    hints = [ln.hint for ln in lines]
    if not hints or any(h is None or h.caption for h in hints):
        return None
    sizes = [h.size for h in hints if h is not None]
    return sizes[0] if max(sizes) - min(sizes) <= _OWN_TYPE else None


# The label over a dialogue's or a forum's list of who takes part (`对话人：`, `对话嘉宾：`).
_PARTICIPANTS_RE = re.compile(r"^(?:对话人|对话嘉宾|访谈嘉宾|本期嘉宾|嘉宾|主持人)[：:]$")
_PARTICIPANT_MAX = 40  # characters: a name and a role (`贺  丹  全国政协委员、中国人口与发展研究中心主任`)


def _participants_listed(blocks: list[Block]) -> None:
    """The lines under a participants' label (`对话人：` / `周珊珊  本报评论员` / `张双双  湖北日报评论员`)
    name who speaks in the text below, each with a role: paragraphs of the body, like the label,
    never bylines that would end the article (or open another) there. The list ends at the first
    line that speaks (`周珊珊：据报道，…`), or at a sentence."""
    for i, b in enumerate(blocks):
        if b.kind not in ("body", "display") or len(b.lines) != 1 or not _PARTICIPANTS_RE.match(b.text.strip()):
            continue
        b.kind = "body"
        for k in range(i + 1, len(blocks)):
            member = blocks[k]
            text = member.text.strip()
            if (
                member.kind not in ("byline", "body", "display")
                or len(member.lines) != 1
                or len(text) > _PARTICIPANT_MAX
                or any(mark in text for mark in "：:。？！")
            ):
                break
            if member.kind != "body":
                blocks[k] = lines_block(member, "body", member.lines)


# A speaker's office, ending with its title (`司法部党组成员、副部长`, `泰国副总理`, `…二级大法官`)
_OFFICE_RE = re.compile(
    r"(?:部长|院长|会长|主席|委员|书记|秘书长|国务秘书|大法官|检察官|检察长|校长|主任|局长|总理|厅长|省长|市长|"
    r"董事长|总经理|总裁|理事长|社长|所长|馆长|教授|研究员|院士|庭长|首席大法官)$"
)
_OFFICE_MAX = 40  # characters of an office and its holder's name
_SPOKEN_NAME_RE = re.compile(r"[\u4e00-\u9fff·]{2,12}")
_EXCERPTS_MIN = 2  # speakers named under the announcement that make it a compilation
_COMPILATION_RE = re.compile(r"(?:发言|观点|讲话|论坛|座谈会)(?:摘编|摘登|摘要)$")


def _office_and_name(text: str) -> bool:
    """A line of an office and its holder's name set apart by spaces (`泰国副总理  波汶萨·乌万诺`)."""
    parts = text.split()
    return (
        len(parts) >= 2
        and len("".join(parts)) <= _OFFICE_MAX
        and _OFFICE_RE.search(parts[0]) is not None
        and _SPOKEN_NAME_RE.fullmatch("".join(parts[1:])) is not None
    )


def _office_over_name(office: str, name: str) -> bool:
    """An office on one line and its holder's name on the next (`司法部党组成员、副部长` / `李明征`)."""
    office, name = "".join(office.split()), "".join(name.split())
    return (
        len(office) + len(name) <= _OFFICE_MAX
        and _OFFICE_RE.search(office) is not None
        and _SPOKEN_NAME_RE.fullmatch(name) is not None
    )


def _speaker_at(blocks: list[Block], k: int) -> tuple[int, int]:
    """Where blocks from k name a speaker of an excerpt by office and name: (blocks, lines of the
    first of them that name the speaker; the lines before are the excerpt's phrase), or (0, 0).
    The office and the name under it (`司法部党组成员、副部长` / `李明征`), in one block or two, or
    both on one line (`泰国副总理  波汶萨·乌万诺`), after the phrase's lines in a display block."""
    b = blocks[k]
    if b.kind not in ("display", "byline", "body") or len(b.lines) > 4:
        return 0, 0
    lines = [x.text for x in b.lines]
    if (len(lines) == 1 or b.kind == "display") and _office_and_name(lines[-1]):
        return 1, 1
    if (len(lines) == 2 or (b.kind == "display" and len(lines) > 2)) and _office_over_name(lines[-2], lines[-1]):
        return 1, 2
    nxt = blocks[k + 1] if k + 1 < len(blocks) else None
    if (
        b.kind == "display"
        and nxt is not None
        and nxt.kind == "byline"
        and len(nxt.lines) == 1
        and _office_over_name(lines[-1], nxt.lines[0].text)
    ):
        return 2, 1
    return 0, 0


def _speakers_of_excerpts(blocks: list[Block]) -> None:
    """A compilation of what several speakers said, announced on the page (`——第七届中国—东盟法治
    论坛发言摘编`): each excerpt under a phrase of its own (`加强法律服务、法治人才培养协作`) and its
    speaker's office and name (`司法部党组成员、副部长` / `李明征`). Those are paragraphs of the
    compilation's body, as the corpus prints them, not headlines and bylines opening an article
    each. (Without the announcement an office over a name is a byline: theory pages sign articles
    so, several on a page.)"""
    if not any(b.kind == "display" and _COMPILATION_RE.search(b.text) for b in blocks):
        return  # (the announcement may stand over the excerpts or, in a stack printed after them, under)
    found: list[tuple[int, int, int]] = []
    k = 0
    while k < len(blocks):
        n, own = _speaker_at(blocks, k)
        found += [(k, n, own)] if n else []
        k += max(n, 1)
    if len(found) < _EXCERPTS_MIN:
        return
    for k, n, own in reversed(found):
        first = blocks[k]
        if len(first.lines) > own:  # the excerpt's phrase over the speaker, in one block
            _cut(blocks, k, len(first.lines) - own, "display", first.kind)
            k += 1
        speaker = blocks[k : k + n]
        after = blocks[k + n] if k + n < len(blocks) else None
        like = after if after is not None and after.kind == "body" else speaker[0]  # (its column)
        blocks[k : k + n] = [lines_block(like, "body", [x for b in speaker for x in b.lines])]
        above = blocks[k - 1] if k else None
        if above is not None and above.kind == "display" and not _COMPILATION_RE.search(above.text):
            above.kind = "body"  # the excerpt's own phrase


def _names_continuing_bylines(blocks: list[Block]) -> None:
    """Names alone on the lines right under a byline (`张继焦` / `周子翔`, `本报记者 徐元锋` / `张` /
    `文` / `秦瑞杰`: an extractor puts each name of a byline on a line of its own) are more of its
    names. (Under an author's note, `（作者为…）`, the first is the byline of the article the note
    ends, printed after it, and the second the one that opens the next.)"""
    out: list[Block] = []
    for b in blocks:
        prev = out[-1] if out else None
        under_note = len(out) >= 2 and out[-2].kind == "body" and bool(NOTE_OPEN_RE.match(out[-2].text))
        if (
            prev is not None
            and not under_note
            and prev.kind == "byline"
            and b.kind == "byline"
            and b.bare
            and prev.byline
            and b.byline
        ):
            role = prev.authors[-1].role if prev.authors else None
            prev.lines = prev.lines + b.lines
            prev.byline = f"{prev.byline} {b.byline}"
            prev.authors = prev.authors + [Author(a.name, role) for a in b.authors]
            continue
        out.append(b)
    blocks[:] = out


def _datelines_inside_reports(blocks: list[Block]) -> None:
    """A dateline head (`本报北京7月2日电（记者李昌禹）…`) opens no article of its own where the report
    began above it: after a letter quoted whole, which ends with its dispatch line
    (`（新华社北京7月2日电）`), or under the report's main points, printed under its headline as
    paragraphs each opened by a bullet (`■党的十八大以来，…` / `■新征程上，…`). The dateline stays
    the first words of the paragraph it opens."""
    i = 0
    while i + 1 < len(blocks):
        head, nxt = blocks[i], blocks[i + 1]
        if (
            head.kind == "head"
            and nxt.kind == "body"
            and nxt.lines[0].after_byline
            and (_after_a_quoted_letter(blocks, i) or _after_summary_points(blocks, i))
        ):
            blocks[i : i + 2] = [lines_block(nxt, "body", head.lines + nxt.lines[1:])]
        i += 1


def _after_a_quoted_letter(blocks: list[Block], i: int) -> bool:
    """The text over blocks[i], past captions, is a letter's dispatch line."""
    above = next((x for x in reversed(blocks[:i]) if x.kind not in ("caption", "credit")), None)
    return above is not None and above.kind == "body" and DISPATCH_RE.match(above.text) is not None


_SUMMARY_POINT = ("■", "●", "◆")  # what opens each point of a report's summary under its headline
_SUMMARY_POINTS_MIN = 2


def _after_summary_points(blocks: list[Block], i: int) -> bool:
    """Two or more bulleted paragraphs stand over blocks[i], right under a headline's line."""
    k = i
    while k > 0 and blocks[k - 1].kind == "body" and blocks[k - 1].text.lstrip().startswith(_SUMMARY_POINT):
        k -= 1
    return i - k >= _SUMMARY_POINTS_MIN and k > 0 and blocks[k - 1].kind == "display"


_SIGNATURE_MAX = 12  # characters: a signer's name, or an office's, over a letter's date


def _letter_signatures(blocks: list[Block]) -> None:
    """The short line over the date that ends a letter quoted whole (`习近平` / `2025年7月2日` /
    `（新华社北京7月2日电）`) is its signature: body text, not a headline over the date."""
    for i in range(1, len(blocks)):
        sign = blocks[i - 1]
        if (
            blocks[i].kind == "body"
            and letter_end(blocks[i].text)
            and sign.kind == "display"
            and len(sign.lines) == 1
            and len(sign.text) <= _SIGNATURE_MAX
        ):
            sign.kind = "body"


def _names_that_are_words(blocks: list[Block]) -> None:
    """A lone "name" under a line that breaks off mid-phrase, which the page's body text also uses
    (`正确佩戴安全头盔、系` / `安全带`; `提升文化获得感、` / `满足感`), or that the body prints right
    after the quotation that line ends with (`…提升“双千”` / `计划`), or whose first character ends
    the word a line run to its column's end broke off (`…贡献黑龙` / `江力量`), is the end of that
    line's phrase: an author's name is not a word of the body. It joins the block above."""
    body_text: str | None = None
    for i in range(len(blocks) - 1, 0, -1):
        b, prev = blocks[i], blocks[i - 1]
        if not (b.kind == "byline" and b.bare and len(b.authors) == 1 and prev.kind in ("display", "body")):
            continue
        name = b.authors[0].name
        quoted = prev.text[-1:] in "”’」》"  # `…提升“双千”` / `计划`: the body reads `“双千”计划`
        if len(b.lines) != 1 or b.lines[0].text.strip() != name or not (_breaks_off(prev.text) or quoted):
            continue
        if body_text is None:
            body_text = "\n".join(x.text for x in blocks if x.kind == "body")
        # a line run to its column's end whose last word the "name" finishes, as the body prints it
        # (`…贡献黑龙` / `江力量`: the body has `黑龙江`)
        bridged = not quoted and prev.lines[-1].width >= prev.width - 0.5 and prev.text[-2:] + name[:1] in body_text
        if (prev.text[-3:] + name if quoted else name) not in body_text and not bridged:
            continue
        prev.lines = prev.lines + b.lines
        prev.text += name
        prev.pieces = [*prev.pieces, name]
        del blocks[i]


def _notes_in_brackets(blocks: list[Block]) -> None:
    """A note in brackets that closes an article (`（作者为本报浙江分社记者）`, `（据新华社西安7月18日电）`)
    is the last paragraph of its body, never part of a headline: read as one paragraph with the
    headline lines after it, it is cut off them; closed only by the short paragraph after it (a
    note with brackets inside, wrapped: `（作者为…（…研究中心）` / `研究员）`), it takes that in."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        i += 1
        if b.kind != "display" or not NOTE_OPEN_RE.match(b.lines[0].text):
            out.append(b)
            continue
        depth, end = 0, 0
        while end < len(b.lines):
            depth += open_brackets(b.lines[end].text)
            end += 1
            if depth <= 0:
                break
        taken = _note_continued(blocks, i, depth) if depth > 0 else 0
        if taken:
            between = [line for x in blocks[i : i + taken - 1] for line in x.lines]
            after = blocks[i + taken - 1]  # its first line closes the note; a headline may follow it unparted
            i += taken
            out.append(lines_block(b, "body", b.lines + between + after.lines[:1]))
            if len(after.lines) > 1:
                out.append(lines_block(after, after.kind, after.lines[1:]))
            continue
        if depth > 0:
            out.append(b)
            continue
        note, rest = b.lines[:end], b.lines[end:]
        out.append(lines_block(b, "body", note))
        if rest:
            out.append(lines_block(b, "display", rest))
    blocks[:] = out


_NOTE_BLOCKS = 3  # blocks a note left open may run on over (one line of each, a blank line after every line)
_NOTE_LINE_MAX = 20  # characters of a line a note left open runs on over, or closes with


def _note_continued(blocks: list[Block], i: int, depth: int) -> int:
    """The blocks from blocks[i] that a note left open `depth` brackets deep runs on over, the
    last closing it: short lines alone (`（新华社北京7月1日电` / `记者朱基钗、高蕾、董博婷、` /
    `胡梦雪）`, read as headline, byline and headline lines); 0 when it is not closed so."""
    for k in range(i, min(i + _NOTE_BLOCKS, len(blocks))):
        b = blocks[k]
        if _closes_note_of(b, depth):
            return k - i + 1
        text = b.lines[0].text.strip()
        if b.kind not in ("display", "body", "byline") or len(b.lines) > 1 or len(text) > _NOTE_LINE_MAX:
            return 0
        depth += open_brackets(text)
        if depth <= 0:
            return 0
    return 0


def _closes_note_of(b: Block, depth: int) -> bool:
    """`b` opens with the short rest of a note left open `depth` brackets deep, closing them all
    (alone, or with a headline under it where no blank line parts them)."""
    first = b.text if len(b.lines) == 1 else b.lines[0].text.strip()
    return (
        b.kind in ("display", "body")
        and (len(b.lines) == 1 or b.kind == "display")
        and len(first) <= _NOTE_LINE_MAX
        and first.rstrip()[-1:] in "）)"
        and open_brackets(first) == -depth
    )


def _cut(blocks: list[Block], i: int, k: int, upper: str, lower: str) -> None:
    """blocks[i] cut in two before its line k: the lines above of kind `upper`, the rest `lower`."""
    b = blocks[i]
    blocks[i : i + 1] = [lines_block(b, upper, b.lines[:k]), lines_block(b, lower, b.lines[k:])]


def _breaks_off(text: str) -> bool:
    """The text stops mid-phrase: on a character or a comma, not at a stop, colon or bracket."""
    return bool(text) and (text[-1].isalpha() or text[-1] in "，、,")


_CAPTION_MAX = 60  # characters: the longest short paragraph read as the caption over a credit
_CAPTION_LINES = 4  # … and its most lines (a narrow column wraps a caption of 40 characters over four;
# more than two only where no body text is printed just before it)


def _captions_over_credits(blocks: list[Block]) -> None:
    """A credit alone on its line (`记者 李华晨 摄`) under a short paragraph of its own: that paragraph
    is the photo's caption, printed without `图为`. Two lines that each end a sentence are the
    captions of two photos of one credit (the first without one); a headline closed by its column
    tag over a sentence is a headline read with the caption under it."""
    out: list[Block] = []
    for i, b in enumerate(blocks):
        prev = out[-1] if out else None
        if prev is None or b.kind != "credit" or prev.kind != "body":
            out.append(b)
            continue
        if (
            len(prev.lines) > _CAPTION_LINES
            or len(prev.text) > _CAPTION_MAX
            or prev.lines[0].after_byline
            or ending_note(prev.text)  # (`（作者为…院长）` over a chart's source line: the article ends)
            or (DATA_SOURCE_RE.match(b.credit or "") is not None and ends_sentence(prev.text))
        ):
            # (a chart's title ends no sentence: the paragraph over its source line is an article's end)
            out.append(b)
            continue
        if len(prev.lines) > 2 and (
            out[-2].kind in ("body", "head")
            if len(out) >= 2
            else not (b.photographers and _over_a_headline(blocks, i + 1))
        ):
            # more than two lines after body text or a dateline, or first on the page but not over
            # a photo's credit and a headline: the end of an article
            out.append(b)
            continue
        if len(prev.lines) == 2 and ends_sentence(prev.lines[1].text):
            top = prev.lines[0].text
            headline = (
                _tagged_headline_line(top)
                or _short_of_its_measure(prev.lines[0], prev.width)
                or SUBTITLE_RE.match(top) is not None  # a subtitle (`——写在…之际`) over the caption
            )
            if headline or ends_sentence(top):
                first = lines_block(prev, "display" if headline else "caption", prev.lines[:1])
                first.pieces = [first.text]
                out.insert(len(out) - 1, first)
                prev.lines = prev.lines[1:]
                prev.text = join_lines(prev.lines)
        prev.kind = "caption"
        prev.pieces = [prev.text]
        prev.credit, prev.photographers = b.credit, list(b.photographers)
        prev.lines = prev.lines + b.lines
    blocks[:] = out


def _tagged_headline_line(text: str) -> bool:
    """A headline's line closed by its column tag (`守护国门边境　服务开放发展（权威发布）`)."""
    tag = TAG_AT_END_RE.search(text.rstrip())
    return (
        tag is not None
        and tag.start() >= 4
        and "。" not in text
        and _column_tag_not_note(tag.group())
        and not ends_sentence(text[: tag.start()])
    )


_SHORT_OF_MEASURE = 2  # ems: a line this much shorter than the line under it is no wrapped line
_LINE_END_MARKS = "，。、；：！？…—,.;:!?"  # punct.ANY_PUNCT_RE's, a full stop, a kicker's dash


def _short_of_its_measure(line: Line, measure: float) -> bool:
    """A line that stops short of its column's measure without a mark to end on: no caption's
    wrapped first line, but a headline printed over the caption (`雄安人工智能产业园正式开园` /
    `培养应用型人才。` / `本报记者 郭远摄`)."""
    return measure > 0 and line.width < measure - _SHORT_OF_MEASURE and line.text[-1:] not in _LINE_END_MARKS


_BEGUN_LINES = 2  # most lines of one block a caption may have begun in (the extractor joined them)


def _captions_begun_above(blocks: list[Block]) -> None:
    """A credited caption's first lines, each read as a paragraph of its own where the extractor
    put a blank line after every line (`江苏省宿迁市宿豫区下相街道陆桥社区江山` / `苑小区党群微家托育园，
    小朋友在老师的陪` / `伴下做游戏。` / `徐江海摄`): lines that break off mid-phrase (each a block, or
    two in one block where the extractor joined them), right over the caption, after a sentence's
    end or anything but text, are its beginning, when a headline (or another caption) follows the
    caption, or the line right over it ends with a comma, or a caption's credit stands right over
    that line. Which captions qualify is settled on the page as read; they are then taken from the
    last, so that a caption followed by another one sees it whole."""
    placed = {
        id(cap)
        for i, cap in enumerate(blocks)
        if cap.kind == "caption"
        and (
            _before_a_headline(blocks, i + 1)
            or _comma_above(blocks, i)
            or _under_a_caption(blocks, i)
            or _only_a_sentence_end(cap)
        )
    }
    i = len(blocks)
    while i > 0:
        i -= 1
        cap = blocks[i]
        if (
            cap.kind != "caption"
            or cap.credit is None
            or not cap.pieces
            or _CAPTION_MARK_RE.match(cap.pieces[0])
            or not _one_line_of_words(cap)
            or id(cap) not in placed
        ):
            continue
        k = i
        size = len(cap.pieces[0])
        under_headline = False
        while k > 0:
            b = blocks[k - 1]
            size += len(b.text)
            if b.kind not in ("display", "body") or len(b.lines) > _BEGUN_LINES or b.lines[0].after_byline:
                break
            if min(x.width for x in b.lines) < blocks[k].lines[0].width - _SHORT_OF_MEASURE:
                # a line shorter than the one under it is no wrapped line: a headline (`太原：万人长跑
                # 助申奥`), which a caption's running text may begin right under (its subtitle not)
                under_headline = b.kind == "display" and k < i and _pause_inside(blocks[k].text)
                break
            if not all(map(_breaks_off, (x.text for x in b.lines))) or size > _CAPTION_MAX:
                break
            k -= 1
        while k < i and not (under_headline or _caption_starts_after(blocks[k - 1] if k else None)):
            k += 1  # the first line taken must follow a sentence's end, a headline or a block of another kind
        if k < i:
            head = blocks[k:i]
            cap.pieces = ["".join(b.text for b in head) + cap.pieces[0]]
            cap.text = cap.pieces[0]
            cap.lines = [x for b in head for x in b.lines] + cap.lines
            del blocks[k:i]
            i = k


_SENTENCE_END_MAX = 4  # characters: a caption's words this few are the end of a sentence begun above


def _only_a_sentence_end(cap: Block) -> bool:
    """The caption's words are a sentence's last characters alone (`口。` over `计海新摄`): no caption
    is so short, so it began on the lines above, wherever it stands."""
    return bool(cap.pieces) and len(cap.pieces[0]) <= _SENTENCE_END_MAX and ends_sentence(cap.pieces[0])


def _one_line_of_words(cap: Block) -> bool:
    """The caption prints its words on one line: over its credit, or before it on the credit's
    line (`备模型，普及国家安全知识。  徐  伟摄`)."""
    words = sum(not ends_with_credit(x.text) for x in cap.lines)
    return words == 1 or (words == 0 and len(cap.lines) == 1 and cap.pieces[0] in cap.lines[0].text)


def _under_a_caption(blocks: list[Block], i: int) -> bool:
    """One line of running text (a pause inside it) that breaks off mid-phrase stands between
    blocks[i] and a credited caption over it: a photo set's next caption begun on that line
    (`4月14日，人们在…参观国家安` / `全教育主题展。` / `辛  一 摄`). A headline under the photo set
    (`女子围棋名人战决出四强`) has no pause."""
    above = blocks[i - 1] if i >= 2 else None
    return (
        above is not None
        and blocks[i - 2].kind == "caption"
        and blocks[i - 2].credit is not None
        and len(above.lines) == 1
        and _breaks_off(above.text)
        and _pause_inside(above.text)
    )


def _pause_inside(text: str) -> bool:
    """A comma or a pause mark inside the text, before its last character: running text, where a
    headline or subtitle line mostly has none."""
    return any(mark in text[:-1] for mark in "，、") and not SUBTITLE_RE.match(text)


def _comma_above(blocks: list[Block], i: int) -> bool:
    """The paragraph right over blocks[i] ends with a comma, which no paragraph ends with: it
    breaks off into the caption, whatever follows the caption."""
    return i > 0 and blocks[i - 1].kind == "body" and blocks[i - 1].text[-1:] in ("，", "、")


def _before_a_headline(blocks: list[Block], k: int) -> bool:
    """blocks[k:] open, past captions and credits, with a headline, page furniture or the end: lines
    over the caption are not the headline of an article printed under it."""
    k = _past_captions(blocks, k)
    return k >= len(blocks) or blocks[k].kind in ("display", "furniture")


def _past_captions(blocks: list[Block], k: int) -> int:
    """The index of the first block from `k` on that is no caption or credit."""
    while k < len(blocks) and blocks[k].kind in ("caption", "credit"):
        k += 1
    return k


_CAPTION_MARK_RE = re.compile(r"^(?:图为|图[：:]|[上下左右中]图)")


def _caption_starts_after(before: Block | None) -> bool:
    return (
        before is None
        or before.kind not in ("display", "body")
        or ends_sentence(before.text, strong=False)
        or names_an_address(before.text)  # (a notice's address ends it: `选题线索来信邮箱：…@peopledaily.cn`)
    )


_TAIL_MAX = 8  # characters of a sentence's end wrapped onto a line of its own


def _line_broken_off(b: Block) -> bool:
    """One line of text (headline or body) that stops mid-phrase, not the words after a dateline
    (which share its line): the head of a sentence whose last characters the next block holds."""
    return b.kind in ("display", "body") and len(b.lines) == 1 and not b.lines[0].after_byline and _breaks_off(b.text)


def _wrapped_sentences(blocks: list[Block]) -> None:
    """A line that breaks off mid-phrase, then the few characters that end its sentence on the next
    line, with no text before or after them (`王坛镇乐龄中心食堂的工作人员在准` / `备配送的餐食。`): a
    photo's caption printed without a credit, not a headline over a body of six characters."""
    out: list[Block] = []
    for i, b in enumerate(blocks):
        head = out[-1] if out else None
        after = blocks[i + 1] if i + 1 < len(blocks) else None
        if (
            head is not None
            and _line_broken_off(head)
            and not b.lines[0].after_byline
            and b.kind == "body"
            and len(b.lines) == 1
            and len(b.text) <= _TAIL_MAX
            and ends_sentence(b.text)
            and (head.kind == "display" or len(out) < 2 or out[-2].kind != "body")
            and (after is None or after.kind != "body")
        ):
            head.kind = "caption"
            head.lines = head.lines + b.lines
            head.text = head.text + b.text
            head.pieces = [head.text]
            continue
        out.append(b)
    blocks[:] = out


_LONE_CAPTION_MAX = 40  # characters of a sentence standing alone over a headline, read as a caption
_LONE_CAPTIONS = 3  # most such sentences in a row (the captions of a photo set)


def _lone_sentence_captions(blocks: list[Block]) -> None:
    """Short sentences, each a paragraph of a line or two, at the top of a page (or under its
    header, another caption or the end of an article) and over a headline, a byline or a dateline,
    or between a headline and the byline or dateline that opens its article: too short for an
    article and under no article's text, they are the captions of photos printed without a credit.
    (Under a continuation marker it would be the end of a paragraph carried over from another
    page; right under a headline and over body text, the article's first paragraph.)"""
    i = 0
    while i < len(blocks):
        under_headline = i > 0 and blocks[i - 1].kind == "display"
        if not _lone_sentence(blocks[i]) or not (under_headline or _caption_above(blocks, i)):
            i += 1
            continue
        j = i + 1
        while j < len(blocks) and j - i < _LONE_CAPTIONS and _lone_sentence(blocks[j]):
            j += 1
        k = _past_captions(blocks, j)  # other captions of the photo set, already read
        opens = k < len(blocks) and blocks[k].kind in ("byline", "head")
        # (a quotation signed under it, `发展普惠托育…。` / `——摘自“十五五”规划建议`, is paragraphs)
        if not signs_the_sentence_above(blocks, j) and (opens or (not under_headline and _over_a_headline(blocks, j))):
            for b in blocks[i:j]:
                b.kind = "caption"
                b.pieces = [b.text]
        i = j


_CLAUSE_BROKEN_OFF_RE = re.compile(r"[，、；,;][^，、；,;。！？!?]*[\u4e00-\u9fff]$")


def captions_between_headlines(blocks: list[Block]) -> None:
    """A short sentence alone between two headline stacks (once the display groups are resolved:
    `stacks.resolve_display_groups`) is a photo's caption: under a headline printed after its
    article's body, and over the next article's headline, it is too short to be an article of its
    own. (`_lone_sentence_captions` leaves a sentence under a headline alone, since the group under
    it could still have been an intertitle.) Not under a display line that breaks off inside a
    clause (`…看书学习，孩子们也`): running text read as display lines, which the sentence ends."""
    for i in range(1, len(blocks) - 1):
        if (
            blocks[i - 1].kind != "display"
            or not _lone_sentence(blocks[i])
            or _CLAUSE_BROKEN_OFF_RE.search(blocks[i - 1].text)
        ):
            continue
        k = _past_captions(blocks, i + 1)
        if k < len(blocks) and blocks[k].kind == "display":
            blocks[i].kind = "caption"
            blocks[i].pieces = [blocks[i].text]


def _first_captions_of_photo_sets(blocks: list[Block]) -> None:
    """Short sentences, each a paragraph of a line or two, right over a credited caption that a
    headline, a byline, page furniture or the page's end follows: the captions of the set's other
    photos, printed without a credit of their own (`王启腾在养殖基地撒饵料喂鱼。` over `王启腾展示自己
    养殖的罗非鱼。 曾俊荣 摄`), when each shares a word with the credited caption (the photos of a
    set show one story; an article's last sentence over a photo says what its article says)."""
    for i in range(len(blocks) - 1, 0, -1):
        cap = blocks[i]
        if cap.kind != "caption" or cap.credit is None or not _closes_photo_set(blocks, i + 1):
            continue
        words = bigram_set(cap.pieces[0] if cap.pieces else cap.text)
        k = i
        while (
            k > 0
            and i - k < _LONE_CAPTIONS
            and _lone_sentence(blocks[k - 1])
            and words & bigram_set(_with_wrapped_head(blocks, k - 1))
        ):
            k -= 1
        for b in blocks[k:i]:
            b.kind = "caption"
            b.pieces = [b.text]


def _with_wrapped_head(blocks: list[Block], k: int) -> str:
    """The text of blocks[k], with the line above it when that line breaks off and the two are one
    short sentence (`王坛镇乐龄中心食堂的工作人` / `员在准备配送的餐食。`): the words of the whole
    caption (`_caption_tails_wrapped` joins the two once blocks[k] is a caption)."""
    if k and _wrapped_caption_head(blocks[k - 1], blocks[k].text):
        return blocks[k - 1].text + blocks[k].text
    return blocks[k].text


def _wrapped_caption_head(head: Block, piece: str) -> bool:
    return _line_broken_off(head) and len(head.text + piece) <= _LONE_CAPTION_MAX


def _caption_tails_wrapped(blocks: list[Block]) -> None:
    """A caption without a credit that is only a sentence's last few characters (`送的餐食。`) under
    one line that breaks off mid-phrase (`王坛镇乐龄中心食堂的工作人员在准备配`), after a sentence's
    end or a block of another kind: the line is the caption's beginning, whatever it was read as.
    Over another caption of its photo set, the two lines may share the sentence more evenly
    (`王坛镇乐龄中心食堂的工作人` / `员在准备配送的餐食。`)."""
    i = len(blocks)
    while i > 1:
        i -= 1
        cap, head = blocks[i], blocks[i - 1]
        piece = cap.pieces[0] if cap.pieces else cap.text
        in_set = i + 1 < len(blocks) and blocks[i + 1].kind == "caption" and _wrapped_caption_head(head, piece)
        if (
            cap.kind != "caption"
            or cap.credit is not None  # (a credited caption under a headline is the photo's under it)
            or (len(piece) > _TAIL_MAX and not in_set)
            or not ends_sentence(piece)
            or not _line_broken_off(head)
            or not _caption_starts_after(blocks[i - 2] if i >= 2 else None)
        ):
            continue
        cap.pieces = [head.text + piece]
        cap.text = head.text + cap.text
        cap.lines = head.lines + cap.lines
        del blocks[i - 1]


def _captions_run_on(blocks: list[Block]) -> None:
    """A caption without a credit that breaks off mid-word (`图为中国船政文化园一景。福建船政文化管理委`)
    over a few characters alone on a line that finish it (`员会供图`, or a sentence's end): that line
    is the caption's last, not a paragraph. So are the two or three lines, none wider than the
    caption's, that finish it with its source (`图为“新舟鸿鹄”HH—200首` / `飞场景。航空工业西飞民机供`
    / `图`), however they were read, and a source line under a caption that ended its sentence
    (`_source_line_under`)."""
    i = 0
    while i + 1 < len(blocks):
        cap = blocks[i]
        if cap.kind == "caption" and cap.credit is None and len(cap.pieces) == 1:
            taken = _caption_tail(blocks, i) if _breaks_off(cap.pieces[0]) else int(_source_line_under(blocks, i))
            if taken:
                tail = [ln for b in blocks[i + 1 : i + 1 + taken] for ln in b.lines]
                text = join_lines(tail)
                cap.pieces = [cap.pieces[0] + text]
                cap.text = cap.text + text if cap.text else cap.text
                cap.lines = cap.lines + tail
                del blocks[i + 1 : i + 1 + taken]
        i += 1


_SOURCE_TAIL_LINES = 3


def _source_line_under(blocks: list[Block], i: int) -> bool:
    """The line under the caption blocks[i], which ended its sentence, says where the picture came
    from and names no photographer (`图为“新舟鸿鹄”HH—200首飞场景。` / `航空工业西飞民机供图`): the
    caption's last line, as the corpus prints it (see `_picture_sources_to_body`)."""
    below = blocks[i + 1]
    text = "".join(below.text.split())
    return (
        below.kind in ("body", "display")
        and len(below.lines) == 1
        and len(text) <= _SOURCE_LINE_MAX
        and _PICTURE_SOURCE_RE.search(text) is not None
        and ends_sentence(blocks[i].pieces[0])
    )


_SOURCE_LINE_MAX = 24  # characters: an institution's name and 供图


def _caption_tail(blocks: list[Block], i: int) -> int:
    """How many blocks after the caption blocks[i] finish it (see `_captions_run_on`); 0: none."""
    tail = blocks[i + 1]
    one_line = tail.kind == "body" and len(tail.lines) == 1 and len(tail.text) <= _TAIL_MAX
    if one_line and (ends_sentence(tail.text) or tail.text.endswith(PICTURE_SOURCE_ENDS)):
        return 1
    width = blocks[i].lines[-1].width + 0.5
    lines: list[Line] = []
    for k in range(i + 1, len(blocks)):
        b = blocks[k]
        lines += b.lines
        if (
            b.kind not in ("body", "display")
            or len(lines) > _SOURCE_TAIL_LINES
            or any(ln.width > width for ln in b.lines)
        ):
            return 0
        if len(lines) >= 2 and join_lines(lines).endswith(PICTURE_SOURCE_ENDS):
            return k - i
    return 0


def _closes_photo_set(blocks: list[Block], k: int) -> bool:
    """blocks[k:] open, past captions and credits, with what no article's body runs on into: a
    headline, a byline or dateline, page furniture, or nothing."""
    k = _past_captions(blocks, k)
    return k >= len(blocks) or blocks[k].kind in ("display", "furniture", "byline", "head")


def _lone_sentence(b: Block) -> bool:
    t = b.text
    return (
        b.kind == "body"
        and len(b.lines) <= 2
        and not b.lines[0].after_byline
        and len(t) <= _LONE_CAPTION_MAX
        and ends_sentence(t)
        and not t.endswith(("？", "?", "！", "!"))
        and len(SENTENCE_MARK_RE.findall(t)) == 1
    )


def _caption_above(blocks: list[Block], i: int) -> bool:
    """What a caption printed apart from its article can follow: nothing (the top of the page),
    page furniture but a continuation marker, another caption or credit, the note in brackets that
    ends an article (`（作者单位：…）`, `（新华社…电）`), or a byline printed after a body (which ends
    it)."""
    before = blocks[i - 1] if i else None
    if before is None or before.kind in ("caption", "credit"):
        return True
    if before.kind == "furniture":
        return (
            before.furniture is not None and before.furniture.kind != "marker" and not _broken_off_above(blocks, i - 1)
        )
    if before.kind == "byline":
        return i >= 2 and blocks[i - 2].kind == "body"
    return before.kind == "body" and closing_note(before.text)


def _broken_off_above(blocks: list[Block], k: int) -> bool:
    """Body text that breaks off mid-sentence stands right above the furniture blocks[k] (and any
    furniture above it): a page's foot or head printed inside a paragraph that goes on under it
    (`…提升农村基本养老服务能` / `第 72 页` / `力，构筑…`)."""
    while k >= 0 and blocks[k].kind == "furniture":
        k -= 1
    return k >= 0 and blocks[k].kind == "body" and not ends_sentence(blocks[k].text, strong=False)


def _over_a_headline(blocks: list[Block], k: int) -> bool:
    """blocks[k:] open with a headline over its article (past captions): display lines, then a
    byline, a dateline or body text."""
    k = _past_captions(blocks, k)
    if k >= len(blocks) or blocks[k].kind != "display":
        return False
    while k < len(blocks) and blocks[k].kind in ("display", "furniture"):
        k += 1
    return k < len(blocks) and blocks[k].kind in ("body", "byline", "head")


_NARROW_HEADLINE_MAX = 64  # characters: a headline with a long column tag wrapped in a narrow box
_NARROW_SHARE = 0.7  # … set at most this share of the width of the body next to it
_NARROW_REACH = 3  # blocks either side looked at for that body


def _unstopped_lines(b: Block) -> bool:
    """A body paragraph of two or more lines, no longer than a long headline, with no full stop
    anywhere and no sentence end but a question's or an exclamation's, not opening with a bracket
    and not a letter's closing date: shaped like a headline wrapped over lines."""
    t = b.text
    return (
        b.kind == "body"
        and len(b.lines) >= 2
        and len(t) <= _NARROW_HEADLINE_MAX
        and not b.lines[0].after_byline
        and "。" not in t
        and "；" not in t
        and not (ends_sentence(t, strong=True) and t[-1] not in "？！?!")
        and t[0] not in "（("
        and not letter_end(t)
    )


def _narrow_headlines(blocks: list[Block]) -> None:
    """A headline wrapped over lines of a box narrower than the body next to it (`以人民城市理念引` /
    `领人民城市建设（` / … / `选》第一卷专家谈）`) reads as a paragraph; no full stop anywhere,
    no sentence end but a question's or an exclamation's, and a column much wider beside it make it
    one headline line."""
    for i, b in enumerate(blocks):
        if not _unstopped_lines(b) or b.text[0] == "“":
            continue
        near = blocks[max(0, i - _NARROW_REACH) : i] + blocks[i + 1 : i + 1 + _NARROW_REACH]
        widest = max((x.width for x in near if x.kind == "body" and len(x.lines) >= 3), default=0.0)
        if b.width <= _NARROW_SHARE * widest:
            b.kind = "display"


# what no headline holds: a note's words (`…校长）（本文由…编辑）`), or Latin letters and signs, as
# OCR makes of a masthead's picture (`R电尼2#足#记R2222…`)
_NOTE_IN_HEADLINE_RE = re.compile(r"作者|本文|编辑[）)]")
_LATIN_OR_SIGN_RE = re.compile(r"[A-Za-z#@&*]")


def _headlines_over_datelines(blocks: list[Block]) -> None:
    """A paragraph of a few lines with no stop anywhere (a question or an exclamation may end it),
    right over a dateline or a byline: a headline wrapped in a narrow column (`“家国情，每个人心中的`
    / `乡”主题感读暨《乡愈》` / … / `办`), not the end of a body, which a stop ends."""
    for i, b in enumerate(blocks[:-1]):
        if (
            blocks[i + 1].kind in _UNDER_HEADLINE_KINDS
            and _unstopped_lines(b)
            and len(b.lines) <= _STACK_MAX_LINES
            and _headline_words(b.text)
        ):
            b.kind = "display"
    i = 0
    while i + 1 < len(blocks):
        b = blocks[i]
        k = _headline_under_last_sentence(b) if blocks[i + 1].kind in _UNDER_HEADLINE_KINDS else 0
        if k:
            _cut(blocks, i, k, "body", "display")
        i += 1


_UNDER_HEADLINE_KINDS = ("head", "byline")


def _headline_words(text: str) -> bool:
    """No bracket left open, no author's or editor's note, few Latin letters or signs: words a
    headline may hold."""
    return (
        open_brackets(text) == 0
        and _NOTE_IN_HEADLINE_RE.search(text) is None
        and len(_LATIN_OR_SIGN_RE.findall(text)) <= 2
    )


def _headline_under_last_sentence(b: Block) -> int:
    """Where the headline run on into a body paragraph begins: the paragraph's last lines, after
    the line that ends its last sentence, with no mark that ends a sentence among them (but a
    question's or an exclamation's at their end) and none that breaks off a clause at their end
    (`…挺膺担当的青春篇章！` / `吉林出台方案培育壮大冰雪装备器材产业` over `本报长春7月2日电…`). 0: none."""
    if b.kind != "body" or len(b.lines) < 2:
        return 0
    k = next((j + 1 for j in range(len(b.lines) - 2, -1, -1) if ends_sentence(b.lines[j].text)), 0)
    tail = b.lines[k:]
    if not k or len(tail) > _STACK_MAX_LINES:
        return 0
    t = join_lines(tail)
    stopped = ends_sentence(t, strong=True) and t[-1] not in "？！?!"
    return (
        k
        if (
            len(t) <= _NARROW_HEADLINE_MAX
            and not stopped
            and not any(mark in t for mark in "。；;")
            and t[-1] not in "，、,"
            and t[0] not in "（("
            and _headline_words(t)
        )
        else 0
    )


_DRAWN_BY_RE = re.compile(r"[\u4e00-\u9fff]{2,3}绘(?:[（(][^（）()]{2,12}[）)])?")  # a cartoon's `徐骏绘（新华社发）`
# a photo set's source, no photographer named (`以上图片均为人民日报数字传播有限公司提供`)
_SET_SOURCE_RE = re.compile(
    rf"^(?:以上|本版|上述)?(?:图片|照片)均(?:为|由).{{2,40}}(?:{'|'.join(PICTURE_SOURCE_ENDS)})$"
)
_PICTURE_SOURCE_RE = re.compile(r"(?:供图|图片提供|资料室提供|资料图片|供稿|制图)(?:[（(][^（）()]{2,12}[）)])?$")


_SECTION_LABEL_RE = re.compile(r"^(?:【[^【】]{1,8}】|编者按[：:]|编后语?[：:]|(?:引\s*言|导\s*语|前\s*言)\s*$)")


def _section_labels_to_body(blocks: list[Block]) -> None:
    """A line that opens with a label in black brackets (`【关键词】“温暖1厘米”`, `【事件】…`, `【镜头】…`)
    or an editor's note (`编者按：今年7月3日是李克强同志`), or an introduction's label alone (`引言`,
    `导语`: the body's first paragraph in the corpus), is a section of the body, never a
    headline's line, however short; where its sentence goes on in the body paragraph under it
    (`【案情】黄先生…种植花` / `木，搭建…`), it is that paragraph's first line. Headline lines read
    with it (an institution's byline over the note) stay apart."""
    i = 0
    while i < len(blocks):
        b = blocks[i]
        k = _first_label_line(b) if b.kind == "display" else None
        if k is not None:
            if k:
                _cut(blocks, i, k, "display", "body")
                i += 1
                b = blocks[i]
            label = _SECTION_LABEL_RE.match(b.text.lstrip())
            assert label is not None
            b.kind = "body"
            if b.text.strip() != label.group(0) and not ends_sentence(b.text, strong=False):
                _join_paragraph_under(blocks, i)  # (not a label alone, `【点评】`)
        i += 1


def _join_paragraph_under(blocks: list[Block], i: int) -> None:
    """blocks[i], whose sentence goes on, is the first line of the body paragraph under it."""
    nxt = blocks[i + 1] if i + 1 < len(blocks) else None
    if nxt is not None and nxt.kind == "body":
        blocks[i : i + 2] = [lines_block(nxt, "body", blocks[i].lines + nxt.lines)]


def _semicolon_lines_to_body(blocks: list[Block]) -> None:
    """A headline-like line holding a semicolon or an ellipsis is running text (no kicker,
    headline or subtitle of the corpus holds one): body, and where its sentence goes on in the
    paragraph under it (`提笔忘字，话到嘴边却失语；转身就忘事，眼` / `镜戴着却要到处找……`), that
    paragraph's first line."""
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b.kind == "display" and _CLAUSE_BREAK_RE.search(b.text):
            b.kind = "body"
            if _BROKEN_OFF_RE.search(b.text) is not None:  # (not an intertitle's `——`)
                _join_paragraph_under(blocks, i)
        i += 1


_BROKEN_OFF_RE = re.compile(r"[\u4e00-\u9fff，、]$")
_CLAUSE_BREAK_RE = re.compile(r"[；;…]")


def _first_label_line(b: Block) -> int | None:
    return next((k for k, ln in enumerate(b.lines) if _SECTION_LABEL_RE.match(ln.text.lstrip())), None)


def _colon_lines_under_headlines_to_body(blocks: list[Block]) -> None:
    """A line ending with a colon under a headline line and over body text opens the body (a
    speech's `青年朋友们，同学们，同志们：`): no headline or subtitle ends with a colon, and a
    kicker that does (`浙江诸暨公安：`) stands over its headline, not under one. (Under a line of
    running text, the colon ends that text's sentence: nothing is parted. A salutation standing
    alone is found by its words, `_SALUTATION_RE` in `stacks.resolve_display_groups`.)"""
    i = 1
    while i + 1 < len(blocks):
        b = blocks[i]
        if b.kind == "display" and blocks[i + 1].kind == "body" and b.lines[-1].text.rstrip().endswith(("：", ":")):
            k = len(b.lines) - 1
            while k > 0 and b.lines[k - 1].text.rstrip().endswith(("，", "、", ",")):
                k -= 1  # the salutation's lines before (`青年朋友们，同学们，` / `同志们：`)
            above = b.lines[k - 1].text.rstrip() if k > 0 else ""
            if above and (above.endswith(("）", ")")) or not _CLAUSE_MARK_RE.search(above)):
                _cut(blocks, i, k, "display", "body")
            elif blocks[i - 1].kind == "display":
                b.kind = "body"
        i += 1


_CLAUSE_MARK_RE = re.compile(r"[，、；。：,;:]")


def _lines_over_turn_markers(blocks: list[Block]) -> None:
    """Headline-like lines between body text and the marker that turns it to another page
    (`欧盟——` / `严控用户年龄权限` / `（下转第一版）`) are the body's: an intertitle where the page cut
    the article. A headline printed after its body stands under the marker, not over it."""
    for i, b in enumerate(blocks):
        marker = b.furniture.fields.get("marker") if b.kind == "furniture" and b.furniture is not None else None
        if not isinstance(marker, str) or "下转" not in marker:
            continue
        k = i
        while k > 0 and blocks[k - 1].kind == "display":
            k -= 1
        if k < i and k > 0 and blocks[k - 1].kind == "body":
            for x in blocks[k:i]:
                x.kind = "body"


def _picture_sources_to_body(blocks: list[Block]) -> None:
    """Where a picture came from, without a photographer (`中国人民抗日战争纪念馆供图`, `《解放军画报》
    资料室提供`, a photo set's `以上图片均为人民日报数字传播有限公司提供`), or who drew it
    (`徐骏绘（新华社发）`): never a headline line. The generators' gold keeps such a line in the
    text, as the corpus prints it, so it goes to the body (not to a caption's credit)."""
    for b in blocks:
        t = "".join(b.text.split()) if b.kind == "display" else ""
        if t and (_PICTURE_SOURCE_RE.search(t) or _DRAWN_BY_RE.fullmatch(t) or _SET_SOURCE_RE.match(t)):
            b.kind = "body"


_CONTINUATION_MAX = 40  # characters: the longest text taken as a headline's continuation


def _headline_continuations(blocks: list[Block]) -> None:
    """A short text that opens a bracket and the short paragraphs after it that close it (a column
    tag wrapped by the headline's width: `护企安心发展（金` / `台锐评）`) are lines of one headline:
    a paragraph of running text never ends inside brackets."""
    i = 0
    while i < len(blocks):
        head = blocks[i]
        if (
            head.kind not in ("display", "body")
            or not _short_unstopped(head)
            or open_brackets(head.text) <= 0
            or head.text[0] in "（("  # a note in brackets (（作者为…）) wrapped over lines, not a headline
        ):
            i += 1
            continue
        unclosed = open_brackets(head.text)
        j = i + 1
        while unclosed > 0 and j < len(blocks) and j - i <= 3:
            b = blocks[j]
            if b.kind not in ("display", "body") or not _short_unstopped(b):
                break
            unclosed += open_brackets(b.text)
            j += 1
        if unclosed == 0 and blocks[j - 1].text[-1] in "）)":
            for b in blocks[i:j]:
                b.kind = "display"
            i = j
        else:
            i += 1


def _short_unstopped(b: Block) -> bool:
    return len(b.lines) <= 3 and len(b.text) <= _CONTINUATION_MAX and "。" not in b.text and not b.lines[0].after_byline


_FRAGMENT_MAX = 36  # characters: the longest short paragraph taken as a piece of a headline stack
_PAREN_NOTE_RE = re.compile(r"^[（(][^（）()]*[）)]$")


def _headline_piece(b: Block) -> bool:
    """A short paragraph shaped like a wrapped headline line: no full stop anywhere, no sentence
    end (a question or exclamation aside), ending with anything else — a comma inside a column tag,
    a closing bracket or quote, a character."""
    t = b.text
    limit = _TAG_MAX if _PAREN_NOTE_RE.match(t) else _FRAGMENT_MAX  # a column tag may run longer
    if b.kind != "body" or len(b.lines) > 2 or len(t) > limit or b.lines[0].after_byline:
        return False
    if "。" in t or "；" in t or t[-1] in "、" or letter_end(t) or names_an_address(t):
        return False
    return not ends_sentence(t, strong=True) or t[-1] in "？！?!"


def _wrapped_at_a_comma(b: Block) -> bool:
    """A headline's line broken after an enumeration comma (`保护好、传承好、`): one short line of
    phrases ending in `、` or `，`, with no stop inside."""
    t = "".join(b.text.split())
    return (
        b.kind == "body"
        and len(b.lines) == 1
        and not b.lines[0].after_byline
        and len(t) <= _FRAGMENT_MAX
        and t[-1] in "、，"
        and SENTENCE_MARK_RE.search(t) is None
    )


_NOTE_WORDS_RE = re.compile(r"作者|执笔|本文|编者|记者|通讯员|供稿|整理|来源|[：:]|摄$|摄[）)]$")
_TAG_MAX = 48  # characters: the longest column tag (`（深入学习贯彻…第一卷专家谈）`: 42)


def _column_tag_alone(text: str) -> bool:
    """`text` is a column tag on a line of its own (`（经济时评）`), not a closing note."""
    return _PAREN_NOTE_RE.match(text) is not None and _column_tag_not_note(text)


def _column_tag_not_note(text: str) -> bool:
    """A bracketed line under a headline that is its column tag (`（干部状态新观察·为基层减负赋能）`),
    not a note that ends a body (`（作者为…）`, `（执笔：…）`, `（本文由…编辑）`)."""
    return len(text) <= _TAG_MAX and _NOTE_WORDS_RE.search(text) is None


def _stack_lines_run_into_body(blocks: list[Block]) -> None:
    """A paragraph's last line after a line ending a sentence, with no blank lines on the page to
    part them, that is a headline's line run on into the body: it ends in a comma (which no
    paragraph ends with) over a headline line (`…代代相传。”程星说。` / `新修订的…“内卷式”竞争、` /
    `网络不正当竞争行为等新问题——`), or it has no full stop and a column tag stands alone under it
    (`…走向产业化。` / `国产家电能否进入高端市场？` / `（中国消费向新而行·稳外贸扩消费）`). That last
    line goes to the headline stack (with the tag). So do a paragraph's last two lines when the
    last is a column tag alone and the one before it the headline it closes (`…走向产业化。` /
    `买新能源车，看“价格”更看“价值”` / `（经济时评）`, a byline under them), or when the one before
    the comma's line is a kicker's phrase opening the paragraph (`推动保护创新  强化科技赋能` /
    `保护好、传承好、` over `弘扬好长江文化`, under the page's header)."""
    i = 0
    while i < len(blocks):
        b = blocks[i]
        tag = b.lines[-1].text.strip() if b.kind == "body" and len(b.lines) >= 3 else ""
        if tag and _headline_run_in(b.lines[:-1], "body", tag):
            # the tag parted from its paragraph first: the pass below then takes the headline
            _cut(blocks, i, len(b.lines) - 1, "body", "display")
        i += 1
    i = 0
    while i < len(blocks):
        b = blocks[i]
        run_in = _tagged_headline_run_in(b.lines) if b.kind == "body" else 0
        if run_in:
            _cut(blocks, i, len(b.lines) - run_in, "body", "display")
        elif b.kind == "body" and _tagged_headline_over(b):
            _cut(blocks, i, 1, "display", "body")
        elif b.kind == "body" and _stack_opens(b):
            _cut(blocks, i, 2, "display", "body")
        i += 1
    i = 0
    while i + 1 < len(blocks):
        b, nxt = blocks[i], blocks[i + 1]
        if b.kind == "body" and _headline_run_in(b.lines, nxt.kind, nxt.text):
            cut = len(b.lines) - 1
            if _kicker_run_in(b.lines[:cut]):
                cut -= 1  # the kicker over that headline (`江苏淮安市…等问题` / `惠民…？` / `（…）`)
            head = lines_block(b, "display", b.lines[cut:])
            blocks[i : i + 1] = [lines_block(b, "body", b.lines[:cut]), head] if cut else [head]
            nxt.kind = "display"
        i += 1


def _tagged_headline_run_in(lines: list[Line]) -> int:
    """How many of a body paragraph's last `lines` are a headline stack run on into the body where
    every line has a blank line after it: a whole headline closed by its column tag, after a line
    ending a sentence (`…一路笑意盈盈……` / `持续深化传统产业绿色转型（专题深思）`), or after its
    kicker, a line with no mark that ends a sentence, under such a line (`…推动城乡融合发展。` /
    `40条公交专线累计运送菜农30万人次、农产品1400余吨` / `坐上惠农公交专线去卖菜（暖相册）`). No
    paragraph's last line is such a headline. 0 when there is none."""
    if len(lines) < 2:
        return 0
    last = lines[-1].text.strip()
    if (
        len(last) > _FRAGMENT_MAX
        or not _tagged_headline_line(last)
        or names_an_address(last)  # (`本版邮箱：…（来稿请注明栏目名）`: a notice)
    ):
        return 0
    if ends_sentence(lines[-2].text):
        return 1
    kicker = lines[-2].text.strip()
    if (
        len(lines) >= 3
        and ends_sentence(lines[-3].text)
        and len(kicker) <= _FRAGMENT_MAX
        and SENTENCE_MARK_RE.search(kicker) is None
        and kicker[-1:] not in ("，", "、", ",")
        and not any(c in kicker for c in "（）()“”")
    ):
        return 2
    return 0


_FIRST_LINE_SHORT = 2.5  # ems short of the column: more than a first line's indent


def _stack_opens(b: Block) -> bool:
    """A body paragraph opens with a kicker's lead-in alone on its line (`重庆市大渡口区人大常委会——`)
    and a phrase with no mark at all under it (`把民情联络点建在产业链上`), run on into the text
    under them where every line has a blank line after it, set off the column's measure: a headline
    stack, not the paragraph's first lines."""
    first = b.lines[0].text.rstrip()
    if len(b.lines) < 3 or not first.endswith("—") or not _kicker_end_alone(first):
        return False  # (a colon's lead-in opens running text as well: `记者从民政部获悉：`)
    head = b.lines[1]
    # and the two lines are not the column's: the lead-in runs past it, or the phrase stops well short
    off_the_column = b.width > 0 and (b.lines[0].width > b.width + 0.5 or head.width < b.width - _FIRST_LINE_SHORT)
    return off_the_column and not head.justified and _bare_phrase(head.text.strip())


def _tagged_headline_over(b: Block) -> bool:
    """The first of a body paragraph's lines is a whole headline closed by its column tag, and too
    short to be the first line of a paragraph that goes on under it (`老当救火队长不行（思想纵横）` /
    `明者防祸于未萌，智者图患于将来。` / `日前，…`): the headline over the body, not its text."""
    first = b.lines[0]
    text = first.text.strip()
    return (
        len(b.lines) >= 2
        and b.width > 0
        and first.width < b.width - _FIRST_LINE_SHORT
        and len(text) <= _FRAGMENT_MAX
        and _tagged_headline_line(text)
        and not names_an_address(text)
    )


def _kicker_run_in(lines: list[Line]) -> bool:
    """The last of a paragraph's `lines`, over a headline run on into it, is that headline's kicker:
    one phrase with no punctuation at all (no paragraph ends so), first or after a line ending a
    sentence."""
    if not lines:
        return False
    return _bare_phrase(lines[-1].text.strip()) and (len(lines) == 1 or ends_sentence(lines[-2].text))


def _bare_phrase(text: str) -> bool:
    """A short phrase with no punctuation at all and no bracket (not a note's first line,
    `（作者为…`, nor a name explained in brackets): a kicker's or headline's, no paragraph's."""
    return (
        len(text) <= _FRAGMENT_MAX
        and _CLAUSE_MARK_RE.search(text) is None
        and SENTENCE_MARK_RE.search(text) is None
        and not any(c in text for c in "（）()")
    )


def _headline_run_in(lines: list[Line], below_kind: str, below: str) -> bool:
    """The last of a body paragraph's `lines` is a headline's line run on into it, over the block
    `below` (see `_stack_lines_run_into_body`)."""
    if len(lines) < 2:
        return False
    last = lines[-1].text.rstrip()
    over_head = below_kind == "display" and (last[-1:] in ("、", "，") or _kicker_end_alone(last))
    over_tag = below_kind in ("body", "display") and _column_tag_alone(below) and "。" not in last
    return (
        (over_head or over_tag)
        and (ends_sentence(lines[-2].text) or closing_note(lines[-2].text) or _kicker_run_in(lines[:-1]))
        and len(last) <= _FRAGMENT_MAX
    )


_KICKER_LEAD_MAX = 20  # characters of a kicker's lead-in line (`内蒙古乌海：`, `重庆市大渡口区人大常委会——`)


def _kicker_end_alone(text: str) -> bool:
    """A short line of names ending as a kicker does, with a colon or a dash, and no other mark:
    no paragraph of running text ends so right over a headline line."""
    t = "".join(text.split())
    core = t.rstrip("：:—")
    return t != core and 2 <= len(core) <= _KICKER_LEAD_MAX and all("\u4e00" <= ch <= "\u9fff" for ch in core)


_STACK_MAX_LINES = 4


def _stacks_over_column_tags(blocks: list[Block]) -> None:
    """A paragraph of a few lines with no stop anywhere, over the opening of a column tag
    (`新修订的…“内卷式”` / `竞争、网络…新问题——` / `保护公平竞争   激发市场活力` / `（坚持和完善人民代表大会制`):
    a kicker and headline read as one paragraph (too long for the column to pass as a headline
    line), whose tag follows: one display block per line, for the stack to sort out."""
    i = 0
    while i + 1 < len(blocks):
        b, nxt = blocks[i], blocks[i + 1]
        t = "".join(b.text.split())
        if (
            b.kind == "body"
            and 2 <= len(b.lines) <= _STACK_MAX_LINES
            and not b.lines[0].after_byline
            and nxt.kind == "display"
            and nxt.text[:1] in "（("
            and _NOTE_WORDS_RE.search(nxt.text) is None
            and SENTENCE_MARK_RE.search(t) is None
            and t[-1:] not in "，、；：,;:"
        ):
            parts = [lines_block(b, "display", [line]) for line in b.lines]
            blocks[i : i + 1] = parts
            i += len(parts)
            continue
        if _question_over_its_tag(blocks, i):
            # `业主私搭“花园”，` / `物业有权清理吗？` / `（以案说法）`: a headline asking, its tag alone
            b.kind = nxt.kind = "display"
        i += 1


def _question_over_its_tag(blocks: list[Block], i: int) -> bool:
    """blocks[i] is a two-line headline that asks or exclaims (its only stop is its last mark) over
    its column tag alone, and opens a run (nothing above it reads on into it)."""
    b, nxt = blocks[i], blocks[i + 1]
    if b.kind != "body" or len(b.lines) != 2 or nxt.text[:1] not in "（(" or b.text.rstrip()[-1:] not in "？！?!":
        return False
    t = "".join(b.text.split())
    return (
        not b.lines[0].after_byline
        and nxt.kind in ("body", "display")
        and _column_tag_alone(nxt.text.strip())
        and len(t) <= _FRAGMENT_MAX
        and SENTENCE_MARK_RE.search(t[:-1]) is None
        and _opens_after(blocks[i - 1] if i else None)
    )


def _opens_after(above: Block | None) -> bool:
    """Text under `above` starts afresh: nothing, a block of another kind, or body text that ends
    its sentence or closes with a note, is over it."""
    return above is None or above.kind != "body" or ends_sentence(above.text) or closing_note(above.text)


def _headline_fragments(blocks: list[Block]) -> None:
    """Short headline-shaped paragraphs next to a headline line belong to its stack (a headline or
    kicker wrapped at a comma inside it, a column tag on a line of its own)."""
    changed = True
    while changed:
        changed = False
        for i, b in enumerate(blocks):
            before = i > 0 and blocks[i - 1].kind == "display"
            after = i + 1 < len(blocks) and blocks[i + 1].kind == "display"
            opens = _opens_after(blocks[i - 1] if i else None)
            if after and (before or opens) and _wrapped_at_a_comma(b):
                # `推动保护创新  强化科技赋能` / `保护好、传承好、` / `弘扬好长江文化`, or first in the stack,
                # under the last sentence of the article before (`欧盟、澳大利亚、` / `巴西探索…——`)
                b.kind = "display"
                changed = True
                continue
            if not _headline_piece(b):
                continue
            if NOTE_OPEN_RE.match(b.text) or (
                _PAREN_NOTE_RE.match(b.text) and not (before and _column_tag_not_note(b.text))
            ):
                continue  # a note in brackets (（作者为…）) ends a body; a column tag follows its headline
            if before or after:
                b.kind = "display"
                changed = True


def _runs(tokens: list[Token]) -> tuple[list[list[Line]], list[Block | int]]:
    """Consecutive text lines → runs; the page layout as recognised blocks and run indices. The body
    words after a dateline head start a run of their own. A run goes on over a page's running
    header or footer printed inside one of its paragraphs (see `_runs_on_over`), which then comes
    after the run."""
    runs: list[list[Line]] = []
    layout: list[Block | int] = []
    held: list[Block] = []  # running heads or feet under the run's last line, the run perhaps going on
    inside: list[Block] = []  # the ones the run went on over

    def close() -> None:
        layout.extend(inside + held)
        inside.clear()
        held.clear()

    for tok in tokens:
        if tok.kind == "text":
            assert tok.line is not None
            if held and _runs_on_over(runs[cast(int, layout[-1])][-1], tok.line):
                inside.extend(held)
                held.clear()
                runs[cast(int, layout[-1])].append(tok.line)
            elif not held and layout and isinstance(layout[-1], int) and not tok.line.after_byline:
                runs[layout[-1]].append(tok.line)
            else:
                if held or inside:
                    close()
                runs.append([tok.line])
                layout.append(len(runs) - 1)
        else:
            assert tok.block is not None
            furniture = tok.block.furniture
            if (
                furniture is not None
                and furniture.kind in ("header", "footer")
                and layout
                and isinstance(layout[-1], int)
            ):
                held.append(tok.block)
            else:
                if held or inside:
                    close()
                layout.append(tok.block)
    close()
    return runs, layout


def _runs_on_over(above: Line, line: Line) -> bool:
    """Whether `line`, under a page's running header or footer, goes on with the paragraph whose line
    `above` was over it (a page break in a compilation, a column break): that line is letter-spaced
    to the column's width, which a paragraph's last line never is, and `line` opens no paragraph of
    its own (no indent)."""
    return above.justified and not ends_sentence(above.text) and line.lead == 0 and not line.after_byline


def _large_type(lines: list[Line]) -> bool:
    return all(ln.hint is not None and ln.hint.size >= LARGE_TYPE for ln in lines)


def _paragraph_blocks(para: Para) -> list[Block]:
    """A paragraph → one body block, one display block, or one display block per printed line (a
    headline stack read as one paragraph)."""
    text = join_lines(para.lines)
    if not text:
        return []
    notice = next((k for k, x in enumerate(para.lines[:-1]) if names_an_address(x.text)), None)
    if notice is not None:  # a notice's address ends it: what follows is read apart (`…@peopledaily.cn` / headline)
        head, rest = para.lines[: notice + 1], para.lines[notice + 1 :]
        return _paragraph_blocks(replace(para, lines=head)) + _paragraph_blocks(replace(para, lines=rest))
    display = not para.lines[0].after_byline and (
        _large_type(para.lines) or is_display(para.lines, text, para.wide, para.width)
    )
    if display and len(para.lines) > 1 and writing_body(para.lines[-1].text) is not None:
        # the institution that wrote the article, under a stack line it was read with
        # (`——民建中央开展二〇二五年度重点考察调研` / `中共中央党史和文献研究院`): a line of its own
        *above, last = para.lines
        parts = [(above, join_lines(above), True), ([last], join_lines([last]), True)]
    elif not display and stack_over_a_sentence(para.lines):
        # a headline and subtitle printed after their body, and the caption or paragraph under them
        *stack, last = para.lines
        parts = [*(([x], join_lines([x]), True) for x in stack), ([last], join_lines([last]), False)]
    elif display or not headline_stack(para.lines, para.width):
        parts = [(para.lines, text, display)]
    else:
        parts = [([x], join_lines([x]), True) for x in para.lines]
    out = []
    for plines, ptext, disp in parts:
        blk = Block(
            "display" if disp and not names_an_address(ptext) else "body",
            plines,
            text=ptext,
            seg=para.seg,
            width=para.width,
            wide=para.wide,
            mode=para.mode,
        )
        blk.pieces = [x.text for x in plines]
        out.append(blk)
    return out
