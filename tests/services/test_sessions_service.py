"""Counselling notes and agreed actions."""

from __future__ import annotations

import datetime as dt

import pytest

from portfolio.errors import NotFound, ValidationError
from portfolio.services import learners, sessions
from portfolio.services.records import LearnerInput


@pytest.fixture
def learner(db) -> int:
    with db.session() as s:
        return learners.create_learner(s, LearnerInput(name="Client One"))


def test_notes_are_listed_newest_first_and_can_be_edited_and_deleted(db, learner) -> None:
    with db.session() as s:
        first = sessions.add_note(s, learner, dt.date(2026, 1, 10), "Intake.\nGoals: cloud.  ")
        second = sessions.add_note(s, learner, dt.date(2026, 2, 7), "Follow-up")
    with db.session() as s:
        notes = sessions.list_notes(s, learner)
        assert [n.id for n in notes] == [second, first]
        assert notes[1].body == "Intake.\nGoals: cloud."
        sessions.update_note(s, first, dt.date(2026, 3, 1), "Moved")
        assert [n.id for n in sessions.list_notes(s, learner)] == [first, second]
        sessions.delete_note(s, second)
        assert [n.id for n in sessions.list_notes(s, learner)] == [first]


def test_actions_open_by_due_date_then_done_and_they_outlive_their_note(db, learner) -> None:
    with db.session() as s:
        note = sessions.add_note(s, learner, dt.date(2026, 1, 10), "Agreed two things")
        later = sessions.add_action(s, learner, "Apply for the program", dt.date(2026, 3, 1), note)
        sooner = sessions.add_action(s, learner, "Update CV", dt.date(2026, 2, 1), note)
        undated = sessions.add_action(s, learner, "Read the guide")
    with db.session() as s:
        assert [a.id for a in sessions.list_actions(s, learner)] == [sooner, later, undated]
        sessions.set_action_done(s, sooner, True, today=dt.date(2026, 1, 20))
    with db.session() as s:
        actions = sessions.list_actions(s, learner)
        assert [a.id for a in actions] == [later, undated, sooner]
        assert actions[-1].done and actions[-1].done_on == dt.date(2026, 1, 20)
        assert actions[0].overdue(dt.date(2026, 3, 2))
        sessions.delete_note(s, note)
    with db.session() as s:
        actions = sessions.list_actions(s, learner)
        assert len(actions) == 3 and all(a.note_id is None for a in actions)
        sessions.set_action_done(s, sooner, False)
        sessions.update_action(s, undated, "Read the whole guide", dt.date(2026, 4, 1))
        sessions.delete_action(s, later)
    with db.read_session() as s:
        actions = sessions.list_actions(s, learner)
    assert [(a.text, a.done) for a in actions] == [
        ("Update CV", False),
        ("Read the whole guide", False),
    ]


def test_empty_text_and_unknown_records_are_refused(db, learner) -> None:
    with db.session() as s:
        with pytest.raises(ValidationError, match="needs some text"):
            sessions.add_note(s, learner, dt.date(2026, 1, 1), "   ")
        with pytest.raises(ValidationError, match="needs a description"):
            sessions.add_action(s, learner, "")
        with pytest.raises(NotFound):
            sessions.set_action_done(s, 999, True)
        with pytest.raises(NotFound):
            sessions.add_note(s, 999, dt.date(2026, 1, 1), "x")


def test_samantha_demo_has_one_note_with_two_agreed_actions(demo_db) -> None:
    from portfolio.services.demo import load_demo

    with demo_db.session() as s:
        load_demo(s)  # again: nothing is duplicated
    with demo_db.read_session() as s:
        sam = learners.find_learner(s, "Samantha Kolb").id
        [note] = sessions.list_notes(s, sam)
        actions = sessions.list_actions(s, sam)
    assert len(actions) == 2 and {a.note_id for a in actions} == {note.id}
    assert any("Azure" in a.text for a in actions)
