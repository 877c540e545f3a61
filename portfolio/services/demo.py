"""Demo learners from the article, loaded from resources/demo/learners.json."""

from __future__ import annotations

import datetime as dt
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
    PathwayRule,
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
    _load_demo_goals(session)
    return added


def _load_demo_goals(session: Session) -> None:
    """Target roles, pathways and session notes of the demo learners, each added only once.

    Run for every demo learner present (not only those just added), so a portfolio made before
    these parts of the demo existed gains them too.
    """
    # Imported here: goals modules import the taxonomy, which imports nothing from the demo.
    from portfolio.services import pathways, programs, roles, sessions
    from portfolio.services.goal_records import PathwayInput, PathwayItemInput

    roles.ensure_role_library(session)
    programs.ensure_program_catalog(session)
    by_name = {fold(s.name): s.id for s in learners.list_learners(session)}
    for person in demo_data()["learners"]:
        learner_id = by_name.get(fold(person["name"]))
        if learner_id is None:
            continue
        wanted = [roles.find_role(session, name).id for name in person.get("target_roles", [])]
        for role_id in wanted:
            roles.add_target_role(session, learner_id, role_id)
        titles = {row.title: row.id for row in credentials.list_credentials(session, learner_id)}
        existing = {p.name for p in pathways.pathway_progress(session, learner_id)}
        for item in person.get("pathways", []):
            if item["name"] in existing:
                continue
            program = (
                programs.find_program_by_key(session, item["program"])
                if "program" in item
                else None
            )
            pathways.create_pathway(
                session,
                learner_id,
                PathwayInput(
                    name=item["name"],
                    rule=PathwayRule(item["rule"]),
                    target_credential_id=titles.get(item.get("target_credential", "")),
                    target_title=item.get("target_title", ""),
                    program_id=program,
                    credits_required=item.get("credits_required"),
                    credit_unit=CreditUnit(item["credit_unit"]) if "credit_unit" in item else None,
                    note=item.get("note", ""),
                    items=tuple(
                        PathwayItemInput(credential_id=titles[entry["credential"]])
                        if "credential" in entry
                        else PathwayItemInput(planned_title=entry["planned"])
                        for entry in item["items"]
                    ),
                ),
            )
        notes = {(n.held_on, n.body) for n in sessions.list_notes(session, learner_id)}
        for item in person.get("sessions", []):
            held_on = dt.date.fromisoformat(item["held_on"])
            if (held_on, item["body"]) in notes:
                continue
            note_id = sessions.add_note(session, learner_id, held_on, item["body"])
            for action in item.get("actions", []):
                due = action.get("due_on")
                sessions.add_action(
                    session,
                    learner_id,
                    action["text"],
                    dt.date.fromisoformat(due) if due else None,
                    note_id,
                )
