"""Form building blocks: a field with its own problem line, and partial-date parsing."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialogButtonBox,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from portfolio.dates import PartialDate
from portfolio.ui.style import plain_label, set_color


class FieldBox(QWidget):
    """A form field with a message line right below it (hidden while there is no problem)."""

    def __init__(self, field: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(field)
        self.message = plain_label(wrap=True)
        self.message.setObjectName("problem")
        self.message.hide()
        layout.addWidget(self.message)
        self.setFocusProxy(field)
        # Only fields that can grow (a summary, a description) take spare height in a form.
        grows = field.sizePolicy().verticalPolicy() in (
            QSizePolicy.Policy.Expanding,
            QSizePolicy.Policy.MinimumExpanding,
        )
        fixed = field.maximumHeight() < 10_000
        self.setSizePolicy(
            QSizePolicy.Policy.Preferred,
            QSizePolicy.Policy.Expanding if grows and not fixed else QSizePolicy.Policy.Maximum,
        )

    def set_problem(self, text: str, blocking: bool = True) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        if text:
            set_color(self.message, "error" if blocking else "warning")
        name = self.field.accessibleName()
        self.field.setAccessibleDescription(text or name)

    def problem(self) -> str:
        return self.message.text() if self.message.isVisibleTo(self) else ""


def line_edit(accessible: str, placeholder: str = "", text: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    edit.setAccessibleName(accessible)
    edit.setPlaceholderText(placeholder)
    return edit


def chain_tabs(widgets: Sequence[QWidget]) -> None:
    """Tab visits `widgets` in this order. Qt appends a widget added after the form was built (a
    skill chip, a suggestion) to the end of the window's chain, behind Save and Cancel."""
    # A field in a FieldBox moves with its box (the box hands focus on to it); moving the field
    # alone would leave the box behind as a stray stop that focuses it.
    stops = [_box_of(widget) for widget in widgets]
    for before, after in pairwise(stops):
        QWidget.setTabOrder(before, after)


def _box_of(widget: QWidget) -> QWidget:
    parent = widget.parentWidget()
    return parent if isinstance(parent, FieldBox) and parent.focusProxy() is widget else widget


def box_buttons(box: QDialogButtonBox) -> list[QWidget]:
    """A button box's buttons in the order the platform lays them out (Save, Cancel or the
    reverse), which `buttons()` does not promise."""
    layout = box.layout()
    items = [layout.itemAt(i) for i in range(layout.count())] if layout is not None else []
    return [
        w for item in items if item is not None and isinstance(w := item.widget(), QAbstractButton)
    ]


DATE_HINT = "2016, Sep 2017 or 2017-09-14"


def parse_date(text: str) -> tuple[PartialDate | None, str]:
    """(date, "") or (None, problem) for a date field; blank is no date."""
    if not text.strip():
        return None, ""
    try:
        return PartialDate.parse(text), ""
    except ValueError as exc:
        return None, str(exc)[:1].upper() + str(exc)[1:]


def parse_number(text: str) -> tuple[float | None, str]:
    if not text.strip():
        return None, ""
    try:
        return float(text.strip().replace(",", ".")), ""
    except ValueError:
        return None, f"“{text.strip()[:20]}” is not a number"


class FlowLayout(QLayout):
    """Lays children out left to right, wrapping to new lines (for skill chips)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > rect.right() and line > 0:
                x, y, line = rect.x(), y + line + self._spacing, 0
            if move:
                item.setGeometry(QRect(x, y, hint.width(), hint.height()))
            x += hint.width() + self._spacing
            line = max(line, hint.height())
        return y + line - rect.y()
