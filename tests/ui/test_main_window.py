"""The main window driven as a user would: switching learners, editing, undo/redo, settings."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent, QTextDocument
from PySide6.QtWidgets import QApplication

from portfolio.dates import PartialDate
from portfolio.models.base import CredentialKind
from portfolio.services.credentials import create_credential, get_credential, list_credentials
from portfolio.services.learners import create_learner, find_learner, get_learner
from portfolio.services.records import CredentialInput, LearnerInput
from portfolio.ui import messages
from portfolio.ui.dialogs.credential_editor import CredentialEditor


def _when_modal(fn):  # type: ignore[no-untyped-def]
    """Run `fn(dialog)` on the next modal dialog that opens."""

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, poll)
        else:
            fn(dialog)

    QTimer.singleShot(0, poll)


def test_opens_on_the_named_learner_with_data_shown(demo_db, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_db, learner="audrey")
    window.show_page(1)
    page = window.current_page()
    assert window.learner_combo.currentText() == "Audrey Heath"
    assert page.model.rowCount() == 4
    assert "Audrey Heath" in window.windowTitle()


def test_switching_learner_refreshes_the_pages(demo_db, make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_db, learner="Samantha Kolb")
    window.show_page(1)
    page = window.current_page()
    assert page.model.rowCount() == 7
    with demo_db.read_session() as session:
        daniel = find_learner(session, "Daniel").id
    index = window.learner_combo.findData(daniel)
    window.learner_combo.setCurrentIndex(index)
    window.learner_combo.activated.emit(index)
    titles = {page.model.row_at(i).title for i in range(page.model.rowCount())}
    with demo_db.read_session() as session:
        expected = {row.title for row in list_credentials(session, daniel)}
    assert "MicroMasters Program in Supply Chain Management" in expected
    assert titles == expected  # Daniel's credentials, not Samantha's seven
    assert window.ctx.learner_id == daniel


def test_add_edit_delete_with_undo_and_redo(demo_db, make_window, monkeypatch, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_db, learner="Audrey Heath")
    window.show_page(1)
    page = window.current_page()
    before = page.model.rowCount()

    def fill(dialog: CredentialEditor) -> None:
        qtbot.keyClicks(dialog.title, "Intro to Data Ethics")
        qtbot.keyClicks(dialog.end, "Sep 2024")
        qtbot.keyClicks(dialog.skills.input, "Data ethics")
        qtbot.keyClick(dialog.skills.input, Qt.Key.Key_Return)
        assert dialog.save_button.isEnabled()
        dialog.save_button.click()

    _when_modal(fill)
    window.add_action.trigger()
    assert page.model.rowCount() == before + 1
    new_id = page.selected_id()
    with demo_db.read_session() as session:
        record = get_credential(session, new_id)
    assert record.end_date == PartialDate(2024, 9)
    assert [s.label for s in record.skills] == ["Data ethics"]

    def rename(dialog: CredentialEditor) -> None:
        dialog.title.setText("Data Ethics, revised")
        dialog.save_button.click()

    _when_modal(rename)
    window.edit_action.trigger()
    assert page.model.row_at(page.model.row_of_id(new_id)).title == "Data Ethics, revised"

    window.undo_action.trigger()
    assert page.model.row_at(page.model.row_of_id(new_id)).title == "Intro to Data Ethics"
    window.redo_action.trigger()
    assert page.model.row_at(page.model.row_of_id(new_id)).title == "Data Ethics, revised"

    asked = []
    monkeypatch.setattr(messages, "ask_yes_no", lambda *a: asked.append(a) or True)
    page.select_id(new_id)
    window.delete_action.trigger()
    assert len(asked) == 1
    assert page.model.rowCount() == before
    window.undo_action.trigger()  # the credential comes back (with a new id)
    assert page.model.rowCount() == before + 1
    assert "Data Ethics, revised" in {r.title for r in page.model.rows()}
    window.undo_action.trigger()  # undo the edit of the re-created credential
    assert "Intro to Data Ethics" in {r.title for r in page.model.rows()}
    window.undo_action.trigger()  # undo the add
    assert page.model.rowCount() == before
    assert "Undone" in window.statusBar().currentMessage()


def test_undoing_a_delete_reattaches_stacked_credentials(demo_db, make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_db, learner="Audrey Heath")
    window.show_page(1)
    page = window.current_page()
    parent = next(
        r for r in page.model.rows() if any(c.stacks_into_id == r.id for c in page.model.rows())
    )
    children = {r.title for r in page.model.rows() if r.stacks_into_id == parent.id}
    monkeypatch.setattr(messages, "ask_yes_no", lambda *a: True)
    page.select_id(parent.id)
    page.delete()
    window.undo_action.trigger()
    rows = page.model.rows()
    new_parent = next(r for r in rows if r.title == parent.title)
    assert {r.title for r in rows if r.stacks_into_id == new_parent.id} == children


def test_editor_shows_each_problem_next_to_its_field_and_disables_save(qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = CredentialEditor(lambda data: None)
    qtbot.addWidget(editor)
    assert not editor.save_button.isEnabled()
    assert editor.boxes["title"].problem() == "Title is required"
    editor.title.setText("First aid")
    assert editor.save_button.isEnabled()
    editor.start.setText("Smarch 2020")
    assert (
        "not a month" in editor.boxes["start_date"].problem()
        or "not a date" in editor.boxes["start_date"].problem()
    )
    assert not editor.save_button.isEnabled()
    editor.start.setText("2021")
    editor.end.setText("2020")
    assert "before" in editor.boxes["end_date"].problem()
    assert not editor.save_button.isEnabled()
    editor.end.setText("2022")
    editor.credits.setText("-3")
    assert editor.boxes["credit_value"].problem() == "Credits cannot be negative"
    editor.credits.setText("3")
    editor.url.setText("javascript:alert(1)")
    assert "http" in editor.boxes["verification_url"].problem()
    editor.url.setText("https://example.org/badge")
    editor.expiry.setText("2021")  # expiry before the issue date
    assert "before" in editor.boxes["expiry_date"].problem()
    assert not editor.save_button.isEnabled()
    editor.expiry.setText("2150")  # far in the future: a warning only
    assert "far in the future" in editor.boxes["expiry_date"].problem()
    assert editor.save_button.isEnabled()


def test_skill_tags_prevent_duplicates_and_keep_levels(qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = CredentialEditor(lambda data: None)
    qtbot.addWidget(editor)
    tags = editor.skills
    for text in ("Python", "python ", "Pythön"):
        tags.input.setText(text)  # QTest cannot type "ö"
        qtbot.keyClick(tags.input, Qt.Key.Key_Return)
        tags.input.clear()
    assert tags.labels() == ["Python"]
    assert "already listed" in tags.note.text()
    tags._chips[0].level.setCurrentIndex(3)
    assert tags.skills()[0].level.value == "expert"


def test_names_with_markup_are_shown_literally(db, make_window) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        learner = create_learner(session, LearnerInput(name="<b>Bob</b>"))
        create_credential(
            session, learner, CredentialInput(title="<i>Course</i>", kind=CredentialKind.COURSE)
        )
    window = make_window(db)
    assert window.learner_combo.currentText() == "<b>Bob</b>"
    profile = window.page(0)
    assert profile.name.text() == "<b>Bob</b>"
    from PySide6.QtWidgets import QLabel

    for label in window.findChildren(QLabel):
        if "Bob" in label.text() or "Course" in label.text():
            assert label.textFormat() == Qt.TextFormat.PlainText
    window.show_page(1)
    table = window.current_page()
    assert table.proxy.index(0, 0).data() == "<i>Course</i>"
    tooltip = table.proxy.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "&lt;i&gt;Course&lt;/i&gt;" in tooltip  # rendered as the literal text
    doc = QTextDocument()
    doc.setHtml(tooltip)
    assert doc.toPlainText() == "<i>Course</i>"


def test_long_description_survives_the_editor_round_trip(db, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = ("word " * 20_000).strip()[:99_999] + "!"
    assert len(text) == 100_000
    with db.session() as session:
        learner = create_learner(session, LearnerInput(name="Ann"))
        cred_id = create_credential(
            session,
            learner,
            CredentialInput(title="Long", kind=CredentialKind.COURSE, description=text),
        )
        record = get_credential(session, cred_id)
    saved = []
    editor = CredentialEditor(saved.append, record=record)
    qtbot.addWidget(editor)
    editor.save_button.click()
    assert saved[0].description == text


def test_profile_edit_is_undoable(demo_db, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_db, learner="Audrey Heath")
    profile = window.page(0)
    window.show_page(0)
    profile.headline.setText("Communications graduate")
    assert profile.save_button.isEnabled()
    profile.save_button.click()
    with demo_db.read_session() as session:
        assert get_learner(session, window.ctx.learner_id).headline == "Communications graduate"
    window.undo_action.trigger()
    with demo_db.read_session() as session:
        assert get_learner(session, window.ctx.learner_id).headline != "Communications graduate"
    assert profile.headline.text() != "Communications graduate"
    profile.email.setText("not an email")
    assert "Email" in profile.boxes["email"].problem()
    assert not profile.save_button.isEnabled()
    profile.refresh()


def test_window_state_page_and_learner_are_restored(demo_db, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = tmp_path / "restore.ini"
    window = make_window(demo_db, learner="Daniel Moreau", settings_file=settings)
    window.show_page(2)
    window.resize(780, 560)  # the offscreen screen is 800x600
    window.splitter.setSizes([215, 560])
    window.close()
    again = make_window(demo_db, settings_file=settings)
    assert again.learner_combo.currentText() == "Daniel Moreau"
    assert again.sidebar.currentRow() == 2
    assert again.size().width() == 780
    assert again.splitter.sizes()[0] == 215
    again.close()


def test_app_icon_is_drawn_from_the_svg(qapp) -> None:  # type: ignore[no-untyped-def]
    from portfolio.ui.style import app_icon

    icon = app_icon()
    assert not icon.isNull()
    assert icon.pixmap(64, 64).width() == 64


def test_first_start_offers_demo_data_and_new_learner(db, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(db)
    assert window.stack.currentWidget() is window.welcome
    window.welcome.demo_button.click()
    assert window.learner_combo.count() == 3
    assert window.stack.currentWidget() is not window.welcome


def test_dropped_files_open_the_import_preview(db, make_window, data_dir, qtbot) -> None:  # type: ignore[no-untyped-def]
    from portfolio.ui.dialogs.import_dialog import ImportDialog

    window = make_window(db)
    received = []
    window.ctx.bus.files_dropped.connect(received.append)
    badge = data_dir / "io" / "ob3_credential.json"
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(badge))])
    drop = QDropEvent(
        QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    window.dropEvent(drop)
    assert received == [[badge]]
    qtbot.waitUntil(lambda: bool(window.findChildren(ImportDialog)))
    [dialog] = window.findChildren(ImportDialog)
    assert dialog.isVisible()
    assert dialog.plan is not None and dialog.plan.items[0].title == "Cloud Foundations"
    dialog.reject()


def test_new_learner_is_created_and_shown(db, make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(db)

    def fill(dialog) -> None:  # type: ignore[no-untyped-def]
        ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
        assert not ok.isEnabled()
        dialog.name.setText("Zoë Tremblay")  # QTest cannot type "ë"
        assert ok.isEnabled()
        ok.click()

    _when_modal(fill)
    window.new_learner_action.trigger()
    assert window.learner_combo.currentText() == "Zoë Tremblay"
    assert window.page(0).name.text() == "Zoë Tremblay"
    assert "Zoë Tremblay" in window.statusBar().currentMessage()


def test_quick_switcher_goes_to_a_learner_by_typing(demo_db, make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_db, learner="Samantha")

    def choose(dialog) -> None:  # type: ignore[no-untyped-def]
        qtbot.keyClicks(dialog.query, "dan")
        qtbot.keyClick(dialog.query, Qt.Key.Key_Return)

    _when_modal(choose)
    window.quick_switch()
    assert window.learner_combo.currentText() == "Daniel Moreau"


@pytest.mark.slow
def test_exit_when_ready_smoke(demo_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PORTFOLIO_HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "portfolio", "--db", str(demo_db.path), "gui", "--learner", "Audrey", "--exit-when-ready"],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "learner_id" in (tmp_path / "gui-settings.ini").read_text()
