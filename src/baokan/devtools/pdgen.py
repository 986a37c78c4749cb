"""Generator A: raw pages of real 人民日报 articles, with the printed structure they had.

`load_peopledaily(corpora_dir, days)` reads `peopledaily-2025/articles_YYYYMMDD.json` (see
`../shared/corpora/README.md`): each article's `markdown_body` carries what the printed page showed
(`### kicker`, `# headline`, `## ——subtitle`, `> byline《人民日报》（…）`, `**intertitle**`, a dateline
opening the first paragraph). `render_page(seed, articles)` prints 2–6 of them onto one raw page the
way text extraction of a printed page comes out, with widely randomized choices, and returns the raw
text with its gold segmentation (format and field conventions: `docs/gold-conventions.md`).

Randomized per page or per article (every choice is recorded in the gold's ``render`` key):

- column width 12–30 characters, the first line of a paragraph two characters short, justified lines
  spaced out (`做 好 绿 色`), digits set off by spaces and split from their unit, ASCII commas,
  full-width digits, Kangxi radicals (`baokan.devtools.pagegen._Style`);
- headline stacks: kicker above, subtitle below, headlines wrapped over two or three lines at a
  headline width of 8–22 characters (a parallel-phrase gap sometimes becomes the line break), the
  stack printed before the body or after it (per page, with exceptions per article);
- bylines: `本报记者  张  文` under the headline, `□ 本报记者 X`, bare names of commentators
  (`邹  翔`), collective bylines (`本报评论员`), pdftotext-style splits (`本报记者` / blank / `李君强`),
  letter-spaced names (`游  仪`), author lists after the body (`（张海亮 付纯志）`), dateline heads
  with bracketed bylines opening the first paragraph (`本报北京6月11日电 （记者林丽鹂）`);
- intertitles (short lines inside the body; long ones wrap) printed plain, indented or letter-spaced;
- page furniture: header lines (paper, date, weekday, 第N版 / A3 / 要闻 2, section, 责编/E-mail/电话,
  sometimes all on one line), footers (`第 64 页`, 版式设计), source lines
  (`《人民日报》（2025年06月12日第 02 版）`) after articles, continuation markers (`（上接第一版）`,
  `（下转第五版）`);
- photo captions (`图为…。` or a plain sentence) with credits (`本报记者 X摄`, `X摄`), on the
  caption's line or their own, after the body, before the headline, or elsewhere on the page;
- blank lines: after every line (pdfminer), never, between blocks only (pdftotext), or mostly.

Articles the generator cannot print faithfully are left out: bodies holding their own byline lines
(several reports under one headline), tables. Credit paragraphs of the corpus (`…摄（人民视觉）`,
`资料图片`, `…供图`, `制图：…`) and the short caption paragraphs before them are removed from the body;
the generator prints captions of its own.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from baokan.devtools.pagegen import (
    _decorate,
    _is_han,
    _name,
    _spaced_out,
    _Style,
    _tokens,
    _wrap,
    canonical_text,
    canonical_title,
)

__all__ = [
    "DEV_DAYS",
    "HELDOUT_DAYS",
    "PDArticle",
    "load_peopledaily",
    "render_page",
    "write_pages",
]

# Days the segmenter is tuned on, and days kept out of tuning (evaluation only).
DEV_DAYS = ("20250612", "20250703", "20250722")
HELDOUT_DAYS = ("20251105", "20251203")

_ROLE_WORDS = {
    "本报特约记者": "特约记者",
    "本报见习记者": "见习记者",
    "本报通讯员": "通讯员",
    "本报实习生": "实习生",
    "新华社记者": "记者",
    "本报记者": "记者",
    "特约记者": "特约记者",
    "见习记者": "见习记者",
    "通讯员": "通讯员",
    "实习生": "实习生",
    "记者": "记者",
}
_ROLE_RE = re.compile("|".join(sorted(_ROLE_WORDS, key=len, reverse=True)))
_SOURCE_LINE_RE = re.compile(r"《人民日报》（[^）]*）")
_DATELINE_RE = re.compile(
    r"^((?:本报|新华社)[\u4e00-\u9fff]{0,8}?(?:\d{1,2}月\d{1,2}日)?(?:专电|电|讯))\s*(?:（([^（）]{1,40})）)?\s*"
)
_CREDIT_PARA_RE = re.compile(r"(?:摄(?:（[^）]*）)?|供图|提供|资料图片|^制图：.*|^版式设计：.*)$")
_NOT_PRINTED_RE = re.compile(r"^(?:图[①-⑳\d]+[：:]|(?:数据来源|资料来源|制图|动作演示)[：:])")
_PAGE_CREDIT_RE = re.compile(r"^(?:本期统筹|版式设计|栏目投稿邮箱|责任编辑|本版责编)[：:]")
_SKIP_RE = re.compile(r"^（[^）]*(?:整理|采写|执笔)[^）]*）$|^对话嘉宾")
_COLLECTIVE_RE = re.compile(r"评论员|评论部|[院部委会社所局]$|中心$|编辑部")
_INSTITUTE_MAX = 5


@dataclass(frozen=True)
class Credit:
    """One role with its names, as the byline prints them (role None: names alone)."""

    role_word: str | None
    names: tuple[str, ...]


@dataclass(frozen=True)
class PDArticle:
    """One printed article of the corpus, canonical text."""

    day: str
    section_no: str
    section_name: str
    kicker: str | None
    title: str
    subtitle: str | None
    paragraphs: tuple[str, ...]
    intertitles: frozenset[int]  # indices into paragraphs
    byline: tuple[Credit, ...] = ()  # standalone byline (`> 本报记者 …`)
    collective: str | None = None  # 本报评论员, an institute: a byline crediting no person
    dateline: str | None = None  # dateline opening the first paragraph
    dateline_credits: tuple[Credit, ...] = ()
    dateline_printed: str = ""  # the head as the corpus prints it, before the body words
    page_credits: tuple[str, ...] = ()  # 本期统筹：…, 版式设计：… (furniture printed after the body)


# ------------------------------------------------------------------------------ loading


def _clean(s: str) -> str:
    return s.replace("\u200b", "").strip()


def _split_names(text: str) -> list[str]:
    """`徐元锋  张  文  秦瑞杰` → [徐元锋, 张文, 秦瑞杰]: single characters padded to a name join."""
    toks = [t for t in re.split(r"[\s、，,]+", text) if t]
    out: list[str] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if len(t) == 1 and i + 1 < len(toks) and len(toks[i + 1]) == 1:
            out.append(t + toks[i + 1])
            i += 2
            continue
        out.append(t)
        i += 1
    return out


def _parse_credits(text: str) -> tuple[Credit, ...] | None:
    """`记者王政、刘温馨` / `本报记者  张  文` / `陈娟` → credits; None when it is not a byline."""
    credits: list[Credit] = []
    pos = 0
    text = text.strip()
    matches = list(_ROLE_RE.finditer(text))
    if not matches:
        names = _split_names(text)
        if not names or not all(re.fullmatch(r"[\u4e00-\u9fff·]{2,4}", n) for n in names):
            return None
        return (Credit(None, tuple(names)),)
    if matches[0].start() > 0:
        return None
    for k, m in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        names = _split_names(text[m.end() : end])
        if not all(re.fullmatch(r"[\u4e00-\u9fff·]{2,4}", n) for n in names):
            return None
        credits.append(Credit(m.group(0), tuple(names)))
        pos = end
    del pos
    return tuple(credits)


def _is_credit_paragraph(p: str) -> bool:
    return len(p) <= 40 and bool(_CREDIT_PARA_RE.search(p))


def _parse_article(raw: dict[str, Any], day: str) -> PDArticle | None:
    parts = _markdown_parts(raw.get("markdown_body", ""))
    if parts is None:
        return None
    kicker, title, subtitle, byline_text, paras, inter = parts
    printed = _printed_paragraphs(paras, inter)
    if printed is None:
        return None
    paras, keep_inter, page_credits = printed
    credits = _byline_credits(byline_text)
    if credits is None:
        return None
    byline, collective = credits
    dated = _dateline_parts(paras, keep_inter, bool(byline or collective))
    if dated is None:
        return None
    dateline, dl_credits, dl_printed = dated
    paragraphs = tuple(canonical_text(p) for p in paras)
    if not all(paragraphs):
        return None
    return PDArticle(
        day=day,
        section_no=str(raw.get("section_no") or ""),
        section_name=str(raw.get("section_name") or ""),
        kicker=_clean("".join(kicker)) or None,
        title=title,
        subtitle=_clean("".join(subtitle)) or None,
        paragraphs=paragraphs,
        intertitles=frozenset(keep_inter),
        byline=byline,
        collective=collective,
        dateline=dateline,
        dateline_credits=dl_credits,
        dateline_printed=dl_printed,
        page_credits=tuple(page_credits),
    )


_Parts = tuple[list[str], str, list[str], "str | None", list[str], set[int]]


def _markdown_parts(body: str) -> _Parts | None:
    """kicker lines, title, subtitle lines, byline text, paragraphs and the intertitles' indexes
    of a `markdown_body`; None for what the generator does not render (tables, several reports)."""
    kicker: list[str] = []
    title: str | None = None
    subtitle: list[str] = []
    byline_text: str | None = None
    paras: list[str] = []
    inter: set[int] = set()
    for line in body.split("\n"):
        line = _clean(line)
        if not line:
            continue
        if line.startswith("### "):
            if title is not None or paras:
                return None
            kicker.append(line[4:].strip())
        elif line.startswith("# "):
            if title is not None:
                return None
            title = line[2:].strip()
        elif line.startswith("## "):
            subtitle.append(line[3:].strip())
        elif line.startswith(">"):
            text = _SOURCE_LINE_RE.sub("", line[1:]).strip()
            if text.startswith("系列："):
                return None
            if text:
                if byline_text is not None:
                    return None
                byline_text = text
        elif line.startswith("|"):
            return None  # tables
        elif line.startswith("**") and line.endswith("**") and len(line) > 4:
            inter.add(len(paras))
            paras.append(line[2:-2].strip())
        else:
            if _ROLE_RE.match(line) and len(line) <= 20:
                return None  # a byline inside the body: several reports under one headline
            paras.append(line)
    if not title or not paras:
        return None
    return kicker, title, subtitle, byline_text, paras, inter


def _printed_paragraphs(paras: list[str], inter: set[int]) -> tuple[list[str], set[int], list[str]] | None:
    """The paragraphs the page prints, their intertitles and the page credits. Credit paragraphs
    (and the short caption paragraphs before them) are not body text; page credits are furniture;
    chart notes and numbered photo captions are not printed."""
    keep: list[str] = []
    keep_inter: set[int] = set()
    page_credits: list[str] = []
    for i, p in enumerate(paras):
        if _SKIP_RE.search(p):
            return None
        if _NOT_PRINTED_RE.match(p):
            continue
        if _PAGE_CREDIT_RE.match(p):
            page_credits.append(p)
            continue
        if _is_credit_paragraph(p):
            while keep and len(keep[-1]) <= 60 and (len(keep) - 1) not in keep_inter:
                keep.pop()
            continue
        if i in inter:
            keep_inter.add(len(keep))
        keep.append(p)
    if len(keep) < 1 or len(keep) - len(keep_inter) < 1:
        return None
    return keep, keep_inter, page_credits


def _byline_credits(byline_text: str | None) -> tuple[tuple[Credit, ...], str | None] | None:
    """The byline's credits, or the collective byline (`新华社记者`, an institution); None for a
    byline the generator cannot render."""
    if byline_text is None:
        return (), None
    parsed = _parse_credits(byline_text)
    if parsed is not None and all(c.names for c in parsed):
        return parsed, None
    if parsed is not None and len(parsed) == 1 and not parsed[0].names and parsed[0].role_word == "新华社记者":
        return (), "新华社记者"
    if _COLLECTIVE_RE.search(byline_text) or len(byline_text) > _INSTITUTE_MAX:
        return (), re.sub(r"\s+", "", byline_text)
    return None


def _dateline_parts(
    paras: list[str], keep_inter: set[int], has_byline: bool
) -> tuple[str | None, tuple[Credit, ...], str] | None:
    """The dateline opening the first paragraph, its credits and its printed form (taken out of
    `paras[0]`); None for an article with both a byline and a dateline."""
    m = _DATELINE_RE.match(paras[0]) if 0 not in keep_inter else None
    if not (m and len(paras[0]) > m.end() + 4):
        return None, (), ""
    if has_byline:
        return None
    dl_credits: tuple[Credit, ...] = ()
    if m.group(2):
        parsed = _parse_credits(m.group(2))
        if parsed is None or not any(c.names for c in parsed):
            return None
        dl_credits = parsed
    dl_printed = paras[0][: m.end()].rstrip()
    paras[0] = paras[0][m.end() :]
    return m.group(1), dl_credits, dl_printed


def load_peopledaily(corpora_dir: str | Path, days: tuple[str, ...] | list[str] = DEV_DAYS) -> list[PDArticle]:
    """Articles of the given days (YYYYMMDD) from `corpora_dir/peopledaily-2025/`; [] without them."""
    folder = Path(corpora_dir) / "peopledaily-2025"
    out: list[PDArticle] = []
    for day in days:
        path = folder / f"articles_{day}.json"
        if not path.is_file():
            continue
        for raw in json.loads(path.read_text(encoding="utf-8")):
            art = _parse_article(raw, day)
            if art is not None:
                out.append(art)
    return out


# ------------------------------------------------------------------------------ gold forms


def _credits_text(credits: tuple[Credit, ...], sep: str = " ") -> str:
    """The gold form: roles and names separated by one space; `sep` between the names of a role."""
    parts: list[str] = []
    for c in credits:
        if c.role_word:
            parts.append(c.role_word)
        parts.append(sep.join(c.names))
    return " ".join(p for p in parts if p)


def _authors(credits: tuple[Credit, ...]) -> list[dict[str, Any]]:
    return [{"name": n, "role": _ROLE_WORDS[c.role_word] if c.role_word else None} for c in credits for n in c.names]


# ------------------------------------------------------------------------------ rendering


_WEEKDAYS = "一二三四五六日"
_CN_NUM = "零一二三四五六七八九十"
_EDITORS_ROLES = ("本版责编", "责编", "本版编辑", "责任编辑")


def _cn(n: int) -> str:
    if n <= 10:
        return _CN_NUM[n]
    if n < 20:
        return "十" + (_CN_NUM[n % 10] if n % 10 else "")
    return _CN_NUM[n // 10] + "十" + (_CN_NUM[n % 10] if n % 10 else "")


@dataclass
class _Page:
    """Per-page choices."""

    rng: random.Random
    style: _Style
    choices: dict[str, Any] = field(default_factory=dict)
    features: set[str] = field(default_factory=set)


@dataclass
class _Rendered:
    head: list[str]
    byline_top: list[list[str]]  # printed blocks before the body (standalone bylines)
    body: list[list[str]]  # printed blocks: paragraphs and intertitles
    tail: list[list[str]]  # after the body: author lists, continuation markers
    captions: list[list[str]]
    gold: dict[str, Any]
    furniture: list[list[str]]  # furniture printed before the article (continuation markers)
    tail_furniture: list[list[str]]  # furniture printed after it (page credits)


def _wrap_text(text: str, width: int) -> list[str]:
    return ["".join(t).rstrip() for t in _wrap(_tokens(text), width, width)]


def _print_headline(text: str, width: int, page: _Page, name: str) -> list[str]:
    """Printed lines of a headline-like text wrapped at `width` (big type: few characters a line)."""
    rng = page.rng
    gap = re.search(r"\s{2,}|\u3000", text)
    if gap and rng.random() < 0.45:
        page.features.add(f"{name}_broken_at_gap")
        parts = [text[: gap.start()].strip(), text[gap.end() :].strip()]
        return [line for part in parts for line in _wrap_text(part, max(width, 6))]
    printed = re.sub(r"\s{2,}|\u3000", rng.choice(("  ", " ", "\u3000", "   ")), text)
    lines = _wrap_text(printed, width)
    if len(lines) > 1:
        page.features.add(f"{name}_wrapped")
    return lines


def _gold_headline(lines: list[str]) -> str:
    return "".join(canonical_title(x) for x in lines)


def _printed_name(name: str, rng: random.Random, pad_p: float) -> str:
    if len(name) == 2 and rng.random() < pad_p:
        return f"{name[0]}  {name[1]}"
    return name


def _standalone_byline(art: PDArticle, page: _Page) -> tuple[list[list[str]], str, list[dict[str, Any]]]:
    """Printed blocks, gold byline and authors of a standalone byline."""
    rng = page.rng
    if art.collective:
        page.features.add("byline_collective")
        return [[art.collective]], art.collective, []
    credits = art.byline
    pad_p = page.choices["pad_names"]
    split = page.choices["split_bylines"]
    printed_parts: list[str] = []
    for c in credits:
        names = [_printed_name(n, rng, pad_p) for n in c.names]
        printed_parts.append(((c.role_word or "") + ("  " if c.role_word else "") + "  ".join(names)).strip())
    gold = _credits_text(credits)
    authors = _authors(credits)
    if credits and credits[0].role_word is None:
        page.features.add("byline_bare_name")
    marker = "□ " if rng.random() < page.choices["boxed_bylines"] else ""
    if marker:
        page.features.add("byline_boxed")
    if split and credits[0].role_word and rng.random() < 0.8:
        # pdftotext: the role word and each name on lines of their own
        page.features.add("byline_split_lines")
        blocks: list[list[str]] = []
        for c in credits:
            if c.role_word:
                blocks.append([marker + c.role_word])
                marker = ""
            for n in c.names:
                blocks.append([_printed_name(n, rng, pad_p)])
        return blocks, gold, authors
    return [[marker + "  ".join(printed_parts)]], gold, authors


def _dateline_prefix(art: PDArticle, page: _Page) -> tuple[list[str], str, str, list[dict[str, Any]]]:
    """Wrap tokens of the dateline head printed before the body words; gold dateline, byline, authors."""
    rng = page.rng
    dl = art.dateline or ""
    if art.dateline_credits:
        r = rng.random()
        sep = " "
        if r < 0.4:
            printed = art.dateline_printed + rng.choice(("", " "))
            sep = "、" if "、" in printed else " "
        elif r < 0.8:
            inner = " ".join(
                ((c.role_word + " ") if c.role_word else "") + " ".join(c.names) for c in art.dateline_credits
            )
            printed = dl + rng.choice(("", " ", "  ")) + "（" + inner + "）" + rng.choice(("", " "))
        else:
            inner = "".join((c.role_word or "") + "、".join(c.names) for c in art.dateline_credits)
            printed = dl + "（" + inner + "）"
            sep = "、"
        inner_gold = _credits_text(art.dateline_credits, sep)
        page.features.add("dateline_byline")
        gold = f"{dl}（{inner_gold}）"
        if r < 0.4 and art.dateline_printed.endswith("报道："):  # 2001: 本报讯记者王霞光报道：
            gold = f"{dl} {inner_gold} 报道："
        return list(printed), dl, gold, _authors(art.dateline_credits)
    page.features.add("dateline_only")
    return [*_tokens(dl), rng.choice(("", " ", "  "))], dl, dl, []


def _print_body_paragraph(text: str, width: int, page: _Page, prefix: list[str] | None, spaced_p: float) -> list[str]:
    tokens = (prefix or []) + _tokens(text)
    lines = _wrap(tokens, width - 2, width)
    out: list[str] = []
    for i, toks in enumerate(lines):
        if i < len(lines) - 1 and not (prefix and i == 0) and spaced_p and page.rng.random() < spaced_p:
            out.append(_decorate(_spaced_out(toks), page.style, page.features))
            page.features.add("spaced_out")
        else:
            out.append(_decorate("".join(toks).rstrip(), page.style, page.features))
    return out


def _print_intertitle(text: str, width: int, page: _Page) -> list[str]:
    rng = page.rng
    if len(text) > width:
        page.features.add("intertitle_wrapped")
        return _wrap_text(text, width)
    r = rng.random()
    if r < 0.2 and len(text) <= 8 and all(_is_han(ch) for ch in text):
        page.features.add("intertitle_spaced")
        return [(" " if len(text) > 4 else "  ").join(text)]
    if r < 0.4:
        page.features.add("intertitle_indented")
        return [" " * rng.randint(1, 4) + text]
    return [text]


def _caption(art: PDArticle, page: _Page) -> tuple[list[str], dict[str, Any]] | None:
    rng = page.rng
    clauses = [
        c
        for p in art.paragraphs[:6]
        for c in re.split(r"[，。！？；：“”‘’《》（）]", p)
        if 6 <= len(c) <= 26 and all(_is_han(ch) for ch in c)
    ]
    if not clauses:
        return None
    clause = rng.choice(clauses)
    text = ("图为" + clause + "。") if rng.random() < 0.5 else (clause + "。")
    names = [_name(rng)] if rng.random() < 0.85 else [_name(rng), _name(rng)]
    r = rng.random()
    if r < 0.35:
        role, printed_credit = "本报记者", "本报记者  " + "  ".join(names) + "摄"
    elif r < 0.55:
        role, printed_credit = "记者", "记者 " + " ".join(names) + " 摄"
    elif r < 0.7:
        role, printed_credit = "新华社记者", "新华社记者  " + "  ".join(names) + "摄"
    else:
        role, printed_credit = None, "  ".join(_printed_name(n, rng, 0.5) for n in names) + "摄"
    credit_gold = ((role + " ") if role else "") + " ".join(names) + " 摄"
    gold = {"text": canonical_text(text), "credit": credit_gold, "photographers": names}
    if rng.random() < 0.5:
        lines = [text + rng.choice((" ", "  ", "\u3000")) + printed_credit]
        page.features.add("caption_credit_same_line")
    else:
        lines = [text, printed_credit]
        page.features.add("caption_credit_own_line")
    return [_decorate(x, page.style, page.features, kangxi=False) for x in lines], gold


def _render_article(art: PDArticle, page: _Page, *, untitled: bool, continued: bool) -> _Rendered:
    rng = page.rng
    width = page.choices["width"] if page.choices["same_width"] else rng.randint(12, 30)
    spaced_p = page.choices["spaced_p"]
    gold: dict[str, Any] = {
        "title": None,
        "kicker": None,
        "subtitle": None,
        "dateline": None,
        "byline": None,
        "authors": [],
    }
    head: list[str] = []
    if not untitled:
        hw = rng.randint(8, 22)
        if art.kicker:
            k = _print_headline(art.kicker, max(hw + rng.randint(0, 10), 10), page, "kicker")
            head += k
            gold["kicker"] = _gold_headline(k)
            page.features.add("kicker")
        t = _print_headline(art.title, hw, page, "title")
        head += t
        gold["title"] = _gold_headline(t)
        if art.subtitle:
            s = _print_headline(art.subtitle, max(hw + rng.randint(0, 10), 10), page, "subtitle")
            head += s
            gold["subtitle"] = _gold_headline(s)
            page.features.add("subtitle")
        head = [_decorate(x, page.style, page.features, kangxi=False) for x in head]
    else:
        page.features.add("untitled")

    byline_top: list[list[str]] = []
    tail: list[list[str]] = []
    prefix: list[str] | None = None
    if art.dateline:
        prefix, gold["dateline"], gold["byline"], gold["authors"] = _dateline_prefix(art, page)
    elif art.byline or art.collective:
        blocks, gold["byline"], gold["authors"] = _standalone_byline(art, page)
        if art.byline and art.byline[0].role_word is None and rng.random() < 0.35:
            page.features.add("byline_after_body")
            if rng.random() < 0.5:
                blocks = [["（" + " ".join(x[0] for x in blocks) + "）"]]
            tail += blocks
        else:
            byline_top += blocks
    else:
        page.features.add("no_byline")

    body: list[list[str]] = []
    for i, p in enumerate(art.paragraphs):
        if i in art.intertitles:
            body.append(_print_intertitle(p, width, page))
            page.features.add("intertitle")
            continue
        pre = prefix if i == min(set(range(len(art.paragraphs))) - art.intertitles) else None
        body.append(_print_body_paragraph(p, width, page, pre, spaced_p))
    gold["paragraphs"] = list(art.paragraphs)

    furniture: list[list[str]] = []
    tail_furniture = [[c] for c in art.page_credits]
    if continued:
        furniture.append([rng.choice(("（上接第一版）", "(上接第一版)", f"（上接第{_cn(rng.randint(1, 4))}版）"))])
        page.features.add("continued_from")
    if rng.random() < page.choices["continues_p"]:
        tail.append([rng.choice(("（下转第五版）", f"（下转第{_cn(rng.randint(2, 16))}版）", "(下转第二版)"))])
        page.features.add("continued_to")

    captions: list[list[str]] = []
    gold["captions"] = []
    if rng.random() < page.choices["caption_p"]:
        cap = _caption(art, page)
        if cap is not None:
            captions.append(cap[0])
            gold["captions"].append(cap[1])
            page.features.add("caption")
    return _Rendered(head, byline_top, body, tail, captions, gold, furniture, tail_furniture)


def _header_lines(page: _Page, pub: str, date: str, label: str, section: str) -> list[list[str]]:
    rng = page.rng
    y, m, d = (int(x) for x in date.split("-"))
    import datetime as _dt

    wd = "星期" + _WEEKDAYS[_dt.date(y, m, d).weekday()]
    cn_date = f"{y}年{m}月{d}日"
    editors = "  ".join(_name(rng) for _ in range(rng.randint(1, 3)))
    role = rng.choice(_EDITORS_ROLES)
    email = rng.choice(("rmrbyw@people.cn", "rmrbpl@people.cn", "zhoukan@people.cn"))
    phone = f"电话：010-6536{rng.randint(1000, 9999)}"
    r = rng.random()
    if r < 0.3:
        page.features.add("header_one_line")
        return [[f"{role}：{editors}  E-mail:{email}  {label}  {pub}  {cn_date}  {wd}"]]
    if r < 0.6:
        page.features.add("header_lines")
        return [[cn_date + " " + wd], [pub], [label + ("  " + section if section else "")]]
    if r < 0.8:
        page.features.add("header_editors")
        return [[f"{label} {section}".strip()], [f"{role}：{editors}"], [phone]]
    page.features.add("header_date")
    return [[f"{pub}  {cn_date}  {wd}  {label}"]]


def _footer_lines(page: _Page, pdf_page: int) -> list[list[str]]:
    rng = page.rng
    r = rng.random()
    if r < 0.5:
        page.features.add("footer_page")
        return [[rng.choice((f"第 {pdf_page} 页", f"第{pdf_page}页", f"- {pdf_page} -"))]]
    page.features.add("footer_design")
    return [[f"版式设计：{_name(rng)}"]]


def _page_label(page: _Page, section_no: str) -> str:
    rng = page.rng
    n = int(section_no) if section_no.isdigit() else rng.randint(1, 20)
    r = rng.random()
    if r < 0.4:
        return f"第{n}版" if rng.random() < 0.5 else f"第 {n:02d} 版"
    if r < 0.7:
        return f"{rng.choice('ABC')}{n}"
    return f"要闻 {n}" if n <= 4 else f"{_cn(n)}版"


def render_page(
    seed: int,
    articles: list[PDArticle],
    *,
    publication: str = "人民日报",
    date: str = "2025-06-12",
    source: str = "01.txt",
) -> tuple[str, dict[str, Any]]:
    """One raw page and its gold; the same seed and articles give the same page."""
    if not articles:
        raise ValueError("no source articles")
    rng = random.Random(seed)
    page = _Page(rng, _Style(rng))
    _choose_layout(page)
    c = page.choices
    day_pool = [a for a in articles if a.day == date.replace("-", "")] or articles
    n = rng.randint(2, min(6, max(2, len(day_pool))))
    chosen = rng.sample(day_pool, n) if len(day_pool) >= n else [rng.choice(day_pool) for _ in range(n)]
    section = chosen[0].section_no
    label = _page_label(page, section)
    c["page_label"] = label
    untitled_at = 0 if rng.random() < 0.1 else None

    blocks: list[tuple[str, list[str]]] = []  # (kind, printed lines)
    gold_articles: list[dict[str, Any]] = []
    fragments: list[dict[str, Any]] = []
    away_captions: list[list[str]] = []
    for i, art in enumerate(chosen):
        r = _render_article(art, page, untitled=i == untitled_at, continued=i == untitled_at)
        gold_articles.append(r.gold)
        blocks += _article_blocks(r, page, fragments, away_captions)
        if c["source_lines"]:
            y, m, d = date.split("-")
            number = int(section) if section.isdigit() else rng.randint(1, 20)
            sl = f"《{publication}》（{y}年{m}月{d}日第 {number:02d} 版）"
            blocks.append(("furniture", [sl]))
            fragments.append({"text": sl, "kind": "furniture"})
            page.features.add("source_line")
    for cap in away_captions:
        at = rng.randrange(len(blocks) + 1)
        while 0 < at < len(blocks) and blocks[at - 1][0] in ("body", "byline") and blocks[at][0] == "body":
            at += 1  # never inside a body: between articles or blocks of another kind
        blocks.insert(at, ("caption", cap))
    _page_furniture(blocks, fragments, page, publication, date, label, chosen[0].section_name)
    raw = _join_blocks(blocks, page)
    gold = {
        "source": source,
        "publication": publication,
        "articles": gold_articles,
        "fragments": fragments,
        "render": {"generator": "pdgen", "seed": seed, **c, "features": sorted(page.features)},
    }
    return raw, gold


def _choose_layout(page: _Page) -> None:
    """The page-wide choices (recorded in the gold's `render`)."""
    rng, c = page.rng, page.choices
    c["blank_mode"] = rng.choice(("always", "never", "blocks", "mostly", "blocks"))
    c["head_first"] = rng.random() < 0.65
    c["head_flip_p"] = rng.choice((0.0, 0.0, 0.15))
    c["same_width"] = rng.random() < 0.5
    c["width"] = rng.randint(12, 30)
    c["spaced_p"] = rng.choice((0.0, 0.0, 0.08, 0.2))
    c["pad_names"] = rng.choice((0.0, 0.6, 0.9))
    c["split_bylines"] = rng.random() < 0.25
    c["boxed_bylines"] = rng.choice((0.0, 0.0, 0.3))
    c["caption_p"] = rng.choice((0.0, 0.2, 0.4))
    c["caption_away_p"] = rng.choice((0.0, 0.3))
    c["continues_p"] = rng.choice((0.0, 0.0, 0.15))
    c["source_lines"] = rng.random() < 0.15
    c["header"] = rng.random() < 0.6
    c["footer"] = rng.random() < 0.4
    c["header_inside_p"] = 0.1


def _article_blocks(
    r: _Rendered, page: _Page, fragments: list[dict[str, Any]], away_captions: list[list[str]]
) -> list[tuple[str, list[str]]]:
    """One rendered article's blocks in print order: its furniture, headline before or after its
    body, captions with it (or set aside to be placed elsewhere on the page)."""
    rng, c = page.rng, page.choices
    head_first = c["head_first"] != (rng.random() < c["head_flip_p"])
    seq: list[tuple[str, list[str]]] = []
    for f in r.furniture:
        seq.append(("furniture", f))
        fragments.append({"text": "\n".join(x.strip() for x in f), "kind": "furniture"})
    head_seq = [("head", r.head)] if r.head else []
    body_seq = [("byline", b) for b in r.byline_top] + [("body", b) for b in r.body]
    body_seq += [("tail", t) for t in r.tail]
    for t in r.tail:
        if t[0].startswith(("（下转", "(下转")):
            fragments.append({"text": t[0], "kind": "furniture"})
    if head_first:
        seq += head_seq + body_seq
    else:
        seq += body_seq + head_seq
        if r.head:
            page.features.add("head_after_body")
    for cap in r.captions:
        if rng.random() < c["caption_away_p"]:
            away_captions.append(cap)
            page.features.add("caption_away")
        elif rng.random() < 0.3 and r.head and head_first:
            seq.insert(seq.index(head_seq[0]) + 1, ("caption", cap))
        else:
            seq.append(("caption", cap))
    for f in r.tail_furniture:
        seq.append(("furniture", f))
        fragments.append({"text": "\n".join(f), "kind": "furniture"})
    return seq


def _page_furniture(
    blocks: list[tuple[str, list[str]]],
    fragments: list[dict[str, Any]],
    page: _Page,
    publication: str,
    date: str,
    label: str,
    section_name: str,
) -> None:
    """The page header (at the top, or now and then inside the page) and footer."""
    rng, c = page.rng, page.choices
    if c["header"]:
        header = _header_lines(page, publication, date, label, section_name)
        for h in header:
            fragments.append({"text": "\n".join(h), "kind": "furniture"})
        at = 0
        if rng.random() < c["header_inside_p"]:
            cuts = [k for k in range(1, len(blocks)) if blocks[k][0] != "body" or blocks[k - 1][0] != "body"]
            at = rng.choice(cuts) if cuts else 0
            page.features.add("header_inside")
        blocks[at:at] = [("furniture", h) for h in header]
    if c["footer"]:
        footer = _footer_lines(page, rng.randint(2, 240))
        for f in footer:
            fragments.append({"text": "\n".join(f), "kind": "furniture"})
        blocks += [("furniture", f) for f in footer]


def _join_blocks(blocks: list[tuple[str, list[str]]], page: _Page) -> str:
    rng = page.rng
    mode = page.choices["blank_mode"]
    parts: list[str] = []
    first = True
    for _kind, lines in blocks:
        for j, line in enumerate(lines):
            if not first:
                if mode == "always" or (mode == "mostly" and rng.random() < 0.75) or (mode == "blocks" and j == 0):
                    parts.append("\n\n")
                else:
                    parts.append("\n")
            first = False
            parts.append(line)
    return "".join(parts) + "\n"


def page_plan(seed: int, index: int, days: tuple[str, ...] | list[str]) -> tuple[str, int]:
    """(ISO date, page number) of the index-th page of a run."""
    rng = random.Random(f"pdplan-{seed}-{index}")
    day = rng.choice(list(days))
    return f"{day[:4]}-{day[4:6]}-{day[6:]}", rng.randint(1, 20)


def write_pages(
    out_dir: str | Path, pages: int, seed: int, articles: list[PDArticle], *, publication: str = "人民日报"
) -> list[Path]:
    """Write `out/<publication>/<date>/<NN>.txt` + `<NN>.gold.json`; returns the page paths."""
    out = Path(out_dir)
    days = sorted({a.day for a in articles})
    written: list[Path] = []
    used: set[Path] = set()
    for i in range(pages):
        date, page_no = page_plan(seed, i, days)
        folder = out / publication / date
        while folder / f"{page_no:02d}.txt" in used:
            page_no += 1
        txt = folder / f"{page_no:02d}.txt"
        used.add(txt)
        raw, gold = render_page(seed * 100_003 + i, articles, publication=publication, date=date, source=txt.name)
        folder.mkdir(parents=True, exist_ok=True)
        txt.write_text(raw, encoding="utf-8")
        (folder / f"{page_no:02d}.gold.json").write_text(
            json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        written.append(txt)
    return written
