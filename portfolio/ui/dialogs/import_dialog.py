"""The import preview: what will be added, which duplicates are skipped or merged, into whom.

Reading the files and planning run through `ctx.tasks` (off the UI thread); OK applies the plan in
one transaction, then announces what changed on `ctx.bus.changed`, a summary on `ctx.bus.status`
("3 credentials imported ...") and the summary on `imported`. Every user text is shown as plain
text.

The target defaults to the learner on screen (`ctx.learner_id`). A JSON Resume or LinkedIn export
about someone else shows "This file is about Jordan Lee, not Audrey Heath" and nothing is chosen
until the user picks that person (existing or new) or the learner on screen.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from portfolio.db.backup import backup_before
from portfolio.errors import UserError
from portfolio.importers.detect import read_paths
from portfolio.services.import_apply import apply_import
from portfolio.services.import_service import (
    MERGE,
    NEW,
    SKIP,
    ImportPlan,
    ImportTarget,
    plan_import,
    propose_target,
)
from portfolio.services.learners import list_learners
from portfolio.services.records import Changed, Kind
from portfolio.ui.context import UiContext

COL_ACTION, COL_KIND, COL_TITLE, COL_DETAIL, COL_SOURCE = range(5)
NEW_LEARNER = -1
_ACTION_TEXT = {NEW: "Add", SKIP: "Skip (duplicate)", MERGE: "Merge into existing"}


class ImportDialog(QDialog):
    """Preview and confirm an import of `paths`."""

    imported = Signal(object)  # the ImportSummary, once the import is written

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
        self.target: ImportTarget | None = None
        # Why this target: "This file is about Jordan Lee, not Audrey Heath." (bold when it asks).
        self.explanation = QLabel("")
        self.explanation.setTextFormat(Qt.TextFormat.PlainText)
        self.explanation.setWordWrap(True)
        self.explanation.hide()
        self.choice_named = QRadioButton("")
        self.choice_on_screen = QRadioButton("")
        self.choices = QButtonGroup(self)
        self.choices.addButton(self.choice_named)
        self.choices.addButton(self.choice_on_screen)
        self.choice_named.hide()
        self.choice_on_screen.hide()
        self.choice_named.clicked.connect(self._choose_named)
        self.choice_on_screen.clicked.connect(self._choose_on_screen)
        self.learner_combo = QComboBox()
        self.learner_combo.setAccessibleName("Import into learner")
        self.learner_combo.setPlaceholderText("Choose a learner…")
        self.new_name = QLineEdit()
        self.new_name.setAccessibleName("Name of the new learner")
        self.new_name.setPlaceholderText("Name of the new learner")
        self.new_name.hide()
        self.new_name.textChanged.connect(self._update_ok)
        target_row = QHBoxLayout()
        target_label = QLabel("Import &into:")
        target_label.setBuddy(self.learner_combo)
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
        layout.addWidget(self.explanation)
        layout.addWidget(self.choice_named)
        layout.addWidget(self.choice_on_screen)
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
    def _read(self, progress: Any) -> tuple[list[Any], ImportTarget, ImportPlan, list[Any]]:
        bundles = read_paths(self.paths)
        with self.ctx.database.read_session() as session:
            everyone = list_learners(session)
            target = propose_target(session, bundles, self.ctx.learner_id)
            if target.learner_id is not None:
                plan = plan_import(session, bundles, learner_id=target.learner_id)
            elif target.ask and target.named_learner is not None:
                # Nothing is chosen yet; the rows are previewed against the person named.
                plan = plan_import(session, bundles, learner_id=target.named_learner.id)
            else:
                plan = plan_import(session, bundles, new_learner=target.new_name)
        return bundles, target, plan, everyone

    def _read_done(self, result: tuple[list[Any], ImportTarget, ImportPlan, list[Any]]) -> None:
        self.bundles, target, plan, everyone = result
        self.target = target
        self.learner_combo.blockSignals(True)
        self.learner_combo.clear()
        for learner in everyone:
            self.learner_combo.addItem(learner.name, learner.id)
        self.learner_combo.addItem("New learner…", NEW_LEARNER)
        if target.ask:
            self.learner_combo.setCurrentIndex(-1)  # the user chooses: nothing silently
        else:
            wanted = target.learner_id if target.learner_id is not None else NEW_LEARNER
            self.learner_combo.setCurrentIndex(max(self.learner_combo.findData(wanted), 0))
        self.learner_combo.blockSignals(False)
        self.new_name.setText(target.new_name)
        self.new_name.setVisible(not target.ask and target.learner_id is None)
        self.explanation.setText(target.explanation)
        self.explanation.setStyleSheet("font-weight: bold;" if target.ask else "")
        self.explanation.show()
        if target.ask:
            if target.named_learner is not None:
                self.choice_named.setText(
                    f"Import under {target.named_learner.name} (already in the portfolio)"
                )
            else:
                self.choice_named.setText(f"Import under {target.new_name} (a new learner)")
            self.choice_named.setVisible(bool(target.named))
            if target.on_screen is not None:
                self.choice_on_screen.setText(
                    f"Import under {target.on_screen.name} (the learner on screen)"
                )
            self.choice_on_screen.setVisible(target.on_screen is not None)
        self._show_plan(plan)
        if not target.ask and target.learner_id is None and not target.new_name:
            self.new_name.setFocus()

    def _choose_named(self) -> None:
        target = self.target
        if target is None:
            return
        if target.named_learner is not None:
            self._select(target.named_learner.id)
        else:
            self.new_name.setText(target.new_name)
            self._select(NEW_LEARNER)

    def _choose_on_screen(self) -> None:
        if self.target is not None and self.target.on_screen is not None:
            self._select(self.target.on_screen.id)

    def _select(self, learner_id: int) -> None:
        index = self.learner_combo.findData(learner_id)
        if index == self.learner_combo.currentIndex():
            self._sync_choices()
        else:
            self.learner_combo.setCurrentIndex(index)  # replans through _target_changed

    def _sync_choices(self) -> None:
        """Check the radio button that says what the combo holds, or none of them."""
        target = self.target
        chosen = self.learner_combo.currentData()
        named: object = None
        if target is not None and target.named:
            named = target.named_learner.id if target.named_learner is not None else NEW_LEARNER
        on_screen = target.on_screen.id if target and target.on_screen else None
        self.choices.setExclusive(False)
        self.choice_named.setChecked(chosen is not None and chosen == named)
        self.choice_on_screen.setChecked(chosen is not None and chosen == on_screen)
        self.choices.setExclusive(True)

    def _target_changed(self, _index: int) -> None:
        learner_id = self.learner_combo.currentData()
        self._sync_choices()
        if learner_id is None:
            return
        is_new = learner_id == NEW_LEARNER
        self.new_name.setVisible(is_new)
        if is_new and not self.new_name.text().strip():
            name = next((b.learner.name for b in self.bundles if b.learner), "")
            self.new_name.setText(name)
        self._replan(None if is_new else int(learner_id))

    def _replan(self, learner_id: int | None) -> None:
        """Plan again for the learner `learner_id`, or for a new learner when it is None."""
        bundles = self.bundles
        name = self.new_name.text().strip()
        self.ok_button.setEnabled(False)
        self.progress.show()

        def work(progress: Any) -> ImportPlan:
            with self.ctx.database.read_session() as session:
                if learner_id is not None:
                    return plan_import(session, bundles, learner_id=learner_id)
                return plan_import(session, bundles, new_learner=name)

        self.ctx.tasks.submit(work, self._show_plan, self._failed)

    def _show_plan(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.error = ""
        self.progress.hide()
        self.error_label.hide()
        files = ", ".join(p.name for p in self.paths)
        if self.learner_combo.currentIndex() < 0:
            self.heading.setText(f"Import from {files}: choose whom to import into")
        elif plan.learner_id is None:
            self.heading.setText(f"Import from {files} into a new learner")
        else:
            self.heading.setText(f"Import from {files} into {plan.learner_name}")
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
        self._update_ok()

    def _update_ok(self, *_args: Any) -> None:
        """Import needs a plan, a chosen learner and, for a new learner, a name."""
        chosen = self.learner_combo.currentData()
        ready = self.plan is not None and not self.error and chosen is not None
        if chosen == NEW_LEARNER and not self.new_name.text().strip():
            ready = False
        self.ok_button.setEnabled(ready)

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
        duplicates = "1 duplicate" if skip == 1 else f"{skip} duplicates"
        self.counts.setText(f"{new} to add · {merge} to merge · {duplicates} to skip")

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
        if self.plan is None or not self.ok_button.isEnabled():
            return
        plan = self.plan
        chosen = self.learner_combo.currentData()
        new_name = self.new_name.text().strip() if chosen == NEW_LEARNER else None
        actions = self.chosen_actions()
        bundles = plan.bundles
        self.ok_button.setEnabled(False)
        self.progress.show()
        self.progress.setRange(0, max(len(plan.items), 1))

        def work(progress: Any) -> Any:
            # A snapshot first (File ▸ Backups… can restore it); a failed snapshot stops the import.
            backup_before(self.ctx.database, "import")
            with self.ctx.database.session() as session:
                final = plan
                if new_name is not None:
                    # The name typed last, checked again: a taken name is refused, not doubled.
                    final = plan_import(session, bundles, new_learner=new_name)
                return apply_import(session, final, actions, progress.report)

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
        self.imported.emit(summary)
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
