"""Service operations that undo needs: putting back what a delete or an edit took away."""

from __future__ import annotations

import datetime as dt

from portfolio.db import Database
from portfolio.models import CvItemState, SkillSource
from portfolio.services import cv_variants as cv
from portfolio.services import roles, sessions
from portfolio.services.credentials import delete_credential
from portfolio.services.cv_content import load_cv_content
from portfolio.services.goal_records import RoleInput, RoleSkillInput
from portfolio.services.learners import find_learner


def test_a_deleted_note_comes_back_with_its_actions(demo_db: Database) -> None:
    with demo_db.session() as s:
        learner = find_learner(s, "Audrey").id
        note = sessions.add_note(s, learner, dt.date(2026, 5, 4), "Talked about writing")
        tied = sessions.add_action(s, learner, "Draft a cover letter", None, note)
        loose = sessions.add_action(s, learner, "Call the college", None, None)
        assert sessions.actions_of_note(s, note) == [tied]
        sessions.delete_note(s, note)
    with demo_db.session() as s:
        new = sessions.restore_note(s, learner, dt.date(2026, 5, 4), "Talked about writing", [tied])
    with demo_db.read_session() as s:
        assert sessions.get_note(s, new).body == "Talked about writing"
        assert sessions.get_action(s, tied).note_id == new
        assert sessions.get_action(s, loose).note_id is None


def test_a_deleted_action_comes_back_done_on_its_date(demo_db: Database) -> None:
    with demo_db.session() as s:
        learner = find_learner(s, "Audrey").id
        note = sessions.add_note(s, learner, dt.date(2026, 5, 4), "Intake")
        action = sessions.add_action(s, learner, "Apply", dt.date(2026, 6, 1), note)
        sessions.set_action_done(s, action, True, today=dt.date(2026, 5, 20))
        record = sessions.get_action(s, action)
        sessions.delete_action(s, action)
        new = sessions.restore_action(s, record)
        back = sessions.get_action(s, new)
    assert (back.text, back.due_on, back.done, back.done_on, back.note_id) == (
        "Apply",
        dt.date(2026, 6, 1),
        True,
        dt.date(2026, 5, 20),
        note,
    )


def test_an_action_whose_note_is_gone_comes_back_on_its_own(demo_db: Database) -> None:
    with demo_db.session() as s:
        learner = find_learner(s, "Audrey").id
        note = sessions.add_note(s, learner, dt.date(2026, 5, 4), "Intake")
        action = sessions.add_action(s, learner, "Apply", None, note)
        record = sessions.get_action(s, action)
        sessions.delete_action(s, action)
        sessions.delete_note(s, note)
        new = sessions.restore_action(s, record)
        assert sessions.get_action(s, new).note_id is None


def test_restoring_an_edited_builtin_role_makes_it_builtin_again(db: Database) -> None:
    with db.session() as s:
        roles.ensure_role_library(s)
        role_id = roles.find_role(s, "Data Analyst").id
        before = roles.get_role(s, role_id)
        roles.update_role(
            s,
            role_id,
            RoleInput("Data Analyst (health)", "Mine", (RoleSkillInput(label="SQL"),)),
        )
        assert roles.get_role(s, role_id).source == SkillSource.CUSTOM
        roles.restore_role(s, role_id, before)
    with db.read_session() as s:
        assert roles.get_role(s, role_id) == before


def test_a_deleted_variant_is_recreated_with_its_items(demo_db: Database) -> None:
    with demo_db.session() as s:
        learner = find_learner(s, "Samantha").id
        content = load_cv_content(s, learner)
        role = roles.list_roles(s)[0].id if roles.list_roles(s) else None
        vid = cv.create_variant(
            s, learner, cv.VariantInput("Marketing", template="modern", target_role_id=role)
        )
        first, second = content.experiences[0].id, content.experiences[1].id
        cv.set_item_state(s, vid, "experience", second, CvItemState.PINNED)
        cv.set_item_state(s, vid, "experience", first, CvItemState.HIDDEN)
        record = cv.get_variant(s, vid)
        cv.delete_variant(s, vid)
        new = cv.recreate_variant(s, learner, record)
        again = cv.get_variant(s, new)
    assert again.name == "Marketing" and again.template == "modern"
    assert again.target_role_id == role
    assert again.tailoring.choice("experience", second).state == CvItemState.PINNED  # type: ignore[union-attr]
    assert again.tailoring.choice("experience", first).state == CvItemState.HIDDEN  # type: ignore[union-attr]


def test_restoring_a_variant_puts_back_options_and_items(demo_db: Database) -> None:
    with demo_db.session() as s:
        learner = find_learner(s, "Samantha").id
        content = load_cv_content(s, learner)
        vid = cv.create_variant(s, learner, cv.VariantInput("Marketing"))
        before = cv.get_variant(s, vid)
        credential = content.credentials[0].id
        cv.set_item_state(s, vid, "credential", credential, CvItemState.PINNED)
        cv.update_variant(s, vid, cv.VariantInput("Digital", template="compact", page_size="a4"))
        after = cv.get_variant(s, vid)
        cv.restore_variant(s, vid, before)
        assert cv.get_variant(s, vid) == before
        cv.restore_variant(s, vid, after)
        assert cv.get_variant(s, vid) == after
    # An item whose credential has been deleted since is simply left out.
    with demo_db.session() as s:
        delete_credential(s, credential)
    with demo_db.session() as s:
        cv.restore_variant(s, vid, after)
        assert cv.get_variant(s, vid).items == ()
