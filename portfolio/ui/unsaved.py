"""Nothing typed is lost: the one rule for unsaved work on every page and in every dialog.

Before the main window switches learner or page, or closes, it asks each page that
`HoldsUnsavedWork` through `settle_pages`; a `GuardedDialog` asks the same question when Escape,
Cancel or its close button would drop what was typed. The question is always the same:
Save, Discard or Cancel. Cancel (or a Save that fails, e.g. on an invalid field) leaves
everything as it was, so the caller must not go on.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, runtime_checkable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

TITLE = "Unsaved changes"


@runtime_checkable
class HoldsUnsavedWork(Protocol):
    """A page or dialog that can hold typed work not yet in the database."""

    def has_unsaved_work(self) -> bool:
        """Whether something typed here is not saved yet."""
        ...

    def save_unsaved_work(self) -> bool:
        """Save it; False (after showing why) when it is invalid or the save failed."""
        ...

    def discard_unsaved_work(self) -> None:
        """Drop it: show what is saved again (a dialog closes)."""
        ...

    def unsaved_work_label(self) -> str:
        """What holds the work, for the question, e.g. "The profile of Samantha Kolb"."""
        ...


def ask_save_discard_cancel(parent: QWidget | None, text: str) -> QMessageBox.StandardButton:
    """Ask the question; the answer is Save, Discard or Cancel (Escape means Cancel)."""
    box = QMessageBox(
        QMessageBox.Icon.Warning, TITLE, text, QMessageBox.StandardButton.NoButton, parent
    )
    box.setTextFormat(Qt.TextFormat.PlainText)  # the label holds user text
    box.setInformativeText("Save them, discard them, or cancel and keep editing?")
    box.setStandardButtons(
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    try:
        answer = box.exec()
    finally:
        box.deleteLater()
    return QMessageBox.StandardButton(answer)


def settle_unsaved_work(parent: QWidget | None, holder: HoldsUnsavedWork) -> bool:
    """Ask about the holder's unsaved work, if any; True when the caller may go on."""
    if not holder.has_unsaved_work():
        return True
    answer = ask_save_discard_cancel(
        parent, f"{holder.unsaved_work_label()} has changes that are not saved."
    )
    if answer == QMessageBox.StandardButton.Save:
        return holder.save_unsaved_work()
    if answer == QMessageBox.StandardButton.Discard:
        holder.discard_unsaved_work()
        return True
    return False


def settle_pages(parent: QWidget | None, pages: Iterable[object]) -> bool:
    """Settle every page holding unsaved work, one question each; False at the first Cancel."""
    for page in pages:
        if isinstance(page, HoldsUnsavedWork) and not settle_unsaved_work(parent, page):
            return False
    return True


def settle_open_dialogs(window: QWidget) -> bool:
    """Settle the window's open guarded dialogs (the window is about to close)."""
    # Open dialogs are top-level windows: a short list, unlike every widget of the window.
    for dialog in QApplication.topLevelWidgets():
        if not isinstance(dialog, GuardedDialog) or not dialog.isVisible():
            continue
        if not _belongs_to(dialog, window):
            continue
        if not settle_unsaved_work(dialog, dialog):
            return False
    return True


def record_label(noun: str, saved_title: str | None, typed_title: str) -> str:
    """“The credential “BA”” for a saved record, “The new experience “Clerk”” for a new one."""
    if saved_title is not None:
        return f"The {noun} “{saved_title}”"
    title = typed_title.strip()
    return f"The new {noun} “{title}”" if title else f"The new {noun}"


def _belongs_to(widget: QWidget, window: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        parent = parent.parentWidget()
    return parent is window


class GuardedDialog(QDialog):
    """A dialog that asks before Escape, Cancel or closing drops what was typed, and saves on
    Ctrl+Enter when valid.

    Call `guard(save_button)` at the end of `__init__`, once the fields hold their starting
    values: what the fields hold then is "nothing typed". A subclass whose state is not all in
    line edits, text boxes, combo boxes and check boxes adds it in `typed_state`.
    """

    _save_button: QAbstractButton | None = None
    _start_state: object = None

    def guard(self, save_button: QAbstractButton) -> None:
        self._save_button = save_button
        self._start_state = self.typed_state()

    def typed_state(self) -> object:
        """What the fields hold now, comparable with `==`."""
        state: list[object] = []
        for widget in self.findChildren(QWidget):
            if isinstance(widget, QLineEdit | QAbstractSpinBox):
                state.append(widget.text())
            elif isinstance(widget, QPlainTextEdit):
                state.append(widget.toPlainText())
            elif isinstance(widget, QComboBox):
                state.append(widget.currentIndex())
            elif isinstance(widget, QAbstractButton) and widget.isCheckable():
                state.append(widget.isChecked())
        return tuple(state)

    def save_if_valid(self) -> None:
        """Press Save, as Ctrl+Enter does; a disabled (invalid) Save does nothing."""
        button = self._save_button
        if button is not None and button.isEnabled():
            button.click()

    # -- HoldsUnsavedWork --
    def has_unsaved_work(self) -> bool:
        return self._save_button is not None and self.typed_state() != self._start_state

    def save_unsaved_work(self) -> bool:
        self.save_if_valid()
        return self.result() == QDialog.DialogCode.Accepted and not self.isVisible()

    def discard_unsaved_work(self) -> None:
        super().reject()

    def unsaved_work_label(self) -> str:
        return f"The dialog “{self.windowTitle()}”"

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Ctrl+Enter saves, as in mail clients. The fields let it through (a line edit ignores
        # Enter; a text box only takes a plain or Shift+Enter), so it arrives here from any of them.
        ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if ctrl and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.save_if_valid()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        # Escape, the Cancel button and the window's close button all come here.
        if self.has_unsaved_work():
            settle_unsaved_work(self, self)  # Save accepts, Discard rejects, Cancel stays open
        else:
            super().reject()
