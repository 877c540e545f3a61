"""Restoring a backup: verify it, keep the current file aside, swap atomically.

The order matters for a counsellor whose laptop dies half-way through:
1. the chosen backup is inspected (a portfolio of a known version, `quick_check`) and copied with
   the backup API into a temporary file beside the live one, where it passes `integrity_check`;
2. the current file is kept: a healthy one as a "pre-restore" backup in the backup folder, a
   damaged one (with its -journal/-wal/-shm companions) renamed beside itself as
   `<name>-damaged-<time>.sqlite`;
3. the verified copy is renamed over the live file (one atomic rename).
At every step the live path holds either the old portfolio or the restored one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from portfolio.db.backup import BackupInfo, backup_dir_for, copy_checked, create_backup
from portfolio.db.open import companions, inspect_file, refuse_non_regular
from portfolio.errors import DatabaseRefused, UserError
from portfolio.fileio import fsync_folder

if TYPE_CHECKING:
    from portfolio.db.engine import Database

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    learners: int
    kept_as: Path | None  # where the previous portfolio went (backup or damaged file)
    moved_aside: tuple[Path, ...] = field(default=())

    def message(self) -> str:
        text = f"Restored {self.restored_from.name} ({self.learners} learner(s))."
        if self.kept_as is not None:
            text += f" The previous portfolio was kept as {self.kept_as}."
        return text


def verify_backup(backup: Path) -> None:
    """Refuse (UserError) anything that is not a healthy portfolio this version can open."""
    backup = Path(backup)
    if not backup.exists():
        raise UserError(f"{backup} does not exist; see `portfolio backups` for the list.")
    try:
        inspect_file(backup)
    except DatabaseRefused as exc:
        raise UserError(f"Cannot restore from {backup}: {exc}") from None


def restore_file(
    db_path: Path,
    backup: Path,
    *,
    backup_dir: Path | None = None,
    now: dt.datetime | None = None,
) -> RestoreResult:
    """Replace the portfolio at `db_path` with `backup`. The caller holds the instance lock and
    has closed every connection to `db_path`."""
    backup = Path(backup).absolute()
    db_path = _through_link(Path(db_path).absolute())
    _refuse_special_portfolio(db_path)
    if backup == db_path or backup.resolve() == db_path:
        raise UserError(f"{backup} is the portfolio itself; choose a backup file to restore.")
    verify_backup(backup)
    now = now or dt.datetime.now()
    folder = backup_dir or backup_dir_for(db_path)
    staged = db_path.with_name(f".{db_path.name}.restoring")
    learners = copy_checked(backup, staged)
    try:
        kept_as, moved = _keep_current(db_path, folder, now)
        os.replace(staged, db_path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            staged.unlink()
        raise
    fsync_folder(db_path.parent)
    log.info("backup restored (%d learner(s))", learners)
    return RestoreResult(backup, learners, kept_as, tuple(moved))


def _through_link(db_path: Path) -> Path:
    """The file a symlinked portfolio points to: restoring replaces that file, so the link (and
    whatever else reads the file through it) keeps seeing the portfolio. Renaming onto the link
    itself would turn it into a regular file and silently cut the linked copy off."""
    if not db_path.is_symlink():
        return db_path
    target = Path(os.path.realpath(db_path))
    if not target.is_file():
        raise UserError(
            f"Cannot restore: {db_path} is a link to {target}, which is not a file; restore "
            "to the file itself or fix the link."
        )
    return target


def _refuse_special_portfolio(db_path: Path) -> None:
    """A FIFO or device in the portfolio's place is not a damaged portfolio to move aside."""
    try:
        refuse_non_regular(db_path)
    except DatabaseRefused as exc:
        raise UserError(f"Cannot restore: {exc} Nothing was restored.") from None


def _keep_current(db_path: Path, folder: Path, now: dt.datetime) -> tuple[Path | None, list[Path]]:
    if not db_path.exists():
        return None, []
    # Read-only inspection: a damaged file (and a crash's journal) is moved aside untouched.
    try:
        inspect_file(db_path)
        healthy = True
    except DatabaseRefused:
        healthy = False
    kept: Path | None = None
    if healthy:
        kept = create_backup(db_path, "pre-restore", backup_dir=folder, now=now).path
        # A healthy closed portfolio has no live side files; drop stale empty ones.
        for side in companions(db_path):
            with contextlib.suppress(FileNotFoundError):
                if side.stat().st_size == 0:
                    side.unlink()
        if not any(side.exists() for side in companions(db_path)):
            return kept, []
    # Damaged (or with side files we must not separate from it): move it all aside, untouched.
    aside = db_path.with_name(f"{db_path.stem}-damaged-{now:%Y%m%d-%H%M%S}{db_path.suffix}")
    seq = 1
    while aside.exists():
        seq += 1
        aside = db_path.with_name(
            f"{db_path.stem}-damaged-{now:%Y%m%d-%H%M%S}-{seq}{db_path.suffix}"
        )
    moved = []
    for side in companions(db_path):
        if side.exists():
            target = aside.with_name(aside.name + side.name[len(db_path.name) :])
            os.replace(side, target)
            moved.append(target)
    os.replace(db_path, aside)
    moved.insert(0, aside)
    return (kept if healthy else aside), moved


def restore_into(
    database: Database, backup: Path, *, backup_dir: Path | None = None
) -> RestoreResult:
    """Restore while the app is running: close connections, swap, reopen (migrating if needed).

    The `database` object stays valid: its engine reconnects to the restored file.
    """
    from portfolio.db.open import prepare_file
    from portfolio.db.revisions import head_revision

    folder = backup_dir or backup_dir_for(database.path)
    verify_backup(backup)
    database.engine.dispose()
    result = restore_file(database.path, backup, backup_dir=folder)
    if prepare_file(database.path, create=False, backup_dir=folder) != head_revision():
        from portfolio.db.migrate import upgrade_to_head

        upgrade_to_head(database.engine)
    database.engine.dispose()
    return result


__all__ = ["BackupInfo", "RestoreResult", "restore_file", "restore_into", "verify_backup"]
