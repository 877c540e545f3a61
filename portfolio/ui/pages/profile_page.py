"""Profile: the learner's name, headline, contact, links and summary (plain text)."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QWidget,
)

from portfolio.errors import ValidationError
from portfolio.services.records import Kind, LearnerInput, LearnerRecord, Link
from portfolio.services.validation import check_learner
from portfolio.ui.context import UiContext
from portfolio.ui.pages.base import LearnerPage
from portfolio.ui.style import heading, plain_label
from portfolio.ui.widgets.forms import FieldBox, line_edit


def _links_text(links: tuple[Link, ...]) -> str:
    return "\n".join(f"{link.label}: {link.url}" if link.label else link.url for link in links)


def _parse_links(text: str) -> tuple[Link, ...]:
    links = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        label, sep, url = line.partition(": ")
        links.append(Link(label.strip(), url.strip()) if sep else Link("", line))
    return tuple(links)


class ProfilePage(LearnerPage):
    kinds = frozenset({Kind.LEARNER})

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.record: LearnerRecord | None = None
        self.title_label = heading("Profile")
        top = QHBoxLayout()
        top.addWidget(self.title_label, 1)
        self.revert_button = QPushButton("Revert")
        self.revert_button.clicked.connect(self.refresh)
        self.save_button = QPushButton("Save profile")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        top.addWidget(self.revert_button)
        top.addWidget(self.save_button)
        self.layout_.addLayout(top)
        self.name = line_edit("Name")
        self.headline = line_edit("Headline", "One line that says who you are professionally")
        self.email = line_edit("Email", "name@example.org")
        self.phone = line_edit("Phone")
        self.location = line_edit("Location", "City, region")
        self.website = line_edit("Website", "https://…")
        self.links = QPlainTextEdit()
        self.links.setAccessibleName("Links, one per line as Label: URL")
        self.links.setPlaceholderText("LinkedIn: https://www.linkedin.com/in/…")
        self.links.setTabChangesFocus(True)
        self.links.setFixedHeight(72)
        self.summary = QPlainTextEdit()  # pastes rich text as plain text
        self.summary.setAccessibleName("Summary")
        self.summary.setTabChangesFocus(True)
        self.boxes: dict[str, FieldBox] = {}
        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        for field, text, widget in (
            ("name", "&Name", self.name),
            ("headline", "Hea&dline", self.headline),
            ("email", "E&mail", self.email),
            ("phone", "&Phone", self.phone),
            ("location", "L&ocation", self.location),
            ("website", "&Website", self.website),
            ("links", "Lin&ks", self.links),
            ("summary", "&Summary", self.summary),
        ):
            box = FieldBox(widget)
            self.boxes[field] = box
            form.addRow(text, box)
            if (lab := form.labelForField(box)) is not None:
                lab.setBuddy(widget)  # type: ignore[attr-defined]
        body = QWidget()
        body.setLayout(form)
        body.setMaximumWidth(860)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        self.layout_.addWidget(scroll, 1)
        self.empty = plain_label("Choose or create a learner first.", muted=True)
        self.layout_.addWidget(self.empty)
        for edit in (self.name, self.headline, self.email, self.phone, self.location, self.website):
            edit.textChanged.connect(self.validate)
        self.links.textChanged.connect(self.validate)
        self.summary.textChanged.connect(self.validate)

    def refresh(self) -> None:
        self.record = None
        learner_id = self.learner_id
        if learner_id is not None:
            from portfolio.db.stdlib_read import read_learner

            self.record = self.ctx.read_unopened(lambda conn: read_learner(conn, learner_id))
        if learner_id is not None and self.record is None:
            from portfolio.services.learners import get_learner

            with self.ctx.database.read_session() as session:
                self.record = get_learner(session, learner_id)
        r = self.record
        for widget in (self.name, self.headline, self.email, self.phone, self.location,
                       self.website, self.links, self.summary):  # fmt: skip
            widget.blockSignals(True)
        self.name.setText(r.name if r else "")
        self.headline.setText(r.headline if r else "")
        self.email.setText(r.email if r else "")
        self.phone.setText(r.phone if r else "")
        self.location.setText(r.location if r else "")
        self.website.setText(r.website if r else "")
        self.links.setPlainText(_links_text(r.links) if r else "")
        self.summary.setPlainText(r.summary if r else "")
        for widget in (self.name, self.headline, self.email, self.phone, self.location,
                       self.website, self.links, self.summary):  # fmt: skip
            widget.blockSignals(False)
            widget.setEnabled(r is not None)
        self.empty.setVisible(r is None)
        self.validate()

    def value(self) -> LearnerInput | None:
        if self.record is None:
            return None
        base = LearnerInput(
            **{f: getattr(self.record, f) for f in LearnerInput.__dataclass_fields__}
        )
        return dataclasses.replace(
            base,
            name=self.name.text(),
            headline=self.headline.text(),
            email=self.email.text(),
            phone=self.phone.text(),
            location=self.location.text(),
            website=self.website.text(),
            links=_parse_links(self.links.toPlainText()),
            summary=self.summary.toPlainText(),
        )

    def is_dirty(self) -> bool:
        data = self.value()
        if data is None or self.record is None:
            return False
        base = LearnerInput(
            **{f: getattr(self.record, f) for f in LearnerInput.__dataclass_fields__}
        )
        return data != base

    def validate(self) -> bool:
        data = self.value()
        problems: dict[str, str] = {}
        if data is not None:
            for p in check_learner(data):
                field = "links" if p.field.startswith("links") else p.field
                problems.setdefault(field, p.message)
        for field, box in self.boxes.items():
            box.set_problem(problems.get(field, ""))
        ok = data is not None and not problems
        dirty = self.is_dirty()
        self.save_button.setEnabled(ok and dirty)
        self.revert_button.setEnabled(dirty)
        return ok

    def save(self) -> bool:
        """Save the profile as typed; False when a field is invalid (it says why)."""
        data, record = self.value(), self.record
        if data is None or record is None:
            return True
        if not self.validate():
            return False
        if not self.is_dirty():
            return True
        from portfolio.services.learners import update_learner
        from portfolio.ui import commands

        before = LearnerInput(**{f: getattr(record, f) for f in LearnerInput.__dataclass_fields__})
        try:
            with self.ctx.database.session() as session:
                update_learner(session, record.id, data)
        except ValidationError as exc:
            for p in exc.problems:
                self.boxes.get(p.field, self.boxes["name"]).set_problem(p.message)
            return False
        self.ctx.undo_stack.push(commands.EditLearner(self.ctx, record.id, before, data))
        return True

    # -- HoldsUnsavedWork (portfolio.ui.unsaved) --
    def has_unsaved_work(self) -> bool:
        return self.is_dirty()

    def save_unsaved_work(self) -> bool:
        return self.save()

    def discard_unsaved_work(self) -> None:
        self.refresh()

    def unsaved_work_label(self) -> str:
        return f"The profile of {self.record.name}" if self.record else "The profile"
