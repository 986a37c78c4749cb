"""Pages of `pdgen` segmented and scored against their gold, with the pages that lost characters
(shared by the generated-page tests)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from baokan.clean import conserved_chars, normalize_chars
from baokan.devtools import evaluation, pdgen
from baokan.segment import conservation_text, segment_text


def score_pages(
    articles: list[pdgen.PDArticle], seeds: Iterable[int], date_of: Callable[[int], str]
) -> tuple[dict[str, Any], list[int]]:
    """Render a page per seed (dated `date_of(seed)`), segment it, score every page together;
    returns the metrics and the seeds of the pages whose characters were not all kept."""
    golds, preds, lost = [], [], []
    for seed in seeds:
        raw, gold = pdgen.render_page(seed, articles, date=date_of(seed), source=f"{seed}.txt")
        result = segment_text(raw, publication="人民日报", date=None, page=None, file=f"{seed}.txt", sha256="0" * 64)
        if Counter(conserved_chars(normalize_chars(raw))) != Counter(conserved_chars(conservation_text(result))):
            lost.append(seed)
        golds.append(
            evaluation.GoldPage(
                file=f"{seed}.txt", publication="人民日报", date=None, page=None,
                articles=gold["articles"], fragments=gold["fragments"], path="",
            )
        )  # fmt: skip
        preds += [a.to_dict() for a in result.articles]
    return evaluation.evaluate(golds, preds).to_dict(), lost
