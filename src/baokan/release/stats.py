"""Corpus statistics gathered while records stream past, for the dataset card."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class CorpusStats:
    articles: int = 0
    characters: int = 0
    with_title: int = 0
    with_authors: int = 0
    with_captions: int = 0
    publications: Counter[str] = field(default_factory=Counter)
    flags: Counter[str] = field(default_factory=Counter)
    scripts: Counter[str] = field(default_factory=Counter)
    # Articles per date (a daily has ~365 dates a year), so that removing a record can narrow the
    # date range again.
    dates: Counter[str] = field(default_factory=Counter)

    @property
    def first_date(self) -> str | None:
        return min(self.dates) if self.dates else None

    @property
    def last_date(self) -> str | None:
        return max(self.dates) if self.dates else None

    def add(self, record: dict[str, Any]) -> None:
        self.articles += 1
        self.characters += len(record["text"])
        self.with_title += record["title"] is not None
        self.with_authors += bool(record["authors"])
        self.with_captions += bool(record["captions"])
        source = record["source"]
        self.publications[source["publication"]] += 1
        flags = record["flags"]
        if flags:  # most records have none: Counter.update costs a microsecond even then
            self.flags.update(flags)
        self.scripts[record["script"]] += 1
        if source["date"] is not None:
            self.dates[source["date"]] += 1

    def merge(self, other: CorpusStats) -> None:
        """Add the statistics of another part of the corpus."""
        self.articles += other.articles
        self.characters += other.characters
        self.with_title += other.with_title
        self.with_authors += other.with_authors
        self.with_captions += other.with_captions
        self.publications.update(other.publications)
        self.flags.update(other.flags)
        self.scripts.update(other.scripts)
        self.dates.update(other.dates)

    def remove(self, record: dict[str, Any]) -> None:
        """Undo `add` for a record left out after all (a duplicate id found while merging)."""
        self.articles -= 1
        self.characters -= len(record["text"])
        self.with_title -= record["title"] is not None
        self.with_authors -= bool(record["authors"])
        self.with_captions -= bool(record["captions"])
        self.publications[record["source"]["publication"]] -= 1
        self.flags.subtract(record["flags"])
        self.scripts[record["script"]] -= 1
        date = record["source"]["date"]
        if date is not None:
            self.dates[date] -= 1
            if self.dates[date] <= 0:
                del self.dates[date]
        # +self.* drops counts that fell to zero
        self.publications, self.flags, self.scripts = +self.publications, +self.flags, +self.scripts

    def share(self, count: int) -> float:
        return count / self.articles if self.articles else 0.0
