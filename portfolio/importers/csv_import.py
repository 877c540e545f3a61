"""A simple credentials CSV with a documented header (the same columns `export --format csv`
writes, so an export can be edited in a spreadsheet and imported again).

Header (only `title` is required; order free, extra columns ignored):
title, kind, issuer, start_date, end_date, expiry_date, status, credential_id, verification_url,
credits, credit_unit, skills, tags, description. `kind` is one of our kinds (degree, certificate,
micro_credential, digital_badge...; default certificate); dates are "2021", "Mar 2021" or
"2021-03-14"; `skills` and `tags` are separated by semicolons.
"""

from __future__ import annotations

from portfolio.dates import PartialDate
from portfolio.enums import CredentialKind, CredentialStatus, CreditUnit
from portfolio.importers.errors import ImportFailed
from portfolio.importers.model import ImportBundle, ImportedCredential
from portfolio.importers.tabular import decode_text, read_table
from portfolio.services.records import CredentialInput, SkillLinkInput

COLUMNS = (
    "title",
    "kind",
    "issuer",
    "start_date",
    "end_date",
    "expiry_date",
    "status",
    "credential_id",
    "verification_url",
    "credits",
    "credit_unit",
    "skills",
    "tags",
    "description",
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def looks_like(text: str) -> bool:
    first = text.lstrip("\ufeff").split("\n", 1)[0].casefold()
    cells = [c.strip().strip('"') for c in first.split(",") if c.strip()]
    # Only `title` is required and extra columns are ignored (README); LinkedIn's Positions.csv
    # also has a title, beside the company name, and is read as positions.
    return "title" in cells and "company name" not in cells


def unneutralise(cell: str) -> str:
    """Undo the quote our CSV export puts before a cell that looks like a formula."""
    if cell.startswith("'") and cell[1:2] and cell[1] in FORMULA_START:
        return cell[1:]
    return cell


def _choice(enum: type, value: str, where: str, default: object) -> object:
    if not value:
        return default
    try:
        return enum(value.strip().casefold().replace(" ", "_").replace("-", "_"))
    except ValueError:
        options = ", ".join(m.value for m in enum)  # type: ignore[attr-defined]
        raise ImportFailed(where, f"“{value[:40]}” is not one of: {options}") from None


def parse_csv(source: str, data: bytes) -> ImportBundle:
    """Credentials from a CSV file with the documented header."""
    notes: list[str] = []
    text = decode_text(source, data, notes)
    table = read_table(source, text, ("title",))
    credentials = []
    skipped: list[str] = []
    for line, raw in table.rows:
        row = {k: unneutralise(v) for k, v in raw.items()}
        where = f"{source} row {line}"
        if not row.get("title"):
            skipped.append(f"row {line} has no title")
            continue

        def date(column: str, row: dict[str, str] = row, where: str = where) -> PartialDate | None:
            value = row.get(column, "")
            if not value:
                return None
            try:
                return PartialDate.parse(value)
            except ValueError as exc:
                raise ImportFailed(where, f"{column}: {exc}") from None

        credits_text = row.get("credits", "").replace(",", ".")
        try:
            credits = float(credits_text) if credits_text else None
        except ValueError:
            raise ImportFailed(where, f"credits “{credits_text[:20]}” is not a number") from None
        if credits is not None and not 0 <= credits <= 100_000:
            raise ImportFailed(where, "credits must be a number between 0 and 100,000")
        unit = _choice(CreditUnit, row.get("credit_unit", ""), where, None)
        credentials.append(
            ImportedCredential(
                CredentialInput(
                    title=row["title"][:1000],
                    kind=_choice(
                        CredentialKind, row.get("kind", ""), where, CredentialKind.CERTIFICATE
                    ),  # type: ignore[arg-type]
                    issuer=row.get("issuer", "")[:300],
                    start_date=date("start_date"),
                    end_date=date("end_date"),
                    expiry_date=date("expiry_date"),
                    status=_choice(
                        CredentialStatus, row.get("status", ""), where, CredentialStatus.COMPLETED
                    ),  # type: ignore[arg-type]
                    credential_id=row.get("credential_id", "")[:300],
                    verification_url=row.get("verification_url", ""),
                    credit_value=credits,
                    credit_unit=(unit or (CreditUnit.CREDITS if credits is not None else None)),  # type: ignore[arg-type]
                    skills=tuple(
                        SkillLinkInput(label=s.strip()[:300], source="import")
                        for s in dict.fromkeys(row.get("skills", "").split(";"))
                        if s.strip()
                    ),
                    tags=tuple(
                        t.strip()[:100] for t in row.get("tags", "").split(";") if t.strip()
                    ),
                    description=row.get("description", ""),
                    source="csv",
                )
            )
        )
    if not table.rows:
        notes.append("the CSV holds no rows")
    if table.overfull:
        lines = ", ".join(str(n) for n in table.overfull[:5])
        more = f" and {len(table.overfull) - 5:,} more" if len(table.overfull) > 5 else ""
        one = len(table.overfull) == 1
        notes.append(
            f"{'row' if one else 'rows'} {lines}{more} {'holds' if one else 'hold'} more cells than the header has columns; the extra "
            "cells were not read (is a comma in a title not quoted?)"
        )
    return ImportBundle(
        source=source,
        format="csv",
        credentials=tuple(credentials),
        notes=tuple(notes),
        records=len(table.rows),
        skipped=tuple(skipped),
    )
