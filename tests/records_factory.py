"""The one factory of article records for tests: valid records built through `records.Article`
(the type that flows through the pipeline), handed out as fresh dicts to copy and break.

- `make_record(n, **overrides)`: one fixed, realistic record (id ending in `n`), top-level keys
  overridable: the record the validation tests break on purpose.
- `make_article(i)` / `make_records(n)`: `n` different records (titles, bylines, captions and
  flags vary with `i`) for publishing, diffing and round trips.
"""

from __future__ import annotations

import copy
import hashlib
from typing import Any

from baokan.records import Article, Author, Caption, Region, Source, article_id, page_label, page_number_of


def make_article(
    i: int, *, publication: str = "测试日报", date: str | None = "2023-04-11", page: str | int | None = "1"
) -> Article:
    page = page_label(page)
    paragraphs = [f"第{i}篇文章的第一段，记录了本地新闻。", f"第二段，编号{i * 7}。"]
    file = f"page-{i % 5:02d}.txt"
    body_line = 3 + 40 * i
    laid_out = i % 6 == 1  # a record of layout input: a page of a PDF, with the boxes of its columns
    regions = [Region(40.0 + i, 100.5, 180.25, 400.0), Region(190.0, 80.0, 330.0, 260.75)] if laid_out else []
    return Article(
        id=article_id(publication, date, page, file, body_line),
        title=f"标题{i}" if i % 4 else None,
        kicker="引题内容" if i % 3 == 0 else None,
        subtitle=None,
        dateline="本报讯" if i % 2 else None,
        byline="本报讯（记者 高茜）" if i % 2 else None,
        authors=[Author("高茜", "记者"), Author("李琦", "实习生")] if i % 2 else [],
        paragraphs=paragraphs,
        text="\n".join(paragraphs),
        captions=[Caption("图为现场。", "记者 王益炜 摄", ("王益炜",))] if i % 5 == 0 else [],
        source=Source(
            publication=publication,
            date=date,
            page=page,
            page_number=page_number_of(page),
            file=file,
            sha256=hashlib.sha256(file.encode()).hexdigest(),
            line_start=body_line - 2,
            line_end=body_line + 10,
            page_index=i % 3 if laid_out else None,
            region_unit="pt" if laid_out else None,
        ),
        regions=regions,
        script="simplified",
        flags=[] if i % 4 else ["no_title"],
    )


def make_records(n: int, **kwargs: Any) -> list[dict[str, Any]]:
    return [make_article(i, **kwargs).to_dict() for i in range(n)]


_RECORD = Article(
    id="0123456789abcdef-00012",
    title="中阳县：奋力打造“一心五区”县域经济发展新格局",
    kicker=None,
    subtitle=None,
    dateline="本报讯",
    byline="本报讯（记者 高茜）",
    authors=[Author("高茜", "记者")],
    paragraphs=["实干开新局，奋进正当时。", "着力推动产业转型，锻造高质量发展基石。"],
    text="实干开新局，奋进正当时。\n着力推动产业转型，锻造高质量发展基石。",
    captions=[],
    source=Source(
        publication="吕梁日报",
        date="2023-04-11",
        page="1",
        page_number=1,
        file="000_1102c3be27cc357c.txt",
        sha256="1102c3be27cc357c" + "0" * 48,
        line_start=3,
        line_end=12,
    ),
    script="simplified",
).to_dict()


def make_record(n: int = 12, **overrides: Any) -> dict[str, Any]:
    """A fresh schema- and rule-valid record whose id ends in `n`; top-level keys overridable."""
    record = copy.deepcopy(_RECORD)
    record["id"] = f"0123456789abcdef-{n:05d}"
    record.update(overrides)
    return record
