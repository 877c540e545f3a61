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
from portfolio.importers.tabular import decode_text, rows_with_header
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
    cells = [c.strip().strip('"') for c in first.split(",")]
    return "title" in cells and len(set(cells) & set(COLUMNS)) >= 2


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
    rows = rows_with_header(source, text, ("title",))
    credentials = []
    for i, raw in enumerate(rows):
        row = {k: unneutralise(v) for k, v in raw.items()}
        where = f"{source} row {i + 2}"
        if not row.get("title"):
            notes.append(f"row {i + 2} has no title; skipped")
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
    if not credentials and not notes:
        notes.append("the CSV holds no rows")
    return ImportBundle(
        source=source, format="csv", credentials=tuple(credentials), notes=tuple(notes)
    )
