"""Layout input: PDF e-paper pages and OCR results with coordinates (ALTO XML, hOCR, PaddleOCR JSON)
→ `LayoutPage`s of positioned lines (`read_layout`), then into reading order with the hints the
segmenter weighs (`order.reading_order`)."""

from __future__ import annotations

from baokan.errors import InputError

from .detect import FORMATS, detect_format
from .model import Box, LayoutPage, TextLine

__all__ = ["FORMATS", "Box", "LayoutPage", "TextLine", "detect_format", "read_layout"]


def read_layout(data: bytes, where: str, kind: str | None = None) -> list[LayoutPage]:
    """The pages of a layout file (`kind` as `detect_format` tells, found when not given)."""
    kind = kind or detect_format(data[:65536])
    if kind == "pdf":
        from .pdf import read_pdf

        return read_pdf(data, where)
    if kind == "alto":
        from .ocr_files import read_alto

        return read_alto(data, where)
    if kind == "hocr":
        from .ocr_files import read_hocr

        return read_hocr(data, where)
    if kind == "paddle":
        from .ocr_files import read_paddle

        return read_paddle(data, where)
    raise InputError(where, "not a layout file: none of PDF, ALTO XML, hOCR or PaddleOCR JSON")
