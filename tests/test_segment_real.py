"""The segmenter on real extraction output: golden excerpts and properties of the full pages.

Golden cases (`tests/cases/segment/<name>/`): `page.txt`, the smallest excerpt of a real page in
`../shared/real/` that showed a failure now fixed, and `expected.json`, what must come out (only
the keys given are compared; `meta`, `articles`, `fragments` as `[kind, text]`,
`every_article_flagged`, `warning_contains`). The full pages stay in ../shared/real (third-party
material, read from there); those tests skip without it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from baokan.pages import read_page
from baokan.segment import segment_page, segment_text
from baokan.segment.furniture import match_furniture

CASES = Path(__file__).parent / "cases" / "segment"
REAL = Path(__file__).resolve().parents[1] / ".." / "shared" / "real"
REAL_PAGES = sorted(REAL.glob("*.txt")) if REAL.is_dir() else []


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir()), ids=str)
def test_golden_case(case: str) -> None:
    folder = CASES / case
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    text = (folder / "page.txt").read_text(encoding="utf-8")
    res = segment_text(text, publication="unknown", date=None, page=None, file="page.txt", sha256="0" * 64)
    assert res.meta is not None
    for key, value in expected.get("meta", {}).items():
        assert getattr(res.meta, key) == value, key
    if "articles" in expected:
        assert len(res.articles) == len(expected["articles"])
        for got, want in zip(res.articles, expected["articles"], strict=True):
            for key, value in want.items():
                if key == "authors":
                    assert [[a.name, a.role] for a in got.authors] == value
                elif key == "paragraphs":
                    assert len(got.paragraphs) == value
                else:
                    assert getattr(got, key) == value, key
    if "fragments" in expected:
        assert [[f.kind, f.text] for f in res.fragments] == expected["fragments"]
    if "every_article_flagged" in expected:
        assert res.articles and all(expected["every_article_flagged"] in a.flags for a in res.articles)
    if "warning_contains" in expected:
        assert any(expected["warning_contains"] in w for w in res.warnings)


@pytest.fixture(scope="module", params=REAL_PAGES, ids=lambda p: p.stem)
def real_page(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    return segment_page(read_page(request.param))


@pytest.mark.skipif(not REAL_PAGES, reason="../shared/real is absent (third-party pages are not in the repository)")
def test_real_pages_no_furniture_in_titles_long_titles_flagged_captions_kept(real_page) -> None:  # type: ignore[no-untyped-def]
    furniture = [f.text for f in real_page.fragments if f.kind == "furniture"]
    for art in real_page.articles:
        for field in (art.title, art.kicker, art.subtitle):
            if field is None:
                continue
            assert match_furniture(field) is None, field
            assert not any(len(f) >= 4 and f.replace("\n", "") in field.replace(" ", "") for f in furniture), field
        if art.title is not None and len(art.title) > 40:
            assert "title_long" in art.flags, art.title
        assert not any(re.match(r"^图为", p) for p in art.paragraphs)
