"""PDFium's stand-in for CJK fonts a PDF does not embed, so that reading a PDF does not depend on
the fonts of the machine.

A PDF may name a CJK font (STSong-Light, SimSun…) without embedding it. PDFium then asks the
system for a font of that character set and takes each glyph's box from it:

- where the machine has no CJK font, every glyph box is empty; a text object of one character
  then has no width, and PDFium's text page leaves it out (the last character of a headline
  wrapped onto a line of its own, `题`, was lost);
- where it has one, a character's loose box takes the ink of that font's glyph where it passes
  the advance (a Latin letter of a CID font), so the same PDF gave other line boxes.

Before the first PDF is opened, PDFium gets a font lookup that hands every CJK request a bundled
font (`cjk_fallback.ttf`, made by `scripts/make_pdf_fallback_font.py`) whose every code point is
one thin box: advance one em, ink 0.05 em wide. A character then always has a box, never wider
than its advance, whatever fonts are installed. Glyph shapes are not read: the text comes from
the PDF's encodings and the positions from its widths. Every other request goes to PDFium's own
lookup (the standard fonts, Latin fonts the system has).
"""

from __future__ import annotations

import ctypes
import threading
from importlib.resources import files
from typing import Any

__all__ = ["CJK_CHARSETS", "install_cjk_fallback"]

# FXFONT_SHIFTJIS_CHARSET, FXFONT_HANGEUL_CHARSET, FXFONT_GB2312_CHARSET, FXFONT_CHINESEBIG5_CHARSET
CJK_CHARSETS = frozenset({128, 129, 134, 136})
_FACE = b"BaokanCJKFallback\0"

_lock = threading.Lock()
_installed: dict[str, Any] = {}  # what PDFium holds pointers to: kept alive for the process


def install_cjk_fallback() -> None:
    """Give PDFium the CJK stand-in, once per process (a forked worker inherits it)."""
    if _installed:
        return
    with _lock:
        if not _installed:
            _installed.update(_font_info())


def _font_info() -> dict[str, Any]:
    import pypdfium2.raw as pdfium_c

    font = ctypes.create_string_buffer(files("baokan.layout").joinpath("cjk_fallback.ttf").read_bytes())
    size = len(font.raw) - 1  # create_string_buffer adds a NUL
    ours = ctypes.addressof(font)  # a handle no font of PDFium's lookup can have
    system = pdfium_c.FPDF_GetDefaultSystemFontInfo()
    if not system:
        raise RuntimeError("PDFium gave no default font lookup to fall back on")
    default = system.contents
    kinds = dict(pdfium_c.FPDF_SYSFONTINFO._fields_)

    def release(this: Any) -> None:
        return None

    def enum_fonts(this: Any, mapper: Any) -> None:
        default.EnumFonts(system, mapper)

    def map_font(this: Any, weight: int, italic: int, charset: int, pitch: int, face: Any, exact: Any) -> Any:
        if charset in CJK_CHARSETS:
            return ours
        return default.MapFont(system, weight, italic, charset, pitch, face, exact)

    def get_font(this: Any, face: Any) -> Any:
        return default.GetFont(system, face)

    def get_font_data(this: Any, handle: Any, table: int, buffer: Any, length: int) -> int:
        if handle != ours:
            return int(default.GetFontData(system, handle, table, buffer, length))
        if table != 0:  # PDFium asks for the whole file (table 0); a table alone is not offered
            return 0
        if buffer and length >= size:
            ctypes.memmove(buffer, font, size)
        return size

    def get_face_name(this: Any, handle: Any, buffer: Any, length: int) -> int:
        if handle != ours:
            return int(default.GetFaceName(system, handle, buffer, length))
        if buffer and length >= len(_FACE):
            ctypes.memmove(buffer, _FACE, len(_FACE))
        return len(_FACE)

    def get_charset(this: Any, handle: Any) -> int:
        return 134 if handle == ours else int(default.GetFontCharset(system, handle))

    def delete_font(this: Any, handle: Any) -> None:
        if handle != ours:
            default.DeleteFont(system, handle)

    callbacks = {
        "Release": release,
        "EnumFonts": enum_fonts,
        "MapFont": map_font,
        "GetFont": get_font,
        "GetFontData": get_font_data,
        "GetFaceName": get_face_name,
        "GetFontCharset": get_charset,
        "DeleteFont": delete_font,
    }
    wrapped = {name: kinds[name](function) for name, function in callbacks.items()}
    info = pdfium_c.FPDF_SYSFONTINFO(version=1, **wrapped)
    pdfium_c.FPDF_SetSystemFontInfo(ctypes.byref(info))
    return {"info": info, "callbacks": wrapped, "font": font, "system": system, "handle": ours}
