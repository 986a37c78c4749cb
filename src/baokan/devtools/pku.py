"""人民日报 articles of January 2001 (the PKU sample in the development corpora) for `pdgen`.

The sample is plain text, one paragraph per line, with article boundaries not marked: a headline
is a short line with no closing punctuation. What this module cannot read
with confidence (picture stories, weather boxes, headlines run together with their kicker or
subtitle, reports quoted through `据…电`, mixed-role bylines) is left out rather than guessed, so
the gold of a rendered page says what the page prints.

These articles are a different year, desk and house style from the 2025 days the segmenter is
tuned on (2001 datelines print `本报北京12月31日讯记者吴坤胜报道：`), so a page built from them
measures content the rules were not written against.
"""

from __future__ import annotations

import re
from pathlib import Path

from baokan.devtools.pagegen import canonical_text
from baokan.devtools.pdgen import Credit, PDArticle, load_peopledaily

PKU_FILE = "pku_2001_sample.txt"
PKU_DAY = "20010101"
_HEADLINE_MAX = 16  # longer lines are mostly a kicker and its headline run together
_BOUNDARY_MAX = 40
_ARTICLES_PER_SECTION = 8

_CLOSING = "。！？；：…）)!?;:"
_QUOTE_ENDS = "”’」』"
_DATELINE_RE = re.compile(
    r"^((?:本报|新华社)(?:[\u4e00-\u9fff]{1,8}?(?:\d{4}年)?\d{1,2}月\d{1,2}日)?(?:专电|电|讯))"
    r"(?:记者([\u4e00-\u9fff、]{2,24}?)报道：|（记者([\u4e00-\u9fff、]{2,24})）)?"
)
_NAME_RE = re.compile(r"[\u4e00-\u9fff]{2,4}")
_LEFT_OUT_RE = re.compile(r"图片|摄）|^据|^（.*电）$|编者|^图为|^—|预报|^（[^）]*$|^第[一二三四五六七八九十百]+条")
# law text, dates, weather, numbered sections of one long article
_NOT_A_HEADLINE_RE = re.compile(
    r"^第[一二三四五六七八九十]+[章节条]|^\d{4}年|℃|^[一二三四五六七八九十]+、|^[一二三再]当"
)


def _is_headline(line: str, following: str | None) -> bool:
    """A line that opens an article; the article is left out when the line is longer than a
    headline this module trusts (kicker and headline run together) or is not a headline."""
    return (
        0 < len(line) <= _BOUNDARY_MAX
        and line.rstrip(_QUOTE_ENDS)[-1:] not in _CLOSING
        and not line.startswith(("（", "●", "——", "—"))
        and following is not None
    )


def _split_articles(lines: list[str]) -> list[tuple[str, list[str]]]:
    """(headline, paragraphs) runs: each headline line opens an article."""
    out: list[tuple[str, list[str]]] = []
    for i, line in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else None
        if _is_headline(line, following):
            out.append((line, []))
        elif out:
            out[-1][1].append(line)
    return out


def _dateline(first: str) -> tuple[str | None, tuple[Credit, ...], str, str] | None:
    """Dateline, its credits, the printed head and the paragraph's remaining text; None when the
    head is one this module does not read (several roles, names it cannot split)."""
    m = _DATELINE_RE.match(first)
    if m is None:
        return None, (), "", first
    rest = first[m.end() :]
    if len(rest) < 5 or rest.startswith(("新华社记者", "本报记者", "记者")):
        return None
    names_text = m.group(2) or m.group(3)
    credits: tuple[Credit, ...] = ()
    if names_text:
        names = tuple(names_text.split("、"))
        if not all(_NAME_RE.fullmatch(n) for n in names):
            return None
        credits = (Credit("记者", names),)
    return m.group(1), credits, first[: m.end()], rest


def _article(index: int, title: str, paras: list[str]) -> PDArticle | None:
    body = [p for p in paras if p]
    if len(body) < 2 or sum(len(p) for p in body) < 120:
        return None
    if len(title) > _HEADLINE_MAX or "——" in title or _NOT_A_HEADLINE_RE.search(title):
        return None
    if any(_LEFT_OUT_RE.search(p) for p in [title, *body]):
        return None
    if sum(len(p) < 15 for p in body) * 3 > len(body):  # weather boxes, lists of short items
        return None
    if any(len(p) <= _HEADLINE_MAX and p[-1] in "？！?!" for p in body):  # a headline or a one-line cry
        return None
    dated = _dateline(body[0])
    if dated is None:
        return None
    dateline, credits, printed, rest = dated
    paragraphs = tuple(canonical_text(p) for p in [rest, *body[1:]])
    if not all(paragraphs):
        return None
    return PDArticle(
        day=PKU_DAY,
        section_no=str(index // _ARTICLES_PER_SECTION + 1),
        section_name="",
        kicker=None,
        title=canonical_text(title),
        subtitle=None,
        paragraphs=paragraphs,
        intertitles=frozenset(),
        dateline=dateline,
        dateline_credits=credits,
        dateline_printed=printed,
    )


def load_pku2001(corpora_dir: str | Path) -> list[PDArticle]:
    """The sample's articles this module reads with confidence; [] without the file."""
    path = Path(corpora_dir) / PKU_FILE
    if not path.is_file():
        return []
    lines = [line.strip() for line in path.read_text(encoding="utf-8-sig").splitlines()]
    lines = [line for line in lines if line]
    out: list[PDArticle] = []
    for title, paras in _split_articles(lines):
        art = _article(len(out), title, paras)
        if art is not None:
            out.append(art)
    return out


ARTICLE_SOURCES = ("pd2025", "pku2001")  # the generators' `--articles` choices


def load_articles(source: str, corpora_dir: Path | None, days: tuple[str, ...]) -> tuple[list[PDArticle], str]:
    """The articles of `source` (`pd2025`: the 人民日报 days `days`; `pku2001`: this sample), [] without
    the corpora, and what was looked for (for the error message)."""
    if source == "pku2001":
        return (load_pku2001(corpora_dir) if corpora_dir else []), PKU_FILE
    wanted = f"人民日报 articles of {','.join(days)}"
    return (load_peopledaily(corpora_dir, days) if corpora_dir else []), wanted
