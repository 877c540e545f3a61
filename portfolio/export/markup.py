"""User text -> ReportLab Paragraph markup, safely.

Paragraph understands a mini-markup (`<b>`, `<font>`, `<img src=...>`, `<a href>`). Every piece
of user text goes through `para()`, which escapes it so it prints literally and can never change
formatting or make ReportLab read a file; newlines become line breaks; characters the main font
lacks are wrapped in a fallback font so nothing renders as a black box or vanishes.
"""

from __future__ import annotations

import unicodedata
from xml.sax.saxutils import escape

from portfolio.export.fonts import fallback_font_for, register_fonts

# Scripts ReportLab cannot shape (joining, reordering, bidi): printed unshaped they are garbled,
# so exports report them to the user first. Ranges are the Unicode blocks of each script.
_UNSHAPED_SCRIPTS: tuple[tuple[str, int, int], ...] = (
    ("Arabic", 0x0600, 0x06FF),
    ("Arabic", 0x0750, 0x077F),
    ("Arabic", 0x08A0, 0x08FF),
    ("Arabic", 0xFB50, 0xFDFF),
    ("Arabic", 0xFE70, 0xFEFF),
    ("Hebrew", 0x0590, 0x05FF),
    ("Syriac", 0x0700, 0x074F),
    ("Thaana", 0x0780, 0x07BF),
    ("Devanagari", 0x0900, 0x097F),
    ("Bengali", 0x0980, 0x09FF),
    ("Gurmukhi", 0x0A00, 0x0A7F),
    ("Gujarati", 0x0A80, 0x0AFF),
    ("Tamil", 0x0B80, 0x0BFF),
    ("Telugu", 0x0C00, 0x0C7F),
    ("Kannada", 0x0C80, 0x0CFF),
    ("Malayalam", 0x0D00, 0x0D7F),
    ("Sinhala", 0x0D80, 0x0DFF),
    ("Thai", 0x0E00, 0x0E7F),
    ("Lao", 0x0E80, 0x0EFF),
    ("Tibetan", 0x0F00, 0x0FFF),
    ("Myanmar", 0x1000, 0x109F),
    ("Khmer", 0x1780, 0x17FF),
)


def unsupported_scripts(text: str) -> list[str]:
    """Names of scripts in `text` that the PDF renderer cannot shape correctly."""
    found: list[str] = []
    for ch in text:
        cp = ord(ch)
        # Only letters and marks need shaping: a pasted BOM (U+FEFF, in the Arabic Presentation
        # Forms-B block), a zero-width space or a stray punctuation sign is not Arabic text.
        if cp < 0x0590 or unicodedata.category(ch)[0] not in "LM":
            continue
        for name, low, high in _UNSHAPED_SCRIPTS:
            if low <= cp <= high and name not in found:
                found.append(name)
    return found


def _printable(ch: str) -> bool:
    category = unicodedata.category(ch)
    # Control, surrogate, private-use and unassigned characters would print as boxes or nothing.
    return not (category in ("Cc", "Cs", "Co", "Cn") and ch not in "\n\t")


def para(text: str) -> str:
    """Escape `text` for a Paragraph: literal markup, kept newlines, per-character font fallback."""
    covered = register_fonts().codepoints
    # Fast path for the usual case (every character printable and in the main font): the
    # per-character loop below is what a CV re-render would otherwise spend most time in.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if all(line.isprintable() and covered.issuperset(map(ord, line)) for line in lines):
        return "<br/>".join(escape(line) for line in lines)
    return _para_slow(text, covered)


def _para_slow(text: str, covered: frozenset[int]) -> str:
    out: list[str] = []
    run_font: str | None = None
    run: list[str] = []

    def flush() -> None:
        if not run:
            return
        chunk = escape("".join(run))
        out.append(f'<font name="{run_font}">{chunk}</font>' if run_font else chunk)
        run.clear()

    for ch in text.replace("\r\n", "\n").replace("\r", "\n"):
        if ch == "\n":
            flush()
            out.append("<br/>")
            continue
        if ch == "\t":
            ch = " "
        if not _printable(ch):
            ch = "\ufffd" if ord(ch) >= 0x20 else " "
        cp = ord(ch)
        font = None if cp in covered or ch == " " else fallback_font_for(cp)
        if cp not in covered and font is None and ch != " ":
            ch = "\ufffd" if 0xFFFD in covered else "?"
        if font != run_font:
            flush()
            run_font = font
        run.append(ch)
    flush()
    return "".join(out)
