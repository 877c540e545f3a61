"""Every released schema version has a fixture portfolio; each upgrades to head with its data."""

import shutil
import sqlite3
from pathlib import Path

import pytest

from portfolio.db import open_database
from portfolio.db.backup import list_backups
from portfolio.db.migrate import current_revision, head_revision, known_revisions
from portfolio.services.credentials import list_credentials
from portfolio.services.learners import find_learner, list_learners

SCHEMAS = Path(__file__).resolve().parent.parent / "data" / "schemas"
FIXTURES = sorted(SCHEMAS.glob("*.sqlite"))


def test_there_is_a_fixture_for_every_released_schema_version() -> None:
    # A new migration ships with a fixture of the version before it (scripts/make_schema_fixture.py
    # run at the release that introduced that version); head may be unreleased.
    have = {path.stem for path in FIXTURES}
    assert "0001" in have
    assert have <= known_revisions()


@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_a_fixture_upgrades_to_head_and_keeps_its_learners(fixture: Path, tmp_path: Path) -> None:
    copy = tmp_path / "portfolio.sqlite"
    shutil.copy2(fixture, copy)
    conn = sqlite3.connect(copy)
    revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    conn.close()
    assert revision == fixture.stem
    database = open_database(copy, backup_dir=tmp_path / "backups")
    try:
        assert current_revision(database.engine) == head_revision()
        with database.read_session() as session:
            names = [learner.name for learner in list_learners(session)]
            assert names == ["Audrey Heath", "Daniel Moreau", "Samantha Kolb"]
            samantha = find_learner(session, "Samantha Kolb")
            titles = [row.title for row in list_credentials(session, samantha.id)]
            assert len(titles) == samantha.credential_count > 0
    finally:
        database.dispose()
    backups = list_backups(copy, tmp_path / "backups")
    if revision != head_revision():  # an upgrade is always preceded by a checked snapshot
        assert [b.kind for b in backups] == ["pre-upgrade"]
        assert backups[0].learners == 3


def test_an_upgrade_is_preceded_by_a_checked_snapshot(tmp_path: Path, monkeypatch) -> None:
    copy = tmp_path / "portfolio.sqlite"
    shutil.copy2(SCHEMAS / "0001.sqlite", copy)
    # Pretend this version ships a newer schema than the file's.
    monkeypatch.setattr("portfolio.db.revisions.head_revision", lambda: "0002_next")
    open_database(copy, backup_dir=tmp_path / "backups").dispose()
    [snapshot] = list_backups(copy, tmp_path / "backups")
    assert snapshot.kind == "pre-upgrade"
    assert snapshot.learners == 3
