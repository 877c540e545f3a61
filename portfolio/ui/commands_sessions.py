"""Undoable mutations of the Sessions page: counselling notes and agreed actions.

Each public function does the user's action now, in one transaction, and pushes its command
only once that succeeded; undo and redo each run one transaction (see `commands.py`).
A refused note never reaches the undo stack. Notes and actions re-created by undoing a deletion
go through the window's `IdMap` under the kinds "note" and "action".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from portfolio.services import sessions
from portfolio.services.goal_records import ActionRecord, NoteRecord
from portfolio.services.records import Kind
from portfolio.ui.commands import _Command, _PageCommand, _short
from portfolio.ui.context import UiContext

SESSIONS = {Kind.SESSIONS}


class AddNote(_PageCommand):
    def __init__(
        self, ctx: UiContext, learner_id: int, note_id: int, held_on: dt.date, body: str
    ) -> None:
        super().__init__(ctx, f"Add note “{_short(body)}”", learner_id, SESSIONS)
        self.note_id, self.held_on, self.body = note_id, held_on, body

    def do(self, session: Any) -> None:
        new = sessions.add_note(session, self.learner_id, self.held_on, self.body)
        self._alias("note", self.note_id, new)

    def undo_it(self, session: Any) -> None:
        sessions.delete_note(session, self._id("note", self.note_id))


class EditNote(_PageCommand):
    def __init__(
        self, ctx: UiContext, learner_id: int, before: NoteRecord, after: NoteRecord
    ) -> None:
        super().__init__(ctx, f"Edit note “{_short(after.body)}”", learner_id, SESSIONS)
        self.before, self.after = before, after

    def _apply(self, session: Any, note: NoteRecord) -> None:
        sessions.update_note(session, self._id("note", note.id), note.held_on, note.body)

    def do(self, session: Any) -> None:
        self._apply(session, self.after)

    def undo_it(self, session: Any) -> None:
        self._apply(session, self.before)


class DeleteNote(_PageCommand):
    """Deletes a note (its actions stay); undo brings it back and ties its actions to it again."""

    def __init__(
        self, ctx: UiContext, learner_id: int, note: NoteRecord, action_ids: tuple[int, ...]
    ) -> None:
        super().__init__(ctx, f"Delete note “{_short(note.body)}”", learner_id, SESSIONS)
        self.note, self.action_ids = note, action_ids

    def do(self, session: Any) -> None:
        sessions.delete_note(session, self._id("note", self.note.id))

    def undo_it(self, session: Any) -> None:
        actions = [self._id("action", a) for a in self.action_ids]
        new = sessions.restore_note(
            session, self.learner_id, self.note.held_on, self.note.body, actions
        )
        self._alias("note", self.note.id, new)


class AddAction(_PageCommand):
    def __init__(self, ctx: UiContext, learner_id: int, action: ActionRecord) -> None:
        super().__init__(ctx, f"Add action “{_short(action.text)}”", learner_id, SESSIONS)
        self.action = action

    def do(self, session: Any) -> None:
        note = self.action.note_id
        new = sessions.add_action(
            session,
            self.learner_id,
            self.action.text,
            self.action.due_on,
            None if note is None else self._id("note", note),
        )
        self._alias("action", self.action.id, new)

    def undo_it(self, session: Any) -> None:
        sessions.delete_action(session, self._id("action", self.action.id))


class EditAction(_PageCommand):
    def __init__(
        self, ctx: UiContext, learner_id: int, before: ActionRecord, after: ActionRecord
    ) -> None:
        super().__init__(ctx, f"Edit action “{_short(after.text)}”", learner_id, SESSIONS)
        self.before, self.after = before, after

    def _apply(self, session: Any, action: ActionRecord) -> None:
        sessions.update_action(session, self._id("action", action.id), action.text, action.due_on)

    def do(self, session: Any) -> None:
        self._apply(session, self.after)

    def undo_it(self, session: Any) -> None:
        self._apply(session, self.before)


class TickAction(_PageCommand):
    """Ticks an action done (or opens it again); undo restores the previous flag and date."""

    def __init__(
        self, ctx: UiContext, learner_id: int, before: ActionRecord, after: ActionRecord
    ) -> None:
        verb = "Tick done" if after.done else "Reopen"
        super().__init__(ctx, f"{verb}: action “{_short(after.text)}”", learner_id, SESSIONS)
        self.before, self.after = before, after

    def _apply(self, session: Any, action: ActionRecord) -> None:
        sessions.set_action_done(
            session, self._id("action", action.id), action.done, today=action.done_on
        )

    def do(self, session: Any) -> None:
        self._apply(session, self.after)

    def undo_it(self, session: Any) -> None:
        self._apply(session, self.before)


class DeleteAction(_PageCommand):
    def __init__(self, ctx: UiContext, learner_id: int, action: ActionRecord) -> None:
        super().__init__(ctx, f"Delete action “{_short(action.text)}”", learner_id, SESSIONS)
        self.action = action

    def do(self, session: Any) -> None:
        sessions.delete_action(session, self._id("action", self.action.id))

    def undo_it(self, session: Any) -> None:
        note = self.action.note_id
        record = dataclasses.replace(
            self.action, note_id=None if note is None else self._id("note", note)
        )
        self._alias("action", self.action.id, sessions.restore_action(session, record))


def save_note(
    ctx: UiContext, learner_id: int, note_id: int | None, held_on: dt.date, body: str
) -> int:
    """Add or update a note now (a refused note raises and pushes nothing); return its id."""
    with ctx.database.session() as session:
        if note_id is None:
            new = sessions.add_note(session, learner_id, held_on, body)
            after = sessions.get_note(session, new)
            command: _Command = AddNote(ctx, learner_id, new, after.held_on, after.body)
        else:
            before = sessions.get_note(session, note_id)
            sessions.update_note(session, note_id, held_on, body)
            after = sessions.get_note(session, note_id)
            command = EditNote(ctx, learner_id, before, after)
    ctx.undo_stack.push(command)
    return after.id


def delete_note(ctx: UiContext, learner_id: int, note_id: int) -> None:
    with ctx.database.session() as session:
        note = sessions.get_note(session, note_id)
        actions = tuple(sessions.actions_of_note(session, note_id))
        sessions.delete_note(session, note_id)
    ctx.undo_stack.push(DeleteNote(ctx, learner_id, note, actions))


def add_action(
    ctx: UiContext, learner_id: int, text: str, due_on: dt.date | None, note_id: int | None
) -> int:
    with ctx.database.session() as session:
        new = sessions.add_action(session, learner_id, text, due_on, note_id)
        action = sessions.get_action(session, new)
    ctx.undo_stack.push(AddAction(ctx, learner_id, action))
    return new


def edit_action(
    ctx: UiContext, learner_id: int, action_id: int, text: str, due_on: dt.date | None
) -> None:
    with ctx.database.session() as session:
        before = sessions.get_action(session, action_id)
        sessions.update_action(session, action_id, text, due_on)
        after = sessions.get_action(session, action_id)
    ctx.undo_stack.push(EditAction(ctx, learner_id, before, after))


def set_action_done(
    ctx: UiContext, learner_id: int, action_id: int, done: bool, today: dt.date
) -> None:
    with ctx.database.session() as session:
        before = sessions.get_action(session, action_id)
        sessions.set_action_done(session, action_id, done, today=today)
        after = sessions.get_action(session, action_id)
    ctx.undo_stack.push(TickAction(ctx, learner_id, before, after))


def delete_action(ctx: UiContext, learner_id: int, action_id: int) -> None:
    with ctx.database.session() as session:
        action = sessions.get_action(session, action_id)
        sessions.delete_action(session, action_id)
    ctx.undo_stack.push(DeleteAction(ctx, learner_id, action))
