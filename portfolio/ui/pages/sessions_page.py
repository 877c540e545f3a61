"""Sessions page: dated counselling notes and agreed actions with due dates and done flags."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from portfolio.errors import UserError
from portfolio.services.goal_records import ActionRecord, NoteRecord
from portfolio.services.records import Changed, Kind
from portfolio.ui import commands_sessions, messages
from portfolio.ui.context import UiContext
from portfolio.ui.unsaved import settle_unsaved_work

ID_ROLE = Qt.ItemDataRole.UserRole + 1
RECORD_ROLE = Qt.ItemDataRole.UserRole + 3


def _qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _pydate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def _show(value: dt.date | None) -> str:
    return value.strftime("%-d %b %Y") if value else ""


class SessionsPage(QWidget):
    """Notes on the left (newest first) with an editor; agreed actions below."""

    ACTION_TEXT, ACTION_DUE, ACTION_DONE_ON = range(3)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.learner_id: int | None = None
        self.today = dt.date.today
        self._note_id: int | None = None
        self._note: NoteRecord | None = None  # the note in the editor, as saved
        self._editor_learner: int | None = None  # whose note the editor holds
        self._loading = False
        self._pushing = False  # our own change: the page refreshes itself

        # --- notes ---
        self.note_list = QListWidget()
        self.note_list.setAccessibleName("Session notes")
        self.note_list.setWordWrap(True)
        self.note_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.new_note_button = QPushButton("New note")
        self.held_on = QDateEdit()
        self.held_on.setCalendarPopup(True)
        self.held_on.setDisplayFormat("d MMM yyyy")
        self.held_on.setAccessibleName("Session date")
        self.note_body = QPlainTextEdit()
        self.note_body.setPlaceholderText(
            "What was discussed: goals, concerns, what the client will look into…"
        )
        self.note_body.setAccessibleName("Note")
        self.save_note_button = QPushButton("Save note")
        self.delete_note_button = QPushButton("Delete note")

        notes_left = QVBoxLayout()
        notes_left.addWidget(_bold("Sessions"))
        notes_left.addWidget(self.note_list, 1)
        notes_left.addWidget(self.new_note_button)
        left = QWidget()
        left.setLayout(notes_left)

        editor = QVBoxLayout()
        date_row = QHBoxLayout()
        date_row.addWidget(_plain("Held on"))
        date_row.addWidget(self.held_on)
        date_row.addStretch(1)
        date_row.addWidget(self.delete_note_button)
        date_row.addWidget(self.save_note_button)
        editor.addLayout(date_row)
        editor.addWidget(self.note_body, 1)
        right = QWidget()
        right.setLayout(editor)

        notes = QSplitter(Qt.Orientation.Horizontal)
        notes.addWidget(left)
        notes.addWidget(right)
        notes.setSizes([260, 700])

        # --- actions ---
        self.action_tree = QTreeWidget()
        self.action_tree.setColumnCount(3)
        self.action_tree.setHeaderLabels(["Agreed action", "Due", "Done on"])
        self.action_tree.setRootIsDecorated(False)
        self.action_tree.setAccessibleName("Agreed actions")
        self.action_tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.action_tree.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.action_tree.setToolTip("Double-click or press F2 to reword an action")
        header = self.action_tree.header()
        header.setSectionResizeMode(self.ACTION_TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.ACTION_DUE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.ACTION_DONE_ON, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.action_text = QLineEdit()
        self.action_text.setPlaceholderText("New agreed action, e.g. “Apply to the Azure program”")
        self.action_text.setAccessibleName("New action")
        self.has_due = QCheckBox("Due")
        self.has_due.setChecked(True)
        self.action_due = QDateEdit()
        self.action_due.setCalendarPopup(True)
        self.action_due.setDisplayFormat("d MMM yyyy")
        self.action_due.setAccessibleName("Due date")
        self.add_action_button = QPushButton("Add action")
        self.delete_action_button = QPushButton("Delete action")

        add_row = QHBoxLayout()
        add_row.addWidget(self.action_text, 1)
        add_row.addWidget(self.has_due)
        add_row.addWidget(self.action_due)
        add_row.addWidget(self.add_action_button)
        add_row.addWidget(self.delete_action_button)
        actions = QVBoxLayout()
        actions.addWidget(_bold("Agreed actions (tick when done)"))
        actions.addWidget(self.action_tree, 1)
        actions.addLayout(add_row)
        actions_widget = QWidget()
        actions_widget.setLayout(actions)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(notes)
        split.addWidget(actions_widget)
        split.setSizes([420, 300])
        self.privacy = _plain(
            "Notes and actions stay in this portfolio file; they are never part of a CV."
        )
        self.privacy.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.privacy)

        self.note_list.currentItemChanged.connect(lambda *_: self._open_selected_note())
        self.note_body.installEventFilter(self)
        self.held_on.installEventFilter(self)
        self.new_note_button.clicked.connect(self.new_note)
        self.save_note_button.clicked.connect(self.save_note)
        self.delete_note_button.clicked.connect(self.delete_note)
        self.add_action_button.clicked.connect(self.add_action)
        self.action_text.returnPressed.connect(self.add_action)
        self.delete_action_button.clicked.connect(self.delete_action)
        self.has_due.toggled.connect(self.action_due.setEnabled)
        self.action_tree.itemChanged.connect(self._action_ticked)
        ctx.bus.changed.connect(self._on_changed)
        self.set_learner(ctx.learner_id)

    # --- loading ---

    def set_learner(self, learner_id: int | None) -> None:
        if learner_id != self.learner_id:
            self.action_text.clear()  # typed for the learner before (the window settled it)
        self.learner_id = learner_id
        self.refresh()

    def refresh(self, select_note: int | None = None) -> None:
        from portfolio.services.sessions import list_actions, list_notes

        enabled = self.learner_id is not None
        for widget in (
            self.new_note_button,
            self.save_note_button,
            self.note_body,
            self.held_on,
            self.action_text,
            self.add_action_button,
        ):
            widget.setEnabled(enabled)
        notes: list[NoteRecord] = []
        actions: list[ActionRecord] = []
        if self.learner_id is not None:
            with self.ctx.database.read_session() as session:
                notes = list_notes(session, self.learner_id)
                actions = list_actions(session, self.learner_id)
        # A note being typed stays in the editor when undo, redo or another view refreshes it.
        draft = None
        if select_note is None and self._editor_learner == self.learner_id and self._note_dirty():
            draft = (self._note_id, self.held_on.date(), self.note_body.toPlainText())
        self._fill_notes(notes, select_note if select_note is not None else self._note_id)
        if draft is not None:
            note_id, held_on, body = draft
            if note_id != self._note_id:  # a new note, or its note is gone (undo): new again
                self._select_note_row(None)
                self._edit(None)
            self.held_on.setDate(held_on)
            self.note_body.setPlainText(body)
        self._fill_actions(actions)
        self.action_due.setDate(_qdate(self.today() + dt.timedelta(days=14)))

    def _fill_notes(self, notes: list[NoteRecord], select: int | None) -> None:
        self._loading = True
        self.note_list.clear()
        for note in notes:
            first = note.body.strip().splitlines()[0] if note.body.strip() else ""
            if len(first) > 60:
                first = first[:59] + "…"
            item = QListWidgetItem(f"{_show(note.held_on)}\n{first}")
            item.setData(ID_ROLE, note.id)
            item.setData(Qt.ItemDataRole.UserRole + 2, note)
            self.note_list.addItem(item)
        ids = [n.id for n in notes]
        if select in ids:
            self.note_list.setCurrentRow(ids.index(select))
        elif ids:
            self.note_list.setCurrentRow(0)
        self._loading = False
        row = self.note_list.currentRow()
        self._edit(notes[row] if 0 <= row < len(notes) else None)

    def _fill_actions(self, actions: list[ActionRecord]) -> None:
        self._loading = True
        self.action_tree.clear()
        today = self.today()
        for action in actions:
            due = _show(action.due_on)
            if action.overdue(today):
                due += " (overdue)"
            item = QTreeWidgetItem([action.text, due, _show(action.done_on)])
            item.setFlags(
                item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEditable
            )
            item.setCheckState(
                self.ACTION_TEXT,
                Qt.CheckState.Checked if action.done else Qt.CheckState.Unchecked,
            )
            item.setData(self.ACTION_TEXT, ID_ROLE, action.id)
            item.setData(self.ACTION_TEXT, RECORD_ROLE, action)
            if action.done:
                font = item.font(self.ACTION_TEXT)
                font.setStrikeOut(True)
                item.setFont(self.ACTION_TEXT, font)
            self.action_tree.addTopLevelItem(item)
        self._loading = False

    def _open_selected_note(self) -> None:
        if self._loading:
            return
        item = self.note_list.currentItem()
        chosen = item.data(ID_ROLE) if item is not None else None
        if not settle_unsaved_work(self, _NoteDraft(self)):
            self._select_note_row(self._note_id)  # Cancel: the typed note stays open
            return
        self._select_note_row(chosen)  # a Save refilled the list
        item = self.note_list.currentItem()
        self._edit(item.data(Qt.ItemDataRole.UserRole + 2) if item is not None else None)

    def _select_note_row(self, note_id: int | None) -> None:
        self._loading = True
        try:
            for row in range(self.note_list.count()):
                if self.note_list.item(row).data(ID_ROLE) == note_id:
                    self.note_list.setCurrentRow(row)
                    break
            else:
                self.note_list.setCurrentRow(-1)
        finally:
            self._loading = False

    def _edit(self, note: NoteRecord | None) -> None:
        self._note_id = note.id if note else None
        self._note = note
        self._editor_learner = self.learner_id
        self.held_on.setDate(_qdate(note.held_on if note else self.today()))
        self.note_body.setPlainText(note.body if note else "")
        self.delete_note_button.setEnabled(note is not None)

    # --- user actions ---

    def new_note(self) -> None:
        if not settle_unsaved_work(self, _NoteDraft(self)):
            return
        self._select_note_row(None)
        self.note_list.clearSelection()
        self._edit(None)
        self.note_body.setFocus()

    def save_note(self) -> bool:
        """Save the note in the editor; False when it is refused (a message says why)."""
        learner_id = self.learner_id
        if learner_id is None:
            return False
        held_on = _pydate(self.held_on.date())
        body = self.note_body.toPlainText()
        try:
            with self._own_change():
                note_id = commands_sessions.save_note(
                    self.ctx, learner_id, self._note_id, held_on, body
                )
        except UserError as exc:
            QMessageBox.warning(self, "Note not saved", str(exc))
            return False
        self._note_id = note_id
        self.refresh(select_note=note_id)
        return True

    def delete_note(self) -> None:
        if self._note_id is None or self.learner_id is None:
            return
        if not messages.ask_yes_no(
            self,
            "Delete note",
            f"Delete this session note? Actions agreed in it are kept. {_undo_hint()}",
        ):
            return
        with self._own_change():
            commands_sessions.delete_note(self.ctx, self.learner_id, self._note_id)
        self._note_id = None
        self.refresh()

    def add_action(self) -> bool:
        """Add the action typed in; False when it is refused (a message says why)."""
        if self.learner_id is None or not self.action_text.text().strip():
            return False
        due = _pydate(self.action_due.date()) if self.has_due.isChecked() else None
        try:
            with self._own_change():
                commands_sessions.add_action(
                    self.ctx, self.learner_id, self.action_text.text(), due, self._note_id
                )
        except UserError as exc:
            QMessageBox.warning(self, "Action not added", str(exc))
            return False
        self.action_text.clear()
        self.refresh()
        return True

    def delete_action(self) -> None:
        item = self.action_tree.currentItem()
        if item is None or self.learner_id is None:
            return
        if not messages.ask_yes_no(
            self,
            "Delete action",
            f"Delete the action “{item.text(self.ACTION_TEXT)}”? {_undo_hint()}",
        ):
            return
        with self._own_change():
            commands_sessions.delete_action(
                self.ctx, self.learner_id, int(item.data(self.ACTION_TEXT, ID_ROLE))
            )
        self.refresh()

    def _action_ticked(self, item: QTreeWidgetItem, column: int) -> None:
        if self._loading or column != self.ACTION_TEXT or self.learner_id is None:
            return
        record: ActionRecord = item.data(self.ACTION_TEXT, RECORD_ROLE)
        done = item.checkState(self.ACTION_TEXT) == Qt.CheckState.Checked
        text = item.text(self.ACTION_TEXT)
        try:
            with self._own_change():
                if done != record.done:
                    commands_sessions.set_action_done(
                        self.ctx, self.learner_id, record.id, done, self.today()
                    )
                elif text != record.text:
                    commands_sessions.edit_action(
                        self.ctx, self.learner_id, record.id, text, record.due_on
                    )
                else:
                    return
        except UserError as exc:
            QMessageBox.warning(self, "Action not changed", str(exc))
        # Re-sorting right inside itemChanged would destroy the item being edited.
        QTimer.singleShot(0, self.refresh)

    # Edit-menu actions of the main window (Ctrl+N, Delete).
    def add(self) -> None:
        self.new_note()

    def delete(self) -> None:
        if self.action_tree.hasFocus() and self.action_tree.currentItem() is not None:
            self.delete_action()
        else:
            self.delete_note()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Ctrl+Enter in the note editor saves the note, as it saves a dialog.
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.save_note()
            return True
        return super().eventFilter(watched, event)

    # -- HoldsUnsavedWork (portfolio.ui.unsaved): the note being typed, the action not added --
    def _note_dirty(self) -> bool:
        if self.learner_id is None:
            return False
        body = self.note_body.toPlainText()
        if self._note is None:
            return bool(body.strip())
        return body != self._note.body or _pydate(self.held_on.date()) != self._note.held_on

    def _action_typed(self) -> bool:
        return self.learner_id is not None and bool(self.action_text.text().strip())

    def has_unsaved_work(self) -> bool:
        return self._note_dirty() or self._action_typed()

    def save_unsaved_work(self) -> bool:
        if self._note_dirty() and not self.save_note():
            return False
        return not self._action_typed() or self.add_action()

    def discard_unsaved_work(self) -> None:
        self.action_text.clear()
        self._edit(self._note)

    def unsaved_work_label(self) -> str:
        from portfolio.services.learners import get_learner

        name = ""
        if self.learner_id is not None:
            with self.ctx.database.read_session() as session:
                name = get_learner(session, self.learner_id).name
        if self._note_dirty() and self._action_typed():
            return f"The Sessions page of {name}"
        if self._action_typed():
            return f"The new agreed action for {name}"
        return _NoteDraft(self).unsaved_work_label() + f" for {name}"

    @contextmanager
    def _own_change(self) -> Iterator[None]:
        self._pushing = True
        try:
            yield
        finally:
            self._pushing = False

    def _on_changed(self, changed: object) -> None:
        if (
            isinstance(changed, Changed)
            and changed.learner_id in (None, self.learner_id)  # None: any learner (a restore)
            and changed.kinds & {Kind.LEARNER, Kind.SESSIONS}
            and not self._pushing
        ):
            self.refresh()  # undo or redo (or another view) changed notes or actions


class _NoteDraft:
    """The note in the editor alone, settled before another note replaces it."""

    def __init__(self, page: SessionsPage) -> None:
        self.page = page

    def has_unsaved_work(self) -> bool:
        return self.page._note_dirty()

    def save_unsaved_work(self) -> bool:
        return self.page.save_note()

    def discard_unsaved_work(self) -> None:
        self.page._edit(self.page._note)

    def unsaved_work_label(self) -> str:
        note = self.page._note
        return f"The session note of {_show(note.held_on)}" if note else "The new session note"


def _undo_hint() -> str:
    undo = QKeySequence(QKeySequence.StandardKey.Undo).toString(
        QKeySequence.SequenceFormat.NativeText
    )
    return f"You can undo this with {undo}."


def _plain(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def _bold(text: str) -> QLabel:
    label = _plain(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label
