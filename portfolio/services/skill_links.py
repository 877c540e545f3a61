"""Resolving skill names to Skill rows and reading the links back as records."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from portfolio.errors import FieldProblem, ValidationError
from portfolio.models import Skill, SkillSource
from portfolio.services.record_builders import as_inputs as as_inputs
from portfolio.services.record_builders import link_records as link_records
from portfolio.services.records import SkillLinkInput
from portfolio.text import clean_line, fold

# When several skills share a label, prefer the curated one.
_SOURCE_RANK = case(
    (Skill.source == SkillSource.BUILTIN, 0),
    (Skill.source == SkillSource.ESCO, 1),
    (Skill.source == SkillSource.CUSTOM, 2),
    else_=3,
)


def find_skill_by_label(session: Session, label: str) -> Skill | None:
    key = fold(label)
    if not key:
        return None
    return session.scalar(
        select(Skill).where(Skill.label_key == key).order_by(_SOURCE_RANK, Skill.id).limit(1)
    )


def resolve_skill(session: Session, link: SkillLinkInput) -> Skill:
    """The skill a link refers to: by id, then by framework URI, then by label; else a new one."""
    if link.skill_id is not None:
        skill = session.get(Skill, link.skill_id)
        if skill is None:
            raise ValidationError(
                [FieldProblem("skills", f"Skill #{link.skill_id} no longer exists")]
            )
        return skill
    if link.uri:
        skill = session.scalar(select(Skill).where(Skill.uri == link.uri))
        if skill is not None:
            return skill
    label = clean_line(link.label)
    skill = find_skill_by_label(session, label)
    if skill is not None:
        return skill
    skill = Skill(
        label=label,
        label_key=fold(label),
        uri=link.uri or None,
        source=SkillSource.IMPORTED
        if link.source in ("import", "alignment")
        else SkillSource.CUSTOM,
    )
    session.add(skill)
    session.flush()
    return skill


def resolve_links(
    session: Session, links: Iterable[SkillLinkInput]
) -> list[tuple[Skill, SkillLinkInput]]:
    """Resolve each link, dropping duplicates that land on the same skill (first one wins)."""
    seen: set[int] = set()
    result = []
    for link in links:
        skill = resolve_skill(session, link)
        if skill.id in seen:
            continue
        seen.add(skill.id)
        result.append((skill, link))
    return result
