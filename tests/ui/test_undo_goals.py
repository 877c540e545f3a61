"""Goals page: target roles and the user's own roles are undoable from the main window's Undo /
Redo actions (Ctrl+Z / Ctrl+Shift+Z)."""

from __future__ import annotations

import datetime as dt

import pytest

from portfolio.models import SkillSource
from portfolio.services import roles
from portfolio.ui.pages.role_dialog import RoleDialog

TODAY = dt.date(2026, 11, 29)
GOALS_PAGE = 4


def _open(demo_db, make_window, name: str):  # type: ignore[no-untyped-def]
    window = make_window(demo_db, learner=name)
    window.show_page(GOALS_PAGE)
    page = window.current_page()
    page.today = lambda: TODAY
    return window, page


def _targets(db, learner_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    with db.read_session() as s:
        return [r.name for r in roles.target_roles(s, learner_id)]


def _role(db, name: str) -> roles.RoleRecord | None:  # type: ignore[no-untyped-def,name-defined]
    with db.read_session() as s:
        found = [r for r in roles.list_roles(s) if r.name == name]
        return roles.get_role(s, found[0].id) if found else None


def _shown(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [page.role_list.item(i).text() for i in range(page.role_list.count())]


def test_adding_and_removing_target_roles_is_undoable(demo_db, make_window) -> None:  # type: ignore[no-untyped-def]
    window, page = _open(demo_db, make_window, "Samantha Kolb")
    learner = window.ctx.learner_id
    start = _targets(demo_db, learner)
    assert len(start) == 2

    page.role_picker.setEditText("Data Analyst")
    page.add_role_button.click()
    assert _targets(demo_db, learner) == [*start, "Data Analyst"]
    assert page.role_title.text() == "Data Analyst"

    page.role_list.setCurrentRow(0)
    window.delete_action.trigger()  # the Delete key: off the targets (the role stays)
    assert _targets(demo_db, learner) == [start[1], "Data Analyst"]

    window.undo_action.trigger()  # the removed role is back, in its place
    assert _targets(demo_db, learner) == [*start, "Data Analyst"]
    assert _shown(page) == [*start, "Data Analyst"]
    window.undo_action.trigger()
    assert _targets(demo_db, learner) == start
    assert _shown(page) == start
    window.redo_action.trigger()
    window.redo_action.trigger()
    assert _targets(demo_db, learner) == [start[1], "Data Analyst"]
    assert _shown(page) == [start[1], "Data Analyst"]


def test_a_new_role_and_its_edit_are_undoable(demo_db, make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window, page = _open(demo_db, make_window, "Audrey Heath")
    learner = window.ctx.learner_id
    start = _targets(demo_db, learner)

    def create(dialog: RoleDialog) -> int:
        dialog.name.setText("Campus Events Storyteller")
        dialog.essential.setText("Public speaking, Writing")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(RoleDialog, "exec", create)
    page.new_role_button.click()
    assert _targets(demo_db, learner) == [*start, "Campus Events Storyteller"]

    def rename(dialog: RoleDialog) -> int:
        dialog.name.setText("Campus Storyteller")
        dialog.optional.setText("Branding")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(RoleDialog, "exec", rename)
    page.edit_role_button.click()
    edited = _role(demo_db, "Campus Storyteller")
    assert edited is not None and [s.label for s in edited.optional] == ["Branding"]

    window.undo_action.trigger()  # the edit
    created = _role(demo_db, "Campus Events Storyteller")
    assert created is not None and created.optional == ()
    assert _role(demo_db, "Campus Storyteller") is None
    window.undo_action.trigger()  # the new role: gone, and no longer a target
    assert _role(demo_db, "Campus Events Storyteller") is None
    assert _targets(demo_db, learner) == start
    assert page.role_picker.findText("Campus Events Storyteller") < 0

    window.redo_action.trigger()  # re-created (a new id) and targeted again
    assert _targets(demo_db, learner) == [*start, "Campus Events Storyteller"]
    window.redo_action.trigger()  # the edit follows the re-created role
    assert _targets(demo_db, learner) == [*start, "Campus Storyteller"]
    again = _role(demo_db, "Campus Storyteller")
    assert again is not None and [s.label for s in again.optional] == ["Branding"]
    assert page.role_title.text() in {"Campus Storyteller", *start}


def test_undoing_the_edit_of_a_builtin_role_makes_it_builtin_again(
    demo_db, make_window, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window, page = _open(demo_db, make_window, "Daniel Moreau")
    before = _role(demo_db, "Supply Chain Analyst")
    assert before is not None and before.source == SkillSource.BUILTIN

    def edit(dialog: RoleDialog) -> int:
        dialog.essential.setText("Logistics")
        dialog.optional.setText("")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(RoleDialog, "exec", edit)
    page.edit_role_button.click()
    changed = _role(demo_db, "Supply Chain Analyst")
    assert changed is not None and changed.source == SkillSource.CUSTOM
    window.undo_action.trigger()
    assert _role(demo_db, "Supply Chain Analyst") == before
    window.redo_action.trigger()
    assert _role(demo_db, "Supply Chain Analyst") == changed


@pytest.mark.parametrize("action", ["undo_action", "redo_action"])
def test_nothing_to_undo_or_redo_on_a_fresh_window(demo_db, make_window, action: str) -> None:  # type: ignore[no-untyped-def]
    window, _page = _open(demo_db, make_window, "Audrey Heath")
    assert not getattr(window, action).isEnabled()
