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
