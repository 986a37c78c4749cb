"""Layout pages of real 人民日报 articles (the development days, ../shared/corpora) segmented with
their known answers: a guard on the geometry rules (reading order across columns, headline rows,
first columns beside short headlines, PaddleOCR without photo boxes) as a whole. These are the pages
the rules were tuned on: the floors sit just under what they reach there (ALTO/PDF article F1 100%,
PaddleOCR 98.7% on these 12 pages); the held-out figures are in the README."""

from __future__ import annotations

from pathlib import Path

import pytest

from baokan.pages import read_page
from baokan.segment import segment_page

CORPORA = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora"
FLOORS = {  # form: (article F1, title accuracy, paragraph F1)
    "pdf": (0.97, 0.97, 0.97),
    "alto": (0.97, 0.97, 0.97),
    "paddle": (0.95, 0.95, 0.95),
}


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("reportlab")
    from baokan.devtools.layout_pages import write_layout_pages
    from baokan.devtools.pdgen import DEV_DAYS, load_peopledaily

    articles = load_peopledaily(CORPORA, DEV_DAYS) if CORPORA.is_dir() else []
    if not articles:
        pytest.skip(f"development corpora absent: {CORPORA}")
    out = tmp_path_factory.mktemp("layout-pages")
    write_layout_pages(out, 12, 1, articles, forms=tuple(FLOORS))
    return out


@pytest.mark.parametrize("form", list(FLOORS))
def test_generated_layout_pages_segment_as_printed(pages: Path, form: str) -> None:
    from baokan.devtools.evaluation import evaluate, load_gold

    suffix = {"pdf": "*.pdf", "alto": "*.xml", "paddle": "*_res.json"}[form]
    records = []
    for path in sorted((pages / form).rglob(suffix)):
        records += [a.to_dict() for a in segment_page(read_page(path)).articles]
    score = evaluate(load_gold(pages / form), records).to_dict()
    article_f1, title, paragraph_f1 = FLOORS[form]
    assert score["pages"] == 12 and score["unmatched_records"] == 0
    assert score["article_f1"] >= article_f1, score
    assert score["title_accuracy"] >= title, score
    assert score["paragraph_f1"] >= paragraph_f1, score
