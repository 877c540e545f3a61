"""One engine per application, with the pragmas every connection needs."""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from portfolio.db.lock import BUSY_TIMEOUT_MS as BUSY_TIMEOUT_MS
from portfolio.errors import StorageFull, UserError

# Rollback journal + synchronous=FULL: every commit is on disk before the call returns, and at
# rest the portfolio is one self-contained file (no -wal/-shm side files that a sync tool or a
# hand copy could separate from it). Our write volume is tiny, so WAL's speed is not needed.
JOURNAL_MODE = "DELETE"
SYNCHRONOUS = "FULL"


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself so transactions (and SAVEPOINTs) are real.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute(f"PRAGMA journal_mode={JOURNAL_MODE}")
        cursor.execute(f"PRAGMA synchronous={SYNCHRONOUS}")
        # Deleted rows are overwritten on disk, so removing a client really removes them.
        cursor.execute("PRAGMA secure_delete=ON")
    finally:
        cursor.close()


def _on_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def make_engine(path: Path) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def _read_only(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # BEGIN comes from the "begin" event, as above
    dbapi_connection.execute("PRAGMA query_only=ON")


def open_readonly(path: Path) -> Database:
    """The portfolio at `path` for reading only: no migration, and SQLite refuses every write
    (a read-only URI connection with `query_only`). For a file that passed the open-time checks
    at the head revision (`portfolio.db.open.inspect_file`); it takes no lock."""
    from urllib.parse import quote

    engine = create_engine(
        f"sqlite:///file:{quote(str(path))}?mode=ro&uri=true",
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )
    event.listen(engine, "connect", _read_only)
    event.listen(engine, "begin", _on_begin)
    return Database(path, engine, sessionmaker(engine, expire_on_commit=False))


@dataclass
class Database:
    """An open, migrated portfolio database."""

    path: Path
    engine: Engine
    session_factory: sessionmaker[Session]

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises.

        SQLite's "database is locked" and "database or disk is full" become a UserError
        (StorageFull) naming the file, raised after the rollback.
        """
        try:
            with self.session_factory.begin() as session:
                yield session
        except (OperationalError, sqlite3.OperationalError) as exc:
            from portfolio.db.lock import friendly_error

            friendly = friendly_error(exc, self.path)
            if friendly is None:
                raise
            raise friendly from None

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A session for reading only; whatever it did is rolled back at the end."""
        session = self.session_factory()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(path: Path, *, create: bool = True, backup_dir: Path | None = None) -> Database:
    """Open the portfolio at `path`, creating or upgrading it; refuse anything else.

    See `portfolio.db.open` for the checks made before anything is written.
    """
    from portfolio.db import revisions
    from portfolio.db.open import prepare_file

    try:
        revision = prepare_file(path, create=create, backup_dir=backup_dir)
    except PermissionError as exc:
        raise UserError(f"Cannot open {path}: permission denied ({exc.strerror}).") from None
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise StorageFull(f"The disk holding {path} is full; free some space.") from None
        raise UserError(f"Cannot open {path}: {exc.strerror or exc}.") from None
    engine = make_engine(path)
    if revision != revisions.head_revision():
        # Alembic is loaded only when there is something to migrate.
        from portfolio.db.migrate import upgrade_to_head

        upgrade_to_head(engine)
    return Database(path, engine, sessionmaker(engine, expire_on_commit=False))
