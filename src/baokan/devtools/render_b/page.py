"""One page: stories laid out in blocks of printed lines, with the gold that describes them.

A page is a list of `Block`s in the order an extractor emits them (page head, then each article's
headline stack, byline, body — or the body first and the headline after it —, captions placed
elsewhere on the page, notes, continuation markers and the page foot). `extract.py` turns the
blocks into text the way one extractor does; the gold is built here from the very strings printed.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass
from typing import Any

from baokan.devtools.render_b.corpus import Byline, Caption, Dateline, Story
from baokan.devtools.render_b.furniture import continuation, pad_name, page_head, source_line
from baokan.devtools.render_b.layout import letter_space, text_width, wrap, wrap_headline
from baokan.devtools.render_b.norm import norm_headline_line

__all__ = ["VARIANTS", "Block", "PageStyle", "compose_page"]

VARIANTS = ("pdftotext", "pdfminer", "pymupdf", "seedlike")
PAPER = "人民日报"


@dataclass
class Block:
    kind: str  # furniture | kicker | title | subtitle | byline | body | caption | note | marker
    lines: list[str]
    splittable: bool = False  # pdftotext prints runs of wide spaces as separate lines
    fragment: tuple[str, str] | None = None  # (text, kind) when the block is a page fragment


@dataclass
class PageStyle:
    variant: str
    compilation: bool  # the 2025 compilation's look: source line per article, "第 N 页" footer
    indent: str  # what is left of the paragraph indent: "", "　　" or spaces
    spread: bool  # lines short of the column are letter-spaced (justified)
    kinsoku: bool  # no closing punctuation at the start of a line
    head_after: float  # probability that an article's headline stack follows its body
    para_gap: bool  # a blank line between paragraphs
    intertitle_gap: bool  # blank lines around intertitles
    fullwidth_digits: bool

    @classmethod
    def draw(cls, rng: random.Random, variant: str | None = None) -> PageStyle:
        variant = variant or rng.choice(VARIANTS)
        compilation = variant in ("pdftotext", "pymupdf", "pdfminer") and rng.random() < 0.3
        return cls(
            variant=variant,
            compilation=compilation,
            indent=rng.choice(["", "", "", "　　", "  "]) if variant != "seedlike" else "",
            spread=variant == "seedlike" or rng.random() < 0.2,
            kinsoku=rng.random() < 0.6,
            head_after=rng.choice([0.0, 0.0, 0.1, 0.5, 0.9]) if not compilation else 0.0,
            para_gap=rng.random() < 0.12,
            intertitle_gap=rng.random() < 0.35,
            fullwidth_digits=rng.random() < 0.1,
        )


_FW_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
_GAP_RE = re.compile(r"\s+")


def _digits(text: str, style: PageStyle) -> str:
    return text.translate(_FW_DIGITS) if style.fullwidth_digits else text


def _body_lines(paras: list[str], intertitles: set[int], style: PageStyle, width: int, rng: random.Random) -> list[str]:
    out: list[str] = []
    for i, para in enumerate(paras):
        if i in intertitles:
            lines = wrap(para, width, kinsoku=style.kinsoku)
            if style.intertitle_gap and out:
                out.append("")
            lead = ""
            if style.variant != "pymupdf" and rng.random() < 0.4:
                lead = " " * max(0, int(width - text_width(lines[0])) // 2 * 2)
            out.extend([lead + ln if k == 0 else ln for k, ln in enumerate(lines)])
            if style.intertitle_gap:
                out.append("")
            continue
        lines = wrap(para, width, first_width=width - 2, kinsoku=style.kinsoku)
        for k, ln in enumerate(lines):
            cap = width - 2 if k == 0 else width
            last = k == len(lines) - 1
            if (style.spread and not last and text_width(ln) <= cap - 1) or (
                style.variant == "seedlike" and not last and rng.random() < 0.02
            ):
                ln = letter_space(ln)
            if k == 0:
                ln = style.indent + ln
            out.append(_digits(ln, style))
        if style.para_gap and i + 1 < len(paras):
            out.append("")
    return out


def _printed_names(names: list[str], sep: str, rng: random.Random) -> str:
    padded = rng.random() < 0.6
    shown = [pad_name(n) if padded else n for n in names]
    if sep == "、":
        return "、".join(shown)
    return rng.choice(["  ", "  ", " ", "　"]).join(shown)


def _dateline_text(dl: Dateline, rng: random.Random) -> str:
    s = dl.text + rng.choice(["", " ", "  ", "  ", "　"])
    if dl.names:
        role = (dl.role_word or "") + (rng.choice(["", " "]) if dl.role_word else "")
        names = _printed_names(dl.names, dl.sep, rng) if rng.random() < 0.5 else dl.sep.join(dl.names)
        if dl.sep != "、" and rng.random() < 0.5:
            names = " ".join(dl.names)
        s += f"（{role}{names}）" + rng.choice(["", " ", "  ", "　"])
    else:
        s += rng.choice(["", " "])
    return s


def _byline_lines(bl: Byline, rng: random.Random) -> list[str]:
    if bl.collective is not None:
        return [bl.collective]
    names = _printed_names(bl.names, bl.sep, rng)
    if bl.role_word:
        sep = rng.choice(["  ", "  ", " ", "　"])
        if len(bl.names) == 1 and rng.random() < 0.1:
            sep = ""
        text = bl.role_word + sep + names
    else:
        text = names
    if rng.random() < 0.12:
        text = rng.choice(["□ ", "■ ", "□", "◎"]) + text
    return [text]


def _headline(text: str, width: int, rng: random.Random) -> tuple[list[str], str]:
    """Printed lines of a headline-stack element and its gold value (lines joined, gaps kept).

    A headline spans as many columns as it needs to fit on two lines (now and then three)."""
    need = text_width(text)
    if need > width:
        width = max(width, math.ceil(need / (2 if rng.random() < 0.85 else 3)))
    lines = wrap_headline(text, width, rng)
    gold = "".join(norm_headline_line(ln) for ln in lines)
    gap = rng.choice(["  ", "  ", "　", " ", "   "])
    printed = [_GAP_RE.sub(gap, ln.strip()) for ln in lines]
    if len(printed) == 1 and " " not in text and len(text) <= 8 and rng.random() < 0.2:
        printed = [letter_space(printed[0], rng.choice([" ", "  "]))]
    return printed, gold


def _caption_block(cap: Caption, style: PageStyle, rng: random.Random) -> Block:
    width = rng.randint(12, 30)
    lines = wrap(cap.text, width, kinsoku=style.kinsoku)
    credit = cap.credit()
    if credit is not None:
        role = cap.role_word + rng.choice(["  ", " ", ""]) if cap.role_word else ""
        names = _printed_names(cap.names, " ", rng)
        printed = role + names + rng.choice(["", " ", ""]) + cap.verb
        if rng.random() < 0.45 and text_width(lines[-1]) + text_width(printed) < 34:
            lines[-1] = lines[-1] + rng.choice(["  ", " ", "　"]) + printed
        else:
            lines.append(printed)
    return Block("caption", [_digits(ln, style) for ln in lines])


@dataclass
class RenderedArticle:
    blocks: list[Block]
    captions: list[Block]
    notes: list[Block]
    gold: dict[str, Any]


def render_article(
    st: Story, style: PageStyle, rng: random.Random, page_no: int, cont: str | None = None
) -> RenderedArticle:
    """Blocks and gold of one article; `cont` "up" prints a continued tail, "down" a head."""
    paras = list(st.paragraphs)
    inter = set(st.intertitles)
    kicker, subtitle, byline, dateline = st.kicker, st.subtitle, st.byline, st.dateline
    show_title = True
    captions = list(st.captions)
    if cont == "down":
        k = rng.randint(2, len(paras) - 1)
        paras = paras[:k]
    elif cont == "up":
        k = rng.randint(1, len(paras) - 2)
        paras = paras[k:]
        inter = {i - k for i in inter if i >= k}
        kicker = subtitle = None
        byline = None
        dateline = None
        show_title = rng.random() < 0.4
        captions = []
    width = rng.randint(12, 30) if not style.compilation else rng.randint(26, 30)
    hw = rng.randint(8, 26) if not style.compilation else rng.randint(24, 32)
    gold: dict[str, Any] = {
        "title": None,
        "kicker": None,
        "subtitle": None,
        "dateline": None,
        "byline": None,
        "authors": [],
    }
    stack: list[Block] = []
    if kicker and show_title:
        lines, gold["kicker"] = _headline(kicker, max(hw, 10) + rng.randint(0, 6), rng)
        stack.append(Block("kicker", lines))
    if show_title:
        lines, gold["title"] = _headline(st.title, hw, rng)
        stack.append(Block("title", lines))
    if subtitle and show_title:
        lines, gold["subtitle"] = _headline(subtitle, max(hw, 10) + rng.randint(0, 8), rng)
        stack.append(Block("subtitle", lines))
    body_paras = list(paras)
    if dateline is not None:
        gold["dateline"] = dateline.text
        gold["byline"] = dateline.gold_byline()
        gold["authors"] = dateline.authors()
        body_paras[0] = _dateline_text(dateline, rng) + body_paras[0]
    by_block: Block | None = None
    if byline is not None:
        gold["byline"] = byline.gold()
        gold["authors"] = byline.authors()
        by_block = Block("byline", _byline_lines(byline, rng), splittable=True)
    body = Block("body", _body_lines(body_paras, inter, style, width, rng))
    blocks: list[Block] = []
    head_after = rng.random() < style.head_after
    by_at_end = by_block is not None and rng.random() < 0.08
    src = None
    if style.compilation:
        s = source_line(st.date, st.section_no or page_no, rng)
        src = Block("furniture", [s], splittable=False, fragment=(s, "furniture"))
    if head_after:
        if by_block is not None and not by_at_end:
            blocks.append(by_block)
        blocks.append(body)
        blocks.extend(stack)
    else:
        blocks.extend(stack)
        if by_block is not None and not by_at_end:
            blocks.append(by_block)
        if src is not None:
            blocks.append(src)
        blocks.append(body)
    if by_at_end and by_block is not None:
        blocks.insert(blocks.index(body) + 1, by_block)
    if cont is not None:
        m = continuation(cont, page_no, rng)
        mk = Block("marker", [m], fragment=(m, "furniture"))
        at = blocks.index(body)
        blocks.insert(at + 1 if cont == "down" else at, mk)
    gold["paragraphs"] = paras
    gold["captions"] = [{"text": c.text, "credit": c.credit(), "photographers": list(c.names)} for c in captions]
    cap_blocks = [_caption_block(c, style, rng) for c in captions]
    notes = [Block("note", [t], fragment=(t, kind)) for t, kind in st.notes] if cont != "up" else []
    return RenderedArticle(blocks, cap_blocks, notes, gold)


def _split_body(blocks: list[Block], fur: Block, rng: random.Random) -> bool:
    """Put a furniture block in the middle of a long body (a page or column break)."""
    long_bodies = [i for i, b in enumerate(blocks) if b.kind == "body" and len(b.lines) >= 6]
    if not long_bodies:
        return False
    i = rng.choice(long_bodies)
    b = blocks[i]
    cut = rng.randint(2, len(b.lines) - 2)
    blocks[i : i + 1] = [Block("body", b.lines[:cut]), fur, Block("body", b.lines[cut:])]
    return True


def compose_page(
    stories: list[Story], page_no: int, date: str, editors: list[str], rng: random.Random, variant: str | None = None
) -> tuple[PageStyle, list[Block], dict[str, Any]]:
    """Lay out `stories` on page `page_no`; the blocks in extraction order and the gold (no source)."""
    style = PageStyle.draw(rng, variant)
    section = stories[0].section_name
    rendered: list[RenderedArticle] = []
    for j, st in enumerate(stories):
        cont = None
        if len(st.paragraphs) >= 4:
            r = rng.random()
            if j == 0 and page_no > 1 and r < 0.25:
                cont = "up"
            elif j > 0 and r < 0.12:
                cont = "down"
        rendered.append(render_article(st, style, rng, page_no, cont))
    head: list[list[str]] = []
    foot: list[list[str]] = []
    if style.compilation:
        n = rng.randint(2, 240)
        foot.append([rng.choice([f"第 {n} 页", f"第{n}页"])])
    else:
        head, foot = page_head(PAPER, date, page_no, section, editors, rng)
        if rng.random() < 0.2:  # the whole head printed at the foot of the page
            foot, head = head + foot, []
    blocks: list[Block] = [
        Block("furniture", ls, splittable=True, fragment=("\n".join(ls), "furniture")) for ls in head
    ]
    # captions: next to their article or at another article boundary of the page
    slots: dict[int, list[Block]] = {}
    for j, ra in enumerate(rendered):
        for cb in ra.captions:
            where = j if rng.random() < 0.4 else rng.randint(0, len(rendered))
            slots.setdefault(where, []).append(cb)
    late_notes: list[Block] = []
    for j, ra in enumerate(rendered):
        blocks.extend(slots.get(j, []))
        blocks.extend(ra.blocks)
        for nb in ra.notes:
            if rng.random() < 0.6:
                blocks.append(nb)
            else:
                late_notes.append(nb)
    blocks.extend(slots.get(len(rendered), []))
    blocks.extend(late_notes)
    blocks.extend(Block("furniture", ls, splittable=True, fragment=("\n".join(ls), "furniture")) for ls in foot)
    if rng.random() < 0.12:
        if style.compilation:
            n = rng.randint(2, 240)
            txt = f"第 {n} 页"
        else:
            txt = f"{PAPER}  {date.replace('-', '.')}  第{page_no}版"
        _split_body(blocks, Block("furniture", [txt], fragment=(txt, "furniture")), rng)
    gold = {
        "publication": PAPER,
        "articles": [ra.gold for ra in rendered],
        "fragments": [{"text": b.fragment[0], "kind": b.fragment[1]} for b in blocks if b.fragment is not None],
    }
    return style, blocks, gold
