"""Everything a CV can print about one learner, read in a handful of queries.

The CV export needs the whole portfolio at once (learner, every credential with its skills and
recognitions, every experience, directly claimed skills). Reading each record through its own
`get_*` call would be a query per row; here each table is read once with eager loading and
turned into the same frozen records the rest of the app uses.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

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

# The records live in cv_records (no SQLAlchemy); re-exported here where callers expect them.
from portfolio.services.cv_records import ClaimedSkill as ClaimedSkill
from portfolio.services.cv_records import CvContent as CvContent
from portfolio.services.experience import experience_record
from portfolio.services.learners import get_learner


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
