"""A tag field for a credential's or experience's skills: autocomplete from the taxonomy,
custom skills allowed, duplicates refused, each tag removable with one click."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from portfolio.services.records import SkillLinkInput
from portfolio.services.skills import search_skills
from portfolio.text import clean_line, fold
from portfolio.ui.context import UiContext
from portfolio.ui.widgets.flow_layout import FlowLayout


class _Tag(QFrame):
    removed = Signal(str)

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label_text = label
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 1, 2, 1)
        layout.setSpacing(2)
        text = QLabel(label)
        text.setTextFormat(Qt.TextFormat.PlainText)
        self.remove_button = QToolButton()
        self.remove_button.setText("✕")
        self.remove_button.setAccessibleName(f"Remove {label}")
        self.remove_button.setToolTip(f"Remove “{label}”")
        layout.addWidget(text)
        layout.addWidget(self.remove_button)
        self.remove_button.clicked.connect(lambda: self.removed.emit(label))


class SkillTagField(QWidget):
    """`links()` gives the chosen skills as SkillLinkInput; `set_links()` fills the field.

    Typing shows matching taxonomy skills (search is a few milliseconds, so it runs inline);
    Enter or choosing a completion adds a tag; a label not in the taxonomy becomes a custom
    skill when saved. `changed` fires whenever the tags change.
    """

    changed = Signal()
    MAX_COMPLETIONS = 12

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._links: list[SkillLinkInput] = []
        self._ids: dict[str, int] = {}  # completion text -> skill id
        self._tags: list[_Tag] = []
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Add a skill: type to search the taxonomy, Enter to add")
        self.edit.setAccessibleName("Add a skill")
        self.model = QStringListModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        # The model already holds search results (accent-folded, word prefixes): show them all.
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.edit.setCompleter(self.completer)
        self.edit.textEdited.connect(self._update_completions)
        self.edit.returnPressed.connect(self._commit_text)
        self.completer.activated.connect(self.add_label)
        self.message = QLabel("")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.tags_row = FlowLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.tags_row)
        layout.addWidget(self.edit)
        layout.addWidget(self.message)

    def _update_completions(self, text: str) -> None:
        if len(clean_line(text)) < 2:
            self.model.setStringList([])
            return
        with self.ctx.database.read_session() as session:
            hits = search_skills(session, text, self.MAX_COMPLETIONS)
        self._ids = {hit.label: hit.id for hit in hits}
        self.model.setStringList([hit.label for hit in hits])

    def _commit_text(self) -> None:
        popup = self.completer.popup()
        if popup is not None and popup.isVisible() and popup.currentIndex().isValid():
            return  # the completer's activated signal adds it
        self.add_label(self.edit.text())

    def add_label(self, label: str, skill_id: int | None = None) -> bool:
        """Add a tag; False (with a message) when it is empty or already there."""
        label = clean_line(label)
        if not label:
            return False
        key = fold(label)
        if any(fold(link.label) == key for link in self._links) or (
            skill_id is not None and any(link.skill_id == skill_id for link in self._links)
        ):
            self.message.setText(f"“{label}” is already there.")
            self.edit.clear()
            return False
        self.message.setText("")
        sid = skill_id if skill_id is not None else self._ids.get(label)
        self._links.append(SkillLinkInput(label=label, skill_id=sid))
        self._add_tag(label)
        self.edit.clear()
        self.changed.emit()
        return True

    def _add_tag(self, label: str) -> None:
        tag = _Tag(label, self)
        tag.removed.connect(self.remove_label)
        self.tags_row.addWidget(tag)
        self._tags.append(tag)

    def remove_label(self, label: str) -> None:
        key = fold(label)
        self._links = [link for link in self._links if fold(link.label) != key]
        for tag in [t for t in self._tags if fold(t.label_text) == key]:
            self._tags.remove(tag)
            self.tags_row.removeWidget(tag)
            tag.deleteLater()
        self.changed.emit()

    def links(self) -> tuple[SkillLinkInput, ...]:
        return tuple(self._links)

    def labels(self) -> list[str]:
        return [link.label for link in self._links]

    def set_links(self, links: Iterable[SkillLinkInput]) -> None:
        for tag in self._tags:
            self.tags_row.removeWidget(tag)
            tag.deleteLater()
        self._tags = []
        self._links = []
        for link in links:
            if all(fold(link.label) != fold(other.label) for other in self._links):
                self._links.append(link)
                self._add_tag(link.label)
        self.changed.emit()
