"""Undoable mutations of the Skills page: skills the learner claims.

Each public function does the user's action now, in one transaction, and pushes its command
only once that succeeded; undo and redo each run one transaction (see `commands.py`).
"""

from __future__ import annotations

from typing import Any

from portfolio.enums import SkillLevel
from portfolio.services import skills
from portfolio.services.records import Kind
from portfolio.ui.commands import _PageCommand
from portfolio.ui.context import UiContext

SKILLS = {Kind.SKILL}


class ClaimSkill(_PageCommand):
    """Claims a skill (or changes a claim); undo puts back the previous claim or none."""

    def __init__(
        self,
        ctx: UiContext,
        learner_id: int,
        skill_id: int,
        label: str,
        before: tuple[SkillLevel, str] | None,
        after: tuple[SkillLevel, str] | None,
    ) -> None:
        verb = "Claim skill" if after is not None else "Remove claimed skill"
        super().__init__(ctx, f"{verb} “{label}”", learner_id, SKILLS)
        self.skill_id, self.label, self.before, self.after = skill_id, label, before, after

    def _apply(self, session: Any, claim: tuple[SkillLevel, str] | None) -> None:
        if claim is None:
            skills.unclaim_skill(session, self.learner_id, self.skill_id)
        else:
            skills.claim_skill(
                session, self.learner_id, self.label, claim[0], claim[1], skill_id=self.skill_id
            )

    def do(self, session: Any) -> None:
        self._apply(session, self.after)

    def undo_it(self, session: Any) -> None:
        self._apply(session, self.before)


def _claims(session: Any, learner_id: int) -> dict[int, tuple[SkillLevel, str, str]]:
    from portfolio.services.learner_skills import learner_skills

    return {c.skill_id: (c.level, c.note, c.label) for c in learner_skills(session, learner_id)}


def claim_skill(
    ctx: UiContext, learner_id: int, label: str, level: SkillLevel = SkillLevel.WORKING
) -> int:
    """Claim a skill by name (found in the taxonomy or added); return the skill's id."""
    with ctx.database.session() as session:
        before = _claims(session, learner_id)
        skill_id = skills.claim_skill(session, learner_id, label, level)
        after = _claims(session, learner_id)[skill_id]
    old = before.get(skill_id)
    ctx.undo_stack.push(
        ClaimSkill(
            ctx,
            learner_id,
            skill_id,
            after[2],
            None if old is None else (old[0], old[1]),
            (after[0], after[1]),
        )
    )
    return skill_id


def unclaim_skill(ctx: UiContext, learner_id: int, skill_id: int) -> None:
    """Remove a skill the learner claimed (its evidence, if any, stays)."""
    with ctx.database.session() as session:
        old = _claims(session, learner_id).get(skill_id)
        if old is None:
            return
        skills.unclaim_skill(session, learner_id, skill_id)
    ctx.undo_stack.push(ClaimSkill(ctx, learner_id, skill_id, old[2], (old[0], old[1]), None))
