"""What every command handler receives: paths and a lazily opened database.

One rule for a portfolio that is open elsewhere (the desktop app, or another command holding the
single-instance lock): commands that only read (`read_database`) open the file read-only,
without the lock, and work alongside it; commands that write (`database`) refuse at once with
AlreadyOpen, naming the process that has it, and change nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from portfolio.db.lock import InstanceLock
from portfolio.paths import AppPaths

if TYPE_CHECKING:
    # SQLAlchemy (under portfolio.db) is loaded when a command first opens the database.
    from portfolio.db import Database


@dataclass
class CliContext:
    paths: AppPaths
    db_path: Path
    _db: Database | None = field(default=None, init=False)
    _lock: InstanceLock | None = field(default=None, init=False)
    _reader: Database | None = field(default=None, init=False)

    @property
    def backup_dir(self) -> Path:
        return self.paths.backup_dir(self.db_path)

    def lock(self) -> InstanceLock:
        """Hold the single-instance lock on the database file until close() (AlreadyOpen)."""
        if self._lock is None:
            self._lock = InstanceLock(self.db_path).acquire()
        return self._lock

    def database(self, *, create: bool = True) -> Database:
        """Open (creating or migrating) the portfolio database on first use, under the lock."""
        if self._db is None:
            from portfolio.db import open_database

            self.lock()
            self._db = open_database(self.db_path, create=create, backup_dir=self.backup_dir)
        return self._db

    def read_database(self, *, create: bool = True) -> Database:
        """The portfolio for reading only: never locked, migrated or written to.

        A healthy file at the newest schema opens read-only as it is (also while the app has it
        open). Anything else (missing, refused, needing an upgrade or holding an interrupted
        save) goes the full way through `database`, which creates, upgrades or refuses it with
        its usual words; the app cannot have such a file open, since it upgrades on opening.
        """
        if self._db is not None:
            return self._db
        if self._reader is None:
            if not is_current_portfolio(self.db_path):
                return self.database(create=create)
            from portfolio.db.engine import open_readonly

            self._reader = open_readonly(self.db_path)
        return self._reader

    def close(self) -> None:
        if self._reader is not None:
            self._reader.dispose()
            self._reader = None
        if self._db is not None:
            self._db.dispose()
            self._db = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def is_current_portfolio(path: Path) -> bool:
    """True when `path` passes the open-time checks and is at the newest schema revision."""
    from portfolio.db.open import inspect_file
    from portfolio.db.revisions import head_revision
    from portfolio.errors import DatabaseRefused

    if not path.is_file():
        return False
    try:
        state = inspect_file(path)
    except DatabaseRefused:
        return False
    return state.revision == head_revision()
