"""One engine per application, with the pragmas every connection needs."""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event
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
        # Sorts and temporary tables stay in memory, not in /var/tmp (see private_temp_storage).
        cursor.execute("PRAGMA temp_store=MEMORY")
    finally:
        cursor.close()


def _is_write_failure(exc: BaseException) -> bool:
    """SQLite's "disk is full" and "disk I/O error" (raw or wrapped by SQLAlchemy)."""
    text = str(getattr(exc, "orig", exc)).lower()
    return "full" in text or "i/o error" in text


def _on_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def make_engine(path: Path) -> Engine:
    # The path is the database name as it is: pasted into a URL string, a `?` in it would start a
    # query (`my?mode=ro.sqlite` opened `my`) and a `#` or `%` would be read as URL syntax.
    engine = create_engine(
        URL.create("sqlite", database=str(path)),
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def _read_only(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # BEGIN comes from the "begin" event, as above
    dbapi_connection.execute("PRAGMA query_only=ON")
    dbapi_connection.execute("PRAGMA temp_store=MEMORY")  # see private_temp_storage


def open_readonly(path: Path) -> Database:
    """The portfolio at `path` for reading only: no migration, and SQLite refuses every write
    (a read-only URI connection with `query_only`). For a file that passed the open-time checks
    at the head revision (`portfolio.db.open.inspect_file`); it takes no lock."""
    from portfolio.db.open import file_uri

    # Built, not parsed: a URL string would unquote the path (`%3F` back to `?`) before SQLite
    # reads it as a URI, and open another file.
    engine = create_engine(
        URL.create("sqlite", database=file_uri(path, "mode=ro"), query={"uri": "true"}),
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

            if _is_write_failure(exc):
                self.leave_clean()
            friendly = friendly_error(exc, self.path)
            if friendly is None:
                raise
            raise friendly from None

    def leave_clean(self) -> bool:
        """After a save that failed writing (disk full, I/O error), remove its journal.

        SQLite keeps the connection that failed in an error state and leaves the journal behind
        for the next opener to roll back, so the file would read as holding "an unfinished save"
        although nothing of it was kept. Closing the pooled connections and rolling the journal
        back now (which frees space, never needs more) leaves the file as before the save.
        Returns True when a journal was rolled back.
        """
        from portfolio.db.open import has_hot_journal, recover_interrupted_save

        self.engine.dispose()
        if not has_hot_journal(self.path):
            return False
        return recover_interrupted_save(self.path)

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
    # Hidden copies of the portfolio that a killed backup or restore left behind (db.leftovers).
    from portfolio.db.backup import backup_dir_for
    from portfolio.db.leftovers import remove_leftovers

    remove_leftovers(path, backup_dir or backup_dir_for(path))
    return Database(path, engine, sessionmaker(engine, expire_on_commit=False))
