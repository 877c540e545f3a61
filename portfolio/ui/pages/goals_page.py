"""Goals page: target roles, the skill gap for one of them, programs, pathways, expiry watch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QColor, QPalette, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from portfolio.errors import UserError
from portfolio.services.goal_records import (
    Coverage,
    ExpiryItem,
    GapLine,
    GapReport,
    PathwayProgress,
    ProgramSuggestion,
    RoleSummary,
)
from portfolio.services.records import Changed
from portfolio.ui import page_commands
from portfolio.ui.context import UiContext

ROLE_ID = Qt.ItemDataRole.UserRole + 1
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


class GoalsPage(QWidget):
    """Target roles, gap, suggestions, pathways and expiry for the learner shown."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.learner_id: int | None = None
        self.report: GapReport | None = None
        self.today = dt.date.today
        self._pushing = False

        # --- target roles (left) ---
        self.role_list = QListWidget()
        self.role_list.setAccessibleName("Target roles")
        self.role_list.setWordWrap(True)
        self.role_picker = QComboBox()
        self.role_picker.setEditable(True)
        self.role_picker.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.role_picker.setAccessibleName("Role to add")
        picker_edit = self.role_picker.lineEdit()
        if picker_edit is not None:
            picker_edit.setPlaceholderText("Find a role…")
        self.add_role_button = QPushButton("Add target role")
        self.remove_role_button = QPushButton("Remove")
        self.new_role_button = QPushButton("New role…")
        self.edit_role_button = QPushButton("Edit role…")
        left = QVBoxLayout()
        left.addWidget(_heading("Target roles"))
        left.addWidget(self.role_list, 1)
        left.addWidget(self.role_picker)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_role_button)
        buttons.addWidget(self.remove_role_button)
        left.addLayout(buttons)
        library = QHBoxLayout()
        library.addWidget(self.new_role_button)
        library.addWidget(self.edit_role_button)
        left.addLayout(library)
        self.expiry_list = QListWidget()
        self.expiry_list.setAccessibleName("Expiry watch")
        self.expiry_list.setMaximumHeight(150)
        self.expiry_list.setWordWrap(True)
        left.addWidget(_heading("Expiry watch"))
        left.addWidget(self.expiry_list)
        left_widget = QWidget()
        left_widget.setLayout(left)

        # --- gap (right) ---
        self.role_title = _label("", bold=True, size=1.35)
        self.role_description = _label("")
        self.role_description.setWordWrap(True)
        self.coverage_bar = QProgressBar()
        self.coverage_bar.setRange(0, 100)
        self.coverage_bar.setFormat("%p% coverage")
        self.coverage_bar.setAccessibleName("Coverage")
        self.coverage_counts = _label("")
        self.gap_model = GapTableModel(self.palette(), self)
        self.gap_table = QTableView()
        self.gap_table.setModel(self.gap_model)
        self.gap_table.setAccessibleName("Skill gap")
        self.gap_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.gap_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.gap_table.verticalHeader().hide()
        self.gap_table.setWordWrap(False)
        header = self.gap_table.horizontalHeader()
        header.setSectionResizeMode(GapTableModel.SKILL, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(GapTableModel.NEEDED, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(GapTableModel.STATUS, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        self.program_table = QTableWidget(0, 3)
        self.program_table.setHorizontalHeaderLabels(["Program", "Closes", "Length"])
        self.program_table.setAccessibleName("Suggested programs")
        self.program_table.setWordWrap(True)
        self.program_table.setAlternatingRowColors(True)
        self.program_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.program_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.program_table.verticalHeader().hide()
        program_header = self.program_table.horizontalHeader()
        program_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        program_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        program_header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        # Wrapped cells need their height recomputed whenever a column width changes.
        program_header.sectionResized.connect(lambda *_: self.program_table.resizeRowsToContents())

        self.pathway_box = QGroupBox("Pathways")
        self.pathway_layout = QGridLayout(self.pathway_box)

        self.export_button = QPushButton("Export action plan…")
        self.empty_label = _label("Choose a learner to see their goals.")

        right = QVBoxLayout()
        top = QHBoxLayout()
        top.addWidget(self.role_title, 1)
        top.addWidget(self.export_button)
        right.addLayout(top)
        right.addWidget(self.role_description)
        bar_row = QHBoxLayout()
        bar_row.addWidget(self.coverage_bar, 2)
        bar_row.addWidget(self.coverage_counts, 1)
        right.addLayout(bar_row)
        right.addWidget(self.empty_label)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.gap_table)
        lower = QWidget()
        lower_layout = QHBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        programs = QVBoxLayout()
        programs.addWidget(_heading("Programs that would close the gap"))
        programs.addWidget(self.program_table)
        lower_layout.addLayout(programs, 3)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.pathway_box)
        lower_layout.addWidget(scroll, 2)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        right.addWidget(splitter, 1)
        right_widget = QWidget()
        right_widget.setLayout(right)

        main = QSplitter(Qt.Orientation.Horizontal)
        main.addWidget(left_widget)
        main.addWidget(right_widget)
        main.setStretchFactor(1, 3)
        main.setSizes([300, 900])
        layout = QVBoxLayout(self)
        layout.addWidget(main)

        self.add_role_button.clicked.connect(self._add_picked_role)
        self.remove_role_button.clicked.connect(self._remove_selected_role)
        self.role_list.currentRowChanged.connect(lambda _row: self._show_gap())
        self.export_button.clicked.connect(self.export_plan)
        self.new_role_button.clicked.connect(self.new_role)
        self.edit_role_button.clicked.connect(self.edit_role)
        ctx.bus.changed.connect(self._on_changed)
        ctx.bus.learner_selected.connect(self.set_learner)
        self._load_role_picker()
        self.set_learner(ctx.learner_id)

    # --- loading ---

    def _load_role_picker(self) -> None:
        """Fill the role picker; the first run loads the role library and program catalog,
        which takes a moment, so it runs in the background."""
        database = self.ctx.database

        def work(progress: Any) -> list[RoleSummary]:
            from portfolio.services.programs import ensure_program_catalog
            from portfolio.services.roles import ensure_role_library, list_roles

            with database.session() as session:
                ensure_role_library(session)
                ensure_program_catalog(session)
                return list_roles(session)

        self.role_picker.setEnabled(False)
        self.ctx.tasks.submit(work, on_done=self._fill_role_picker)

    def _fill_role_picker(self, all_roles: list[RoleSummary]) -> None:
        self.role_picker.clear()
        for role in all_roles:
            self.role_picker.addItem(role.name, role.id)
        self.role_picker.setCurrentIndex(-1)
        self.role_picker.setEnabled(self.learner_id is not None)
        completer = self.role_picker.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_learner(self, learner_id: int | None) -> None:
        """Show the goals of this learner (None: nothing)."""
        self.learner_id = learner_id
        self.refresh()

    def refresh(self, select_role: int | None = None) -> None:
        from portfolio.services.expiry import expiry_watch
        from portfolio.services.pathways import pathway_progress
        from portfolio.services.roles import target_roles

        enabled = self.learner_id is not None
        for widget in (
            self.role_picker,
            self.add_role_button,
            self.remove_role_button,
            self.new_role_button,
            self.edit_role_button,
        ):
            widget.setEnabled(enabled)
        if self.learner_id is None:
            self._show_roles([])
            self._show_pathways([])
            self._show_expiry([])
            self._show_report(None)
            return
        with self.ctx.database.read_session() as session:
            roles = target_roles(session, self.learner_id)
            progress = pathway_progress(session, self.learner_id, self.today())
            watch = expiry_watch(session, self.learner_id, self.today())
        self._show_roles(roles, select=select_role)
        self._show_pathways(progress)
        self._show_expiry(watch)
        self._show_gap()

    def _show_roles(self, roles: list[RoleSummary], select: int | None = None) -> None:
        current = select if select is not None else self.current_role_id()
        self.role_list.blockSignals(True)
        self.role_list.clear()
        for role in roles:
            item = QListWidgetItem(role.name)
            item.setData(ROLE_ID, role.id)
            self.role_list.addItem(item)
        ids = [r.id for r in roles]
        self.role_list.setCurrentRow(ids.index(current) if current in ids else (0 if ids else -1))
        self.role_list.blockSignals(False)

    def current_role_id(self) -> int | None:
        item = self.role_list.currentItem()
        return int(item.data(ROLE_ID)) if item is not None else None

    def _show_gap(self) -> None:
        from portfolio.services.gap import gap_report

        role_id = self.current_role_id()
        if self.learner_id is None or role_id is None:
            self._show_report(None)
            return
        with self.ctx.database.read_session() as session:
            report = gap_report(session, self.learner_id, role_id, self.today())
        self._show_report(report)

    def _show_report(self, report: GapReport | None) -> None:
        self.report = report
        has = report is not None
        for widget in (
            self.coverage_bar,
            self.coverage_counts,
            self.gap_table,
            self.role_description,
        ):
            widget.setVisible(has)
        self.export_button.setEnabled(has)
        self.empty_label.setVisible(not has)
        if self.learner_id is None:
            self.empty_label.setText("Choose a learner to see their goals.")
        else:
            self.empty_label.setText(
                "Add a target role on the left to see which skills are covered, partly covered "
                "or missing."
            )
        self.program_table.setRowCount(0)
        if report is None:
            self.role_title.setText("Goals")
            self.gap_model.set_lines((), self.palette())
            return
        self.role_title.setText(report.role_name)
        self.role_description.setText(report.role_description)
        self.coverage_bar.setValue(round(report.score))
        covered = len(report.with_coverage(Coverage.COVERED))
        partial = len(report.with_coverage(Coverage.PARTIAL))
        missing = len(report.with_coverage(Coverage.MISSING))
        self.coverage_counts.setText(
            f"{covered} covered · {partial} partly covered · {missing} missing"
        )
        self.gap_model.set_lines(report.lines, self.palette())
        self.program_table.setRowCount(len(report.suggestions))
        for row, suggestion in enumerate(report.suggestions):
            for column, item in enumerate(_program_items(suggestion)):
                self.program_table.setItem(row, column, item)
        self.program_table.resizeRowsToContents()

    def _show_pathways(self, progress: list[PathwayProgress]) -> None:
        while self.pathway_layout.count():
            taken = self.pathway_layout.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        if not progress:
            self.pathway_layout.addWidget(_label("No pathways yet."), 0, 0)
            self.pathway_layout.setRowStretch(1, 1)
            return
        row = 0
        for pathway in progress:
            name = _label(pathway.name + (" (from stacking)" if pathway.derived else ""), bold=True)
            name.setWordWrap(True)
            self.pathway_layout.addWidget(name, row, 0)
            bar = QProgressBar()
            bar.setRange(0, 1000)
            bar.setValue(round(pathway.fraction * 1000))
            bar.setFormat(pathway.summary())
            bar.setAccessibleName(f"Progress: {pathway.name}")
            self.pathway_layout.addWidget(bar, row + 1, 0)
            left = ", ".join(f"{i.title} ({i.state})" for i in pathway.left) or "nothing"
            detail = _label(
                (f"Toward {pathway.target}\n" if pathway.target else "") + f"Left: {left}"
            )
            detail.setWordWrap(True)
            self.pathway_layout.addWidget(detail, row + 2, 0)
            row += 3
        self.pathway_layout.setRowStretch(row, 1)

    def _show_expiry(self, items: list[ExpiryItem]) -> None:
        self.expiry_list.clear()
        if not items:
            self.expiry_list.addItem("Nothing expired or expiring in the next 90 days.")
            return
        for entry in items:
            mark = "⚠ " if not entry.expired else "✗ "
            item = QListWidgetItem(f"{mark}{entry.title}\n{entry.describe()}")
            ink, _tint = status_colours(
                Coverage.MISSING if entry.expired else Coverage.PARTIAL, self.palette()
            )
            item.setForeground(ink)
            self.expiry_list.addItem(item)

    # --- actions ---

    def _add_picked_role(self) -> None:
        text = self.role_picker.currentText().strip()
        if not text or self.learner_id is None:
            return
        from portfolio.services.roles import find_role

        try:
            with self.ctx.database.read_session() as session:
                role = find_role(session, text)
        except UserError as exc:
            QMessageBox.warning(self, "Unknown role", str(exc))
            return
        self.set_target_role(role.id)
        self.role_picker.setCurrentIndex(-1)
        self.role_picker.clearEditText()

    def set_target_role(self, role_id: int) -> None:
        """Add `role_id` to the learner's target roles (undoably) and show its gap."""
        if self.learner_id is None:
            return
        with self._own_change():
            page_commands.add_target_role(self.ctx, self.learner_id, role_id)
        self.refresh(select_role=role_id)

    def _remove_selected_role(self) -> None:
        """Take the selected role off the learner's targets (undoably; the role itself stays in
        the library, so this asks nothing)."""
        role_id = self.current_role_id()
        if self.learner_id is None or role_id is None:
            return
        with self._own_change():
            page_commands.remove_target_role(self.ctx, self.learner_id, role_id)
        self.refresh()

    # Edit-menu actions of the main window (Ctrl+N, Delete).
    def add(self) -> None:
        self.role_picker.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def delete(self) -> None:
        self._remove_selected_role()

    @contextmanager
    def _own_change(self) -> Iterator[None]:
        self._pushing = True
        try:
            yield
        finally:
            self._pushing = False

    def new_role(self) -> None:
        """Define a role of one's own; it becomes a target of the learner shown."""
        from portfolio.ui.pages.role_dialog import RoleDialog

        if self.learner_id is None:
            return
        dialog = RoleDialog(self.ctx, None, self, learner_id=self.learner_id)
        try:
            with self._own_change():
                accepted = dialog.exec()
        finally:
            dialog.deleteLater()
        if accepted and dialog.role_id is not None:
            self._load_role_picker()
            self.refresh(select_role=dialog.role_id)

    def edit_role(self) -> None:
        """Edit the selected target role's name, description and skills."""
        from portfolio.services.roles import get_role
        from portfolio.ui.pages.role_dialog import RoleDialog

        role_id = self.current_role_id()
        if role_id is None or self.learner_id is None:
            return
        with self.ctx.database.read_session() as session:
            role = get_role(session, role_id)
        dialog = RoleDialog(self.ctx, role, self, learner_id=self.learner_id)
        try:
            with self._own_change():
                accepted = dialog.exec()
        finally:
            dialog.deleteLater()
        if accepted:
            self._load_role_picker()
            self.refresh(select_role=role_id)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Wrapped program names need their rows re-measured once the columns have their width.
        QTimer.singleShot(0, self.program_table.resizeRowsToContents)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self.program_table.resizeRowsToContents)

    def _on_changed(self, changed: object) -> None:
        if not isinstance(changed, Changed) or self._pushing:
            return  # our own change: shown once it is saved
        if "goals" in changed.kinds:
            self._load_role_picker()  # undo or redo may have added, removed or renamed a role
        if changed.learner_id == self.learner_id:
            self.refresh()

    def export_plan(self) -> None:
        """Ask where to save, then write the action plan in the background."""
        if self.report is None or self.learner_id is None:
            return
        report = self.report
        suggested = f"Action plan - {report.learner_name} - {report.role_name}.pdf"
        name, _filter = QFileDialog.getSaveFileName(
            self, "Export action plan", suggested, "PDF files (*.pdf)"
        )
        if not name:
            return
        path = Path(name if name.lower().endswith(".pdf") else name + ".pdf")
        learner_id, role_id, today = self.learner_id, report.role_id, self.today()
        database = self.ctx.database

        def work(progress: Any) -> Path:
            from portfolio.export.plan_pdf import build_plan, render_plan
            from portfolio.fileio import atomic_write

            with database.read_session() as session:
                document = build_plan(session, learner_id, role_id, today)
            progress.check()
            atomic_write(path, render_plan(document))
            return path

        def done(written: Path) -> None:
            self.ctx.bus.status.emit(f"Action plan saved to {written}")

        def failed(exc: BaseException) -> None:
            if isinstance(exc, UserError):
                QMessageBox.warning(self, "Could not export the action plan", str(exc))
            else:
                QMessageBox.critical(
                    self,
                    "Could not export the action plan",
                    "Something went wrong; details were written to the log file.",
                )

        self.ctx.tasks.submit(work, on_done=done, on_error=failed)


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


def _label(text: str, *, bold: bool = False, size: float = 1.0) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if bold or size != 1.0:
        font = label.font()
        font.setBold(bold)
        if size != 1.0:
            font.setPointSizeF(font.pointSizeF() * size)
        label.setFont(font)
    return label


def _heading(text: str) -> QLabel:
    return _label(text, bold=True)
