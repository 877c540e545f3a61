"""Frozen records built from loaded rows: one field mapping for the ORM and the light CV reader.

The builders read attributes only (`cred.title`, `cred.issuer.name`, `link.skill.label`...), so
they accept an ORM object with its relationships loaded or any object of the same shape, such as
the plain rows `portfolio.db.cv_read` makes with stdlib sqlite3. No SQLAlchemy is imported here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from portfolio.services.records import (
    CredentialInput,
    CredentialRecord,
    ExperienceRecord,
    RecognitionInput,
    SkillLinkInput,
    SkillLinkRecord,
)
from portfolio.services.validation import check_credential


def _link_record(link: Any) -> SkillLinkRecord:
    return SkillLinkRecord(
        skill_id=link.skill.id,
        label=link.skill.label,
        category=link.skill.category,
        level=link.level,
        evidence_note=link.evidence_note,
        uri=link.skill.uri,
        source=link.source,
    )


def link_records(links: Iterable[Any]) -> tuple[SkillLinkRecord, ...]:
    ordered = sorted(links, key=lambda link: (link.position, link.skill.label_key))
    return tuple(_link_record(link) for link in ordered)


def as_inputs(records: Iterable[SkillLinkRecord]) -> tuple[SkillLinkInput, ...]:
    return tuple(
        SkillLinkInput(
            label=r.label,
            level=r.level,
            evidence_note=r.evidence_note,
            skill_id=r.skill_id,
            uri=r.uri,
            source=r.source,
        )
        for r in records
    )


def credential_record(cred: Any) -> CredentialRecord:
    """The frozen record of a loaded credential (issuer, skills and recognitions eager-loaded)."""
    links = link_records(cred.skill_links)
    data = CredentialInput(
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
    )
    flags = tuple(p.message for p in check_credential(data) if not p.blocking)
    return CredentialRecord(
        **{name: getattr(data, name) for name in CredentialInput.__dataclass_fields__},
        id=cred.id,
        learner_id=cred.learner_id,
        issuer_id=cred.issuer_id,
        skill_links=links,
        flags=flags,
    )


def experience_record(exp: Any) -> ExperienceRecord:
    """The frozen record of a loaded experience (organization and skills eager-loaded)."""
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
