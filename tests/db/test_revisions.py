"""The schema head is known without Alembic, and Alembic is loaded only to migrate."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from portfolio.db import open_database, revisions
from portfolio.db.migrate import alembic_head, alembic_revisions


def test_the_head_read_from_the_scripts_is_alembics_head() -> None:
    assert revisions.head_revision() == alembic_head()
    assert revisions.known_revisions() == alembic_revisions()


def _modules_loaded_by(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys; print(' '.join(sys.modules))"],
        check=True,
        capture_output=True,
        text=True,
    )
    return set(out.stdout.split())


def test_opening_a_portfolio_at_the_head_does_not_load_alembic(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    open_database(path).dispose()  # a new file: created and migrated with Alembic
    loaded = _modules_loaded_by(
        f"from portfolio.db import open_database; open_database(__import__('pathlib').Path({str(path)!r})).dispose()"
    )
    assert "portfolio.db" in loaded
    assert "alembic" not in loaded


def test_a_new_file_is_still_migrated_to_the_head(tmp_path: Path) -> None:
    database = open_database(tmp_path / "new.sqlite")
    try:
        with database.engine.connect() as conn:
            version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        assert version == revisions.head_revision()
    finally:
        database.dispose()


def test_typed_and_merge_revision_lines_are_read(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "a.py").write_text('revision = "0001"\ndown_revision = None\n')
    (tmp_path / "b.py").write_text('revision: str = "0002"\ndown_revision: str | None = "0001"\n')
    (tmp_path / "c.py").write_text("revision = '0003'\ndown_revision = '0001'\n")
    (tmp_path / "d.py").write_text('revision = "0004"\ndown_revision = ("0002", "0003")\n')
    monkeypatch.setattr(revisions, "versions_folder", lambda: tmp_path)
    revisions._graph.cache_clear()
    try:
        assert revisions.known_revisions() == {"0001", "0002", "0003", "0004"}
        assert revisions.head_revision() == "0004"
    finally:
        revisions._graph.cache_clear()
