"""Ask for a new learner's name (the rest is filled in on the Profile page)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QVBoxLayout, QWidget

from portfolio.services.records import LearnerInput
from portfolio.services.validation import check_learner
from portfolio.ui.unsaved import GuardedDialog
from portfolio.ui.widgets.forms import FieldBox, line_edit


class NewLearnerDialog(GuardedDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New learner")
        self.name = line_edit("Name", "Full name")
        self.headline = line_edit("Headline", "Optional")
        self.name_box = FieldBox(self.name)
        form = QFormLayout()
        form.addRow("&Name", self.name_box)
        form.addRow("&Headline", FieldBox(self.headline))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.name.textChanged.connect(self._validate)
        self._validate()
        self.guard(self.buttons.button(QDialogButtonBox.StandardButton.Ok))

    def unsaved_work_label(self) -> str:
        name = self.name.text().strip()
        return f"The new learner “{name}”" if name else "The new learner"

    def value(self) -> LearnerInput:
        return LearnerInput(name=self.name.text(), headline=self.headline.text())

    def _validate(self) -> None:
        problems = [p for p in check_learner(self.value()) if p.field == "name"]
        typed = bool(self.name.text())
        self.name_box.set_problem(problems[0].message if problems and typed else "")
        ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok_button.setEnabled(not problems)
