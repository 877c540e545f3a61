"""Sessions page with real widgets: notes, actions, done flags that persist."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox

from portfolio.services import learners, sessions
from portfolio.ui import messages
from portfolio.ui.context import AppBus, UiContext
from portfolio.ui.pages.sessions_page import SessionsPage
from portfolio.ui.tasks import TaskRunner

TODAY = dt.date(2026, 11, 29)


@pytest.fixture
def ctx(demo_db):  # type: ignore[no-untyped-def]
    return UiContext(demo_db, AppBus(), TaskRunner(serial=True), QUndoStack())


def _page(qtbot, ctx, name: str) -> tuple[SessionsPage, int]:  # type: ignore[no-untyped-def]
    page = SessionsPage(ctx)
    page.today = lambda: TODAY
    qtbot.addWidget(page)
    with ctx.database.read_session() as s:
        learner_id = learners.find_learner(s, name).id
    page.set_learner(learner_id)
    return page, learner_id


def test_samanthas_note_and_actions_are_listed(qtbot, ctx) -> None:
    page, _ = _page(qtbot, ctx, "Samantha Kolb")
    assert page.note_list.count() == 1
    assert page.note_list.item(0).text().startswith("16 Nov 2026\nFirst counselling session")
    assert page.note_body.toPlainText().startswith("First counselling session.")
    assert page.action_tree.topLevelItemCount() == 2
    assert page.action_tree.topLevelItem(0).text(1) == "4 Dec 2026"


def test_add_a_note_and_an_action_then_tick_it_done(qtbot, ctx) -> None:
    page, learner_id = _page(qtbot, ctx, "Audrey Heath")
    assert page.note_list.count() == 0
    qtbot.mouseClick(page.new_note_button, Qt.MouseButton.LeftButton)
    page.held_on.setDate(QDate(2026, 11, 27))
    page.note_body.setPlainText("Talked about <b>communications</b> roles.")
    qtbot.mouseClick(page.save_note_button, Qt.MouseButton.LeftButton)
    assert page.note_list.count() == 1
    qtbot.keyClicks(page.action_text, "Ask about the FASS Forward writing sequel")
    page.action_due.setDate(QDate(2026, 12, 20))
    qtbot.keyClick(page.action_text, Qt.Key.Key_Return)
    assert page.action_text.text() == ""
    item = page.action_tree.topLevelItem(0)
    assert item.text(0) == "Ask about the FASS Forward writing sequel"
    item.setCheckState(0, Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: page.action_tree.topLevelItem(0).text(2) == "29 Nov 2026")
    with ctx.database.read_session() as s:
        [note] = sessions.list_notes(s, learner_id)
        [action] = sessions.list_actions(s, learner_id)
    assert note.held_on == dt.date(2026, 11, 27)
    assert note.body == "Talked about <b>communications</b> roles."
    assert action.done and action.done_on == TODAY
    assert action.note_id == note.id
    assert action.due_on == dt.date(2026, 12, 20)


def test_an_empty_note_is_refused_with_a_message_and_nothing_saved(qtbot, ctx, monkeypatch) -> None:
    page, learner_id = _page(qtbot, ctx, "Daniel Moreau")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    page.note_body.setPlainText("   ")
    qtbot.mouseClick(page.save_note_button, Qt.MouseButton.LeftButton)
    assert shown == ["A note needs some text"]
    with ctx.database.read_session() as s:
        assert sessions.list_notes(s, learner_id) == []


def test_deleting_a_note_asks_first_and_keeps_its_actions(qtbot, ctx, monkeypatch) -> None:
    page, learner_id = _page(qtbot, ctx, "Samantha Kolb")
    asked: list[str] = []
    monkeypatch.setattr(messages, "ask_yes_no", lambda *args: asked.append(args[1]) or True)
    qtbot.mouseClick(page.delete_note_button, Qt.MouseButton.LeftButton)
    assert page.note_list.count() == 0
    assert page.action_tree.topLevelItemCount() == 2
    page.action_tree.setCurrentItem(page.action_tree.topLevelItem(0))
    qtbot.mouseClick(page.delete_action_button, Qt.MouseButton.LeftButton)
    assert asked == ["Delete note", "Delete action"]  # once each
    with ctx.database.read_session() as s:
        assert len(sessions.list_actions(s, learner_id)) == 1
