"""Split assignment by a hash of the article id: an article never moves split between versions.

An id can be given an alias whose hash decides instead: a build gives every member of a cluster of
near duplicates its representative's id, so that no cluster straddles two splits."""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Mapping

from baokan.errors import UsageError

_SPLIT_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
DEFAULT_SPLITS: dict[str, float] = {"train": 1.0}


def check_ratios(ratios: Mapping[str, float]) -> dict[str, float]:
    """Ratios in the given order; names like train/validation/test; each > 0; they sum to 1."""
    if not ratios:
        raise UsageError("at least one split is needed, e.g. train=1.0")
    for name, share in ratios.items():
        if not isinstance(name, str) or not _SPLIT_NAME.fullmatch(name):
            raise UsageError(f"invalid split name {name!r}: use lower-case letters, digits and '_'")
        if not (0 < share <= 1):
            raise UsageError(f"split {name}: ratio {share} must be in (0, 1]")
    total = sum(ratios.values())
    if not math.isclose(total, 1.0, abs_tol=1e-9):
        raise UsageError(f"split ratios must sum to 1, not {total:g}")
    return dict(ratios)


def parse_split_option(values: tuple[str, ...] | list[str]) -> dict[str, float]:
    """`train=0.9 test=0.1` → {"train": 0.9, "test": 0.1}."""
    ratios: dict[str, float] = {}
    for value in values:
        name, sep, share = value.partition("=")
        if not sep:
            raise UsageError(f"--split {value!r}: expected NAME=RATIO, e.g. train=0.9")
        try:
            ratios[name.strip()] = float(share)
        except ValueError:
            raise UsageError(f"--split {value!r}: {share!r} is not a number") from None
    return check_ratios(ratios)


class SplitAssigner:
    """Maps an id to a split from the first 8 bytes of sha256(id), a point in [0, 1); an id in
    `aliases` is placed by its alias (e.g. its cluster's representative) instead."""

    def __init__(self, ratios: Mapping[str, float], aliases: Mapping[str, str] | None = None) -> None:
        self.ratios = check_ratios(ratios)
        self.aliases = dict(aliases or {})
        bounds = []
        acc = 0.0
        for name, share in self.ratios.items():
            acc += share
            bounds.append((acc, name))
        self._bounds = bounds

    def __call__(self, article_id: str) -> str:
        if len(self._bounds) == 1:
            return self._bounds[0][1]
        article_id = self.aliases.get(article_id, article_id)
        point = int.from_bytes(hashlib.sha256(article_id.encode("utf-8")).digest()[:8], "big") / 2**64
        for bound, name in self._bounds:
            if point < bound:
                return name
        return self._bounds[-1][1]
