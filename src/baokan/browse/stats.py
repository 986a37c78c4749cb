"""The numbers of a release that the browser plots and `baokan stats` prints: one function,
`release_stats`, computes them in one streaming pass, and both the plots and the reports are
rendered from its result, so they cannot disagree.

- articles per date (and per month: the date plot shows months when there are too many dates for
  one bar each) and per publication;
- body length (characters of `text`) as a histogram with fixed bins;
- flags by kind, and how many articles carry any;
- fragments per page (pages of a build: inputs.jsonl lists every page, fragments.jsonl what of it
  belongs to no article) as a histogram, and fragments by kind.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import orjson

from baokan.browse.release import (
    FragmentRow,
    PageInput,
    Release,
    iter_articles_in_row_order,
    iter_fragments,
    iter_page_inputs,
    open_release,
)
from baokan.errors import InputError

# Body length bins, in characters: [0, 250), [250, 500), ... [5000, ∞).
LENGTH_EDGES = (0, 250, 500, 750, 1000, 1500, 2000, 3000, 5000)
# Fragments per page: 0, 1, ... FRAGMENTS_CAP - 1 fragments, and FRAGMENTS_CAP or more.
FRAGMENTS_CAP = 10
# The date plot has one bar per date up to this many dates, one per month beyond.
DATE_BARS_MAX = 400

Progress = Callable[[str, int], None]


def length_labels() -> list[str]:
    labels = [f"{a}-{b - 1}" for a, b in pairwise(LENGTH_EDGES)]
    return [*labels, f"{LENGTH_EDGES[-1]}+"]


def length_bin(length: int) -> int:
    for index in range(len(LENGTH_EDGES) - 1, -1, -1):
        if length >= LENGTH_EDGES[index]:
            return index
    return 0


def fragment_labels() -> list[str]:
    return [*(str(n) for n in range(FRAGMENTS_CAP)), f"{FRAGMENTS_CAP}+"]


@dataclass
class ReleaseStats:
    name: str
    version: str
    articles: int = 0
    characters: int = 0
    pages: int = 0
    undated: int = 0
    flagged: int = 0  # articles with at least one flag
    per_date: Counter[str] = field(default_factory=Counter)
    per_publication: Counter[str] = field(default_factory=Counter)
    lengths: list[int] = field(default_factory=lambda: [0] * len(LENGTH_EDGES))
    flags: Counter[str] = field(default_factory=Counter)
    # None when the release does not list its raw pages (made by `publish`, not `build`)
    fragments: int | None = None
    fragments_by_kind: Counter[str] = field(default_factory=Counter)
    fragments_per_page: list[int] | None = None

    # -- the series the plots show (label, value), in plot order --------------------------------

    def date_series(self) -> tuple[str, list[tuple[str, int]]]:
        """("date" or "month", bars): one bar per date, or per month when there are many dates."""
        if len(self.per_date) <= DATE_BARS_MAX:
            return "date", sorted(self.per_date.items())
        months: Counter[str] = Counter()
        for date, count in self.per_date.items():
            months[date[:7]] += count
        return "month", sorted(months.items())

    def publication_series(self) -> list[tuple[str, int]]:
        return _by_count(self.per_publication)

    def length_series(self) -> list[tuple[str, int]]:
        return list(zip(length_labels(), self.lengths, strict=True))

    def flag_series(self) -> list[tuple[str, int]]:
        return _by_count(self.flags)

    def fragment_series(self) -> list[tuple[str, int]] | None:
        if self.fragments_per_page is None:
            return None
        return list(zip(fragment_labels(), self.fragments_per_page, strict=True))

    def fragment_kind_series(self) -> list[tuple[str, int]]:
        return _by_count(self.fragments_by_kind)

    def to_dict(self) -> dict[str, Any]:
        unit, dates = self.date_series()
        fragments = self.fragment_series()
        return {
            "name": self.name,
            "version": self.version,
            "articles": self.articles,
            "pages": self.pages,
            "characters": self.characters,
            "flagged_articles": self.flagged,
            "undated_articles": self.undated,
            "first_date": min(self.per_date) if self.per_date else None,
            "last_date": max(self.per_date) if self.per_date else None,
            "articles_per_date": dict(sorted(self.per_date.items())),
            "date_plot_unit": unit,
            "date_plot": dict(dates),
            "articles_per_publication": dict(self.publication_series()),
            "body_length_histogram": dict(self.length_series()),
            "flags": dict(self.flag_series()),
            "fragments": self.fragments,
            "fragments_per_page_histogram": dict(fragments) if fragments is not None else None,
            "fragments_by_kind": dict(self.fragment_kind_series()),
        }


def _by_count(counter: Counter[str]) -> list[tuple[str, int]]:
    """Most first, ties by label: a stable order for plots and reports."""
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


def release_stats(path: str | Path | Release, progress: Progress | None = None) -> ReleaseStats:
    """The numbers of a release, in one streaming pass over its records (and, for a build, its
    inputs and fragments). `progress("stats", n)` reports records read."""
    release = path if isinstance(path, Release) else open_release(path)
    stats = ReleaseStats(release.name, release.version)
    page_prefix = ""
    page_shas: set[str] = set()
    distinct_pages = 0
    for record in iter_articles_in_row_order(release):
        _add(stats, record)
        if progress is not None:
            progress("stats", 1)
        # Records of one page share their place in the row order and the prefix of their ids (it
        # hashes the page's identity), so each page's records come together: pages are counted
        # as they pass.
        source = record["source"]
        prefix = record["id"].partition("-")[0]
        if prefix != page_prefix:
            page_prefix, page_shas = prefix, set()
        page = source["sha256"] + source["file"]
        if page not in page_shas:
            page_shas.add(page)
            distinct_pages += 1
    if release.page_inputs:
        _add_pages(stats, release)
    else:
        stats.pages = distinct_pages
    return stats


def _add(stats: ReleaseStats, record: dict[str, Any]) -> None:
    stats.articles += 1
    text = record["text"]
    stats.characters += len(text)
    stats.lengths[length_bin(len(text))] += 1
    source = record["source"]
    stats.per_publication[source["publication"]] += 1
    if source["date"] is None:
        stats.undated += 1
    else:
        stats.per_date[source["date"]] += 1
    if record["flags"]:
        stats.flagged += 1
        stats.flags.update(record["flags"])


def _add_pages(stats: ReleaseStats, release: Release) -> None:
    """Pages from inputs.jsonl and their fragments from fragments.jsonl: both are in the order the
    build read the pages, so they are walked side by side."""
    per_page = [0] * (FRAGMENTS_CAP + 1)
    total = 0
    for _page, fragments in pages_with_fragments(release):
        stats.pages += 1
        per_page[min(len(fragments), FRAGMENTS_CAP)] += 1
        total += len(fragments)
        for fragment in fragments:
            stats.fragments_by_kind[fragment.kind] += 1
    stats.fragments = total
    stats.fragments_per_page = per_page


def pages_with_fragments(release: Release) -> Iterator[tuple[PageInput, list[FragmentRow]]]:
    """Each raw page of a build with its fragments, in the build's page order. `InputError` when
    fragments.jsonl names a page that inputs.jsonl does not list at that point (out of order, or
    not a page of this release)."""
    fragments = iter_fragments(release)
    pending = next(fragments, None)
    number = 1
    for page in iter_page_inputs(release):
        own: list[FragmentRow] = []
        while pending is not None and pending.file == page.name:
            own.append(pending)
            pending = next(fragments, None)
            number += 1
        yield page, own
    if pending is not None:
        raise InputError(
            str(release.fragments),
            f"$.file: page {pending.file!r} is not listed in inputs.jsonl at this point "
            "(fragments must follow the pages' order)",
            line=number,
        )


# -- reports ----------------------------------------------------------------------------------


def render_stats_json(stats: ReleaseStats) -> str:
    return orjson.dumps(stats.to_dict(), option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"


def render_stats_text(stats: ReleaseStats) -> str:
    data = stats.to_dict()
    lines = [f"{stats.name} {stats.version}"]
    lines.append(f"  articles            {stats.articles}")
    lines.append(f"  pages               {stats.pages}")
    lines.append(f"  characters          {stats.characters}")
    lines.append(f"  flagged articles    {stats.flagged}")
    lines.append(f"  undated articles    {stats.undated}")
    if data["first_date"]:
        lines.append(f"  dates               {data['first_date']} … {data['last_date']} ({len(stats.per_date)} dates)")
    if stats.fragments is not None:
        lines.append(f"  fragments           {stats.fragments}")
    unit, dates = stats.date_series()
    sections: list[tuple[str, list[tuple[str, int]] | None]] = [
        (f"articles per {unit}", dates),
        ("articles per publication", stats.publication_series()),
        ("body length (characters)", stats.length_series()),
        ("flags", stats.flag_series()),
        ("fragments per page", stats.fragment_series()),
        ("fragments by kind", stats.fragment_kind_series()),
    ]
    for title, series in sections:
        lines.append("")
        lines.append(f"{title}:")
        if series is None:
            lines.append("  (the release does not list its raw pages: made by `publish`, not `build`)")
            continue
        if not series:
            lines.append("  (none)")
            continue
        width = max(len(label) for label, _ in series)
        lines.extend(f"  {label.ljust(width)}  {value}" for label, value in series)
    return "\n".join(lines) + "\n"
