"""The seed page's hand-checked articles (吕梁日报, `tests/fixtures/seed_gold.json`) as `PDArticle`s,
so the layout generator can print them on a page of the project's own text: the bundled PDF page
and the layout fixtures are made of it, never of third-party corpora."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from baokan.devtools.pdgen import Credit, PDArticle

__all__ = ["SEED_DAY", "seed_articles"]

SEED_DAY = "20230411"


def seed_articles(gold_path: Path) -> list[PDArticle]:
    """Every article of the seed gold, in page order. The article printed without a headline
    (its byline `□ 本报记者 刘少伟` stands alone) keeps that byline and gets no title."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    return [_article(a) for a in gold["articles"]]


def _article(a: dict[str, Any]) -> PDArticle:
    credits = _credits(a["authors"])
    orphan = a.get("orphan_byline_accepted")
    byline: tuple[Credit, ...] = ()
    if orphan:
        role, _, names = orphan.partition(" ")
        byline = (Credit(role, tuple(names.split())),)
    return PDArticle(
        day=SEED_DAY,
        section_no="01",
        section_name="要闻",
        kicker=a["kicker"],
        title=a["title"] or "",
        subtitle=a["subtitle"],
        paragraphs=tuple(a["paragraphs"]),
        intertitles=frozenset(),
        byline=byline,
        dateline=a["dateline"],
        dateline_credits=credits if a["dateline"] else (),
        dateline_printed=a["byline"] or "",
    )


def _credits(authors: list[dict[str, Any]]) -> tuple[Credit, ...]:
    """Consecutive authors of one role as one credit, in printed order."""
    out: list[Credit] = []
    for author in authors:
        if out and out[-1].role_word == author["role"]:
            out[-1] = Credit(author["role"], (*out[-1].names, author["name"]))
        else:
            out.append(Credit(author["role"], (author["name"],)))
    return tuple(out)
