"""What every command handler receives: paths and a lazily opened database."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from portfolio.db import Database, open_database
from portfolio.paths import AppPaths


@dataclass
class CliContext:
    paths: AppPaths
    db_path: Path
    _db: Database | None = field(default=None, init=False)

    def database(self, *, create: bool = True) -> Database:
        """Open (creating or migrating) the portfolio database on first use."""
        if self._db is None:
            self._db = open_database(
                self.db_path, create=create, backup_dir=self.paths.backup_dir(self.db_path)
            )
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()
            self._db = None
