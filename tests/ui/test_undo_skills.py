"""Skills page: claiming a skill and removing a claim are undoable from the main window's Undo /
Redo actions (Ctrl+Z / Ctrl+Shift+Z)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from portfolio.models import SkillLevel
from portfolio.services.learner_skills import learner_skills
from portfolio.services.skills import claim_skill
from portfolio.ui import messages

SKILLS_PAGE = 3


def _claims(db, learner_id: int) -> list[tuple[str, SkillLevel, str]]:  # type: ignore[no-untyped-def]
    with db.read_session() as s:
        return [(c.label, c.level, c.note) for c in learner_skills(s, learner_id)]


def _labels(page) -> set[str]:  # type: ignore[no-untyped-def]
    return {page.table.topLevelItem(i).text(0) for i in range(page.table.topLevelItemCount())}


def test_claiming_and_removing_a_claim_are_undoable(
    demo_db, make_window, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_db, learner="Audrey Heath")
    learner = window.ctx.learner_id
    with demo_db.session() as s:
        claim_skill(s, learner, "Event planning", SkillLevel.PROFICIENT, "Ran the spring fair")
    window.show_page(SKILLS_PAGE)
    page = window.current_page()
    start = _claims(demo_db, learner)
    assert "Event planning" in _labels(page)

    window.add_action.trigger()  # Ctrl+N focuses the claim field
    qtbot.keyClicks(page.claim_text, "Podcast production")
    qtbot.keyClick(page.claim_text, Qt.Key.Key_Return)
    claimed = sorted([*start, ("Podcast production", SkillLevel.WORKING, "")])
    assert sorted(_claims(demo_db, learner)) == claimed
    assert "Podcast production" in _labels(page)

    asked: list[str] = []
    monkeypatch.setattr(messages, "ask_yes_no", lambda *a: asked.append(a[1]) or True)
    page.select_skill(next(e.skill_id for e in page.profile.entries if e.label == "Event planning"))
    assert page.unclaim_button.isEnabled()
    window.delete_action.trigger()
    assert asked == ["Remove claim"]
    removed = [c for c in claimed if c[0] != "Event planning"]
    assert sorted(_claims(demo_db, learner)) == removed
    assert "Event planning" not in _labels(page)

    window.undo_action.trigger()  # back with its level and note
    assert sorted(_claims(demo_db, learner)) == claimed
    assert "Event planning" in _labels(page)
    window.undo_action.trigger()
    assert _claims(demo_db, learner) == start
    assert "Podcast production" not in _labels(page)

    window.redo_action.trigger()
    assert sorted(_claims(demo_db, learner)) == claimed
    window.redo_action.trigger()
    assert sorted(_claims(demo_db, learner)) == removed


def test_a_skill_with_evidence_and_no_claim_offers_no_removal(demo_db, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(demo_db, learner="Audrey Heath")
    window.show_page(SKILLS_PAGE)
    page = window.current_page()
    backed = next(e for e in page.profile.entries if e.claimed_level is None)
    page.select_skill(backed.skill_id)
    assert not page.unclaim_button.isEnabled()
