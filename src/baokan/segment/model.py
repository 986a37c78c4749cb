"""The types the segmentation stages pass to each other: printed lines and typed blocks."""

from __future__ import annotations

from dataclasses import dataclass, field

from baokan.records import Author

from .bylines import ByHead
from .furniture import Furniture

__all__ = ["BLOCK_KINDS", "BODY_TYPE", "LARGE_TYPE", "Block", "Line", "LineHint"]

LARGE_TYPE = 1.3  # type this many times the body's (layout input) is a headline's
BODY_TYPE = 1.2  # a line under this many times the body's type is not in a headline's type


Box4 = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class LineHint:
    """What a layout file says about a printed line that its text does not (`geometry`)."""

    size: float  # type size / the page's body type size
    band: str = ""  # "header" or "footer": the page's furniture bands
    caption: bool = False  # small type right under a photo
    box: Box4 | None = None  # x0, y0, x1, y1 in the page's unit
    score: float | None = None  # the OCR engine's confidence


@dataclass(slots=True)
class Line:
    no: int  # 1-based raw line number
    text: str  # stripped, characters normalized, inner whitespace as printed
    width: float  # display width in ems
    lead: int  # leading spaces before the text
    justified: bool
    after_byline: bool = False  # the body text that follows a byline on the same printed line
    gap_before: bool = False  # a meaningful blank line before it (see `lines.blank_lines_mean_breaks`)
    hint: LineHint | None = None  # from a layout file: type size, band, caption, box, OCR score


BLOCK_KINDS = ("furniture", "head", "byline", "caption", "credit", "body", "display")


@dataclass(slots=True)
class Block:
    """Printed lines of one kind, in page order.

    - ``furniture``: page header/footer, source line, continuation marker (`furniture` says which);
    - ``head``: a dateline head (``本报讯（记者 高茜）``); the body words after it start a ``body``;
    - ``byline``: a standalone byline (``本报记者 X``, bare names ``邹  翔``, ``本报评论员``);
    - ``caption``: a photo caption, with its credit when printed with it; ``credit``: a credit alone;
    - ``body``: one printed paragraph of body text (intertitles end up here too);
    - ``display``: one headline-like line or short unpunctuated paragraph (headline, kicker,
      subtitle, or an intertitle until `stacks` decides).
    """

    kind: str
    lines: list[Line]
    text: str = ""
    seg: int = -1  # column segment (body/display)
    width: float = 0.0  # full-line width of the column segment (body/display)
    pieces: list[str] = field(default_factory=list)  # printed line texts (display, caption)
    head: ByHead | None = None
    byline: str | None = None
    authors: list[Author] = field(default_factory=list)
    bare: bool = False  # a byline of names printed without a role (commentaries)
    credit: str | None = None
    photographers: list[str] = field(default_factory=list)
    wide: bool = False
    mode: float = 0.0  # the column segment's most common exact line width, when it is a clear mode
    furniture: Furniture | None = None

    @property
    def first(self) -> int:
        return self.lines[0].no

    @property
    def last(self) -> int:
        return self.lines[-1].no
