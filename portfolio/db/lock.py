"""One app instance per portfolio file, and SQLite's lock errors in words people understand.

The lock is an advisory `flock` on a sidecar file (`<db>.lock`) beside the database. The
operating system releases it when the process ends, however it ends (even SIGKILL or a power
cut), so a crash never leaves a stale lock that the user has to delete by hand.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from types import TracebackType

from portfolio.errors import StorageFull, UserError
from portfolio.fileio import NotRegularFile, TooLarge, read_regular

# How long a connection waits for another writer's lock before giving up (SQLite busy timeout).
# Here, with no SQLAlchemy, so read-only checks can use it without loading the ORM.
BUSY_TIMEOUT_MS = 5000


class AlreadyOpen(UserError):
    """Another Learner Portfolio process has this portfolio open."""


# Portfolios whose lock this process holds (resolved paths): a second flock from the same
# process would fail like another process's, so code that needs "no one else has it open" asks.
_HELD: set[Path] = set()


def held_here(db_path: Path) -> bool:
    """Whether this process holds the single-instance lock on `db_path`."""
    return _key(db_path) in _HELD


def _key(db_path: Path) -> Path:
    try:
        return Path(db_path).resolve()
    except OSError:
        return Path(db_path).absolute()


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def holder_pid(db_path: Path) -> int | None:
    """The process id the lock's holder wrote into the lock file, if it can be read."""
    try:
        text = read_regular(lock_path(db_path), 64).decode("ascii").strip()
    except (OSError, UnicodeDecodeError, NotRegularFile, TooLarge):
        return None
    return int(text) if text.isdigit() else None


class InstanceLock:
    """An exclusive, non-blocking lock on one portfolio file; use as a context manager."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self.path = lock_path(self.db_path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> InstanceLock:
        """Take the lock or raise AlreadyOpen naming the file; idempotent."""
        if self._fd is not None:
            return self
        if not self.db_path.parent.is_dir():
            return self  # nothing to protect yet; opening will report the missing folder
        if self.db_path.exists() and not self.db_path.is_file():
            return self  # a folder, FIFO or device: the opener refuses it; no lock file beside it
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            # A read-only folder cannot hold a lock file; SQLite's own locking still applies.
            return self
        if not _try_lock(fd):
            os.close(fd)
            holder = holder_pid(self.db_path)
            process = f" (process {holder})" if holder else ""
            raise AlreadyOpen(
                f"{self.db_path} is already open in another Learner Portfolio window or "
                f"command{process}; nothing was changed. Close it there (or wait for the command "
                "to finish), then try again."
            )
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        _HELD.add(_key(self.db_path))
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        _HELD.discard(_key(self.db_path))
        _unlock(fd)
        os.close(fd)

    def __enter__(self) -> InstanceLock:
        return self.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


try:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

except ImportError:  # Windows
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]


def friendly_error(exc: BaseException, db_path: Path | None = None) -> UserError | None:
    """A UserError for SQLite's errors that are the environment's doing (raw or wrapped by
    SQLAlchemy), told apart by SQLite's primary result code: busy or locked, read-only, full,
    an input/output error. None for anything else (a bug)."""
    original = getattr(exc, "orig", exc)
    if not isinstance(original, sqlite3.OperationalError):
        return None
    code = (getattr(original, "sqlite_errorcode", None) or 0) & 0xFF
    where = str(db_path) if db_path is not None else "The portfolio"
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return UserError(
            f"{where} is busy: another program is writing to it. Nothing was saved; wait a "
            "moment and try again."
        )
    if code == sqlite3.SQLITE_READONLY:
        return UserError(
            f"{where} cannot be written: the file or its folder is read-only. Nothing was saved."
        )
    if code == sqlite3.SQLITE_FULL:
        return StorageFull(
            f"{where} cannot grow: the disk is full. Nothing was saved; free some space and "
            "try again."
        )
    if code == sqlite3.SQLITE_IOERR:
        return UserError(
            f"{where} could not be written: the disk reported an input/output error (it may be "
            "full, over a size limit, or failing). Nothing was saved."
        )
    return None
    text = str(original).lower()
    where = str(db_path) if db_path is not None else "The portfolio"
    if "locked" in text or "busy" in text:
        return UserError(
            f"{where} is busy: another program is writing to it. Nothing was saved; wait a "
            "moment and try again."
        )
    if (getattr(original, "sqlite_errorcode", 0) & 0xFF) == sqlite3.SQLITE_READONLY:
        return UserError(
            f"{where} cannot be written: the file or its folder is read-only. Nothing was saved."
        )
    if "disk is full" in text or "database or disk is full" in text:
        return StorageFull(
            f"{where} cannot grow: the disk is full. Nothing was saved; free some space and "
            "try again."
        )
    return None
