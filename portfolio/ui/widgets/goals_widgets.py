"""Widgets of the Goals page: the skill gap table, the programs that would close the gap, the
pathway list and the expiry watch. Each is filled with records; none reads the database."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from portfolio.services.expiry_rules import ExpiryItem
from portfolio.services.goal_records import (
    Coverage,
    GapLine,
    PathwayProgress,
    ProgramSuggestion,
)

SORT_ROLE = Qt.ItemDataRole.UserRole + 2

# Covered / partly covered / missing: a word and a symbol as well as a colour, so the table reads
# in both palettes and for people who do not tell red from green.
STATUS_TEXT = {
    Coverage.COVERED: "✓ Covered",
    Coverage.PARTIAL: "◐ Partly covered",
    Coverage.MISSING: "✗ Missing",
}
_LIGHT = {
    Coverage.COVERED: ("#1e6b3c", "#e3f3e8"),
    Coverage.PARTIAL: ("#7a4f00", "#fbf0d4"),
    Coverage.MISSING: ("#a3221b", "#fbe6e4"),
}
_DARK = {
    Coverage.COVERED: ("#9be3b4", "#1f3a2a"),
    Coverage.PARTIAL: ("#f5d58a", "#3d3219"),
    Coverage.MISSING: ("#ffb4ab", "#452220"),
}


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def status_colours(coverage: Coverage, palette: QPalette) -> tuple[QColor, QColor]:
    """(text, background) for a coverage state in this palette."""
    ink, tint = (_DARK if is_dark(palette) else _LIGHT)[coverage]
    return QColor(ink), QColor(tint)


class GapTableModel(QAbstractTableModel):
    SKILL, NEEDED, STATUS, EVIDENCE = range(4)
    HEADERS = ("Skill", "Needed", "Status", "Evidence")

    def __init__(self, palette: QPalette, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lines: list[GapLine] = []
        self._palette = palette

    def set_lines(self, lines: tuple[GapLine, ...], palette: QPalette) -> None:
        self.beginResetModel()
        self._lines = list(lines)
        self._palette = palette
        self.endResetModel()

    def line(self, row: int) -> GapLine:
        return self._lines[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        line = self._lines[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.SKILL:
                return line.label
            if column == self.NEEDED:
                return f"{line.importance.value} · {line.min_level.value}"
            if column == self.STATUS:
                text = STATUS_TEXT[line.coverage]
                return f"{text} ({line.reason})" if line.coverage == Coverage.PARTIAL else text
            if column == self.EVIDENCE:
                if not line.evidence:
                    return "—"
                first = line.evidence[0].describe()
                more = len(line.evidence) - 1
                return f"{first} (+{more} more)" if more else first
        if role == Qt.ItemDataRole.ToolTipRole and column == self.EVIDENCE and line.evidence:
            return "\n".join(e.describe() for e in line.evidence)
        if column == self.STATUS and role in (
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.BackgroundRole,
        ):
            ink, tint = status_colours(line.coverage, self._palette)
            return ink if role == Qt.ItemDataRole.ForegroundRole else tint
        if role == SORT_ROLE:
            return (line.coverage != Coverage.COVERED, line.importance.value, line.label)
        return None


class GapTable(QTableView):
    """The skill gap of one role: skill, level needed, status and evidence."""

    def __init__(self, model: GapTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setAccessibleName("Skill gap")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(GapTableModel.SKILL, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(GapTableModel.NEEDED, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(GapTableModel.STATUS, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)


class ProgramTable(QTableWidget):
    """Programs that would close the gap: name and provider, skills they close, length."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.setHorizontalHeaderLabels(["Program", "Closes", "Length"])
        self.setAccessibleName("Suggested programs")
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().hide()
        program_header = self.horizontalHeader()
        program_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        program_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        program_header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        # Wrapped cells need their height recomputed whenever a column width changes.
        program_header.sectionResized.connect(lambda *_: self.resizeRowsToContents())

    def show_suggestions(self, suggestions: Sequence[ProgramSuggestion]) -> None:
        self.setRowCount(len(suggestions))
        for row, suggestion in enumerate(suggestions):
            for column, item in enumerate(_program_items(suggestion)):
                self.setItem(row, column, item)
        self.resizeRowsToContents()


class PathwayList(QGroupBox):
    """Progress along each pathway: a name, a bar and what is left."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Pathways", parent)
        self.grid = QGridLayout(self)

    def show_progress(self, progress: Sequence[PathwayProgress]) -> None:
        while self.grid.count():
            taken = self.grid.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        if not progress:
            self.grid.addWidget(plain_label("No pathways yet."), 0, 0)
            self.grid.setRowStretch(1, 1)
            return
        row = 0
        for pathway in progress:
            name = plain_label(
                pathway.name + (" (from stacking)" if pathway.derived else ""), bold=True
            )
            name.setWordWrap(True)
            self.grid.addWidget(name, row, 0)
            bar = QProgressBar()
            bar.setRange(0, 1000)
            bar.setValue(round(pathway.fraction * 1000))
            # The words go beside the bar: drawn inside, they straddle the filled edge.
            bar.setTextVisible(False)
            bar.setMaximumHeight(bar.fontMetrics().height())
            bar.setAccessibleName(f"Progress: {pathway.name}")
            bar.setAccessibleDescription(pathway.summary())
            line = QWidget()  # one widget, so clearing the grid deletes the bar and words too
            line_layout = QHBoxLayout(line)
            line_layout.setContentsMargins(0, 0, 0, 0)
            line_layout.addWidget(bar, 1)
            line_layout.addWidget(plain_label(pathway.summary()))
            self.grid.addWidget(line, row + 1, 0)
            left = ", ".join(f"{i.title} ({i.state})" for i in pathway.left) or "nothing"
            detail = plain_label(
                (f"Toward {pathway.target}\n" if pathway.target else "") + f"Left: {left}"
            )
            detail.setWordWrap(True)
            self.grid.addWidget(detail, row + 2, 0)
            row += 3
        self.grid.setRowStretch(row, 1)


class ExpiryWatch(QListWidget):
    """Credentials expired or expiring in the next 90 days, marked in the status colours."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Expiry watch")
        self.setMaximumHeight(150)
        self.setWordWrap(True)

    def show_items(self, items: Sequence[ExpiryItem], palette: QPalette) -> None:
        self.clear()
        if not items:
            self.addItem("Nothing expired or expiring in the next 90 days.")
            return
        for entry in items:
            mark = "⚠ " if not entry.expired else "✗ "
            item = QListWidgetItem(f"{mark}{entry.title}\n{entry.describe()}")
            ink, _tint = status_colours(
                Coverage.MISSING if entry.expired else Coverage.PARTIAL, palette
            )
            item.setForeground(ink)
            self.addItem(item)


def _program_items(suggestion: ProgramSuggestion) -> list[QTableWidgetItem]:
    program = suggestion.program
    if program.duration_text:
        length = program.duration_text
    elif program.duration_weeks:
        length = f"{program.duration_weeks:g} weeks"
    else:
        length = "not known"
    name = program.name + (f"\n{program.provider_line}" if program.provider_line else "")
    cells = [QTableWidgetItem(name), QTableWidgetItem(", ".join(suggestion.closes))]
    cells.append(QTableWidgetItem(length))
    for cell in cells:
        cell.setToolTip(program.description or program.name)
        cell.setTextAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    return cells


def plain_label(text: str, *, bold: bool = False, size: float = 1.0) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if bold or size != 1.0:
        font = label.font()
        font.setBold(bold)
        if size != 1.0:
            font.setPointSizeF(font.pointSizeF() * size)
        label.setFont(font)
    return label


def heading(text: str) -> QLabel:
    return plain_label(text, bold=True)
