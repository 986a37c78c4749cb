"""What the layout readers give: a page's printed lines with their boxes and type sizes."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle in the page's coordinates: origin top left, y down, in `LayoutPage.unit`."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def union(self, other: Box) -> Box:
        return Box(min(self.x0, other.x0), min(self.y0, other.y0), max(self.x1, other.x1), max(self.y1, other.y1))


@dataclass(frozen=True, slots=True)
class TextLine:
    """One printed line: its text, box, type size (in the page's unit; the box height where the
    file gives no size) and the OCR engine's confidence (None for exact text)."""

    text: str
    box: Box
    size: float
    score: float | None = None


@dataclass(slots=True)
class LayoutPage:
    """One newspaper page of a layout file (`index`: its page in a multi-page PDF, from 0)."""

    width: float
    height: float
    unit: str  # "pt" (PDF) or "px" (OCR)
    lines: list[TextLine] = field(default_factory=list)
    images: list[Box] = field(default_factory=list)
    index: int = 0
    kind: str = ""  # the format read: pdf, alto, hocr, paddle
