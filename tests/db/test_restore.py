"""Restoring a backup: verified first, the current file kept aside, an atomic swap."""

import hashlib
import sqlite3
from pathlib import Path

import pytest

from portfolio.db import Database, open_database
from portfolio.db.backup import create_backup, list_backups
from portfolio.db.restore import restore_file, restore_into
from portfolio.errors import DatabaseRefused, UserError
from portfolio.services.learners import create_learner, list_learners
from portfolio.services.records import LearnerInput


def names(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT name FROM learner ORDER BY name")]
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[4096 + 8 : 4096 + 1500] = b"\xff" * 1492
    path.write_bytes(bytes(data))


@pytest.fixture
def with_backup(demo_db: Database, tmp_path: Path):  # type: ignore[no-untyped-def]
    folder = tmp_path / "backups"
    info = create_backup(demo_db.path, "manual", backup_dir=folder)
    with demo_db.session() as session:
        create_learner(session, LearnerInput(name="Added After The Backup"))
    demo_db.dispose()
    return demo_db.path, info.path, folder


def test_restoring_keeps_the_current_portfolio_as_a_pre_restore_backup(with_backup) -> None:
    db_path, backup, folder = with_backup
    result = restore_file(db_path, backup, backup_dir=folder)
    assert "Added After The Backup" not in names(db_path)
    assert result.learners == 3
    assert result.restored_from == backup
    assert backup.name in result.message()
    assert result.kept_as is not None and result.kept_as.parent == folder
    assert "Added After The Backup" in names(result.kept_as)
    assert [b.kind for b in list_backups(db_path, folder)] == ["pre-restore", "manual"]
    assert sorted(p.name for p in db_path.parent.iterdir() if p.is_file()) == [db_path.name]


def test_a_damaged_portfolio_is_moved_aside_with_its_companions(with_backup) -> None:
    db_path, backup, folder = with_backup
    damage(db_path)
    damaged_digest = digest(db_path)
    journal = db_path.with_name(db_path.name + "-journal")
    journal.write_bytes(b"a hot journal that belongs to the damaged file")
    result = restore_file(db_path, backup, backup_dir=folder)
    aside = result.kept_as
    assert aside is not None and aside.parent == db_path.parent and "damaged" in aside.name
    assert digest(aside) == damaged_digest
    assert aside.with_name(aside.name + "-journal").read_bytes().startswith(b"a hot journal")
    assert not journal.exists()
    assert names(db_path) == ["Audrey Heath", "Daniel Moreau", "Samantha Kolb"]
    open_database(db_path).dispose()


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: p.write_bytes(b""), "empty file"),
        (lambda p: p.write_text("not a database"), "not an SQLite file"),
        (lambda p: p.mkdir(), "folder"),
        (lambda p: None, "does not exist"),
        (damage, "damaged"),
    ],
    ids=["empty", "text", "folder", "missing", "damaged"],
)
def test_a_bad_backup_is_refused_and_the_portfolio_is_untouched(with_backup, make, words) -> None:
    db_path, backup, folder = with_backup
    bad = backup.with_name("bad.sqlite")
    if make is damage:
        bad.write_bytes(backup.read_bytes())
    make(bad)
    before = digest(db_path)
    with pytest.raises(UserError, match=words):
        restore_file(db_path, bad, backup_dir=folder)
    assert digest(db_path) == before
    assert [b.kind for b in list_backups(db_path, folder)] == ["manual"]


def test_restoring_into_the_running_app_keeps_the_database_object_usable(
    demo_db: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "b"
    backup = create_backup(demo_db.path, "manual", backup_dir=folder).path
    with demo_db.session() as session:
        create_learner(session, LearnerInput(name="Later"))
    result = restore_into(demo_db, backup, backup_dir=folder)
    assert result.learners == 3
    with demo_db.read_session() as session:
        assert len(list_learners(session)) == 3
    with demo_db.session() as session:
        create_learner(session, LearnerInput(name="After Restore"))
    with demo_db.read_session() as session:
        assert len(list_learners(session)) == 4


def test_opening_a_damaged_portfolio_offers_the_newest_good_backup(
    with_backup, monkeypatch
) -> None:
    db_path, backup, folder = with_backup
    damage(db_path)
    before = digest(db_path)
    with pytest.raises(DatabaseRefused) as info:
        open_database(db_path, backup_dir=folder)
    assert info.value.reason == "damaged"
    assert info.value.newest_backup == backup
    assert f"portfolio restore {backup}" in str(info.value)
    assert digest(db_path) == before  # never overwritten, never replaced by an empty portfolio


def test_a_burst_of_automatic_backups_in_one_second_keeps_the_newest(tmp_path: Path) -> None:
    import datetime as dt

    from portfolio.db import open_database
    from portfolio.db.backup import create_backup, list_backups

    db_path = tmp_path / "p.sqlite"
    open_database(db_path).dispose()
    same_second = dt.datetime(2026, 5, 1, 9, 30, 0)
    written = [
        create_backup(db_path, "auto", backup_dir=tmp_path / "b", now=same_second).path
        for _ in range(7)
    ]
    assert all(path.exists() for path in written[-4:])  # the four newest survive rotation
    assert [b.path for b in list_backups(db_path, tmp_path / "b")] == written[::-1][:4]
