"""Render many pages: days of stories → ``<out>/人民日报/<YYYY-MM-DD>/<NN>.txt`` + ``<NN>.gold.json``."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

from baokan.devtools.render_b.corpus import Story, load_day
from baokan.devtools.render_b.extract import extract
from baokan.devtools.render_b.page import PAPER, compose_page

__all__ = ["PageResult", "editor_pool", "pick_stories", "render_pages"]

_COUNTS = [1, 2, 2, 3, 3, 3, 4, 4, 5, 6]


@dataclass
class PageResult:
    path: Path
    gold_path: Path
    variant: str
    articles: int


def editor_pool(stories: list[Story]) -> list[str]:
    """Names that sign the corpus, reused as invented page editors (sorted: deterministic)."""
    names: set[str] = set()
    for st in stories:
        if st.byline is not None:
            names.update(st.byline.names)
        if st.dateline is not None:
            names.update(st.dateline.names)
    return sorted(names) or ["张文", "李明", "王芳"]


def pick_stories(pool: list[Story], rng: random.Random) -> list[Story]:
    """One page's stories: mostly of one section (a page of the paper), topped up from others."""
    k = min(rng.choice(_COUNTS), len(pool))
    sections = sorted({st.section_no or 0 for st in pool})
    sec = rng.choice(sections)
    same = [st for st in pool if (st.section_no or 0) == sec]
    rest = [st for st in pool if (st.section_no or 0) != sec]
    rng.shuffle(same)
    rng.shuffle(rest)
    chosen = same[:k]
    if len(chosen) < k:
        chosen += rest[: k - len(chosen)]
    return chosen


def render_pages(
    corpora: Path, days: list[str], pages: int, seed: int, out: Path, variants: list[str] | None = None
) -> list[PageResult]:
    """Render `pages` pages, round-robin over `days`; the same arguments give byte-identical files."""
    pools = {d: load_day(corpora, d) for d in days}
    editors = {d: editor_pool(p) for d, p in pools.items()}
    results: list[PageResult] = []
    for i in range(pages):
        day = days[i % len(days)]
        page_no = i // len(days) + 1
        rng = random.Random(f"render_b:{seed}:{day}:{page_no}")
        date = f"{day[:4]}-{day[4:6]}-{day[6:]}"
        stories = pick_stories(pools[day], rng)
        eds = rng.sample(editors[day], k=min(len(editors[day]), rng.randint(1, 3)))
        variant = variants[i % len(variants)] if variants else None
        style, blocks, gold = compose_page(stories, page_no, date, eds, rng, variant)
        text = extract(blocks, style.variant, rng)
        folder = Path(out) / PAPER / date
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{page_no:02d}"
        page_path = folder / f"{name}.txt"
        gold_path = folder / f"{name}.gold.json"
        page_path.write_text(text, encoding="utf-8")
        gold_doc = {"source": page_path.name, **gold}
        gold_path.write_text(json.dumps(gold_doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        results.append(PageResult(page_path, gold_path, style.variant, len(gold["articles"])))
    return results
