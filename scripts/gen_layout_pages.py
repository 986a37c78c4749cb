#!/usr/bin/env python
"""Write generated newspaper pages with layout (PDF, ALTO XML, hOCR, PaddleOCR JSON) and their gold.

    python scripts/gen_layout_pages.py --out DIR --pages N --seed S [--days dev|heldout|YYYYMMDD,...]
                                       [--forms pdf,alto,hocr,paddle] [--articles pd2025|pku2001]
                                       [--corpora PATH]
    python scripts/gen_layout_pages.py --out DIR --seed 11 --from-seed   # the project's own text

Real 人民日报 articles of `--days` (from ../shared/corpora/peopledaily-2025) laid out on pages of
4–6 columns (`baokan.devtools.layoutgen`), one layout written in every form of `--forms` under
DIR/<form>/<publication>/<YYYY-MM-DD>/, each page with its gold (docs/gold-conventions.md) beside
it. `--articles pku2001` lays out 人民日报 articles of January 2001 instead (`baokan.devtools.pku`:
another year and house style; `--days` is ignored). With `--from-seed` the articles are the seed
page's hand-checked 吕梁日报 articles (tests/fixtures/seed_gold.json) instead: that is how the
bundled PDF page and the layout test fixtures were made. The same arguments always give the same files.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_CORPORA = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora"
SEED_GOLD = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "seed_gold.json"


def main(argv: list[str] | None = None) -> int:
    from baokan.devtools.layout_pages import FORMS, write_layout_pages
    from baokan.devtools.pdgen import DEV_DAYS, HELDOUT_DAYS
    from baokan.devtools.pku import ARTICLE_SOURCES, load_articles

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, type=Path, help="output directory")
    ap.add_argument("--pages", type=int, default=10, help="number of pages (default 10)")
    ap.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    ap.add_argument("--days", default="dev", help="dev, heldout or YYYYMMDD,... (default dev)")
    ap.add_argument("--forms", default=",".join(FORMS), help=f"forms to write (default {','.join(FORMS)})")
    ap.add_argument(
        "--articles",
        choices=ARTICLE_SOURCES,
        default="pd2025",
        help="source articles: 人民日报 2025 days (default) or the PKU January 2001 sample",
    )
    ap.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA, help="development corpora directory")
    ap.add_argument("--from-seed", action="store_true", help="lay out the seed page's articles (吕梁日报)")
    args = ap.parse_args(argv)
    days = {"dev": DEV_DAYS, "heldout": HELDOUT_DAYS}.get(args.days) or tuple(
        d.strip().replace("-", "") for d in args.days.split(",") if d.strip()
    )
    forms = tuple(f.strip() for f in args.forms.split(",") if f.strip())
    if args.pages < 1 or not forms or set(forms) - set(FORMS):
        ap.error(f"--pages must be >= 1 and --forms a list of {', '.join(FORMS)}")
    if args.from_seed:
        from baokan.devtools.seed_layout import seed_articles

        seeded = seed_articles(SEED_GOLD)
        paths = write_layout_pages(args.out, args.pages, args.seed, seeded, forms, publication="吕梁日报")
        print(f"wrote {len(paths)} files under {args.out} (the seed page's articles)", file=sys.stderr)
        return 0
    articles, wanted = load_articles(args.articles, args.corpora if args.corpora.is_dir() else None, days)
    if not articles:
        print(f"error: no {wanted} under {args.corpora}", file=sys.stderr)
        return 2
    paths = write_layout_pages(args.out, args.pages, args.seed, articles, forms)
    print(f"wrote {len(paths)} files under {args.out} ({len(articles)} source articles)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
