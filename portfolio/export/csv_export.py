"""Credentials as CSV for spreadsheets, safe to open: formula-like cells are neutralised.

A cell starting with =, +, -, @, a tab or a carriage return gets a leading apostrophe, so a
spreadsheet shows the text instead of running it (CSV injection). The columns are the documented
import header (portfolio.importers.csv_import.COLUMNS), and the import removes the apostrophe.
"""

from __future__ import annotations

import csv
import io

from sqlalchemy.orm import Session

from portfolio.importers.csv_import import COLUMNS, FORMULA_START
from portfolio.services.credentials import get_credential, list_credentials


def neutralise(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def export_csv(session: Session, learner_id: int) -> bytes:
    """UTF-8 CSV (with a byte-order mark, which Excel needs to read UTF-8) of the credentials."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in list_credentials(session, learner_id):
        c = get_credential(session, row.id)
        values = {
            "title": c.title,
            "kind": c.kind.value,
            "issuer": c.issuer,
            "start_date": c.start_date.iso() if c.start_date else "",
            "end_date": c.end_date.iso() if c.end_date else "",
            "expiry_date": c.expiry_date.iso() if c.expiry_date else "",
            "status": c.status.value,
            "credential_id": c.credential_id,
            "verification_url": c.verification_url,
            "credits": "" if c.credit_value is None else f"{c.credit_value:g}",
            "credit_unit": c.credit_unit.value if c.credit_unit else "",
            "skills": "; ".join(s.label for s in c.skill_links),
            "tags": "; ".join(c.tags),
            "description": c.description,
        }
        writer.writerow([neutralise(values[column]) for column in COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
