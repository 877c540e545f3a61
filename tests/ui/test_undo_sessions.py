"""Sessions page: adding, editing, ticking and deleting notes and actions is undoable from the
main window's Undo / Redo actions (Ctrl+Z / Ctrl+Shift+Z)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt

from portfolio.services import sessions
from portfolio.ui import messages

TODAY = dt.date(2026, 11, 29)
SESSIONS_PAGE = 5


def _open(demo_db, make_window, name: str):  # type: ignore[no-untyped-def]
    window = make_window(demo_db, learner=name)
    window.show_page(SESSIONS_PAGE)
    page = window.current_page()
    page.today = lambda: TODAY
    return window, page


def _notes(db, learner_id: int) -> list[tuple[dt.date, str]]:  # type: ignore[no-untyped-def]
    with db.read_session() as s:
        return [(n.held_on, n.body) for n in sessions.list_notes(s, learner_id)]


def _actions(db, learner_id: int) -> list[tuple[str, bool, dt.date | None, int | None]]:  # type: ignore[no-untyped-def]
    with db.read_session() as s:
        return [
            (a.text, a.done, a.done_on, a.note_id) for a in sessions.list_actions(s, learner_id)
        ]


def test_note_add_edit_delete_undo_and_redo(demo_db, make_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window, page = _open(demo_db, make_window, "Audrey Heath")
    learner = window.ctx.learner_id
    asked: list[str] = []
    monkeypatch.setattr(messages, "ask_yes_no", lambda *a: asked.append(a[1]) or True)

    window.add_action.trigger()  # Ctrl+N: a new note
    page.held_on.setDate(QDate(2026, 11, 27))
    page.note_body.setPlainText("Talked about communications roles")
    qtbot.mouseClick(page.save_note_button, Qt.MouseButton.LeftButton)
    added = [(dt.date(2026, 11, 27), "Talked about communications roles")]
    assert _notes(demo_db, learner) == added

    page.note_body.setPlainText("Talked about communications and PR roles")
    qtbot.mouseClick(page.save_note_button, Qt.MouseButton.LeftButton)
    edited = [(dt.date(2026, 11, 27), "Talked about communications and PR roles")]
    assert _notes(demo_db, learner) == edited

    qtbot.mouseClick(page.delete_note_button, Qt.MouseButton.LeftButton)
    assert asked == ["Delete note"]
    assert _notes(demo_db, learner) == []
    assert page.note_list.count() == 0

    window.undo_action.trigger()  # the note comes back (with a new id)
    assert _notes(demo_db, learner) == edited
    assert page.note_list.count() == 1
    window.undo_action.trigger()
    assert _notes(demo_db, learner) == added
    assert page.note_body.toPlainText() == "Talked about communications roles"
    window.undo_action.trigger()
    assert _notes(demo_db, learner) == []
    assert page.note_list.count() == 0

    window.redo_action.trigger()
    assert _notes(demo_db, learner) == added
    window.redo_action.trigger()  # edits the note re-created by the redo
    assert _notes(demo_db, learner) == edited
    window.redo_action.trigger()
    assert _notes(demo_db, learner) == []
    assert "Redone" in window.statusBar().currentMessage()


def test_actions_add_tick_reword_delete_undo_and_redo(
    demo_db, make_window, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window, page = _open(demo_db, make_window, "Audrey Heath")
    learner = window.ctx.learner_id
    monkeypatch.setattr(messages, "ask_yes_no", lambda *a: True)
    page.note_body.setPlainText("Intake")
    qtbot.mouseClick(page.save_note_button, Qt.MouseButton.LeftButton)
    with demo_db.read_session() as s:
        [note] = sessions.list_notes(s, learner)

    qtbot.keyClicks(page.action_text, "Apply to the writing course")
    page.has_due.setChecked(False)
    qtbot.keyClick(page.action_text, Qt.Key.Key_Return)
    assert _actions(demo_db, learner) == [("Apply to the writing course", False, None, note.id)]

    page.action_tree.topLevelItem(0).setCheckState(0, Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: page.action_tree.topLevelItem(0).text(2) == "29 Nov 2026")
    done = [("Apply to the writing course", True, TODAY, note.id)]
    assert _actions(demo_db, learner) == done

    page.action_tree.topLevelItem(0).setText(0, "Apply to the writing sequel")
    qtbot.waitUntil(
        lambda: page.action_tree.topLevelItem(0).text(0) == "Apply to the writing sequel"
    )
    reworded = [("Apply to the writing sequel", True, TODAY, note.id)]
    assert _actions(demo_db, learner) == reworded

    page.action_tree.setCurrentItem(page.action_tree.topLevelItem(0))
    page.action_tree.setFocus()
    qtbot.mouseClick(page.delete_action_button, Qt.MouseButton.LeftButton)
    assert _actions(demo_db, learner) == []

    window.undo_action.trigger()  # back, done on the same day, in the same note
    assert _actions(demo_db, learner) == reworded
    assert page.action_tree.topLevelItemCount() == 1
    window.undo_action.trigger()
    assert _actions(demo_db, learner) == done
    window.undo_action.trigger()
    assert _actions(demo_db, learner) == [("Apply to the writing course", False, None, note.id)]
    assert page.action_tree.topLevelItem(0).checkState(0) == Qt.CheckState.Unchecked
    window.undo_action.trigger()
    assert _actions(demo_db, learner) == []

    for _ in range(4):
        window.redo_action.trigger()
    assert _actions(demo_db, learner) == []
    window.undo_action.trigger()
    assert _actions(demo_db, learner) == reworded


def test_undoing_a_note_deletion_ties_its_actions_to_it_again(
    demo_db, make_window, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window, page = _open(demo_db, make_window, "Samantha Kolb")
    learner = window.ctx.learner_id
    before = _actions(demo_db, learner)
    assert any(note_id is not None for *_rest, note_id in before)
    monkeypatch.setattr(messages, "ask_yes_no", lambda *a: True)
    page.note_list.setFocus()
    window.delete_action.trigger()  # the Delete key: the note shown
    assert _notes(demo_db, learner) == []
    assert all(note_id is None for *_rest, note_id in _actions(demo_db, learner))
    window.undo_action.trigger()
    with demo_db.read_session() as s:
        [note] = sessions.list_notes(s, learner)
    assert _actions(demo_db, learner) == [
        (text, done, done_on, note.id if tied is not None else None)
        for text, done, done_on, tied in before
    ]
