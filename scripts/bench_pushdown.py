#!/usr/bin/env python
"""Filter pushdown on a release: how much of a split a one-day filter reads, in row order against
id order, measured in the same run.

    python scripts/bench_pushdown.py ARTICLES.jsonl[.gz] [--days 20] [--row-group-rows 10000] [--json]

ARTICLES is any article JSONL (a build's pipeline output, or a release's `jsonl/` mirror). It is
published once with `baokan.publish` into a temporary folder (all records in one split, rows in
the release's row order: publication, date, page, id). The baseline is the same Parquet rows
rewritten in id order (the order releases had before) with the same row-group size. Then, for
--days dates spread over the corpus:

- `row groups read`: row groups whose `source.date` statistics admit the day (what DuckDB,
  Polars and pyarrow skip by), as a share of all row groups;
- `filtered read`: wall time of `pyarrow.dataset(...).to_table(filter=source.date == day)`,
  the best of 3, summed over the days.
"""

from __future__ import annotations

import argparse
import datetime
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def _row_groups_admitting(path: Path, day: datetime.date) -> tuple[int, int]:
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(path).metadata
    admitted = 0
    for g in range(meta.num_row_groups):
        group = meta.row_group(g)
        columns = (group.column(c) for c in range(group.num_columns))
        stats = next(c for c in columns if c.path_in_schema == "source.date").statistics
        if stats is None or not stats.has_min_max or stats.min <= day <= stats.max:
            admitted += 1
    return admitted, meta.num_row_groups


def _filtered_read_seconds(path: Path, days: list[datetime.date]) -> float:
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    dataset = ds.dataset(str(path), format="parquet")
    total = 0.0
    for day in days:
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            dataset.to_table(filter=pc.field("source", "date") == pc.scalar(day))
            best = min(best, time.perf_counter() - start)
        total += best
    return total


def _measure(articles: Path, n_days: int, row_group_rows: int) -> dict[str, Any]:
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    import baokan.release.writers as writers
    from baokan.release import PublishOptions, publish

    writers.ROW_GROUP_ROWS = row_group_rows
    with tempfile.TemporaryDirectory(prefix="baokan-pushdown-") as tmp:
        work = Path(tmp)
        options = PublishOptions(name="pushdown", version="1.0.0", split_ratios={"train": 1.0})
        release = publish([articles], work / "out", options).path
        (shard,) = sorted((release / "data").glob("train-*.parquet"))
        table = pq.read_table(shard)
        by_id = work / "by-id.parquet"
        pq.write_table(
            table.take(pc.sort_indices(table, [("id", "ascending")])),
            by_id,
            row_group_size=row_group_rows,
            compression="zstd",
        )
        dates = sorted({d for d in table.column("source").combine_chunks().field("date").to_pylist() if d})
        step = max(1, len(dates) // n_days)
        days = dates[step // 2 :: step][:n_days]
        result: dict[str, Any] = {"rows": table.num_rows, "dates": len(dates), "days": len(days)}
        for name, path in (("row_order", shard), ("id_order", by_id)):
            admitted = [_row_groups_admitting(path, day) for day in days]
            groups = admitted[0][1] if admitted else 0
            result[name] = {
                "row_groups": groups,
                "row_groups_read_per_day": sum(a for a, _ in admitted) / max(1, len(admitted)),
                "filtered_read_seconds": _filtered_read_seconds(path, days),
            }
        shutil.rmtree(release)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles", type=Path)
    parser.add_argument("--days", type=int, default=20)
    parser.add_argument("--row-group-rows", type=int, default=10_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = _measure(args.articles, args.days, args.row_group_rows)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{result['rows']} rows over {result['dates']} dates; a one-day filter, {result['days']} days:")
    print(f"{'order':<10} {'row groups':>10} {'read per day':>13} {'filtered read (s)':>18}")
    for name in ("id_order", "row_order"):
        r = result[name]
        read, seconds = r["row_groups_read_per_day"], r["filtered_read_seconds"]
        print(f"{name:<10} {r['row_groups']:>10} {read:>13.1f} {seconds:>18.3f}")
    base, new = result["id_order"], result["row_order"]
    if new["filtered_read_seconds"] > 0:
        groups = new["row_groups_read_per_day"] / max(1, base["row_groups_read_per_day"])
        speed = base["filtered_read_seconds"] / new["filtered_read_seconds"]
        print(f"row order reads {groups:.2f} times the row groups and filters {speed:.1f} times faster")
    return 0


if __name__ == "__main__":
    sys.exit(main())
