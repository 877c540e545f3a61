"""A learner's skills with how much evidence backs each one, and skill-label completion.

Interim helpers for the desktop app: the Skills page of the skills issue replaces the summary,
and FTS search replaces `suggest_skill_labels`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import literal, or_, select
from sqlalchemy.orm import Session

from portfolio.models import (
    Credential,
    CredentialSkill,
    Experience,
    ExperienceSkill,
    Skill,
    SkillLevel,
)
from portfolio.text import fold


@dataclass(frozen=True)
class SkillEvidence:
    skill_id: int
    label: str
    category: str
    credentials: int
    experiences: int
    best_level: SkillLevel

    @property
    def evidence(self) -> int:
        return self.credentials + self.experiences


def learner_skill_summary(session: Session, learner_id: int) -> list[SkillEvidence]:
    """Every skill linked to the learner's credentials or experience, most evidence first."""
    cred_links = (
        select(Skill.id, Skill.label, Skill.category, CredentialSkill.level, literal(True))
        .join(CredentialSkill, CredentialSkill.skill_id == Skill.id)
        .join(Credential, Credential.id == CredentialSkill.credential_id)
        .where(Credential.learner_id == learner_id)
    )
    exp_links = (
        select(Skill.id, Skill.label, Skill.category, ExperienceSkill.level, literal(False))
        .join(ExperienceSkill, ExperienceSkill.skill_id == Skill.id)
        .join(Experience, Experience.id == ExperienceSkill.experience_id)
        .where(Experience.learner_id == learner_id)
    )
    found: dict[int, SkillEvidence] = {}
    for query in (cred_links, exp_links):
        for skill_id, label, category, level, from_credential in session.execute(query):
            level = SkillLevel(level)
            old = found.get(skill_id) or SkillEvidence(
                skill_id, label, category, 0, 0, SkillLevel.AWARENESS
            )
            found[skill_id] = SkillEvidence(
                skill_id,
                label,
                category,
                old.credentials + (1 if from_credential else 0),
                old.experiences + (0 if from_credential else 1),
                level if level.rank > old.best_level.rank else old.best_level,
            )
    return sorted(found.values(), key=lambda s: (-s.evidence, fold(s.label)))


def suggest_skill_labels(session: Session, text: str, limit: int = 20) -> list[str]:
    """Skill labels for autocompletion: prefix matches first (indexed range), then word matches."""
    key = fold(text)
    if not key:
        return []
    # A range over the indexed folded label is an index seek, unlike LIKE under SQLite's rules.
    prefix = session.scalars(
        select(Skill.label)
        .where(Skill.label_key >= key, Skill.label_key < key + "\U0010ffff")
        .order_by(Skill.label_key)
        .limit(limit)
    ).all()
    labels = list(dict.fromkeys(prefix))
    if len(labels) < limit:
        escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        more = session.scalars(
            select(Skill.label)
            .where(
                or_(
                    Skill.label_key.like(f"% {escaped}%", escape="\\"),
                    Skill.label_key.like(f"%-{escaped}%", escape="\\"),
                )
            )
            .order_by(Skill.label_key)
            .limit(limit)
        ).all()
        for label in more:
            if label not in labels:
                labels.append(label)
    return labels[:limit]
