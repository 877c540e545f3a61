"""Hidden copies left by a backup or restore that was killed (SIGKILL, power cut) half-way.

A backup is written to `.<backup name>.<random>.partial` in the backup folder and a restore
stages the backup as `.<portfolio name>.restoring` (itself written through a `.partial`) beside
the portfolio. Each is a full copy of the portfolio: left behind, a learner deleted since would
survive in it. They are removed when the portfolio is next opened and whenever backups rotate.

Only our own names are touched: a partial whose name is a backup name of *this* portfolio in
*its* backup folder, and this portfolio's own `.restoring` files beside it; only regular files
(never a link); and only while no other process holds the portfolio's lock (another window may be
writing that very copy).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import stat
import time
from pathlib import Path

from portfolio.db.lock import AlreadyOpen, InstanceLock, held_here

log = logging.getLogger(__name__)

# tempfile.mkstemp's random part: 8 characters of [a-z0-9_].
_PARTIAL = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.partial$")
# A live backup or restore is being written continuously; one untouched this long is a leftover.
STALE_AFTER = dt.timedelta(minutes=10)


def leftover_copies(db_path: Path, backup_dir: Path) -> list[Path]:
    """The leftover hidden copies of `db_path` (see the module docstring), oldest first."""
    from portfolio.db.backup import _NAME

    db_path = Path(db_path)
    found: list[Path] = []
    for entry in _entries(backup_dir):
        match = _PARTIAL.match(entry.name)
        named = _NAME.match(match["name"]) if match else None
        if named and named["stem"] == db_path.stem:
            found.append(entry)
    restoring = f".{db_path.name}.restoring"
    for entry in _entries(db_path.parent):
        match = _PARTIAL.match(entry.name)
        if entry.name == restoring or (match and match["name"] == restoring):
            found.append(entry)
    return [path for path in found if _is_regular(path)]


def remove_leftovers(
    db_path: Path, backup_dir: Path, *, older_than: dt.timedelta | None = None
) -> list[Path]:
    """Delete the leftover copies of `db_path` (those untouched for `older_than`, if given);
    return what was deleted. Does nothing while another process holds the portfolio's lock."""
    candidates = leftover_copies(db_path, backup_dir)
    if older_than is not None:
        cutoff = time.time() - older_than.total_seconds()
        candidates = [p for p in candidates if _mtime(p) < cutoff]
    if not candidates:
        return []
    if held_here(db_path):
        return _delete(candidates)
    lock = InstanceLock(db_path)
    try:
        lock.acquire()
    except AlreadyOpen:
        return []  # another window or command may be writing one of them right now
    try:
        # No lock file could be made (a read-only folder): we cannot know, so leave them.
        return _delete(candidates) if lock.held else []
    finally:
        lock.release()


def _delete(paths: list[Path]) -> list[Path]:
    removed = []
    for path in paths:
        with contextlib.suppress(FileNotFoundError, PermissionError):
            path.unlink()
            removed.append(path)
    if removed:
        log.info("removed %d leftover copy or copies of an interrupted backup", len(removed))
    return removed


def _entries(folder: Path) -> list[Path]:
    try:
        return sorted(Path(folder).iterdir())
    except OSError:
        return []


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _mtime(path: Path) -> float:
    try:
        return os.lstat(path).st_mtime
    except OSError:
        return time.time()
