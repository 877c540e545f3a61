"""The CLI's output boundary: whatever a command prints reaches the terminal made safe.

Names, titles, notes and file names come from files the user did not write (a badge, a ZIP, a
portfolio someone sent): an ESC sequence in them could clear the screen, retitle the terminal or
forge a line, and a bidi override could reorder what the user reads. Every command's stdout and
stderr pass through `terminal_safe`, so no command has to remember it.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from portfolio.text import terminal_safe


class SafeStream:
    """A text stream that shows control characters as visible escapes (newlines and tabs pass)."""

    def __init__(self, inner: TextIO, *, progress: bool = False) -> None:
        self._inner = inner
        # On stderr a write may start with "\r": the progress line redraws itself in place.
        self._progress = progress

    def write(self, text: str) -> int:
        if self._progress and text.startswith("\r"):
            self._inner.write("\r" + terminal_safe(text[1:], keep_newlines=True))
        else:
            self._inner.write(terminal_safe(text, keep_newlines=True))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


@contextlib.contextmanager
def terminal_output() -> Iterator[None]:
    """Make stdout and stderr safe for a terminal for the duration of a command."""
    out, err = sys.stdout, sys.stderr
    # Without a console (pythonw on Windows) they are None, and print() then writes nothing.
    if out is not None:
        sys.stdout = SafeStream(out)
    if err is not None:
        sys.stderr = SafeStream(err, progress=True)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err
