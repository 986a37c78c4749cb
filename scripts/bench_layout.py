#!/usr/bin/env python
"""Layout input speed: pages per CPU-second of one core, from the file's bytes to article records,
against the extractor alone in the same run.

    python scripts/bench_layout.py [--pages 40] [--seed 0] [--corpora ../shared/corpora] [--json]

Generated pages (`baokan.devtools.layoutgen`: 4–6 columns, 8 articles a page of real 人民日报
articles of the development days when ../shared/corpora is there, else the seed page's five
articles) are written once as PDF, ALTO XML, hOCR and PaddleOCR JSON. Then, per form, in this
process and on one core (CPU time, the best of --repeat runs):

- `extract`: the extractor alone: for PDF, pypdfium2 opening the file and reading every
  character with its box and font size (what any PDF reader must do); for the OCR forms,
  parsing the XML/JSON (lxml-free: the standard library parser the readers use);
- `pipeline`: `pages.read_page` + `segment.segment_page`: reading, reading order, segmentation,
  records.

The ratio pipeline / extract says what baokan adds on top of extraction.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPORA = REPO / ".." / "shared" / "corpora"


def _articles(corpora: Path) -> tuple[list[Any], str]:
    from baokan.devtools.pdgen import DEV_DAYS, load_peopledaily
    from baokan.devtools.seed_layout import seed_articles

    if corpora.is_dir():
        found = load_peopledaily(corpora, DEV_DAYS)
        if found:
            return found, f"人民日报 articles of the dev days {','.join(DEV_DAYS)}"
    return seed_articles(REPO / "tests" / "fixtures" / "seed_gold.json"), "the seed page's 5 articles"


def _write_pages(folder: Path, pages: int, seed: int, articles: list[Any]) -> dict[str, list[Path]]:
    from baokan.devtools.layout_pages import FORMS, write_layout_pages

    written = write_layout_pages(folder, pages, seed, articles)
    return {form: sorted(p for p in written if p.parts[len(folder.parts)] == form) for form in FORMS}


def _pdf_extract(path: Path) -> int:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(path.read_bytes())
    chars = 0
    box = raw.FS_RECTF()
    try:
        for index in range(len(pdf)):
            textpage = pdf[index].get_textpage()
            handle = textpage.raw
            count = raw.FPDFText_CountChars(handle)
            textpage.get_text_range(0, count)
            for i in range(count):
                raw.FPDFText_GetLooseCharBox(handle, i, ctypes.byref(box))
                raw.FPDFText_GetFontSize(handle, i)
            chars += count
    finally:
        pdf.close()
    return chars


def _xml_extract(path: Path) -> int:
    import xml.etree.ElementTree as ET

    return sum(1 for _ in ET.fromstring(path.read_bytes()).iter())


def _json_extract(path: Path) -> int:
    return len(json.loads(path.read_bytes()))


def _html_extract(path: Path) -> int:
    from html.parser import HTMLParser

    parser = HTMLParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return 1


EXTRACTORS: dict[str, Callable[[Path], int]] = {
    "pdf": _pdf_extract,
    "alto": _xml_extract,
    "hocr": _html_extract,
    "paddle": _json_extract,
}


def _pipeline(path: Path) -> int:
    from baokan.pages import read_page
    from baokan.segment import segment_page

    return len(segment_page(read_page(path, publication="人民日报")).articles)


def _cpu_seconds(run: Callable[[Path], int], files: list[Path], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for path in files:
            run(path)
        best = min(best, time.process_time() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=40, help="pages per form (default 40)")
    ap.add_argument("--seed", type=int, default=0, help="layout seed (default 0)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement, the best is kept (default 3)")
    ap.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA, help="development corpora folder")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = ap.parse_args(argv)
    if args.pages < 1 or args.repeat < 1:
        ap.error("--pages and --repeat must be >= 1")
    articles, what = _articles(args.corpora)
    rng = random.Random(args.seed)
    rng.shuffle(articles)
    report: dict[str, Any] = {"pages": args.pages, "articles_from": what, "forms": {}}
    with tempfile.TemporaryDirectory(prefix="baokan-bench-layout-") as tmp:
        files = _write_pages(Path(tmp), args.pages, args.seed, articles)
        for form, paths in files.items():
            _pipeline(paths[0])  # imports and first-use costs out of the timings
            EXTRACTORS[form](paths[0])
            extract = _cpu_seconds(EXTRACTORS[form], paths, args.repeat)
            pipeline = _cpu_seconds(_pipeline, paths, args.repeat)
            report["forms"][form] = {
                "bytes_per_page": sum(p.stat().st_size for p in paths) // len(paths),
                "extract_pages_per_cpu_s": round(len(paths) / extract, 1),
                "pipeline_pages_per_cpu_s": round(len(paths) / pipeline, 1),
                "pipeline_over_extract": round(pipeline / extract, 2),
            }
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return 0
    print(f"{args.pages} generated pages per form ({what}), CPU time on one core, best of {args.repeat}")
    print(f"{'form':8} {'KB/page':>8} {'extract pg/s':>13} {'pipeline pg/s':>14} {'pipeline/extract':>17}")
    for form, f in report["forms"].items():
        print(
            f"{form:8} {f['bytes_per_page'] / 1000:8.1f} {f['extract_pages_per_cpu_s']:13.1f} "
            f"{f['pipeline_pages_per_cpu_s']:14.1f} {f['pipeline_over_extract']:16.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO / "src"))
    raise SystemExit(main())
