"""File ▸ Delete learner…: forget the current learner, confirmed by typing their full name.

A checked "pre-delete" backup is made first, then one transaction deletes the learner and every
row that belongs to them (SQLite's secure_delete overwrites the freed space). The undo history is
cleared: its commands hold copies of records, and a deletion meant to forget must not leave the
learner's data in memory behind an Undo.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from portfolio.db.backup import backup_before, backup_dir_for
from portfolio.errors import UserError
from portfolio.services.learner_names import confirms_name
from portfolio.services.records import Changed, Kind
from portfolio.ui import messages
from portfolio.ui.style import set_color

if TYPE_CHECKING:
    from portfolio.services.learners import LearnerFootprint
    from portfolio.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def _plain(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class DeleteLearnerDialog(QDialog):
    """Says what will be deleted; Delete is enabled once the learner's full name is typed."""

    def __init__(
        self, footprint: LearnerFootprint, backup_dir: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.footprint = footprint
        name = footprint.name
        self.setWindowTitle("Delete learner")
        self.setMinimumWidth(460)
        what = footprint.lines()
        self.summary = _plain(
            f"Delete {name} and everything that belongs to them: {', '.join(what)}."
            if what
            else f"Delete {name}? They have a profile and no other records."
        )
        self.warning = _plain(
            "This cannot be undone, and the undo history is cleared. A backup made just before "
            f"is kept in {backup_dir} until it rotates out (delete it there to remove "
            f"{name} sooner)."
        )
        set_color(self.warning, "warning")
        self.prompt = _plain(f"Type “{name}” to confirm:")
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName("Learner's full name, to confirm")
        self.name_edit.setPlaceholderText(name)
        self.prompt.setBuddy(self.name_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.delete_button = self.buttons.addButton(
            "Delete learner", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.delete_button.setEnabled(False)
        self.delete_button.setAutoDefault(False)
        self.delete_button.clicked.connect(self._confirm)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.warning)
        layout.addWidget(self.prompt)
        layout.addWidget(self.name_edit)
        layout.addWidget(self.buttons)
        self.name_edit.textChanged.connect(self._typed)

    def _typed(self, text: str) -> None:
        self.delete_button.setEnabled(confirms_name(text, self.footprint.name))

    def _confirm(self) -> None:
        if confirms_name(self.name_edit.text(), self.footprint.name):
            self.accept()


def open_delete_learner(window: MainWindow) -> DeleteLearnerDialog | None:
    """Open the confirmation for the learner on screen; deleting happens when it is accepted."""
    from portfolio.services.learners import learner_footprint

    ctx = window.ctx
    learner_id = ctx.learner_id
    if learner_id is None:
        ctx.bus.status.emit("There is no learner to delete.")
        return None
    with ctx.database.read_session() as session:
        footprint = learner_footprint(session, learner_id)
    dialog = DeleteLearnerDialog(footprint, backup_dir_for(ctx.database.path), window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: forget_learner(window, footprint))
    dialog.open()
    return dialog


def forget_learner(window: MainWindow, footprint: LearnerFootprint) -> None:
    """Back up, delete the learner in one transaction, then show the next learner (or the
    welcome screen) with an empty undo history."""
    from portfolio.services.learners import delete_learner

    ctx = window.ctx
    learner_id = footprint.learner_id
    row = window.learner_combo.findData(learner_id)
    try:
        backup = backup_before(ctx.database, "delete")
        with ctx.database.session() as session:
            delete_learner(session, learner_id)
    except UserError as exc:
        messages.inform(window, "Delete learner", f"{exc} {footprint.name} was not deleted.")
        return
    log.info("learner #%d deleted", learner_id)
    ctx.undo_stack.clear()
    # Commands are gone; the id map of re-created records goes with them.
    if hasattr(ctx.undo_stack, "_portfolio_id_map"):
        del ctx.undo_stack._portfolio_id_map
    window.reload_learners()
    remaining = window.learner_combo.count()
    next_id = window.learner_combo.itemData(min(max(row, 0), remaining - 1)) if remaining else None
    window.set_learner(None if next_id is None else int(next_id))
    ctx.bus.changed.emit(Changed(learner_id, frozenset({Kind.LEARNER})))
    where = f"; a backup made just before is {backup.path}" if backup is not None else ""
    ctx.bus.status.emit(f"Deleted {footprint.name}{where}")
