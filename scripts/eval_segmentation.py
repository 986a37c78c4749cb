#!/usr/bin/env python
"""Score segmenter output against gold segmentations (see `baokan.devtools.evaluation`).

    python scripts/eval_segmentation.py GOLD PRED [--json] [--threshold 0.5]

GOLD: a gold JSON (format of tests/fixtures/seed_gold.json) or a directory of *.gold.json files.
PRED: article records (JSONL, JSONL.gz, Parquet, a release folder, or a directory of such files).
Prints article P/R/F1, title/kicker/subtitle/dateline/byline/author/caption accuracy over matched
articles, paragraph and caption P/R/F1 and the body character error rate; --json prints the same
numbers as one JSON object. Exit code 0, 1 for unreadable input, 2 for a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys

from baokan.devtools.evaluation import DEFAULT_THRESHOLD, evaluate_paths, render_text
from baokan.errors import InputError, UsageError


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", help="gold JSON file or directory of *.gold.json")
    ap.add_argument("pred", help="predicted records: JSONL/Parquet file, release folder or directory")
    ap.add_argument("--json", action="store_true", help="print the numbers as one JSON object")
    ap.add_argument(
        "--threshold", type=float, default=DEFAULT_THRESHOLD, help="article overlap threshold (default 0.5)"
    )
    args = ap.parse_args(argv)
    if not 0 < args.threshold <= 1:
        ap.error("--threshold must be in (0, 1]")
    try:
        result = evaluate_paths(args.gold, args.pred, args.threshold)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, sort_keys=False))
    else:
        sys.stdout.write(render_text(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
