"""Renderer B: 人民日报 pages with known answers, written from the corpus and real pages alone.

An independent page generator (it shares no code or assumptions with the segmenter or with the other
generators of `baokan.devtools`): stories are read from the structure of the corpus' ``markdown_body``
(`corpus`), laid out in columns with headline stacks, bylines, datelines, intertitles, captions and
page furniture (`layout`, `furniture`, `page`), printed the way four extractors print a page
(`extract`), and written with their gold segmentation (`generate`, docs/gold-conventions.md).

Used by ``scripts/render_pages_b.py`` and the tests; never imported by the runtime package.
"""

from __future__ import annotations

from baokan.devtools.render_b.corpus import CorpusError, Story, load_day
from baokan.devtools.render_b.generate import PageResult, render_pages
from baokan.devtools.render_b.page import VARIANTS

__all__ = ["VARIANTS", "CorpusError", "PageResult", "Story", "load_day", "render_pages"]
