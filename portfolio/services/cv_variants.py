"""CV variants: saved, named selections over one portfolio ("Digital marketing", "Humanitarian").

A variant never copies data. It records, per credential, experience or skill, whether the item is
pinned (always shown, first), hidden, or left automatic, plus the skills that lead the Skills
section. `propose_tailoring` turns a target role or a list of skills into such a selection:
relevant skills first, supporting credentials first, irrelevant items hidden.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from portfolio.errors import FieldProblem, NotFound, UserError, ValidationError
from portfolio.models import (
    Credential,
    CvItemState,
    CvVariant,
    CvVariantItem,
    Experience,
    Importance,
    RoleSkill,
    Skill,
    TargetRole,
)
from portfolio.services.cv_records import EDUCATION_KINDS as EDUCATION_KINDS
from portfolio.services.cv_records import ITEM_KINDS as ITEM_KINDS
from portfolio.services.cv_records import CvContent
from portfolio.services.cv_records import ItemChoice as ItemChoice
from portfolio.services.cv_records import ItemKind as ItemKind
from portfolio.services.cv_records import Tailoring as Tailoring
from portfolio.text import clean_line, fold

TEMPLATES = ("classic", "modern", "compact")
PAGE_SIZES = ("letter", "a4")


@dataclass(frozen=True)
class VariantInput:
    name: str
    template: str = "classic"
    page_size: str = "letter"
    target_role_id: int | None = None
    focus_skill_ids: tuple[int, ...] = ()
    qr_codes: bool = False
    show_levels: bool = True
    note: str = ""


@dataclass(frozen=True)
class VariantRecord(VariantInput):
    id: int = 0
    learner_id: int = 0
    target_role: str = ""
    items: tuple[ItemChoice, ...] = field(default_factory=tuple)

    @property
    def tailoring(self) -> Tailoring:
        return Tailoring(self.focus_skill_ids, self.items)


@dataclass(frozen=True)
class RoleRecord:
    id: int
    name: str
    skill_ids: tuple[int, ...]  # essential skills first


def _check(data: VariantInput) -> str:
    name = clean_line(data.name)
    problems = []
    if not name:
        problems.append(FieldProblem("name", "Give the CV variant a name"))
    elif len(name) > 200:
        problems.append(FieldProblem("name", "The variant name is too long (200 characters max)"))
    if data.template not in TEMPLATES:
        problems.append(
            FieldProblem("template", f"Template must be one of: {', '.join(TEMPLATES)}")
        )
    if data.page_size not in PAGE_SIZES:
        problems.append(FieldProblem("page_size", "Page size must be letter or a4"))
    if problems:
        raise ValidationError(problems)
    return name


def _item_kind(item: CvVariantItem) -> tuple[ItemKind, int]:
    if item.credential_id is not None:
        return "credential", item.credential_id
    if item.experience_id is not None:
        return "experience", item.experience_id
    assert item.skill_id is not None
    return "skill", item.skill_id


def _record(variant: CvVariant, role_name: str) -> VariantRecord:
    options = variant.options or {}
    return VariantRecord(
        id=variant.id,
        learner_id=variant.learner_id,
        name=variant.name,
        template=variant.template,
        page_size=variant.page_size,
        target_role_id=variant.target_role_id,
        target_role=role_name,
        focus_skill_ids=tuple(int(x) for x in variant.focus_skill_ids or ()),
        qr_codes=bool(options.get("qr_codes", False)),
        show_levels=bool(options.get("show_levels", True)),
        note=variant.note,
        items=tuple(
            ItemChoice(*_item_kind(item), state=item.state, position=item.position)
            for item in variant.items
        ),
    )


def _load(session: Session, variant_id: int) -> CvVariant:
    variant = session.scalar(
        select(CvVariant).where(CvVariant.id == variant_id).options(selectinload(CvVariant.items))
    )
    if variant is None:
        raise NotFound(f"CV variant #{variant_id} no longer exists.")
    return variant


def _role_name(session: Session, role_id: int | None) -> str:
    if role_id is None:
        return ""
    return session.scalar(select(TargetRole.name).where(TargetRole.id == role_id)) or ""


def list_variants(session: Session, learner_id: int) -> list[VariantRecord]:
    """The learner's saved variants, by name."""
    variants = session.scalars(
        select(CvVariant)
        .where(CvVariant.learner_id == learner_id)
        .order_by(func.lower(CvVariant.name), CvVariant.id)
        .options(selectinload(CvVariant.items))
    ).all()
    role_ids = {v.target_role_id for v in variants if v.target_role_id is not None}
    names: dict[int, str] = {
        role_id: name
        for role_id, name in session.execute(
            select(TargetRole.id, TargetRole.name).where(TargetRole.id.in_(role_ids))
        )
    }
    return [_record(v, names.get(v.target_role_id or 0, "")) for v in variants]


def get_variant(session: Session, variant_id: int) -> VariantRecord:
    variant = _load(session, variant_id)
    return _record(variant, _role_name(session, variant.target_role_id))


def find_variant(session: Session, learner_id: int, name: str) -> VariantRecord:
    """The learner's variant called `name`, by the naming rule of `services.learner_names`."""
    from portfolio.services.learner_names import pick_by_name

    variants = list_variants(session, learner_id)
    names = ", ".join(f"“{v.name}”" for v in variants)
    return pick_by_name(
        variants,
        name,
        lambda variant: variant.name,
        noun="CV variant",
        nouns="CV variants",
        listing=f"This learner's CV variants: {names}." if variants else "",
        not_found=lambda shown: (
            f"No CV variant called “{shown}” for this learner; create it "
            "on the CV page first or leave out --variant."
        ),
    )


def _unique_name(session: Session, learner_id: int, name: str, exclude: int | None) -> None:
    for other_id, other in session.execute(
        select(CvVariant.id, CvVariant.name).where(CvVariant.learner_id == learner_id)
    ):
        if other_id != exclude and fold(other) == fold(name):
            raise ValidationError(
                [FieldProblem("name", f"There is already a CV variant called “{other}”")]
            )


def _apply(variant: CvVariant, name: str, data: VariantInput) -> None:
    variant.name = name
    variant.template = data.template
    variant.page_size = data.page_size
    variant.target_role_id = data.target_role_id
    variant.focus_skill_ids = list(dict.fromkeys(data.focus_skill_ids))
    variant.options = {"qr_codes": data.qr_codes, "show_levels": data.show_levels}
    variant.note = data.note


def create_variant(
    session: Session,
    learner_id: int,
    data: VariantInput,
    items: Iterable[ItemChoice] = (),
) -> int:
    """Save a new variant (with optional item choices, e.g. from a proposal); return its id."""
    name = _check(data)
    _unique_name(session, learner_id, name, None)
    variant = CvVariant(learner_id=learner_id)
    _apply(variant, name, data)
    variant.items = [_orm_item(choice) for choice in items]
    session.add(variant)
    session.flush()
    return variant.id


def update_variant(session: Session, variant_id: int, data: VariantInput) -> None:
    """Change a variant's name, template, page size, role, lead skills or options."""
    variant = _load(session, variant_id)
    name = _check(data)
    _unique_name(session, variant.learner_id, name, variant.id)
    _apply(variant, name, data)
    session.flush()


def delete_variant(session: Session, variant_id: int) -> None:
    session.delete(_load(session, variant_id))
    session.flush()


def _orm_item(choice: ItemChoice) -> CvVariantItem:
    item = CvVariantItem(state=choice.state, position=choice.position)
    setattr(item, f"{choice.kind}_id", choice.ref_id)
    return item


def set_item_state(
    session: Session, variant_id: int, kind: ItemKind, ref_id: int, state: CvItemState
) -> None:
    """Pin, hide or release (AUTO) one credential, experience or skill in a variant.

    A newly pinned item goes after the items already pinned of its kind.
    """
    if kind not in ITEM_KINDS:
        raise UserError(f"Unknown CV item kind “{kind}”.")
    variant = _load(session, variant_id)
    existing = next((i for i in variant.items if _item_kind(i) == (kind, ref_id)), None)
    if existing is None:
        existing = _orm_item(ItemChoice(kind, ref_id))
        variant.items.append(existing)
    if state == CvItemState.PINNED and existing.state != CvItemState.PINNED:
        pinned = [
            i.position
            for i in variant.items
            if i.state == CvItemState.PINNED and _item_kind(i)[0] == kind
        ]
        existing.position = max(pinned) + 1 if pinned else 1
    existing.state = state
    session.flush()


def set_item_order(
    session: Session, variant_id: int, kind: ItemKind, ref_ids: Sequence[int]
) -> None:
    """Order the items of one kind as given (their states are kept)."""
    variant = _load(session, variant_id)
    by_ref = {_item_kind(i)[1]: i for i in variant.items if _item_kind(i)[0] == kind}
    for position, ref_id in enumerate(ref_ids, start=1):
        item = by_ref.get(ref_id)
        if item is None:
            item = _orm_item(ItemChoice(kind, ref_id))
            variant.items.append(item)
        item.position = position
    session.flush()


def apply_tailoring(session: Session, variant_id: int, tailoring: Tailoring) -> None:
    """Replace a variant's item choices and lead skills with `tailoring` (e.g. a new proposal)."""
    variant = _load(session, variant_id)
    variant.focus_skill_ids = list(tailoring.focus_skill_ids)
    variant.items = [_orm_item(choice) for choice in tailoring.items]
    session.flush()


# --- target roles -------------------------------------------------------------------------


def _existing_items(session: Session, items: Iterable[ItemChoice]) -> list[ItemChoice]:
    """The choices whose credential, experience or skill still exists."""
    items = list(items)
    id_columns = {"credential": Credential.id, "experience": Experience.id, "skill": Skill.id}
    alive: dict[str, set[int]] = {}
    for kind, column in id_columns.items():
        wanted = {i.ref_id for i in items if i.kind == kind}
        alive[kind] = (
            set(session.scalars(select(column).where(column.in_(wanted)))) if wanted else set()
        )
    return [i for i in items if i.ref_id in alive.get(i.kind, set())]


def _existing_role(session: Session, role_id: int | None) -> int | None:
    if role_id is None or session.get(TargetRole, role_id) is None:
        return None
    return role_id


def restore_variant(session: Session, variant_id: int, record: VariantRecord) -> None:
    """Put a variant back as `record` shows it: name, options, lead skills and every item's
    state and position (items whose record has since been deleted are left out)."""
    data = replace(record, target_role_id=_existing_role(session, record.target_role_id))
    update_variant(session, variant_id, data)
    variant = _load(session, variant_id)
    variant.items = [_orm_item(choice) for choice in _existing_items(session, record.items)]
    session.flush()


def recreate_variant(session: Session, learner_id: int, record: VariantRecord) -> int:
    """Create a deleted variant again with its options and items; return its (new) id."""
    data = replace(record, target_role_id=_existing_role(session, record.target_role_id))
    return create_variant(session, learner_id, data, _existing_items(session, record.items))


def _role_record(session: Session, role: TargetRole) -> RoleRecord:
    rows = session.execute(
        select(RoleSkill.skill_id, RoleSkill.importance).where(RoleSkill.role_id == role.id)
    ).all()
    essential = [skill for skill, imp in rows if imp == Importance.ESSENTIAL]
    optional = [skill for skill, imp in rows if imp != Importance.ESSENTIAL]
    return RoleRecord(role.id, role.name, tuple(essential + optional))


def find_role(session: Session, name: str) -> RoleRecord:
    """The target role called `name` or keyed `name`, with its skills (see roles.find_role)."""
    from portfolio.services.roles import find_role as find_role_summary

    by_key = session.scalar(select(TargetRole).where(TargetRole.key == name.strip()))
    role = by_key or session.get(TargetRole, find_role_summary(session, name).id)
    assert role is not None
    return _role_record(session, role)


def list_roles(session: Session) -> list[tuple[int, str]]:
    """Every target role as (id, name), by name."""
    rows = session.execute(select(TargetRole.id, TargetRole.name).order_by(TargetRole.name_key))
    return [(role_id, name) for role_id, name in rows]


def get_role(session: Session, role_id: int) -> RoleRecord:
    role = session.get(TargetRole, role_id)
    if role is None:
        raise NotFound(f"Target role #{role_id} no longer exists.")
    return _role_record(session, role)


def skill_ids_for_labels(session: Session, labels: Iterable[str]) -> tuple[int, ...]:
    """Skill ids for typed skill names (unknown names are ignored: no skill is invented)."""
    keys = [fold(label) for label in labels if fold(label)]
    rows = session.execute(select(Skill.id, Skill.label_key).where(Skill.label_key.in_(keys)))
    by_key: dict[str, int] = {}
    for skill_id, key in rows:
        by_key.setdefault(key, skill_id)
    return tuple(by_key[k] for k in dict.fromkeys(keys) if k in by_key)


# --- proposing a selection ----------------------------------------------------------------


def backed_skill_ids(content: CvContent) -> set[int]:
    """Skills the learner has evidence for or chose to claim."""
    ids = {link.skill_id for c in content.credentials for link in c.skill_links}
    ids |= {link.skill_id for e in content.experiences for link in e.skill_links}
    ids |= {s.skill_id for s in content.claimed_skills}
    return ids


def propose_tailoring(content: CvContent, skill_ids: Sequence[int]) -> Tailoring:
    """A selection for a target: relevant skills lead, supporting items first, the rest hidden.

    - Skills: the learner's skills among the targets lead in the target's order; the others are
      hidden (a role skill the learner has no evidence for is never added).
    - Credentials: those backing a target skill come first, most matches first; certifications
      and courses that back none are hidden; degrees and diplomas always stay.
    - Experience: kept in date order; roles backing no target skill are hidden, except a current
      one (hiding today's job would leave a gap an employer asks about).
    """
    targets = list(dict.fromkeys(skill_ids))
    rank = {skill_id: i for i, skill_id in enumerate(targets)}
    backed = backed_skill_ids(content)
    focus = tuple(s for s in targets if s in backed)
    items: list[ItemChoice] = []
    for skill_id in sorted(backed):
        if skill_id in rank:
            items.append(ItemChoice("skill", skill_id, CvItemState.AUTO, rank[skill_id] + 1))
        else:
            items.append(ItemChoice("skill", skill_id, CvItemState.HIDDEN, len(rank)))

    def score(links: Iterable[Any]) -> tuple[int, int]:
        hits = [rank[link.skill_id] for link in links if link.skill_id in rank]
        return len(hits), -min(hits, default=0)

    relevant = [c for c in content.credentials if score(c.skill_links)[0] > 0]
    relevant.sort(key=lambda c: (-score(c.skill_links)[0], -score(c.skill_links)[1], c.id))
    for position, cred in enumerate(relevant, start=1):
        items.append(ItemChoice("credential", cred.id, CvItemState.AUTO, position))
    for cred in content.credentials:
        if score(cred.skill_links)[0] == 0 and cred.kind not in EDUCATION_KINDS:
            items.append(ItemChoice("credential", cred.id, CvItemState.HIDDEN))
    for exp in content.experiences:
        if score(exp.skill_links)[0] == 0 and not exp.current:
            items.append(ItemChoice("experience", exp.id, CvItemState.HIDDEN, 0))
    return Tailoring(focus, tuple(items))


def propose_for_role(session: Session, content: CvContent, role_id: int) -> Tailoring:
    return propose_tailoring(content, get_role(session, role_id).skill_ids)
