"""The list-and-editor pattern shared by Credentials and Experience."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from portfolio.ui import messages
from portfolio.ui.context import UiContext
from portfolio.ui.pages.base import LearnerPage
from portfolio.ui.style import heading, plain_label
from portfolio.ui.table_models import RowTableModel, SearchProxy


class TablePage(LearnerPage):
    title = ""
    noun = "item"
    plural = ""  # when adding an "s" is wrong ("experience entries")
    # Reloading a list this long after a change runs on a worker thread (a first load stays on
    # the UI thread, so the window's first paint already shows the data).
    background_rows = 2_000
    _generation: int
    _pending_select: int | None
    _loaded_learner: int | None

    def load_rows(self, session: Any, learner_id: int) -> list[Any]:
        raise NotImplementedError

    def load_rows_unopened(self, learner_id: int) -> list[Any] | None:
        """The rows read without the ORM while the database is unopened (the first window), or
        None to read them through `load_rows`."""
        return None

    def skill_labels(self, text: str) -> list[str]:
        """Autocompletion for the editors' skill tags: the best taxonomy matches for `text`."""
        from portfolio.services.skill_search import search_skills

        with self.ctx.database.read_session() as session:
            return [hit.label for hit in search_skills(session, text, limit=12)]

    def refresh(self) -> None:
        learner_id = self.learner_id
        self._generation += 1
        generation = self._generation
        if self._pending_select is None:
            self._pending_select = self.selected_id()
        if learner_id is None:
            self._apply_rows(generation, ([], None))
            return
        if self.model.total() < self.background_rows or self._loaded_learner != learner_id:
            rows = self.load_rows_unopened(learner_id)
            if rows is None:
                with self.ctx.database.read_session() as session:
                    rows = self.load_rows(session, learner_id)
            self._apply_rows(generation, (rows, None))
            self._loaded_learner = learner_id
            return
        database, model = self.ctx.database, self.model

        def work(_progress: object) -> tuple[list[Any], list[str]]:
            with database.read_session() as session:
                rows = self.load_rows(session, learner_id)
            return rows, [model.search_text(row) for row in rows]

        self.count_label.setText("Loading…")
        self.ctx.tasks.submit(
            work,
            on_done=lambda result: self._apply_rows(generation, result),
            on_error=lambda exc: self.ctx.bus.status.emit(str(exc)),
        )

    def _apply_rows(self, generation: int, result: tuple[list[Any], list[str] | None]) -> None:
        if generation != self._generation:  # a newer reload is on its way
            return
        rows, search = result
        self.model.set_rows(rows, search)
        self._update_count()
        pending, self._pending_select = self._pending_select, None
        self.select_id(pending)

    def select_after_load(self, item_id: int) -> None:
        """Select `item_id` now, or when the reload in progress lands."""
        if self.model.row_of_id(item_id) >= 0 and self.count_label.text() != "Loading…":
            self.select_id(item_id)
        else:
            self._pending_select = item_id

    def __init__(self, ctx: UiContext, model: RowTableModel, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model = model
        self._generation = 0
        self._pending_select = None
        self._loaded_learner = None
        self.proxy = SearchProxy(self)
        self.proxy.setSourceModel(model)
        top = QHBoxLayout()
        top.addWidget(heading(self.title))
        self.count_label = plain_label(muted=True)
        top.addWidget(self.count_label)
        top.addStretch(1)
        self.add_button = QPushButton(f"Add {self.noun}…")
        self.add_button.clicked.connect(self.add)
        top.addWidget(self.add_button)
        self.layout_.addLayout(top)
        self.filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search title, issuer or skills  (Ctrl+F)")
        self.search.setAccessibleName(f"Search {self.title.lower()}")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search)
        self.filters.addWidget(self.search, 1)
        self.layout_.addLayout(self.filters)
        self.view = QTableView()
        self.view.setAccessibleName(self.title)
        self.view.setModel(self.proxy)
        # The model starts sorted (credentials by date, newest first); show that, then let the
        # header sort.
        self.view.horizontalHeader().setSortIndicator(model._sort_column, model._sort_order)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 12)
        self.view.horizontalHeader().setHighlightSections(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.doubleClicked.connect(lambda _index: self.edit())
        self.view.activated.connect(lambda _index: self.edit())
        self.layout_.addWidget(self.view, 1)
        self.empty_label = plain_label(wrap=True, muted=True)
        self.layout_.addWidget(self.empty_label)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)

    def _on_search(self, text: str) -> None:
        selected = self.selected_id()
        self.proxy.set_search(text)
        self.select_id(selected)

    def _update_count(self, *_args: object) -> None:
        total, shown = self.model.total(), self.proxy.rowCount()
        nouns = self.plural or f"{self.noun}s"
        noun = self.noun if total == 1 else nouns
        self.count_label.setText(
            f"{total} {noun}" if shown == total else f"{shown} of {total} {noun}"
        )
        if self.learner_id is None:
            self.empty_label.setText("Choose or create a learner first.")
        elif total == 0:
            self.empty_label.setText(
                f"No {nouns} yet. Press “Add {self.noun}…” (Ctrl+N) or drop files on the window."
            )
        else:
            self.empty_label.setText("")
        self.empty_label.setVisible(bool(self.empty_label.text()))
        self.add_button.setEnabled(self.learner_id is not None)

    def selected_id(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            current = self.view.currentIndex()
            if not current.isValid():
                return None
            return self.proxy.id_at(current.row())
        return self.proxy.id_at(rows[0].row())

    def select_id(self, item_id: int | None) -> None:
        if item_id is None:
            return
        source_row = self.model.row_of_id(item_id)
        if source_row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if index.isValid():
            self.view.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.view.scrollTo(index)

    def set_column_widths(self, samples: list[str]) -> None:
        """Starting widths that fit each sample text (measuring every row's contents instead
        would not scale to 10,000 rows); the user can still resize them."""
        metrics = self.view.fontMetrics()
        for column, sample in enumerate(samples):
            self.view.setColumnWidth(column, metrics.horizontalAdvance(sample) + 14)

    def confirm_delete(self, what: str) -> bool:
        undo = QKeySequence(QKeySequence.StandardKey.Undo).toString(
            QKeySequence.SequenceFormat.NativeText
        )
        return messages.ask_yes_no(
            self,
            f"Delete {self.noun}",
            f"Delete {self.noun} “{what}”? You can undo this with {undo}.",
        )

    # Actions, wired to the Edit menu by the main window.
    def add(self) -> None:
        raise NotImplementedError

    def edit(self) -> None:
        raise NotImplementedError

    def delete(self) -> None:
        raise NotImplementedError

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def current_index(self) -> QModelIndex:
        return self.view.currentIndex()
