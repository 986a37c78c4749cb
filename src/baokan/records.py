"""The Article record: the one type that flows through segment → validate → publish.

Field names and order follow `schema/article.schema.json`; `tests/test_schema.py`
(`test_dataclass_fields_follow_schema_order`) checks that the dataclasses and the schema never
drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = "2.1.0"

ROLES = ("记者", "通讯员", "实习生", "特约记者", "见习记者")


@dataclass(frozen=True, slots=True)
class Author:
    name: str
    role: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role}


@dataclass(frozen=True, slots=True)
class Caption:
    text: str
    credit: str | None
    photographers: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "credit": self.credit, "photographers": list(self.photographers)}


@dataclass(frozen=True, slots=True)
class Region:
    """A box of the page an article was built from (origin top left, y down)."""

    x0: float
    y0: float
    x1: float
    y1: float

    def to_dict(self) -> dict[str, Any]:
        return {"x0": self.x0, "y0": self.y0, "x1": self.x1, "y1": self.y1}


@dataclass(frozen=True, slots=True)
class Source:
    publication: str
    date: str | None
    page: str | None  # the page label (3, A3, 要闻2)
    page_number: int | None  # the number the label gives
    file: str
    sha256: str
    line_start: int
    line_end: int
    page_index: int | None = None  # the page in a file of several pages (a PDF), from 0
    region_unit: str | None = None  # unit of the article's regions: pt, px, mm10, inch1200

    def to_dict(self) -> dict[str, Any]:
        return {
            "publication": self.publication,
            "date": self.date,
            "page": self.page,
            "page_number": self.page_number,
            "file": self.file,
            "sha256": self.sha256,
            "line_start": self.line_start,
            "line_end": self.line_end,
            "page_index": self.page_index,
            "region_unit": self.region_unit,
        }


@dataclass(slots=True)
class Article:
    id: str
    title: str | None
    kicker: str | None
    subtitle: str | None
    dateline: str | None
    byline: str | None
    authors: list[Author]
    paragraphs: list[str]
    text: str
    captions: list[Caption]
    source: Source
    regions: list[Region] = field(default_factory=list)  # layout input: the boxes it was built from
    script: str = "unknown"
    flags: list[str] = field(default_factory=list)
    schema_version: str = SCHEMA_VERSION

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the record, keys in schema order."""
        return {
            "id": self.id,
            "title": self.title,
            "kicker": self.kicker,
            "subtitle": self.subtitle,
            "dateline": self.dateline,
            "byline": self.byline,
            "authors": [a.to_dict() for a in self.authors],
            "paragraphs": list(self.paragraphs),
            "text": self.text,
            "captions": [c.to_dict() for c in self.captions],
            "source": self.source.to_dict(),
            "regions": [r.to_dict() for r in self.regions],
            "script": self.script,
            "flags": list(self.flags),
            "schema_version": self.schema_version,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Build an Article from a record that has already passed schema validation."""
        return cls(
            id=data["id"],
            title=data["title"],
            kicker=data["kicker"],
            subtitle=data["subtitle"],
            dateline=data["dateline"],
            byline=data["byline"],
            authors=[Author(a["name"], a["role"]) for a in data["authors"]],
            paragraphs=list(data["paragraphs"]),
            text=data["text"],
            captions=[Caption(c["text"], c["credit"], tuple(c["photographers"])) for c in data["captions"]],
            source=_source(data["source"]),
            regions=[Region(*(float(r[k]) for k in _REGION_KEYS)) for r in data["regions"]],
            script=data["script"],
            flags=list(data["flags"]),
            schema_version=data["schema_version"],
        )


_ARTICLE_KEYS = (
    "id",
    "title",
    "kicker",
    "subtitle",
    "dateline",
    "byline",
    "authors",
    "paragraphs",
    "text",
    "captions",
    "source",
    "regions",
    "script",
    "flags",
    "schema_version",
)
_SOURCE_KEYS = (
    "publication",
    "date",
    "page",
    "page_number",
    "file",
    "sha256",
    "line_start",
    "line_end",
    "page_index",
    "region_unit",
)
_REGION_KEYS = ("x0", "y0", "x1", "y1")
_AUTHOR_KEYS = ("name", "role")
_CAPTION_KEYS = ("text", "credit", "photographers")


def canonical_record(data: dict[str, Any]) -> dict[str, Any]:
    """A schema-valid record in canonical form (keys in schema order, integers as int).

    Records that already are (all that baokan writes) come back as they are, without the cost of
    a round trip through the dataclasses.
    """
    source = data["source"]
    if (
        tuple(data) == _ARTICLE_KEYS
        and tuple(source) == _SOURCE_KEYS
        and type(source["line_start"]) is int
        and type(source["line_end"]) is int
        and (source["page_number"] is None or type(source["page_number"]) is int)
        and (source["page_index"] is None or type(source["page_index"]) is int)
        and all(tuple(r) == _REGION_KEYS and all(type(v) is float for v in r.values()) for r in data["regions"])
        and all(tuple(a) == _AUTHOR_KEYS for a in data["authors"])
        and all(tuple(c) == _CAPTION_KEYS for c in data["captions"])
    ):
        return data
    return Article.from_dict(data).to_dict()


def _source(data: dict[str, Any]) -> Source:
    # JSON Schema counts 3.0 as an integer; Arrow's int64 columns do not.
    number = data["page_number"]
    return Source(
        publication=data["publication"],
        date=data["date"],
        page=data["page"],
        page_number=None if number is None else int(number),
        file=data["file"],
        sha256=data["sha256"],
        line_start=int(data["line_start"]),
        line_end=int(data["line_end"]),
        page_index=None if data["page_index"] is None else int(data["page_index"]),
        region_unit=data["region_unit"],
    )


def page_key(publication: str, date: str | None, page: str | None, file: str) -> str:
    """16 hex digits naming a page file by where it came from: publication, date, page label and
    `file`, the page file's path below its source root with the root folder's name
    (`人民日报/2025-06-12/03.txt`, as build's inputs.jsonl names it). Two files of one page (the
    same page in two folders) get different ids; a file renamed or moved gets new ones.
    """
    import hashlib  # here: `baokan validate` of a small file starts faster without it

    material = "\x1f".join([publication, date or "", "" if page is None else page, file])
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:16]


def article_id(publication: str, date: str | None, page: str | None, file: str, body_line: int) -> str:
    """Stable id: the page key and the raw line (1-based) where the article's body starts.

    The body's first line moves far less than the article's span when the segmenter learns to
    attach a headline or caption differently, so ids survive such improvements.
    """
    return f"{page_key(publication, date, page, file)}-{body_line:05d}"


_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0}


def page_number_of(label: str | None) -> int | None:
    """The page number a page label gives: `3` → 3, `A3` → 3, `第三版` → 3, `要闻 2` → 2, `十八版` → 18;
    None when it gives none (or a number outside 1 … 100000)."""
    if label is None:
        return None
    m = re.search(r"\d{1,6}", label)
    if m:
        n = int(m.group(0))
        return n if 1 <= n <= 100_000 else None
    m = re.search(r"[零〇一二三四五六七八九十]+", label)
    return _cn_number(m.group(0)) if m else None


def _cn_number(s: str) -> int | None:
    if "十" in s:
        a, _, b = s.partition("十")
        if (a and a not in _CN_DIGITS) or (b and b not in _CN_DIGITS) or len(a) > 1 or len(b) > 1:
            return None
        n = (_CN_DIGITS[a] if a else 1) * 10 + (_CN_DIGITS[b] if b else 0)
    elif len(s) == 1:
        n = _CN_DIGITS[s]
    else:
        return None
    return n if n >= 1 else None


def page_label(value: str | int | None) -> str | None:
    """A page given as a number or a label → the label (spaces inside collapsed); None stays None."""
    if value is None:
        return None
    label = " ".join(str(value).split())
    return label or None


def migrate_record(data: dict[str, Any]) -> dict[str, Any]:
    """A record of an older article schema in the form of this version (2.1.0). 1.x → 2.0.0: the
    integer `source.page` becomes the label and `source.page_number`; 2.0.0 → 2.1.0: the source
    gains `page_index` and `region_unit` (null), the record `regions` (none). Records of this version
    and anything else come back as they are."""
    version = data.get("schema_version")
    source = data.get("source")
    if not (isinstance(version, str) and version.split(".")[0] in ("1", "2") and isinstance(source, dict)):
        return data
    if version == SCHEMA_VERSION:
        return data
    new_source: dict[str, Any] = {}
    for key, value in source.items():
        if key == "page" and version.startswith("1."):
            new_source["page"] = None if value is None else str(value)
            new_source["page_number"] = value if isinstance(value, int) and not isinstance(value, bool) else None
        else:
            new_source[key] = value
    new_source.setdefault("page_index", None)
    new_source.setdefault("region_unit", None)
    out: dict[str, Any] = {}
    for key, value in data.items():
        out[key] = new_source if key == "source" else value
        if key == "source" and "regions" not in data:
            out["regions"] = []
    out["schema_version"] = SCHEMA_VERSION
    return out


def from_arrow_row(row: dict[str, Any]) -> dict[str, Any]:
    """A row read from a release's Parquet (or `datasets`) in its JSON form: the typed date
    column (date32 → `datetime.date`) back to its ISO string. Modifies and returns `row`."""
    source = row.get("source")
    if isinstance(source, dict):
        date = source.get("date")
        if date is not None and hasattr(date, "isoformat"):
            source["date"] = date.isoformat()
    return row
