"""The dataset card (README.md of a release): YAML front matter for `datasets` and the Hub, and a
body for people. Generated from the manifest, the statistics and the schema; never hand-edited."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pyarrow
import yaml

from baokan.release.attribution import Attribution, bibtex
from baokan.release.inputs import InputsSummary
from baokan.release.layout import INPUTS
from baokan.release.stats import CorpusStats
from baokan.release.writers import SplitInfo
from baokan.schema import field_docs, hf_features_dict

_SIZE_BUCKETS = [
    (1_000, "n<1K"),
    (10_000, "1K<n<10K"),
    (100_000, "10K<n<100K"),
    (1_000_000, "100K<n<1M"),
    (10_000_000, "1M<n<10M"),
    (100_000_000, "10M<n<100M"),
    (1_000_000_000, "100M<n<1B"),
]


def size_category(rows: int) -> str:
    for limit, label in _SIZE_BUCKETS:
        if rows < limit:
            return label
    return "n>1B"


@dataclass
class CardInfo:
    name: str
    version: str
    pretty_name: str
    description: str
    license: str
    task_categories: list[str]
    splits: dict[str, SplitInfo]
    stats: CorpusStats
    tool_version: str
    schema_version: str
    schema_sha256: str
    inputs: InputsSummary
    rejects: int = 0
    duplicates: int = 0
    dedup_method: str | None = None  # how a build looked for duplicates (None: not a build)
    created: str | None = None
    citation_year: str | None = None
    config: dict[str, Any] | None = None
    limitations: list[str] = field(default_factory=list)
    attribution: Attribution | None = None  # None: the licence alone, no authors or home page

    @property
    def credits(self) -> Attribution:
        return self.attribution if self.attribution is not None else Attribution(self.license)


def front_matter(info: CardInfo) -> dict[str, Any]:
    nonempty = {name: s for name, s in info.splits.items() if s.rows > 0}
    total = sum(s.rows for s in nonempty.values())
    return {
        "pretty_name": info.pretty_name,
        "license": info.license,
        **_license_details(info.credits),
        "language": ["zh"],
        "multilinguality": "monolingual",
        "size_categories": [size_category(total)],
        "task_categories": list(info.task_categories),
        "source_datasets": ["original"],
        "tags": ["news", "newspaper", "chinese"],
        "configs": [
            {
                "config_name": "default",
                "default": True,
                "data_files": [{"split": name, "path": f"data/{name}-*.parquet"} for name in nonempty],
            }
        ],
        "dataset_info": {
            "config_name": "default",
            "features": hf_features_dict(),
            "splits": [
                {"name": name, "num_bytes": s.num_bytes, "num_examples": s.rows} for name, s in nonempty.items()
            ],
            "dataset_size": sum(s.num_bytes for s in nonempty.values()),
        },
    }


def _escape_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def field_table() -> str:
    rows = ["| field | type | nullable | description |", "| --- | --- | --- | --- |"]
    for doc in field_docs():
        rows.append(
            f"| `{doc.path}` | {_escape_cell(doc.type)} | {'yes' if doc.nullable else 'no'} | "
            f"{_escape_cell(doc.description)} |"
        )
    return "\n".join(rows)


def _pct(value: float) -> str:
    return f"{100 * value:.1f}%"


def render_card(info: CardInfo) -> str:
    """README.md of the release: YAML front matter, then the sections below, in this order."""
    yaml_text = yaml.safe_dump(front_matter(info), sort_keys=False, allow_unicode=True, width=1000)
    limitations = "\n".join(f"- {item}" for item in info.limitations) or "- None recorded."
    sections = [
        f"---\n{yaml_text}---",
        f"# {info.pretty_name}",
        info.description.strip(),
        *_credits(info.credits),
        _provenance(info),
        _load_it(info),
        _statistics(info),
        _splits_method(info),
        f"## Fields\n\n{field_table()}",
        _how_it_was_built(info),
        f"## Known limitations\n\n{limitations}",
        _rights(info),
        _citation(info),
    ]
    return "\n\n".join(sections) + "\n"


def _provenance(info: CardInfo) -> str:
    return f"""This is version **{info.version}** of the dataset `{info.name}`, built with baokan {info.tool_version}
(article schema {info.schema_version}). Every record has been validated against the JSON Schema
shipped beside this card (`article.schema.json`, sha256 `{info.schema_sha256}`), and every file is
listed with its sha256 in `manifest.json`."""


def _load_it(info: CardInfo) -> str:
    first_split = next((n for n, s in info.splits.items() if s.rows > 0), "train")
    return f"""## Load it

```python
from datasets import load_dataset

ds = load_dataset("path/to/{info.name}/{info.version}")  # this folder
# from a Hub copy, pin the version: load_dataset("ORG/{info.name}", revision="{info.version}")
print(ds["{first_split}"][0]["title"])
```

The same records are in `jsonl/` as gzip-compressed JSON Lines for tools that do not read Parquet;
that folder has a card of its own declaring the features, so `load_dataset("path/to/{info.name}/{info.version}/jsonl")`
reads them typed. Beside them: `manifest.json` (every file's sha256, size and rows; check a
copy with `baokan verify`), `croissant.json` (Croissant 1.1 metadata), `CHANGELOG.md` (what changed
since the previous version), `article.schema.json`, and, when the build left anything out,
`rejects.jsonl` (invalid records with their reasons), `rejected-pages.jsonl` and `fragments.jsonl`
(page material that belongs to no article)."""


def _statistics(info: CardInfo) -> str:
    stats = info.stats
    split_lines = "\n".join(
        f"| {name} | {s.rows} | {', '.join(f'`{p}`' for p in s.parquet) or '—'} |" for name, s in info.splits.items()
    )
    pubs = "\n".join(f"| {pub} | {count} |" for pub, count in sorted(stats.publications.items()))
    flags = "\n".join(f"| `{flag}` | {count} |" for flag, count in stats.flags.most_common(10)) or "| — | 0 |"
    date_range = f"{stats.first_date} to {stats.last_date}" if stats.first_date else "unknown (no dated pages)"
    shares = (
        f"With a title: {_pct(stats.share(stats.with_title))}; "
        f"with authors: {_pct(stats.share(stats.with_authors))}; "
        f"with captions: {_pct(stats.share(stats.with_captions))}"
    )
    return f"""## Statistics

| split | articles | files |
| --- | --- | --- |
{split_lines}

- Articles: {stats.articles}; characters of body text: {stats.characters}
- Date range: {date_range}
- {shares}
- Records rejected as invalid: {info.rejects}; {_duplicates_line(info)}

| publication | articles |
| --- | --- |
{pubs}

Most common quality flags:

| flag | articles |
| --- | --- |
{flags}"""


def _duplicates_line(info: CardInfo) -> str:
    if info.dedup_method is None:
        return f"exact duplicates dropped: {info.duplicates}"
    listed = ", listed in `duplicates.jsonl` with the copy kept" if info.duplicates else ""
    return f"duplicates dropped: {info.duplicates}{listed}\n- Duplicate search: {info.dedup_method}"


def _how_it_was_built(info: CardInfo) -> str:
    inputs = "\n".join(f"| `{i.name}` | `{i.sha256}` | {i.records} |" for i in info.inputs.first)
    if info.inputs.count > len(info.inputs.first):
        more = info.inputs.count - len(info.inputs.first)
        inputs += f"\n| … and {more:,} more (all in `{INPUTS}`) | | |"
    if info.config is not None:
        config_text = json.dumps(info.config, ensure_ascii=False, indent=2, sort_keys=True)
        built_from = (
            "- Built with `baokan build` from this configuration (paths relative to the config file):\n\n"
            f"```json\n{config_text}\n```\n"
        )
    else:
        built_from = "- Published with `baokan publish` from the inputs below.\n"
    return f"""## How it was built

- Tool: baokan {info.tool_version} (pyarrow {pyarrow.__version__}); schema {info.schema_version}.
  The same inputs and tool versions give a byte-identical release.
{built_from}- Inputs: {info.inputs.count:,} files, {info.inputs.bytes:,} bytes, {info.inputs.records:,} records read
  (each file with its sha256 in `{INPUTS}`):

| file | sha256 | records |
| --- | --- | --- |
{inputs}"""


def _citation(info: CardInfo) -> str:
    text = bibtex(
        info.credits,
        name=info.name,
        version=info.version,
        title=info.pretty_name,
        year=info.citation_year or "n.d.",
        tool=info.tool_version,
    )
    return f"## Citation\n\n```bibtex\n{text}\n```"


def _license_details(credits: Attribution) -> dict[str, str]:
    if credits.license != "other":
        return {}
    return {"license_name": credits.license_name or "", "license_link": credits.license_link or ""}


def _credits(credits: Attribution) -> list[str]:
    lines = []
    if credits.authors:
        lines.append(f"- Authors: {', '.join(credits.authors)}")
    if credits.homepage:
        lines.append(f"- Home page: {credits.homepage}")
    return ["\n".join(lines)] if lines else []


def _rights(info: CardInfo) -> str:
    licence = info.credits.license
    if licence == "other":
        licence = f"{info.credits.license_name} ({info.credits.license_link})"
    return f"""## Rights

The articles are newspaper text: their copyright stays with the newspapers that printed
them and with their authors, whatever licence this release declares. The declared licence
(`{licence}`) covers what the packaging adds: the segmentation, the records' structure, metadata
and provenance, the card and the Croissant file. The release is meant for research on the text
(text and data mining where the law allows it); publishing, redistributing or training on the
articles may need the rights holders' permission. Rights holders who want an article removed can
ask the publisher of this release; the next version will leave it out."""


def _splits_method(info: CardInfo) -> str:
    names = ", ".join(info.splits)
    near = (
        " This build placed every member of a cluster of near copies by its representative's id "
        "instead, so no cluster straddles two splits (an article keeps its split while its cluster "
        "keeps its representative)."
        if info.dedup_method is not None and not info.dedup_method.startswith("none")
        else ""
    )
    return f"""## How the splits are made

Each article goes to a split ({names}) by a hash (SHA-256) of its id, in the proportions of the
release's configuration, so an article stays in its split from one version to the next.{near}"""


def render_mirror_card(info: CardInfo) -> str:
    """`jsonl/README.md`: the JSON Lines mirror as a dataset of its own, so that
    `load_dataset(RELEASE/jsonl)` reads it with the release's typed features (dates stay dates).
    `datasets` uses one builder per folder, so the release's own card can declare Parquet only."""
    nonempty = [name for name, s in info.splits.items() if s.rows > 0]
    front = {
        "pretty_name": f"{info.pretty_name} (JSON Lines mirror)",
        "license": info.license,
        "configs": [
            {
                "config_name": "default",
                "default": True,
                "data_files": [{"split": name, "path": f"{name}-*.jsonl.gz"} for name in nonempty],
            }
        ],
        "dataset_info": {"config_name": "default", "features": hf_features_dict()},
    }
    yaml_text = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000)
    return f"""---
{yaml_text}---

# {info.pretty_name}: JSON Lines mirror

The records of version **{info.version}** of `{info.name}` (the Parquet files in `../data/`, row for
row), as gzip-compressed JSON Lines. The release's card is `../README.md`; every file here is listed
with its sha256 in `../manifest.json`.

```python
from datasets import load_dataset

ds = load_dataset("path/to/{info.name}/{info.version}/jsonl")  # typed: the features are declared above
```
"""
