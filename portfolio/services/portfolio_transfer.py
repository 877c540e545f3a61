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
import math
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    Numeric,
    String,
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


class DocumentProblem(ValueError):
    """A value of a portfolio document that the database cannot or must not hold."""

    def __init__(self, table: str, row: int, column: str, problem: str) -> None:
        self.table, self.row, self.column, self.problem = table, row, column, problem
        super().__init__(f"table “{table}”, row {row}: “{column}” {problem}")


# Beyond SQLite's 64-bit integers, and far beyond any credit, duration or position.
MAX_INT = 2**63 - 1
MAX_NUMBER = 1e9
MAX_TEXT_CHARS = 1_000_000
MAX_LIST_ITEMS = 10_000
# Columns holding a web address (or a list of them): checked like the forms check them.
URL_COLUMNS = frozenset({"url", "website", "verification_url"})
# JSON columns and the shape of their values (the default: a list of strings).
JSON_SHAPES = {"links": "links", "options": "object", "focus_skill_ids": "ids"}
# Keys the database derives from a name: recomputed on the way in, never taken from the file.
DERIVED_KEYS = {"name_key": "name", "label_key": "label"}


def check_document(doc: Mapping[str, Any]) -> None:
    """Check every value of every row against its column, before anything is written.

    The document's tables, rows and ids are already known to be well formed (the importer checks
    them); here each value must be one the column can hold: text that is text and not too long,
    numbers that are finite and in range, dates that parse, enum values that exist, web addresses
    that are web addresses. Raises DocumentProblem naming the table and column.
    """
    tables = doc.get("tables", {})
    for table_name, rows in tables.items():
        model = MODELS.get(table_name)
        if model is None:
            continue
        columns = {column.key: column for column in _columns(model)}
        required = [
            key
            for key, column in columns.items()
            if not column.nullable
            and column.default is None
            and key not in DERIVED_KEYS
            and not (column.primary_key and not column.foreign_keys)  # a row's own id
        ]
        for number, row in enumerate(rows, start=1):
            for key in required:
                if row.get(key) is None:
                    raise DocumentProblem(table_name, number, key, "is missing")
            for key, value in row.items():
                column = columns.get(key)
                if column is not None and key not in DERIVED_KEYS:
                    _check_value(table_name, number, column, value)
    _check_skill_counts(tables.get("credential_skill") or [])


def _check_skill_counts(links: Sequence[Mapping[str, Any]]) -> None:
    """At most MAX_SKILLS skills on one credential, as the forms and other importers allow."""
    from portfolio.services.validation import MAX_SKILLS

    counts: dict[Any, int] = {}
    for number, row in enumerate(links, start=1):
        owner = row.get("credential_id")
        counts[owner] = counts.get(owner, 0) + 1
        if counts[owner] > MAX_SKILLS:
            raise DocumentProblem(
                "credential_skill",
                number,
                "credential_id",
                f"links more than {MAX_SKILLS:,} skills to one credential; the limit is "
                f"{MAX_SKILLS:,}",
            )


def _check_value(table: str, row: int, column: Any, value: Any) -> None:
    def fail(problem: str) -> None:
        raise DocumentProblem(table, row, column.key, problem)

    if value is None:
        if not column.nullable and column.foreign_keys:
            fail("is missing")
        return
    kind = column.type
    if column.foreign_keys or column.primary_key or isinstance(kind, Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            fail("is not a whole number")
        if not -MAX_INT <= value <= MAX_INT:
            fail("is out of range")
    elif isinstance(kind, Boolean):
        if not isinstance(value, bool):
            fail("is not true or false")
    elif isinstance(kind, Float | Numeric):
        if isinstance(value, bool) or not isinstance(value, int | float):
            fail("is not a number")
        if isinstance(value, int) and abs(value) > MAX_NUMBER:
            fail("is out of range")
        if not math.isfinite(float(value)) or abs(float(value)) > MAX_NUMBER:
            fail("is out of range")
    elif isinstance(kind, JSON):
        _check_json(fail, column.key, value)
    elif isinstance(kind, PartialDateType | LargeBinary | DateTime | Date | String):
        if not isinstance(value, str):
            fail("is not text")
        if len(value) > MAX_TEXT_CHARS:
            fail(f"is too long ({len(value):,} characters)")
        if "\x00" in value or any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
            fail("holds characters that are not text")
        try:
            _decode(column, value)
        except (ValueError, TypeError):
            fail("is not valid")
        limit = getattr(kind, "length", None)
        if isinstance(kind, String) and limit and len(value) > limit:
            fail(f"is too long ({len(value):,} characters; the limit is {limit:,})")
        if not column.nullable and column.default is None and not value.strip():
            fail("is empty")
        if column.key in URL_COLUMNS:
            _check_url(fail, value)
        enum_class = getattr(kind, "enum_class", None)
        if enum_class is not None and value not in {m.value for m in enum_class}:
            fail("is not one of the known values")


def _check_json(fail: Callable[[str], None], key: str, value: Any) -> None:
    shape = JSON_SHAPES.get(key, "strings")
    if shape == "object":
        if not isinstance(value, dict):
            fail("is not an object")
        return
    if not isinstance(value, list):
        fail("is not a list")
    if len(value) > MAX_LIST_ITEMS:
        fail(f"has too many items ({len(value):,})")
    for item in value:
        if shape == "ids":
            if isinstance(item, bool) or not isinstance(item, int) or not 0 <= item <= MAX_INT:
                fail("holds an item that is not a row number")
        elif shape == "links":
            if not isinstance(item, dict) or not all(
                isinstance(item.get(k, ""), str) for k in ("label", "url")
            ):
                fail("holds a link that is not a label and an address")
            _check_url(fail, item.get("url", ""))
        elif not isinstance(item, str) or len(item) > MAX_TEXT_CHARS:
            fail("holds an item that is not text")
        elif key == "evidence_links":
            _check_url(fail, item)


def _check_url(fail: Callable[[str], None], value: str) -> None:
    from portfolio.services.validation import url_problem

    problem = url_problem("url", "it", value)
    if problem is not None:
        too_long = problem.message.startswith("it is too long")
        fail(problem.message.removeprefix("it ") if too_long else "is not a valid web address")


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
