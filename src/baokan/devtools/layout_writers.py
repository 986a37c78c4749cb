"""One generated layout (`layoutgen.Layout`) written as the files archives hold: a PDF page, ALTO XML
(v4), hOCR and PaddleOCR JSON (3.x `save_to_json` object or the 2.x list), the OCR forms in pixels
at 300 dpi. The same layout gives the same bytes."""

from __future__ import annotations

import io
import json
import random
from xml.sax.saxutils import escape, quoteattr

from baokan.devtools.layoutgen import Item, Layout

__all__ = ["DPI_SCALE", "alto_xml", "engine_order", "hocr_html", "paddle_json", "pdf_bytes"]

DPI_SCALE = 300 / 72  # points → pixels of a 300 dpi scan
_FONT = "STSong-Light"


def pdf_bytes(layout: Layout) -> bytes:
    """The page as a PDF: every line drawn as text in the CID font, images as image objects."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if _FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(_FONT))
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(layout.width, layout.height), invariant=1, pageCompression=1)
    grey = ImageReader(Image.new("L", (8, 8), 170))
    for x, y, w, h in layout.images:
        c.drawImage(grey, x, layout.height - y - h, w, h)
    for it in layout.items:
        text = c.beginText(it.x, layout.height - it.y - it.size * 0.88)
        text.setFont(_FONT, it.size)
        # The layout measures Latin letters and digits at half an em; the font sets some wider. A
        # typesetter fits the line to its measure, so a line that would run past it is condensed.
        drawn = pdfmetrics.stringWidth(it.text, _FONT, it.size)
        if drawn > it.w + 0.01:
            text.setHorizScale(100.0 * it.w / drawn)
        text.textOut(it.text)
        c.drawText(text)
    c.showPage()
    c.save()
    return out.getvalue()


def _px(v: float) -> int:
    return round(v * DPI_SCALE)


def _blocks(items: list[Item]) -> list[list[Item]]:
    """Lines grouped as an OCR engine's blocks: one per gold field part and column."""
    groups: dict[tuple[object, ...], list[Item]] = {}
    for it in items:
        key = (it.owner[0], it.owner[1], it.owner[2] if it.owner[1] != "paragraph" else round(it.x, -1), it.owner[2])
        groups.setdefault(key, []).append(it)
    return list(groups.values())


def _bounds(block: list[Item]) -> tuple[float, float, float, float]:
    """The box around a block's lines: x0, y0, x1, y1."""
    return (
        min(it.x for it in block),
        min(it.y for it in block),
        max(it.x + it.w for it in block),
        max(it.y + it.h for it in block),
    )


def alto_xml(layout: Layout, items: list[Item], rng: random.Random) -> str:
    """ALTO v4: TextBlock/TextLine/String with pixel boxes and font sizes, Illustrations for the
    images; the blocks in shuffled order (files seldom keep reading order)."""
    sizes = sorted({it.size for it in items})
    style_id = {s: f"font{i}" for i, s in enumerate(sizes)}
    blocks = _blocks(items)
    rng.shuffle(blocks)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#">',
        "<Description><MeasurementUnit>pixel</MeasurementUnit></Description>",
        "<Styles>",
        *(f'<TextStyle ID="{style_id[s]}" FONTSIZE="{s:g}"/>' for s in sizes),
        "</Styles>",
        f'<Layout><Page ID="page1" PHYSICAL_IMG_NR="1" WIDTH="{_px(layout.width)}" HEIGHT="{_px(layout.height)}">',
        f'<PrintSpace HPOS="0" VPOS="0" WIDTH="{_px(layout.width)}" HEIGHT="{_px(layout.height)}">',
    ]
    for b, block in enumerate(blocks):
        x0, y0, x1, y1 = _bounds(block)
        out.append(
            f'<TextBlock ID="b{b}" HPOS="{_px(x0)}" VPOS="{_px(y0)}" WIDTH="{_px(x1 - x0)}" HEIGHT="{_px(y1 - y0)}">'
        )
        for n, it in enumerate(block):
            box = f'HPOS="{_px(it.x)}" VPOS="{_px(it.y)}" WIDTH="{_px(it.w)}" HEIGHT="{_px(it.h)}"'
            out.append(
                f'<TextLine ID="b{b}l{n}" {box}><String CONTENT={quoteattr(it.text)} {box} '
                f'STYLEREFS="{style_id[it.size]}"/></TextLine>'
            )
        out.append("</TextBlock>")
    for i, (x, y, w, h) in enumerate(layout.images):
        out.append(f'<Illustration ID="img{i}" HPOS="{_px(x)}" VPOS="{_px(y)}" WIDTH="{_px(w)}" HEIGHT="{_px(h)}"/>')
    out += ["</PrintSpace></Page></Layout>", "</alto>", ""]
    return "\n".join(out)


def hocr_html(layout: Layout, items: list[Item]) -> str:
    """hOCR as Tesseract writes it: ocr_page, ocr_carea blocks, ocr_line with bbox and x_size, one
    ocrx_word per line (CJK has no spaces to part words at)."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><meta name="ocr-system" content="tesseract"/>',
        '<meta name="ocr-capabilities" content="ocr_page ocr_carea ocr_line ocrx_word"/></head><body>',
        f'<div class="ocr_page" id="page_1" title="bbox 0 0 {_px(layout.width)} {_px(layout.height)}">',
    ]
    for b, block in enumerate(_blocks(items)):
        x0, y0, x1, y1 = _bounds(block)
        out.append(f'<div class="ocr_carea" id="block_{b}" title="bbox {_px(x0)} {_px(y0)} {_px(x1)} {_px(y1)}">')
        for n, it in enumerate(block):
            bbox = f"bbox {_px(it.x)} {_px(it.y)} {_px(it.x + it.w)} {_px(it.y + it.h)}"
            out.append(
                f'<span class="ocr_line" id="line_{b}_{n}" title="{bbox}; x_size {_px(it.size):d}">'
                f'<span class="ocrx_word" id="word_{b}_{n}" title="{bbox}; x_wconf 95">{escape(it.text)}</span></span>'
            )
        out.append("</div>")
    for x, y, w, h in layout.images:
        out.append(f'<div class="ocr_photo" title="bbox {_px(x)} {_px(y)} {_px(x + w)} {_px(y + h)}"></div>')
    out += ["</div></body></html>", ""]
    return "\n".join(out)


def engine_order(items: list[tuple[Item, float]]) -> list[tuple[Item, float]]:
    """Lines in the order a detection engine reports them: row by row down the page, left to right
    across every column at once (so the columns interleave)."""
    return sorted(items, key=lambda pair: (round(pair[0].y / 6.0), pair[0].x))


def paddle_json(layout: Layout, noisy: list[tuple[Item, float]], version: int = 3) -> str:
    """PaddleOCR's result: 3.x `save_to_json` (rec_texts, rec_scores, rec_polys, rec_boxes) or the
    2.x list `[[box, [text, score]], ...]`, in engine order."""
    ordered = engine_order(noisy)
    polys, boxes = [], []
    for it, _ in ordered:
        x0, y0, x1, y1 = _px(it.x), _px(it.y), _px(it.x + it.w), _px(it.y + it.h)
        polys.append([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
        boxes.append([x0, y0, x1, y1])
    if version == 2:
        return json.dumps([[p, [it.text, s]] for p, (it, s) in zip(polys, ordered, strict=True)], ensure_ascii=False)
    doc = {
        "input_path": "page.png",
        "page_index": None,
        "rec_texts": [it.text for it, _ in ordered],
        "rec_scores": [s for _, s in ordered],
        "rec_polys": polys,
        "rec_boxes": boxes,
    }
    return json.dumps(doc, ensure_ascii=False)
