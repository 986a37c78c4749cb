"""PDF e-paper pages → `LayoutPage`s, with pypdfium2 (PDFium): characters with their boxes and
font sizes, grouped into printed lines; image objects as images.

Why PDFium: it is a compiled library with a wheel for every platform, reads the CID fonts of
Chinese e-papers with their ToUnicode maps, and gives each character's box and font size in one
pass (about 3,000 characters of a dense page in a few milliseconds; `scripts/bench` measures it
against the extractor alone). pdfminer.six gives the same but is pure Python and many times slower.
Fonts a PDF does not embed are looked up on the machine; for CJK ones `pdffonts` gives PDFium a
stand-in, so the lines read do not depend on the fonts installed.
"""

from __future__ import annotations

import ctypes
from statistics import median
from typing import Any

from baokan.errors import InputError

from .model import Box, LayoutPage, TextLine
from .pdffonts import install_cjk_fallback

__all__ = ["read_pdf"]

_GAP_EMS = 1.0  # a horizontal gap wider than this many ems parts two printed lines on one baseline (a gutter)


def read_pdf(data: bytes, where: str) -> list[LayoutPage]:
    """Every page of the PDF. A page without a text layer (a scan) is a page with no lines and a
    warning-worthy `kind` of `pdf-scan`; the caller reports it."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    install_cjk_fallback()  # before any document is opened: fonts are looked up as they load
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise InputError(where, f"not a readable PDF: {exc}") from exc
    pages = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            width, height = page.get_size()
            result = LayoutPage(width, height, "pt", index=index, kind="pdf")
            textpage = page.get_textpage()
            result.lines = _lines(textpage, pdfium_c, height)
            for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
                left, bottom, right, top = obj.get_bounds()
                result.images.append(Box(left, height - top, right, height - bottom))
            if not result.lines:
                result.kind = "pdf-scan" if result.images else "pdf-empty"
            pages.append(result)
    finally:
        pdf.close()
    return pages


def _lines(textpage: object, raw: Any, height: float) -> list[TextLine]:
    """The characters in content order, cut into lines where PDFium breaks the text, where the
    baseline moves (glyph boxes of punctuation sit high or low, baselines do not), or across a
    wide horizontal gap."""
    handle = textpage.raw  # type: ignore[attr-defined]
    count = raw.FPDFText_CountChars(handle)
    text = textpage.get_text_range(0, count)  # type: ignore[attr-defined]
    # loose boxes: a character's advance (its em box), so punctuation whose ink sits at one side
    # of its box leaves no gap; the vertical extent comes from the baseline and the type size
    loose = raw.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    box_of, origin_of, size_of = raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetCharOrigin, raw.FPDFText_GetFontSize
    loose_ref, origin = ctypes.byref(loose), (ctypes.byref(ox), ctypes.byref(oy))
    lines: list[TextLine] = []
    chars: list[tuple[str, float, float, float, float, float]] = []  # ch, x0, y0, x1, y1, size
    baseline = 0.0

    def flush() -> None:
        if chars:
            lines.append(_line(chars))
            chars.clear()

    for i in range(min(count, len(text))):
        ch = text[i]
        if ch in "\r\n":
            flush()
            continue
        box_of(handle, i, loose_ref)
        x0, x1 = loose.left, loose.right
        if ch.isspace():
            if chars:
                chars.append((" ", x0, chars[-1][2], x1, chars[-1][4], chars[-1][5]))
            continue
        size = size_of(handle, i) or (loose.top - loose.bottom)
        origin_of(handle, i, *origin)
        if chars:
            last = chars[-1]
            em = max(size, last[5], 1.0)
            if x0 - last[3] > _GAP_EMS * em or x0 < last[1] - em or abs(oy.value - baseline) > 0.5 * em:
                flush()
        if not chars:
            baseline = oy.value
        y0, y1 = height - (oy.value + 0.88 * size), height - (oy.value - 0.12 * size)
        chars.append((ch, x0, y0, x1, y1, size))
    flush()
    return [ln for ln in lines if ln.text]


def _line(chars: list[tuple[str, float, float, float, float, float]]) -> TextLine:
    text = "".join(c[0] for c in chars).strip()
    inked = [c for c in chars if c[0] != " "] or chars
    box = Box(min(c[1] for c in inked), min(c[2] for c in inked), max(c[3] for c in inked), max(c[4] for c in inked))
    return TextLine(text, box, float(median(c[5] for c in inked)))
