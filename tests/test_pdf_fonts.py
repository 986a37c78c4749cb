"""baokan.layout.pdffonts: a PDF's CJK fonts that it does not embed are read the same on every
machine, with or without CJK fonts installed."""

from __future__ import annotations

import ctypes
import io
import subprocess
import sys
from pathlib import Path

import pytest

from baokan.layout import read_layout
from baokan.layout.pdffonts import CJK_CHARSETS, install_cjk_fallback

ROOT = Path(__file__).resolve().parents[1]


def _pdf(lines: list[tuple[float, float, str, float]]) -> bytes:
    """A page with each line drawn as one text object in reportlab's CID font STSong-Light,
    which a PDF names and never embeds."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=(400.0, 600.0), invariant=1)
    for x, top, text, size in lines:
        drawn = page.beginText(x, 600.0 - top - 0.88 * size)
        drawn.setFont("STSong-Light", size)
        drawn.textOut(text)
        page.drawText(drawn)
    page.showPage()
    page.save()
    return out.getvalue()


def test_a_character_alone_in_its_text_object_is_read() -> None:
    """The last character of a headline wrapped onto a line of its own: with no CJK font on the
    machine PDFium gave its glyph no box, the text object no width, and left it out."""
    data = _pdf([(40.0, 40.0, "用新眼光解决新问", 18.0), (103.0, 64.0, "题", 18.0), (40.0, 120.0, "正文一行", 9.5)])
    (page,) = read_layout(data, "lone.pdf")
    assert [line.text for line in page.lines] == ["用新眼光解决新问", "题", "正文一行"]
    lone = page.lines[1].box
    assert lone.x0 == pytest.approx(103.0, abs=0.01) and lone.x1 == pytest.approx(121.0, abs=0.01)


def test_a_latin_letter_of_a_cid_font_spans_its_advance_not_a_glyph_of_the_machine() -> None:
    """A character's box is its advance (the next character starts where it ends), not the ink
    of whatever CJK font the machine substitutes."""
    (page,) = read_layout(_pdf([(40.0, 40.0, "世界WTO W", 10.0)]), "latin.pdf")
    (line,) = page.lines
    assert line.text == "世界WTO W"
    assert line.box.x0 == pytest.approx(40.0, abs=0.01)
    from reportlab.pdfbase import pdfmetrics

    assert line.box.x1 == pytest.approx(40.0 + pdfmetrics.stringWidth("世界WTO W", "STSong-Light", 10.0), abs=0.01)


def test_pdfium_is_given_the_stand_in_for_cjk_fonts_and_its_own_lookup_for_the_rest() -> None:
    from baokan.layout import pdffonts

    install_cjk_fallback()
    install_cjk_fallback()  # once per process
    installed = pdffonts._installed
    info, handle = installed["info"], installed["handle"]
    exact = ctypes.c_int(0)
    for charset in sorted(CJK_CHARSETS):
        assert info.MapFont(ctypes.byref(info), 400, 0, charset, 0, b"STSong-Light", ctypes.byref(exact)) == handle
    size = info.GetFontData(ctypes.byref(info), handle, 0, None, 0)
    buffer = ctypes.create_string_buffer(size)
    into = ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ubyte))
    assert info.GetFontData(ctypes.byref(info), handle, 0, into, size) == size
    assert buffer.raw == (ROOT / "src" / "baokan" / "layout" / "cjk_fallback.ttf").read_bytes()
    latin = info.MapFont(ctypes.byref(info), 400, 0, 0, 0, b"Helvetica", ctypes.byref(exact))
    assert latin != handle


def test_the_stand_in_font_is_what_its_script_builds() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_pdf_fallback_font.py"), "--check"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
