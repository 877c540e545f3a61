"""Learners: list, find by name, create, update, delete."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portfolio.errors import NotFound
from portfolio.models import (
    Credential,
    CvVariant,
    Experience,
    Learner,
    LearnerLanguage,
    LearnerSkill,
    LearnerTargetRole,
    Pathway,
    SessionAction,
    SessionNote,
)
from portfolio.services.learner_names import pick_learner, same_name
from portfolio.services.records import (
    LanguageEntry,
    LearnerInput,
    LearnerRecord,
    LearnerSummary,
    Link,
)
from portfolio.services.validation import check_learner, raise_if_blocking
from portfolio.text import clean_block, clean_line


def list_learners(session: Session) -> list[LearnerSummary]:
    """Every learner with a credential count, by name."""
    counts = (
        select(Credential.learner_id, func.count(Credential.id).label("n"))
        .group_by(Credential.learner_id)
        .subquery()
    )
    rows = session.execute(
        select(Learner.id, Learner.name, Learner.headline, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.learner_id == Learner.id)
        .order_by(func.lower(Learner.name), Learner.id)
    )
    return [LearnerSummary(id, name, headline, int(n)) for id, name, headline, n in rows]


def find_learner(session: Session, name: str) -> LearnerSummary:
    """The learner called `name` (case and accents ignored); a unique prefix also works."""
    return pick_learner(list_learners(session), name)


def learners_called(session: Session, name: str) -> list[LearnerSummary]:
    """Every learner whose full name is `name` (case and accents ignored, no prefix match)."""
    return same_name(list_learners(session), name)


def _apply(learner: Learner, data: LearnerInput) -> None:
    learner.name = clean_line(data.name)
    learner.headline = clean_line(data.headline)
    learner.email = data.email.strip()
    learner.phone = clean_line(data.phone)
    learner.location = clean_line(data.location)
    learner.website = data.website.strip()
    learner.links = [
        {"label": clean_line(link.label), "url": link.url.strip()} for link in data.links
    ]
    learner.summary = clean_block(data.summary)
    learner.cv_language = data.cv_language.strip() or "en"
    learner.languages = [
        LearnerLanguage(
            language=clean_line(entry.language), fluency=clean_line(entry.fluency), position=i
        )
        for i, entry in enumerate(data.languages)
        if entry.language.strip()
    ]


def create_learner(session: Session, data: LearnerInput) -> int:
    """Add a learner and return its id."""
    raise_if_blocking(check_learner(data))
    learner = Learner()
    _apply(learner, data)
    session.add(learner)
    session.flush()
    return learner.id


def update_learner(session: Session, learner_id: int, data: LearnerInput) -> None:
    raise_if_blocking(check_learner(data))
    _apply(_get(session, learner_id), data)
    session.flush()


def _get(session: Session, learner_id: int) -> Learner:
    learner = session.get(Learner, learner_id)
    if learner is None:
        raise NotFound(f"Learner #{learner_id} no longer exists.")
    return learner


def get_learner(session: Session, learner_id: int) -> LearnerRecord:
    learner = _get(session, learner_id)
    return LearnerRecord(
        id=learner.id,
        name=learner.name,
        headline=learner.headline,
        email=learner.email,
        phone=learner.phone,
        location=learner.location,
        website=learner.website,
        links=tuple(Link(str(x.get("label", "")), str(x.get("url", ""))) for x in learner.links),
        summary=learner.summary,
        cv_language=learner.cv_language,
        languages=tuple(LanguageEntry(x.language, x.fluency) for x in learner.languages),
    )


def delete_learner(session: Session, learner_id: int) -> None:
    """Delete a learner and, through cascades, every row that belongs to them."""
    session.delete(_get(session, learner_id))
    session.flush()


@dataclass(frozen=True)
class LearnerFootprint:
    """What deleting a learner removes, counted for the confirmation."""

    learner_id: int
    name: str
    credentials: int
    experiences: int
    claimed_skills: int
    session_notes: int
    actions: int
    cv_variants: int
    target_roles: int
    pathways: int

    def lines(self) -> list[str]:
        """One line per kind of record the learner has, in words ("3 credentials")."""
        counted = (
            (self.credentials, "credential", "credentials"),
            (self.experiences, "experience", "experiences"),
            (self.claimed_skills, "claimed skill", "claimed skills"),
            (self.session_notes, "session note", "session notes"),
            (self.actions, "action", "actions"),
            (self.cv_variants, "CV variant", "CV variants"),
            (self.target_roles, "target role", "target roles"),
            (self.pathways, "pathway", "pathways"),
        )
        return [f"{n} {one if n == 1 else many}" for n, one, many in counted if n]


def learner_footprint(session: Session, learner_id: int) -> LearnerFootprint:
    """Count everything that belongs to the learner (what `delete_learner` removes)."""
    learner = _get(session, learner_id)

    def count(model: type[object]) -> int:
        column = model.learner_id  # type: ignore[attr-defined]
        return int(session.scalar(select(func.count()).where(column == learner_id)) or 0)

    return LearnerFootprint(
        learner_id=learner.id,
        name=learner.name,
        credentials=count(Credential),
        experiences=count(Experience),
        claimed_skills=count(LearnerSkill),
        session_notes=count(SessionNote),
        actions=count(SessionAction),
        cv_variants=count(CvVariant),
        target_roles=count(LearnerTargetRole),
        pathways=count(Pathway),
    )
