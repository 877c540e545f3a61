"""Add or edit an experience entry (work, volunteering, internship, project) with highlights."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialogButtonBox,
    QFormLayout,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from portfolio.enums import ExperienceKind
from portfolio.errors import ValidationError
from portfolio.services.records import ExperienceInput, ExperienceRecord
from portfolio.services.validation import check_experience
from portfolio.ui.labels import EXPERIENCE_KINDS, label
from portfolio.ui.unsaved import GuardedDialog, record_label
from portfolio.ui.widgets.forms import (
    DATE_HINT,
    FieldBox,
    box_buttons,
    chain_tabs,
    line_edit,
    parse_date,
)
from portfolio.ui.widgets.skill_tags import SkillTagEditor


class ExperienceEditor(GuardedDialog):
    def __init__(
        self,
        save: Callable[[ExperienceInput], None],
        *,
        record: ExperienceRecord | None = None,
        organizations: list[str] | None = None,
        skill_lookup: Callable[[str], list[str]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._save = save
        self.record = record
        self.setWindowTitle("Edit experience" if record else "Add experience")
        self.resize(680, 680)
        self.title = line_edit("Title", "e.g. Digital marketing assistant")
        self.organization = line_edit("Organization")
        completer = QCompleter(organizations or [], self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.organization.setCompleter(completer)
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind")
        for kind in EXPERIENCE_KINDS:
            self.kind.addItem(label(kind), kind)
        self.location = line_edit("Location")
        self.start = line_edit("Start date", DATE_HINT)
        self.end = line_edit("End date", DATE_HINT)
        self.current = QCheckBox("I still do this")
        self.url = line_edit("Web address", "https://…")
        self.description = QPlainTextEdit()
        self.description.setAccessibleName("Description")
        self.description.setTabChangesFocus(True)
        self.highlights = QPlainTextEdit()
        self.highlights.setAccessibleName("Highlights, one per line")
        self.highlights.setPlaceholderText("One highlight per line")
        self.highlights.setTabChangesFocus(True)
        self.skills = SkillTagEditor(skill_lookup)
        self.boxes: dict[str, FieldBox] = {}
        form = QFormLayout()
        form.setVerticalSpacing(8)
        for field, text, widget in (
            ("title", "&Title", self.title),
            ("organization", "&Organization", self.organization),
            ("kind", "&Kind", self.kind),
            ("location", "&Location", self.location),
            ("start_date", "&Start", self.start),
            ("end_date", "&End", self.end),
            ("current", "", self.current),
            ("url", "&Web address", self.url),
            ("description", "Descri&ption", self.description),
            ("highlights", "&Highlights", self.highlights),
            ("skills", "Sk&ills", self.skills),
        ):
            box = FieldBox(widget)
            self.boxes[field] = box
            form.addRow(text, box)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(self.buttons)
        if record is not None:
            self.title.setText(record.title)
            self.organization.setText(record.organization)
            self.kind.setCurrentIndex(max(self.kind.findData(record.kind), 0))
            self.location.setText(record.location)
            self.start.setText(record.start_date.display() if record.start_date else "")
            self.end.setText(record.end_date.display() if record.end_date else "")
            self.current.setChecked(record.current)
            self.url.setText(record.url)
            self.description.setPlainText(record.description)
            self.highlights.setPlainText("\n".join(record.highlights))
            self.skills.set_skills(record.skills)
        for edit in (self.title, self.organization, self.location, self.start, self.end, self.url):
            edit.textChanged.connect(self.validate)
        self.current.toggled.connect(self.validate)
        self.description.textChanged.connect(self.validate)
        self.highlights.textChanged.connect(self.validate)
        self.skills.changed.connect(self._order_tabs)
        self.validate()
        self._order_tabs()
        self.guard(self.save_button)

    def typed_state(self) -> object:
        return (super().typed_state(), self.skills.skills())

    def unsaved_work_label(self) -> str:
        saved = self.record.title if self.record is not None else None
        return record_label("experience", saved, self.title.text())

    def _order_tabs(self) -> None:
        """Skill chips, added after the form was built, come before Save and Cancel."""
        chain_tabs([self.highlights, *self.skills.tab_stops(), *box_buttons(self.buttons)])

    def value(self) -> tuple[ExperienceInput | None, dict[str, str]]:
        problems: dict[str, str] = {}
        start, problem = parse_date(self.start.text())
        if problem:
            problems["start_date"] = problem
        end, problem = parse_date(self.end.text())
        if problem:
            problems["end_date"] = problem
        if problems:
            return None, problems
        base = self.record.to_input() if self.record else ExperienceInput(title="")
        highlights = tuple(
            h.strip() for h in self.highlights.toPlainText().split("\n") if h.strip()
        )
        return dataclasses.replace(
            base,
            title=self.title.text(),
            organization=self.organization.text(),
            kind=ExperienceKind(self.kind.currentData() or ExperienceKind.WORK),
            location=self.location.text(),
            start_date=start,
            end_date=None if self.current.isChecked() else end,
            current=self.current.isChecked(),
            url=self.url.text(),
            description=self.description.toPlainText(),
            highlights=highlights,
            skills=self.skills.skills(),
        ), {}

    def validate(self) -> bool:
        self.end.setEnabled(not self.current.isChecked())
        data, parse_problems = self.value()
        shown = {f: (m, True) for f, m in parse_problems.items()}
        if data is not None:
            for p in check_experience(data):
                shown.setdefault(p.field.split("[")[0], (p.message, p.blocking))
        for field, box in self.boxes.items():
            message, blocking = shown.get(field, ("", True))
            box.set_problem(message, blocking)
        ok = data is not None and not any(b for _, b in shown.values())
        self.save_button.setEnabled(ok)
        return ok

    def _on_save(self) -> None:
        data, _ = self.value()
        if data is None or not self.validate():
            return
        try:
            self._save(data)
        except ValidationError as exc:
            for p in exc.problems:
                self.boxes.get(p.field.split("[")[0], self.boxes["title"]).set_problem(p.message)
            return
        self.accept()
