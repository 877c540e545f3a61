"""One learner's complete record as a plain, versioned document, and back.

Every row that belongs to the learner is written table by table (credentials with recognitions,
attachments and skill links, experience, languages, learner skills, session notes and actions, CV
variants, pathways, target roles). Shared rows they point at (organizations, skills, target roles,
programs) travel with them and are matched by their natural key on the way in (organization name,
skill URI / key / label, role and program key or name), so nothing is duplicated.

Row ids in the document are local numbers (1, 2, 3... per table in id order), so the same record
gives the same document in any database: export, import elsewhere, export again -> equal.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Date,
    DateTime,
    LargeBinary,
    select,
    update,
)
from sqlalchemy.orm import DeclarativeBase, Session

from portfolio.dates import PartialDate
from portfolio.models import (
    Credential,
    CredentialAttachment,
    CredentialSkill,
    CvVariant,
    CvVariantItem,
    Experience,
    ExperienceSkill,
    Learner,
    LearnerLanguage,
    LearnerSkill,
    LearnerTargetRole,
    Organization,
    Pathway,
    PathwayItem,
    Program,
    ProgramSkill,
    Recognition,
    RoleSkill,
    SessionAction,
    SessionNote,
    Skill,
    TargetRole,
)
from portfolio.models.base import PartialDateType
from portfolio.text import fold

FORMAT = "learner-portfolio"
VERSION = 1

Model = type[DeclarativeBase]

# Shared tables, exported only as far as the learner's rows refer to them.
SHARED: tuple[tuple[str, Any], ...] = (
    ("organization", Organization),
    ("skill", Skill),
    ("target_role", TargetRole),
    ("program", Program),
)
# The learner's own tables, in insertion order, with the query that selects a learner's rows.
OWNED: tuple[tuple[str, Any, Callable[[int], Any]], ...] = (
    ("learner", Learner, lambda lid: Learner.id == lid),
    ("learner_language", LearnerLanguage, lambda lid: LearnerLanguage.learner_id == lid),
    ("learner_skill", LearnerSkill, lambda lid: LearnerSkill.learner_id == lid),
    ("learner_target_role", LearnerTargetRole, lambda lid: LearnerTargetRole.learner_id == lid),
    ("credential", Credential, lambda lid: Credential.learner_id == lid),
    (
        "credential_skill",
        CredentialSkill,
        lambda lid: CredentialSkill.credential_id.in_(
            select(Credential.id).where(Credential.learner_id == lid)
        ),
    ),
    (
        "recognition",
        Recognition,
        lambda lid: Recognition.credential_id.in_(
            select(Credential.id).where(Credential.learner_id == lid)
        ),
    ),
    (
        "credential_attachment",
        CredentialAttachment,
        lambda lid: CredentialAttachment.credential_id.in_(
            select(Credential.id).where(Credential.learner_id == lid)
        ),
    ),
    ("experience", Experience, lambda lid: Experience.learner_id == lid),
    (
        "experience_skill",
        ExperienceSkill,
        lambda lid: ExperienceSkill.experience_id.in_(
            select(Experience.id).where(Experience.learner_id == lid)
        ),
    ),
    ("session_note", SessionNote, lambda lid: SessionNote.learner_id == lid),
    ("session_action", SessionAction, lambda lid: SessionAction.learner_id == lid),
    ("cv_variant", CvVariant, lambda lid: CvVariant.learner_id == lid),
    (
        "cv_variant_item",
        CvVariantItem,
        lambda lid: CvVariantItem.variant_id.in_(
            select(CvVariant.id).where(CvVariant.learner_id == lid)
        ),
    ),
    ("pathway", Pathway, lambda lid: Pathway.learner_id == lid),
    (
        "pathway_item",
        PathwayItem,
        lambda lid: PathwayItem.pathway_id.in_(select(Pathway.id).where(Pathway.learner_id == lid)),
    ),
)
SHARED_CHILDREN = {
    "target_role": ("role_skill", RoleSkill),
    "program": ("program_skill", ProgramSkill),
}
TABLES = (
    [name for name, _ in SHARED] + [name for name, _, _ in OWNED] + ["role_skill", "program_skill"]
)
MODELS: dict[str, Any] = {
    **dict(SHARED),
    **{name: model for name, model, _ in OWNED},
    "role_skill": RoleSkill,
    "program_skill": ProgramSkill,
}


def _fk_target(column: Any) -> str | None:
    for fk in column.foreign_keys:
        return str(fk.column.table.name)
    return None


def _encode(column: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, PartialDateType):
        return value.iso()
    if isinstance(column.type, LargeBinary):
        return base64.b64encode(value).decode("ascii")
    if isinstance(column.type, DateTime):
        return value.isoformat()
    if isinstance(column.type, Date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    return value


def _decode(column: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, PartialDateType):
        return PartialDate.parse(str(value))
    if isinstance(column.type, LargeBinary):
        return base64.b64decode(str(value), validate=True)
    if isinstance(column.type, DateTime):
        return dt.datetime.fromisoformat(str(value))
    if isinstance(column.type, Date):
        return dt.date.fromisoformat(str(value))
    enum_class = getattr(column.type, "enum_class", None)
    if enum_class is not None:
        return enum_class(value)
    return value


def _columns(model: Any) -> list[Any]:
    return list(model.__table__.columns)


# Keys the database derives from a name: recomputed on the way in, never taken from the file.
DERIVED_KEYS = {"name_key": "name", "label_key": "label"}


def dump_learner(session: Session, learner_id: int) -> dict[str, Any]:
    """The complete, id-independent document for one learner (see the module docstring)."""
    rows: dict[str, list[Any]] = {}
    for name, model, where in OWNED:
        rows[name] = list(session.scalars(select(model).where(where(learner_id))))
    if not rows["learner"]:
        from portfolio.errors import NotFound

        raise NotFound(f"Learner #{learner_id} no longer exists.")
    # Shared rows referred to, directly or through CV focus lists and role/program skills.
    wanted: dict[str, set[int]] = {name: set() for name, _ in SHARED}
    for name, _model, _ in OWNED:
        for row in rows[name]:
            for column in _columns(type(row)):
                target = _fk_target(column)
                value = getattr(row, column.key)
                if target in wanted and value is not None:
                    wanted[target].add(value)
    for variant in rows["cv_variant"]:
        wanted["skill"].update(int(v) for v in variant.focus_skill_ids or [])
    for name, model in SHARED:
        rows[name] = list(
            session.scalars(select(model).where(model.id.in_(wanted[name])).order_by(model.id))
        )
    rows["role_skill"] = list(
        session.scalars(select(RoleSkill).where(RoleSkill.role_id.in_(wanted["target_role"])))
    )
    rows["program_skill"] = list(
        session.scalars(select(ProgramSkill).where(ProgramSkill.program_id.in_(wanted["program"])))
    )
    for row in rows["role_skill"] + rows["program_skill"]:
        if row.skill_id not in wanted["skill"]:
            wanted["skill"].add(row.skill_id)
            rows["skill"].append(session.get(Skill, row.skill_id))
    rows["skill"].sort(key=lambda s: s.id)

    # Local numbering: per table, in id order.
    local: dict[str, dict[int, int]] = {}
    for name in TABLES:
        model = MODELS[name]
        if "id" in model.__table__.columns:
            rows[name].sort(key=lambda r: r.id)
            local[name] = {r.id: i + 1 for i, r in enumerate(rows[name])}
    doc_tables: dict[str, list[dict[str, Any]]] = {}
    for name in TABLES:
        model = MODELS[name]
        out = []
        for row in rows[name]:
            item: dict[str, Any] = {}
            for column in _columns(model):
                value = getattr(row, column.key)
                target = _fk_target(column)
                if column.key == "id":
                    item["id"] = local[name][value]
                elif target is not None and value is not None:
                    item[column.key] = local[target][value]
                else:
                    item[column.key] = _encode(column, value)
            if name == "cv_variant":
                item["focus_skill_ids"] = [
                    local["skill"][int(v)] for v in row.focus_skill_ids or []
                ]
            out.append(item)
        if "id" not in model.__table__.columns:
            out.sort(key=lambda d: sorted((k, str(v)) for k, v in d.items()))
        doc_tables[name] = out
    return {"format": FORMAT, "version": VERSION, "tables": doc_tables}


def _match_shared(session: Session, name: str, item: dict[str, Any]) -> Any:
    model = MODELS[name]
    if name == "organization":
        return session.scalar(
            select(model).where(model.name_key == fold(str(item.get("name", ""))))
        )
    if name == "skill":
        for column in ("uri", "key"):
            if item.get(column):
                found = session.scalar(select(model).where(getattr(model, column) == item[column]))
                if found is not None:
                    return found
        return session.scalar(
            select(model)
            .where(
                model.label_key == fold(str(item.get("label", ""))),
                model.source == item.get("source"),
            )
            .order_by(model.id)
            .limit(1)
        )
    if name == "target_role":
        if item.get("key"):
            found = session.scalar(select(model).where(model.key == item["key"]))
            if found is not None:
                return found
        return session.scalar(select(model).where(model.name_key == fold(str(item.get("name")))))
    if name == "program":
        if item.get("key"):
            return session.scalar(select(model).where(model.key == item["key"]))
        return session.scalar(select(model).where(model.name == item.get("name")).limit(1))
    return None


def _build(model: Any, item: dict[str, Any], ids: dict[str, dict[int, int]]) -> Any:
    values: dict[str, Any] = {}
    for column in _columns(model):
        if column.key == "id" or column.key not in item:
            continue
        value = item[column.key]
        if column.key in DERIVED_KEYS:
            values[column.key] = fold(str(item.get(DERIVED_KEYS[column.key]) or ""))
            continue
        target = _fk_target(column)
        if target is not None and value is not None:
            if target not in ids or int(value) not in ids[target]:
                raise ValueError(f"{model.__tablename__}.{column.key} refers to a missing row")
            values[column.key] = ids[target][int(value)]
        else:
            values[column.key] = _decode(column, value)
    return model(**values)


def load_learner(session: Session, doc: dict[str, Any], name: str | None = None) -> int:
    """Insert the learner described by a validated document; returns the new learner's id.

    Raises ValueError (or KeyError/TypeError) on an inconsistent document; the caller turns it
    into a clear error and rolls the transaction back.
    """
    tables: dict[str, list[dict[str, Any]]] = doc["tables"]
    ids: dict[str, dict[int, int]] = {}
    for shared_name, model in SHARED:
        ids[shared_name] = {}
        for item in tables.get(shared_name, []):
            found = _match_shared(session, shared_name, item)
            created = found is None
            if created:
                found = _build(model, item, ids)
                session.add(found)
                session.flush()
            ids[shared_name][int(item["id"])] = found.id
            if created and shared_name in SHARED_CHILDREN:
                child_name, child_model = SHARED_CHILDREN[shared_name]
                key = "role_id" if shared_name == "target_role" else "program_id"
                for child in tables.get(child_name, []):
                    if int(child[key]) == int(item["id"]):
                        session.add(
                            _build(child_model, child, {**ids, shared_name: ids[shared_name]})
                        )
    session.flush()
    stacking: list[tuple[int, int]] = []
    for table_name, model, _ in OWNED:
        ids[table_name] = {}
        for item in tables.get(table_name, []):
            row_item = dict(item)
            if table_name == "credential" and row_item.get("stacks_into_id") is not None:
                stacking.append((int(row_item.pop("stacks_into_id")), int(item["id"])))
            row = _build(model, row_item, ids)
            if table_name == "learner" and name:
                row.name = name
            if table_name == "cv_variant":
                row.focus_skill_ids = [
                    ids["skill"][int(v)] for v in item.get("focus_skill_ids", [])
                ]
            session.add(row)
            if "id" in model.__table__.columns:
                session.flush()
                ids[table_name][int(item["id"])] = row.id
        session.flush()
    for target, own in stacking:
        if target not in ids["credential"]:
            raise ValueError("a credential stacks into a missing credential")
        row_id = ids["credential"][own]
        # A Core UPDATE naming updated_at keeps the exported timestamp (no onupdate bump).
        kept = session.scalar(select(Credential.updated_at).where(Credential.id == row_id))
        session.execute(
            update(Credential)
            .where(Credential.id == row_id)
            .values(stacks_into_id=ids["credential"][target], updated_at=kept)
        )
    learners = list(ids["learner"].values())
    if len(learners) != 1:
        raise ValueError("the file must hold exactly one learner")
    return learners[0]
