"""Which layout format a file holds, told by its content (the name only breaks ties)."""

from __future__ import annotations

import re

FORMATS = ("pdf", "alto", "hocr", "paddle")

_ALTO_RE = re.compile(rb"<(?:\w+:)?alto[\s>]")
_HOCR_RE = re.compile(rb"class=['\"](?:ocr_page|ocr_line|ocrx_word)['\"]")
_PADDLE_3_RE = re.compile(rb"\"rec_texts\"\s*:")
_PADDLE_2_RE = re.compile(rb"^\s*\[\s*\[\s*\[\s*\[\s*-?[\d.]+\s*,")


def detect_format(head: bytes) -> str | None:
    """The layout format of a file whose first bytes are `head` (a few KiB are enough), or None
    for plain page text (and anything else)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    sample = head[:65536]
    if _ALTO_RE.search(sample):
        return "alto"
    if _HOCR_RE.search(sample):
        return "hocr"
    stripped = sample.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{") and _PADDLE_3_RE.search(sample):
        return "paddle"
    if stripped.startswith(b"[") and _PADDLE_2_RE.match(stripped):
        return "paddle"
    return None
