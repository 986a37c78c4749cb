"""Lexical evidence on one page: weighted character bigrams shared by two stretches of text.

Articles on one page are about different things; paragraphs of one article share its names and terms.
So the character bigrams of the text just before a candidate article boundary and just after it
overlap much more when both sides belong to one article (`cohesion`), and a headline shares more
of its bigrams with its own article's body than with others (`similarity`). Bigrams are weighted by
rarity on the page (a bigram in every paragraph, like 发展, says little).
"""

from __future__ import annotations

import math
import operator
from collections import Counter
from collections.abc import Iterable, Set
from functools import lru_cache

from baokan.clean import NOT_HAN_RE

__all__ = ["Vocabulary", "bigram_list", "bigram_set"]


def bigram_list(text: str) -> list[str]:
    """Bigrams of the ideographs of `text` (punctuation and spaces skipped)."""
    han = NOT_HAN_RE.sub("", text)
    return [han[i : i + 2] for i in range(len(han) - 1)]


@lru_cache(maxsize=8192)
def bigram_set(text: str) -> frozenset[str]:
    """The distinct bigrams of the ideographs of `text` (cached: the stages ask for the same
    paragraphs' bigrams again and again)."""
    han = NOT_HAN_RE.sub("", text)
    return frozenset(map(operator.add, han, han[1:]))


class Vocabulary:
    """Rarity weights of bigrams over a page's documents (paragraphs or articles)."""

    def __init__(self, documents: Iterable[Set[str]]) -> None:
        self.df: Counter[str] = Counter()
        n = 0
        for doc in documents:
            self.df.update(doc)
            n += 1
        self.n = max(n, 1)
        top = math.log(self.n + 1) + 0.1
        # the weight depends only on the document frequency: one table lookup per bigram
        self._by_count = [top - math.log(c + 0.5) for c in range(self.n + 1)]

    def weight(self, bg: str) -> float:
        return self._by_count[self.df[bg]]

    def total(self, bigrams: Set[str]) -> float:
        return sum(map(self._by_count.__getitem__, map(self.df.__getitem__, bigrams)))

    def similarity(self, text: str, bag: Set[str]) -> float:
        """Weighted share of the bigrams of `text` (with repeats) found in `bag`."""
        tot = hit = 0.0
        for bg in bigram_list(text):
            w = self.weight(bg)
            tot += w
            if bg in bag:
                hit += w
        return hit / tot if tot else 0.0

    def cohesion(self, left: Set[str], right: Set[str]) -> float:
        """Weighted overlap of two bigram sets, relative to the smaller one (0 … 1)."""
        wl, wr = self.total(left), self.total(right)
        if not wl or not wr:
            return 0.0
        return self.total(left & right) / min(wl, wr)
