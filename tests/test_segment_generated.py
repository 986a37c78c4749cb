"""The segmenter on generated, unseen layouts (baokan.pagegen + baokan.evaluation).

100 pages from seeds the rules were never tuned on (development used pages from
`scripts/gen_pages.py --seed 1`). Source articles come from the development corpora next to the
repository when present (../shared/corpora), else the built-in mini-corpus.

The brief's targets are article F1 >= 0.95, title accuracy >= 0.9, author accuracy >= 0.9 and body
CER <= 0.5%. Measured on seeds 1000-1099 with the corpora: article F1 0.987, title 0.925, author
0.954, body CER 1.41%, paragraph F1 0.964 (before the headline-evidence split, in-body display lines
and the strict-grid width band: F1 0.979, title 0.917, author 0.949, CER 2.10%). The first three
targets are asserted as stated; the CER target is not reached on these seeds: the remaining error is
mostly whole articles merged (an article with neither headline nor byline running on from a
neighbour of the same column width, or a headline printed on one full-width line) or cut a few
paragraphs off, each costing an article's length. CER is pinned at the level reached (a floor that
fails on regressions), together with floors just below the other values.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

pagegen = pytest.importorskip("baokan.pagegen")
evaluation = pytest.importorskip("baokan.evaluation")

from baokan.clean import conserved_chars, normalize_chars  # noqa: E402
from baokan.segment import conservation_text, segment_text  # noqa: E402

CORPORA = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora"
SEEDS = range(1000, 1100)


@pytest.fixture(scope="module")
def scored():
    corpus = pagegen.load_corpus(CORPORA if CORPORA.is_dir() else None)
    golds, preds, lost = [], [], []
    for seed in SEEDS:
        page = pagegen.render_page(seed, corpus, publication="样例日报", source=f"{seed}.txt")
        result = segment_text(
            page.raw, publication="样例日报", date=None, page=None, file=f"{seed}.txt", sha256="0" * 64
        )
        if Counter(conserved_chars(normalize_chars(page.raw))) != Counter(conserved_chars(conservation_text(result))):
            lost.append(seed)
        golds.append(
            evaluation.GoldPage(
                file=f"{seed}.txt", publication="样例日报", date=None, page=None,
                articles=page.gold["articles"], fragments=page.gold["fragments"], path="",
            )
        )
        preds += [a.to_dict() for a in result.articles]
    return evaluation.evaluate(golds, preds).to_dict(), lost, CORPORA.is_dir()


def test_nothing_lost_on_generated_pages(scored):
    _, lost, _ = scored
    assert lost == []


def test_regression_floors(scored):
    m, _, with_corpora = scored
    if not with_corpora:  # the mini-corpus gives different pages: only loose floors
        assert m["article_f1"] >= 0.85 and m["author_accuracy"] >= 0.85
        return
    assert m["article_f1"] >= 0.98  # reached 0.987
    assert m["title_accuracy"] >= 0.92  # reached 0.925
    assert m["author_accuracy"] >= 0.95  # reached 0.954
    assert m["body_cer"] <= 0.016  # reached 1.41%; the brief's 0.5% is not met (see the docstring)
    assert m["paragraph_f1"] >= 0.955  # reached 0.957 (0.964 before the generator stopped squeezing last lines)
    assert m["unmatched_records"] == 0


def test_brief_targets_reached(scored):
    m, _, with_corpora = scored
    if not with_corpora:
        pytest.skip("the targets are stated for pages made from the development corpora")
    assert m["article_f1"] >= 0.95
    assert m["title_accuracy"] >= 0.9
    assert m["author_accuracy"] >= 0.9
