"""CSV helpers shared by the LinkedIn and CSV importers: decoding and finding header rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from portfolio.importers.errors import ImportFailed
from portfolio.importers.limits import MAX_ROWS, check_string

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
    keyed by lower-cased column name. Rows before the header (notes) are skipped. A file with
    more than MAX_ROWS data rows is refused as soon as the row after the limit is read."""
    need = {w.casefold() for w in wanted}
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header: list[str] | None = None
        for index, row in enumerate(reader):
            if index >= 50:
                break
            cells = [cell.strip().casefold() for cell in row]
            if need <= set(cells):
                header = cells
                break
        if header is None:
            if optional:
                return []
            columns = ", ".join(sorted(need))
            raise ImportFailed(source, f"has no header row with the columns {columns}")
        out: list[dict[str, str]] = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(out) == MAX_ROWS:
                raise ImportFailed(
                    source, f"has more than {MAX_ROWS:,} rows; the limit is {MAX_ROWS:,}"
                )
            for cell in cells:
                check_string(source, cell)
            out.append({header[i]: cells[i].strip() for i in range(min(len(header), len(cells)))})
    except csv.Error as exc:
        raise ImportFailed(source, f"is not a readable CSV file ({exc})") from None
    return out
