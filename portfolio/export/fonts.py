"""Fonts for every PDF the app writes.

We use Noto Sans from the `rendercv-fonts` package: OFL-licensed, maintained, made for CVs, with
wide Latin/Greek/Cyrillic coverage ("Zoë Łukasz-Żółć" prints exactly) and Simplified Chinese,
Japanese and Korean companions used as per-character fallbacks. ReportLab's built-in Helvetica
would turn such names into black boxes. The CJK fonts are large, so they are only loaded the first
time a document contains a character the main family lacks.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FAMILY = "LPSans"
BOLD = "LPSans-Bold"
ITALIC = "LPSans-Italic"
BOLD_ITALIC = "LPSans-BoldItalic"

_STYLES = {
    FAMILY: "NotoSans-Regular.ttf",
    BOLD: "NotoSans-Bold.ttf",
    ITALIC: "NotoSans-Italic.ttf",
    BOLD_ITALIC: "NotoSans-BoldItalic.ttf",
}
# Fallbacks in the order they are tried for a character the main family cannot draw.
_FALLBACKS = (
    ("LPSans-SC", "NotoSansSC-Regular.ttf"),
    ("LPSans-JP", "NotoSansJP-Regular.ttf"),
    ("LPSans-KR", "NotoSansKR-Regular.ttf"),
)
_lock = threading.Lock()


def font_folder() -> Path:
    import rendercv_fonts

    return Path(rendercv_fonts.__file__).parent / "Noto Sans"


def licence_text() -> str:
    return (font_folder() / "OFL.txt").read_text(encoding="utf-8")


@dataclass(frozen=True)
class FontCoverage:
    name: str
    codepoints: frozenset[int]


@cache
def register_fonts() -> FontCoverage:
    """Register the LPSans family (regular, bold, italic, bold italic) once; return its coverage."""
    with _lock:
        folder = font_folder()
        fonts = {name: TTFont(name, str(folder / filename)) for name, filename in _STYLES.items()}
        for font in fonts.values():
            pdfmetrics.registerFont(font)
        addMapping(FAMILY, 0, 0, FAMILY)
        addMapping(FAMILY, 1, 0, BOLD)
        addMapping(FAMILY, 0, 1, ITALIC)
        addMapping(FAMILY, 1, 1, BOLD_ITALIC)
        return FontCoverage(FAMILY, frozenset(fonts[FAMILY].face.charToGlyph))


@cache
def _fallback(index: int) -> FontCoverage:
    name, filename = _FALLBACKS[index]
    with _lock:
        font = TTFont(name, str(font_folder() / filename))
        pdfmetrics.registerFont(font)
        # A bold request inside a fallback run still maps to the one weight we load.
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(name, bold, italic, name)
        return FontCoverage(name, frozenset(font.face.charToGlyph))


def fallback_font_for(codepoint: int) -> str | None:
    """The name of a fallback font that can draw `codepoint`, or None if none can."""
    for index in range(len(_FALLBACKS)):
        coverage = _fallback(index)
        if codepoint in coverage.codepoints:
            return coverage.name
    return None
