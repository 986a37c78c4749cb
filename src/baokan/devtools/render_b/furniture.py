"""Page furniture: header and footer lines, editors, continuation markers, source lines.

Modelled on what real pages print: 人民日报 page heads (paper, date, weekday, 第N版, section),
the editors' line (``本版责编：殷新宇  祁嘉润  郭雪岩``, names letter-spaced when two characters
long, as in the compilation's last page), e-mail and telephone lines, the compilation's source line
``《人民日报》（2025年10月20日 第 03 版）`` and page footer ``第 64 页``, and the continuation markers
``（上接第一版）`` / ``（下转第五版）``.
"""

from __future__ import annotations

import datetime as _dt
import random

__all__ = ["cn_number", "continuation", "editors_line", "pad_name", "page_head", "source_line"]

_WEEKDAYS = "一二三四五六日"
_DIGITS = "〇一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (page numbers as printed in markers)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def pad_name(name: str, pad: str = "  ") -> str:
    """Two-character names are printed the width of three: ``张文`` → ``张  文``."""
    return name[0] + pad + name[1] if len(name) == 2 else name


def _date_forms(date: str, rng: random.Random) -> str:
    y, m, d = (int(x) for x in date.split("-"))
    if rng.random() < 0.6:
        return f"{y}年{m}月{d}日"
    return f"{y}年{m:02d}月{d:02d}日"


def weekday(date: str) -> str:
    y, m, d = (int(x) for x in date.split("-"))
    return "星期" + _WEEKDAYS[_dt.date(y, m, d).weekday()]


def editors_line(names: list[str], rng: random.Random) -> str:
    label = rng.choice(["本版责编：", "责任编辑：", "本版编辑：", "责编："])
    sep = rng.choice(["  ", "  ", " ", "　"])
    shown = [pad_name(n) if rng.random() < 0.7 else n for n in names]
    line = label + sep.join(shown)
    if rng.random() < 0.35:
        line += rng.choice(["  ", "　"]) + "校对：" + pad_name(rng.choice(names))
    return line


def contact_lines(section_py: str, rng: random.Random) -> list[str]:
    out = []
    if rng.random() < 0.7:
        out.append(f"E-mail:{section_py}@people.cn" if rng.random() < 0.5 else f"电子信箱：{section_py}@peopledaily.cn")
    if rng.random() < 0.5:
        out.append(f"电话：（010）6536{rng.randint(1000, 9999)}")
    return out


_SECTION_PY = {
    "要闻": "yaowen",
    "评论": "pinglun",
    "理论": "lilun",
    "经济": "jingji",
    "社会": "shehui",
    "国际": "guoji",
    "文化": "wenhua",
    "政治": "zhengzhi",
    "地方": "difang",
}


def page_head(
    paper: str, date: str, page_no: int, section: str, editors: list[str], rng: random.Random
) -> tuple[list[list[str]], list[list[str]]]:
    """Header blocks and footer blocks (each block a list of printed lines)."""
    label = rng.choice([f"第{page_no}版", f"第 {page_no} 版", f"第{page_no:02d}版", f"{page_no:02d}"])
    date_s = _date_forms(date, rng)
    wd = weekday(date)
    items = [paper, date_s, wd, label] + ([section] if section else [])
    order = rng.random()
    if order < 0.3:
        items = [label, section, paper, date_s, wd] if section else [label, paper, date_s, wd]
    elif order < 0.5:
        items = [date_s, wd, paper, label] + ([section] if section else [])
    head: list[list[str]] = []
    foot: list[list[str]] = []
    how = rng.random()
    sep = rng.choice(["  ", " ", "　", "   "])
    if how < 0.45:
        head.append([sep.join(items)])
    elif how < 0.75:
        cut = rng.randint(1, len(items) - 1)
        head.append([sep.join(items[:cut]), sep.join(items[cut:])])
    else:
        head.append([x for x in items])
    ed = [editors_line(editors, rng)] if editors else []
    contacts = contact_lines(_SECTION_PY.get(section, "rmrb"), rng)
    extra = ed + contacts
    if extra:
        if rng.random() < 0.5:
            if rng.random() < 0.5:
                head.append([rng.choice(["  ", "　"]).join(extra)])
            else:
                head.append(extra)
        else:
            foot.append(extra)
    if rng.random() < 0.25:
        foot.append([f"{paper}  {date_s}  {label}"])
    return head, foot


def source_line(date: str, page_no: int, rng: random.Random) -> str:
    y, m, d = date.split("-")
    if rng.random() < 0.6:
        return f"《人民日报》（{y}年{m}月{d}日 第 {page_no:02d} 版）"
    return f"《人民日报》（{y}年{m}月{d}日第{page_no:02d}版）"


def continuation(kind: str, page_no: int, rng: random.Random) -> str:
    """``（上接第一版）`` (kind "up") or ``（下转第五版）`` (kind "down") for another page."""
    other = page_no
    while other == page_no:
        other = rng.randint(1, 20)
    word = "上接" if kind == "up" else "下转"
    num = cn_number(other) if rng.random() < 0.75 else str(other)
    if rng.random() < 0.8:
        return f"（{word}第{num}版）"
    return f"{word}第{num}版"
