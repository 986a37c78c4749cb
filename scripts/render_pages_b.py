#!/usr/bin/env python

"""Renderer B: raw 人民日报 pages with gold segmentations, independent of the segmenter.

    python scripts/render_pages_b.py --out DIR --pages N --seed S --days YYYYMMDD,... [--corpora PATH]

Writes DIR/人民日报/<YYYY-MM-DD>/<NN>.txt and <NN>.gold.json (docs/gold-conventions.md), pages
round-robin over the days, numbered per day. The same arguments give byte-identical files.
--variant restricts the extraction variants (pdftotext, pdfminer, pymupdf, seedlike; repeatable).
Exit code 0, 2 for a usage error (missing corpora or days, bad arguments).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

from baokan.devtools.render_b import VARIANTS, CorpusError, render_pages

DEFAULT_CORPORA = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora" / "peopledaily-2025"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, type=Path, help="output folder")
    ap.add_argument("--pages", type=int, default=20, help="number of pages (default 20)")
    ap.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    ap.add_argument("--days", required=True, help="comma-separated days YYYYMMDD of the corpus to render")
    ap.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA, help="folder of articles_YYYYMMDD.json")
    ap.add_argument("--variant", action="append", choices=VARIANTS, help="only these extraction variants")
    ap.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    args = ap.parse_args(argv)
    days = [d.strip() for d in args.days.split(",") if d.strip()]
    bad = [d for d in days if not re.fullmatch(r"\d{8}", d)]
    if not days or bad:
        print(f"error: --days: expected YYYYMMDD[,YYYYMMDD...], got {args.days!r}", file=sys.stderr)
        return 2
    if args.pages < 1:
        print("error: --pages must be at least 1", file=sys.stderr)
        return 2
    if not args.corpora.is_dir():
        print(f"error: corpora folder not found: {args.corpora} (give --corpora PATH)", file=sys.stderr)
        return 2
    missing = [d for d in days if not (args.corpora / f"articles_{d}.json").is_file()]
    if missing:
        print(f"error: no corpus file for day(s) {', '.join(missing)} in {args.corpora}", file=sys.stderr)
        return 2
    try:
        results = render_pages(args.corpora, days, args.pages, args.seed, args.out, args.variant)
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not args.quiet:
        v = Counter(r.variant for r in results)
        arts = sum(r.articles for r in results)
        print(
            f"{len(results)} pages, {arts} articles → {args.out} (" + ", ".join(f"{k} {v[k]}" for k in sorted(v)) + ")",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
