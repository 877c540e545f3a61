"""A small form to add or edit a target role: name, description, essential and optional skills."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QCompleter,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from portfolio.errors import UserError
from portfolio.services.goal_records import RoleRecord, UnknownSkill
from portfolio.text import fold
from portfolio.ui import commands_goals
from portfolio.ui.context import UiContext
from portfolio.ui.unsaved import GuardedDialog


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


class RoleDialog(GuardedDialog):
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
        # A skill name the taxonomy does not know: say what it may mean, and let the user take
        # that or explicitly make a new skill (saving would otherwise invent one from a typo).
        self._new_skills: set[str] = set()  # folded names the user chose to create
        self.unknown: UnknownSkill | None = None
        self.unknown_box = QFrame()
        self.unknown_box.setFrameShape(QFrame.Shape.StyledPanel)
        self.unknown_text = QLabel("")
        self.unknown_text.setTextFormat(Qt.TextFormat.PlainText)
        self.unknown_text.setWordWrap(True)
        self.suggestion_buttons: list[QPushButton] = []
        self._suggestion_row = QHBoxLayout()
        self.create_skill_button = QPushButton("")
        self.create_skill_button.clicked.connect(self._create_unknown)
        box = QVBoxLayout(self.unknown_box)
        box.addWidget(self.unknown_text)
        box.addLayout(self._suggestion_row)
        self.unknown_box.hide()
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Description", self.description)
        form.addRow("Essential skills", self.essential)
        form.addRow("Optional skills", self.optional)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
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
        layout.addWidget(self.unknown_box)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(720, 340)
        self.guard(self.save_button)

    def unsaved_work_label(self) -> str:
        if self.role is not None:
            return f"The role “{self.role.name}”"
        name = self.name.text().strip()
        return f"The new role “{name}”" if name else "The new role"

    def _offer(self, unknown: UnknownSkill) -> None:
        from portfolio.services.roles import unknown_skill_message

        self.unknown = unknown
        self.unknown_text.setText(unknown_skill_message(unknown))
        while self._suggestion_row.count():
            self._suggestion_row.takeAt(0)
        for button in self.suggestion_buttons:
            button.deleteLater()
        self.suggestion_buttons = []
        for label in unknown.suggestions:
            button = QPushButton(f"Use “{label}”")
            button.clicked.connect(lambda _checked=False, label=label: self._use(label))
            self._suggestion_row.addWidget(button)
            self.suggestion_buttons.append(button)
        self.create_skill_button.setText(f"Create new skill “{unknown.name}”")
        self._suggestion_row.addWidget(self.create_skill_button)
        self._suggestion_row.addStretch(1)
        self.unknown_box.show()
        (self.suggestion_buttons or [self.create_skill_button])[0].setFocus()

    def _use(self, label: str) -> None:
        """Put `label` in place of the unknown name, then carry on saving."""
        from portfolio.services.roles import split_skills

        if self.unknown is None:
            return
        wanted = fold(self.unknown.name)
        for edit in (self.essential, self.optional):
            names = split_skills(edit.text())
            if any(fold(n) == wanted for n in names):
                edit.setText(", ".join(label if fold(n) == wanted else n for n in names))
        self.save()

    def _create_unknown(self) -> None:
        if self.unknown is not None:
            self._new_skills.add(fold(self.unknown.name))
        self.save()

    def _first_unknown(self) -> UnknownSkill | None:
        from portfolio.services.roles import split_skills, unknown_skills

        names = [
            name
            for edit in (self.essential, self.optional)
            for name in split_skills(edit.text())
            if fold(name) not in self._new_skills
        ]
        with self.ctx.database.read_session() as session:
            unknown = unknown_skills(session, names)
        return unknown[0] if unknown else None

    def save(self) -> None:
        """Validate and save in one transaction; on a problem, say so and keep the form open."""
        from portfolio.services.roles import create_role, role_input, update_role

        unknown = self._first_unknown()
        if unknown is not None:
            self.error.hide()
            self._offer(unknown)
            return
        self.unknown = None
        self.unknown_box.hide()
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
