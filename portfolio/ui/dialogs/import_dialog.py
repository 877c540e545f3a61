"""The import preview: what will be added, which duplicates are skipped or merged, into whom.

Reading the files and planning run through `ctx.tasks` (off the UI thread); OK applies the plan in
one transaction, then announces what changed on `ctx.bus.changed` and a summary on
`ctx.bus.status` ("3 credential(s) imported ..."). Every user text is shown as plain text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from portfolio.db.backup import backup_before
from portfolio.errors import UserError
from portfolio.importers.detect import read_paths
from portfolio.services.import_apply import apply_import
from portfolio.services.import_service import MERGE, NEW, SKIP, ImportPlan, plan_import
from portfolio.services.learners import list_learners
from portfolio.services.records import Changed, Kind
from portfolio.ui.context import UiContext

COL_ACTION, COL_KIND, COL_TITLE, COL_DETAIL, COL_SOURCE = range(5)
NEW_LEARNER = -1
_ACTION_TEXT = {NEW: "Add", SKIP: "Skip (duplicate)", MERGE: "Merge into existing"}


class ImportDialog(QDialog):
    """Preview and confirm an import of `paths`."""

    def __init__(self, ctx: UiContext, paths: list[Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.paths = [Path(p) for p in paths]
        self.bundles: list[Any] = []
        self.plan: ImportPlan | None = None
        self.summary: Any = None
        self.error: str = ""
        self.setWindowTitle("Import")
        self.resize(860, 520)

        self.heading = QLabel("Reading " + ", ".join(p.name for p in self.paths) + "…")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.learner_combo = QComboBox()
        self.learner_combo.setAccessibleName("Import into learner")
        self.new_name = QLineEdit()
        self.new_name.setAccessibleName("Name of the new learner")
        self.new_name.setPlaceholderText("Name of the new learner")
        target_row = QHBoxLayout()
        target_label = QLabel("Import into:")
        target_row.addWidget(target_label)
        target_row.addWidget(self.learner_combo, 1)
        target_row.addWidget(self.new_name, 1)

        self.table = QTableWidget(0, 5)
        self.table.setAccessibleName("Items to import")
        self.table.setHorizontalHeaderLabels(["Action", "Kind", "Title", "Details", "From file"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        for col in (COL_ACTION, COL_KIND, COL_DETAIL, COL_SOURCE):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.notes = QListWidget()
        self.notes.setAccessibleName("Import notes")
        self.notes.setMaximumHeight(110)
        self.counts = QLabel("")
        self.counts.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label = QLabel("")
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.hide()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Import")
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(target_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.counts)
        notes_label = QLabel("Notes")
        layout.addWidget(notes_label)
        layout.addWidget(self.notes)
        layout.addWidget(self.error_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)

        self.learner_combo.currentIndexChanged.connect(self._target_changed)
        self.ctx.tasks.submit(self._read, self._read_done, self._failed)

    # -- background steps -------------------------------------------------------------------
    def _read(self, progress: Any) -> tuple[list[Any], ImportPlan, list[Any]]:
        bundles = read_paths(self.paths)
        with self.ctx.database.read_session() as session:
            everyone = list_learners(session)
            try:
                plan = plan_import(session, bundles, None)
            except UserError:
                # Nothing names the learner: propose the first one, or a new learner to name.
                target = everyone[0].name if everyone else "New learner"
                plan = plan_import(session, bundles, target)
        return bundles, plan, everyone

    def _read_done(self, result: tuple[list[Any], ImportPlan, list[Any]]) -> None:
        self.bundles, plan, everyone = result
        self.learner_combo.blockSignals(True)
        self.learner_combo.clear()
        for learner in everyone:
            self.learner_combo.addItem(learner.name, learner.id)
        self.learner_combo.addItem("New learner…", NEW_LEARNER)
        index = self.learner_combo.findData(
            plan.learner_id if plan.learner_id is not None else NEW_LEARNER
        )
        self.learner_combo.setCurrentIndex(max(index, 0))
        self.learner_combo.blockSignals(False)
        self.new_name.setText(plan.learner_name if plan.learner_id is None else "")
        self.new_name.setVisible(plan.learner_id is None)
        self._show_plan(plan)

    def _target_changed(self, _index: int) -> None:
        learner_id = self.learner_combo.currentData()
        is_new = learner_id == NEW_LEARNER
        self.new_name.setVisible(is_new)
        name = self.new_name.text().strip() if is_new else self.learner_combo.currentText()
        if is_new and not name:
            name = next((b.learner.name for b in self.bundles if b.learner), "") or "New learner"
            self.new_name.setText(name)
        self._replan(name, force_new=is_new)

    def _replan(self, name: str, force_new: bool = False) -> None:
        bundles = self.bundles
        self.ok_button.setEnabled(False)
        self.progress.show()

        def work(progress: Any) -> ImportPlan:
            with self.ctx.database.read_session() as session:
                plan = plan_import(session, bundles, name)
            if force_new and plan.learner_id is not None:
                raise UserError(
                    f"A learner called “{name}” already exists; choose them in the list."
                )
            return plan

        self.ctx.tasks.submit(work, self._show_plan, self._failed)

    def _show_plan(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.progress.hide()
        self.error_label.hide()
        who = plan.learner_name + (" (new learner)" if plan.learner_id is None else "")
        self.heading.setText(f"Import from {', '.join(p.name for p in self.paths)} into {who}")
        self.table.setRowCount(len(plan.items))
        for row, item in enumerate(plan.items):
            if item.duplicate_of is not None:
                combo = QComboBox()
                combo.addItem(_ACTION_TEXT[SKIP], SKIP)
                combo.addItem(_ACTION_TEXT[MERGE], MERGE)
                combo.setCurrentIndex(combo.findData(item.action))
                combo.setToolTip(item.reason)
                combo.currentIndexChanged.connect(self._update_counts)
                self.table.setCellWidget(row, COL_ACTION, combo)
            else:
                self.table.removeCellWidget(row, COL_ACTION)
                text = _ACTION_TEXT.get(item.action, item.action)
                if item.reason:
                    text += f" ({item.reason})"
                self.table.setItem(row, COL_ACTION, QTableWidgetItem(text))
            for col, text in (
                (COL_KIND, item.kind),
                (COL_TITLE, item.title),
                (COL_DETAIL, item.detail),
                (COL_SOURCE, item.source),
            ):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.notes.clear()
        self.notes.addItems(list(plan.notes) or ["No notes."])
        self._update_counts()
        self.ok_button.setEnabled(True)

    def chosen_actions(self) -> dict[int, str]:
        """The action chosen for each duplicate row, by plan item key."""
        chosen: dict[int, str] = {}
        if self.plan is None:
            return chosen
        for row, item in enumerate(self.plan.items):
            widget = self.table.cellWidget(row, COL_ACTION)
            if isinstance(widget, QComboBox):
                chosen[item.key] = str(widget.currentData())
        return chosen

    def set_action(self, key: int, action: str) -> None:
        """Choose skip or merge for one duplicate (the same as using its combo box)."""
        assert self.plan is not None
        row = next(i for i, item in enumerate(self.plan.items) if item.key == key)
        widget = self.table.cellWidget(row, COL_ACTION)
        assert isinstance(widget, QComboBox)
        widget.setCurrentIndex(widget.findData(action))

    def _update_counts(self, *_args: Any) -> None:
        if self.plan is None:
            return
        actions = {i.key: i.action for i in self.plan.items} | self.chosen_actions()
        new = sum(1 for i in self.plan.items if actions[i.key] == NEW)
        skip = sum(1 for a in actions.values() if a == SKIP)
        merge = sum(1 for a in actions.values() if a == MERGE)
        self.counts.setText(f"{new} to add · {merge} to merge · {skip} duplicate(s) to skip")

    def _failed(self, exc: BaseException) -> None:
        self.progress.hide()
        message = (
            str(exc)
            if isinstance(exc, UserError)
            else ("Something went wrong inside Learner Portfolio; nothing was imported.")
        )
        self.error = message
        self.error_label.setText(message)
        self.error_label.show()
        self.ok_button.setEnabled(False)

    # -- apply ---------------------------------------------------------------------------------
    def apply(self) -> None:
        if self.plan is None:
            return
        plan = self.plan
        if plan.learner_id is None and self.new_name.isVisible() and self.new_name.text().strip():
            from dataclasses import replace

            plan = replace(plan, learner_name=self.new_name.text().strip())
        actions = self.chosen_actions()
        self.ok_button.setEnabled(False)
        self.progress.show()
        self.progress.setRange(0, max(len(plan.items), 1))

        def work(progress: Any) -> Any:
            # A snapshot first (File ▸ Backups… can restore it); a failed snapshot stops the import.
            backup_before(self.ctx.database, "import")
            with self.ctx.database.session() as session:
                return apply_import(session, plan, actions, progress.report)

        self.ctx.tasks.submit(work, self._applied, self._failed, self._progress)

    def _progress(self, done: int, total: int, _message: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _applied(self, summary: Any) -> None:
        self.summary = summary
        self.ctx.bus.changed.emit(
            Changed(
                summary.learner_id,
                frozenset({Kind.LEARNER, Kind.CREDENTIAL, Kind.EXPERIENCE, Kind.SKILL}),
            )
        )
        self.ctx.bus.status.emit(summary.message())
        self.accept()


def route_dropped_files(ctx: UiContext, window: QWidget) -> None:
    """Open an ImportDialog over `window` whenever files are dropped on it (bus.files_dropped).

    The main window calls this once; its Import menu action opens ImportDialog the same way with
    the paths chosen in a file dialog.
    """

    def open_dialog(paths: list[Path]) -> None:
        dialog = ImportDialog(ctx, [Path(p) for p in paths], window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    ctx.bus.files_dropped.connect(open_dialog)
