"""Start-up loads only what the first screen or command needs (structural, never timed).

Each check runs a fresh interpreter and looks at which modules it loaded: Alembic only when a
file needs migrating, ReportLab only when a PDF is made, SQLAlchemy only when a command opens the
database, and no ORM under the records, validation and labels the UI is built on.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from portfolio.db import Database

SHOW_MODULES = "import sys; print('\\n'.join(sorted(sys.modules)), file=sys.stderr)"


def _loaded(code: str, *, home: Path) -> set[str]:
    """Run `code` in a fresh interpreter; the top-level packages it had loaded at the end."""
    env = {**os.environ, "PORTFOLIO_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", f"{code}\n{SHOW_MODULES}"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return {line.split(".")[0] for line in result.stderr.splitlines() if line and " " not in line}


def _cli(*args: str) -> str:
    """Code running the CLI in-process (so sys.modules can be read after it returns)."""
    return f"from portfolio.cli import main; main({list(args)!r})"


def test_listing_learners_loads_neither_alembic_nor_reportlab_nor_qt(
    demo_db: Database, home: Path
) -> None:
    loaded = _loaded(_cli("--db", str(demo_db.path), "learners"), home=home)
    assert "sqlalchemy" in loaded  # the query really ran
    assert not loaded & {"alembic", "reportlab", "PySide6"}


def test_a_command_that_opens_no_database_loads_no_sqlalchemy(home: Path) -> None:
    # Building the parser is what every command does first.
    loaded = _loaded("from portfolio.cli import build_parser; build_parser()", home=home)
    assert not loaded & {"sqlalchemy", "alembic", "reportlab", "PySide6"}


def test_export_cv_loads_reportlab_but_not_alembic(
    demo_db: Database, home: Path, tmp_path: Path
) -> None:
    out = tmp_path / "cv.pdf"
    code = _cli("--db", str(demo_db.path), "export-cv", "--learner", "Samantha", "-o", str(out))
    loaded = _loaded(code, home=home)
    assert out.stat().st_size > 0
    assert "reportlab" in loaded
    assert not loaded & {"alembic", "PySide6"}


@pytest.mark.parametrize("learner", ["Samantha Kolb", "Daniel Moreau"])
def test_the_window_paints_without_reportlab_importers_or_alembic(
    demo_db: Database, home: Path, learner: str
) -> None:
    code = _cli("--db", str(demo_db.path), "gui", "--learner", learner, "--exit-when-ready")
    env = {**os.environ, "PORTFOLIO_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", f"{code}\n{SHOW_MODULES}"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    modules = {line for line in result.stderr.splitlines() if line and " " not in line}
    assert "portfolio.ui.main_window" in modules  # the window was really built and painted
    assert not {m.split(".")[0] for m in modules} & {"alembic", "reportlab"}
    assert not {m for m in modules if m.startswith(("portfolio.importers", "portfolio.export"))}


def test_records_validation_and_labels_load_no_sqlalchemy(home: Path) -> None:
    loaded = _loaded(
        "import portfolio.services.records, portfolio.services.validation, portfolio.enums, "
        "portfolio.db.revisions, portfolio.db.lock, portfolio.cli.context",
        home=home,
    )
    assert "sqlalchemy" not in loaded


def test_the_models_reexport_the_same_enums() -> None:
    from portfolio import enums
    from portfolio.models import base

    assert base.CredentialKind is enums.CredentialKind
    assert base.SkillLevel is enums.SkillLevel
