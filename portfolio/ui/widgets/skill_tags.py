"""A tag editor for skills: autocomplete over known labels, custom skills, a level per skill."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from portfolio.enums import SkillLevel
from portfolio.services.records import SkillLinkInput
from portfolio.text import fold
from portfolio.ui.labels import SKILL_LEVELS, label
from portfolio.ui.style import plain_label, plain_tooltip, set_color
from portfolio.ui.widgets.forms import FlowLayout


class _TagInput(QLineEdit):
    """Enter adds the typed skill and stops there (it must not press the dialog's Save), and
    closes the completion list: the line edit takes the key, so the completer would leave its
    list open over an emptied field. Ctrl+Enter adds it and goes on to the dialog, which saves."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            completer = self.completer()
            popup = completer.popup() if completer is not None else None
            if popup is not None:
                popup.hide()
            if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                event.accept()


class SkillChip(QFrame):
    removed = Signal(object)
    level_changed = Signal()

    def __init__(self, link: SkillLinkInput, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.link = link
        self.setObjectName("skillChip")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 2, 2)
        layout.setSpacing(4)
        layout.addWidget(plain_label(link.label))
        self.level = QComboBox()
        self.level.setAccessibleName(f"Level of {link.label}")
        for level in SKILL_LEVELS:
            self.level.addItem(label(level), level)
        self.level.setCurrentIndex(SKILL_LEVELS.index(link.level))
        self.level.currentIndexChanged.connect(self.level_changed)
        layout.addWidget(self.level)
        self.remove_button = remove = QToolButton()
        remove.setText("×")
        remove.setAccessibleName(f"Remove {link.label}")
        remove.setToolTip(plain_tooltip(f"Remove {link.label}"))
        remove.setAutoRaise(True)
        remove.clicked.connect(lambda: self.removed.emit(self))
        layout.addWidget(remove)

    def value(self) -> SkillLinkInput:
        import dataclasses

        return dataclasses.replace(self.link, level=SkillLevel(self.level.currentData()))


class SkillTagEditor(QWidget):
    """Skills of a record as chips. `lookup(text)` gives completions (a service query)."""

    changed = Signal()

    def __init__(
        self, lookup: Callable[[str], list[str]] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._lookup = lookup
        self._chips: list[SkillChip] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(6)
        row = QHBoxLayout()
        self.input = _TagInput()
        self.input.setPlaceholderText("Type a skill and press Enter")
        self.input.setAccessibleName("Add a skill")
        self._model = QStringListModel(self)
        self.completer = QCompleter(self._model, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.input.setCompleter(self.completer)
        self.input.textEdited.connect(self._complete)
        self.input.returnPressed.connect(self._add_typed)
        self.completer.activated.connect(self._add_text)
        row.addWidget(self.input, 1)
        self.add_button = add = QPushButton("Add skill")
        add.setAutoDefault(False)
        add.clicked.connect(self._add_typed)
        row.addWidget(add)
        outer.addLayout(row)
        self.note = plain_label()
        self.note.hide()
        outer.addWidget(self.note)
        self.chips = QWidget()
        self.flow = FlowLayout(self.chips)
        outer.addWidget(self.chips)

    def _complete(self, text: str) -> None:
        if self._lookup is not None and len(text.strip()) >= 1:
            self._model.setStringList(self._lookup(text))

    def _add_typed(self) -> None:
        self._add_text(self.input.text())

    def _add_text(self, text: str) -> None:
        if self.add_skill(SkillLinkInput(label=text.strip())):
            # Completer activation writes the chosen text back after this slot; clear later.
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, self.input, self.input.clear)
            self.input.clear()

    def add_skill(self, link: SkillLinkInput) -> bool:
        """Add a chip; refuse blanks and duplicates (case and accents ignored)."""
        key = fold(link.label)
        if not key:
            return False
        if any(fold(chip.link.label) == key for chip in self._chips):
            self._say(f"“{link.label.strip()}” is already listed")
            return False
        self._say("")
        chip = SkillChip(link)
        chip.removed.connect(self._remove)
        chip.level_changed.connect(self.changed)
        self._chips.append(chip)
        self.flow.addWidget(chip)
        self.changed.emit()
        return True

    def _say(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))
        set_color(self.note, "warning")

    def _remove(self, chip: SkillChip) -> None:
        self._chips.remove(chip)
        self.flow.removeWidget(chip)
        chip.deleteLater()
        self.changed.emit()
        self.input.setFocus()

    def set_skills(self, links: tuple[SkillLinkInput, ...]) -> None:
        for chip in list(self._chips):
            self._chips.remove(chip)
            self.flow.removeWidget(chip)
            chip.deleteLater()
        for link in links:
            self.add_skill(link)

    def skills(self) -> tuple[SkillLinkInput, ...]:
        return tuple(chip.value() for chip in self._chips)

    def labels(self) -> list[str]:
        return [chip.link.label for chip in self._chips]

    def tab_stops(self) -> list[QWidget]:
        """The input, its button and each chip's controls, in the order they read."""
        stops: list[QWidget] = [self.input, self.add_button]
        for chip in self._chips:
            stops += [chip.level, chip.remove_button]
        return stops

    def default_level(self) -> SkillLevel:
        return SkillLevel.WORKING
