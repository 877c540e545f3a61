"""Pages: credential filters, experience undo, plain-text paste, keyboard access."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QPlainTextEdit

from portfolio.models.base import CredentialKind
from portfolio.services.experience import list_experience
from portfolio.services.records import SkillLinkInput
from portfolio.ui import messages
from portfolio.ui.dialogs.credential_editor import CredentialEditor
from portfolio.ui.pages import PAGES


def _when_modal(fn):  # type: ignore[no-untyped-def]
    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, poll)
        else:
            fn(dialog)

    QTimer.singleShot(0, poll)


def test_credentials_filter_by_kind_status_and_text(demo_db, make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_db, learner="Samantha Kolb")
    window.show_page(1)
    page = window.current_page()
    shown = lambda: {page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())}  # noqa: E731
    page.kind_filter.setCurrentIndex(page.kind_filter.findData(CredentialKind.DEGREE))
    assert shown() == {
        "Bachelor of Arts, Political Science and International Development",
        "Master of Global Affairs",
    }
    assert page.count_label.text() == "2 of 7 credentials"
    page.kind_filter.setCurrentIndex(0)
    page.status_filter.setCurrentIndex(page.status_filter.findData("expired"))
    assert shown() == {"Google Analytics Certification"}
    page.status_filter.setCurrentIndex(0)
    qtbot.keyClicks(page.search, "azure")
    assert len(shown()) == 2
    page.search.clear()
    assert page.proxy.rowCount() == 7


def test_experience_add_and_delete_are_undoable(demo_db, make_window, monkeypatch, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_db, learner="Audrey Heath")
    window.show_page(2)
    page = window.current_page()
    before = page.model.total()

    def fill(dialog) -> None:  # type: ignore[no-untyped-def]
        qtbot.keyClicks(dialog.title, "Editor, student newspaper")
        qtbot.keyClicks(dialog.start, "2021")
        dialog.current.setChecked(True)
        dialog.highlights.setPlainText("Edited 40 issues\nTrained 6 writers")
        dialog.save_button.click()

    _when_modal(fill)
    window.add_action.trigger()
    assert page.model.total() == before + 1
    with demo_db.read_session() as session:
        rows = list_experience(session, window.ctx.learner_id)
    assert any(r.title == "Editor, student newspaper" and r.current for r in rows)
    monkeypatch.setattr(messages, "ask_yes_no", lambda *a: True)
    page.delete()
    assert page.model.total() == before
    window.undo_action.trigger()
    assert page.model.total() == before + 1
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert page.model.total() == before


def test_pasted_rich_text_is_stored_as_plain_text(demo_db, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_db, learner="Audrey Heath")
    profile = window.page(0)
    mime = QMimeData()
    mime.setHtml("<p><b>Bold</b> claim</p>")
    mime.setText("Bold claim")
    profile.summary.clear()
    profile.summary.insertFromMimeData(mime)
    assert profile.summary.toPlainText() == "Bold claim"
    profile.save_button.click()
    profile.refresh()
    assert profile.summary.toPlainText() == "Bold claim"


def test_every_editor_control_has_an_accessible_name(qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = CredentialEditor(lambda data: None)
    qtbot.addWidget(editor)
    unnamed = [
        type(w).__name__
        for kind in (QLineEdit, QComboBox, QPlainTextEdit)
        for w in editor.findChildren(kind)
        if not w.accessibleName() and not isinstance(w.parent(), QComboBox)
    ]
    assert unnamed == []


def test_pages_have_standard_and_numbered_shortcuts(demo_db, make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_db, learner="Audrey Heath")
    shortcuts = {a.shortcut().toString() for a in window.actions()}
    assert {f"Ctrl+{i + 1}" for i in range(len(PAGES))} <= shortcuts
    assert {"Ctrl+K", "Ctrl+F"} <= shortcuts
    assert "Ctrl+Z" in {s.toString() for s in window.undo_action.shortcuts()}
    assert "Ctrl+Shift+Z" in {s.toString() for s in window.redo_action.shortcuts()}
    by_key = {a.shortcut().toString(): a for a in window.actions()}
    by_key["Ctrl+3"].trigger()
    assert window.sidebar.currentRow() == 2
    assert window.current_page() is window.page(2)


def test_hidden_pages_refresh_when_shown_after_a_change(demo_db, make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_db, learner="Audrey Heath")
    window.show_page(3)  # Skills
    skills = window.current_page()
    before = skills.table.topLevelItemCount()
    window.show_page(1)
    creds = window.current_page()

    def fill(dialog) -> None:  # type: ignore[no-untyped-def]
        qtbot.keyClicks(dialog.title, "Statistics 101")
        dialog.skills.add_skill(SkillLinkInput(label="Inferential statistics for surveys"))
        dialog.save_button.click()

    _when_modal(fill)
    creds.add()
    window.show_page(3)
    assert skills.table.topLevelItemCount() == before + 1


def test_reloading_a_long_list_runs_through_the_task_runner(
    demo_db, make_window, monkeypatch, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_db, learner="Samantha Kolb")
    window.show_page(1)
    page = window.current_page()
    page.background_rows = 5  # Samantha's 7 credentials count as "long" here
    submitted = []
    real_submit = window.ctx.tasks.submit
    monkeypatch.setattr(
        window.ctx.tasks, "submit", lambda fn, **kw: submitted.append(fn) or real_submit(fn, **kw)
    )
    page.select_id(page.model.rows()[0].id)

    def rename(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.title.setText("Renamed in the background")
        dialog.save_button.click()

    _when_modal(rename)
    page.edit()
    # The editor's suggestion chips run on the task runner too; count the table reloads.
    assert len([fn for fn in submitted if fn.__qualname__.startswith("TablePage.")]) == 1
    assert "Renamed in the background" in {r.title for r in page.model.rows()}
    assert page.proxy.index(page.view.currentIndex().row(), 0).data() == "Renamed in the background"
    assert page.count_label.text() == "7 credentials"


def test_stacks_into_offers_only_credentials_that_make_no_loop(demo_db, qtbot) -> None:  # type: ignore[no-untyped-def]
    from portfolio.services.credentials import get_credential, list_credentials
    from portfolio.services.learners import find_learner

    with demo_db.read_session() as session:
        rows = list_credentials(session, find_learner(session, "Audrey").id)
        degree = next(r for r in rows if r.kind == CredentialKind.DEGREE)
        record = get_credential(session, degree.id)
    editor = CredentialEditor(lambda data: None, record=record, others=rows)
    qtbot.addWidget(editor)
    offered = {editor.stacks_into.itemData(i) for i in range(editor.stacks_into.count())}
    # Not itself, and not the micro-courses that stack into it.
    assert offered == {None}
    course = next(r for r in rows if r.stacks_into_id == degree.id)
    editor2 = CredentialEditor(
        lambda data: None, record=get_credential_in(demo_db, course.id), others=rows
    )
    qtbot.addWidget(editor2)
    assert editor2.stacks_into.currentData() == degree.id


def get_credential_in(db, credential_id):  # type: ignore[no-untyped-def]
    from portfolio.services.credentials import get_credential

    with db.read_session() as session:
        return get_credential(session, credential_id)


def test_ctrl_s_saves_the_profile(demo_db, make_window) -> None:  # type: ignore[no-untyped-def]
    from portfolio.services.learners import get_learner

    window = make_window(demo_db, learner="Audrey Heath")
    window.show_page(0)
    window.page(0).location.setText("Vancouver, BC")
    assert "Ctrl+S" in window.save_action.shortcut().toString()
    window.save_action.trigger()
    with demo_db.read_session() as session:
        assert get_learner(session, window.ctx.learner_id).location == "Vancouver, BC"
    assert "Saved" in window.statusBar().currentMessage()


def test_counts_read_as_english(demo_db, make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_db, learner="Samantha Kolb")
    window.show_page(2)
    page = window.current_page()
    assert page.count_label.text() == f"{page.model.total()} experience entries"
    page.search.setText("Dalhousie")
    assert page.count_label.text() == f"1 of {page.model.total()} experience entries"
    window.show_page(1)
    assert window.current_page().count_label.text() == "7 credentials"
