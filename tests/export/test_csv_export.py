"""CSV export: the documented columns, and nothing a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from portfolio.db import Database
from portfolio.export.csv_export import export_csv, neutralise
from portfolio.importers.csv_import import COLUMNS
from portfolio.importers.detect import read_paths
from portfolio.models.base import CredentialKind
from portfolio.services.credentials import create_credential, get_credential, list_credentials
from portfolio.services.import_apply import apply_import
from portfolio.services.import_service import plan_import
from portfolio.services.learners import create_learner
from portfolio.services.records import CredentialInput, LearnerInput


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_starts_are_neutralised(start: str) -> None:
    assert neutralise(f"{start}cmd|' /C calc'!A0") == f"'{start}cmd|' /C calc'!A0"
    assert neutralise("Plain text") == "Plain text"


def test_export_has_the_header_and_survives_a_round_trip(db: Database, tmp_path: Path) -> None:
    with db.session() as s:
        learner_id = create_learner(s, LearnerInput(name="Sam"))
        create_credential(
            s,
            learner_id,
            CredentialInput(
                title='=HYPERLINK("http://evil.example","click")',
                kind=CredentialKind.CERTIFICATE,
                issuer="@Evil",
                description="-2+3",
                tags=("+tag",),
                credit_value=1.5,
            ),
        )
        data = export_csv(s, learner_id)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == COLUMNS
    body = rows[1]
    for cell in body:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert body[0] == '\'=HYPERLINK("http://evil.example","click")'
    path = tmp_path / "creds.csv"
    path.write_bytes(data)
    with db.session() as s:
        summary = apply_import(s, plan_import(s, read_paths([path]), "Sam Copy"))
        [row] = list_credentials(s, summary.learner_id)
        again = get_credential(s, row.id)
    assert again.title.startswith("=HYPERLINK") and again.issuer == "@Evil"
    assert again.description == "-2+3" and again.tags == ("+tag",) and again.credit_value == 1.5
