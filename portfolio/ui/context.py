"""What every page, dialog and controller of the desktop app receives.

Pages never reach into each other's widgets: a mutation announces what changed on `bus.changed`
(a `portfolio.services.records.Changed`) and each page decides whether to refresh.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from portfolio.ui.tasks import TaskRunner

if TYPE_CHECKING:
    import sqlite3

    # SQLAlchemy (under portfolio.db.engine) loads when the database is first used.
    from portfolio.db import Database

T = TypeVar("T")


class AppBus(QObject):
    """App-wide signals."""

    changed = Signal(object)  # Changed: what a mutation touched
    status = Signal(str)  # a short message for the status bar ("Saved", "3 credentials imported")
    learner_selected = Signal(object)  # int | None: the learner now shown
    files_dropped = Signal(list)  # list[pathlib.Path] dropped on the window: routed to the importer


@dataclass
class UiContext:
    # A Database, or the app's LazyDatabase standing in for it until first used (same methods).
    database: Database
    bus: AppBus
    tasks: TaskRunner
    undo_stack: QUndoStack
    learner_id: int | None = None

    def read_unopened(self, reader: Callable[[sqlite3.Connection], T]) -> T | None:
        """`reader` over stdlib sqlite3 while the database is still unopened (the first window
        paints without the ORM, see portfolio.db.first_screen); None once it is open or when it
        was opened from the start: read through the services then."""
        read = getattr(self.database, "read_unopened", None)
        return None if read is None else read(reader)
