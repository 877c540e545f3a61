"""Where the application keeps its files.

Everything is derived from one `AppPaths` value so tests and portable installs can point the whole
application somewhere else (`PORTFOLIO_HOME`), and a single database can be chosen with `--db` or
`PORTFOLIO_DB`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from portfolio import APP_ID

DB_FILENAME = "portfolio.sqlite"


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    log_dir: Path

    @classmethod
    def from_environment(cls) -> AppPaths:
        home = os.environ.get("PORTFOLIO_HOME")
        if home:
            base = Path(home).expanduser()
            return cls(data_dir=base, log_dir=base / "logs")
        return cls(
            data_dir=Path(platformdirs.user_data_dir(APP_ID, appauthor=False)),
            log_dir=Path(platformdirs.user_log_dir(APP_ID, appauthor=False)),
        )

    @property
    def default_db(self) -> Path:
        return self.data_dir / DB_FILENAME

    def resolve_db(self, cli_value: str | os.PathLike[str] | None = None) -> Path:
        """The database to use: `--db`, else `PORTFOLIO_DB`, else the default in the data folder."""
        chosen = cli_value or os.environ.get("PORTFOLIO_DB")
        return Path(chosen).expanduser().absolute() if chosen else self.default_db

    def backup_dir(self, db_path: Path) -> Path:
        """Backups of the default database live in the data folder; others beside their file."""
        if db_path.absolute() == self.default_db.absolute():
            return self.data_dir / "backups"
        return db_path.parent / f"{db_path.stem}-backups"


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and parents) readable only by the user: mode 0700."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path
