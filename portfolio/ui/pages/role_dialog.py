"""A small form to add or edit a target role: name, description, essential and optional skills."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from portfolio.errors import UserError
from portfolio.services.goal_records import RoleRecord
from portfolio.ui import commands_goals
from portfolio.ui.context import UiContext


class _LastItemCompleter(QCompleter):
    """Completes the skill after the last comma, keeping the ones before it."""

    def __init__(self, labels: list[str], edit: QLineEdit) -> None:
        super().__init__(labels, edit)
        self._edit = edit

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        chosen = super().pathFromIndex(index)
        text = self._edit.text()
        return f"{text.rsplit(',', 1)[0]}, {chosen}" if "," in text else chosen

    def splitPath(self, path: str) -> list[str]:
        return [path.rsplit(",", 1)[-1].strip()]


class RoleDialog(QDialog):
    """Add a custom role, or edit one (a built-in role you edit becomes your own)."""

    def __init__(
        self,
        ctx: UiContext,
        role: RoleRecord | None = None,
        parent: QWidget | None = None,
        learner_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        from portfolio.services.roles import skill_labels

        self.ctx = ctx
        self.learner_id = learner_id  # given: the save is undoable, a new role becomes its target
        self.role = role
        self.role_id: int | None = role.id if role else None
        self.setWindowTitle("Edit role" if role else "New role")
        self.name = QLineEdit(role.name if role else "")
        self.description = QPlainTextEdit(role.description if role else "")
        self.description.setFixedHeight(80)
        self.essential = QLineEdit(", ".join(s.label for s in role.essential) if role else "")
        self.optional = QLineEdit(", ".join(s.label for s in role.optional) if role else "")
        for edit in (self.essential, self.optional):
            edit.setPlaceholderText("Skills separated by commas, e.g. Branding, Email marketing")
        with ctx.database.read_session() as session:
            labels = skill_labels(session)
        for edit in (self.essential, self.optional):
            completer = _LastItemCompleter(labels, edit)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            edit.setCompleter(completer)
        self.error = QLabel("")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: palette(highlight);")
        self.error.hide()
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Description", self.description)
        form.addRow("Essential skills", self.essential)
        form.addRow("Optional skills", self.optional)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if role is not None and role.key is not None:
            note = QLabel(
                "Editing a built-in role makes it your own; library updates leave it as is."
            )
            note.setTextFormat(Qt.TextFormat.PlainText)
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(720, 340)

    def save(self) -> None:
        """Validate and save in one transaction; on a problem, say so and keep the form open."""
        from portfolio.services.roles import create_role, role_input, update_role

        data = role_input(
            self.name.text(),
            self.description.toPlainText(),
            self.essential.text(),
            self.optional.text(),
        )
        try:
            if self.learner_id is not None:
                self.role_id = commands_goals.save_role(
                    self.ctx, self.learner_id, self.role_id, data
                )
            else:
                with self.ctx.database.session() as session:
                    if self.role_id is None:
                        self.role_id = create_role(session, data)
                    else:
                        update_role(session, self.role_id, data)
        except UserError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.accept()
