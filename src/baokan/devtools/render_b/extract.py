"""Extraction variants: the same blocks of printed lines as four extractors emit them.

Modelled on ``../shared/real`` (the same page through pdftotext, PyMuPDF and pdfminer) and the seed page:

- ``pdftotext`` (raw mode): one printed line per text line, no blank line inside a block; a blank
  line between some blocks; items set apart by wide spaces in a byline or page head come out as
  separate lines with blank lines between them (``本报记者\\n\\n李君强``, ``游\\n\\n仪``,
  ``一版责编：杨\\n\\n旭``); the page ends with a form feed.
- ``pdfminer``: every line followed by a blank line; bylines stay on one line.
- ``pymupdf``: every line on its own, no blank lines at all.
- ``seedlike``: the seed page (吕梁日报): a blank line after every line, an occasional leading space.
"""

from __future__ import annotations

import random
import re

from baokan.devtools.render_b.page import Block

__all__ = ["extract"]

_WIDE = re.compile(r"(?:  +|　+)")


def _pdftotext_lines(b: Block) -> list[str]:
    if not b.splittable:
        return b.lines
    out: list[str] = []
    for ln in b.lines:
        items = [x for x in _WIDE.split(ln.strip()) if x]
        for k, it in enumerate(items):
            if k:
                out.append("")
            out.append(it)
    return out


def extract(blocks: list[Block], variant: str, rng: random.Random) -> str:
    """The page text an extractor of kind `variant` gives for these blocks."""
    out: list[str] = []
    if variant == "pdftotext":
        for i, b in enumerate(blocks):
            if i and (b.splittable or rng.random() < 0.4):
                out.append("")
            out.extend(_pdftotext_lines(b))
        text = "\n".join(out) + "\n"
        return text + ("\n\f" if rng.random() < 0.5 else "")
    if variant == "pymupdf":
        for b in blocks:
            out.extend(ln for ln in b.lines if ln.strip())
        return "\n".join(out) + "\n"
    if variant in ("pdfminer", "seedlike"):
        for b in blocks:
            for ln in b.lines:
                if variant == "seedlike" and ln and rng.random() < 0.03:
                    ln = " " + ln
                out.append(ln)
                out.append("")
        return "\n".join(out) + "\n"
    raise ValueError(f"unknown extraction variant {variant!r}")
