"""File ▸ Delete learner…: confirmed by the full name, backed up first, gone from the window."""

from __future__ import annotations

from portfolio.db.backup import list_backups
from portfolio.db.check import check_database
from portfolio.services.learners import list_learners
from portfolio.ui.dialogs.delete_learner import DeleteLearnerDialog


def open_dialog(window) -> DeleteLearnerDialog:  # type: ignore[no-untyped-def]
    window.delete_learner_action.trigger()
    dialog = window.findChild(DeleteLearnerDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def combo_names(window) -> list[str]:  # type: ignore[no-untyped-def]
    return [window.learner_combo.itemText(i) for i in range(window.learner_combo.count())]


def test_delete_is_enabled_only_by_the_full_name_then_forgets_the_learner(
    demo_db, make_window, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_db, learner="Samantha Kolb")
    profile = window.page(0)
    window.show_page(0)
    profile.headline.setText("Marketing and communications")
    profile.save_button.click()
    assert window.ctx.undo_stack.count() == 1  # an undo step holding her data
    dialog = open_dialog(window)
    assert "Delete Samantha Kolb and everything that belongs to them: 7 credentials" in (
        dialog.summary.text()
    )
    assert "cannot be undone" in dialog.warning.text()
    qtbot.keyClicks(dialog.name_edit, "Samantha")
    assert not dialog.delete_button.isEnabled()  # a prefix finds her but does not confirm
    qtbot.keyClicks(dialog.name_edit, " Kolbe")
    assert not dialog.delete_button.isEnabled()
    dialog.name_edit.clear()
    qtbot.keyClicks(dialog.name_edit, "samantha kolb")
    assert dialog.delete_button.isEnabled()
    dialog.delete_button.click()
    assert not dialog.isVisible()

    assert combo_names(window) == ["Audrey Heath", "Daniel Moreau"]
    assert window.learner_combo.currentText() == "Daniel Moreau"  # the one before her, the last
    assert "Daniel Moreau" in window.windowTitle()
    assert window.page(0).name.text() == "Daniel Moreau"
    with demo_db.read_session() as session:
        assert [x.name for x in list_learners(session)] == ["Audrey Heath", "Daniel Moreau"]
    assert window.ctx.undo_stack.count() == 0  # nothing left to bring her back from memory
    (backup,) = [b for b in list_backups(demo_db.path) if b.kind == "pre-delete"]
    assert backup.learners == 3
    assert check_database(backup.path).ok
    assert "Deleted Samantha Kolb" in window.statusBar().currentMessage()
    assert str(backup.path) in window.statusBar().currentMessage()


def test_cancel_deletes_nothing(demo_db, make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_db, learner="Daniel Moreau")
    dialog = open_dialog(window)
    qtbot.keyClicks(dialog.name_edit, "Daniel Moreau")
    dialog.reject()
    assert "Daniel Moreau" in combo_names(window)
    assert not [b for b in list_backups(demo_db.path) if b.kind == "pre-delete"]


def test_deleting_the_last_learner_shows_the_welcome_screen(db, make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from portfolio.services.learners import create_learner
    from portfolio.services.records import LearnerInput

    with db.session() as session:
        create_learner(session, LearnerInput(name="Zoë Tremblay"))
    window = make_window(db)
    dialog = open_dialog(window)
    assert "They have a profile and no other records" in dialog.summary.text()
    dialog.name_edit.setText("Zoe Tremblay")  # accents need not be typed
    assert dialog.delete_button.isEnabled()
    dialog.delete_button.click()
    assert combo_names(window) == []
    assert window.ctx.learner_id is None
    assert window.stack.currentWidget() is window.welcome
    db.dispose()
    assert "Zoë Tremblay".encode() not in db.path.read_bytes()
