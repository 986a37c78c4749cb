"""Newspaper pages laid out as print has them, with known answers (issue 13).

Real 人民日报 articles of the given days (`pdgen.load_peopledaily`) are placed on a page of 4–6
columns: rows of one to three articles side by side, each article a module spanning some columns
with its headline across the module in large type, kicker and subtitle in medium type, a byline,
the body flowing down the module's columns (intertitles in bold), now and then an image with a
caption under it; a header band (paper, date, page label, section) and a footer band (editors) frame
the page. One layout is written in four forms (`writers`): a PDF page (reportlab, its built-in CID
font STSong-Light), ALTO XML, hOCR and PaddleOCR JSON (engine order: row by row across the page,
with mild character noise and scores).

Every printed line is an `Item` that knows which gold field it belongs to, so the gold of each form
is built from the lines as that form prints them (the OCR form from its noisy lines).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field, replace
from typing import Any

from baokan.devtools.pagegen import _name, canonical_text, canonical_title
from baokan.devtools.pdgen import PDArticle, _authors, _credits_text

__all__ = ["Item", "Layout", "gold_of", "lay_out_page", "ocr_noise"]

PAGE_W, PAGE_H = 842.0, 1191.0  # points (A3), origin top left, y down
MARGIN = 36.0
CONTENT_TOP, CONTENT_BOTTOM = 96.0, PAGE_H - 60.0
GUTTER = 12.0
BODY_SIZE, BODY_LEAD = 9.5, 13.5
_WEEKDAYS = "一二三四五六日"


@dataclass
class Item:
    """One printed line: text, box (points; top-left origin) and type size, and the gold field
    it belongs to: `(article index, field, part)` — field one of kicker, title, subtitle, byline,
    paragraph, caption, credit — or `(-1, "furniture", n)` for page furniture."""

    text: str
    x: float
    y: float
    w: float
    h: float
    size: float
    owner: tuple[int, str, int]
    bold: bool = False
    exact: bool = False  # a line whose OCR copy stays exact (bylines, credits, dateline heads)


@dataclass
class Layout:
    width: float
    height: float
    items: list[Item] = field(default_factory=list)
    images: list[tuple[float, float, float, float]] = field(default_factory=list)  # x, y, w, h
    articles: list[dict[str, Any]] = field(default_factory=list)  # gold fields that are not lines
    features: set[str] = field(default_factory=set)


def text_width(text: str, size: float) -> float:
    """Printed width: CJK characters a full em, ASCII half."""
    return sum(size * (0.5 if ord(ch) < 128 else 1.0) for ch in text)


_CLOSING = "，。、；：！？”’）》"


def wrap(text: str, width: float, size: float, indent: float = 0.0) -> list[str]:
    """Lines of `text` no wider than `width` points (the first indented by `indent`); closing
    punctuation never starts a line, and at most one mark hangs past the margin (before a
    second, the last character goes down with its marks)."""
    lines: list[str] = []
    cur, used, limit = "", 0.0, width - indent
    for ch in text:
        w = size * (0.5 if ord(ch) < 128 else 1.0)
        if cur and used + w > limit + 0.01:
            if ch not in _CLOSING:
                lines.append(cur)
                cur, used, limit = "", 0.0, width
            elif used > limit + 0.01:  # a mark already hangs: move the last character down
                keep = len(cur.rstrip(_CLOSING)) - 1
                if keep > 0:
                    lines.append(cur[:keep])
                    cur = cur[keep:]
                    used, limit = text_width(cur, size), width
        cur += ch
        used += w
    if cur:
        lines.append(cur)
    return lines


# ------------------------------------------------------------------------------ articles


@dataclass
class _Block:
    """Lines of one article, stacked at x=0, y=0 (moved into place later)."""

    items: list[Item]
    height: float


def _head(art: PDArticle, a: int, width: float, rng: random.Random, gold: dict[str, Any]) -> list[Item]:
    """Kicker, title and subtitle across the module, centred, in their type sizes."""
    out: list[Item] = []
    y = 0.0
    title_size = rng.choice((18.0, 20.0, 22.0, 24.0, 26.0)) if width > 300 else rng.choice((15.0, 16.0, 18.0))
    for name, text, size in (
        ("kicker", art.kicker, round(title_size * 0.5, 1)),
        ("title", art.title, title_size),
        ("subtitle", art.subtitle, round(title_size * 0.55, 1)),
    ):
        if not text:
            continue
        lines = wrap(text, width - 2 * size, size)
        gold[name] = "".join(canonical_title(x) for x in lines)
        for k, line in enumerate(lines):
            w = text_width(line, size)
            out.append(Item(line, (width - w) / 2, y, w, size * 1.2, size, (a, name, k), bold=name == "title"))
            y += size * 1.35
        y += 4.0
    return out


def _byline_items(art: PDArticle, a: int, width: float, y: float, gold: dict[str, Any]) -> list[Item]:
    if art.collective:
        gold["byline"], gold["authors"] = art.collective, []
        text = art.collective
    elif art.byline:
        gold["byline"], gold["authors"] = _credits_text(art.byline), _authors(art.byline)
        text = "  ".join(((c.role_word + "  ") if c.role_word else "") + "  ".join(c.names) for c in art.byline)
    else:
        return []
    size = 10.5
    out = []
    for k, line in enumerate(wrap(text, width, size)):  # a byline wider than its module wraps
        w = text_width(line, size)
        out.append(Item(line, (width - w) / 2, y + k * size * 1.4, w, size * 1.2, size, (a, "byline", k), exact=True))
    return out


def _paragraph_lines(art: PDArticle, gold: dict[str, Any], colw: float) -> list[tuple[str, int, bool]]:
    """(line text, paragraph index, intertitle) of the body as printed in a column of `colw`."""
    out: list[tuple[str, int, bool]] = []
    first_body = min(set(range(len(art.paragraphs))) - art.intertitles, default=0)
    for i, para in enumerate(art.paragraphs):
        if i in art.intertitles:
            out += [(line, i, True) for line in wrap(para, colw, BODY_SIZE + 1)]
            continue
        text = para
        if i == first_body and art.dateline:
            head = art.dateline
            if art.dateline_credits:
                inner = " ".join(
                    ((c.role_word + " ") if c.role_word else "") + " ".join(c.names) for c in art.dateline_credits
                )
                head += "（" + inner + "）"
                gold["byline"] = f"{art.dateline}（{_credits_text(art.dateline_credits)}）"
                gold["authors"] = _authors(art.dateline_credits)
            else:
                gold["byline"] = art.dateline
            gold["dateline"] = art.dateline
            text = head + " " + para
        out += [(line, i, False) for line in wrap(text, colw, BODY_SIZE, indent=2 * BODY_SIZE)]
    return out


def _caption_items(
    art: PDArticle, a: int, x: float, y: float, w: float, rng: random.Random
) -> tuple[list[Item], dict[str, Any]] | None:
    clauses = [
        c
        for p in art.paragraphs[:6]
        for c in re.split(r"[，。！？；：“”‘’《》（）]", p)
        if 6 <= len(c) <= 24 and all("\u4e00" <= ch <= "\u9fff" for ch in c)
    ]
    if not clauses:
        return None
    text = ("图为" if rng.random() < 0.5 else "") + rng.choice(clauses) + "。"
    name = _name(rng)
    role = rng.choice(("本报记者", "记者", "新华社记者", None))
    credit = ((role + " ") if role else "") + name + " 摄"
    size = 8.5
    items = []
    lines = wrap(text, w, size)
    for k, line in enumerate(lines):
        items.append(Item(line, x, y, text_width(line, size), size * 1.2, size, (a, "caption", k)))
        y += size * 1.4
    cw = text_width(credit, size)
    items.append(Item(credit, x + w - cw, y, cw, size * 1.2, size, (a, "credit", 0), exact=True))
    gold = {"text": canonical_text(text), "credit": credit, "photographers": [name]}
    return items, gold


def _module(
    art: PDArticle, a: int, width: float, cols: int, max_h: float, rng: random.Random, layout: Layout
) -> _Block | None:
    """One article as a module `width` wide over `cols` columns, at most `max_h` tall (the body cut
    at a paragraph end, with a continuation marker, where it does not fit); None when not even
    two paragraphs fit."""
    gold: dict[str, Any] = {"title": None, "kicker": None, "subtitle": None, "dateline": None, "byline": None,
                            "authors": [], "captions": []}  # fmt: skip
    items = _head(art, a, width, rng, gold)
    y = max((it.y + it.h for it in items), default=0.0) + 6.0
    by = _byline_items(art, a, width, y, gold)
    items += by
    if by:
        y = max(it.y + it.h for it in by) + 8.0
    colw = (width - (cols - 1) * GUTTER) / cols
    image: tuple[float, float] | None = None
    if rng.random() < 0.35 and cols >= 2:
        image = (colw, colw * rng.uniform(0.6, 0.9))
    body = _paragraph_lines(art, gold, colw)
    room = max_h - y - (image[1] + 40.0 if image else 0.0)
    per_col = int(room // BODY_LEAD)
    if per_col < 3:
        return None
    capacity = per_col * cols
    cut = len(body)
    if len(body) > capacity:
        last = body[capacity - 1][1]  # the paragraph the last line that fits belongs to
        cut = next(i for i, (_, p, _) in enumerate(body) if p == last)
        layout.features.add("continued_to")
    printed = body[:cut]
    paras = sorted({p for _, p, _ in printed})
    if len([p for p in paras if p not in art.intertitles]) < 2:
        return None
    gold["paragraphs"] = [canonical_text(art.paragraphs[p]) for p in paras]
    rows = -(-len(printed) // cols)
    col_x = [k * (colw + GUTTER) for k in range(cols)]
    top = y
    if image:
        layout.images.append((col_x[0], top, image[0], image[1]))  # placed later with the module
        cap = _caption_items(art, a, col_x[0], top + image[1] + 4, colw, rng)
        if cap:
            items += cap[0]
            gold["captions"].append(cap[1])
            layout.features.add("caption")
    current = -1
    first_printed = paras[0]
    for n, (text, p, inter) in enumerate(printed):
        k = n // rows
        line_y = top + (n % rows) * BODY_LEAD + (image[1] + 40.0 if image and k == 0 else 0.0)
        if p != current:
            part = 0
            current = p
        indent = 0.0 if inter or part else 2 * BODY_SIZE
        size = BODY_SIZE + (1 if inter else 0)
        exact = p == first_printed and part == 0 and art.dateline is not None
        box = (col_x[k] + indent, line_y, text_width(text, size), size * 1.2)
        items.append(Item(text, *box, size, (a, "paragraph", p), bold=inter, exact=exact))
        part += 1
    if cut < len(body):
        marker = rng.choice(("（下转第五版）", "（下转第二版）", "（下转第十版）"))
        bottom = items[-1]
        items.append(
            Item(
                marker,
                col_x[-1],
                bottom.y + BODY_LEAD,
                text_width(marker, BODY_SIZE),
                BODY_SIZE * 1.2,
                BODY_SIZE,
                (-1, "furniture", 100 + a),
            )
        )
    height = max(it.y + it.h for it in items)
    gold["source_paragraphs"] = paras
    layout.articles.append(gold)
    return _Block(items, height)


# ------------------------------------------------------------------------------ page


def lay_out_page(seed: int, articles: list[PDArticle], *, publication: str, date: str, label: str) -> Layout:
    """One page: header band, rows of article modules, footer band. The same seed and articles
    give the same layout."""
    rng = random.Random(seed)
    layout = Layout(PAGE_W, PAGE_H)
    cols = rng.choice((4, 5, 6))
    layout.features.add(f"columns_{cols}")
    width = PAGE_W - 2 * MARGIN
    colw = (width - (cols - 1) * GUTTER) / cols
    _header(layout, rng, publication, date, label, articles[0].section_name if articles else "")
    pool = list(articles)
    rng.shuffle(pool)
    y = CONTENT_TOP
    a = 0
    while pool and CONTENT_BOTTOM - y > 160:
        spans = _row_spans(cols, rng, len(pool))
        row_h = 0.0
        x = MARGIN
        placed_any = False
        for span in spans:
            if not pool:
                break
            art = pool.pop()
            w = span * colw + (span - 1) * GUTTER
            first_image = len(layout.images)
            block = _module(art, a, w, span, CONTENT_BOTTOM - y, rng, layout)
            if block is None:
                del layout.images[first_image:]
                continue
            for it in block.items:
                it.x += x
                it.y += y
            layout.images[first_image:] = [(ix + x, iy + y, iw, ih) for ix, iy, iw, ih in layout.images[first_image:]]
            layout.items += block.items
            row_h = max(row_h, block.height)
            x += w + GUTTER
            a += 1
            placed_any = True
        if not placed_any:
            break
        y += row_h + 18.0
    _footer(layout, rng)
    return layout


def _row_spans(cols: int, rng: random.Random, left: int) -> list[int]:
    n = min(left, rng.choice((1, 2, 2, 3)) if cols >= 5 else rng.choice((1, 2)))
    if n == 1:
        return [cols]
    cuts = sorted(rng.sample(range(1, cols), n - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, cols], strict=True)]


def _header(layout: Layout, rng: random.Random, publication: str, date: str, label: str, section: str) -> None:
    y, m, d = date.split("-")
    import datetime

    weekday = _WEEKDAYS[datetime.date(int(y), int(m), int(d)).weekday()]
    left = f"{publication}  {int(y)}年{int(m)}月{int(d)}日  星期{weekday}"
    right = f"{label}  {section}" if section else label
    size = 10.0
    layout.items.append(Item(left, MARGIN, 48.0, text_width(left, size), size * 1.2, size, (-1, "furniture", 0)))
    w = text_width(right, size)
    layout.items.append(Item(right, PAGE_W - MARGIN - w, 48.0, w, size * 1.2, size, (-1, "furniture", 1)))


def _footer(layout: Layout, rng: random.Random) -> None:
    text = f"本版责编：{_name(rng)}  {_name(rng)}"
    size = 8.0
    layout.items.append(
        Item(text, MARGIN, PAGE_H - 40.0, text_width(text, size), size * 1.2, size, (-1, "furniture", 2))
    )


# ------------------------------------------------------------------------------ gold


def gold_of(layout: Layout, items: list[Item], source: str, publication: str) -> dict[str, Any]:
    """The gold of one form of the page, built from the lines as that form prints them (`items`:
    the layout's, or their noisy OCR copies): each field the join of its lines."""
    arts = []
    for a, meta in enumerate(layout.articles):
        art = {k: v for k, v in meta.items() if k != "source_paragraphs"}
        lines = [it for it in items if it.owner[0] == a]
        for name in ("kicker", "title", "subtitle"):
            own = [it.text for it in lines if it.owner[1] == name]
            if own:
                art[name] = "".join(canonical_title(x) for x in own)
        paras: dict[int, str] = {}
        for it in lines:
            if it.owner[1] == "paragraph":
                paras[it.owner[2]] = paras.get(it.owner[2], "") + it.text
        texts = [canonical_text(paras[p]) for p in meta["source_paragraphs"]]
        if meta.get("dateline") and texts:
            head = meta["byline"] or meta["dateline"]
            texts[0] = _strip_head(texts[0], meta["dateline"], head)
        art["paragraphs"] = texts
        caps = [it.text for it in lines if it.owner[1] == "caption"]
        if art["captions"] and caps:
            art["captions"] = [{**art["captions"][0], "text": canonical_text("".join(caps))}]
        arts.append(art)
    fragments = []
    for it in items:
        if it.owner[0] == -1:
            fragments.append({"text": it.text, "kind": "furniture"})
    return {"source": source, "publication": publication, "articles": arts, "fragments": fragments}


def _strip_head(text: str, dateline: str, byline: str) -> str:
    """The first paragraph without the dateline head it opens with (as printed, before any OCR
    noise reached it; a noisy head is left to the body)."""
    m = re.match(re.escape(dateline) + r"(?:（[^（）]*）)?", text)
    return text[m.end() :].lstrip() if m else text


# ------------------------------------------------------------------------------ OCR


_CONFUSABLE = {
    "日": "曰",
    "己": "已",
    "未": "末",
    "土": "士",
    "人": "入",
    "八": "入",
    "千": "干",
    "天": "夭",
    "大": "太",
}


def ocr_noise(items: list[Item], rng: random.Random, rate: float = 0.004) -> list[tuple[Item, float]]:
    """Copies of the lines as an OCR engine reads them: now and then a character confused with a
    look-alike (at `rate` per character), each line with a recognition score that drops with
    its errors."""
    out: list[tuple[Item, float]] = []
    for it in items:
        chars = list(it.text)
        errors = 0
        for i, ch in enumerate(chars):
            if not it.exact and ch in _CONFUSABLE and rng.random() < rate * 10:
                chars[i] = _CONFUSABLE[ch]
                errors += 1
        score = max(0.5, min(0.999, rng.uniform(0.93, 0.995) - 0.08 * errors))
        out.append((replace(it, text="".join(chars)), round(score, 4)))
    return out
