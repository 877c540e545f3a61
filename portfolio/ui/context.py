"""What every page, dialog and controller of the desktop app receives.

Pages never reach into each other's widgets: a mutation announces what changed on `bus.changed`
(a `portfolio.services.records.Changed`) and each page decides whether to refresh.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from portfolio.ui.tasks import TaskRunner

if TYPE_CHECKING:
    # SQLAlchemy (under portfolio.db.engine) loads when the database is first used.
    from portfolio.db import Database
    from portfolio.db.first_screen import FirstScreen
    from portfolio.services.records import LearnerRecord


class AppBus(QObject):
    """App-wide signals."""

    changed = Signal(object)  # Changed: what a mutation touched
    status = Signal(str)  # a short message for the status bar ("Saved", "3 credentials imported")
    learner_selected = Signal(object)  # int | None: the learner now shown
    files_dropped = Signal(list)  # list[pathlib.Path] dropped on the window: routed to the importer


@dataclass
class UiContext:
    database: Database
    bus: AppBus
    tasks: TaskRunner
    undo_stack: QUndoStack
    learner_id: int | None = None
    # What the first window shows, read without the ORM (portfolio.db.first_screen), while
    # `database` is not yet open; each piece is taken once (see take_first_learner).
    first_screen: FirstScreen | None = None

    def take_first_learner(self, learner_id: int) -> LearnerRecord | None:
        """The prefetched profile of `learner_id`, once, while the database is still unopened."""
        screen, self.first_screen = self.first_screen, None
        if screen is None or screen.learner is None or screen.learner.id != learner_id:
            return None
        if getattr(self.database, "is_open", True):
            return None
        return screen.learner
