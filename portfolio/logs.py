"""Logging to a private file in the user log folder.

Log records say what happened to which record id, never names, emails or notes: the log may be
attached to a bug report. Exception messages often quote data (SQLAlchemy adds the statement's
parameters, a KeyError repeats its key), so tracebacks keep the exception types, the code
locations and the wording of each message, with every value that may be personal withheld
(`withhold_values`): quoted text, SQL parameters, e-mail addresses and web addresses.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
import re
import traceback
from pathlib import Path
from types import TracebackType

from portfolio.paths import ensure_private_dir

LOG_NAME = "portfolio.log"
WITHHELD = "<withheld>"
# Longer messages are cut: the start says what went wrong, the rest is usually data.
MAX_MESSAGE = 300

_QUOTES = {"'": "'", '"': '"', "“": "”", "‘": "’", "«": "»", "`": "`"}
_PARAMETERS = re.compile(r"\[parameters: .*?(?=\]\s*(?:\(Background on|$))\]?", re.DOTALL)
_ADDRESS = re.compile(r"[^\s()\[\]<>]+@[^\s()\[\]<>]+|\b[a-z][a-z0-9+.-]*://[^\s()\[\]<>]+", re.I)


class PrivateFormatter(logging.Formatter):
    """Formats tracebacks as frames, exception types and messages with their values withheld."""

    def format(self, record: logging.LogRecord) -> str:
        # Another handler may have cached the full traceback text on the record; never reuse it.
        cached = record.exc_text
        record.exc_text = None
        try:
            return super().format(record)
        finally:
            record.exc_text = cached

    def formatException(
        self,
        ei: tuple[type[BaseException], BaseException, TracebackType | None]
        | tuple[None, None, None],
    ) -> str:
        exc = ei[1]
        if exc is None:
            return ""
        return "\n".join(scrubbed_traceback(exc))


def scrubbed_traceback(exc: BaseException) -> list[str]:
    """Traceback lines (causes first, like Python), each message with its values withheld."""
    chain: list[BaseException] = []
    seen: set[int] = set()
    node: BaseException | None = exc
    while node is not None and id(node) not in seen:
        seen.add(id(node))
        chain.append(node)
        node = node.__cause__ or (None if node.__suppress_context__ else node.__context__)
    lines: list[str] = []
    for i, item in enumerate(reversed(chain)):
        if i:
            lines.append("The above exception led to:")
        lines.append("Traceback (most recent call last):")
        for frame in traceback.extract_tb(item.__traceback__):
            lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
        kind = type(item)
        message = withhold_values(str(item))
        lines.append(f"{kind.__module__}.{kind.__qualname__}: {message}".rstrip(": "))
    return lines


def withhold_values(message: str) -> str:
    """`message` with every value that may be personal replaced by <withheld>.

    Quoted text (any quotes; an unclosed quote withholds the rest), SQLAlchemy's `[parameters:
    ...]`, e-mail and web addresses go; the wording, identifiers and numbers stay, so "UNIQUE
    constraint failed: learner.email" or "list index out of range" still say what broke.
    """
    text = _PARAMETERS.sub(f"[parameters: {WITHHELD}]", message)
    text = _ADDRESS.sub(WITHHELD, text)
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        closing = _QUOTES.get(char)
        # An apostrophe inside a word ("can't") opens nothing.
        if closing is None or (i and text[i - 1].isalnum() and char in "'’"):
            out.append(char)
            i += 1
            continue
        end = i + 1
        while end < len(text) and not (
            text[end] == closing and (end + 1 == len(text) or not text[end + 1].isalnum())
        ):
            end += 1
        out.append(WITHHELD)
        i = end + 1
    text = " ".join("".join(out).split())
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE] + "…"


def setup_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    """Send log records to log_dir/portfolio.log (mode 0600, rotated); return its path."""
    path = log_dir / LOG_NAME
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_portfolio", None) is not None]:
        if old._portfolio == path:  # type: ignore[attr-defined]
            return path
        root.removeHandler(old)
        old.close()
    try:
        ensure_private_dir(log_dir)
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(PrivateFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._portfolio = path  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    # Alembic narrates every plugin and step at INFO; keep only its warnings.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)
    return path
