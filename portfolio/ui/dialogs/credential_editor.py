"""Add or edit a credential, with each problem shown next to its field and Save disabled."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from portfolio.enums import CredentialKind, CredentialStatus, CreditUnit, DeliveryMode
from portfolio.errors import ValidationError
from portfolio.services.records import (
    CredentialInput,
    CredentialRecord,
    CredentialRow,
    SkillLinkInput,
)
from portfolio.services.validation import check_credential
from portfolio.ui.labels import CREDIT_UNITS, DELIVERY_MODES, KIND_CHOICES, STATUS_CHOICES, number
from portfolio.ui.labels import label as enum_label
from portfolio.ui.unsaved import GuardedDialog, record_label
from portfolio.ui.widgets.forms import (
    DATE_HINT,
    FieldBox,
    box_buttons,
    chain_tabs,
    line_edit,
    parse_date,
    parse_number,
)
from portfolio.ui.widgets.skill_suggestions import SkillSuggestions
from portfolio.ui.widgets.skill_tags import SkillTagEditor


def _combo(name: str, values: list, blank: str | None = None) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    if blank is not None:
        combo.addItem(blank, None)
    for value in values:
        combo.addItem(enum_label(value), value)
    return combo


def _select(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


class CredentialEditor(GuardedDialog):
    """`save(data)` stores the credential (raising ValidationError to keep the dialog open)."""

    def __init__(
        self,
        save: Callable[[CredentialInput], None],
        *,
        record: CredentialRecord | None = None,
        others: list[CredentialRow] | None = None,
        organizations: list[str] | None = None,
        skill_lookup: Callable[[str], list[str]] | None = None,
        suggestions: SkillSuggestions | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._save = save
        self.record = record
        self.setWindowTitle("Edit credential" if record else "Add credential")
        self.setMinimumWidth(640)
        self.resize(720, 760)

        self.title = line_edit("Title", "e.g. Digital Marketing Bootcamp")
        self.kind = _combo("Kind", KIND_CHOICES)
        self.issuer = line_edit("Issuer", "Organization that awarded it")
        completer = QCompleter(organizations or [], self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.issuer.setCompleter(completer)
        self.field_of_study = line_edit("Field of study")
        self.status = _combo("Status", STATUS_CHOICES)
        self.start = line_edit("Start date", DATE_HINT)
        self.end = line_edit("Issue date", DATE_HINT)
        self.expiry = line_edit("Expiry date", DATE_HINT)
        self.credits = line_edit("Credits", "e.g. 3")
        self.credit_unit = _combo("Credit unit", CREDIT_UNITS, blank="—")
        self.delivery = _combo("Delivery", DELIVERY_MODES, blank="—")
        self.credential_id = line_edit("Credential ID")
        self.url = line_edit("Verification URL", "https://…")
        self.stacks_into = QComboBox()
        self.stacks_into.setAccessibleName("Stacks into")
        self.stacks_into.addItem("— (stands alone)", None)
        for row in self._stack_targets(others or []):
            self.stacks_into.addItem(row.title, row.id)
        self.skills = SkillTagEditor(skill_lookup)
        self.suggestions = suggestions
        skills_box: QWidget = self.skills
        if suggestions is not None:
            # Suggested skills from the taxonomy, accepted or rejected with one click each.
            skills_box = QWidget()
            skills_layout = QVBoxLayout(skills_box)
            skills_layout.setContentsMargins(0, 0, 0, 0)
            skills_layout.addWidget(self.skills)
            skills_layout.addWidget(suggestions)
            suggestions.accepted.connect(
                lambda skill_id, label: self.skills.add_skill(
                    SkillLinkInput(label=label, skill_id=skill_id, source="suggested")
                )
            )
            suggestions.focus_when_empty = self.skills.input
        self.description = QPlainTextEdit()
        self.description.setAccessibleName("Description")
        self.description.setTabChangesFocus(True)
        self.description.setMinimumHeight(90)
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(64)

        self.boxes: dict[str, FieldBox] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(8)
        credits_row = QWidget()
        credits_layout = QHBoxLayout(credits_row)
        credits_layout.setContentsMargins(0, 0, 0, 0)
        credits_layout.addWidget(self.credits, 1)
        credits_layout.addWidget(self.credit_unit)
        self.credit_unit.setAccessibleName("Credit unit")
        for field, text, widget in (
            ("title", "&Title", self.title),
            ("kind", "&Kind", self.kind),
            ("issuer", "&Issuer", self.issuer),
            ("field_of_study", "&Field of study", self.field_of_study),
            ("status", "Stat&us", self.status),
            ("start_date", "&Start", self.start),
            ("end_date", "Issue&d", self.end),
            ("expiry_date", "E&xpires", self.expiry),
            ("credit_value", "&Credits", credits_row),
            ("delivery_mode", "Deli&very", self.delivery),
            ("credential_id", "Cr&edential ID", self.credential_id),
            ("verification_url", "Verification U&RL", self.url),
            ("stacks_into_id", "Stacks int&o", self.stacks_into),
            ("skills", "Ski&lls", skills_box),
            ("description", "Descri&ption", self.description),
            ("notes", "&Notes", self.notes),
        ):
            box = FieldBox(widget)
            self.boxes[field] = box
            form.addRow(text, box)
            label = form.labelForField(box)
            if label is not None:
                label.setBuddy(  # type: ignore[attr-defined]
                    widget if widget is not credits_row else self.credits
                )
        self.boxes["credit_unit"] = self.boxes["credit_value"]

        body = QWidget()
        body.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # The scroll area follows the focus; as a Tab stop of its own it would only hide it.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)

        if record is not None:
            self._load(record)
        for edit in (self.title, self.issuer, self.field_of_study, self.start, self.end,
                     self.expiry, self.credits, self.credential_id, self.url):  # fmt: skip
            edit.textChanged.connect(self.validate)
        for combo in (self.kind, self.status, self.credit_unit, self.delivery, self.stacks_into):
            combo.currentIndexChanged.connect(self.validate)
        self.description.textChanged.connect(self.validate)
        self.notes.textChanged.connect(self.validate)
        self.skills.changed.connect(self.validate)
        self.skills.changed.connect(self._order_tabs)
        if suggestions is not None:
            suggestions.updated.connect(self._order_tabs)
            for edit in (self.title, self.issuer):
                edit.textChanged.connect(self._suggest)
            self.description.textChanged.connect(self._suggest)
            self.skills.changed.connect(self._suggest)
            self._suggest(immediately=True)
        self.validate()
        self._order_tabs()
        self.title.setFocus()
        self.guard(self.save_button)

    def typed_state(self) -> object:
        return (super().typed_state(), self.skills.skills())

    def unsaved_work_label(self) -> str:
        saved = self.record.title if self.record is not None else None
        return record_label("credential", saved, self.title.text())

    def _order_tabs(self) -> None:
        """Tab follows the form top to bottom, chips and suggestions included, then the buttons."""
        chain_tabs(
            [
                self.title, self.kind, self.issuer, self.field_of_study, self.status,
                self.start, self.end, self.expiry, self.credits, self.credit_unit,
                self.delivery, self.credential_id, self.url, self.stacks_into,
                *self.skills.tab_stops(),
                *(self.suggestions.tab_stops() if self.suggestions is not None else []),
                self.description, self.notes,
                *box_buttons(self.buttons),
            ]
        )  # fmt: skip

    def _suggest(self, *_args: object, immediately: bool = False) -> None:
        if self.suggestions is None or not self.title.text().strip():
            return
        linked = [link.skill_id for link in self.skills.skills() if link.skill_id is not None]
        self.suggestions.set_source(
            self.title.text(),
            self.description.toPlainText(),
            self.issuer.text(),
            exclude=linked,
            immediately=immediately,
        )

    def _stack_targets(self, rows: list[CredentialRow]) -> list[CredentialRow]:
        """The learner's credentials this one may stack into: not itself, nor what stacks into it."""
        if self.record is None:
            return rows
        below = {self.record.id}
        changed = True
        while changed:
            changed = False
            for row in rows:
                if row.stacks_into_id in below and row.id not in below:
                    below.add(row.id)
                    changed = True
        return [row for row in rows if row.id not in below]

    def _load(self, r: CredentialRecord) -> None:
        self.title.setText(r.title)
        _select(self.kind, r.kind)
        self.issuer.setText(r.issuer)
        self.field_of_study.setText(r.field_of_study)
        _select(self.status, r.status)
        self.start.setText(r.start_date.display() if r.start_date else "")
        self.end.setText(r.end_date.display() if r.end_date else "")
        self.expiry.setText(r.expiry_date.display() if r.expiry_date else "")
        self.credits.setText(number(r.credit_value))
        _select(self.credit_unit, r.credit_unit)
        _select(self.delivery, r.delivery_mode)
        self.credential_id.setText(r.credential_id)
        self.url.setText(r.verification_url)
        _select(self.stacks_into, r.stacks_into_id)
        self.skills.set_skills(r.skills)
        self.description.setPlainText(r.description)
        self.notes.setPlainText(r.notes)

    def value(self) -> tuple[CredentialInput | None, dict[str, str]]:
        """The credential as typed, or None with the parse problems per field."""
        problems: dict[str, str] = {}
        dates = {}
        for field, edit in (("start_date", self.start), ("end_date", self.end),
                            ("expiry_date", self.expiry)):  # fmt: skip
            dates[field], problem = parse_date(edit.text())
            if problem:
                problems[field] = problem
        credits, problem = parse_number(self.credits.text())
        if problem:
            problems["credit_value"] = problem
        if problems:
            return None, problems
        base = (
            self.record.to_input()
            if self.record
            else CredentialInput(title="", kind=CredentialKind.COURSE)
        )
        data = dataclasses.replace(
            base,
            title=self.title.text(),
            kind=CredentialKind(self.kind.currentData() or CredentialKind.COURSE),
            issuer=self.issuer.text(),
            field_of_study=self.field_of_study.text(),
            status=CredentialStatus(self.status.currentData() or CredentialStatus.COMPLETED),
            start_date=dates["start_date"],
            end_date=dates["end_date"],
            expiry_date=dates["expiry_date"],
            credit_value=credits,
            credit_unit=CreditUnit(u) if (u := self.credit_unit.currentData()) else None,
            delivery_mode=DeliveryMode(m) if (m := self.delivery.currentData()) else None,
            credential_id=self.credential_id.text(),
            verification_url=self.url.text(),
            stacks_into_id=self.stacks_into.currentData(),
            skills=self.skills.skills(),
            description=self.description.toPlainText(),
            notes=self.notes.toPlainText(),
        )
        return data, {}

    def validate(self) -> bool:
        data, parse_problems = self.value()
        shown: dict[str, tuple[str, bool]] = {f: (m, True) for f, m in parse_problems.items()}
        if data is not None:
            issued = data.end_date or data.start_date
            for problem in check_credential(data):
                field = problem.field.split("[")[0]
                blocking = problem.blocking
                # Imports keep an expiry before the issue date as a flag; typed by hand it is a
                # mistake to fix before saving.
                if (
                    field == "expiry_date"
                    and issued is not None
                    and data.expiry_date is not None
                    and data.expiry_date.last_day() < issued.first_day()
                ):
                    blocking = True
                if field not in shown or (blocking and not shown[field][1]):
                    shown[field] = (problem.message, blocking)
        for field, box in self.boxes.items():
            if field == "credit_unit":
                continue
            message, blocking = shown.get(field, ("", True))
            if field == "credit_value" and "credit_unit" in shown and not message:
                message, blocking = shown["credit_unit"]
            box.set_problem(message, blocking)
        ok = data is not None and not any(blocking for _, blocking in shown.values())
        self.save_button.setEnabled(ok)
        return ok

    def _on_save(self) -> None:
        data, _ = self.value()
        if data is None or not self.validate():
            return
        try:
            self._save(data)
        except ValidationError as exc:
            for problem in exc.problems:
                box = self.boxes.get(problem.field.split("[")[0], self.boxes["title"])
                box.set_problem(problem.message, True)
            return
        self.accept()
