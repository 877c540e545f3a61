"""Checked, atomic, rotated backups made with SQLite's backup API."""

import datetime as dt
import errno
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from portfolio.db import Database
from portfolio.db.backup import (
    KEEP_DAILY,
    KEEP_MONTHLY,
    KEEP_RECENT,
    KEEP_WEEKLY,
    AutoBackup,
    backup_before,
    choose_kept,
    create_backup,
    list_backups,
    newest_good_backup,
    rotate,
)
from portfolio.errors import DatabaseRefused, StorageFull
from portfolio.services.learners import create_learner
from portfolio.services.records import LearnerInput


def learners_in(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT name FROM learner ORDER BY name")]
    finally:
        conn.close()


def test_a_backup_is_a_private_checked_copy_listed_with_its_learners(
    demo_db: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    info = create_backup(demo_db.path, "manual", backup_dir=folder)
    assert info.path.parent == folder
    assert stat.S_IMODE(info.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert learners_in(info.path) == ["Audrey Heath", "Daniel Moreau", "Samantha Kolb"]
    assert sorted(p.name for p in folder.iterdir()) == [info.path.name]  # no temp file left
    [listed] = list_backups(demo_db.path, folder)
    assert (listed.path, listed.kind, listed.learners) == (info.path, "manual", 3)
    assert listed.size == info.path.stat().st_size > 0


def test_a_backup_taken_during_an_open_transaction_holds_only_committed_data(
    demo_db: Database, tmp_path: Path
) -> None:
    with demo_db.session() as session:
        create_learner(session, LearnerInput(name="Not Yet Committed"))
        session.flush()
        info = create_backup(demo_db.path, "manual", backup_dir=tmp_path / "b")
    assert "Not Yet Committed" not in learners_in(info.path)
    assert len(learners_in(info.path)) == 3


def test_a_damaged_portfolio_is_not_backed_up_over_good_backups(
    demo_db: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "b"
    good = create_backup(demo_db.path, "auto", backup_dir=folder)
    demo_db.dispose()
    data = bytearray(demo_db.path.read_bytes())
    data[4096 + 8 : 4096 + 1500] = b"\xff" * 1492
    demo_db.path.write_bytes(bytes(data))
    with pytest.raises(DatabaseRefused, match="damaged"):
        create_backup(demo_db.path, "auto", backup_dir=folder)
    assert [p.name for p in folder.iterdir()] == [good.path.name]
    assert newest_good_backup(demo_db.path, folder) is not None


def test_disk_full_while_backing_up_leaves_no_partial_file(
    demo_db: Database, tmp_path: Path, monkeypatch
) -> None:
    folder = tmp_path / "b"
    first = create_backup(demo_db.path, "manual", backup_dir=folder)
    real_fsync = os.fsync

    def full(fd: int) -> None:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(StorageFull, match="disk is full"):
        create_backup(demo_db.path, "manual", backup_dir=folder, now=dt.datetime(2030, 1, 1))
    assert [p.name for p in folder.iterdir()] == [first.path.name]
    assert learners_in(first.path) == learners_in(demo_db.path)


def _fake(folder: Path, when: dt.datetime, kind: str) -> Path:
    path = folder / f"portfolio-{when:%Y%m%d-%H%M%S}-{kind}.sqlite"
    path.write_bytes(b"x")
    return path


def test_rotation_keeps_recent_daily_weekly_and_monthly_tiers(tmp_path: Path) -> None:
    start = dt.datetime(2025, 1, 1, 9, 0)
    # Two automatic backups a day for 400 days.
    for day in range(400):
        for hour in (9, 17):
            _fake(tmp_path, start + dt.timedelta(days=day, hours=hour - 9), "auto")
    for i in range(8):
        _fake(tmp_path, start + dt.timedelta(days=i, minutes=1), "pre-import")
    rotate(tmp_path, "portfolio")
    kept = sorted(p.name for p in tmp_path.iterdir())
    auto = [name for name in kept if name.endswith("-auto.sqlite")]
    newest_day = start + dt.timedelta(days=399)
    assert f"portfolio-{newest_day:%Y%m%d}-170000-auto.sqlite" in auto
    assert f"portfolio-{newest_day:%Y%m%d}-090000-auto.sqlite" in auto  # among the recent ones
    # One per day for a week, then one per week, then one per month, about a year back.
    assert KEEP_DAILY <= len(auto) <= KEEP_RECENT + KEEP_DAILY + KEEP_WEEKLY + KEEP_MONTHLY
    # The newest day is 2026-02-04: twelve monthly backups reach back to March 2025.
    assert {name[10:16] for name in auto} == {f"2025{m:02}" for m in range(3, 13)} | {
        "202601",
        "202602",
    }
    assert len([n for n in kept if n.endswith("-pre-import.sqlite")]) == 5
    rotate(tmp_path, "portfolio")
    assert sorted(p.name for p in tmp_path.iterdir()) == kept  # stable


def test_rotation_never_deletes_other_files_or_other_portfolios(tmp_path: Path) -> None:
    mine = [_fake(tmp_path, dt.datetime(2025, 1, 1, 9, 0, s), "auto") for s in range(10)]
    other = _fake(tmp_path, dt.datetime(2025, 1, 1), "auto").rename(
        tmp_path / "client-20250101-000000-auto.sqlite"
    )
    note = tmp_path / "notes.txt"
    note.write_text("keep me")
    rotate(tmp_path, "portfolio")
    assert other.exists() and note.exists()
    assert len([p for p in mine if p.exists()]) == KEEP_RECENT
    assert choose_kept([]) == set()


def test_automatic_backup_after_commits_at_most_every_interval(db: Database, tmp_path) -> None:
    folder = tmp_path / "auto"
    clock = [dt.datetime(2026, 3, 2, 10, 0)]
    auto = AutoBackup(
        db, backup_dir=folder, interval=dt.timedelta(minutes=10), clock=lambda: clock[0]
    ).install()
    try:
        with db.session() as session:
            create_learner(session, LearnerInput(name="First"))
        assert len(list_backups(db.path, folder)) == 1
        clock[0] += dt.timedelta(minutes=3)
        with db.session() as session:
            create_learner(session, LearnerInput(name="Second"))
        assert len(list_backups(db.path, folder)) == 1  # too soon
        assert auto.pending
        clock[0] += dt.timedelta(minutes=8)
        with db.session() as session:
            create_learner(session, LearnerInput(name="Third"))
        backups = list_backups(db.path, folder)
        assert [b.learners for b in backups] == [3, 1]
        with db.read_session():
            pass  # reading is not a change
        clock[0] += dt.timedelta(hours=1)
        assert auto.maybe_backup() is None
        with db.session() as session:
            create_learner(session, LearnerInput(name="Fourth"))
        assert auto.flush() is None  # already backed up by the commit (interval passed)
    finally:
        auto.uninstall()


def test_pending_changes_are_backed_up_at_exit(db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "auto"
    now = dt.datetime(2026, 3, 2, 10, 0)
    auto = AutoBackup(db, backup_dir=folder, clock=lambda: now).install()
    try:
        with db.session() as session:
            create_learner(session, LearnerInput(name="First"))
        with db.session() as session:
            create_learner(session, LearnerInput(name="Second"))
        info = auto.flush(now + dt.timedelta(minutes=1))
        assert info is not None and info.learners == 2
    finally:
        auto.uninstall()


def test_backup_before_import_is_a_snapshot(demo_db: Database, tmp_path: Path) -> None:
    info = backup_before(demo_db, "import", backup_dir=tmp_path / "b")
    assert info is not None
    assert info.kind == "pre-import"
    assert info.path.name.endswith("-pre-import.sqlite")
    assert backup_before(tmp_path / "absent.sqlite", "import") is None


def test_a_failing_automatic_backup_never_fails_the_save(
    db: Database, tmp_path: Path, caplog
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the backup folder should be")
    auto = AutoBackup(db, backup_dir=blocked).install()
    try:
        with db.session() as session:
            create_learner(session, LearnerInput(name="Saved Anyway"))
    finally:
        auto.uninstall()
    assert learners_in(db.path) == ["Saved Anyway"]
    assert auto.pending  # tried again after the next change
    assert "automatic backup failed" in caplog.text
