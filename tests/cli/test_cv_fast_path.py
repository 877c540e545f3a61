"""A plain `portfolio export-cv` reads with stdlib sqlite3: no ORM, same PDF, same file checks."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from portfolio.db import Database
from portfolio.db.lock import InstanceLock
from portfolio.db.open import create_new_file
from portfolio.db.revisions import head_revision

SHOW_MODULES = "import sys; print('\\n'.join(sorted(sys.modules)), file=sys.stderr)"


def _export_in_fresh_interpreter(home: Path, *args: str) -> set[str]:
    """Run the CLI in a new interpreter; the top-level packages loaded by the end."""
    code = f"from portfolio.cli import main; main({list(args)!r})\n{SHOW_MODULES}"
    env = {**os.environ, "PORTFOLIO_HOME": str(home)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return {line.split(".")[0] for line in result.stderr.splitlines() if line and " " not in line}


def test_plain_export_loads_no_sqlalchemy(demo_db: Database, home: Path, tmp_path: Path) -> None:
    out = tmp_path / "cv.pdf"
    loaded = _export_in_fresh_interpreter(
        home, "--db", str(demo_db.path), "export-cv", "--learner", "Samantha", "-o", str(out)
    )
    assert "Samantha Kolb" in PdfReader(out).pages[0].extract_text()
    assert "reportlab" in loaded
    assert not loaded & {"sqlalchemy", "alembic", "PySide6"}


def test_a_role_still_goes_through_the_services(
    demo_db: Database, home: Path, tmp_path: Path
) -> None:
    out = tmp_path / "cv.pdf"
    loaded = _export_in_fresh_interpreter(
        home,
        "--db",
        str(demo_db.path),
        "export-cv",
        "--learner",
        "Samantha",
        "-o",
        str(out),
        "--role",
        "Digital Marketing Coordinator",
    )
    assert out.stat().st_size > 0
    assert "sqlalchemy" in loaded


@pytest.mark.parametrize("learner", ["Samantha Kolb", "Audrey Heath", "Daniel Moreau"])
def test_both_readers_make_byte_identical_pdfs(demo_db: Database, learner: str) -> None:
    from portfolio.db.cv_read import load_cv_content_fast
    from portfolio.export.document import build_document
    from portfolio.export.pdf import render_pdf
    from portfolio.services.cv_content import load_cv_content
    from portfolio.services.learners import find_learner

    with demo_db.read_session() as session:
        orm = load_cv_content(session, find_learner(session, learner).id)
    fast = load_cv_content_fast(demo_db.path, learner)
    orm_pdf = render_pdf(build_document(orm), invariant=True)
    assert render_pdf(build_document(fast), invariant=True) == orm_pdf


def test_plain_and_role_exports_print_the_same_text_when_nothing_is_hidden(
    cli, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    fast, orm = tmp_path / "fast.pdf", tmp_path / "orm.pdf"
    args = ("--db", str(demo_db.path), "export-cv", "--learner", "Daniel")
    assert cli(*args, "-o", str(fast)).code == 0
    # The same command with the fast path turned off reads through the ORM.
    monkeypatch.setattr("portfolio.cli.cv._is_current_portfolio", lambda path: False)
    assert cli(*args, "-o", str(orm)).code == 0
    text = ["".join(p.extract_text() for p in PdfReader(f).pages) for f in (fast, orm)]
    assert text[0] == text[1]
    assert "Daniel Moreau" in text[0]


def test_a_file_needing_migration_is_upgraded_first(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "old.sqlite"
    create_new_file(path)  # ours, but before the first migration: no tables yet
    result = cli("--db", str(path), "export-cv", "--learner", "Sam", "-o", str(tmp_path / "c.pdf"))
    assert result.code == 1
    assert "No learner called “Sam”" in result.err
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == (
            head_revision()
        )
    finally:
        conn.close()


@pytest.mark.parametrize("kind", ["empty", "foreign", "newer"])
def test_files_that_are_not_current_portfolios_are_refused_untouched(
    cli, demo_db: Database, tmp_path: Path, kind: str
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / f"{kind}.sqlite"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "foreign":
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.commit()
        conn.close()
    else:
        demo_db.dispose()
        path.write_bytes(demo_db.path.read_bytes())
        conn = sqlite3.connect(path)
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
        conn.commit()
        conn.close()
    before = path.read_bytes()
    out = tmp_path / "cv.pdf"
    result = cli("--db", str(path), "export-cv", "--learner", "Samantha", "-o", str(out))
    assert result.code == 1
    assert {"empty": "empty file", "foreign": "another application", "newer": "newer version"}[
        kind
    ] in result.err
    assert path.read_bytes() == before
    assert not out.exists()


def test_exporting_while_the_app_has_the_portfolio_open_still_works(
    cli, demo_db: Database, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # As before the fast path: a current file is only read, so the export takes no instance lock.
    out = tmp_path / "cv.pdf"
    with InstanceLock(demo_db.path):
        result = cli("--db", str(demo_db.path), "export-cv", "--learner", "Audrey", "-o", str(out))
    assert result.code == 0, result.err
    assert out.stat().st_size > 0
