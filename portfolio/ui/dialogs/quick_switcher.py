"""Ctrl+K: type part of a learner's name, press Enter."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from portfolio.services.expiry import ExpiryCount
from portfolio.services.records import LearnerSummary
from portfolio.text import fold
from portfolio.ui.expiry_marker import ICON_SIZE, blank_icon, expiry_icon, expiry_text


class QuickSwitcher(QDialog):
    def __init__(
        self,
        learners: list[LearnerSummary],
        parent: QWidget | None = None,
        expiring: dict[int, ExpiryCount] | None = None,
    ) -> None:
        super().__init__(parent)
        self._expiring = expiring or {}
        self.setWindowTitle("Go to learner")
        self.resize(420, 360)
        self.chosen: int | None = None
        self._learners = learners
        self.query = QLineEdit()
        self.query.setPlaceholderText("Type a name…")
        self.query.setAccessibleName("Learner name")
        self.list = QListWidget()
        self.list.setAccessibleName("Matching learners")
        self.list.setIconSize(QSize(ICON_SIZE, ICON_SIZE))
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.list)
        self.query.textChanged.connect(self._filter)
        self.query.returnPressed.connect(self._choose)
        self.list.itemActivated.connect(lambda _item: self._choose())
        self.query.installEventFilter(self)
        self._filter("")

    def _filter(self, text: str) -> None:
        key = fold(text)
        self.list.clear()
        blank = blank_icon()
        for learner in self._learners:
            if key in fold(learner.name):
                text = f"{learner.name}  ·  {learner.credential_count} credentials"
                flag = self._expiring.get(learner.id)
                item = QListWidgetItem(text + (f"  ·  {flag.describe()}" if flag else ""))
                item.setIcon(expiry_icon(flag) if flag else blank)
                if flag is not None:
                    item.setToolTip(f"{learner.name}: {expiry_text(flag)}")
                item.setData(Qt.ItemDataRole.UserRole, learner.id)
                self.list.addItem(item)
        self.list.setCurrentRow(0)

    def eventFilter(self, obj: object, event: object) -> bool:
        from PySide6.QtCore import QEvent
        from PySide6.QtGui import QKeyEvent

        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up)
        ):
            step = 1 if event.key() == Qt.Key.Key_Down else -1
            row = max(0, min(self.list.count() - 1, self.list.currentRow() + step))
            self.list.setCurrentRow(row)
            return True
        return False

    def _choose(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.chosen = int(item.data(Qt.ItemDataRole.UserRole))
            self.accept()
