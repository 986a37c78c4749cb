"""Synthetic raw pages with known answers, for testing the segmenter on unseen layouts.

`generate_page(seed, articles_source)` takes clean source articles (a headline and paragraphs) and
prints several of them (2–6) onto one raw page the way PDF/OCR extraction of a printed page looks
(see `data/raw/lvliang-daily/000_1102c3be27cc357c.txt`), and returns the raw text together with its
gold segmentation in the format of `tests/fixtures/seed_gold.json`:

    {"source": "03.txt", "publication": "…",
     "articles": [{"title", "kicker", "subtitle", "dateline", "byline", "authors": [{name, role}],
                   ["orphan_byline_accepted",] "paragraphs", "captions": [{text, credit,
                   photographers}]}, …],
     "fragments": ["□ 本报记者 X", …]}

Gold values follow the output conventions of `tests/fixtures/SEED_README.md`: paragraphs without
printed line breaks, no spaces next to CJK characters, ASCII digits/letters (the raw page may print
them full-width), CJK unified ideographs (the raw page may print Kangxi radical code points such as
⼀ for 一), `，` for an ASCII comma between two CJK characters, datelines and bylines taken out of
the first paragraph. Conventions this module had to settle beyond the README:

- a dateline printed without a personal byline (`新华社北京4月9日电 …`) gives ``dateline`` and
  ``byline`` both equal to the dateline, ``authors`` empty;
- a byline printed on its own line (`本报记者 X`, `□ 本报记者 X`, `本报记者  金  歆`) gives
  ``dateline`` null, ``byline`` ``本报记者 X`` (without the □ and the padding), role 记者;
- a subtitle keeps its leading ``——`` as printed;
- an orphan byline (no article next to it) goes to ``fragments`` as printed (stripped); when the
  page also has an untitled article without byline, that article carries
  ``orphan_byline_accepted`` like the seed gold.

Layout variety (all drawn from `random.Random(seed)`, so a seed always gives the same page): column
width 14–30 characters per article (sometimes 31–40); first line of a paragraph printed two
characters shorter (no indent spaces), last line whatever is left (often short, sometimes a full
line: a printed line never runs past its column except for hanging closing punctuation); blank lines
between printed lines (per page: always, never or mostly); headline stack before or after the body;
kicker / headline / subtitle stacks; headlines broken over two lines; a space between two parallel
phrases of a headline; datelines (`本报讯`, `本报北京4月9日电`, `新华社…电`) with bylines in
brackets, broken over lines anywhere (even inside a name), followed by body text on the same line;
standalone bylines (`本报记者 X`, `□ 本报记者 X`, two-character names padded to three); photo
captions `图为…。` with the credit on the same line or on its own line, after the body or near the
headline; in-body subheads (`烦  恼`); spaced-out justified lines (`做 好 绿 色 …章 ，加 强`);
digits and Latin letters set off by spaces (`4 月 10` / `2022 年`) and split from their unit by a
line break; ASCII commas between CJK; full-width digits/letters and Kangxi radicals; leading spaces
on some lines; orphan bylines; untitled articles.

Not covered: multi-column interleaving (lines of two articles alternating), page furniture (page
headers, dates, page numbers, ads), hyphenation/OCR misrecognitions, tables and lists, articles
continued from/to other pages, traditional-script pages.

Source articles: `load_corpus(dir)` reads the development corpora (`pku_2001_sample.txt`,
`sogou_news_sample.xml`); `fallback_articles()` is a small built-in corpus made from the seed gold so
the generator works without them.
"""

from __future__ import annotations

import html
import itertools
import json
import random
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "PUBLICATIONS",
    "GeneratedPage",
    "SourceArticle",
    "canonical_text",
    "canonical_title",
    "fallback_articles",
    "generate_page",
    "gold_han_counts",
    "han_counts",
    "load_corpus",
    "load_pku",
    "load_sogou",
    "render_page",
]


@dataclass(frozen=True)
class SourceArticle:
    """A clean article to print: canonical headline (or None) and canonical paragraphs."""

    title: str | None
    paragraphs: tuple[str, ...]
    subtitle: str | None = None
    origin: str = ""


@dataclass
class GeneratedPage:
    raw: str
    gold: dict[str, Any]
    features: set[str] = field(default_factory=set)


PUBLICATIONS = ("吕梁日报", "人民日报", "晋中日报", "山西晚报", "南方日报", "长江日报", "滨海时报")

# ------------------------------------------------------------------------------ character classes

_FULLWIDTH_ALNUM = {
    chr(c): chr(c - 0xFEE0)
    for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
    for c in range(r[0], r[1] + 1)
}
_TO_FULLWIDTH = {v: k for k, v in _FULLWIDTH_ALNUM.items()}
_KANGXI_TO_HAN = {chr(o): unicodedata.normalize("NFKC", chr(o)) for o in range(0x2F00, 0x2FD6)}
_HAN_TO_KANGXI = {v: k for k, v in _KANGXI_TO_HAN.items()}

_CLOSING = set("，。、；：！？）》」』”’…%％·")
_SENTENCE_END = set("。！？…”」』")


def _is_han(ch: str) -> bool:
    o = ord(ch)
    return 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3FFFF


def _is_cjk(ch: str) -> bool:
    """Han, CJK/full-width punctuation and symbols: characters next to which spaces are removed."""
    o = ord(ch)
    return _is_han(ch) or 0x2E80 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF or ch in "“”‘’—…·□○"


def _is_alnum_ascii(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _width(s: str) -> float:
    return sum(0.5 if ord(c) < 0x80 else 1.0 for c in s)


# ------------------------------------------------------------------------------ canonical text


def _map_chars(s: str) -> str:
    s = "".join(_FULLWIDTH_ALNUM.get(c, _KANGXI_TO_HAN.get(c, c)) for c in s)
    return s.replace("\u3000", " ").replace("\xa0", " ")


def canonical_text(s: str) -> str:
    """Text as the gold wants it: SEED_README spacing rules, ASCII digits/letters, no Kangxi radicals."""
    s = _map_chars(s)
    s = re.sub(r"\s+", " ", s).strip()
    out: list[str] = []
    for i, ch in enumerate(s):
        if ch == " ":
            prev = out[-1] if out else ""
            nxt = s[i + 1] if i + 1 < len(s) else ""
            if not prev or not nxt or _is_cjk(prev) or _is_cjk(nxt):
                continue
        out.append(ch)
    s = "".join(out)
    s = re.sub(r"(?<=[\u3400-\u9fff]),(?=[\u3400-\u9fff])", "，", s)
    return s


def canonical_title(s: str) -> str:
    """Headline: like `canonical_text`, but a gap between two CJK phrases stays one space."""
    s = re.sub(r"\s+", " ", _map_chars(s)).strip()
    keep = [i for i, ch in enumerate(s) if ch == " " and 0 < i < len(s) - 1 and _is_cjk(s[i - 1]) and _is_cjk(s[i + 1])]
    chunks, last = [], 0
    for i in keep:
        chunks.append(canonical_text(s[last:i]))
        last = i + 1
    chunks.append(canonical_text(s[last:]))
    return " ".join(c for c in chunks if c)


def han_counts(text: str) -> Counter[str]:
    """Counts of Han characters after NFKC (so Kangxi radicals count as their ideographs)."""
    return Counter(c for c in unicodedata.normalize("NFKC", text) if _is_han(c))


def gold_han_counts(gold: dict[str, Any]) -> Counter[str]:
    """Han characters the gold accounts for: every printed piece once (byline covers dateline/authors)."""
    total: Counter[str] = Counter()
    for a in gold["articles"]:
        for key in ("title", "kicker", "subtitle", "byline"):
            if a.get(key):
                total += han_counts(a[key])
        for p in a["paragraphs"]:
            total += han_counts(p)
        for c in a["captions"]:
            total += han_counts(c["text"])
            if c["credit"]:
                total += han_counts(c["credit"])
    for f in gold["fragments"]:
        total += han_counts(f)
    return total


# ------------------------------------------------------------------------------ corpora

_TITLE_BAD = re.compile(r"^—|[；，。]$|[：:．\.…［\[\]（）()／/－\-·●★]|^\d|图片|编者|目录|天气|版）")
_DATELINE_PKU = re.compile(
    r"^据?(?:本报|新华社|人民日报|中新社)[^，。：“”]{0,24}?(?:电|讯)"
    r"(?:（[^）]{0,40}）)?(?:[^：。，“”]{0,12}记者[^：。，“”]{1,30}?报道：)?"
    r"|^[^：。，“”]{0,12}记者[^：。，“”]{1,30}?报道："
)
_CREDIT_PKU = re.compile(r"（[^（）]{0,30}摄）|（附图片\d+张）|（图片）")


def _good_paragraph(p: str) -> bool:
    return len(p) >= 12 and p[-1] in _SENTENCE_END and not p.startswith(("●", "（", "·")) and "℃" not in p


def _clip_article(paragraphs: list[str], max_chars: int = 1400, max_paras: int = 7) -> list[str]:
    out: list[str] = []
    total = 0
    for p in paragraphs:
        if out and (total + len(p) > max_chars or len(out) >= max_paras):
            break
        out.append(p)
        total += len(p)
    return out


def _split_title(title: str) -> tuple[str, str | None]:
    if "——" in title:
        head, _, tail = title.partition("——")
        tail = tail.strip("—")
        if len(head) >= 4 and len(tail) >= 3:
            return head, "——" + tail
    return title, None


def load_pku(path: str | Path) -> list[SourceArticle]:
    """人民日报 2001 sample: headline lines (short, no final punctuation) followed by paragraphs."""
    text = Path(path).read_text(encoding="utf-8-sig")
    articles: list[SourceArticle] = []
    title: str | None = None
    body: list[str] = []

    def flush() -> None:
        if title is not None and len(body) >= 2:
            paras = _clip_article(body)
            head, sub = _split_title(title)
            ct = canonical_title(head)
            if 4 <= len(ct) <= 30 and not _TITLE_BAD.search(ct):
                articles.append(SourceArticle(ct, tuple(paras), canonical_text(sub) if sub else None, "pku"))

    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        # A headline may end with a closing quote (佳木斯大投入铺就“民心路”): short, and no sentence or
        # clause punctuation anywhere in it (a quoted sentence ends “…。”).
        is_head = (
            len(line) <= 32
            and (
                line[-1] not in "。！？…”」』；：，、）)"
                or (line[-1] in "”」』" and not re.search(r"[。！？…；：，]", line))
            )
            and not line.startswith(("●", "（", "·"))
        )
        if is_head:
            if title is not None and not body:
                continue  # a second short line right after a headline (编者的话 …): keep the first
            flush()
            title = _CREDIT_PKU.sub("", line)
            body = []
            continue
        if title is None:
            continue
        if not body:
            line = _DATELINE_PKU.sub("", line)
        line = canonical_text(_CREDIT_PKU.sub("", line))
        if _good_paragraph(line):
            body.append(line)
        else:
            flush()
            title, body = None, []
    flush()
    return articles


_SOGOU_DOC = re.compile(r"<contenttitle>(.*?)</contenttitle>\s*<content>(.*?)</content>", re.S)
_SOGOU_BYLINE = re.compile(
    r"^(?:[^，。！？“”]{0,12}?】)?[　 ]*(?:（(?:记者|通讯员)[^）]{0,30}）)?"
    r"|^[^，。！？“”]{0,10}?讯[　 ]*(?:（[^）]{0,30}）)?[　 ]*"
    r"(?:(?:记者|通讯员|实习生)?[　 ]*[\u4e00-\u9fff]{2,3}[　 ]+)*"
)


def load_sogou(path: str | Path) -> list[SourceArticle]:
    """SogouCS sample: `<contenttitle>` + `<content>`; the content is split into paragraphs of sentences."""
    raw = Path(path).read_text(encoding="utf-8")
    articles: list[SourceArticle] = []
    for i, (t, c) in enumerate(_SOGOU_DOC.findall(raw)):
        t, c = html.unescape(t).strip(), html.unescape(c).strip()
        if not t or len(c) < 150 or "［" in c[:20] or c.startswith(("·", "１、", "导读")):
            continue
        head, sub = _split_title(t)
        title = canonical_title(head)
        if not (5 <= len(title) <= 30) or _TITLE_BAD.search(title) or title.count(" ") > 1:
            continue
        c = _SOGOU_BYLINE.sub("", c)
        sentences = [canonical_text(s) for s in re.findall(r"[^。！？]*[。！？]+[”」]?", c)]
        sentences = [s for s in sentences if s]
        if len(sentences) < 3:
            continue
        paras: list[str] = []
        k = 2 + i % 3
        for j in range(0, len(sentences), k):
            p = "".join(sentences[j : j + k])
            if len(p) >= 12:
                paras.append(p)
        paras = [p for p in paras if p[-1] in _SENTENCE_END]
        if len(paras) >= 2:
            articles.append(
                SourceArticle(title, tuple(_clip_article(paras)), canonical_text(sub) if sub else None, "sogou")
            )
    return articles


def load_corpus(corpora_dir: str | Path | None) -> list[SourceArticle]:
    """Articles from the development corpora in `corpora_dir`; the built-in fallback when absent."""
    articles: list[SourceArticle] = []
    if corpora_dir is not None:
        d = Path(corpora_dir)
        if (d / "pku_2001_sample.txt").is_file():
            articles += load_pku(d / "pku_2001_sample.txt")
        if (d / "sogou_news_sample.xml").is_file():
            articles += load_sogou(d / "sogou_news_sample.xml")
    return articles or fallback_articles()


# ------------------------------------------------------------------------------ names and places

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉玲建国红飞斌宇浩凯健俊帆帅旭宁亮波晨晓欣婷"
    "雪琳颖倩琦瑶佳雅茜笑歆益炜永文海德智利渊志远博晗"
)
_PLACES = (
    "北京",
    "上海",
    "太原",
    "吕梁",
    "广州",
    "武汉",
    "成都",
    "西安",
    "南京",
    "杭州",
    "长沙",
    "郑州",
    "兰州",
    "拉萨",
    "香港",
    "华盛顿",
    "巴黎",
    "莫斯科",
    "东京",
    "开罗",
)
_SUBHEADS = ("烦恼", "出路", "变化", "收获", "坚守", "希望", "转机", "新气象", "记者手记", "一线见闻", "老问题新办法")


def _name(rng: random.Random, two: bool | None = None) -> str:
    n = 1 if (two if two is not None else rng.random() < 0.45) else 2
    return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(n))


# ------------------------------------------------------------------------------ rendering helpers


def _tokens(text: str) -> list[str]:
    """Wrap units: one CJK char, or an ASCII run (words with inner spaces stay together)."""
    return re.findall(r"[A-Za-z0-9][A-Za-z0-9.%:/+\-' ]*[A-Za-z0-9%]|[A-Za-z0-9]|\s|.", text)


def _wrap(tokens: list[str], first_cap: float, cap: float) -> list[list[str]]:
    """Greedy line breaking: a line holds at most its capacity, plus closing punctuation that may not
    start a line (hanging punctuation). The last line of a paragraph is whatever is left, up to a full
    line: a printed line never runs past its column."""
    lines: list[list[str]] = []
    cur: list[str] = []
    w = 0.0
    capacity = first_cap
    for tok in tokens:
        tw = _width(tok)
        if cur and w + tw > capacity:
            if tok in _CLOSING or (len(tok) == 1 and tok in "”’"):
                cur.append(tok)  # no line starts with closing punctuation
                w += tw
                continue
            lines.append(cur)
            cur, w, capacity = [], 0.0, cap
        if not cur and tok == " ":
            continue
        cur.append(tok)
        w += tw
    if cur:
        lines.append(cur)
    return lines


def _spaced_out(tokens: list[str]) -> str:
    """`做 好 绿 色 低 碳 发 展 文 章 ，加 强`: a space before every unit except after CJK punctuation."""
    out = ""
    for tok in tokens:
        if tok == " ":
            continue
        if out and out[-1] not in "，。、；：！？“‘（《":
            out += " "
        out += tok
    return out


class _Style:
    """Per-page decoration settings."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        r = rng.random()
        self.blank_mode = "always" if r < 0.55 else ("never" if r < 0.75 else "mostly")
        self.num_space_p = rng.choice((0.0, 0.3, 0.6, 0.9))
        self.comma_p = rng.choice((0.0, 0.0, 0.05, 0.2))
        self.kangxi_p = rng.choice((0.0,) * 5 + (0.05, 0.3))
        self.fullwidth = rng.random() < 0.15
        self.lead_space_p = rng.choice((0.0, 0.02, 0.08))


def _decorate(line: str, style: _Style, features: set[str], *, kangxi: bool = True, lead: bool = False) -> str:
    rng = style.rng
    # digits / Latin set off by spaces from Han
    if style.num_space_p and re.search(r"[0-9A-Za-z]", line):
        out = []
        for i, ch in enumerate(line):
            if (
                i
                and ((_is_han(line[i - 1]) and _is_alnum_ascii(ch)) or (_is_alnum_ascii(line[i - 1]) and _is_han(ch)))
                and rng.random() < style.num_space_p
            ):
                out.append(" ")
                features.add("number_spaces")
            out.append(ch)
        line = "".join(out)
    if style.comma_p:
        chars = list(line)
        for i in range(1, len(chars) - 1):
            if chars[i] == "，" and _is_han(chars[i - 1]) and _is_han(chars[i + 1]) and rng.random() < style.comma_p:
                chars[i] = ","
                features.add("ascii_comma")
        line = "".join(chars)
    if style.fullwidth and re.search(r"[0-9A-Za-z]", line):
        line = "".join(_TO_FULLWIDTH.get(c, c) for c in line)
        features.add("fullwidth_alnum")
    if kangxi and style.kangxi_p:
        chars = list(line)
        for i, c in enumerate(chars):
            if c in _HAN_TO_KANGXI and rng.random() < style.kangxi_p:
                chars[i] = _HAN_TO_KANGXI[c]
                features.add("kangxi_radicals")
        line = "".join(chars)
    if lead and style.lead_space_p and rng.random() < style.lead_space_p * 4:
        line = " " + line
        features.add("leading_space")
    return line


@dataclass
class _Byline:
    raw_prefix: list[str]  # wrap tokens printed before the body on the first line ("" when standalone)
    standalone: str | None  # a printed line of its own
    dateline: str | None
    byline: str | None
    authors: list[dict[str, Any]]


def _credit_group(rng: random.Random) -> list[tuple[str | None, list[str]]]:
    r = rng.random()
    if r < 0.35:
        return [("记者", [_name(rng)])]
    if r < 0.5:
        return [("记者", [_name(rng), _name(rng)])]
    if r < 0.68:
        return [("记者", [_name(rng)]), ("通讯员", [_name(rng) for _ in range(rng.randint(1, 2))])]
    if r < 0.8:
        return [("记者", [_name(rng)]), ("实习生", [_name(rng)])]
    if r < 0.86:
        return [("通讯员", [_name(rng)])]
    if r < 0.91:
        return [(rng.choice(("特约记者", "见习记者")), [_name(rng)])]
    return [(None, [_name(rng) for _ in range(rng.randint(1, 2))])]


def _make_byline(rng: random.Random, features: set[str]) -> _Byline | None:
    r = rng.random()
    if r < 0.1:
        return None
    if r < 0.3:  # standalone 本报记者 X
        names = [_name(rng)] if rng.random() < 0.8 else [_name(rng, False), _name(rng, False)]
        box = rng.random() < 0.4
        pad = len(names) == 1 and len(names[0]) == 2 and rng.random() < 0.6
        printed_names = [f"{n[0]}  {n[1]}" if pad else n for n in names]
        sep = "  " if pad else " "
        printed = ("□ " if box else "") + "本报记者" + sep + " ".join(printed_names)
        features.add("standalone_byline")
        if box:
            features.add("boxed_byline")
        if pad:
            features.add("padded_name")
        return _Byline([], printed, None, "本报记者 " + " ".join(names), [{"name": n, "role": "记者"} for n in names])
    # dateline + bracketed byline, inline before the body
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    r2 = rng.random()
    if r2 < 0.5:
        dateline = "本报讯"
    elif r2 < 0.75:
        dateline = f"本报{rng.choice(_PLACES)}{m}月{d}日电"
    elif r2 < 0.85:
        dateline = f"本报{rng.choice(_PLACES)}{m}月{d}日讯"
    else:
        dateline = f"新华社{rng.choice(_PLACES)}{m}月{d}日电"
    features.add(
        "dateline_"
        + ("benbaoxun" if dateline == "本报讯" else "xinhua" if dateline.startswith("新华社") else "benbao_place")
    )
    if dateline.startswith("新华社") and rng.random() < 0.4:
        features.add("dateline_only")
        return _Byline([*_tokens(dateline), " "], None, dateline, dateline, [])
    groups = _credit_group(rng)
    inner = " ".join(((role + " ") if role else "") + " ".join(names) for role, names in groups)
    authors = [{"name": n, "role": role} for role, names in groups for n in names]
    if any(role == "通讯员" for role, _ in groups):
        features.add("byline_tongxunyuan")
    if any(role is None for role, _ in groups):
        features.add("byline_no_role")
    printed = dateline + rng.choice((" ", " ", "")) + "（" + inner + "）" + rng.choice((" ", " ", ""))
    return _Byline(list(printed), None, dateline, f"{dateline}（{inner}）", authors)


def _clause(rng: random.Random, paragraphs: Sequence[str], lo: int, hi: int) -> str | None:
    clauses = [
        c
        for p in paragraphs
        for c in re.split(r"[，。！？；：、“”‘’《》（）]", p)
        if lo <= len(c) <= hi and all(_is_han(ch) for ch in c)
    ]
    return rng.choice(clauses) if clauses else None


def _print_paragraph(
    text: str, width: int, style: _Style, features: set[str], prefix: list[str] | None = None, spaced_p: float = 0.0
) -> list[str]:
    tokens = (prefix or []) + _tokens(text)
    lines = _wrap(tokens, width - 2, width)
    if prefix and len(lines) > 1 and len(lines[0]) < len(prefix):
        features.add("byline_broken")
        k = len(lines[0])
        if _is_han(prefix[k - 1][-1]) and k < len(prefix) and _is_han(prefix[k][0]) and "（" in "".join(prefix[:k]):
            features.add("byline_broken_in_name")
    for a, b in itertools.pairwise(lines):
        if a and b and _is_alnum_ascii(a[-1][-1]) and _is_han(b[0][0]):
            features.add("number_line_break")
    out = []
    for i, toks in enumerate(lines):
        is_body_only = not (prefix and i == 0)
        if is_body_only and i < len(lines) - 1 and spaced_p and style.rng.random() < spaced_p:
            out.append(_decorate(_spaced_out(toks), style, features))
            features.add("spaced_out")
        else:
            line = "".join(toks).rstrip()
            out.append(_decorate(line, style, features, lead=bool(prefix and i == 0)))
    return out


def _print_title(title: str, rng: random.Random, features: set[str]) -> list[str]:
    if " " in title:
        features.add("title_space")
        title_printed = title.replace(" ", rng.choice((" ", " ", "  ", "\u3000")))
    else:
        title_printed = title
    if len(title) >= 10 and " " not in title and rng.random() < 0.3:
        cut = rng.randint(max(3, len(title) // 2 - 3), min(len(title) - 3, len(title) // 2 + 3))
        # do not cut before closing punctuation or inside an ASCII run
        while cut < len(title) - 1 and (
            title[cut] in _CLOSING or (_is_alnum_ascii(title[cut]) and _is_alnum_ascii(title[cut - 1]))
        ):
            cut += 1
        if 0 < cut < len(title):
            features.add("title_two_lines")
            return [title_printed[:cut], title_printed[cut:]]
    return [title_printed]


def _render_article(
    src: SourceArticle, rng: random.Random, style: _Style, features: set[str], *, untitled: bool
) -> tuple[list[list[str]], dict[str, Any]]:
    """Printed blocks (each a list of lines, in page order) and the gold article."""
    width = rng.randint(14, 30) if rng.random() < 0.9 else rng.randint(31, 40)
    features.add("narrow_column" if width <= 18 else "wide_column" if width >= 27 else "medium_column")
    paragraphs = [p for p in src.paragraphs if p]

    # headline stack
    title = None if untitled else src.title
    kicker = subtitle = None
    if title is not None:
        if " " not in title and "，" in title and title.count("，") == 1 and rng.random() < 0.5:
            a, b = title.split("，")
            if len(a) >= 3 and len(b) >= 3 and _is_han(a[-1]) and _is_han(b[0]):
                title = a + " " + b
        if rng.random() < 0.3:
            kicker = _clause(rng, paragraphs, 8, 22)
        subtitle = src.subtitle
        if subtitle is None and rng.random() < 0.2:
            c = _clause(rng, paragraphs, 6, 18)
            subtitle = ("——" + c) if c else None
    else:
        features.add("untitled")

    # in-body subheads
    if len(paragraphs) >= 4 and rng.random() < 0.2:
        at = rng.randint(1, len(paragraphs) - 2)
        paragraphs.insert(at, rng.choice(_SUBHEADS))
        features.add("subhead")

    byline = _make_byline(rng, features) if (title is not None or rng.random() < 0.5) else None

    spaced_p = rng.choice((0.0, 0.0, 0.08, 0.2))
    body_lines: list[str] = []
    if byline and byline.standalone:
        body_lines.append(_decorate(byline.standalone, style, features, kangxi=False, lead=True))
    for i, p in enumerate(paragraphs):
        if p in _SUBHEADS:
            sub = ("  ".join(p) if len(p) == 2 else p) if rng.random() < 0.7 else " ".join(p)
            body_lines.append(rng.choice(("", " ", "  ")) + sub)
            continue
        prefix = byline.raw_prefix if (i == 0 and byline and byline.raw_prefix) else None
        body_lines += _print_paragraph(p, width, style, features, prefix, spaced_p)

    head_lines: list[str] = []
    if kicker:
        head_lines.append(kicker)
        features.add("kicker")
    if title:
        head_lines += _print_title(title, rng, features)
    if subtitle:
        head_lines.append(subtitle)
        features.add("subtitle")
    head_lines = [_decorate(h, style, features) for h in head_lines]

    captions: list[dict[str, Any]] = []
    cap_lines: list[str] = []
    if rng.random() < 0.3:
        c = _clause(rng, paragraphs, 8, 30)
        if c:
            text = "图为" + c + "。"
            r = rng.random()
            names = [_name(rng)] if rng.random() < 0.85 else [_name(rng), _name(rng)]
            role = "记者 " if r < 0.6 else "新华社记者 " if r < 0.7 else "通讯员 " if r < 0.85 else ""
            credit = role + " ".join(names) + " 摄"
            captions.append({"text": text, "credit": credit, "photographers": names})
            features.add("caption")
            if rng.random() < 0.5:
                cap_lines = [text + rng.choice((" ", "  ", "\u3000")) + credit]
                features.add("caption_credit_same_line")
            else:
                cap_lines = [text, credit]
                features.add("caption_credit_own_line")
            cap_lines = [_decorate(ln, style, features, lead=True) for ln in cap_lines]

    # arrange: headline before or after the body; caption after the body or near the headline
    head_first = bool(head_lines) and rng.random() < 0.5
    if head_lines:
        features.add("head_before_body" if head_first else "head_after_body")
    blocks: list[list[str]] = []
    cap_pos = rng.choice(("after_body", "after_body", "near_head", "before_all")) if cap_lines else None
    if cap_pos == "before_all":
        blocks.append(cap_lines)
        features.add("caption_before")
    if head_first:
        blocks.append(head_lines)
        if cap_pos == "near_head":
            blocks.append(cap_lines)
        blocks.append(body_lines)
    else:
        blocks.append(body_lines)
        if head_lines:
            blocks.append(head_lines)
    if cap_pos == "after_body" or (cap_pos == "near_head" and not head_first):
        blocks.append(cap_lines)

    gold = {
        "title": title,
        "kicker": kicker,
        "subtitle": subtitle,
        "dateline": byline.dateline if byline else None,
        "byline": byline.byline if byline else None,
        "authors": byline.authors if byline else [],
        "paragraphs": paragraphs,
        "captions": captions,
    }
    return blocks, gold


# ------------------------------------------------------------------------------ the page


def render_page(
    seed: int,
    articles_source: Sequence[SourceArticle] | None = None,
    *,
    publication: str = "样例日报",
    source: str = "01.txt",
) -> GeneratedPage:
    """Like `generate_page`, also returning the set of layout features used on the page."""
    pool = list(articles_source) if articles_source else fallback_articles()
    rng = random.Random(seed)
    style = _Style(rng)
    features: set[str] = {"blank_" + style.blank_mode}
    n = rng.randint(2, min(6, max(2, len(pool))))
    chosen = rng.sample(pool, n) if len(pool) >= n else [rng.choice(pool) for _ in range(n)]

    untitled_at = rng.randrange(n) if rng.random() < 0.2 else None
    page_blocks: list[list[str]] = []
    gold_articles: list[dict[str, Any]] = []
    for i, src in enumerate(chosen):
        blocks, gold = _render_article(src, rng, style, features, untitled=(i == untitled_at or src.title is None))
        page_blocks += blocks
        gold_articles.append(gold)

    fragments: list[str] = []
    if rng.random() < 0.15:
        name = _name(rng)
        orphan = rng.choice(("□ ", "")) + "本报记者 " + name
        fragments.append(orphan)
        features.add("orphan_byline")
        untitled = [a for a in gold_articles if a["title"] is None and a["byline"] is None]
        if untitled:
            # after "authors", as in the seed gold
            a = untitled[0]
            items = list(a.items())
            a.clear()
            for k, v in items:
                a[k] = v
                if k == "authors":
                    a["orphan_byline_accepted"] = "本报记者 " + name
        page_blocks.insert(
            rng.choice((0, rng.randrange(len(page_blocks) + 1))), [(" " if rng.random() < 0.5 else "") + orphan]
        )

    lines: list[str] = []
    for block in page_blocks:
        lines += block
    parts: list[str] = []
    for i, line in enumerate(lines):
        if i:
            if style.blank_mode == "always" or (style.blank_mode == "mostly" and rng.random() < 0.75):
                parts.append("\n\n")
            else:
                parts.append("\n")
        parts.append(line)
    raw = "".join(parts) + "\n"

    gold = {"source": source, "publication": publication, "articles": gold_articles, "fragments": fragments}
    return GeneratedPage(raw, gold, features)


def generate_page(
    seed: int,
    articles_source: Sequence[SourceArticle] | None = None,
    *,
    publication: str = "样例日报",
    source: str = "01.txt",
) -> tuple[str, dict[str, Any]]:
    """One synthetic raw page and its gold segmentation; the same seed gives the same page."""
    page = render_page(seed, articles_source, publication=publication, source=source)
    return page.raw, page.gold


def page_plan(seed: int, index: int) -> tuple[str, str, int]:
    """(publication, ISO date, page number) for the index-th page of a run with this seed."""
    rng = random.Random(f"plan-{seed}-{index}")
    pub = rng.choice(PUBLICATIONS)
    year = rng.randint(2000, 2023)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    return pub, f"{year:04d}-{month:02d}-{day:02d}", rng.randint(1, 16)


def write_pages(out_dir: str | Path, pages: int, seed: int, articles_source: Sequence[SourceArticle]) -> list[Path]:
    """Write `out/<publication>/<date>/<NN>.txt` + `<NN>.gold.json` for `pages` pages; returns the .txt paths."""
    out = Path(out_dir)
    written: list[Path] = []
    used: set[Path] = set()
    for i in range(pages):
        pub, date, page_no = page_plan(seed, i)
        folder = out / pub / date
        while folder / f"{page_no:02d}.txt" in used:
            page_no += 1
        txt = folder / f"{page_no:02d}.txt"
        used.add(txt)
        raw, gold = generate_page(seed * 100_003 + i, articles_source, publication=pub, source=txt.name)
        folder.mkdir(parents=True, exist_ok=True)
        txt.write_text(raw, encoding="utf-8")
        (folder / f"{page_no:02d}.gold.json").write_text(
            json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        written.append(txt)
    return written


# ------------------------------------------------------------------------------ fallback corpus


def fallback_articles() -> list[SourceArticle]:
    """A small built-in corpus (from the seed page's gold), used when the corpora are absent."""
    return [SourceArticle(t, tuple(ps), None, "seed") for t, ps in _FALLBACK]


_FALLBACK: tuple[tuple[str | None, tuple[str, ...]], ...] = (
    (
        "中阳县：奋力打造“一心五区”县域经济发展新格局",
        (
            "实干开新局，奋进正当时。吕梁市“两会”召开以来，中阳县认真学习，全面贯彻落实市“两会”精神，结合县域实际发展情况，主动服务和融入新发展格局，从推动产业转型、推进乡村振兴等七方面入手，高标准打造“一心五区”县域经济发展新格局，奋力谱写中国式现代化中阳篇章。",
            "着力推动产业转型，锻造高质量发展基石。以产业链“链长制”和特色专业镇为抓手，加速新兴产业培育壮大，推动煤炭清洁高效利用，加快钢铁产业转型升级，做大做强数字产业，积极发展清洁能源，加快发展商贸流通产业，促进文旅产业融合发展。",
            "着力优化生态环境质量，绘就高质量发展绿色画卷。坚决扛起黄河流域生态保护和高质量发展的政治责任，深入打好污染防治攻坚战，做好绿色低碳发展文章，加强森林资源保护利用，稳步推进国家森林城市创建工作，不断放大绿色生态优势。",
            "着力增进群众民生福祉，共享高质量发展幸福成果。办好人民满意教育，提高社会保障水平，推动健康中阳建设。集中力量办好5件民生实事，“银龄安康保险”65岁以上老年人统保全覆盖，努力让群众生活品位更高、成色更足、质量更好。",
        ),
    ),
    (
        "交口县：夯基蓄势稳中进 步履铿锵勇向前",
        (
            "蓝图远景催奋进，实干笃行正当时。市“两会”召开以来，交口县全面贯彻落实市“两会”精神，始终将讲政治的要求烙在灵魂深处，把抓发展的意识提到全新高度，把惠民生的实事办到群众心坎上，奋力推动各项工作再上新台阶。",
            "2023年，交口县瞄准“三优两区”建设目标，坚定扛起高质量发展新使命，着力推进优势产业在延链补链中做大做强。加快推进农业迪士尼开工，打造形成以农业迪士尼为知名IP的独一无二生态文旅县。",
            "推进乡村振兴在巩固拓展中出新路。坚决守住不发生规模性返贫底线，继续聚焦“优美乡村”示范村，创建4个市级乡村振兴示范村。加快乡村e镇建设，全力叫响“维仕杰”沙棘、“云梦山”冻绿叶茶等品牌产业。",
            "推进社会事业在精管善治中示范引领。聚焦人民群众普遍关心的急难愁盼问题，以吕梁上海实验小学和实验幼儿园幼小衔接为示范，提升教育办学水平，带动基础教育发展大提升。",
        ),
    ),
    (
        "建强小区党支部 做好居民自治“大文章”",
        (
            "4月10日晚，市委书记孙大军深入离石区滨河街道美景华庭小区调研，围绕党建引领居民自治同小区党支部书记、党员代表、居民代表进行座谈，他强调，要着力建强小区党支部，做好居民自治这篇“大文章”。市委常委、组织部长张欣宁参加。",
            "美景华庭小区2022年成立党支部，支部书记兼任业主委员会主任，支部成员志愿服务小区居民，小区党员充分发挥表率作用，带领居民自办物业，走出了一条党建引领居民自治的新路，为城市基层治理创造了成功经验。",
            "孙大军还就小区居民反映的楼体立面刷新、用电分户管理、附近道路塌陷、小区法律援助等问题，现场协调解决。",
        ),
    ),
    (
        None,
        (
            "4月3日，学习贯彻习近平新时代中国特色社会主义思想主题教育工作会议在北京召开。连日来，我市广大党员干部纷纷通过报刊、电视、网络等媒介认真学习领会习总书记重要讲话精神。",
            "“习近平生态文明思想是习近平新时代中国特色社会主义思想的重要组成部分，是我们开展生态修复工作的根本遵循。我们要把学习成效转化为攻坚克难、干事创业的强大动力，守护母亲河。”市自然资源局国土空间生态修复科科长冯渊告诉记者。",
        ),
    ),
    (
        "吕梁市政府办公室口举办学习贯彻党的二十大精神知识竞答“擂台争霸赛”",
        (
            "为持续推动学习贯彻党的二十大精神走深走实，4月6日，由吕梁市政府办公室口举办的学习贯彻党的二十大精神知识竞答“擂台争霸赛”在吕梁广播电视台三楼演播厅拉开帷幕。",
            "经过层层选拔，吕梁市政府办公室代表队、吕梁市行政审批局代表队、吕梁市金融办代表队等6支队伍入围决赛。知识竞赛以党的二十大报告、吕梁时事和《中国共产党章程》为主要内容，共设置个人必答题、团队共答题、快问快答题、抢答题、论述题等五个环节。",
            "活动现场，各参赛选手精神饱满、斗志昂扬，凭借自身理论知识储备展开激烈角逐，整场比赛气氛热烈，高潮迭起。",
            "经过一个小时的精彩角逐，最终，市信访局夺得团体一等奖，市外事办和市政府办夺得团体二等奖。此外，十八位参赛选手分别获得个人一等奖、二等奖、三等奖及优秀奖。",
        ),
    ),
)
