"""What every page, dialog and controller of the desktop app receives.

Pages never reach into each other's widgets: a mutation announces what changed on `bus.changed`
(a `portfolio.services.records.Changed`) and each page decides whether to refresh.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from portfolio.db import Database
from portfolio.ui.tasks import TaskRunner


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
