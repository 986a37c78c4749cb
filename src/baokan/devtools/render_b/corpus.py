"""Stories from the 人民日报 day files: the printed structure read from ``markdown_body``.

One file per day, ``articles_YYYYMMDD.json``, a list of objects whose ``markdown_body`` carries the
headline stack (``### kicker``, ``# headline``, ``## subtitle``), the byline quote line
(``> 本报记者  徐元锋  张  文《人民日报》（…第 01 版）``) and the body, with ``**intertitles**`` and a
dateline opening the first paragraph (``本报北京6月11日电  （记者林丽鹂）…``).

Everything a page needs to print an article and to write its gold is read here once: names are
unpadded (``张  文`` → ``张文``), photo captions and their credit lines are lifted out of the body,
graphic credits (``数据来源：…``, ``本期统筹：…``) become notes printed beside the article, and the
trailing production credits (``（本报记者王沛整理）``) are left out of the page. Articles that are
compilations of several signed pieces (a name alone or ``职务  姓名`` inside the body) are skipped:
their true segmentation is not known from the markdown.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from baokan.devtools.render_b.norm import norm_chars, norm_para

__all__ = ["Byline", "Caption", "CorpusError", "Dateline", "Story", "load_day", "parse_article", "split_names"]

ROLE_OF = {
    "本报记者": "记者",
    "新华社记者": "记者",
    "人民网记者": "记者",
    "记者": "记者",
    "本报通讯员": "通讯员",
    "通讯员": "通讯员",
    "本报实习生": "实习生",
    "实习生": "实习生",
    "本报特约记者": "特约记者",
    "特约记者": "特约记者",
    "见习记者": "见习记者",
}
COLLECTIVE = {"本报评论员", "本报评论部", "新华社评论员", "新华社记者", "本报记者", "人民网记者"}


class CorpusError(Exception):
    """A day file is missing or not in the expected format."""


@dataclass
class Byline:
    """A standalone byline: a role word and names, a name alone, or a collective signature."""

    role_word: str | None
    names: list[str]
    sep: str = " "
    collective: str | None = None

    def gold(self) -> str:
        if self.collective is not None:
            return self.collective
        names = self.sep.join(self.names)
        return f"{self.role_word} {names}" if self.role_word else names

    def authors(self) -> list[dict[str, str | None]]:
        role = ROLE_OF.get(self.role_word) if self.role_word else None
        return [{"name": n, "role": role} for n in self.names]


@dataclass
class Dateline:
    """``本报北京6月11日电`` with the bracketed credit after it (role word and names), if any."""

    text: str
    role_word: str | None
    names: list[str]
    sep: str = " "

    def gold_byline(self) -> str:
        if not self.names:
            return self.text
        names = self.sep.join(self.names)
        inner = f"{self.role_word} {names}" if self.role_word else names
        return f"{self.text}（{inner}）"

    def authors(self) -> list[dict[str, str | None]]:
        role = ROLE_OF.get(self.role_word) if self.role_word else None
        return [{"name": n, "role": role} for n in self.names]


@dataclass
class Caption:
    text: str
    role_word: str | None = None
    names: list[str] = field(default_factory=list)
    verb: str = "摄"

    def credit(self) -> str | None:
        if not self.names:
            return None
        names = " ".join(self.names)
        return f"{self.role_word} {names} {self.verb}" if self.role_word else f"{names} {self.verb}"


@dataclass
class Story:
    day: str  # YYYYMMDD
    section_no: int | None
    section_name: str
    title: str  # raw headline as in the markdown (phrase gaps as printed)
    kicker: str | None
    subtitle: str | None
    byline: Byline | None
    dateline: Dateline | None
    paragraphs: list[str]  # gold paragraphs (the dateline taken out of the first)
    captions: list[Caption] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (text, fragment kind)
    intertitles: set[int] = field(default_factory=set)  # indexes of paragraphs printed bold (**…**)

    @property
    def date(self) -> str:
        return f"{self.day[:4]}-{self.day[4:6]}-{self.day[6:]}"


_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_SOURCE_RE = re.compile(r"《人民日报》（[^）]*）\s*$")


def split_names(text: str) -> tuple[list[str], str]:
    """``徐元锋  张  文  秦瑞杰`` → ([徐元锋, 张文, 秦瑞杰], " "); ``王昊男、徐雷鹏`` → (…, "、").

    Two-character names are printed padded to three (``张  文``): single-character tokens pair up.
    Raises ValueError when the tokens do not make names.
    """
    text = norm_chars(text).strip()
    if "、" in text:
        names = [re.sub(r"\s+", "", t) for t in text.split("、")]
        sep = "、"
    else:
        tokens = text.split()
        names = []
        i = 0
        while i < len(tokens):
            t = tokens[i]
            if len(t) == 1:
                if i + 1 >= len(tokens) or len(tokens[i + 1]) != 1:
                    raise ValueError(f"unpaired name character in {text!r}")
                names.append(t + tokens[i + 1])
                i += 2
            else:
                names.append(t)
                i += 1
        sep = " "
    for n in names:
        if not re.fullmatch(f"[{_HAN}·]{{2,8}}", n):
            raise ValueError(f"not a name: {n!r} in {text!r}")
    return names, sep


def parse_byline(raw: str) -> Byline | None:
    text = norm_chars(_SOURCE_RE.sub("", raw)).strip()
    if not text:
        return None
    if text in COLLECTIVE:
        return Byline(None, [], collective=text)
    first = text.split()[0]
    role = None
    for word in sorted(ROLE_OF, key=len, reverse=True):
        if first.startswith(word):
            role = word
            break
    rest = text[len(role) :] if role else text
    if (
        role is None
        and " " not in rest
        and "、" not in rest
        and (len(rest) > 4 or rest.endswith(("院", "部", "会", "社")))
    ):
        return Byline(None, [], collective=rest)
    names, sep = split_names(rest)
    return Byline(role, names, sep)


_DATELINE_RE = re.compile(
    rf"^(?P<dl>(?:本报|新华社|中新社)[{_HAN}、]{{1,12}}?\d{{1,2}}月\d{{1,2}}日电|本报讯)"
    r"\s*(?:（(?P<credit>[^（）]{1,40})）)?\s*"
)


def parse_dateline(first: str) -> tuple[Dateline | None, str]:
    m = _DATELINE_RE.match(norm_chars(first))
    if not m:
        return None, first
    rest = norm_chars(first)[m.end() :]
    credit = m.group("credit")
    role: str | None = None
    names: list[str] = []
    sep = " "
    if credit:
        c = credit.strip()
        for word in sorted(ROLE_OF, key=len, reverse=True):
            if c.startswith(word):
                role, c = word, c[len(word) :]
                break
        names, sep = split_names(c)
    return Dateline(m.group("dl"), role, names, sep), rest


_CREDIT_RE = re.compile(
    r"^(?P<pre>.*?[。！？）])?\s*(?:以上图片均为|图片均为)?"
    r"(?P<role>本报记者|新华社记者|人民网记者|本报通讯员|记者|通讯员)?\s*"
    rf"(?P<names>[{_HAN}·]{{1,4}}(?:\s+[{_HAN}·]{{1,4}})*)\s*(?P<verb>摄影报道|摄影|摄)(?:（[^）]{{1,8}}）)?$"
)
_FIGURE_RE = re.compile(r"^图[①-⑩0-9一二三四五六]?[：:]|^图为")
_NOTE_RE = re.compile(r"^(数据来源|资料来源|图片来源|制图|版式设计|本期统筹|栏目投稿邮箱|投稿邮箱)[：:]")
_NOTE_FURNITURE = ("版式设计", "本期统筹", "栏目投稿邮箱", "投稿邮箱")
_DROP_RE = re.compile(
    r"^（[^（）]{0,40}(?:整理|参与采写|采写)）$"
    r"|^[^（）]{0,20}记者[^（）]{0,12}整理$"
    r"|^（(?:据)?(?:新华社|本报)[^（）]{0,40}电[^（）]{0,40}）$"
)
_ART_RE = re.compile(r"^[^。！？]{0,16}绘(?:（[^）]*）)?$|^动作演示[：:]")
_NAME_ALONE = re.compile(rf"^[{_HAN}·]{{2,4}}$")
_TITLE_NAME = re.compile(rf"^\S.{{3,30}}\s{{2,}}[{_HAN}]{{1,3}}(?:\s{{2}}[{_HAN}])?$")


def _credit(raw: str) -> tuple[str | None, Caption] | None:
    m = _CREDIT_RE.match(norm_chars(raw).strip())
    if not m:
        return None
    try:
        names, _ = split_names(m.group("names"))
    except ValueError:
        return None
    if not all(2 <= len(n) <= 4 for n in names):
        return None
    verb = "摄" if m.group("verb") == "摄" else "摄影"
    pre = m.group("pre")
    return (pre.strip() if pre else None), Caption("", m.group("role"), names, verb)


def parse_article(obj: dict[str, object], day: str) -> Story | None:
    """A Story from one corpus object; None when it cannot be rendered with a known answer."""
    md = obj.get("markdown_body")
    if not isinstance(md, str):
        return None
    kicker = title = subtitle = None
    byline: Byline | None = None
    body: list[str] = []
    for line in md.split("\n"):
        s = line.strip().replace("\u200b", "").replace("\ufeff", "")
        if not s:
            continue
        if not body and s.startswith("### "):
            kicker = s[4:].strip()
        elif not body and s.startswith("## "):
            subtitle = s[3:].strip()
        elif not body and s.startswith("# "):
            title = s[2:].strip()
        elif not body and s.startswith(">"):
            q = s.lstrip(">").strip()
            if q.startswith("系列："):
                continue
            try:
                byline = parse_byline(q)
            except ValueError:
                return None
        else:
            bold = re.fullmatch(r"\*\*(.*)\*\*", s)
            s = (bold.group(1) if bold else s).lstrip("#> ").strip()
            if s:
                body.append(("\x00" if bold else "") + s)
    if not title or not body:
        return None
    bold_at = {i for i, p in enumerate(body) if p.startswith("\x00")}
    body = [p.lstrip("\x00") for p in body]
    # compilations of signed pieces: their segmentation is not in the markdown
    for p in body:
        if _NAME_ALONE.match(norm_para(p)) or _TITLE_NAME.match(norm_chars(p)):
            return None
    dateline, first = parse_dateline(body[0])
    if dateline is not None:
        body[0] = first
        byline = None  # the dateline's credit is the article's byline
    # lift captions, notes and production credits out of the body
    paras: list[str] = []
    intertitles: set[int] = set()
    captions: list[Caption] = []
    notes: list[tuple[str, str]] = []
    for i, p in enumerate(body):
        if _ART_RE.match(norm_chars(p).strip()):
            continue
        m = _NOTE_RE.match(p)
        if m:
            notes.append((norm_para(p), "furniture" if m.group(1) in _NOTE_FURNITURE else "other"))
            continue
        if i >= len(body) - 2 and _DROP_RE.match(norm_chars(p).strip()):
            continue
        cred = _credit(p)
        if cred is not None:
            pre, cap = cred
            if pre:
                cap.text = norm_para(pre)
            elif paras and len(paras[-1]) <= 150 and not (dateline and len(paras) == 1):
                cap.text = paras.pop()
                intertitles.discard(len(paras))
            elif captions and not captions[-1].names:
                captions[-1].role_word, captions[-1].names, captions[-1].verb = cap.role_word, cap.names, cap.verb
                continue
            else:
                continue
            # photos lead the article: the short paragraphs before the first credit are their captions
            if len(paras) <= 4 and all(len(x) <= 100 and x.endswith("。") for x in paras) and not dateline:
                captions.extend(Caption(x) for x in paras)
                paras.clear()
                intertitles.clear()
            captions.append(cap)
            continue
        if _FIGURE_RE.match(p) and len(p) <= 150:
            captions.append(Caption(norm_para(p)))
            continue
        text = norm_para(p)
        if text and paras and text == paras[-1]:
            continue  # the markdown repeats some lines (a caption scraped twice)
        if text:
            if i in bold_at:
                intertitles.add(len(paras))
            paras.append(text)
    # a caption scraped twice is printed once
    seen: set[tuple[str, str | None]] = set()
    unique: list[Caption] = []
    for c in captions:
        key = (c.text, c.credit())
        if key not in seen and c.text:
            seen.add(key)
            unique.append(c)
    captions = [c for c in unique if not (c.credit() is None and any(u.text == c.text and u.names for u in unique))]
    if not paras:
        return None
    sec = obj.get("section_no")
    try:
        section_no = int(str(sec)) if sec not in (None, "") else None
    except ValueError:
        section_no = None
    return Story(
        day=day,
        section_no=section_no,
        section_name=str(obj.get("section_name") or obj.get("plate") or "").strip(),
        title=norm_chars(title).strip(),
        kicker=norm_chars(kicker).strip() if kicker else None,
        subtitle=norm_chars(subtitle).strip() if subtitle else None,
        byline=byline,
        dateline=dateline,
        paragraphs=paras,
        captions=captions,
        notes=notes,
        intertitles=intertitles,
    )


def load_day(corpora: Path, day: str) -> list[Story]:
    """The renderable stories of one day (``articles_<day>.json`` under `corpora`)."""
    path = Path(corpora) / f"articles_{day}.json"
    if not path.is_file():
        raise CorpusError(f"{path}: no such corpus file (day {day})")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CorpusError(f"{path}: cannot read: {exc}") from exc
    if not isinstance(data, list):
        raise CorpusError(f"{path}: expected a JSON list of articles")
    stories = []
    for obj in data:
        if isinstance(obj, dict):
            st = parse_article(obj, day)
            if st is not None:
                stories.append(st)
    if not stories:
        raise CorpusError(f"{path}: no renderable article in this day file")
    return stories
