"""Nothing lands under the wrong learner: the import preview's target, the switch after an
import, and files dropped anywhere on the window (text fields included)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from portfolio.db import Database
from portfolio.services.credentials import list_credentials
from portfolio.services.learners import find_learner, get_learner, learners_called, list_learners
from portfolio.ui import messages, unsaved
from portfolio.ui.dialogs.import_dialog import NEW_LEARNER, ImportDialog
from portfolio.ui.main_window import MainWindow

IO = Path(__file__).resolve().parent.parent / "data" / "io"

DISCARD = QMessageBox.StandardButton.Discard  # closing the window with the edit


def json_resume(folder: Path, name: str, title: str = "Tableau Desktop Specialist") -> Path:
    path = folder / f"{name.replace(' ', '_')}.json"
    document = {
        "basics": {
            "name": name,
            "email": "someone@example.org",
            "phone": "+1 902 555 0100",
            "url": "https://example.org/someone",
        },
        "certificates": [{"name": title, "issuer": "Tableau", "date": "2023-05-01"}],
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def linkedin_folder(folder: Path, first: str, last: str) -> Path:
    """The LinkedIn export of the tests' fixtures, about `first last`."""
    export = folder / f"linkedin_{first}"
    shutil.copytree(IO / "linkedin_folder", export)
    profile = export / "Profile.csv"
    header, _row = profile.read_text(encoding="utf-8-sig").splitlines()[:2]
    profile.write_text(
        f"{header}\n{first},{last},,,,Data analyst,,Analytics,,Halifax\n", encoding="utf-8"
    )
    return export


def import_with_menu(window: MainWindow, monkeypatch, *paths: Path) -> ImportDialog:  # type: ignore[no-untyped-def]
    """File ▸ Import… with the file dialog answering `paths`; the preview it opens."""
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", lambda *_a, **_k: ([str(p) for p in paths], "")
    )
    [action] = [a for a in window.actions() if a.shortcut().toString() == "Ctrl+I"]
    action.trigger()
    [dialog] = window.findChildren(ImportDialog)
    assert dialog.isVisible()
    return dialog


def credentials_of(db: Database, name: str) -> list[str]:
    with db.read_session() as s:
        return [c.title for c in list_credentials(s, find_learner(s, name).id)]


def test_a_file_naming_nobody_goes_to_the_learner_on_screen(
    demo_db, make_window, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_db, learner="Audrey Heath")
    dialog = import_with_menu(window, monkeypatch, IO / "ob3_credential.json")
    assert dialog.learner_combo.currentText() == "Audrey Heath"
    assert "the learner on screen" in dialog.explanation.text()
    assert dialog.choice_named.isHidden() and dialog.choice_on_screen.isHidden()
    dialog.apply()
    assert "Cloud Foundations" in credentials_of(demo_db, "Audrey Heath")
    assert "Cloud Foundations" not in credentials_of(demo_db, "Samantha Kolb")
    assert window.learner_combo.currentText() == "Audrey Heath"


def test_a_resume_of_another_learner_warns_and_chooses_nothing_silently(
    demo_db, make_window, monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_db, learner="Audrey Heath")
    dialog = import_with_menu(window, monkeypatch, json_resume(tmp_path, "samantha kolb"))
    assert dialog.explanation.text() == "This file is about samantha kolb, not Audrey Heath."
    assert dialog.explanation.isVisible()
    assert dialog.learner_combo.currentIndex() == -1  # nobody preselected
    assert not dialog.ok_button.isEnabled()
    dialog.apply()  # refused while nothing is chosen
    assert "Tableau Desktop Specialist" not in credentials_of(demo_db, "Audrey Heath")
    # The person named is offered as the existing learner (case ignored), and the one on screen.
    assert dialog.choice_named.text() == "Import under Samantha Kolb (already in the portfolio)"
    assert dialog.choice_on_screen.text() == "Import under Audrey Heath (the learner on screen)"
    dialog.choice_named.click()
    assert dialog.learner_combo.currentText() == "Samantha Kolb"
    assert dialog.ok_button.isEnabled()
    status: list[str] = []
    window.ctx.bus.status.connect(status.append)
    dialog.ok_button.click()
    assert "Tableau Desktop Specialist" in credentials_of(demo_db, "Samantha Kolb")
    assert "Tableau Desktop Specialist" not in credentials_of(demo_db, "Audrey Heath")
    # The window follows the import, and says so.
    assert window.learner_combo.currentText() == "Samantha Kolb"
    assert window.ctx.learner_id == window.learner_combo.currentData()
    assert status[-1].startswith("1 credential imported")
    assert status[-1].endswith("for Samantha Kolb; now showing Samantha Kolb")
    assert window.statusBar().currentMessage() == status[-1]


def test_choosing_the_learner_on_screen_keeps_their_own_contact_details(
    demo_db, make_window, monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_db, learner="Audrey Heath")
    with demo_db.read_session() as s:
        before = get_learner(s, find_learner(s, "Audrey Heath").id)
    dialog = import_with_menu(window, monkeypatch, json_resume(tmp_path, "Samantha Kolb"))
    dialog.choice_on_screen.click()
    assert dialog.choice_on_screen.isChecked() and not dialog.choice_named.isChecked()
    dialog.ok_button.click()
    assert "Tableau Desktop Specialist" in credentials_of(demo_db, "Audrey Heath")
    with demo_db.read_session() as s:
        after = get_learner(s, before.id)
    assert after == before  # Samantha's e-mail did not fill Audrey's profile
    assert window.learner_combo.currentText() == "Audrey Heath"


def test_a_linkedin_export_of_someone_new_creates_them_and_the_window_shows_them(
    demo_db, make_window, monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_db, learner="Audrey Heath")
    audrey_before = credentials_of(demo_db, "Audrey Heath")
    dialog = import_with_menu(window, monkeypatch, linkedin_folder(tmp_path, "Jordan", "Lee"))
    assert dialog.explanation.text() == "This file is about Jordan Lee, not Audrey Heath."
    assert dialog.learner_combo.currentIndex() == -1
    assert dialog.choice_named.text() == "Import under Jordan Lee (a new learner)"
    dialog.choice_named.click()
    assert dialog.learner_combo.currentData() == NEW_LEARNER
    assert dialog.new_name.text() == "Jordan Lee"
    assert dialog.heading.text().endswith("into a new learner")
    dialog.ok_button.click()
    with demo_db.read_session() as s:
        [jordan] = learners_called(s, "Jordan Lee")
        assert jordan.credential_count == 2
    assert credentials_of(demo_db, "Audrey Heath") == audrey_before
    assert window.learner_combo.currentText() == "Jordan Lee"
    window.show_page(0)
    assert window.current_page().name.text() == "Jordan Lee"


def test_with_nobody_on_screen_a_named_person_is_proposed_and_said(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.test_import_dialog import make_ctx

    dialog = ImportDialog(make_ctx(db), [IO / "linkedin_export.zip"])
    qtbot.addWidget(dialog)
    assert dialog.learner_combo.currentData() == NEW_LEARNER
    assert dialog.new_name.text() == "Samantha Kolb"
    assert "who is not in the portfolio yet" in dialog.explanation.text()
    assert dialog.ok_button.isEnabled()


def test_with_no_learner_at_all_the_new_learner_needs_a_name(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.test_import_dialog import make_ctx

    dialog = ImportDialog(make_ctx(db), [IO / "ob3_credential.json"])
    qtbot.addWidget(dialog)
    assert dialog.explanation.text().startswith("There is no learner yet")
    assert dialog.learner_combo.currentData() == NEW_LEARNER and not dialog.new_name.isHidden()
    assert not dialog.ok_button.isEnabled()
    dialog.new_name.setText("Zoë Tremblay")
    assert dialog.ok_button.isEnabled()
    dialog.apply()
    assert credentials_of(db, "Zoe Tremblay") == ["Cloud Foundations"]


def test_a_new_name_already_taken_is_refused_and_nothing_is_written(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.test_import_dialog import make_ctx

    with demo_db.read_session() as s:
        before = list_learners(s)
    dialog = ImportDialog(make_ctx(demo_db), [IO / "ob3_credential.json"])
    qtbot.addWidget(dialog)
    dialog.learner_combo.setCurrentIndex(dialog.learner_combo.findData(NEW_LEARNER))
    dialog.new_name.setText("audrey heath")
    dialog.apply()
    assert (
        dialog.error == "A learner called “audrey heath” already exists; choose them in the list."
    )
    assert dialog.result() != ImportDialog.DialogCode.Accepted
    with demo_db.read_session() as s:
        assert list_learners(s) == before


# -- drops ----------------------------------------------------------------------------------------
def _drag_and_drop(target: QWidget, mime: QMimeData) -> bool:
    """A user's drag over `target` then drop, as Qt delivers them: was the drop taken?"""
    at = QPoint(5, 5)
    enter = QDragEnterEvent(
        at, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(target, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(
        QPointF(at), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(target, drop)
    return drop.isAccepted()


def _file_mime(path: Path) -> QMimeData:
    """What a file manager's drag carries: the file's URL, and the same as text (which a line
    edit would paste)."""
    mime = QMimeData()
    url = QUrl.fromLocalFile(str(path))
    mime.setUrls([url])
    mime.setText(url.toString())
    return mime


def test_a_file_dropped_on_a_profile_field_opens_the_preview_and_leaves_the_field_alone(
    demo_db, make_window, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(messages, "ask_yes_no", lambda *_a: True)  # if the field changed anyway
    monkeypatch.setattr(unsaved, "ask_save_discard_cancel", lambda *_a: DISCARD)
    window = make_window(demo_db, learner="Audrey Heath")
    window.show_page(0)
    field = window.current_page().headline
    before = field.text()
    mime = _file_mime(IO / "ob3_credential.json")
    assert _drag_and_drop(field, mime)
    assert field.text() == before
    assert not window.current_page().is_dirty()
    [dialog] = window.findChildren(ImportDialog)
    assert dialog.isVisible()
    assert dialog.learner_combo.currentText() == "Audrey Heath"
    dialog.reject()


def test_a_file_dropped_on_a_text_box_opens_the_preview(demo_db, make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(messages, "ask_yes_no", lambda *_a: True)  # if the box changed anyway
    monkeypatch.setattr(unsaved, "ask_save_discard_cancel", lambda *_a: DISCARD)
    window = make_window(demo_db, learner="Audrey Heath")
    window.show_page(0)
    summary = window.current_page().summary
    before = summary.toPlainText()
    mime = _file_mime(IO / "ob3_credential.json")
    assert _drag_and_drop(summary.viewport(), mime)
    assert summary.toPlainText() == before
    [dialog] = window.findChildren(ImportDialog)
    dialog.reject()


def test_plain_text_dropped_on_a_field_is_still_inserted(demo_db, make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(messages, "ask_yes_no", lambda *_a: True)  # the field was edited
    monkeypatch.setattr(unsaved, "ask_save_discard_cancel", lambda *_a: DISCARD)
    window = make_window(demo_db, learner="Audrey Heath")
    window.show_page(0)
    field = window.current_page().headline
    field.clear()
    mime = QMimeData()
    mime.setText("Data storyteller")
    assert _drag_and_drop(field, mime)
    assert field.text() == "Data storyteller"
    assert window.findChildren(ImportDialog) == []


def test_a_file_dropped_on_an_open_dialog_opens_no_preview_and_pastes_nothing(
    demo_db, make_window
) -> None:  # type: ignore[no-untyped-def]
    from portfolio.ui.dialogs.new_learner import NewLearnerDialog

    window = make_window(demo_db, learner="Audrey Heath")
    dialog = NewLearnerDialog(window)
    dialog.open()
    try:
        mime = _file_mime(IO / "ob3_credential.json")
        assert not _drag_and_drop(dialog.name, mime)
        assert dialog.name.text() == ""
        assert window.findChildren(ImportDialog) == []
    finally:
        dialog.reject()


def test_a_file_dropped_on_the_window_behind_a_dialog_opens_no_preview(
    demo_db, make_window, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from portfolio.ui.dialogs.new_learner import NewLearnerDialog

    monkeypatch.setattr(messages, "ask_yes_no", lambda *_a: True)  # if the field changed anyway
    monkeypatch.setattr(unsaved, "ask_save_discard_cancel", lambda *_a: DISCARD)
    window = make_window(demo_db, learner="Audrey Heath")
    window.show_page(0)
    field = window.current_page().headline
    before = field.text()
    dialog = NewLearnerDialog(window)
    dialog.open()
    try:
        mime = _file_mime(IO / "ob3_credential.json")
        assert not _drag_and_drop(field, mime)
        assert field.text() == before
        assert window.findChildren(ImportDialog) == []
    finally:
        dialog.reject()


def test_unsaved_profile_edits_keep_the_learner_on_screen_after_an_import(
    demo_db, make_window, monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(messages, "ask_yes_no", lambda *_a: True)  # closing with the edit
    monkeypatch.setattr(unsaved, "ask_save_discard_cancel", lambda *_a: DISCARD)
    window = make_window(demo_db, learner="Audrey Heath")
    window.show_page(0)
    page = window.current_page()
    page.headline.setText("Data storyteller")  # not saved
    dialog = import_with_menu(window, monkeypatch, json_resume(tmp_path, "Samantha Kolb"))
    dialog.choice_named.click()
    dialog.ok_button.click()
    assert "Tableau Desktop Specialist" in credentials_of(demo_db, "Samantha Kolb")
    assert window.learner_combo.currentText() == "Audrey Heath"
    assert page.headline.text() == "Data storyteller" and page.is_dirty()
    assert (
        window.statusBar()
        .currentMessage()
        .endswith("for Samantha Kolb; Audrey Heath stays on screen, with your unsaved changes")
    )
