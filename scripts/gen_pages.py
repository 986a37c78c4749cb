#!/usr/bin/env python
"""Write synthetic raw pages with gold segmentations (see `baokan.devtools`).

    python scripts/gen_pages.py --out DIR --pages N --seed S [--generator pdgen|pagegen]
                                [--days dev|heldout|YYYYMMDD,...] [--articles pd2025|pku2001]
                                [--corpora PATH]

Writes DIR/<publication>/<YYYY-MM-DD>/<NN>.txt and the gold DIR/.../<NN>.gold.json next to it, so the
folder convention of `baokan.pages` gives the page metadata. The same arguments always give the same
files. Source articles come from the development corpora (default ../shared/corpora relative to the
repository).

Generators:
  pdgen    (default) real 人民日报 articles of `--days` with their printed structure (kickers, subtitles,
           bylines, intertitles, datelines), page furniture, captions and extraction variants
           (`baokan.devtools.pdgen`). `--days dev` (default) are the days the segmenter is tuned on;
           `--days heldout` the days kept out of tuning, for evaluation only. `--articles pku2001`
           renders 人民日报 articles of January 2001 instead (`baokan.devtools.pku`: another year and
           house style, no kickers, subtitles or intertitles; `--days` is ignored).
  pagegen  the first generator: PKU 2001 and Sogou articles in the seed page's layout
           (`baokan.devtools.pagegen`); without the corpora a small built-in corpus is used.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_CORPORA = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora"


def _days(value: str) -> tuple[str, ...]:
    from baokan.devtools.pdgen import DEV_DAYS, HELDOUT_DAYS

    if value == "dev":
        return DEV_DAYS
    if value == "heldout":
        return HELDOUT_DAYS
    days = tuple(d.strip().replace("-", "") for d in value.split(",") if d.strip())
    if not days or not all(len(d) == 8 and d.isdigit() for d in days):
        raise argparse.ArgumentTypeError(f"bad --days {value!r}: dev, heldout or YYYYMMDD,YYYYMMDD")
    return days


def main(argv: list[str] | None = None) -> int:
    from baokan.devtools.pku import ARTICLE_SOURCES

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, type=Path, help="output directory")
    ap.add_argument("--pages", type=int, default=20, help="number of pages (default 20)")
    ap.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    ap.add_argument("--generator", choices=("pdgen", "pagegen"), default="pdgen", help="page generator")
    ap.add_argument("--days", type=_days, default="dev", help="pdgen: dev, heldout or YYYYMMDD,... (default dev)")
    ap.add_argument(
        "--articles",
        choices=ARTICLE_SOURCES,
        default="pd2025",
        help="pdgen: source articles, 人民日报 2025 days (default) or the PKU January 2001 sample",
    )
    ap.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA, help="development corpora directory")
    args = ap.parse_args(argv)
    if args.pages < 1:
        ap.error("--pages must be >= 1")
    corpora = args.corpora if args.corpora.is_dir() else None
    if args.generator == "pdgen":
        from baokan.devtools.pdgen import write_pages
        from baokan.devtools.pku import load_articles

        articles, wanted = load_articles(args.articles, corpora, args.days)
        if not articles:
            print(f"error: no {wanted} under {args.corpora}", file=sys.stderr)
            return 2
        paths = write_pages(args.out, args.pages, args.seed, articles)
    else:
        from baokan.devtools.pagegen import load_corpus
        from baokan.devtools.pagegen import write_pages as write_pagegen

        if corpora is None:
            print(f"corpora not found at {args.corpora}: using the built-in mini-corpus", file=sys.stderr)
        articles = load_corpus(corpora)
        paths = write_pagegen(args.out, args.pages, args.seed, articles)
    print(f"wrote {len(paths)} pages under {args.out} ({len(articles)} source articles)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
