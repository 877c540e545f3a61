"""A learner as a JSON Resume (schema v1.0.0), with our extra fields as item-level properties.

The official schema allows extra properties on every item, so credentials carry `kind`,
`expiryDate`, `credentialId`, `credits`, `creditUnit`, `skills` ([{name, uri, level}]), `tags`
and `evidence`, which `portfolio import` reads back.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from portfolio.enums import CredentialKind, ExperienceKind
from portfolio.services.credentials import get_credential, list_credentials
from portfolio.services.experience import get_experience, list_experience
from portfolio.services.learner_skills import learner_skills
from portfolio.services.learners import get_learner
from portfolio.services.records import CredentialRecord, SkillLinkRecord

SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
EDUCATION_KINDS = (CredentialKind.DEGREE, CredentialKind.DIPLOMA)
_LEVEL_WORDS = {
    "awareness": "Beginner",
    "working": "Intermediate",
    "proficient": "Advanced",
    "expert": "Master",
}


def _skills(links: tuple[SkillLinkRecord, ...]) -> list[dict[str, Any]]:
    return [
        {k: v for k, v in {"name": s.label, "uri": s.uri, "level": s.level.value}.items() if v}
        for s in links
    ]


def _put(item: dict[str, Any], key: str, value: Any) -> None:
    if value not in (None, "", [], ()):
        item[key] = value


def _credential_extras(item: dict[str, Any], c: CredentialRecord) -> None:
    _put(item, "kind", c.kind.value)
    _put(item, "startDate", c.start_date.iso() if c.start_date else None)
    _put(item, "expiryDate", c.expiry_date.iso() if c.expiry_date else None)
    _put(item, "credentialId", c.credential_id)
    _put(item, "credits", c.credit_value)
    _put(item, "creditUnit", c.credit_unit.value if c.credit_unit else None)
    _put(item, "skills", _skills(c.skill_links))
    _put(item, "tags", list(c.tags))
    _put(item, "evidence", list(c.evidence_links))


def build_resume(session: Session, learner_id: int) -> dict[str, Any]:
    """The JSON Resume document for one learner."""
    learner = get_learner(session, learner_id)
    basics: dict[str, Any] = {"name": learner.name}
    _put(basics, "label", learner.headline)
    _put(basics, "email", learner.email)
    _put(basics, "phone", learner.phone)
    _put(basics, "url", learner.website)
    _put(basics, "summary", learner.summary)
    if learner.location:
        basics["location"] = {"city": learner.location}
    _put(basics, "profiles", [{"network": link.label, "url": link.url} for link in learner.links])
    doc: dict[str, Any] = {"$schema": SCHEMA_URL, "basics": basics}
    work: list[dict[str, Any]] = []
    volunteer: list[dict[str, Any]] = []
    projects: list[dict[str, Any]] = []
    for row in list_experience(session, learner_id):
        e = get_experience(session, row.id)
        item: dict[str, Any] = {}
        if e.kind == ExperienceKind.PROJECT:
            item["name"] = e.title
            _put(item, "entity", e.organization)
            _put(item, "description", e.description)
        else:
            item["position"] = e.title
            _put(
                item,
                "organization" if e.kind == ExperienceKind.VOLUNTEER else "name",
                e.organization,
            )
            _put(item, "summary", e.description)
            _put(item, "location", e.location)
            if e.kind == ExperienceKind.INTERNSHIP:
                item["kind"] = e.kind.value
        _put(item, "url", e.url)
        _put(item, "startDate", e.start_date.iso() if e.start_date else None)
        _put(item, "endDate", e.end_date.iso() if e.end_date else None)
        _put(item, "highlights", list(e.highlights))
        _put(item, "skills", _skills(e.skill_links))
        {ExperienceKind.PROJECT: projects, ExperienceKind.VOLUNTEER: volunteer}.get(
            e.kind, work
        ).append(item)
    education: list[dict[str, Any]] = []
    certificates: list[dict[str, Any]] = []
    awards: list[dict[str, Any]] = []
    for crow in list_credentials(session, learner_id):
        c = get_credential(session, crow.id)
        date = c.end_date.iso() if c.end_date else None
        if "award" in c.tags:
            item = {"title": c.title}
            _put(item, "date", date)
            _put(item, "awarder", c.issuer)
            _put(item, "summary", c.description)
            _credential_extras(item, c)
            item["tags"] = [t for t in c.tags if t != "award"] or None
            if not item["tags"]:
                del item["tags"]
            awards.append(item)
        elif c.kind in EDUCATION_KINDS:
            item = {"institution": c.issuer} if c.issuer else {}
            _put(item, "studyType", c.title)
            _put(item, "area", c.field_of_study)
            _put(item, "url", c.verification_url)
            _put(item, "endDate", date)
            _put(item, "description", c.description)
            _put(item, "notes", c.notes)
            _credential_extras(item, c)
            education.append(item)
        else:
            item = {"name": c.title}
            _put(item, "date", date)
            _put(item, "issuer", c.issuer)
            _put(item, "url", c.verification_url)
            _put(item, "description", c.description)
            _put(item, "fieldOfStudy", c.field_of_study)
            _credential_extras(item, c)
            certificates.append(item)
    skills = [
        {
            k: v
            for k, v in {
                "name": s.label,
                "level": _LEVEL_WORDS.get(s.level, ""),
                "keywords": s.keywords,
                "uri": s.uri,
            }.items()
            if v
        }
        for s in learner_skills(session, learner_id)
    ]
    languages = [
        {k: v for k, v in {"language": x.language, "fluency": x.fluency}.items() if v}
        for x in learner.languages
    ]
    for key, value in (
        ("work", work),
        ("volunteer", volunteer),
        ("education", education),
        ("awards", awards),
        ("certificates", certificates),
        ("skills", skills),
        ("languages", languages),
        ("projects", projects),
    ):
        if value:
            doc[key] = value
    doc["meta"] = {
        "version": "v1.0.0",
        "canonical": SCHEMA_URL.replace("schema.json", "sample.resume.json"),
    }
    return doc


def export_resume(session: Session, learner_id: int) -> bytes:
    """UTF-8 JSON text of the learner's JSON Resume."""
    return (
        json.dumps(build_resume(session, learner_id), ensure_ascii=False, indent=2) + "\n"
    ).encode()
