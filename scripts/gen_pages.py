#!/usr/bin/env python
"""Write synthetic raw pages with gold segmentations (see `baokan.devtools.pagegen`).

    python scripts/gen_pages.py --out DIR --pages N --seed S [--corpora PATH]

Writes DIR/<publication>/<YYYY-MM-DD>/<NN>.txt and the gold DIR/.../<NN>.gold.json next to it, so the
folder convention of `baokan.pages` gives the page metadata. The same arguments always give the same
files. Source articles come from the development corpora (default ../shared/corpora relative to the
repository); without them a small built-in corpus is used.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from baokan.devtools.pagegen import load_corpus, write_pages

DEFAULT_CORPORA = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, type=Path, help="output directory")
    ap.add_argument("--pages", type=int, default=20, help="number of pages (default 20)")
    ap.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    ap.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA, help="development corpora directory")
    args = ap.parse_args(argv)
    if args.pages < 1:
        ap.error("--pages must be >= 1")
    corpora = args.corpora if args.corpora.is_dir() else None
    if corpora is None:
        print(f"corpora not found at {args.corpora}: using the built-in mini-corpus", file=sys.stderr)
    articles = load_corpus(corpora)
    paths = write_pages(args.out, args.pages, args.seed, articles)
    print(f"wrote {len(paths)} pages under {args.out} ({len(articles)} source articles)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
