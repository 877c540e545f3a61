"""A portfolio database opened on first use, so the GUI's first window paints without SQLAlchemy.

`run_gui` hands the window a LazyDatabase when the file passed the stdlib checks and is at the
head revision; the first screen is read with `portfolio.db.first_screen`, and the real
`Database` (engine, mappers) is opened by the first `session()` / `read_session()`, or by
`open()` right after the first paint.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from portfolio.db.engine import Database


class LazyDatabase:
    """Stands in for `Database` (same attributes and methods) until it is first used."""

    def __init__(self, path: Path, opener: Callable[[], Database]) -> None:
        self.path = path
        self._opener = opener
        self._db: Database | None = None

    @property
    def is_open(self) -> bool:
        return self._db is not None

    def open(self) -> Database:
        if self._db is None:
            self._db = self._opener()
        return self._db

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
