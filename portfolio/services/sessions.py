"""Counselling sessions: dated notes and agreed actions, private to the portfolio.

Notes are listed newest first. Actions are listed open first (by due date, undated last), then
done ones (most recently done first). Deleting a note keeps the actions agreed in it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.errors import FieldProblem, NotFound, ValidationError
from portfolio.models import Learner, SessionAction, SessionNote
from portfolio.services.goal_records import ActionRecord, NoteRecord
from portfolio.services.validation import MAX_TEXT, _text_problems
from portfolio.text import clean_block, clean_line


def _learner(session: Session, learner_id: int) -> None:
    if session.get(Learner, learner_id) is None:
        raise NotFound(f"Learner #{learner_id} no longer exists.")


def _note_record(note: SessionNote) -> NoteRecord:
    return NoteRecord(note.id, note.learner_id, note.held_on, note.body)


def _action_record(action: SessionAction) -> ActionRecord:
    return ActionRecord(
        action.id,
        action.learner_id,
        action.text,
        action.due_on,
        action.done,
        action.done_on,
        action.note_id,
    )


def _check_note(body: str) -> None:
    problems = _text_problems({"body": ("Note", body, MAX_TEXT)})
    if not body.strip():
        problems.append(FieldProblem("body", "A note needs some text"))
    if problems:
        raise ValidationError(problems)


def add_note(session: Session, learner_id: int, held_on: dt.date, body: str) -> int:
    """Record the notes of a session held on `held_on`; return the note's id."""
    _learner(session, learner_id)
    _check_note(body)
    note = SessionNote(learner_id=learner_id, held_on=held_on, body=clean_block(body))
    session.add(note)
    session.flush()
    return note.id


def update_note(session: Session, note_id: int, held_on: dt.date, body: str) -> None:
    note = session.get(SessionNote, note_id)
    if note is None:
        raise NotFound(f"Session note #{note_id} no longer exists.")
    _check_note(body)
    note.held_on = held_on
    note.body = clean_block(body)
    session.flush()


def delete_note(session: Session, note_id: int) -> None:
    note = session.get(SessionNote, note_id)
    if note is None:
        raise NotFound(f"Session note #{note_id} no longer exists.")
    session.delete(note)
    session.flush()


def list_notes(session: Session, learner_id: int) -> list[NoteRecord]:
    notes = session.scalars(
        select(SessionNote)
        .where(SessionNote.learner_id == learner_id)
        .order_by(SessionNote.held_on.desc(), SessionNote.id.desc())
    )
    return [_note_record(n) for n in notes]


def _check_action(text: str) -> None:
    problems = _text_problems({"text": ("Action", text, 2_000)})
    if not text.strip():
        problems.append(FieldProblem("text", "An action needs a description"))
    if problems:
        raise ValidationError(problems)


def add_action(
    session: Session,
    learner_id: int,
    text: str,
    due_on: dt.date | None = None,
    note_id: int | None = None,
) -> int:
    """Record an agreed action (optionally tied to the session note it was agreed in)."""
    _learner(session, learner_id)
    _check_action(text)
    if note_id is not None:
        note = session.get(SessionNote, note_id)
        if note is None or note.learner_id != learner_id:
            raise NotFound(f"Session note #{note_id} no longer exists.")
    action = SessionAction(
        learner_id=learner_id, text=clean_line(text), due_on=due_on, note_id=note_id
    )
    session.add(action)
    session.flush()
    return action.id


def _get_action(session: Session, action_id: int) -> SessionAction:
    action = session.get(SessionAction, action_id)
    if action is None:
        raise NotFound(f"Action #{action_id} no longer exists.")
    return action


def update_action(session: Session, action_id: int, text: str, due_on: dt.date | None) -> None:
    _check_action(text)
    action = _get_action(session, action_id)
    action.text = clean_line(text)
    action.due_on = due_on
    session.flush()


def set_action_done(
    session: Session, action_id: int, done: bool, today: dt.date | None = None
) -> None:
    """Tick an action done (dated today) or open it again."""
    action = _get_action(session, action_id)
    action.done = done
    action.done_on = (today or dt.date.today()) if done else None
    session.flush()


def delete_action(session: Session, action_id: int) -> None:
    session.delete(_get_action(session, action_id))
    session.flush()


def list_actions(session: Session, learner_id: int) -> list[ActionRecord]:
    actions = [
        _action_record(a)
        for a in session.scalars(
            select(SessionAction).where(SessionAction.learner_id == learner_id)
        )
    ]
    far = dt.date.max
    open_ = sorted((a for a in actions if not a.done), key=lambda a: (a.due_on or far, a.id))
    done = sorted(
        (a for a in actions if a.done), key=lambda a: (a.done_on or dt.date.min, a.id), reverse=True
    )
    return open_ + done


# --- restoring (undo) ----------------------------------------------------------------------------


def restore_note(
    session: Session,
    learner_id: int,
    held_on: dt.date,
    body: str,
    action_ids: Iterable[int] = (),
) -> int:
    """Re-create a deleted note and tie the given actions (kept when it was deleted) back to it.

    Returns the new note's id; actions that no longer exist are skipped.
    """
    note_id = add_note(session, learner_id, held_on, body)
    ids = list(action_ids)
    if ids:
        for action in session.scalars(
            select(SessionAction).where(
                SessionAction.id.in_(ids), SessionAction.learner_id == learner_id
            )
        ):
            action.note_id = note_id
        session.flush()
    return note_id


def restore_action(session: Session, record: ActionRecord) -> int:
    """Re-create a deleted action as it was (text, due date, done flag and date, note)."""
    note_id = record.note_id
    if note_id is not None and session.get(SessionNote, note_id) is None:
        note_id = None  # its note is gone too: keep the action on its own
    action_id = add_action(session, record.learner_id, record.text, record.due_on, note_id)
    action = _get_action(session, action_id)
    action.done = record.done
    action.done_on = record.done_on
    session.flush()
    return action_id


def get_action(session: Session, action_id: int) -> ActionRecord:
    return _action_record(_get_action(session, action_id))


def get_note(session: Session, note_id: int) -> NoteRecord:
    note = session.get(SessionNote, note_id)
    if note is None:
        raise NotFound(f"Session note #{note_id} no longer exists.")
    return _note_record(note)


def actions_of_note(session: Session, note_id: int) -> list[int]:
    """Ids of the actions agreed in a note."""
    return list(
        session.scalars(
            select(SessionAction.id)
            .where(SessionAction.note_id == note_id)
            .order_by(SessionAction.id)
        )
    )
