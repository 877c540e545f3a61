"""Skills a learner claims directly (LearnerSkill), as light records for exports."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.models import LearnerSkill, Skill, SkillLevel


@dataclass(frozen=True)
class LearnerSkillRecord:
    skill_id: int
    label: str
    level: SkillLevel
    note: str
    uri: str | None
    keywords: list[str]


def learner_skills(session: Session, learner_id: int) -> list[LearnerSkillRecord]:
    """The learner's directly claimed skills, by label; keywords come from a "Keywords:" note."""
    rows = session.execute(
        select(Skill.id, Skill.label, LearnerSkill.level, LearnerSkill.note, Skill.uri)
        .join(Skill, Skill.id == LearnerSkill.skill_id)
        .where(LearnerSkill.learner_id == learner_id)
        .order_by(Skill.label_key)
    )
    out = []
    for skill_id, label, level, note, uri in rows:
        keywords = (
            [k.strip() for k in note.removeprefix("Keywords:").split(",") if k.strip()]
            if note.startswith("Keywords:")
            else []
        )
        out.append(LearnerSkillRecord(skill_id, label, level, note, uri, keywords))
    return out
