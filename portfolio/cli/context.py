"""What every command handler receives: paths and a lazily opened database."""

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

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()
            self._db = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None
