"""CSV helpers shared by the LinkedIn and CSV importers: decoding and finding header rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Table:
    """The records under a header row, each with the line it starts on (1-based)."""

    rows: list[tuple[int, dict[str, str]]]
    header_line: int = 0  # 0: no header was found (an optional table)
    # Lines of records with more non-empty cells than the header has columns (an unquoted comma
    # in a title shifts every cell after it): the extra cells are not read, and the importer says so.
    overfull: tuple[int, ...] = ()


def rows_with_header(
    source: str, text: str, wanted: Iterable[str], optional: bool = False
) -> list[dict[str, str]]:
    """The rows under the first row naming every column in `wanted` (case-insensitive), as dicts
    keyed by lower-cased column name. Rows before the header (notes) are skipped. A file with
    more than MAX_ROWS data rows is refused as soon as that is clear."""
    return [row for _line, row in read_table(source, text, wanted, optional).rows]


def read_table(source: str, text: str, wanted: Iterable[str], optional: bool = False) -> Table:
    """Like `rows_with_header`, with the line each record starts on. A quote opened and never
    closed (which would swallow every row after it into one cell) refuses the file, naming the
    line where it opened."""
    need = {w.casefold() for w in wanted}
    records = _records(source, text)
    for index, (_line, row) in enumerate(records[:50]):
        header = [cell.strip().casefold() for cell in row]
        if need <= set(header):
            out: list[tuple[int, dict[str, str]]] = []
            overfull = []
            for line, cells in records[index + 1 :]:
                if not any(cell.strip() for cell in cells):
                    continue
                if len(out) == MAX_ROWS:
                    raise ImportFailed(
                        source, f"has more than {MAX_ROWS:,} rows; the limit is {MAX_ROWS:,}"
                    )
                for cell in cells:
                    check_string(source, cell)
                out.append(
                    (
                        line,
                        {header[i]: cells[i].strip() for i in range(min(len(header), len(cells)))},
                    )
                )
                if any(cell.strip() for cell in cells[len(header) :]):
                    overfull.append(line)
            return Table(out, records[index][0], tuple(overfull))
    if optional:
        return Table([])
    columns = ", ".join(sorted(need))
    raise ImportFailed(source, f"has no header row with the columns {columns}")


def _records(source: str, text: str) -> list[tuple[int, list[str]]]:
    """Every CSV record with the line it starts on."""
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[tuple[int, list[str]]] = []
    ended = 0  # the line the previous record ended on
    try:
        for row in reader:
            records.append((ended + 1, row))
            ended = reader.line_num
            if len(records) > MAX_ROWS + 50:  # header notes + the limit: stop reading here
                raise ImportFailed(
                    source, f"has more than {MAX_ROWS:,} rows; the limit is {MAX_ROWS:,}"
                )
    except csv.Error as exc:
        raise ImportFailed(source, f"is not a readable CSV file ({exc})") from None
    if records:
        line, _row = records[-1]
        opened = _unclosed_quote(text, line)
        if opened is not None:
            raise ImportFailed(
                source,
                f'has a quote (") opened on line {opened} that is never closed, so every line '
                "after it would be read as one cell; close the quote or remove it",
            )
    return records


def _unclosed_quote(text: str, first_line: int) -> int | None:
    """The line where the last record (starting on `first_line`) opens a quote that no later
    quote closes, or None. Quotes count only at the start of a field, as the csv module reads
    them; a doubled quote inside a quoted field is an escaped quote."""
    lines = text.split("\n")
    rest = "\n".join(lines[first_line - 1 :])
    line = first_line
    quoted, field_start, opened_on = False, True, 0
    i = 0
    while i < len(rest):
        ch = rest[i]
        if quoted:
            if ch == '"':
                if rest[i + 1 : i + 2] == '"':
                    i += 1  # an escaped quote
                else:
                    quoted = False
        elif ch == '"' and field_start:
            quoted, opened_on = True, line
        if ch == "\n":
            line += 1
        field_start = not quoted and ch in ",\r\n"
        i += 1
    return opened_on if quoted else None
