"""Credentials: light rows for tables, full records for editors, validated saves."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from portfolio.errors import FieldProblem, NotFound, ValidationError
from portfolio.models import Credential, CredentialSkill, Organization, Recognition, Skill
from portfolio.services import organizations
from portfolio.services.record_builders import credential_record as credential_record
from portfolio.services.records import (
    CredentialInput,
    CredentialRecord,
    CredentialRow,
)
from portfolio.services.skill_links import resolve_links
from portfolio.services.validation import check_credential, raise_if_blocking
from portfolio.text import clean_block, clean_line


def list_credentials(session: Session, learner_id: int) -> list[CredentialRow]:
    """All of a learner's credentials as light rows, in one query whatever their number.

    Each row's skill labels come from a correlated subquery, so only this learner's links are
    read (a derived table grouped over every link in the portfolio would read all learners')."""
    skills = (
        select(func.group_concat(Skill.label, ", "))
        .select_from(CredentialSkill)
        .join(Skill, Skill.id == CredentialSkill.skill_id)
        .where(CredentialSkill.credential_id == Credential.id)
        .scalar_subquery()
    )
    query = (
        select(
            Credential.id,
            Credential.title,
            Credential.kind,
            func.coalesce(Organization.name, ""),
            Credential.start_date,
            Credential.end_date,
            Credential.expiry_date,
            Credential.status,
            Credential.credit_value,
            Credential.credit_unit,
            func.coalesce(skills, ""),
            Credential.stacks_into_id,
            Credential.verification_url,
        )
        .outerjoin(Organization, Organization.id == Credential.issuer_id)
        .where(Credential.learner_id == learner_id)
        .order_by(Credential.position, Credential.id)
    )
    return [CredentialRow(*tuple(row)) for row in session.execute(query)]


def get_credential(session: Session, credential_id: int) -> CredentialRecord:
    cred = session.scalar(
        select(Credential)
        .where(Credential.id == credential_id)
        .options(
            selectinload(Credential.issuer),
            selectinload(Credential.skill_links).selectinload(CredentialSkill.skill),
            selectinload(Credential.recognitions).selectinload(Recognition.institution),
        )
    )
    if cred is None:
        raise NotFound(f"Credential #{credential_id} no longer exists.")
    return credential_record(cred)


def _check_stacking(
    session: Session, cred: Credential | None, learner_id: int, target_id: int | None
) -> None:
    if target_id is None:
        return
    target = session.get(Credential, target_id)
    if target is None or target.learner_id != learner_id:
        raise ValidationError(
            [
                FieldProblem(
                    "stacks_into_id", "“Stacks into” must be one of this learner's credentials"
                )
            ]
        )
    # Walk up the chain: a credential may not stack into itself, directly or through others.
    seen = set()
    node: Credential | None = target
    while node is not None:
        if cred is not None and node.id == cred.id:
            raise ValidationError(
                [FieldProblem("stacks_into_id", "A credential cannot stack into itself")]
            )
        if node.id in seen:
            break
        seen.add(node.id)
        node = node.stacks_into


def credential_columns(data: CredentialInput) -> dict[str, Any]:
    """The credential's own column values, cleaned; the one place that decides how.

    Issuer, stacking, skills and recognitions need the session and are resolved by callers
    (`_apply` below, and the bulk import path in services.import_apply).
    """
    return {
        "title": clean_line(data.title),
        "kind": data.kind,
        "field_of_study": clean_line(data.field_of_study),
        "start_date": data.start_date,
        "end_date": data.end_date,
        "expiry_date": data.expiry_date,
        "status": data.status,
        "credential_id": data.credential_id.strip(),
        "verification_url": data.verification_url.strip(),
        "credit_value": data.credit_value,
        "credit_unit": data.credit_unit,
        "duration_value": data.duration_value,
        "duration_unit": data.duration_unit,
        "assessment": data.assessment,
        "assessment_note": clean_line(data.assessment_note),
        "delivery_mode": data.delivery_mode,
        "description": clean_block(data.description),
        "notes": clean_block(data.notes),
        "evidence_links": [link.strip() for link in data.evidence_links if link.strip()],
        "tags": [clean_line(tag) for tag in data.tags if tag.strip()],
        "source": data.source,
        "verification_status": data.verification_status,
        "verification_note": data.verification_note,
    }


def _apply(session: Session, cred: Credential, data: CredentialInput) -> None:
    issuer = organizations.get_or_create(session, data.issuer, data.issuer_kind)
    for column, value in credential_columns(data).items():
        setattr(cred, column, value)
    cred.issuer_id = issuer.id if issuer else None
    cred.stacks_into_id = data.stacks_into_id
    cred.skill_links = [
        CredentialSkill(
            skill_id=skill.id,
            level=link.level,
            evidence_note=clean_block(link.evidence_note),
            source=link.source,
            position=i,
        )
        for i, (skill, link) in enumerate(resolve_links(session, data.skills))
    ]
    cred.recognitions = [
        Recognition(
            institution_id=org.id
            if (org := organizations.get_or_create(session, r.institution))
            else None,
            program=clean_line(r.program),
            credit_value=r.credit_value,
            credit_unit=r.credit_unit,
            recognized_on=r.recognized_on,
            note=clean_block(r.note),
        )
        for r in data.recognitions
    ]


def create_credential(session: Session, learner_id: int, data: CredentialInput) -> int:
    """Validate and add a credential; returns its id. Non-blocking problems are kept as flags."""
    raise_if_blocking(check_credential(data))
    _check_stacking(session, None, learner_id, data.stacks_into_id)
    position = session.scalar(
        select(func.coalesce(func.max(Credential.position), -1) + 1).where(
            Credential.learner_id == learner_id
        )
    )
    cred = Credential(learner_id=learner_id, position=position or 0)
    _apply(session, cred, data)
    session.add(cred)
    session.flush()
    return cred.id


def update_credential(session: Session, credential_id: int, data: CredentialInput) -> None:
    raise_if_blocking(check_credential(data))
    cred = session.get(Credential, credential_id)
    if cred is None:
        raise NotFound(f"Credential #{credential_id} no longer exists.")
    _check_stacking(session, cred, cred.learner_id, data.stacks_into_id)
    # Replace the association rows in a separate flush so the (credential, skill) keys are free.
    cred.skill_links = []
    cred.recognitions = []
    session.flush()
    _apply(session, cred, data)
    session.flush()


def delete_credential(session: Session, credential_id: int) -> CredentialRecord:
    """Delete a credential and return what it was, so the deletion can be undone."""
    record = get_credential(session, credential_id)
    cred = session.get(Credential, credential_id)
    assert cred is not None
    session.delete(cred)
    session.flush()
    return record
