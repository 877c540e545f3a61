"""Nothing typed is lost: a learner switch, a page switch, quitting or Escape asks first.

Each test types as a user would, then answers the Save / Discard / Cancel question (stubbed,
as every modal box in these tests is) and checks where the text ended up: still in the field,
in the database under the right learner, or gone with the switch done.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from portfolio.services.credentials import list_credentials
from portfolio.services.experience import list_experience
from portfolio.services.learners import find_learner, get_learner, list_learners
from portfolio.services.roles import list_roles, target_roles
from portfolio.services.sessions import list_actions, list_notes
from portfolio.ui import unsaved

SAVE = QMessageBox.StandardButton.Save
DISCARD = QMessageBox.StandardButton.Discard
CANCEL = QMessageBox.StandardButton.Cancel
PROFILE, CREDENTIALS, EXPERIENCE, GOALS, SESSIONS = 0, 1, 2, 4, 5
REAL_QUESTION = unsaved.ask_save_discard_cancel


class Answers:
    """Stands in for the Save / Discard / Cancel box: records each question, gives `answer`."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, answer: QMessageBox.StandardButton) -> None:
        self.answer = answer
        self.asked: list[str] = []
        monkeypatch.setattr(unsaved, "ask_save_discard_cancel", self._ask)

    def _ask(self, parent: QWidget | None, text: str) -> QMessageBox.StandardButton:
        self.asked.append(text)
        return self.answer


@pytest.fixture(autouse=True)
def _no_real_question(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test that forgets to answer gets Discard, rather than a box nobody clicks (a hang)."""
    Answers(monkeypatch, DISCARD)


def _when_modal(fn: Callable[[QDialog], None]) -> None:
    """Run `fn(dialog)` on the next modal dialog that opens."""

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, poll)
        else:
            fn(dialog)  # type: ignore[arg-type]

    QTimer.singleShot(0, poll)


def _id(db, name: str) -> int:  # type: ignore[no-untyped-def]
    with db.read_session() as s:
        return find_learner(s, name).id


def _choose_learner(window, learner_id: int) -> None:  # type: ignore[no-untyped-def]
    """Pick a learner in the Learner box, as a click on its item does."""
    index = window.learner_combo.findData(learner_id)
    window.learner_combo.setCurrentIndex(index)
    window.learner_combo.activated.emit(index)


def _headline(db, learner_id: int) -> str:  # type: ignore[no-untyped-def]
    with db.read_session() as s:
        return get_learner(s, learner_id).headline


def _window_on(make_window, db, page: int, learner: str = "Samantha Kolb"):  # type: ignore[no-untyped-def]
    window = make_window(db, learner=learner)
    window.show_page(page)
    return window, window.current_page()


# -- nothing typed: nothing asked --


def test_nothing_typed_switches_and_quits_without_a_question(
    demo_db, make_window, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    answers = Answers(monkeypatch, CANCEL)
    window, _ = _window_on(make_window, demo_db, PROFILE)
    window.show_page(SESSIONS)
    daniel = _id(demo_db, "Daniel Moreau")
    _choose_learner(window, daniel)
    window.sidebar.setCurrentRow(PROFILE)
    assert window.ctx.learner_id == daniel
    assert window.current_page() is window.page(PROFILE)
    window.close()
    assert not window.isVisible()
    assert answers.asked == []


# -- the Profile page --


def test_profile_learner_switch_cancel_keeps_the_typing_and_the_learner(
    demo_db, make_window, monkeypatch, qtbot
) -> None:  # type: ignore[no-untyped-def]
    answers = Answers(monkeypatch, CANCEL)
    window, page = _window_on(make_window, demo_db, PROFILE)
    samantha = window.ctx.learner_id
    page.headline.clear()
    qtbot.keyClicks(page.headline, "Counsellor in training")
    _choose_learner(window, _id(demo_db, "Daniel Moreau"))
    assert answers.asked == ["The profile of Samantha Kolb has changes that are not saved."]
    assert window.ctx.learner_id == samantha
    assert window.learner_combo.currentText() == "Samantha Kolb"
    assert page.headline.text() == "Counsellor in training"
    assert _headline(demo_db, samantha) != "Counsellor in training"
    answers.answer = DISCARD  # the window closes at teardown


def test_profile_learner_switch_save_stores_it_under_the_learner_it_was_typed_for(
    demo_db, make_window, monkeypatch, qtbot
) -> None:  # type: ignore[no-untyped-def]
    Answers(monkeypatch, SAVE)
    window, page = _window_on(make_window, demo_db, PROFILE)
    samantha, daniel = window.ctx.learner_id, _id(demo_db, "Daniel Moreau")
    daniels = _headline(demo_db, daniel)
    page.headline.clear()
    qtbot.keyClicks(page.headline, "Counsellor in training")
    _choose_learner(window, daniel)
    assert _headline(demo_db, samantha) == "Counsellor in training"
    assert _headline(demo_db, daniel) == daniels
    assert window.ctx.learner_id == daniel
    assert page.headline.text() == daniels


def test_profile_learner_switch_discard_drops_it_and_switches(
    demo_db, make_window, monkeypatch, qtbot
) -> None:  # type: ignore[no-untyped-def]
    Answers(monkeypatch, DISCARD)
    window, page = _window_on(make_window, demo_db, PROFILE)
    samantha, daniel = window.ctx.learner_id, _id(demo_db, "Daniel Moreau")
    before = _headline(demo_db, samantha)
    qtbot.keyClicks(page.headline, " and more")
    _choose_learner(window, daniel)
    assert _headline(demo_db, samantha) == before
    assert window.ctx.learner_id == daniel
    assert page.headline.text() == _headline(demo_db, daniel)


def test_an_invalid_profile_that_cannot_be_saved_keeps_the_learner(
    demo_db, make_window, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    answers = Answers(monkeypatch, SAVE)
    window, page = _window_on(make_window, demo_db, PROFILE)
    samantha = window.ctx.learner_id
    page.name.clear()  # a learner needs a name
    _choose_learner(window, _id(demo_db, "Daniel Moreau"))
    assert window.ctx.learner_id == samantha
    assert page.name.text() == ""
    assert page.boxes["name"].problem()
    answers.answer = DISCARD  # the window closes at teardown


@pytest.mark.parametrize("answer", [CANCEL, SAVE, DISCARD])
def test_profile_page_switch(demo_db, make_window, monkeypatch, qtbot, answer) -> None:  # type: ignore[no-untyped-def]
    answers = Answers(monkeypatch, answer)
    window, page = _window_on(make_window, demo_db, PROFILE)
    samantha = window.ctx.learner_id
    page.headline.clear()
    qtbot.keyClicks(page.headline, "Typed before a page switch")
    window.sidebar.setCurrentRow(CREDENTIALS)
    assert len(answers.asked) == 1
    if answer == CANCEL:
        assert window.current_page() is page
        assert window.sidebar.currentRow() == PROFILE
        assert page.headline.text() == "Typed before a page switch"
    else:
        assert window.current_page() is window.page(CREDENTIALS)
        saved = _headline(demo_db, samantha) == "Typed before a page switch"
        assert saved == (answer == SAVE)
        assert page.headline.text() == _headline(demo_db, samantha)
    answers.answer = DISCARD  # the window closes at teardown


def test_the_view_menu_shortcut_asks_too(demo_db, make_window, monkeypatch, qtbot) -> None:  # type: ignore[no-untyped-def]
    answers = Answers(monkeypatch, CANCEL)
    window, page = _window_on(make_window, demo_db, PROFILE)
    qtbot.keyClicks(page.summary, " More.")
    [view_experience] = [a for a in window.actions() if a.shortcut().toString() == "Ctrl+3"]
    view_experience.trigger()
    assert len(answers.asked) == 1
    assert window.current_page() is page
    assert page.summary.toPlainText().startswith(" More.")
    answers.answer = DISCARD  # the window closes at teardown


@pytest.mark.parametrize("answer", [CANCEL, SAVE, DISCARD])
def test_profile_quit(demo_db, make_window, monkeypatch, qtbot, answer) -> None:  # type: ignore[no-untyped-def]
    answers = Answers(monkeypatch, answer)
    window, page = _window_on(make_window, demo_db, PROFILE)
    samantha = window.ctx.learner_id
    page.headline.clear()
    qtbot.keyClicks(page.headline, "Typed before quitting")
    window.close()
    assert len(answers.asked) == 1
    assert window.isVisible() == (answer == CANCEL)
    assert (_headline(demo_db, samantha) == "Typed before quitting") == (answer == SAVE)
    if answer == CANCEL:
        assert page.headline.text() == "Typed before quitting"
        answers.answer = DISCARD
        window.close()
        assert not window.isVisible()


def test_quick_switcher_cancel_keeps_the_profile(demo_db, make_window, monkeypatch, qtbot) -> None:  # type: ignore[no-untyped-def]
    answers = Answers(monkeypatch, CANCEL)
    window, page = _window_on(make_window, demo_db, PROFILE)
    samantha = window.ctx.learner_id
    qtbot.keyClicks(page.headline, "!")

    def pick_daniel(dialog) -> None:  # type: ignore[no-untyped-def]
        qtbot.keyClicks(dialog.query, "Daniel")
        qtbot.keyClick(dialog.query, Qt.Key.Key_Return)

    _when_modal(pick_daniel)
    window.quick_switch()
    assert len(answers.asked) == 1
    assert window.ctx.learner_id == samantha
    assert page.headline.text().endswith("!")
    answers.answer = DISCARD  # the window closes at teardown


def test_new_learner_asks_about_the_profile_before_its_dialog(
    demo_db, make_window, monkeypatch, qtbot
) -> None:  # type: ignore[no-untyped-def]
    answers = Answers(monkeypatch, CANCEL)
    window, page = _window_on(make_window, demo_db, PROFILE)
    qtbot.keyClicks(page.headline, "!")
    window.new_learner_action.trigger()  # Cancel: no dialog opens (a leaked one fails the test)
    assert len(answers.asked) == 1
    assert page.headline.text().endswith("!")
    answers.answer = DISCARD  # the window closes at teardown


# -- the Sessions page: the note being typed, the action not added yet --


def _notes(db, learner_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    with db.read_session() as s:
        return [n.body for n in list_notes(s, learner_id)]


@pytest.mark.parametrize("answer", [CANCEL, SAVE, DISCARD])
def test_session_note_learner_switch(demo_db, make_window, monkeypatch, qtbot, answer) -> None:  # type: ignore[no-untyped-def]
    answers = Answers(monkeypatch, answer)
    window, page = _window_on(make_window, demo_db, SESSIONS)
    samantha, daniel = window.ctx.learner_id, _id(demo_db, "Daniel Moreau")
    qtbot.mouseClick(page.new_note_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.note_body, "Talked about a move into UX research.")
    _choose_learner(window, daniel)
    assert answers.asked == [
        "The new session note for Samantha Kolb has changes that are not saved."
    ]
    typed = "Talked about a move into UX research."
    assert (typed in _notes(demo_db, samantha)) == (answer == SAVE)
    assert typed not in _notes(demo_db, daniel)
    if answer == CANCEL:
        assert window.ctx.learner_id == samantha
        assert page.note_body.toPlainText() == typed
    else:
        assert window.ctx.learner_id == daniel
        assert page.note_body.toPlainText() != typed
    answers.answer = DISCARD  # the window closes at teardown


def test_an_edited_session_note_is_saved_on_quit(demo_db, make_window, monkeypatch, qtbot) -> None:  # type: ignore[no-untyped-def]
    answers = Answers(monkeypatch, SAVE)
    window, page = _window_on(make_window, demo_db, SESSIONS)
    samantha = window.ctx.learner_id
    page.note_body.moveCursor(page.note_body.textCursor().MoveOperation.End)
    qtbot.keyClicks(page.note_body, " Follow up in January.")
    window.close()
    assert answers.asked == [
        "The session note of 16 Nov 2026 for Samantha Kolb has changes that are not saved."
    ]
    assert not window.isVisible()
    [body] = _notes(demo_db, samantha)
    assert body.endswith(" Follow up in January.")


def test_session_note_page_switch_cancel(demo_db, make_window, monkeypatch, qtbot) -> None:  # type: ignore[no-untyped-def]
    answers = Answers(monkeypatch, CANCEL)
    window, page = _window_on(make_window, demo_db, SESSIONS)
    qtbot.keyClicks(page.note_body, "x")
    window.sidebar.setCurrentRow(PROFILE)
    assert len(answers.asked) == 1
    assert window.current_page() is page
    assert window.sidebar.currentRow() == SESSIONS
    assert page.note_body.toPlainText().startswith("xFirst counselling session.")
    answers.answer = DISCARD  # the window closes at teardown


def test_new_note_button_asks_about_the_note_being_typed(
    demo_db, make_window, monkeypatch, qtbot
) -> None:  # type: ignore[no-untyped-def]
    answers = Answers(monkeypatch, CANCEL)
    _, page = _window_on(make_window, demo_db, SESSIONS)
    qtbot.keyClicks(page.note_body, "x")
    qtbot.mouseClick(page.new_note_button, Qt.MouseButton.LeftButton)
    assert len(answers.asked) == 1
    assert page.note_body.toPlainText().startswith("xFirst counselling session.")
    assert page.note_list.currentRow() == 0
    answers.answer = DISCARD  # the window closes at teardown


def test_a_note_being_typed_survives_adding_an_action(
    demo_db, make_window, monkeypatch, qtbot
) -> None:  # type: ignore[no-untyped-def]
    answers = Answers(monkeypatch, CANCEL)
    window, page = _window_on(make_window, demo_db, SESSIONS)
    samantha = window.ctx.learner_id
    qtbot.mouseClick(page.new_note_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.note_body, "Half-written note")
    qtbot.keyClicks(page.action_text, "Call the bootcamp")
    qtbot.keyClick(page.action_text, Qt.Key.Key_Return)  # the page refreshes its lists
    with demo_db.read_session() as s:
        assert "Call the bootcamp" in [a.text for a in list_actions(s, samantha)]
    assert page.note_body.toPlainText() == "Half-written note"
    assert page.note_list.currentRow() == -1  # still a new note, not the first one edited
    answers.answer = DISCARD  # the window closes at teardown


def test_an_action_typed_for_one_learner_never_lands_on_another(
    demo_db, make_window, monkeypatch, qtbot
) -> None:  # type: ignore[no-untyped-def]
    answers = Answers(monkeypatch, DISCARD)
    window, page = _window_on(make_window, demo_db, SESSIONS)
    daniel = _id(demo_db, "Daniel Moreau")
    qtbot.keyClicks(page.action_text, "Apply to the Azure program")
    _choose_learner(window, daniel)
    assert answers.asked == [
        "The new agreed action for Samantha Kolb has changes that are not saved."
    ]
    assert window.ctx.learner_id == daniel
    assert page.action_text.text() == ""
    qtbot.keyClick(page.action_text, Qt.Key.Key_Return)
    with demo_db.read_session() as s:
        assert "Apply to the Azure program" not in [a.text for a in list_actions(s, daniel)]


def test_an_action_typed_then_saved_on_a_learner_switch_goes_to_that_learner(
    demo_db, make_window, monkeypatch, qtbot
) -> None:  # type: ignore[no-untyped-def]
    Answers(monkeypatch, SAVE)
    window, page = _window_on(make_window, demo_db, SESSIONS)
    samantha, daniel = window.ctx.learner_id, _id(demo_db, "Daniel Moreau")
    qtbot.keyClicks(page.action_text, "Book a mock interview")
    _choose_learner(window, daniel)
    with demo_db.read_session() as s:
        assert "Book a mock interview" in [a.text for a in list_actions(s, samantha)]
        assert "Book a mock interview" not in [a.text for a in list_actions(s, daniel)]
    assert window.ctx.learner_id == daniel


def test_ctrl_enter_saves_the_session_note(demo_db, make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, page = _window_on(make_window, demo_db, SESSIONS)
    samantha = window.ctx.learner_id
    qtbot.mouseClick(page.new_note_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.note_body, "Second session: mock interview.")
    qtbot.keyClick(page.note_body, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "Second session: mock interview." in _notes(demo_db, samantha)
    assert not page.has_unsaved_work()


def test_an_action_typed_for_one_learner_is_dropped_when_the_page_shows_another(
    demo_db, make_window, qtbot
) -> None:  # type: ignore[no-untyped-def]
    _, page = _window_on(make_window, demo_db, SESSIONS)
    qtbot.keyClicks(page.action_text, "Apply to the Azure program")
    page.set_learner(_id(demo_db, "Daniel Moreau"))  # even without the window's question
    assert page.action_text.text() == ""


# -- dialogs: Escape, Cancel, closing, quitting, Ctrl+Enter --


def _titles(db, learner_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    with db.read_session() as s:
        return [r.title for r in list_credentials(s, learner_id)]


def test_credential_editor_escape_asks_then_saves_under_the_learner(
    demo_db, make_window, monkeypatch, qtbot
) -> None:  # type: ignore[no-untyped-def]
    answers = Answers(monkeypatch, CANCEL)
    window, _ = _window_on(make_window, demo_db, CREDENTIALS)
    samantha = window.ctx.learner_id
    seen = {}

    def type_then_escape(dialog) -> None:  # type: ignore[no-untyped-def]
        qtbot.keyClicks(dialog.title, "Intro to Data Ethics")
        qtbot.keyClick(dialog.title, Qt.Key.Key_Escape)
        seen["after cancel"] = (dialog.isVisible(), dialog.title.text())
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Cancel),
                         Qt.MouseButton.LeftButton)  # fmt: skip
        seen["after cancel button"] = dialog.isVisible()
        answers.answer = SAVE
        qtbot.keyClick(dialog.title, Qt.Key.Key_Escape)

    _when_modal(type_then_escape)
    window.add_action.trigger()
    assert seen == {"after cancel": (True, "Intro to Data Ethics"), "after cancel button": True}
    assert (
        answers.asked
        == ["The new credential “Intro to Data Ethics” has changes that are not saved."] * 3
    )
    assert "Intro to Data Ethics" in _titles(demo_db, samantha)


def test_credential_editor_discard_closes_and_saves_nothing(
    demo_db, make_window, monkeypatch, qtbot
) -> None:  # type: ignore[no-untyped-def]
    Answers(monkeypatch, DISCARD)
    window, _ = _window_on(make_window, demo_db, CREDENTIALS)
    before = _titles(demo_db, window.ctx.learner_id)
    _when_modal(lambda d: (qtbot.keyClicks(d.title, "Dropped"), d.close()))
    window.add_action.trigger()
    assert _titles(demo_db, window.ctx.learner_id) == before


def test_an_untouched_editor_closes_on_escape_without_asking(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from portfolio.ui.dialogs.credential_editor import CredentialEditor

    answers = Answers(monkeypatch, CANCEL)
    editor = CredentialEditor(lambda data: None)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.keyClick(editor.title, Qt.Key.Key_Escape)
    assert not editor.isVisible()
    assert answers.asked == []


def test_quitting_with_a_dialog_open_asks_about_the_dialog(
    demo_db, make_window, monkeypatch, qtbot
) -> None:  # type: ignore[no-untyped-def]
    answers = Answers(monkeypatch, CANCEL)
    window, _ = _window_on(make_window, demo_db, CREDENTIALS)
    samantha = window.ctx.learner_id
    seen = {}

    def type_then_quit(dialog) -> None:  # type: ignore[no-untyped-def]
        qtbot.keyClicks(dialog.title, "Typed before quitting")
        window.close()
        seen["cancel"] = (window.isVisible(), dialog.isVisible())
        answers.answer = SAVE
        window.close()

    _when_modal(type_then_quit)
    window.add_action.trigger()
    assert seen == {"cancel": (True, True)}
    assert not window.isVisible()
    assert "Typed before quitting" in _titles(demo_db, samantha)


def test_ctrl_enter_saves_the_credential_editor_only_when_valid(qtbot) -> None:  # type: ignore[no-untyped-def]
    from portfolio.ui.dialogs.credential_editor import CredentialEditor

    saved = []
    editor = CredentialEditor(saved.append)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.keyClicks(editor.end, "Smarch 2020")
    qtbot.keyClick(editor.end, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert saved == [] and editor.isVisible()  # no title, a bad date: Save is disabled
    editor.end.clear()
    qtbot.keyClicks(editor.title, "First aid")
    qtbot.keyClicks(editor.description, "Two days, St John Ambulance.")
    qtbot.keyClick(editor.description, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)
    assert [(d.title, d.description) for d in saved] == [
        ("First aid", "Two days, St John Ambulance.")
    ]
    assert editor.result() == QDialog.DialogCode.Accepted and not editor.isVisible()


def test_ctrl_enter_in_the_skill_box_adds_the_skill_then_saves(qtbot) -> None:  # type: ignore[no-untyped-def]
    from portfolio.ui.dialogs.credential_editor import CredentialEditor

    saved = []
    editor = CredentialEditor(saved.append)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.keyClicks(editor.title, "First aid")
    qtbot.keyClicks(editor.skills.input, "Triage")
    qtbot.keyClick(editor.skills.input, Qt.Key.Key_Return)  # plain Enter: adds, stays open
    assert editor.isVisible() and saved == []
    qtbot.keyClicks(editor.skills.input, "CPR")
    qtbot.keyClick(editor.skills.input, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert [[s.label for s in d.skills] for d in saved] == [["Triage", "CPR"]]
    assert not editor.isVisible()


@pytest.mark.parametrize("answer", [CANCEL, SAVE, DISCARD])
def test_experience_editor_escape(demo_db, make_window, monkeypatch, qtbot, answer) -> None:  # type: ignore[no-untyped-def]
    answers = Answers(monkeypatch, answer)
    window, _ = _window_on(make_window, demo_db, EXPERIENCE)
    samantha = window.ctx.learner_id
    seen = {}

    def type_then_escape(dialog) -> None:  # type: ignore[no-untyped-def]
        qtbot.keyClicks(dialog.title, "Volunteer tutor")
        qtbot.keyClicks(dialog.highlights, "Tutored 12 pupils")
        qtbot.keyClick(dialog.highlights, Qt.Key.Key_Escape)
        seen["open"] = dialog.isVisible()
        seen["text"] = dialog.highlights.toPlainText()
        if dialog.isVisible():
            qtbot.keyClick(dialog.title, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    _when_modal(type_then_escape)
    window.add_action.trigger()
    assert answers.asked == ["The new experience “Volunteer tutor” has changes that are not saved."]
    assert seen == {"open": answer == CANCEL, "text": "Tutored 12 pupils"}
    with demo_db.read_session() as s:
        titles = [r.title for r in list_experience(s, samantha)]
    # Cancel then Ctrl+Enter saves as well; only Discard drops it.
    assert ("Volunteer tutor" in titles) == (answer != DISCARD)


@pytest.mark.parametrize("answer", [CANCEL, SAVE, DISCARD])
def test_role_dialog_escape(demo_db, make_window, monkeypatch, qtbot, answer) -> None:  # type: ignore[no-untyped-def]
    answers = Answers(monkeypatch, answer)
    window, page = _window_on(make_window, demo_db, GOALS)
    samantha = window.ctx.learner_id
    seen = {}

    def type_then_escape(dialog) -> None:  # type: ignore[no-untyped-def]
        qtbot.keyClicks(dialog.name, "Learning designer")
        qtbot.keyClicks(dialog.essential, "Instructional design")
        qtbot.keyClick(dialog.essential, Qt.Key.Key_Escape)
        seen["open"] = dialog.isVisible()
        seen["name"] = dialog.name.text()
        if dialog.isVisible():
            qtbot.keyClick(dialog.name, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    _when_modal(type_then_escape)
    qtbot.mouseClick(page.new_role_button, Qt.MouseButton.LeftButton)
    assert answers.asked == ["The new role “Learning designer” has changes that are not saved."]
    assert seen == {"open": answer == CANCEL, "name": "Learning designer"}
    with demo_db.read_session() as s:
        roles = [r.name for r in list_roles(s)]
        targets = [r.name for r in target_roles(s, samantha)]
    assert ("Learning designer" in roles) == (answer != DISCARD)
    assert ("Learning designer" in targets) == (answer != DISCARD)


@pytest.mark.parametrize("answer", [CANCEL, SAVE, DISCARD])
def test_new_learner_dialog_escape(demo_db, make_window, monkeypatch, qtbot, answer) -> None:  # type: ignore[no-untyped-def]
    answers = Answers(monkeypatch, answer)
    window, _ = _window_on(make_window, demo_db, CREDENTIALS)
    seen = {}

    def type_then_escape(dialog) -> None:  # type: ignore[no-untyped-def]
        qtbot.keyClicks(dialog.name, "Maya Okafor")
        qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)
        seen["open"] = dialog.isVisible()
        seen["name"] = dialog.name.text()
        if dialog.isVisible():
            qtbot.keyClick(dialog.name, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)

    _when_modal(type_then_escape)
    window.new_learner_action.trigger()
    assert answers.asked == ["The new learner “Maya Okafor” has changes that are not saved."]
    assert seen == {"open": answer == CANCEL, "name": "Maya Okafor"}
    with demo_db.read_session() as s:
        names = [x.name for x in list_learners(s)]
    assert ("Maya Okafor" in names) == (answer != DISCARD)
    assert (window.learner_combo.currentText() == "Maya Okafor") == (answer != DISCARD)


# -- the question itself --


def test_the_question_is_a_real_save_discard_cancel_box(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from portfolio.ui.dialogs.new_learner import NewLearnerDialog

    monkeypatch.setattr(unsaved, "ask_save_discard_cancel", REAL_QUESTION)
    dialog = NewLearnerDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name, "<b>Sam</b>")
    seen = {}

    def answer_cancel(box) -> None:  # type: ignore[no-untyped-def]
        seen["text"] = box.text()
        seen["format"] = box.textFormat()
        seen["buttons"] = box.standardButtons()
        box.button(CANCEL).click()

    _when_modal(answer_cancel)
    dialog.reject()
    assert seen == {
        "text": "The new learner “<b>Sam</b>” has changes that are not saved.",
        "format": Qt.TextFormat.PlainText,
        "buttons": SAVE | DISCARD | CANCEL,
    }
    assert dialog.isVisible() and dialog.name.text() == "<b>Sam</b>"
    dialog.done(QDialog.DialogCode.Rejected)
