"""Everything a CV can print about one learner, read in a handful of queries.

The CV export needs the whole portfolio at once (learner, every credential with its skills and
recognitions, every experience, directly claimed skills). Reading each record through its own
`get_*` call would be a query per row; here each table is read once with eager loading and
turned into the same frozen records the rest of the app uses.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from portfolio.enums import SkillLevel
from portfolio.models import (
    Credential,
    CredentialSkill,
    Experience,
    ExperienceSkill,
    LearnerSkill,
    Recognition,
    Skill,
)
from portfolio.services.credentials import credential_record
from portfolio.services.experience import experience_record
from portfolio.services.learners import get_learner
from portfolio.services.records import (
    CredentialRecord,
    ExperienceRecord,
    LearnerRecord,
)


@dataclass(frozen=True)
class ClaimedSkill:
    """A skill the learner chose to claim directly, with no credential or experience behind it."""

    skill_id: int
    label: str
    category: str
    level: SkillLevel
    note: str = ""


@dataclass(frozen=True)
class CvContent:
    learner: LearnerRecord
    credentials: tuple[CredentialRecord, ...]
    experiences: tuple[ExperienceRecord, ...]
    claimed_skills: tuple[ClaimedSkill, ...] = ()


def load_cv_content(session: Session, learner_id: int) -> CvContent:
    """The learner's whole portfolio as frozen records (NotFound if the learner is gone)."""
    learner = get_learner(session, learner_id)
    creds = session.scalars(
        select(Credential)
        .where(Credential.learner_id == learner_id)
        .order_by(Credential.position, Credential.id)
        .options(
            selectinload(Credential.issuer),
            selectinload(Credential.skill_links).selectinload(CredentialSkill.skill),
            selectinload(Credential.recognitions).selectinload(Recognition.institution),
        )
    ).all()
    exps = session.scalars(
        select(Experience)
        .where(Experience.learner_id == learner_id)
        .order_by(Experience.position, Experience.id)
        .options(
            selectinload(Experience.organization),
            selectinload(Experience.skill_links).selectinload(ExperienceSkill.skill),
        )
    ).all()
    claimed = session.execute(
        select(Skill.id, Skill.label, Skill.category, LearnerSkill.level, LearnerSkill.note)
        .join(LearnerSkill, LearnerSkill.skill_id == Skill.id)
        .where(LearnerSkill.learner_id == learner_id)
        .order_by(Skill.label_key)
    ).all()
    return CvContent(
        learner=learner,
        credentials=tuple(credential_record(c) for c in creds),
        experiences=tuple(experience_record(e) for e in exps),
        claimed_skills=tuple(ClaimedSkill(*row) for row in claimed),
    )
