"""What scripts/cli_docs.py and scripts/api_docs.py share: write a generated reference, or check
that the committed one is current."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path


def write_or_check(doc: Path, render: Callable[[], str], script: str, argv: list[str] | None) -> int:
    """`script [--check]`: rewrite `doc` from `render()`, or with `--check` exit 1 when it differs."""
    ap = argparse.ArgumentParser(description=f"Write {doc.name} (generated; do not edit by hand).")
    ap.add_argument("--check", action="store_true", help=f"only check that {doc.name} is up to date")
    args = ap.parse_args(argv)
    text = render()
    if args.check:
        if not doc.is_file() or doc.read_text(encoding="utf-8") != text:
            print(f"{doc} is out of date: run python {script}", file=sys.stderr)
            return 1
        return 0
    doc.write_text(text, encoding="utf-8")
    print(f"wrote {doc}", file=sys.stderr)
    return 0
