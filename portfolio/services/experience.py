"""Work, volunteer, internship and project experience."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from portfolio.errors import NotFound
from portfolio.models import Experience, ExperienceSkill, Organization, Skill
from portfolio.services import organizations
from portfolio.services.record_builders import experience_record as experience_record
from portfolio.services.records import ExperienceInput, ExperienceRecord, ExperienceRow
from portfolio.services.skill_links import resolve_links
from portfolio.services.validation import check_experience, raise_if_blocking
from portfolio.text import clean_block, clean_line


def list_experience(session: Session, learner_id: int) -> list[ExperienceRow]:
    """All of a learner's experience as light rows (skill labels as in list_credentials)."""
    skills = (
        select(func.group_concat(Skill.label, ", "))
        .select_from(ExperienceSkill)
        .join(Skill, Skill.id == ExperienceSkill.skill_id)
        .where(ExperienceSkill.experience_id == Experience.id)
        .scalar_subquery()
    )
    query = (
        select(
            Experience.id,
            Experience.title,
            func.coalesce(Organization.name, ""),
            Experience.kind,
            Experience.start_date,
            Experience.end_date,
            Experience.current,
            func.coalesce(skills, ""),
        )
        .outerjoin(Organization, Organization.id == Experience.organization_id)
        .where(Experience.learner_id == learner_id)
        .order_by(Experience.position, Experience.id)
    )
    return [ExperienceRow(*tuple(row)) for row in session.execute(query)]


def get_experience(session: Session, experience_id: int) -> ExperienceRecord:
    exp = session.scalar(
        select(Experience)
        .where(Experience.id == experience_id)
        .options(
            selectinload(Experience.organization),
            selectinload(Experience.skill_links).selectinload(ExperienceSkill.skill),
        )
    )
    if exp is None:
        raise NotFound(f"Experience #{experience_id} no longer exists.")
    return experience_record(exp)


def _apply(session: Session, exp: Experience, data: ExperienceInput) -> None:
    org = organizations.get_or_create(session, data.organization)
    exp.title = clean_line(data.title)
    exp.organization_id = org.id if org else None
    exp.kind = data.kind
    exp.location = clean_line(data.location)
    exp.start_date = data.start_date
    exp.end_date = None if data.current else data.end_date
    exp.current = data.current
    exp.description = clean_block(data.description)
    exp.highlights = [clean_block(h) for h in data.highlights if h.strip()]
    exp.url = data.url.strip()
    exp.source = data.source
    exp.skill_links = [
        ExperienceSkill(
            skill_id=skill.id,
            level=link.level,
            evidence_note=clean_block(link.evidence_note),
            source=link.source,
            position=i,
        )
        for i, (skill, link) in enumerate(resolve_links(session, data.skills))
    ]


def create_experience(session: Session, learner_id: int, data: ExperienceInput) -> int:
    raise_if_blocking(check_experience(data))
    position = session.scalar(
        select(func.coalesce(func.max(Experience.position), -1) + 1).where(
            Experience.learner_id == learner_id
        )
    )
    exp = Experience(learner_id=learner_id, position=position or 0)
    _apply(session, exp, data)
    session.add(exp)
    session.flush()
    return exp.id


def update_experience(session: Session, experience_id: int, data: ExperienceInput) -> None:
    raise_if_blocking(check_experience(data))
    exp = session.get(Experience, experience_id)
    if exp is None:
        raise NotFound(f"Experience #{experience_id} no longer exists.")
    exp.skill_links = []
    session.flush()
    _apply(session, exp, data)
    session.flush()


def delete_experience(session: Session, experience_id: int) -> ExperienceRecord:
    record = get_experience(session, experience_id)
    exp = session.get(Experience, experience_id)
    assert exp is not None
    session.delete(exp)
    session.flush()
    return record
