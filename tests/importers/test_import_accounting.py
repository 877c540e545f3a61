"""Every record an import reads is accounted for (issue #18, group 7).

Each row of a CSV or LinkedIn export is imported, merged, skipped with its reason, or the whole
file is refused; the preview (window and CLI) says the counts. A quote opened and never closed
used to swallow every row after it into one cell, silently: it is refused with its line.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from portfolio.db import Database
from portfolio.importers.detect import read_paths
from portfolio.importers.errors import ImportFailed
from portfolio.importers.model import ImportBundle, ImportedCredential
from portfolio.models import CredentialKind
from portfolio.services.credentials import list_credentials
from portfolio.services.import_service import plan_import
from portfolio.services.learners import find_learner
from portfolio.services.records import CredentialInput

UNCLOSED = (
    "title,issuer,credits\n"
    '"AWS Cloud Practitioner,Amazon,3\n'  # the quote opens here (line 2) and never closes
    "Google Data Analytics,Google,4\n"
    "PMP,PMI,5\n"
)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_unclosed_quote_refuses_the_csv_naming_the_line_it_opened_on(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match=r"creds\.csv: has a quote \(\"\) opened on line 2"):
        read_paths([_write(tmp_path, "creds.csv", UNCLOSED)])
    # Later in the file, after a quoted cell that spans two lines, the line is still right.
    text = 'title,description\nA,"two\nlines"\nB,fine\nC,"never closed\nD,x\n'
    with pytest.raises(ImportFailed, match="opened on line 5"):
        read_paths([_write(tmp_path, "later.csv", text)])


def test_quotes_that_close_and_escaped_quotes_are_read_as_cells(tmp_path: Path) -> None:
    text = 'title,description\nA,"a ""quoted"" word"\nB,"two\nlines"\nC,5" floppy\n'
    [bundle] = read_paths([_write(tmp_path, "ok.csv", text)])
    assert [c.data.description for c in bundle.credentials] == [
        'a "quoted" word',
        "two\nlines",
        '5" floppy',  # a quote inside an unquoted cell is an ordinary character
    ]
    assert bundle.records == 3 and bundle.skipped == ()


def test_an_unclosed_quote_in_a_linkedin_export_is_refused_too(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Certifications.csv", 'Name,Authority\nAWS,"Amazon\nPMP,PMI\n')
    path = tmp_path / "linkedin.zip"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(ImportFailed, match=r"(?i)certifications\.csv: has a quote .* on line 2"):
        read_paths([path])


def test_a_csv_with_only_the_title_column_imports(tmp_path: Path) -> None:
    [bundle] = read_paths([_write(tmp_path, "titles.csv", "title\nFirst Aid\nSQL Basics\n")])
    assert bundle.format == "csv"
    assert [c.data.title for c in bundle.credentials] == ["First Aid", "SQL Basics"]


def test_the_preview_says_how_many_rows_were_read_and_what_becomes_of_each(
    db: Database, tmp_path: Path
) -> None:
    first = _write(tmp_path, "first.csv", "title,issuer\nFirst Aid,Red Cross\n")
    with db.session() as session:
        from portfolio.services.import_apply import apply_import

        apply_import(session, plan_import(session, read_paths([first]), "Zoë"))
    text = "title,issuer\nFirst Aid,Red Cross\n,Nobody\nSQL Basics,Coursera\nSQL Basics,Coursera\n"
    bundles = read_paths([_write(tmp_path, "creds.csv", text)])
    with db.read_session() as session:
        plan = plan_import(session, bundles, "Zoë")
    assert plan.notes[0] == (
        "creds.csv: read 4 rows: 1 to import, 2 duplicates skipped, 1 skipped (row 3 has no title)"
    )


def test_cells_beyond_the_header_are_said_not_dropped_silently(tmp_path: Path) -> None:
    text = "title,issuer\nData, Analytics,Google\nPMP,PMI\n"
    [bundle] = read_paths([_write(tmp_path, "shifted.csv", text)])
    assert any(
        "row 2 holds more cells than the header has columns" in note for note in bundle.notes
    )


def test_linkedin_rows_without_a_name_are_counted_as_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "Certifications.csv").write_text("Name,Authority\nPMP,PMI\n,Nobody\n")
    (folder / "Skills.csv").write_text("Name\nSQL\n \n")  # a blank row is not a record
    (folder / "Positions.csv").write_text("Company Name,Title\nAcme,\nAcme,Analyst\n")
    [bundle] = read_paths([folder])
    assert bundle.records == 5
    assert bundle.skipped == (
        "Certifications.csv row 3 has no name",
        "Positions.csv row 2 has no title",
    )


def test_the_fixture_linkedin_export_accounts_for_every_row(db: Database) -> None:
    io_dir = Path(__file__).resolve().parent.parent / "data" / "io"
    bundles = read_paths([io_dir / "linkedin_export.zip"])
    with db.read_session() as session:
        plan = plan_import(session, bundles, "Samantha")
    [note] = [n for n in plan.notes if "read " in n and " rows: " in n]
    assert note.startswith("linkedin_export.zip: read ")


def test_records_that_do_not_add_up_refuse_the_whole_file(db: Database) -> None:
    # An importer that lost a row without a reason is a bug: nothing is imported.
    bundle = ImportBundle(
        source="lossy.csv",
        format="csv",
        credentials=(ImportedCredential(CredentialInput("A", CredentialKind.COURSE)),),
        records=3,
    )
    with db.read_session() as session, pytest.raises(ImportFailed, match="3 rows were read"):
        plan_import(session, [bundle], "Zoë")


def test_the_cli_preview_prints_the_counts(cli, db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _write(tmp_path, "creds.csv", "title\nFirst Aid\n\n,\n \nSQL Basics\n")
    result = cli("--db", str(db.path), "import", str(path), "--learner", "Zoë")
    assert result.code == 0, result.err
    assert "note: creds.csv: read 2 rows: 2 to import" in result.out
    with db.read_session() as session:
        assert len(list_credentials(session, find_learner(session, "Zoë").id)) == 2
    result = cli("--db", str(db.path), "import", str(_write(tmp_path, "u.csv", UNCLOSED)))
    assert result.code == 1
    assert "opened on line 2 that is never closed" in result.err


def test_a_csv_with_title_and_columns_of_its_own_imports_ignoring_them(tmp_path: Path) -> None:
    [bundle] = read_paths([_write(tmp_path, "mine.csv", "Title,My notes,Grade\nFirst Aid,x,A\n")])
    assert bundle.format == "csv"
    assert [c.data.title for c in bundle.credentials] == ["First Aid"]


def test_a_lone_linkedin_positions_file_is_read_as_positions(tmp_path: Path) -> None:
    text = (
        "Company Name,Title,Description,Location,Started On,Finished On\nAcme,Analyst,,,Jan 2020,\n"
    )
    [bundle] = read_paths([_write(tmp_path, "Positions.csv", text)])
    assert bundle.format == "linkedin"
    assert [e.title for e in bundle.experiences] == ["Analyst"] and not bundle.credentials


def test_a_json_resume_accounts_for_every_entry_it_reads(db: Database, tmp_path: Path) -> None:
    import json

    doc = {
        "basics": {"name": "Zoë Kim"},
        "work": [{"name": "Harbour Books", "position": "Clerk"}, {"summary": "no title"}],
        "certificates": [{"name": "First Aid"}, {"issuer": "Nobody"}],
        "skills": [{"name": "Bookkeeping"}, {"level": "Expert"}],
        "languages": [{"language": "French"}, {"fluency": "Native"}],
    }
    path = _write(tmp_path, "zoe.resume.json", json.dumps(doc))
    with db.read_session() as session:
        plan = plan_import(session, read_paths([path]), "Zoë Kim")
    assert plan.notes[0] == (
        "zoe.resume.json: read 8 entries: 4 to import, 4 skipped (languages[1] has no language; "
        "work[1] has neither a position nor an organization; certificates[1] has no name; "
        "skills[1] has no name)"
    )
    assert {item.kind for item in plan.items} == {"credential", "experience", "skill", "language"}
