"""Demo learners from the article, loaded from resources/demo/learners.json."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from portfolio.assets import read_json
from portfolio.dates import PartialDate
from portfolio.models import (
    AssessmentType,
    CredentialKind,
    CredentialStatus,
    CreditUnit,
    DeliveryMode,
    DurationUnit,
    ExperienceKind,
    OrgKind,
    SkillLevel,
)
from portfolio.services import credentials, experience, learners, organizations
from portfolio.services.records import (
    CredentialInput,
    ExperienceInput,
    LanguageEntry,
    LearnerInput,
    Link,
    RecognitionInput,
    SkillLinkInput,
)
from portfolio.services.taxonomy import ensure_builtin_taxonomy
from portfolio.text import fold


def demo_data() -> dict[str, Any]:
    data: dict[str, Any] = read_json("demo", "learners.json")
    return data


def _date(value: str | None) -> PartialDate | None:
    return PartialDate.parse(value) if value else None


def _skills(items: list[list[str]]) -> tuple[SkillLinkInput, ...]:
    return tuple(SkillLinkInput(label=label, level=SkillLevel(level)) for label, level in items)


def _credential(item: dict[str, Any], refs: dict[str, int]) -> CredentialInput:
    return CredentialInput(
        title=item["title"],
        kind=CredentialKind(item["kind"]),
        issuer=item.get("issuer", ""),
        issuer_kind=OrgKind(item["issuer_kind"]) if "issuer_kind" in item else None,
        field_of_study=item.get("field_of_study", ""),
        start_date=_date(item.get("start_date")),
        end_date=_date(item.get("end_date")),
        expiry_date=_date(item.get("expiry_date")),
        status=CredentialStatus(item.get("status", "completed")),
        credential_id=item.get("credential_id", ""),
        verification_url=item.get("verification_url", ""),
        credit_value=item.get("credit_value"),
        credit_unit=CreditUnit(item["credit_unit"]) if "credit_unit" in item else None,
        duration_value=item.get("duration_value"),
        duration_unit=DurationUnit(item["duration_unit"]) if "duration_unit" in item else None,
        assessment=AssessmentType(item["assessment"]) if "assessment" in item else None,
        assessment_note=item.get("assessment_note", ""),
        delivery_mode=DeliveryMode(item["delivery_mode"]) if "delivery_mode" in item else None,
        description=item.get("description", ""),
        notes=item.get("notes", ""),
        stacks_into_id=refs[item["stacks_into"]] if "stacks_into" in item else None,
        skills=_skills(item.get("skills", [])),
        recognitions=tuple(RecognitionInput(**r) for r in item.get("recognitions", [])),
        source="demo",
    )


def _experience(item: dict[str, Any]) -> ExperienceInput:
    return ExperienceInput(
        title=item["title"],
        organization=item.get("organization", ""),
        kind=ExperienceKind(item.get("kind", "work")),
        location=item.get("location", ""),
        start_date=_date(item.get("start_date")),
        end_date=_date(item.get("end_date")),
        current=bool(item.get("current", False)),
        description=item.get("description", ""),
        highlights=tuple(item.get("highlights", [])),
        skills=_skills(item.get("skills", [])),
        source="demo",
    )


def load_demo(session: Session) -> list[str]:
    """Add the demo learners that are not there yet (matched by name); return the names added."""
    # Demo skills should land on the curated taxonomy, not become custom duplicates.
    ensure_builtin_taxonomy(session)
    existing = {fold(summary.name) for summary in learners.list_learners(session)}
    added = []
    for person in demo_data()["learners"]:
        if fold(person["name"]) in existing:
            continue
        learner_id = learners.create_learner(
            session,
            LearnerInput(
                name=person["name"],
                headline=person.get("headline", ""),
                email=person.get("email", ""),
                phone=person.get("phone", ""),
                location=person.get("location", ""),
                website=person.get("website", ""),
                links=tuple(Link(**link) for link in person.get("links", [])),
                summary=person.get("summary", ""),
                languages=tuple(LanguageEntry(**lang) for lang in person.get("languages", [])),
            ),
        )
        refs: dict[str, int] = {}
        for item in person.get("credentials", []):
            organizations.get_or_create(
                session,
                item.get("issuer", ""),
                OrgKind(item["issuer_kind"]) if "issuer_kind" in item else None,
                region=item.get("issuer_region", ""),
                country=item.get("issuer_country", ""),
            )
            cred_id = credentials.create_credential(session, learner_id, _credential(item, refs))
            if "ref" in item:
                refs[item["ref"]] = cred_id
        for item in person.get("experience", []):
            experience.create_experience(session, learner_id, _experience(item))
        added.append(person["name"])
    return added
