"""Target roles: the built-in role library (resources/roles/roles.json), custom roles, and the
roles a learner is aiming for.

The library is loaded and upgraded by version, like the skills taxonomy (which is ensured first,
since roles refer to its skill keys). An upgrade only rewrites roles that are still built-in: a
built-in role the user edited becomes custom and is left alone, and a custom role with the name
of a new built-in one is adopted rather than duplicated.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session, selectinload

from portfolio.assets import read_json
from portfolio.errors import FieldProblem, NotFound, UserError, ValidationError
from portfolio.models import (
    Importance,
    Learner,
    LearnerTargetRole,
    RoleSkill,
    Skill,
    SkillLevel,
    SkillSource,
    TargetRole,
)
from portfolio.services.goal_records import (
    RoleInput,
    RoleRecord,
    RoleSkillInput,
    RoleSkillRecord,
    RoleSummary,
    UnknownSkill,
)
from portfolio.services.records import SkillLinkInput
from portfolio.services.shipped_data import is_outdated, record_version
from portfolio.services.skill_links import resolve_skill
from portfolio.services.taxonomy import ensure_builtin_taxonomy
from portfolio.services.validation import _text_problems
from portfolio.text import clean_block, clean_line, fold

VERSION_KEY = "builtin_roles_version"
MAX_NAME = 300


@cache
def builtin_roles() -> dict[str, Any]:
    data: dict[str, Any] = read_json("roles", "roles.json")
    return data


def needs_roles(session: Session) -> bool:
    return is_outdated(session, VERSION_KEY, builtin_roles()["version"])


def ensure_role_library(
    session: Session, progress: Callable[[int, int], None] | None = None
) -> bool:
    """Load or upgrade the built-in role library; return False when it was already current."""
    ensure_builtin_taxonomy(session)
    if not needs_roles(session):
        return False
    data = builtin_roles()
    # (Result has a .keys() method, so dict(result) would misread it as a mapping.)
    skills = {
        key: skill_id
        for key, skill_id in session.execute(
            select(Skill.key, Skill.id).where(Skill.key.is_not(None))
        )
    }
    existing = list(session.scalars(select(TargetRole)))
    by_key = {r.key: r for r in existing if r.key}
    by_name = {r.name_key: r for r in existing}
    total = len(data["roles"])
    updated: list[tuple[TargetRole, dict[str, Any]]] = []
    for index, item in enumerate(data["roles"]):
        name_key = fold(item["name"])
        role = by_key.get(item["key"])
        if role is None:
            role = by_name.get(name_key)
            if role is not None and role.key is not None and role.key != item["key"]:
                continue  # another built-in role already holds this name
        if role is not None and role.source != SkillSource.BUILTIN and role.key == item["key"]:
            continue  # the user edited this built-in role: it is theirs now
        if role is None:
            role = TargetRole(name=item["name"], name_key=name_key)
            session.add(role)
        role.key = item["key"]
        role.name = item["name"]
        role.name_key = name_key
        role.description = item.get("description", "")
        role.source = SkillSource.BUILTIN
        updated.append((role, item))
        if progress and index % 10 == 0:
            progress(index, total)
    session.flush()
    # Skills are replaced in bulk: one DELETE and one INSERT rather than a flush per role.
    ids = [role.id for role, _item in updated]
    session.execute(delete(RoleSkill).where(RoleSkill.role_id.in_(ids)))
    rows = []
    for role, item in updated:
        seen: set[int] = set()
        wanted = [(k, Importance.ESSENTIAL) for k in item.get("essential", [])] + [
            (k, Importance.OPTIONAL) for k in item.get("optional", [])
        ]
        for key, importance in wanted:
            skill_id = skills.get(key)
            if skill_id is None or skill_id in seen:
                continue  # a key the taxonomy lacks is skipped; tests guard the shipped data
            seen.add(skill_id)
            rows.append(
                {
                    "role_id": role.id,
                    "skill_id": skill_id,
                    "importance": importance,
                    "min_level": SkillLevel.WORKING,
                }
            )
    if rows:
        session.execute(insert(RoleSkill), rows)
    for role, _item in updated:
        session.expire(role, ["skills"])
    record_version(session, VERSION_KEY, data["version"])
    return True


# --- reading -----------------------------------------------------------------------------------


def list_roles(session: Session) -> list[RoleSummary]:
    """Every role, by name, with its skill counts (one query)."""
    essential = func.sum(func.iif(RoleSkill.importance == Importance.ESSENTIAL, 1, 0))
    optional = func.sum(func.iif(RoleSkill.importance == Importance.OPTIONAL, 1, 0))
    rows = session.execute(
        select(
            TargetRole.id,
            TargetRole.name,
            TargetRole.source,
            func.coalesce(essential, 0),
            func.coalesce(optional, 0),
        )
        .outerjoin(RoleSkill, RoleSkill.role_id == TargetRole.id)
        .group_by(TargetRole.id)
        .order_by(TargetRole.name_key, TargetRole.id)
    )
    return [RoleSummary(id, name, source, int(e), int(o)) for id, name, source, e, o in rows]


def get_role(session: Session, role_id: int) -> RoleRecord:
    role = session.scalar(
        select(TargetRole)
        .where(TargetRole.id == role_id)
        .options(selectinload(TargetRole.skills).selectinload(RoleSkill.skill))
    )
    if role is None:
        raise NotFound(f"Role #{role_id} no longer exists.")
    order = {Importance.ESSENTIAL: 0, Importance.OPTIONAL: 1}
    links = sorted(role.skills, key=lambda link: (order[link.importance], link.skill.label_key))
    return RoleRecord(
        id=role.id,
        name=role.name,
        description=role.description,
        source=role.source,
        key=role.key,
        skills=tuple(
            RoleSkillRecord(
                skill_id=link.skill.id,
                label=link.skill.label,
                category=link.skill.category,
                importance=link.importance,
                min_level=link.min_level,
                key=link.skill.key,
            )
            for link in links
        ),
    )


def find_role(session: Session, name: str) -> RoleSummary:
    """The role called `name`, by the naming rule of `services.learner_names` (case and accents
    ignored; else the one role whose name or one of its words starts with `name`).

    An unknown name raises a NotFound listing the closest role names.
    """
    from portfolio.services.learner_names import pick_by_name

    return pick_by_name(
        list_roles(session),
        name,
        lambda role: role.name,
        noun="role",
        nouns="roles",
        listing="See `portfolio roles` for the list.",
    )


# --- custom roles ------------------------------------------------------------------------------


def _check(session: Session, data: RoleInput, role_id: int | None) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if not data.name.strip():
        problems.append(FieldProblem("name", "Role name is required"))
    problems += _text_problems(
        {
            "name": ("Role name", data.name, MAX_NAME),
            "description": ("Description", data.description, 20_000),
        }
    )
    clash = session.scalar(
        select(TargetRole.id).where(
            TargetRole.name_key == fold(data.name), TargetRole.id != role_id
        )
        if role_id is not None
        else select(TargetRole.id).where(TargetRole.name_key == fold(data.name))
    )
    if data.name.strip() and clash is not None:
        problems.append(
            FieldProblem("name", f"A role called “{clean_line(data.name)}” already exists")
        )
    if not any(s.importance == Importance.ESSENTIAL for s in data.skills):
        problems.append(FieldProblem("skills", "A role needs at least one essential skill"))
    for skill in data.skills:
        if not (skill.label.strip() or skill.skill_id is not None or skill.key):
            problems.append(FieldProblem("skills", "A skill needs a name"))
    return problems


def _resolve(session: Session, item: RoleSkillInput) -> Skill:
    if item.key:
        skill = session.scalar(select(Skill).where(Skill.key == item.key))
        if skill is None:
            raise ValidationError([FieldProblem("skills", f"Unknown skill key “{item.key}”")])
        return skill
    if item.skill_id is None and item.label.strip():
        by_key = session.scalar(select(Skill).where(Skill.key == item.label.strip()))
        if by_key is not None:
            return by_key
    return resolve_skill(session, SkillLinkInput(label=item.label, skill_id=item.skill_id))


def _apply(session: Session, role: TargetRole, data: RoleInput) -> None:
    role.name = clean_line(data.name)
    role.name_key = fold(data.name)
    role.description = clean_block(data.description)
    role.source = SkillSource.CUSTOM
    role.skills.clear()
    session.flush()
    seen: dict[int, RoleSkill] = {}
    for item in data.skills:
        skill = _resolve(session, item)
        if skill.id in seen:
            raise ValidationError(
                [FieldProblem("skills", f"Skill “{skill.label}” is listed twice")]
            )
        link = RoleSkill(skill=skill, importance=item.importance, min_level=item.min_level)
        seen[skill.id] = link
        role.skills.append(link)
    session.flush()


def create_role(session: Session, data: RoleInput) -> int:
    """Add a custom role and return its id."""
    problems = _check(session, data, None)
    if problems:
        raise ValidationError(problems)
    role = TargetRole(name=clean_line(data.name), name_key=fold(data.name))
    session.add(role)
    _apply(session, role, data)
    return role.id


def update_role(session: Session, role_id: int, data: RoleInput) -> None:
    """Replace a role's name, description and skills; a built-in role becomes the user's own."""
    role = session.get(TargetRole, role_id)
    if role is None:
        raise NotFound(f"Role #{role_id} no longer exists.")
    problems = _check(session, data, role_id)
    if problems:
        raise ValidationError(problems)
    _apply(session, role, data)


def delete_role(session: Session, role_id: int) -> None:
    """Delete a custom role (learners aiming for it lose it as a target)."""
    role = session.get(TargetRole, role_id)
    if role is None:
        raise NotFound(f"Role #{role_id} no longer exists.")
    if role.source == SkillSource.BUILTIN:
        raise UserError(
            f"“{role.name}” is part of the built-in role library and cannot be deleted; "
            "edit it instead."
        )
    session.delete(role)
    session.flush()


def restore_role(session: Session, role_id: int, record: RoleRecord) -> None:
    """Put a role back exactly as `record` shows it: name, description, skills with their
    importance and level, and its built-in or custom standing (undoing an edit of a built-in
    role makes it built-in again, so library upgrades reach it)."""
    role = session.get(TargetRole, role_id)
    if role is None:
        raise NotFound(f"Role #{role_id} no longer exists.")
    role.name = record.name
    role.name_key = fold(record.name)
    role.description = record.description
    role.source = record.source
    role.key = record.key
    role.skills.clear()
    session.flush()
    for item in record.skills:
        skill = session.get(Skill, item.skill_id)
        if skill is None:
            continue  # a skill merged away since: the role simply no longer asks for it
        role.skills.append(
            RoleSkill(skill=skill, importance=item.importance, min_level=item.min_level)
        )
    session.flush()


def skill_labels(session: Session) -> list[str]:
    """Every skill label, built-in ones first, for completers in role and program forms."""
    rows = session.execute(
        select(Skill.label).order_by(Skill.source != SkillSource.BUILTIN, Skill.label_key)
    )
    return [label for (label,) in rows]


def unknown_skills(session: Session, names: Iterable[str]) -> list[UnknownSkill]:
    """The names that are neither a skill's label nor its key, each with up to three labels it
    may have meant: skills with that name as an alternative label ("Python" is "Python
    programming"), then the labels and alternative labels closest in spelling ("Bradning" is
    "Branding").

    Saving a role with such a name would create a new skill, so the front ends ask first.
    """
    wanted = [(clean_line(name), fold(name)) for name in names if fold(name)]
    if not wanted:
        return []
    rows = session.execute(
        select(Skill.label, Skill.label_key, Skill.key, Skill.alt_labels).order_by(
            Skill.source != SkillSource.BUILTIN, Skill.label_key
        )
    ).all()
    known = {label_key for _l, label_key, _k, _a in rows} | {key for *_, key, _a in rows if key}
    # Folded label or alternative label -> the label to offer (labels win, built-in ones first).
    offer: dict[str, str] = {}
    for label, label_key, _key, _alts in rows:
        offer.setdefault(label_key, label)
    alternative: dict[str, list[str]] = {}
    for label, _lk, _key, alts in rows:
        for alt in alts or ():
            alternative.setdefault(fold(alt), []).append(label)
            offer.setdefault(fold(alt), label)
    unknown: list[UnknownSkill] = []
    for name, key in wanted:
        if key in known or name in known:
            continue
        close = difflib.get_close_matches(key, list(offer), n=6, cutoff=0.8)
        # Only the near-best: "Bradning" means "Branding", not also "Reading".
        ratios = [difflib.SequenceMatcher(None, key, k).ratio() for k in close]
        best = max(ratios, default=0.0)
        near = [k for k, r in zip(close, ratios, strict=True) if r >= best - 0.05]
        labels = [*alternative.get(key, ()), *(offer[k] for k in near)]
        unknown.append(UnknownSkill(name, tuple(dict.fromkeys(labels))[:3]))
    return unknown


def unknown_skill_message(unknown: UnknownSkill) -> str:
    """ "No skill “Comunication” in the taxonomy; did you mean “Communication”?"."""
    head = f"No skill “{unknown.name}” in the taxonomy"
    quoted = [f"“{label}”" for label in unknown.suggestions]
    if not quoted:
        return f"{head}."
    choices = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"
    return f"{head}; did you mean {choices}?"


def split_skills(text: str) -> list[str]:
    """ "Branding, SEO; Email marketing" -> ["Branding", "SEO", "Email marketing"]."""
    parts = [clean_line(part) for chunk in text.split(";") for part in chunk.split(",")]
    return [part for part in parts if part]


def role_input(name: str, description: str, essential: str, optional: str) -> RoleInput:
    """A RoleInput from form or command-line text (skills separated by commas)."""
    return RoleInput(
        name=name,
        description=description,
        skills=tuple(RoleSkillInput(label=label) for label in split_skills(essential))
        + tuple(
            RoleSkillInput(label=label, importance=Importance.OPTIONAL)
            for label in split_skills(optional)
        ),
    )


# --- a learner's target roles ------------------------------------------------------------------


def target_roles(session: Session, learner_id: int) -> list[RoleSummary]:
    """The roles a learner is aiming for, in the order they were set."""
    ids = list(
        session.scalars(
            select(LearnerTargetRole.role_id)
            .where(LearnerTargetRole.learner_id == learner_id)
            .order_by(LearnerTargetRole.position)
        )
    )
    by_id = {r.id: r for r in list_roles(session)} if ids else {}
    return [by_id[i] for i in ids if i in by_id]


def set_target_roles(session: Session, learner_id: int, role_ids: Iterable[int]) -> None:
    """Replace a learner's target roles (duplicates dropped, order kept)."""
    if session.get(Learner, learner_id) is None:
        raise NotFound(f"Learner #{learner_id} no longer exists.")
    ordered = list(dict.fromkeys(role_ids))
    known = set(session.scalars(select(TargetRole.id).where(TargetRole.id.in_(ordered))))
    missing = [i for i in ordered if i not in known]
    if missing:
        raise NotFound(f"Role #{missing[0]} no longer exists.")
    session.execute(delete(LearnerTargetRole).where(LearnerTargetRole.learner_id == learner_id))
    for position, role_id in enumerate(ordered):
        session.add(LearnerTargetRole(learner_id=learner_id, role_id=role_id, position=position))
    session.flush()


def add_target_role(session: Session, learner_id: int, role_id: int) -> None:
    current = [r.id for r in target_roles(session, learner_id)]
    if role_id not in current:
        set_target_roles(session, learner_id, [*current, role_id])


def remove_target_role(session: Session, learner_id: int, role_id: int) -> None:
    current = [r.id for r in target_roles(session, learner_id)]
    set_target_roles(session, learner_id, [i for i in current if i != role_id])
