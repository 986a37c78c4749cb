#!/usr/bin/env python
"""Write src/baokan/layout/cjk_fallback.ttf, the font PDFium is given for CJK fonts a PDF does not
embed (see `baokan.layout.pdffonts`): one glyph, a thin box (advance one em, ink from x 0 to 0.05
em, from the descender to the ascender), that every code point maps to (a many-to-one cmap,
format 13). Built with fontTools; the bytes depend only on this script.

    python scripts/make_pdf_fallback_font.py           # rewrite the font
    python scripts/make_pdf_fallback_font.py --check   # exit 1 when the committed font differs
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

FONT = Path(__file__).resolve().parents[1] / "src" / "baokan" / "layout" / "cjk_fallback.ttf"
EM = 1000
ASCENT, DESCENT = 880, -120  # as the layout generator and the PDF reader place a line's glyphs
INK = 50  # the glyph's width: some, so a character has a box; less than any advance


def build() -> bytes:
    builder = FontBuilder(EM, isTTF=True)
    builder.setupGlyphOrder([".notdef", "box"])
    builder.setupCharacterMap({0x4E00: "box"})  # replaced below by the many-to-one table

    def box() -> object:
        pen = TTGlyphPen(None)
        pen.moveTo((0, DESCENT))
        pen.lineTo((0, ASCENT))
        pen.lineTo((INK, ASCENT))
        pen.lineTo((INK, DESCENT))
        pen.closePath()
        return pen.glyph()

    builder.setupGlyf({".notdef": box(), "box": box()})
    builder.setupHorizontalMetrics({".notdef": (EM, 0), "box": (EM, 0)})
    builder.setupHorizontalHeader(ascent=ASCENT, descent=DESCENT)
    builder.setupNameTable({"familyName": "BaokanCJKFallback", "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=ASCENT, sTypoDescender=DESCENT, usWinAscent=ASCENT, usWinDescent=-DESCENT)
    builder.setupPost()
    every = CmapSubtable.newSubtable(13)
    every.platformID, every.platEncID, every.language = 3, 10, 0
    every.cmap = {cp: "box" for cp in range(0x20, 0x110000) if not 0xD800 <= cp <= 0xDFFF}
    builder.font["cmap"].tables = [every]
    builder.font["head"].created = builder.font["head"].modified = 0  # reproducible bytes
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


def main(argv: list[str]) -> int:
    data = build()
    if "--check" in argv:
        if not FONT.is_file() or FONT.read_bytes() != data:
            print(f"{FONT} is out of date: run python scripts/make_pdf_fallback_font.py", file=sys.stderr)
            return 1
        return 0
    FONT.write_bytes(data)
    print(f"wrote {FONT} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
