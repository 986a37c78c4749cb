"""ALTO XML, hOCR and PaddleOCR results → `LayoutPage`s (lines with boxes, sizes and scores)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from typing import Any

from baokan.errors import InputError

from .model import Box, LayoutPage, TextLine

__all__ = ["read_alto", "read_hocr", "read_paddle"]


# ------------------------------------------------------------------------------ ALTO


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _num(element: ET.Element, name: str) -> float:
    value = element.get(name)
    try:
        return float(value) if value is not None else 0.0
    except ValueError:
        return 0.0


def read_alto(data: bytes, where: str) -> list[LayoutPage]:
    """ALTO v1–v4: every Page's TextLines (String CONTENTs joined, SP as a space, HYP kept), boxes
    from HPOS/VPOS/WIDTH/HEIGHT, sizes from the styles' FONTSIZE where every line has one (else
    the line heights), Illustrations and GraphicalElements as images. The order of blocks in the
    file is not used."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise InputError(where, f"not well-formed ALTO XML: {exc}", line=exc.position[0]) from exc
    fonts: dict[str, float] = {}
    unit = "px"
    for el in root.iter():
        tag = _local(el.tag)
        if tag == "TextStyle" and el.get("ID") and el.get("FONTSIZE"):
            fonts[el.get("ID", "")] = _num(el, "FONTSIZE")
        elif tag == "MeasurementUnit" and el.text:
            unit = {"pixel": "px", "mm10": "mm10", "inch1200": "inch1200"}.get(el.text.strip(), el.text.strip())
    pages = []
    for index, page in enumerate(el for el in root.iter() if _local(el.tag) == "Page"):
        result = LayoutPage(_num(page, "WIDTH"), _num(page, "HEIGHT"), unit, index=index, kind="alto")
        styled: list[float | None] = []
        for el in page.iter():
            tag = _local(el.tag)
            if tag == "TextLine":
                text = _alto_line_text(el)
                if not text.strip():
                    continue
                box = _alto_box(el)
                refs = (el.get("STYLEREFS") or "").split() + [
                    r for s in el if _local(s.tag) == "String" for r in (s.get("STYLEREFS") or "").split()
                ]
                size = next((fonts[r] for r in refs if r in fonts), None)
                styled.append(size)
                result.lines.append(TextLine(text, box, box.height, _alto_score(el)))
            elif tag in ("Illustration", "GraphicalElement"):
                result.images.append(_alto_box(el))
        if styled and all(s is not None for s in styled):
            # FONTSIZE is in points, boxes in the file's unit: sizes are brought into the boxes' unit
            ratios = sorted(ln.box.height / s for ln, s in zip(result.lines, styled, strict=True) if s)
            scale = ratios[len(ratios) // 2] if ratios else 1.0
            result.lines = [
                TextLine(ln.text, ln.box, (s or 0.0) * scale or ln.size, ln.score)
                for ln, s in zip(result.lines, styled, strict=True)
            ]
        pages.append(result)
    if not pages:
        raise InputError(where, "ALTO file without a Page element")
    return pages


def _alto_box(el: ET.Element) -> Box:
    x, y = _num(el, "HPOS"), _num(el, "VPOS")
    return Box(x, y, x + _num(el, "WIDTH"), y + _num(el, "HEIGHT"))


def _alto_line_text(line: ET.Element) -> str:
    parts: list[str] = []
    for el in line:
        tag = _local(el.tag)
        if tag == "String":
            parts.append(el.get("CONTENT", ""))
        elif tag == "SP":
            parts.append(" ")
        elif tag == "HYP":
            parts.append(el.get("CONTENT", "-"))
    return "".join(parts).strip()


def _alto_score(line: ET.Element) -> float | None:
    scores = [float(s.get("WC", "")) for s in line if _local(s.tag) == "String" and _is_float(s.get("WC"))]
    return sum(scores) / len(scores) if scores else None


def _is_float(value: str | None) -> bool:
    try:
        float(value or "")
    except ValueError:
        return False
    return True


# ------------------------------------------------------------------------------ hOCR


_BBOX_RE = re.compile(r"bbox\s+(-?\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?)")
_XSIZE_RE = re.compile(r"x_size\s+(\d+(?:\.\d+)?)")
_WCONF_RE = re.compile(r"x_wconf\s+(\d+(?:\.\d+)?)")
_LINE_CLASSES = {"ocr_line", "ocr_textfloat", "ocr_header", "ocr_caption"}
_IMAGE_CLASSES = {"ocr_photo", "ocr_image", "ocr_graphic", "ocr_float"}


class _Hocr(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pages: list[LayoutPage] = []
        self.stack: list[str] = []  # the class of each open element ("" for others)
        self.line: dict[str, Any] | None = None
        self.word_conf: list[float] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        classes = set((attr.get("class") or "").split())
        title = attr.get("title") or ""
        kind = next(iter(classes & (_LINE_CLASSES | _IMAGE_CLASSES | {"ocr_page", "ocrx_word"})), "")
        self.stack.append(kind)
        bbox = _BBOX_RE.search(title)
        if kind == "ocr_page":
            box = _box(bbox) if bbox else Box(0, 0, 0, 0)
            self.pages.append(LayoutPage(box.x1, box.y1, "px", index=len(self.pages), kind="hocr"))
        elif kind in _LINE_CLASSES and bbox and self.pages:
            size = _XSIZE_RE.search(title)
            box = _box(bbox)
            self.line = {"box": box, "size": float(size.group(1)) if size else box.height, "words": []}
            self.word_conf = []
        elif kind in _IMAGE_CLASSES and bbox and self.pages:
            self.pages[-1].images.append(_box(bbox))
        elif kind == "ocrx_word" and self.line is not None:
            self.line["words"].append("")
            conf = _WCONF_RE.search(title)
            if conf:
                self.word_conf.append(float(conf.group(1)) / 100)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack:
            return
        kind = self.stack.pop()
        if kind in _LINE_CLASSES and self.line is not None:
            text = _join_words(self.line["words"]) if self.line["words"] else self.line.get("text", "").strip()
            if text:
                score = sum(self.word_conf) / len(self.word_conf) if self.word_conf else None
                self.pages[-1].lines.append(TextLine(text, self.line["box"], self.line["size"], score))
            self.line = None

    def handle_data(self, data: str) -> None:
        if self.line is None:
            return
        if self.line["words"] and "ocrx_word" in self.stack:
            self.line["words"][-1] += data.strip()
        else:
            self.line["text"] = self.line.get("text", "") + data


def _box(match: re.Match[str]) -> Box:
    x0, y0, x1, y1 = (float(v) for v in match.groups())
    return Box(x0, y0, x1, y1)


def _join_words(words: list[str]) -> str:
    """Words of a line: CJK words abut, others are parted by a space."""
    out = ""
    for word in (w for w in words if w):
        if out and not (_cjk(out[-1]) or _cjk(word[0])):
            out += " "
        out += word
    return out


def _cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" or "\u3000" <= ch <= "\u303f"


def read_hocr(data: bytes, where: str) -> list[LayoutPage]:
    """hOCR (Tesseract and others): ocr_page, lines (ocr_line, ocr_header, ocr_caption,
    ocr_textfloat) with bbox, x_size and the words' x_wconf, photos and graphics as images."""
    parser = _Hocr()
    try:
        parser.feed(data.decode("utf-8-sig"))
        parser.close()
    except UnicodeDecodeError as exc:
        raise InputError(where, f"hOCR that is not UTF-8 (byte {exc.start + 1})") from exc
    if not parser.pages:
        raise InputError(where, "hOCR without an ocr_page element")
    return parser.pages


# ------------------------------------------------------------------------------ PaddleOCR


def read_paddle(data: bytes, where: str) -> list[LayoutPage]:
    """PaddleOCR results: the 3.x `save_to_json` object (rec_texts, rec_scores, rec_boxes or
    rec_polys) or the 2.x list `[[box, [text, score]], ...]` (or that list per image). Lines keep
    the engine's order here; reading order is found from their boxes later."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(where, f"not a PaddleOCR JSON result: {exc}") from exc
    if isinstance(doc, dict):
        entries = _paddle3(doc, where)
    elif isinstance(doc, list):
        entries = _paddle2(doc, where)
    else:
        raise InputError(where, "not a PaddleOCR JSON result: expected an object or a list")
    page = LayoutPage(0.0, 0.0, "px", kind="paddle")
    for text, box, score in entries:
        if text.strip():
            page.lines.append(TextLine(text.strip(), box, box.height, score))
    # The result does not give the image's size: margins as wide as the ones the text leaves at
    # the top and left (the last line is no footer just for being the lowest).
    page.width = max((ln.box.x1 for ln in page.lines), default=0.0) + min((ln.box.x0 for ln in page.lines), default=0.0)
    page.height = max((ln.box.y1 for ln in page.lines), default=0.0) + min(
        (ln.box.y0 for ln in page.lines), default=0.0
    )
    return [page]


def _paddle3(doc: dict[str, Any], where: str) -> list[tuple[str, Box, float | None]]:
    texts = doc.get("rec_texts")
    if not isinstance(texts, list):
        raise InputError(where, "PaddleOCR result without rec_texts")
    scores = doc.get("rec_scores") or [None] * len(texts)
    shapes = doc.get("rec_boxes") or doc.get("rec_polys") or doc.get("dt_polys")
    if not isinstance(shapes, list) or len(shapes) != len(texts) or len(scores) != len(texts):
        raise InputError(where, "PaddleOCR result whose rec_texts, rec_scores and boxes differ in length")
    return [(str(t), _shape_box(s, where), _score(sc)) for t, s, sc in zip(texts, shapes, scores, strict=True)]


def _paddle2(doc: list[Any], where: str) -> list[tuple[str, Box, float | None]]:
    if (
        doc
        and isinstance(doc[0], list)
        and doc[0]
        and isinstance(doc[0][0], list)
        and len(doc[0])
        and _is_entry(doc[0][0])
    ):
        doc = doc[0]  # one list per image: the first image's lines
    out = []
    for n, entry in enumerate(doc):
        if not _is_entry(entry):
            raise InputError(where, f"PaddleOCR 2.x result: entry {n} is not [box, [text, score]]")
        box, (text, score) = entry[0], entry[1]
        out.append((str(text), _shape_box(box, where), _score(score)))
    return out


def _is_entry(entry: Any) -> bool:
    return (
        isinstance(entry, list)
        and len(entry) == 2
        and isinstance(entry[0], list)
        and isinstance(entry[1], list | tuple)
        and len(entry[1]) == 2
    )


def _shape_box(shape: Any, where: str) -> Box:
    """A box `[x0, y0, x1, y1]` or a polygon `[[x, y], ...]` → its bounding Box."""
    try:
        if shape and isinstance(shape[0], list | tuple):
            xs = [float(p[0]) for p in shape]
            ys = [float(p[1]) for p in shape]
            return Box(min(xs), min(ys), max(xs), max(ys))
        x0, y0, x1, y1 = (float(v) for v in shape)
    except (TypeError, ValueError, IndexError) as exc:
        raise InputError(where, f"PaddleOCR box that is not four numbers or a polygon: {shape!r}") from exc
    return Box(x0, y0, x1, y1)


def _score(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) else None
