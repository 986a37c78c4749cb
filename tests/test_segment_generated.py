"""The segmenter on generated, unseen layouts (baokan.devtools.pagegen + baokan.devtools.evaluation).

100 pages from seeds the rules were never tuned on (development used pages from
`scripts/gen_pages.py --seed 1`). Source articles come from the development corpora next to the
repository when present (../shared/corpora), else the built-in mini-corpus.

The brief's targets are article F1 >= 0.95, title accuracy >= 0.9, author accuracy >= 0.9 and body
CER <= 0.5%. Measured on seeds 1000-1099 with the corpora (generator that no longer squeezes a
paragraph's last line into the line above): article F1 0.990, title 0.949, author 0.961, body CER
0.46%, paragraph F1 0.959 (before the exact-width column cut, the one-em width change by exact
modes, full-width and stacked headline lines and word-broken two-line headlines: F1 0.989, title
0.929, author 0.961, CER 1.33%, paragraph F1 0.957). All four targets are asserted as stated; the
CER target is met with little margin: what remains is mostly an untitled article running on from a
neighbour of the very same width, cuts a paragraph off, and headlines read as body lines. Floors
just below the values reached fail on regressions.

The segmenter rebuilt for real article structures (issue 10: stacks with kickers that are not
quoted in the body, intertitles, furniture, bylines of bare names) reads these pages a little
differently: article F1 0.992, title 0.913 (a two-line headline of this generator, cut at a random
point, is now sometimes read as kicker + headline), author 0.981 (up from 0.961), paragraph F1
0.954, body CER 0.32%. The floors follow those values.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

pagegen = pytest.importorskip("baokan.devtools.pagegen")
evaluation = pytest.importorskip("baokan.devtools.evaluation")

from baokan.clean import conserved_chars, normalize_chars  # noqa: E402
from baokan.segment import conservation_text, segment_text  # noqa: E402
from pdgen_scoring import score_pages  # noqa: E402

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
                file=f"{seed}.txt",
                publication="样例日报",
                date=None,
                page=None,
                articles=page.gold["articles"],
                fragments=page.gold["fragments"],
                path="",
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
    assert m["article_f1"] >= 0.989  # reached 0.992
    assert m["title_accuracy"] >= 0.91  # reached 0.913
    assert m["author_accuracy"] >= 0.978  # reached 0.981
    assert m["body_cer"] <= 0.0036  # reached 0.32%
    assert m["paragraph_f1"] >= 0.952  # reached 0.954
    assert m["unmatched_records"] == 0


def test_brief_targets_reached(scored):
    m, _, with_corpora = scored
    if not with_corpora:
        pytest.skip("the targets are stated for pages made from the development corpora")
    assert m["article_f1"] >= 0.95
    assert m["title_accuracy"] >= 0.9
    assert m["author_accuracy"] >= 0.9
    assert m["body_cer"] <= 0.005


# ------------------------------------------------------------------------------ generator A (pdgen)

PD_SEEDS = range(2000, 2060)


@pytest.fixture(scope="module")
def pd_scored():
    pdgen = pytest.importorskip("baokan.devtools.pdgen")
    articles = pdgen.load_peopledaily(CORPORA, pdgen.DEV_DAYS) if CORPORA.is_dir() else []
    if not articles:
        pytest.skip("development corpora absent (../shared/corpora/peopledaily-2025)")

    def date_of(seed: int) -> str:
        day = pdgen.DEV_DAYS[seed % len(pdgen.DEV_DAYS)]
        return f"{day[:4]}-{day[4:6]}-{day[6:]}"

    return score_pages(articles, PD_SEEDS, date_of)


def test_nothing_lost_on_generator_a_pages(pd_scored):
    _, lost = pd_scored
    assert lost == []


def test_generator_a_regression_floors(pd_scored):
    """Pages of real 人民日报 articles of the tuning days (generator A): floors just below the values
    reached (article F1 0.959, title 0.780, kicker 0.801, author 0.924, paragraph F1 0.957, body
    CER 2.2%). The held-out figures are in the README (measured on days never tuned on)."""
    m, _ = pd_scored
    assert m["article_f1"] >= 0.95
    assert m["title_accuracy"] >= 0.76
    assert m["kicker_accuracy"] >= 0.78
    assert m["author_accuracy"] >= 0.91
    assert m["paragraph_f1"] >= 0.945
    assert m["body_cer"] <= 0.03
