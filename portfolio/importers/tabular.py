"""CSV helpers shared by the LinkedIn and CSV importers: decoding and finding header rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from portfolio.importers.errors import ImportFailed
from portfolio.importers.limits import check_string

csv.field_size_limit(1_000_000)


def decode_text(source: str, data: bytes, notes: list[str]) -> str:
    """UTF-8 (BOM dropped); Windows-1252 as a noted fallback, which spreadsheets often write."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ImportFailed(source, "is not UTF-8 or Windows-1252 text") from None
        notes.append(f"{source} is not UTF-8; it was read as Windows-1252")
    if "\x00" in text:
        raise ImportFailed(source, "holds NUL characters; it is not a text file")
    return text


def rows_with_header(
    source: str, text: str, wanted: Iterable[str], optional: bool = False
) -> list[dict[str, str]]:
    """The rows under the first row naming every column in `wanted` (case-insensitive), as dicts
    keyed by lower-cased column name. Rows before the header (notes) are skipped."""
    need = {w.casefold() for w in wanted}
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise ImportFailed(source, f"is not a readable CSV file ({exc})") from None
    for index, row in enumerate(rows[:50]):
        header = [cell.strip().casefold() for cell in row]
        if need <= set(header):
            out = []
            for cells in rows[index + 1 :]:
                if not any(cell.strip() for cell in cells):
                    continue
                for cell in cells:
                    check_string(source, cell)
                out.append(
                    {header[i]: cells[i].strip() for i in range(min(len(header), len(cells)))}
                )
            return out
    if optional:
        return []
    columns = ", ".join(sorted(need))
    raise ImportFailed(source, f"has no header row with the columns {columns}")
