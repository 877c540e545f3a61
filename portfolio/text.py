"""Text helpers shared by every layer (no Qt, no database)."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Case-, accent- and space-insensitive key: "  Résumé  Writing" -> "resume writing"."""
    if not text.isascii():  # ASCII has nothing to decompose (fold runs once per row of a table)
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # str.split() and re's \s agree on what whitespace is (str.isspace).
    return " ".join(text.casefold().split())


def clean_line(text: str) -> str:
    """A single-line field: trimmed, inner whitespace (including newlines) collapsed."""
    return _SPACES.sub(" ", text).strip()


def clean_block(text: str) -> str:
    """A multi-line field: newlines kept (CRLF normalised), trailing spaces trimmed."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


# What a terminal would act on instead of showing: C0 controls but tab (and newline where a
# caller keeps it), DEL, C1 controls (U+0080-U+009F, which include CSI and OSC), and the bidi
# embeddings, overrides and isolates that reorder what follows them on the line.
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_KEEP_NEWLINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with every character a terminal would act on shown as a visible escape.

    ESC (so colour codes, OSC titles and screen clears), BEL, DEL, C1 controls and bidi overrides
    become `\\x1b`, `\\x07`, `\\u202e`...; tab stays, and newlines with `keep_newlines` (for a
    stream of whole lines). The CLI applies it to everything it prints.
    """
    pattern = _UNSAFE_KEEP_NEWLINE if keep_newlines else _UNSAFE
    return pattern.sub(_visible, text)
