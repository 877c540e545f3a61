"""Skills: single skills, linking and merging, and a learner's profile with evidence.

Searching the taxonomy lives in `portfolio.services.skill_search`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from portfolio.dates import PartialDate
from portfolio.errors import NotFound, UserError
from portfolio.models import (
    Credential,
    CredentialSkill,
    CvVariant,
    CvVariantItem,
    Experience,
    ExperienceSkill,
    Importance,
    LearnerSkill,
    Organization,
    ProgramSkill,
    RoleSkill,
    Skill,
    SkillLevel,
    SkillSource,
)
from portfolio.services.records import SkillLinkInput
from portfolio.services.skill_links import resolve_skill
from portfolio.text import clean_line, fold

# The one place ESCO's attribution is written; shown wherever ESCO skills appear.
ESCO_ATTRIBUTION = (
    "Contains ESCO classification data, © European Union, https://esco.ec.europa.eu "
    "(reuse authorised provided the source is acknowledged, Commission Decision 2011/833/EU)."
)

# --------------------------------------------------------------------------------------------
# Records


@dataclass(frozen=True)
class SkillInfo:
    id: int
    label: str
    category: str
    description: str
    alt_labels: tuple[str, ...]
    keywords: tuple[str, ...]
    uri: str | None
    source: SkillSource


@dataclass(frozen=True)
class Evidence:
    """One credential or experience that backs a skill."""

    kind: Literal["credential", "experience"]
    item_id: int
    title: str
    organization: str
    level: SkillLevel
    date: PartialDate | None
    current: bool = False
    evidence_note: str = ""


@dataclass(frozen=True)
class ProfileEntry:
    """A learner's skill with everything behind it; `claimed_level` comes from a direct claim."""

    skill_id: int
    label: str
    category: str
    uri: str | None
    source: SkillSource
    evidence: tuple[Evidence, ...]
    claimed_level: SkillLevel | None = None
    claim_note: str = ""

    @property
    def unbacked(self) -> bool:
        """Claimed by the learner with no credential or experience behind it."""
        return not self.evidence

    @property
    def evidence_count(self) -> int:
        return len(self.evidence)

    @property
    def strongest_level(self) -> SkillLevel:
        levels = [e.level for e in self.evidence]
        if self.claimed_level is not None and not levels:
            levels.append(self.claimed_level)
        return max(levels, key=lambda level: level.rank) if levels else SkillLevel.AWARENESS

    @property
    def latest_date(self) -> PartialDate | None:
        dates = [e.date for e in self.evidence if e.date is not None]
        return max(dates, key=lambda d: d.iso()) if dates else None

    @property
    def current(self) -> bool:
        return any(e.current for e in self.evidence)

    def latest_text(self) -> str:
        """ "present" for ongoing experience, else the most recent date, else ""."""
        if self.current:
            return "present"
        latest = self.latest_date
        return latest.display() if latest else ""


@dataclass(frozen=True)
class SkillProfile:
    learner_id: int
    entries: tuple[ProfileEntry, ...]

    @property
    def has_esco(self) -> bool:
        return any(e.source is SkillSource.ESCO for e in self.entries)

    def by_category(self) -> dict[str, list[ProfileEntry]]:
        """Entries grouped by category (uncategorised under "Other"), biggest group first."""
        groups: dict[str, list[ProfileEntry]] = {}
        for entry in self.entries:
            groups.setdefault(entry.category or "Other", []).append(entry)
        return dict(sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0].casefold())))


@dataclass(frozen=True)
class MergeResult:
    kept_id: int
    removed_id: int
    moved_links: int


# --------------------------------------------------------------------------------------------
# Single skills


def get_skill(session: Session, skill_id: int) -> SkillInfo:
    skill = session.get(Skill, skill_id)
    if skill is None:
        raise NotFound(f"Skill #{skill_id} no longer exists.")
    return _info(skill)


def _info(skill: Skill) -> SkillInfo:
    return SkillInfo(
        id=skill.id,
        label=skill.label,
        category=skill.category,
        description=skill.description,
        alt_labels=tuple(skill.alt_labels or ()),
        keywords=tuple(skill.keywords or ()),
        uri=skill.uri,
        source=skill.source,
    )


def get_or_create_skill(session: Session, label: str) -> SkillInfo:
    """The skill called `label` (case and accents ignored), or a new custom skill."""
    if not clean_line(label):
        raise UserError("A skill needs a name; type one.")
    return _info(resolve_skill(session, SkillLinkInput(label=label)))


# --------------------------------------------------------------------------------------------
# Links: credential / experience <-> skill, and direct claims


def _owner(session: Session, kind: str, item_id: int) -> type[CredentialSkill | ExperienceSkill]:
    model = Credential if kind == "credential" else Experience
    if session.get(model, item_id) is None:
        raise NotFound(f"{kind.capitalize()} #{item_id} no longer exists.")
    return CredentialSkill if kind == "credential" else ExperienceSkill


def link_skill(
    session: Session,
    kind: Literal["credential", "experience"],
    item_id: int,
    link: SkillLinkInput,
) -> int:
    """Attach a skill (by id, URI or label; created if new) to a credential or experience.

    Linking a skill that is already there updates its level and note instead of duplicating it.
    Returns the skill id.
    """
    assoc = _owner(session, kind, item_id)
    skill = resolve_skill(session, link)
    if kind == "credential":
        existing: CredentialSkill | ExperienceSkill | None = session.get(
            CredentialSkill, (item_id, skill.id)
        )
    else:
        existing = session.get(ExperienceSkill, (item_id, skill.id))
    if existing is None:
        owner_col = (
            CredentialSkill.credential_id
            if assoc is CredentialSkill
            else ExperienceSkill.experience_id
        )
        position = session.scalar(
            select(func.coalesce(func.max(assoc.position) + 1, 0)).where(owner_col == item_id)
        )
        fields = {"skill_id": skill.id, "position": int(position or 0), "source": link.source}
        if assoc is CredentialSkill:
            existing = CredentialSkill(credential_id=item_id, **fields)
        else:
            existing = ExperienceSkill(experience_id=item_id, **fields)
        session.add(existing)
    existing.level = link.level
    existing.evidence_note = link.evidence_note.strip()
    session.flush()
    return skill.id


def unlink_skill(
    session: Session, kind: Literal["credential", "experience"], item_id: int, skill_id: int
) -> bool:
    """Remove one link; False when there was none."""
    assoc = _owner(session, kind, item_id)
    owner_col = (
        CredentialSkill.credential_id if assoc is CredentialSkill else ExperienceSkill.experience_id
    )
    result = session.execute(delete(assoc).where(owner_col == item_id, assoc.skill_id == skill_id))
    return bool(getattr(result, "rowcount", 0))


def claim_skill(
    session: Session,
    learner_id: int,
    label: str,
    level: SkillLevel = SkillLevel.WORKING,
    note: str = "",
    skill_id: int | None = None,
) -> int:
    """Record a skill the learner claims without evidence (yet); claiming twice updates it."""
    skill = resolve_skill(session, SkillLinkInput(label=label, skill_id=skill_id))
    claim = session.get(LearnerSkill, (learner_id, skill.id))
    if claim is None:
        claim = LearnerSkill(learner_id=learner_id, skill_id=skill.id)
        session.add(claim)
    claim.level = level
    claim.note = note.strip()
    session.flush()
    return skill.id


def unclaim_skill(session: Session, learner_id: int, skill_id: int) -> None:
    session.execute(
        delete(LearnerSkill).where(
            LearnerSkill.learner_id == learner_id, LearnerSkill.skill_id == skill_id
        )
    )


# --------------------------------------------------------------------------------------------
# Merging two skills


def _stronger(a: SkillLevel, b: SkillLevel) -> SkillLevel:
    return a if a.rank >= b.rank else b


def merge_skills(session: Session, keep_id: int, remove_id: int) -> MergeResult:
    """Fold skill `remove_id` into `keep_id` and delete it.

    Every credential, experience, claim, role, program and CV reference moves to the kept skill;
    where both were linked to the same item, the stronger level is kept and notes are joined.
    The removed skill's labels become alternative labels of the kept one, so searching for the
    old name still finds it.
    """
    if keep_id == remove_id:
        raise UserError("Choose two different skills to merge.")
    keep = session.get(Skill, keep_id)
    gone = session.get(Skill, remove_id)
    if keep is None or gone is None:
        raise NotFound(f"Skill #{keep_id if keep is None else remove_id} no longer exists.")
    moved = 0
    level_assocs: list[tuple[type[CredentialSkill | ExperienceSkill | LearnerSkill], str]] = [
        (CredentialSkill, "credential_id"),
        (ExperienceSkill, "experience_id"),
        (LearnerSkill, "learner_id"),
    ]
    for assoc, owner in level_assocs:
        links: list[Any] = list(session.scalars(select(assoc).where(assoc.skill_id == remove_id)))
        for link in links:
            owner_id = getattr(link, owner)
            target: Any = session.get(assoc, (owner_id, keep_id))
            if target is None:
                session.execute(
                    update(assoc)
                    .where(getattr(assoc, owner) == owner_id, assoc.skill_id == remove_id)
                    .values(skill_id=keep_id)
                    .execution_options(synchronize_session=False)
                )
            else:
                target.level = _stronger(target.level, link.level)
                note_attr = "note" if assoc is LearnerSkill else "evidence_note"
                notes = [getattr(target, note_attr), getattr(link, note_attr)]
                setattr(target, note_attr, "\n".join(dict.fromkeys(n for n in notes if n)))
                session.delete(link)
            moved += 1
        session.flush()
    for role_link in session.scalars(
        select(RoleSkill).where(RoleSkill.skill_id == remove_id)
    ).all():
        role_target = session.get(RoleSkill, (role_link.role_id, keep_id))
        if role_target is None:
            session.execute(
                update(RoleSkill)
                .where(RoleSkill.role_id == role_link.role_id, RoleSkill.skill_id == remove_id)
                .values(skill_id=keep_id)
                .execution_options(synchronize_session=False)
            )
        else:
            role_target.min_level = _stronger(role_target.min_level, role_link.min_level)
            if role_link.importance is Importance.ESSENTIAL:
                role_target.importance = Importance.ESSENTIAL
            session.delete(role_link)
        moved += 1
    for prog_link in session.scalars(
        select(ProgramSkill).where(ProgramSkill.skill_id == remove_id)
    ).all():
        prog_target = session.get(ProgramSkill, (prog_link.program_id, keep_id))
        if prog_target is None:
            session.execute(
                update(ProgramSkill)
                .where(
                    ProgramSkill.program_id == prog_link.program_id,
                    ProgramSkill.skill_id == remove_id,
                )
                .values(skill_id=keep_id)
                .execution_options(synchronize_session=False)
            )
        else:
            prog_target.level = _stronger(prog_target.level, prog_link.level)
            session.delete(prog_link)
        moved += 1
    session.execute(
        update(CvVariantItem)
        .where(CvVariantItem.skill_id == remove_id)
        .values(skill_id=keep_id)
        .execution_options(synchronize_session=False)
    )
    for variant in session.scalars(select(CvVariant)).all():
        if remove_id in (variant.focus_skill_ids or []):
            ids = [keep_id if i == remove_id else i for i in variant.focus_skill_ids]
            variant.focus_skill_ids = list(dict.fromkeys(ids))
    alts = list(keep.alt_labels or [])
    known = {fold(keep.label)} | {fold(a) for a in alts}
    for label in [gone.label, *(gone.alt_labels or [])]:
        if fold(label) not in known:
            alts.append(label)
            known.add(fold(label))
    keep.alt_labels = alts
    keep.keywords = list(dict.fromkeys([*(keep.keywords or []), *(gone.keywords or [])]))
    if not keep.description:
        keep.description = gone.description
    if not keep.category:
        keep.category = gone.category
    if keep.uri is None and gone.uri is not None:
        uri = gone.uri
        gone.uri = None
        session.flush()
        keep.uri = uri
    session.flush()
    session.expire_all()
    session.execute(delete(Skill).where(Skill.id == remove_id))
    session.flush()
    return MergeResult(kept_id=keep_id, removed_id=remove_id, moved_links=moved)


# --------------------------------------------------------------------------------------------
# A learner's profile


def skill_profile(session: Session, learner_id: int) -> SkillProfile:
    """Every skill of the learner with the credentials and experience behind it.

    Three queries whatever the number of skills; entries are sorted by evidence count (most
    backed first), then label. Claimed skills without evidence are included and `unbacked`.
    """
    evidence: dict[int, list[Evidence]] = {}
    meta: dict[int, tuple[str, str, str | None, SkillSource]] = {}
    cred_rows = session.execute(
        select(
            CredentialSkill.skill_id,
            Skill.label,
            Skill.category,
            Skill.uri,
            Skill.source,
            Credential.id,
            Credential.title,
            func.coalesce(Organization.name, ""),
            CredentialSkill.level,
            Credential.end_date,
            Credential.start_date,
            CredentialSkill.evidence_note,
        )
        .join(Skill, Skill.id == CredentialSkill.skill_id)
        .join(Credential, Credential.id == CredentialSkill.credential_id)
        .outerjoin(Organization, Organization.id == Credential.issuer_id)
        .where(Credential.learner_id == learner_id)
        .order_by(Credential.position, Credential.id)
    )
    for sid, label, cat, uri, src, cid, title, org, level, end, start, note in cred_rows:
        meta[sid] = (label, cat, uri, src)
        evidence.setdefault(sid, []).append(
            Evidence("credential", cid, title, org, level, end or start, False, note)
        )
    exp_rows = session.execute(
        select(
            ExperienceSkill.skill_id,
            Skill.label,
            Skill.category,
            Skill.uri,
            Skill.source,
            Experience.id,
            Experience.title,
            func.coalesce(Organization.name, ""),
            ExperienceSkill.level,
            Experience.end_date,
            Experience.start_date,
            Experience.current,
            ExperienceSkill.evidence_note,
        )
        .join(Skill, Skill.id == ExperienceSkill.skill_id)
        .join(Experience, Experience.id == ExperienceSkill.experience_id)
        .outerjoin(Organization, Organization.id == Experience.organization_id)
        .where(Experience.learner_id == learner_id)
        .order_by(Experience.position, Experience.id)
    )
    for sid, label, cat, uri, src, eid, title, org, level, end, start, current, note in exp_rows:
        meta[sid] = (label, cat, uri, src)
        date = end or (None if current else start)
        evidence.setdefault(sid, []).append(
            Evidence("experience", eid, title, org, level, date, bool(current), note)
        )
    claims: dict[int, tuple[SkillLevel, str]] = {}
    for sid, label, cat, uri, src, level, note in session.execute(
        select(
            LearnerSkill.skill_id,
            Skill.label,
            Skill.category,
            Skill.uri,
            Skill.source,
            LearnerSkill.level,
            LearnerSkill.note,
        )
        .join(Skill, Skill.id == LearnerSkill.skill_id)
        .where(LearnerSkill.learner_id == learner_id)
    ):
        meta.setdefault(sid, (label, cat, uri, src))
        claims[sid] = (level, note)
    entries = []
    for sid, (label, cat, uri, src) in meta.items():
        claim = claims.get(sid)
        entries.append(
            ProfileEntry(
                skill_id=sid,
                label=label,
                category=cat,
                uri=uri,
                source=src,
                evidence=tuple(evidence.get(sid, ())),
                claimed_level=claim[0] if claim else None,
                claim_note=claim[1] if claim else "",
            )
        )
    entries.sort(key=lambda e: (-e.evidence_count, fold(e.label)))
    return SkillProfile(learner_id=learner_id, entries=tuple(entries))


def labels_for(session: Session, ids: Iterable[int]) -> dict[int, str]:
    wanted = list(ids)
    if not wanted:
        return {}
    return dict(session.execute(select(Skill.id, Skill.label).where(Skill.id.in_(wanted))).all())
