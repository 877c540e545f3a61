"""After File ▸ Backups… ▸ Restore, every page and the learner switcher show the restored data,
and Undo offers nothing from before the restore."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from portfolio.models import CredentialKind
from portfolio.services import credentials, cv_variants, learners, sessions
from portfolio.services.records import Changed, CredentialInput, Kind, LearnerInput, SkillLinkInput
from portfolio.ui.commands import id_map
from portfolio.ui.dialogs.backups_dialog import BackupsDialog

PROFILE, CREDENTIALS, EXPERIENCE, SKILLS, GOALS, SESSIONS, CV = range(7)
NEW_CREDENTIAL = "Risograph Printing Workshop"
NEW_SKILL = "Risography"


def _combo(window) -> list[str]:  # type: ignore[no-untyped-def]
    return [window.learner_combo.itemText(i) for i in range(window.learner_combo.count())]


def _credential_titles(page) -> set[str]:  # type: ignore[no-untyped-def]
    return {page.model.row_at(i).title for i in range(page.model.rowCount())}


def _skills(page) -> set[str]:  # type: ignore[no-untyped-def]
    return {page.table.topLevelItem(i).text(0) for i in range(page.table.topLevelItemCount())}


def _roles(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [page.role_list.item(i).text() for i in range(page.role_list.count())]


def _notes(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [page.note_list.item(i).text() for i in range(page.note_list.count())]


def _variants(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [page.variants.item(i).text() for i in range(page.variants.count())]


def _cv_items(page) -> set[str]:  # type: ignore[no-untyped-def]
    return {
        page.items.topLevelItem(top).child(i).text(0)
        for top in range(page.items.topLevelItemCount())
        for i in range(page.items.topLevelItem(top).childCount())
    }


def _shown(window):  # type: ignore[no-untyped-def]
    """What every page shows, visiting each as a user would."""
    seen = {"combo": _combo(window), "title": window.windowTitle()}
    for index in range(7):
        window.show_page(index)
    p = window.page
    seen |= {
        "profile": p(PROFILE).name.text(),
        "credentials": _credential_titles(p(CREDENTIALS)),
        "experience": {
            p(EXPERIENCE).model.row_at(i).title for i in range(p(EXPERIENCE).model.rowCount())
        },
        "skills": _skills(p(SKILLS)),
        "goals": _roles(p(GOALS)),
        "gap": p(GOALS).role_title.text(),
        "sessions": _notes(p(SESSIONS)),
        "variants": _variants(p(CV)),
        "cv items": _cv_items(p(CV)),
    }
    return seen


def test_a_restore_shows_the_restored_data_on_every_page_and_clears_undo(
    demo_db, make_window, tmp_path, monkeypatch, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_db, learner="Audrey Heath")
    audrey = window.ctx.learner_id
    before = _shown(window)
    assert before["profile"] == "Audrey Heath"
    assert "FASS Forward: Writing" in before["credentials"]

    folder = tmp_path / "backups"
    dialog = BackupsDialog(window.ctx, window, backup_dir=folder)
    qtbot.addWidget(dialog)
    dialog.back_up_now()
    assert dialog.table.rowCount() == 1

    # Changes after the backup: through the pages where a user would make them...
    profile = window.page(PROFILE)
    window.show_page(PROFILE)
    profile.name.setText("Audrey Heath-Ng")
    profile.save()
    goals = window.page(GOALS)
    window.show_page(GOALS)
    goals.role_picker.setEditText("Cloud Administrator")
    qtbot.mouseClick(goals.add_role_button, Qt.MouseButton.LeftButton)
    cv = window.page(CV)
    window.show_page(CV)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Print shop", True))
    cv.new_variant()
    # ...and through services, announced as the app's editors announce them.
    with demo_db.session() as s:
        credentials.create_credential(
            s,
            audrey,
            CredentialInput(
                title=NEW_CREDENTIAL,
                kind=CredentialKind.COURSE,
                skills=(SkillLinkInput(label=NEW_SKILL),),
            ),
        )
        sessions.add_note(s, audrey, dt.date(2026, 11, 30), "Talked about print work")
        learners.create_learner(s, LearnerInput(name="Added After Backup"))
    window.ctx.bus.changed.emit(
        Changed(audrey, frozenset({Kind.CREDENTIAL, Kind.SKILL, Kind.SESSIONS, Kind.LEARNER}))
    )
    changed = _shown(window)
    assert changed["profile"] == "Audrey Heath-Ng"
    assert "Added After Backup" in changed["combo"]
    assert NEW_CREDENTIAL in changed["credentials"] and NEW_CREDENTIAL in changed["cv items"]
    assert NEW_SKILL in changed["skills"]
    assert "Cloud Administrator" in changed["goals"]
    assert len(changed["sessions"]) == len(before["sessions"]) + 1
    assert "Print shop" in changed["variants"]
    assert window.undo_action.isEnabled()

    # An undone deletion re-creates a record under a new id and leaves an alias behind.
    id_map(window.ctx).alias("cv_variant", 1, 99)
    assert _restore_the_backup(dialog, monkeypatch) == ["Restore this backup?"]

    with demo_db.read_session() as s:  # the app's own database object reads the restored file
        assert learners.get_learner(s, audrey).name == "Audrey Heath"
        assert cv_variants.list_variants(s, audrey) == []
    after = _shown(window)
    assert after == before
    assert window.ctx.learner_id == audrey
    # Undo would replay edits of the replaced portfolio onto the restored one.
    assert not window.undo_action.isEnabled()
    assert window.ctx.undo_stack.count() == 0
    assert id_map(window.ctx).resolve("cv_variant", 1) == 1  # ids now name restored records


def _restore_the_backup(dialog, monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """Restore the manual backup through the real dialog; only the confirmation is stubbed."""
    questions: list[str] = []

    def confirm(_parent, title, *_args):  # type: ignore[no-untyped-def]
        questions.append(title)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", confirm)
    dialog.refresh()
    manual = next(i for i, b in enumerate(dialog.backups) if b.kind == "manual")
    dialog.table.selectRow(manual)
    dialog.restore_button.click()
    assert "Restored" in dialog.status.text()
    dialog.close()
    return questions


def test_a_restore_from_before_the_learner_shown_was_added_switches_to_another(
    demo_db, make_window, tmp_path, monkeypatch, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_db, learner="Audrey Heath")
    dialog = BackupsDialog(window.ctx, window, backup_dir=tmp_path / "backups")
    qtbot.addWidget(dialog)
    dialog.back_up_now()
    with demo_db.session() as s:
        newcomer = learners.create_learner(s, LearnerInput(name="Added After Backup"))
    window.ctx.bus.changed.emit(Changed(None, frozenset({Kind.LEARNER})))
    window.set_learner(newcomer)
    for index in range(7):
        window.show_page(index)
    assert window.page(PROFILE).name.text() == "Added After Backup"

    _restore_the_backup(dialog, monkeypatch)
    assert "Added After Backup" not in _combo(window)
    with demo_db.read_session() as s:
        ids = [x.id for x in learners.list_learners(s)]
    assert window.ctx.learner_id == ids[0]
    assert window.learner_combo.currentData() == ids[0]
    shown = _shown(window)
    assert shown["profile"] == window.learner_combo.currentText()
    assert shown["credentials"]  # the pages show the learner now selected
