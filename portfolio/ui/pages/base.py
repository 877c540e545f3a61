"""What every sidebar page shares: the learner shown, and refreshing only when it matters."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from portfolio.services.records import Changed, Kind
from portfolio.ui.context import UiContext
from portfolio.ui.style import MARGIN, SPACING


class LearnerPage(QWidget):
    """A page constructed as `Page(ctx)`; `set_learner(id)` shows that learner.

    A hidden page only notes that it is stale and reloads when shown, so switching learners or
    saving in one page never makes every page query the database.
    """

    kinds: frozenset[Kind] = frozenset()  # the Changed.kinds this page shows

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.learner_id: int | None = None
        self._stale = True
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        self.layout_.setSpacing(SPACING)
        ctx.bus.changed.connect(self._on_changed)

    def set_learner(self, learner_id: int | None) -> None:
        self.learner_id = learner_id
        self._mark_stale()

    def _on_changed(self, changed: Changed) -> None:
        if changed.learner_id in (None, self.learner_id) and (
            not self.kinds or changed.kinds & self.kinds or Kind.LEARNER in changed.kinds
        ):
            self._mark_stale()

    def _mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.ensure_fresh()

    def ensure_fresh(self) -> None:
        if self._stale:
            self._stale = False
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.ensure_fresh()

    def refresh(self) -> None:
        raise NotImplementedError
