#!/usr/bin/env python
"""Screenshot the site of the bundled release for the docs: `baokan browse` into a temporary
folder, opened from file:// in headless Chromium (Debian's `chromium`), an article clicked in the
index, its page view saved.

    python scripts/browse_screenshot.py [--out docs/browse.png] [--index docs/browse-index.png]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BUNDLED = REPO / "data" / "releases" / "lvliang-daily" / "1.0.0"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=REPO / "docs" / "browse.png", help="the page view's screenshot")
    ap.add_argument("--index", type=Path, default=None, help="also a screenshot of the whole index page")
    ap.add_argument("--article", type=int, default=1, help="which article of the list to click (0-based)")
    args = ap.parse_args(argv)

    from baokan.browse.site import build_site
    from baokan.devtools.chromium import Chromium

    with tempfile.TemporaryDirectory() as tmp, Chromium() as browser:
        site = Path(tmp) / "site"
        build_site(BUNDLED, site)
        tab = browser.new_tab(width=1280, height=800)
        tab.navigate((site / "index.html").as_uri())
        tab.wait_for("document.body.dataset.loaded === 'true'")
        if args.index is not None:
            tab.screenshot(args.index, full_page=True)
        tab.click_and_wait_load(f"#article-list tr:nth-child({args.article + 1}) a")
        tab.wait_for("document.getElementById('body').dataset.id")
        tab.screenshot(args.out)
        if browser.errors:
            print("console errors:", *browser.errors, sep="\n  ", file=sys.stderr)
            return 1
    print(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
