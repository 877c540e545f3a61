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
from portfolio.services.learners import get_learner
from portfolio.services.records import (
    CredentialRecord,
    ExperienceRecord,
    LearnerRecord,
    RecognitionInput,
)
from portfolio.services.skill_links import as_inputs, link_records


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


def _credential_record(cred: Credential) -> CredentialRecord:
    links = link_records(cred.skill_links)
    return CredentialRecord(
        id=cred.id,
        learner_id=cred.learner_id,
        issuer_id=cred.issuer_id,
        title=cred.title,
        kind=cred.kind,
        issuer=cred.issuer.name if cred.issuer else "",
        issuer_kind=cred.issuer.kind if cred.issuer else None,
        field_of_study=cred.field_of_study,
        start_date=cred.start_date,
        end_date=cred.end_date,
        expiry_date=cred.expiry_date,
        status=cred.status,
        credential_id=cred.credential_id,
        verification_url=cred.verification_url,
        credit_value=cred.credit_value,
        credit_unit=cred.credit_unit,
        duration_value=cred.duration_value,
        duration_unit=cred.duration_unit,
        assessment=cred.assessment,
        assessment_note=cred.assessment_note,
        delivery_mode=cred.delivery_mode,
        description=cred.description,
        notes=cred.notes,
        evidence_links=tuple(cred.evidence_links),
        tags=tuple(cred.tags),
        stacks_into_id=cred.stacks_into_id,
        skills=as_inputs(links),
        recognitions=tuple(
            RecognitionInput(
                institution=r.institution.name if r.institution else "",
                program=r.program,
                credit_value=r.credit_value,
                credit_unit=r.credit_unit,
                recognized_on=r.recognized_on,
                note=r.note,
            )
            for r in cred.recognitions
        ),
        source=cred.source,
        verification_status=cred.verification_status,
        verification_note=cred.verification_note,
        skill_links=links,
    )


def _experience_record(exp: Experience) -> ExperienceRecord:
    links = link_records(exp.skill_links)
    return ExperienceRecord(
        id=exp.id,
        learner_id=exp.learner_id,
        title=exp.title,
        organization=exp.organization.name if exp.organization else "",
        kind=exp.kind,
        location=exp.location,
        start_date=exp.start_date,
        end_date=exp.end_date,
        current=exp.current,
        description=exp.description,
        highlights=tuple(exp.highlights),
        url=exp.url,
        skills=as_inputs(links),
        source=exp.source,
        skill_links=links,
    )


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
        credentials=tuple(_credential_record(c) for c in creds),
        experiences=tuple(_experience_record(e) for e in exps),
        claimed_skills=tuple(ClaimedSkill(*row) for row in claimed),
    )
