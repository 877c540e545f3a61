"""A portfolio database opened on first use, so the GUI's first window paints without SQLAlchemy.

`run_gui` hands the window a LazyDatabase when the file passed the stdlib checks
(`portfolio.db.open.inspect_file`) and is at the head revision. While it is unopened, the pages
that can read with stdlib sqlite3 do so through `read_unopened` (`portfolio.db.first_screen`);
the real `Database` (engine, mappers) is opened by the first `session()` / `read_session()`, or
by `open()` right after the first paint, whichever comes first, on whichever thread.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from portfolio.db.stdlib_read import snapshot

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from portfolio.db.engine import Database

T = TypeVar("T")


class LazyDatabase:
    """Stands in for `Database` (same attributes and methods) until it is first used."""

    def __init__(
        self,
        path: Path,
        opener: Callable[[], Database],
        on_open: Callable[[Database], object] | None = None,
    ) -> None:
        self.path = path
        self._opener = opener
        self._on_open = on_open
        self._db: Database | None = None
        self._lock = threading.Lock()

    @property
    def is_open(self) -> bool:
        return self._db is not None

    def open(self) -> Database:
        """The real database, opened once (thread-safe); `on_open` runs right after."""
        with self._lock:
            if self._db is None:
                db = self._opener()
                if self._on_open is not None:
                    self._on_open(db)
                self._db = db
            return self._db

    def read_unopened(self, reader: Callable[[sqlite3.Connection], T]) -> T | None:
        """`reader` over one stdlib snapshot while the database is unopened; None once it is
        open, and from then on every read goes through the services."""
        if self._db is not None:
            return None
        return snapshot(self.path, reader)

    @property
    def engine(self) -> Engine:
        return self.open().engine

    @property
    def session_factory(self) -> sessionmaker[Session]:
        return self.open().session_factory

    def session(self) -> AbstractContextManager[Session]:
        return self.open().session()

    def read_session(self) -> AbstractContextManager[Session]:
        return self.open().read_session()

    def dispose(self) -> None:
        if self._db is not None:
            self._db.dispose()
