"""Credentials: the big sortable, searchable table and its editor."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QWidget

from portfolio.services.records import CredentialInput, CredentialRow, Kind
from portfolio.ui.context import UiContext
from portfolio.ui.labels import KIND_CHOICES, label
from portfolio.ui.pages.table_page import TablePage
from portfolio.ui.table_models import CredentialTableModel

# The services, the commands and the editor (and through them SQLAlchemy) are imported where
# used: the window can open on this page before the database is (portfolio.db.first_screen).

STATUS_FILTERS = (
    ("Any status", None),
    ("Expired", "expired"),
    ("Expiring within 90 days", "expiring"),
    ("In progress", "in_progress"),
    ("Completed", "completed"),
)


class CredentialsPage(TablePage):
    title = "Credentials"
    noun = "credential"
    kinds = frozenset({Kind.CREDENTIAL, Kind.SKILL})

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        self.cred_model = CredentialTableModel()
        super().__init__(ctx, self.cred_model, parent)
        self.kind_filter = QComboBox()
        self.kind_filter.setAccessibleName("Filter by kind")
        self.kind_filter.addItem("Any kind", None)
        for kind in KIND_CHOICES:
            self.kind_filter.addItem(label(kind), kind)
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName("Filter by status")
        for text, value in STATUS_FILTERS:
            self.status_filter.addItem(text, value)
        self.group = QCheckBox("Group stacked")
        self.group.setToolTip(
            "Show micro-courses and other credentials indented under the degree or program they "
            "count toward"
        )
        self.group.setChecked(True)
        self.group.toggled.connect(self.cred_model.set_grouped)
        self.kind_filter.currentIndexChanged.connect(self._apply_filters)
        self.status_filter.currentIndexChanged.connect(self._apply_filters)
        self.filters.addWidget(self.kind_filter)
        self.filters.addWidget(self.status_filter)
        self.filters.addWidget(self.group)
        self.set_column_widths(
            [
                "Microsoft Certified: Azure Fundamen",
                "Micro-credential",
                "Vancouver Community Coll",
                "Since Sep 2018",
                "Expires 15 Dec 2026",
                "120 credits",
            ]
        )

    def _apply_filters(self) -> None:
        kind = self.kind_filter.currentData()
        status = self.status_filter.currentData()
        model = self.cred_model
        if kind is None and status is None:
            self.proxy.set_row_filter(None)
            return

        def accept(row: CredentialRow) -> bool:
            return (kind is None or row.kind == kind) and (
                status is None or model.status_of_row(row) == status
            )

        self.proxy.set_row_filter(accept)

    def load_rows(self, session: Any, learner_id: int) -> list[Any]:
        from portfolio.services.credentials import list_credentials

        return list_credentials(session, learner_id)

    def load_rows_unopened(self, learner_id: int) -> list[Any] | None:
        from portfolio.db.first_screen import read_credential_rows

        return self.ctx.read_unopened(lambda conn: read_credential_rows(conn, learner_id))

    def _editor(self, record_id: int | None) -> None:
        from portfolio.services.credentials import get_credential
        from portfolio.services.organizations import list_organizations
        from portfolio.ui import commands
        from portfolio.ui.dialogs.credential_editor import CredentialEditor
        from portfolio.ui.widgets.skill_suggestions import SkillSuggestions

        learner_id = self.learner_id
        if learner_id is None:
            return
        with self.ctx.database.read_session() as session:
            record = get_credential(session, record_id) if record_id is not None else None
            orgs = [org.name for org in list_organizations(session)]
        before = record.to_input() if record else None
        saved: list[int] = []

        def save(data: CredentialInput) -> None:
            saved.append(
                commands.save_record(
                    self.ctx, commands.CREDENTIAL, learner_id, record_id, before, data
                )
            )

        dialog = CredentialEditor(
            save,
            record=record,
            others=self.cred_model.rows(),
            organizations=orgs,
            skill_lookup=self.skill_labels,
            suggestions=SkillSuggestions(self.ctx),
            parent=self,
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

        title = self.cred_model.row_at(self.cred_model.row_of_id(item)).title
        if self.confirm_delete(title):
            commands.delete_record(self.ctx, commands.CREDENTIAL, self.learner_id, item)
