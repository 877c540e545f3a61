"""Copies left by a killed backup or restore are removed; a symlinked portfolio is restored
through its link (issue #18, group 8)."""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from portfolio.db import open_database
from portfolio.db.backup import create_backup
from portfolio.db.leftovers import leftover_copies, remove_leftovers
from portfolio.db.lock import lock_path
from portfolio.db.restore import restore_file
from portfolio.errors import UserError
from portfolio.services.learners import create_learner, list_learners
from portfolio.services.records import LearnerInput

OURS_IN_BACKUPS = ".portfolio-20240101-120000-auto.sqlite.k2x9_a1b.partial"
OURS_BESIDE = (".portfolio.sqlite.restoring", "..portfolio.sqlite.restoring.q8w7e6r5.partial")
NOT_OURS_IN_BACKUPS = (
    ".other-20240101-120000-auto.sqlite.k2x9_a1b.partial",  # another portfolio's backup
    "portfolio-20240101-120000-auto.sqlite",  # a finished backup
    ".portfolio-notes.txt.k2x9_a1b.partial",  # not a backup name
)
NOT_OURS_BESIDE = (".cv.pdf.k2x9_a1b.partial", ".other.sqlite.restoring", "notes.txt")


def _portfolio(tmp_path: Path) -> tuple[Path, Path]:
    path = tmp_path / "portfolio.sqlite"
    database = open_database(path)
    with database.session() as session:
        create_learner(session, LearnerInput(name="Zebulon Forgetme"))
    database.dispose()
    return path, tmp_path / "portfolio-backups"


def _litter(path: Path, backups: Path) -> None:
    backups.mkdir(exist_ok=True)
    for name in (OURS_IN_BACKUPS, *NOT_OURS_IN_BACKUPS):
        (backups / name).write_bytes(b"Zebulon Forgetme")
    for name in (*OURS_BESIDE, *NOT_OURS_BESIDE):
        (path.parent / name).write_bytes(b"Zebulon Forgetme")
    # A link with our name is not a copy of ours: it is left alone (and what it points to).
    (path.parent / "elsewhere.bin").write_bytes(b"keep")
    (backups / ".portfolio-20240102-120000-auto.sqlite.zzzzzzzz.partial").symlink_to(
        path.parent / "elsewhere.bin"
    )


def _present(path: Path, backups: Path) -> set[str]:
    return {p.name for p in (*path.parent.iterdir(), *backups.iterdir())}


def test_opening_the_portfolio_removes_only_its_own_leftover_copies(tmp_path: Path) -> None:
    path, backups = _portfolio(tmp_path)
    _litter(path, backups)
    assert len(leftover_copies(path, backups)) == 3
    open_database(path, backup_dir=backups).dispose()
    present = _present(path, backups)
    assert not present & {OURS_IN_BACKUPS, *OURS_BESIDE}
    assert set(NOT_OURS_IN_BACKUPS) | set(NOT_OURS_BESIDE) <= present
    assert ".portfolio-20240102-120000-auto.sqlite.zzzzzzzz.partial" in present
    assert (path.parent / "elsewhere.bin").read_bytes() == b"keep"


def test_nothing_is_removed_while_another_process_holds_the_lock(tmp_path: Path) -> None:
    path, backups = _portfolio(tmp_path)
    _litter(path, backups)
    # flock belongs to an open file: this descriptor stands for another process's lock.
    fd = os.open(lock_path(path), os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    try:
        assert remove_leftovers(path, backups) == []
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
    assert {OURS_IN_BACKUPS, *OURS_BESIDE} <= _present(path, backups)
    assert len(remove_leftovers(path, backups)) == 3


def test_a_real_backup_killed_half_way_leaves_a_copy_that_the_next_start_removes(
    tmp_path: Path,
) -> None:
    path, backups = _portfolio(tmp_path)
    # The backup is fully written to its .partial, then the process dies as under kill -9.
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "import portfolio.db.backup as b\n"
        "b._count_learners = lambda conn: os._exit(9)\n"
        "b.create_backup(Path(sys.argv[1]), 'manual', backup_dir=Path(sys.argv[2]))\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(path), str(backups)], check=False)
    assert done.returncode == 9
    [left] = [p for p in backups.iterdir() if p.name.endswith(".partial")]
    assert b"Zebulon Forgetme" in left.read_bytes()  # a full copy of the portfolio
    assert leftover_copies(path, backups) == [left]
    open_database(path, backup_dir=backups).dispose()
    assert not left.exists()


def test_rotation_removes_stale_leftovers_and_leaves_a_fresh_one(tmp_path: Path) -> None:
    path, backups = _portfolio(tmp_path)
    backups.mkdir()
    stale = backups / OURS_IN_BACKUPS
    fresh = backups / ".portfolio-20240101-130000-manual.sqlite.fresh123.partial"
    for leftover in (stale, fresh):
        leftover.write_bytes(b"copy")
    hour_ago = time.time() - 3600
    os.utime(stale, (hour_ago, hour_ago))
    create_backup(path, "auto", backup_dir=backups, now=dt.datetime(2024, 1, 1, 14, 0, 0))
    assert not stale.exists()
    assert fresh.exists()  # it may be another thread's backup being written right now


def test_restore_through_a_symlinked_portfolio_replaces_the_file_it_points_to(
    tmp_path: Path,
) -> None:
    real_folder = tmp_path / "synced"
    real_folder.mkdir()
    real, backups = _portfolio(real_folder)
    backup = create_backup(real, "manual", backup_dir=backups).path
    database = open_database(real)
    with database.session() as session:
        create_learner(session, LearnerInput(name="Added After The Backup"))
    database.dispose()
    link = tmp_path / "portfolio.sqlite"
    link.symlink_to(real)
    result = restore_file(link, backup, backup_dir=backups)
    assert link.is_symlink() and Path(os.readlink(link)) == real  # still the link
    assert result.learners == 1
    conn = sqlite3.connect(real)
    try:
        assert [r[0] for r in conn.execute("SELECT name FROM learner")] == ["Zebulon Forgetme"]
    finally:
        conn.close()
    database = open_database(link)
    with database.read_session() as session:
        assert [s.name for s in list_learners(session)] == ["Zebulon Forgetme"]
    database.dispose()


def test_restore_onto_a_dangling_link_is_refused_saying_why(tmp_path: Path) -> None:
    real, backups = _portfolio(tmp_path)
    backup = create_backup(real, "manual", backup_dir=backups).path
    link = tmp_path / "gone.sqlite"
    link.symlink_to(tmp_path / "nowhere" / "portfolio.sqlite")
    with pytest.raises(UserError, match=r"is a link to .* which is not a file"):
        restore_file(link, backup, backup_dir=backups)
    assert link.is_symlink() and not (tmp_path / "nowhere").exists()
