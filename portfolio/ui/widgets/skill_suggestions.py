"""Suggested skills as chips, each accepted or rejected with one click (for the credential editor)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from portfolio.enums import SkillSource
from portfolio.services.skills import ESCO_ATTRIBUTION
from portfolio.services.suggest import Suggestion, suggest_skills
from portfolio.ui.context import UiContext
from portfolio.ui.widgets.forms import FlowLayout


class SkillChip(QFrame):
    accepted = Signal(int, str)
    rejected = Signal(int)

    def __init__(self, suggestion: Suggestion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.suggestion = suggestion
        self.setObjectName("skillChip")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setToolTip(f"{suggestion.category}: {suggestion.reason}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 1, 2, 1)
        layout.setSpacing(2)
        self.label = QLabel(suggestion.label)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.accept_button = QToolButton()
        self.accept_button.setText("✓")
        self.accept_button.setToolTip(f"Add “{suggestion.label}” to this credential")
        self.accept_button.setAccessibleName(f"Accept {suggestion.label}")
        self.reject_button = QToolButton()
        self.reject_button.setText("✕")
        self.reject_button.setToolTip("Not this one")
        self.reject_button.setAccessibleName(f"Reject {suggestion.label}")
        layout.addWidget(self.label)
        layout.addWidget(self.accept_button)
        layout.addWidget(self.reject_button)
        self.accept_button.clicked.connect(
            lambda: self.accepted.emit(suggestion.skill_id, suggestion.label)
        )
        self.reject_button.clicked.connect(lambda: self.rejected.emit(suggestion.skill_id))


class SkillSuggestions(QWidget):
    """Call `set_source(title, description, issuer, tags, exclude)`; chips appear when ready.

    Emits `accepted(skill_id, label)` when the user accepts a chip (the chip then disappears);
    rejected skills are not suggested again for as long as the widget lives. Suggestion runs on
    `ctx.tasks` (building the index over the full ESCO set can take a moment), debounced.
    """

    accepted = Signal(int, str)
    rejected = Signal(int)
    updated = Signal(int)  # number of chips shown

    def __init__(self, ctx: UiContext, parent: QWidget | None = None, limit: int = 6) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.limit = limit
        self._rejected: set[int] = set()
        self._accepted: set[int] = set()
        self._exclude: set[int] = set()
        self._request: tuple[str, str, str, tuple[str, ...]] = ("", "", "", ())
        self._generation = 0
        self.chips: list[SkillChip] = []
        # Where the keyboard goes once the last suggestion has been accepted or rejected.
        self.focus_when_empty: QWidget | None = None

        self.caption = QLabel("Suggested skills:")
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.empty = QLabel("none yet: add a title or description")
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setEnabled(False)
        self.row = FlowLayout(spacing=4)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        line = QHBoxLayout()
        line.addWidget(self.caption)
        line.addWidget(self.empty)
        line.addStretch(1)
        outer.addLayout(line)
        outer.addLayout(self.row)
        self.attribution = QLabel(ESCO_ATTRIBUTION)
        self.attribution.setTextFormat(Qt.TextFormat.PlainText)
        self.attribution.setWordWrap(True)
        self.attribution.setEnabled(False)
        self.attribution.setVisible(False)
        outer.addWidget(self.attribution)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.refresh)

    def set_source(
        self,
        title: str,
        description: str = "",
        issuer: str = "",
        tags: Sequence[str] = (),
        exclude: Sequence[int] = (),
        *,
        immediately: bool = False,
    ) -> None:
        """New credential text; suggestions refresh after a short pause (or now)."""
        self._request = (title, description, issuer, tuple(tags))
        self._exclude = set(exclude)
        if immediately:
            self._timer.stop()
            self.refresh()
        else:
            self._timer.start()

    def refresh(self) -> None:
        self._generation += 1
        generation = self._generation
        title, description, issuer, tags = self._request
        exclude = self._exclude | self._rejected | self._accepted
        database = self.ctx.database
        limit = self.limit

        def work(_progress: object) -> list[Suggestion]:
            with database.read_session() as session:
                return suggest_skills(session, title, description, issuer, tags, exclude, limit)

        def done(result: list[Suggestion]) -> None:
            if generation == self._generation:  # a newer request superseded this one
                self._show(result)

        self.ctx.tasks.submit(work, on_done=done, on_error=lambda exc: self._show([]))

    def _show(self, suggestions: list[Suggestion]) -> None:
        focus = self._focused()
        for chip in self.chips:
            self._discard(chip)
        self.chips = []
        for suggestion in suggestions:
            chip = SkillChip(suggestion, self)
            chip.accepted.connect(self._on_accepted)
            chip.rejected.connect(self._on_rejected)
            self.row.addWidget(chip)
            self.chips.append(chip)
        self._after_change()
        self._refocus(focus)
        self.updated.emit(len(self.chips))

    def labels(self) -> list[str]:
        return [chip.suggestion.label for chip in self.chips]

    def tab_stops(self) -> list[QWidget]:
        """Each suggestion's Accept and Reject buttons, in the order they read."""
        return [b for chip in self.chips for b in (chip.accept_button, chip.reject_button)]

    def _focused(self) -> tuple[int, int, bool] | None:
        """(skill id, chip index, on its Accept button) if the keyboard is on a suggestion."""
        focus = self.window().focusWidget()
        for index, chip in enumerate(self.chips):
            if focus in (chip.accept_button, chip.reject_button):
                return chip.suggestion.skill_id, index, focus is chip.accept_button
        return None

    def _refocus(self, place: tuple[int, int, bool] | None) -> None:
        """Keep the keyboard on the suggestions when the chips change under it: on the same
        skill if it is still suggested, else on the one now in its place (or the last), else on
        `focus_when_empty`."""
        if place is None:
            return
        # A keyboard reason, so the style keeps drawing the focus frame (Qt counts Tab only
        # while handling the Tab key itself).
        reason = Qt.FocusReason.ShortcutFocusReason
        skill_id, index, accept = place
        if self.chips:
            ids = [chip.suggestion.skill_id for chip in self.chips]
            chip = self.chips[ids.index(skill_id) if skill_id in ids else min(index, len(ids) - 1)]
            button = chip.accept_button if accept else chip.reject_button
            button.setFocus(reason)
        elif self.focus_when_empty is not None:
            self.focus_when_empty.setFocus(reason)

    def _discard(self, chip: SkillChip) -> None:
        focus = self.window().focusWidget()
        if focus is not None and chip.isAncestorOf(focus):
            # Else hiding it hands the focus on for a reason that hides the focus frame, and
            # _refocus could not give it back.
            focus.clearFocus()
        self.row.removeWidget(chip)
        chip.hide()  # at once: deleteLater leaves it drawn (and focusable) until the next loop
        chip.deleteLater()

    def _drop(self, skill_id: int) -> None:
        focus = self._focused()
        for chip in list(self.chips):
            if chip.suggestion.skill_id == skill_id:
                self.chips.remove(chip)
                self._discard(chip)
        self._after_change()
        self._refocus(focus)

    def _after_change(self) -> None:
        self.empty.setVisible(not self.chips)
        self.attribution.setVisible(
            any(chip.suggestion.source is SkillSource.ESCO for chip in self.chips)
        )

    def _on_accepted(self, skill_id: int, label: str) -> None:
        self._accepted.add(skill_id)
        self._drop(skill_id)
        self.accepted.emit(skill_id, label)

    def _on_rejected(self, skill_id: int) -> None:
        self._rejected.add(skill_id)
        self._drop(skill_id)
        self.rejected.emit(skill_id)
