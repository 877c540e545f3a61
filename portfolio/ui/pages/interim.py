"""Interim Skills, Goals and CV pages, replaced by the skills, goals and CV issues."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem, QWidget

from portfolio.services.skill_summary import learner_skill_summary
from portfolio.ui.context import UiContext
from portfolio.ui.labels import label
from portfolio.ui.pages.base import LearnerPage
from portfolio.ui.style import heading, plain_label


class SkillSummaryPage(LearnerPage):
    """The learner's skills with how many credentials and experiences back each one."""

    kinds = frozenset({"credential", "experience", "skill"})

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.layout_.addWidget(heading("Skills"))
        self.intro = plain_label(
            "Skills come from your credentials and experience; the more evidence, the higher "
            "they appear.",
            wrap=True,
            muted=True,
        )
        self.layout_.addWidget(self.intro)
        self.table = QTableWidget(0, 5)
        self.table.setAccessibleName("Skills with evidence")
        self.table.setHorizontalHeaderLabels(
            ["Skill", "Category", "Best level", "Credentials", "Experience"]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        em = self.fontMetrics().averageCharWidth()
        for column, chars in enumerate((34, 30, 14, 12)):
            self.table.setColumnWidth(column, chars * em)
        self.layout_.addWidget(self.table, 1)

    def refresh(self) -> None:
        rows = []
        if self.learner_id is not None:
            with self.ctx.database.read_session() as session:
                rows = learner_skill_summary(session, self.learner_id)
        self.table.setSortingEnabled(False)
        self.table.clearContents()
        self.table.setRowCount(len(rows))
        for i, s in enumerate(rows):
            for j, value in enumerate(
                (s.label, s.category, label(s.best_level), s.credentials, s.experiences)
            ):
                item = QTableWidgetItem()
                item.setData(Qt.ItemDataRole.DisplayRole, value)
                if isinstance(value, int):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(i, j, item)
        # Keep the service's order (most evidence first) until the user clicks a header.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)


class PlaceholderPage(LearnerPage):
    """Explains what a page will hold until its feature lands."""

    heading_text = ""
    explanation = ""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.layout_.addWidget(heading(self.heading_text))
        self.layout_.addWidget(plain_label(self.explanation, wrap=True, muted=True))
        self.layout_.addStretch(1)

    def refresh(self) -> None:
        pass


class GoalsPlaceholder(PlaceholderPage):
    heading_text = "Goals"
    explanation = (
        "Target roles and the skills they need will appear here: which ones your credentials "
        "already cover, which are missing, and the next learning steps agreed with a counsellor."
    )


class CvPlaceholder(PlaceholderPage):
    heading_text = "CV"
    explanation = (
        "Build a CV tailored to a target role here: choose what to include, preview it, and export "
        "a PDF. Until then, your credentials and experience are kept ready for it."
    )
