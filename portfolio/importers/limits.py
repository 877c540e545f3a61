"""Limits that keep hostile or broken files from hurting the app.

Every importer reads its file through `read_limited` and parses JSON through `parse_json`, so a
50 MB file, a 100,000-level nesting, NaN, a lone surrogate or non-UTF-8 text each give one clear
`ImportFailed` naming the file, before anything reaches the database.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from portfolio.fileio import NotRegularFile, TooLarge, read_regular
from portfolio.importers.errors import ImportFailed

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 64
MAX_STRING = 1_000_000
MAX_ITEMS = 200_000  # values in one JSON document (a 10,000-certificate resume has ~60,000)
# Rows of one CSV file (credentials CSV, each LinkedIn CSV): a working life holds hundreds.
MAX_ROWS = 10_000
# The ESCO skills CSV (skills_en.csv, v1.2) is about 14,000 skills in 13 MB.
MAX_ESCO_BYTES = 100 * 1024 * 1024
MAX_ESCO_ROWS = 50_000


def human_size(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"


def read_limited(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of `path`, refusing files over `limit`, and anything that is not a regular
    file (a FIFO, a device), without reading them."""
    name = path.name or str(path)
    try:
        return read_regular(path, limit)
    except NotRegularFile as exc:
        raise ImportFailed(name, exc.problem) from None
    except TooLarge as exc:
        if exc.size is None:
            raise ImportFailed(
                name, f"the file grew past the limit of {human_size(limit)} while it was read"
            ) from None
        raise ImportFailed(
            name, f"the file is {human_size(exc.size)}; the limit is {human_size(limit)}"
        ) from None
    except FileNotFoundError:
        raise ImportFailed(name, "does not exist") from None
    except OSError as exc:
        raise ImportFailed(name, f"cannot be read ({exc.strerror or exc})") from None


def decode_utf8(source: str, data: bytes) -> str:
    """UTF-8 text (a byte-order mark is dropped); anything else is refused, saying where."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed(
            source,
            f"is not UTF-8 text (byte 0x{data[exc.start]:02x} at position {exc.start:,}); "
            "save it as UTF-8 and try again",
        ) from None


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def parse_json(source: str, text: str | bytes) -> Any:
    """Parse JSON strictly: no NaN/Infinity, bounded depth, size and string length, no lone
    surrogates. Raises ImportFailed naming `source`."""
    if isinstance(text, bytes):
        text = decode_utf8(source, text)
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise ImportFailed(
            source, f"the JSON is nested more than {MAX_DEPTH} levels deep"
        ) from None
    except ValueError as exc:
        if "is not allowed" in str(exc):
            raise ImportFailed(
                source, f"the JSON holds {str(exc).split()[0]}, which is not a number we accept"
            ) from None
        raise ImportFailed(source, f"is not valid JSON ({exc})") from None
    check_tree(source, value)
    return value


def check_tree(source: str, value: Any) -> None:
    """Walk a parsed JSON value without recursion and enforce the limits."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    count = 0
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_ITEMS:
            raise ImportFailed(source, f"the JSON holds more than {MAX_ITEMS:,} values")
        if depth > MAX_DEPTH:
            raise ImportFailed(source, f"the JSON is nested more than {MAX_DEPTH} levels deep")
        if isinstance(node, dict):
            for key, child in node.items():
                check_string(source, key)
                stack.append((child, depth + 1))
        elif isinstance(node, list):
            stack.extend((child, depth + 1) for child in node)
        elif isinstance(node, str):
            check_string(source, node)
        elif isinstance(node, float) and node != node:  # pragma: no cover - refused at parse
            raise ImportFailed(source, "the JSON holds NaN")


def check_string(source: str, text: str) -> None:
    if len(text) > MAX_STRING:
        raise ImportFailed(
            source, f"a text field is {len(text):,} characters long; the limit is {MAX_STRING:,}"
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ImportFailed(
            source, "the text holds a lone surrogate (an invalid character)"
        ) from None
