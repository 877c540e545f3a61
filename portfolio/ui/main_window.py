"""Main window (first cut: the learner list; the full window lands with the desktop-app issue)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QListWidget, QMainWindow

from portfolio import APP_NAME
from portfolio.db import Database
from portfolio.services.learners import find_learner, list_learners


class MainWindow(QMainWindow):
    first_paint = Signal()

    def __init__(self, database: Database, initial_learner: str | None = None) -> None:
        super().__init__()
        self._painted = False
        self.setWindowTitle(APP_NAME)
        self.resize(1100, 720)
        self.learner_list = QListWidget()
        self.setCentralWidget(self.learner_list)
        with database.read_session() as session:
            for learner in list_learners(session):
                self.learner_list.addItem(learner.name)
            if initial_learner:
                chosen = find_learner(session, initial_learner)
                self.learner_list.setCurrentRow(
                    [s.name for s in list_learners(session)].index(chosen.name)
                )

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_paint.emit()
