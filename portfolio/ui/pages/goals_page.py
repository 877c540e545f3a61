"""Goals page: target roles, the skill gap for one of them, programs, pathways, expiry watch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from portfolio.errors import UserError
from portfolio.services.expiry_rules import ExpiryItem
from portfolio.services.goal_records import (
    GapReport,
    PathwayProgress,
    RoleSummary,
)
from portfolio.services.records import Changed, Kind
from portfolio.ui import commands_goals
from portfolio.ui.context import UiContext
from portfolio.ui.export_files import ExportedBar, ask_save_path, export_file_name
from portfolio.ui.widgets.goals_widgets import (
    ExpiryWatch,
    GapTable,
    GapTableModel,
    PathwayList,
    ProgramTable,
    heading,
    plain_label,
)

ROLE_ID = Qt.ItemDataRole.UserRole + 1


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
            picker_edit.returnPressed.connect(self._add_picked_role)  # Enter adds, as the button
        self.add_role_button = QPushButton("Add target role")
        self.remove_role_button = QPushButton("Remove")
        self.new_role_button = QPushButton("New role…")
        self.edit_role_button = QPushButton("Edit role…")
        left = QVBoxLayout()
        left.addWidget(heading("Target roles"))
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
        self.expiry_list = ExpiryWatch()
        left.addWidget(heading("Expiry watch"))
        left.addWidget(self.expiry_list)
        left_widget = QWidget()
        left_widget.setLayout(left)

        # --- gap (right) ---
        self.role_title = plain_label("", bold=True, size=1.35)
        self.role_description = plain_label("")
        self.role_description.setWordWrap(True)
        # The figure is a label beside the bar, not the bar's own text: drawn inside the bar it
        # straddles the filled edge (dark on the accent colour) and some styles clip it.
        self.coverage_figure = plain_label("", bold=True, size=1.15)
        self.coverage_bar = QProgressBar()
        self.coverage_bar.setRange(0, 100)
        self.coverage_bar.setTextVisible(False)
        self.coverage_bar.setMaximumHeight(self.coverage_bar.fontMetrics().height())
        self.coverage_bar.setAccessibleName("Coverage")
        self.coverage_bar.setToolTip(
            "An essential skill counts twice as much as an optional one; a partly covered skill "
            "counts half"
        )
        self.coverage_counts = plain_label("")
        self.coverage_rule = plain_label("")
        self.coverage_rule.setWordWrap(True)
        self.gap_model = GapTableModel(self.palette(), self)
        self.gap_table = GapTable(self.gap_model)

        self.program_table = ProgramTable()

        self.pathway_box = PathwayList()

        self.export_button = QPushButton("Export action plan…")
        self.exported = ExportedBar()
        self.empty_label = plain_label("Choose a learner to see their goals.")

        right = QVBoxLayout()
        top = QHBoxLayout()
        top.addWidget(self.role_title, 1)
        top.addWidget(self.export_button)
        right.addLayout(top)
        right.addWidget(self.exported)
        right.addWidget(self.role_description)
        bar_row = QHBoxLayout()
        bar_row.addWidget(self.coverage_figure)
        bar_row.addWidget(self.coverage_bar, 2)
        bar_row.addWidget(self.coverage_counts, 1)
        right.addLayout(bar_row)
        right.addWidget(self.coverage_rule)
        right.addWidget(self.empty_label)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.gap_table)
        lower = QWidget()
        lower_layout = QHBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        programs = QVBoxLayout()
        programs.addWidget(heading("Programs that would close the gap"))
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
        self._load_role_picker()
        self.set_learner(ctx.learner_id)

    # --- loading ---

    def _load_role_picker(self) -> None:
        """Fill the role picker; the first run loads the role library and program catalog,
        which takes a moment, so it runs in the background."""
        database = self.ctx.database

        def work(progress: Any) -> list[RoleSummary]:
            from portfolio.services.roles import list_roles
            from portfolio.ui.role_library import ensure_library

            ensure_library(database)
            with database.read_session() as session:
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
            # A list of every role containing the typed words (a combo box completes inline,
            # from the first letter only, by default).
            completer.setCompletionMode(completer.CompletionMode.PopupCompletion)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_learner(self, learner_id: int | None) -> None:
        """Show the goals of this learner (None: nothing)."""
        self.learner_id = learner_id
        self.exported.hide()
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
            self.coverage_figure,
            self.coverage_bar,
            self.coverage_counts,
            self.coverage_rule,
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
        self.coverage_figure.setText(report.coverage_headline())
        self.coverage_bar.setValue(round(report.score))
        self.coverage_bar.setAccessibleDescription(report.coverage_headline())
        self.coverage_counts.setText(report.coverage_counts())
        self.coverage_rule.setText(report.coverage_rule())
        self.gap_model.set_lines(report.lines, self.palette())
        self.program_table.show_suggestions(report.suggestions)

    def _show_pathways(self, progress: list[PathwayProgress]) -> None:
        self.pathway_box.show_progress(progress)

    def _show_expiry(self, items: list[ExpiryItem]) -> None:
        self.expiry_list.show_items(items, self.palette())

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
        completer = self.role_picker.completer()
        popup = completer.popup() if completer is not None else None
        if popup is not None:
            popup.hide()
        self._clear_role_picker()
        # After Enter the completer still writes its highlighted role back; clear again after it.
        QTimer.singleShot(0, self.role_picker, self._clear_role_picker)

    def _clear_role_picker(self) -> None:
        self.role_picker.setCurrentIndex(-1)
        self.role_picker.clearEditText()

    def set_target_role(self, role_id: int) -> None:
        """Add `role_id` to the learner's target roles (undoably) and show its gap."""
        if self.learner_id is None:
            return
        with self._own_change():
            commands_goals.add_target_role(self.ctx, self.learner_id, role_id)
        self.refresh(select_role=role_id)

    def _remove_selected_role(self) -> None:
        """Take the selected role off the learner's targets (undoably; the role itself stays in
        the library, so this asks nothing)."""
        role_id = self.current_role_id()
        if self.learner_id is None or role_id is None:
            return
        with self._own_change():
            commands_goals.remove_target_role(self.ctx, self.learner_id, role_id)
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
        if Kind.GOALS in changed.kinds:
            self._load_role_picker()  # undo or redo may have added, removed or renamed a role
        if changed.learner_id in (None, self.learner_id):  # None: any learner (a restore)
            self.refresh()

    def export_plan(self) -> None:
        """Ask where to save, then write the action plan in the background."""
        if self.report is None or self.learner_id is None:
            return
        report = self.report
        suggested = export_file_name(report.learner_name, "Action plan", report.role_name)
        path = ask_save_path(self, "Export action plan", suggested)
        if path is None:
            return
        self.exported.hide()
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
            self.exported.show_file(written)

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
