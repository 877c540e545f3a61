"""Experience: work, volunteering, internships and projects, with highlights."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from portfolio.services.records import ExperienceInput, Kind
from portfolio.ui.context import UiContext
from portfolio.ui.pages.table_page import TablePage
from portfolio.ui.table_models import ExperienceTableModel

# The services, the commands and the editor (and through them SQLAlchemy) are imported where
# used: the window can open on this page before the database is (portfolio.db.first_screen).


class ExperiencePage(TablePage):
    title = "Experience"
    noun = "experience entry"
    plural = "experience entries"
    kinds = frozenset({Kind.EXPERIENCE, Kind.SKILL})

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        self.exp_model = ExperienceTableModel()
        super().__init__(ctx, self.exp_model, parent)
        self.search.setPlaceholderText("Search title, organization or skills  (Ctrl+F)")
        self.add_button.setText("Add experience…")
        self.set_column_widths(
            [
                "Digital marketing assistant, Victoria",
                "Vancouver Community College",
                "Internship",
                "Sep 2020 – Aug 2022",
            ]
        )

    def load_rows(self, session: Any, learner_id: int) -> list[Any]:
        from portfolio.services.experience import list_experience

        return list_experience(session, learner_id)

    def load_rows_unopened(self, learner_id: int) -> list[Any] | None:
        from portfolio.db.first_screen import read_experience_rows

        return self.ctx.read_unopened(lambda conn: read_experience_rows(conn, learner_id))

    def _editor(self, record_id: int | None) -> None:
        from portfolio.services.experience import get_experience
        from portfolio.services.organizations import list_organizations
        from portfolio.ui import commands
        from portfolio.ui.dialogs.experience_editor import ExperienceEditor

        learner_id = self.learner_id
        if learner_id is None:
            return
        with self.ctx.database.read_session() as session:
            record = get_experience(session, record_id) if record_id is not None else None
            orgs = [org.name for org in list_organizations(session)]
        before = record.to_input() if record else None
        saved: list[int] = []

        def save(data: ExperienceInput) -> None:
            saved.append(
                commands.save_record(
                    self.ctx, commands.EXPERIENCE, learner_id, record_id, before, data
                )
            )

        dialog = ExperienceEditor(
            save, record=record, organizations=orgs, skill_lookup=self.skill_labels, parent=self
        )
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
        if saved:
            self.ensure_fresh()
            self.select_after_load(saved[0])

    def add(self) -> None:
        self._editor(None)

    def edit(self) -> None:
        item = self.selected_id()
        if item is not None:
            self._editor(item)

    def delete(self) -> None:
        item = self.selected_id()
        if item is None or self.learner_id is None:
            return
        from portfolio.ui import commands

        title = self.exp_model.row_at(self.exp_model.row_of_id(item)).title
        if self.confirm_delete(title):
            commands.delete_record(self.ctx, commands.EXPERIENCE, self.learner_id, item)
