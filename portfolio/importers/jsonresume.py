"""JSON Resume (jsonresume.org, schema v1.0.0) into a learner, experience and credentials.

basics -> learner; work, volunteer, projects -> experience; education, certificates, awards ->
credentials; skills -> the learner's skills; languages -> languages. Our own extra item properties
(written by portfolio.export.jsonresume: kind, expiryDate, credentialId, credits...) are read back.
publications, interests and references are not modelled and are named in a note.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from portfolio.dates import PartialDate
from portfolio.enums import (
    CredentialKind,
    CreditUnit,
    ExperienceKind,
    OrgKind,
    SkillLevel,
)
from portfolio.importers.errors import ImportFailed
from portfolio.importers.model import ImportBundle, ImportedCredential, ImportedSkill
from portfolio.services.records import (
    CredentialInput,
    ExperienceInput,
    LanguageEntry,
    LearnerInput,
    Link,
    SkillLinkInput,
)
from portfolio.services.validation import url_problem
from portfolio.text import clean_block

SECTIONS = (
    "basics",
    "work",
    "volunteer",
    "education",
    "awards",
    "certificates",
    "publications",
    "skills",
    "languages",
    "interests",
    "references",
    "projects",
    "meta",
)
_NOT_MODELLED = ("publications", "interests", "references")

_LEVELS = {
    "beginner": SkillLevel.AWARENESS,
    "novice": SkillLevel.AWARENESS,
    "awareness": SkillLevel.AWARENESS,
    "intermediate": SkillLevel.WORKING,
    "working": SkillLevel.WORKING,
    "advanced": SkillLevel.PROFICIENT,
    "proficient": SkillLevel.PROFICIENT,
    "expert": SkillLevel.EXPERT,
    "master": SkillLevel.EXPERT,
}

_EDUCATION_KINDS = {
    "diploma": CredentialKind.DIPLOMA,
    "certificate": CredentialKind.CERTIFICATE,
    "bootcamp": CredentialKind.BOOTCAMP,
    "course": CredentialKind.COURSE,
    "program": CredentialKind.PROGRAM,
    "micro": CredentialKind.MICRO_CREDENTIAL,
    "mooc": CredentialKind.MOOC,
}


def looks_like(doc: Any) -> bool:
    """A JSON object whose keys are JSON Resume sections (basics, work, education...)."""
    if not isinstance(doc, Mapping):
        return False
    if "$schema" in doc and "jsonresume" in str(doc.get("$schema")):
        return True
    keys = set(doc) - {"$schema"}
    return bool(keys) and keys <= set(SECTIONS) and bool(keys & {"basics", "work", "education"})


def _s(value: Any, limit: int = 100_000) -> str:
    return value.strip()[:limit] if isinstance(value, str) else ""


def _block(value: Any, limit: int = 100_000) -> str:
    """A multi-line text (summary, description): kept as our own export wrote it (a leading
    tab or indented first line is the learner's), only blank lines around it dropped."""
    return clean_block(value)[:limit] if isinstance(value, str) else ""


def _url(value: Any) -> str:
    text = _s(value, 2000)
    return text if text and url_problem("url", "URL", text) is None else ""


_LINK_KEYS = frozenset({"url", "uri", "evidence"})


def _unsafe_links(value: Any, key: str = "") -> int:
    """How many link fields (url, uri, evidence) hold something `_url` leaves out."""
    if isinstance(value, Mapping):
        return sum(_unsafe_links(v, k) for k, v in value.items())
    if isinstance(value, list):
        return sum(_unsafe_links(v, key) for v in value)
    if key in _LINK_KEYS and isinstance(value, str) and value.strip():
        return 0 if _url(value) else 1
    return 0


def _date(value: Any, notes: list[str], where: str) -> PartialDate | None:
    text = _s(value, 40)
    if not text:
        return None
    try:
        return PartialDate.parse(text)
    except ValueError:
        notes.append(f"{where}: date “{text}” was not understood and was left out")
        return None


def _items(doc: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = doc.get(key)
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


def _strings(value: Any, limit: int = 10_000) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(t for t in (_s(v, limit) for v in value) if t)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, int) and abs(value) > 2**53:
        return value  # too big for a float: validation refuses it by name ("implausibly large")
    return float(value)


def _enum(enum: type[Any], value: Any, default: Any) -> Any:
    try:
        return enum(value)
    except ValueError:
        return default


def _skills(value: Any) -> tuple[SkillLinkInput, ...]:
    """Our `skills` extra ([{name, uri, level}]) or JSON Resume project keywords (strings)."""
    out: list[SkillLinkInput] = []
    seen: set[str] = set()
    for item in value if isinstance(value, list) else []:
        if isinstance(item, str):
            label, uri, level = _s(item, 300), None, SkillLevel.WORKING
        elif isinstance(item, Mapping):
            label, uri = _s(item.get("name"), 300), (_url(item.get("uri"))[:500] or None)
            level = _enum(SkillLevel, item.get("level"), SkillLevel.WORKING)
        else:
            continue
        if label and label.casefold() not in seen:
            seen.add(label.casefold())
            out.append(SkillLinkInput(label=label, uri=uri, level=level, source="import"))
    return tuple(out)


def _extras(item: Mapping[str, Any]) -> dict[str, Any]:
    """Our item-level extra properties, read back into CredentialInput fields."""
    credits = _number(item.get("credits"))
    extras: dict[str, Any] = {
        "credential_id": _s(item.get("credentialId"), 300),
        # Passed on as written: validation refuses infinity, NaN and implausible values by name,
        # where dropping them would import the credential short of what the file says.
        "credit_value": credits,
        "tags": _strings(item.get("tags"), 100),
        "evidence_links": tuple(u for u in (_url(v) for v in item.get("evidence") or []) if u)
        if isinstance(item.get("evidence"), list)
        else (),
        "skills": _skills(item.get("skills")),
    }
    if extras["credit_value"] is not None:
        extras["credit_unit"] = _enum(CreditUnit, item.get("creditUnit"), CreditUnit.CREDITS)
    return extras


def parse_resume(doc: Any, source: str) -> ImportBundle:
    """A JSON Resume document (already parsed with limits) as an import bundle."""
    if not isinstance(doc, Mapping):
        raise ImportFailed(source, "is not a JSON Resume (the top level is not an object)")
    notes: list[str] = []
    basics = doc.get("basics") if isinstance(doc.get("basics"), Mapping) else {}
    assert isinstance(basics, Mapping)
    location = basics.get("location") if isinstance(basics.get("location"), Mapping) else {}
    assert isinstance(location, Mapping)
    links = []
    for profile in _items(basics, "profiles"):
        url = _url(profile.get("url"))
        if url:
            links.append(Link(_s(profile.get("network"), 100) or "Profile", url))
    # Every entry of the sections imported here is kept or passed over with its reason.
    passed_over: list[str] = []
    languages = tuple(
        LanguageEntry(_s(x.get("language"), 100), _s(x.get("fluency"), 100))
        for x in _items(doc, "languages")
        if _s(x.get("language"))
    )
    passed_over.extend(
        f"languages[{i}] has no language"
        for i, x in enumerate(_items(doc, "languages"))
        if not _s(x.get("language"))
    )
    name = _s(basics.get("name"), 200)
    learner = (
        LearnerInput(
            name=name,
            headline=_s(basics.get("label"), 1000),
            email=_s(basics.get("email"), 320) if "@" in _s(basics.get("email")) else "",
            phone=_s(basics.get("phone"), 64),
            location=", ".join(
                filter(None, (_s(location.get(k), 60) for k in ("city", "region", "countryCode")))
            )[:200],
            website=_url(basics.get("url")),
            links=tuple(links),
            summary=_block(basics.get("summary")),
            languages=languages,
        )
        if name
        else None
    )
    if learner is None:
        notes.append("basics has no name: choose the learner to import into")

    experiences: list[ExperienceInput] = []
    for kind, key, org_key in (
        (ExperienceKind.WORK, "work", "name"),
        (ExperienceKind.VOLUNTEER, "volunteer", "organization"),
    ):
        for i, item in enumerate(_items(doc, key)):
            where = f"{key}[{i}]"
            title = _s(item.get("position"), 1000) or _s(item.get(org_key), 1000)
            if not title:
                notes.append(f"{where} has neither a position nor an organization; skipped")
                passed_over.append(f"{where} has neither a position nor an organization")
                continue
            start = _date(item.get("startDate"), notes, where)
            end = _date(item.get("endDate"), notes, where)
            experiences.append(
                ExperienceInput(
                    title=title,
                    organization=_s(item.get(org_key), 300),
                    kind=_enum(ExperienceKind, item.get("kind"), kind),
                    location=_s(item.get("location"), 200),
                    start_date=start,
                    end_date=end,
                    current=bool(start and not end and not _s(item.get("endDate"))),
                    description=_block(item.get("summary")),
                    highlights=_strings(item.get("highlights")),
                    url=_url(item.get("url")),
                    skills=_skills(item.get("skills")),
                    source="jsonresume",
                )
            )
    for i, item in enumerate(_items(doc, "projects")):
        where = f"projects[{i}]"
        title = _s(item.get("name"), 1000)
        if not title:
            notes.append(f"{where} has no name; skipped")
            passed_over.append(f"{where} has no name")
            continue
        roles = _strings(item.get("roles"), 200)
        description = _block(item.get("description"))
        if roles:
            description = f"{description}\n\nRoles: {', '.join(roles)}".strip()
        start = _date(item.get("startDate"), notes, where)
        experiences.append(
            ExperienceInput(
                title=title,
                organization=_s(item.get("entity"), 300),
                kind=ExperienceKind.PROJECT,
                start_date=start,
                end_date=_date(item.get("endDate"), notes, where),
                description=description,
                highlights=_strings(item.get("highlights")),
                url=_url(item.get("url")),
                skills=_skills(item.get("skills")) or _skills(item.get("keywords")),
                source="jsonresume",
            )
        )

    credentials: list[ImportedCredential] = []
    for i, item in enumerate(_items(doc, "education")):
        where = f"education[{i}]"
        study = _s(item.get("studyType"), 1000)
        area = _s(item.get("area"), 1000)
        title = study or area or _s(item.get("institution"), 1000)
        if not title:
            notes.append(f"{where} is empty; skipped")
            passed_over.append(f"{where} is empty")
            continue
        cred_kind: CredentialKind = _enum(CredentialKind, item.get("kind"), None) or next(
            (k for word, k in _EDUCATION_KINDS.items() if word in study.casefold()),
            CredentialKind.DEGREE,
        )
        extra_notes = []
        if _s(item.get("score")):
            extra_notes.append(f"Score: {_s(item.get('score'), 100)}")
        courses = _strings(item.get("courses"), 300)
        if courses:
            extra_notes.append("Courses: " + "; ".join(courses))
        credentials.append(
            ImportedCredential(
                CredentialInput(
                    title=title,
                    kind=cred_kind,
                    issuer=_s(item.get("institution"), 300),
                    issuer_kind=OrgKind.UNIVERSITY if cred_kind == CredentialKind.DEGREE else None,
                    field_of_study=area if study else "",
                    start_date=_date(item.get("startDate"), notes, where),
                    end_date=_date(item.get("endDate"), notes, where),
                    expiry_date=_date(item.get("expiryDate"), notes, where),
                    verification_url=_url(item.get("url")),
                    description=_block(item.get("description")),
                    notes=_s(item.get("notes")) or "\n".join(extra_notes),
                    source="jsonresume",
                    **_extras(item),
                )
            )
        )
    for key, title_key, date_key, issuer_key, default_kind in (
        ("certificates", "name", "date", "issuer", CredentialKind.CERTIFICATE),
        ("awards", "title", "date", "awarder", CredentialKind.CERTIFICATE),
    ):
        for i, item in enumerate(_items(doc, key)):
            where = f"{key}[{i}]"
            title = _s(item.get(title_key), 1000)
            if not title:
                notes.append(f"{where} has no {title_key}; skipped")
                passed_over.append(f"{where} has no {title_key}")
                continue
            extras = _extras(item)
            if key == "awards" and "award" not in extras["tags"]:
                extras["tags"] = ("award", *extras["tags"])
            credentials.append(
                ImportedCredential(
                    CredentialInput(
                        title=title,
                        kind=_enum(CredentialKind, item.get("kind"), default_kind),
                        issuer=_s(item.get(issuer_key), 300),
                        end_date=_date(item.get(date_key), notes, where),
                        start_date=_date(item.get("startDate"), notes, where),
                        expiry_date=_date(item.get("expiryDate"), notes, where),
                        verification_url=_url(item.get("url")),
                        description=_block(item.get("summary")) or _block(item.get("description")),
                        field_of_study=_s(item.get("fieldOfStudy"), 1000),
                        source="jsonresume",
                        **extras,
                    )
                )
            )

    skills: list[ImportedSkill] = []
    for i, item in enumerate(_items(doc, "skills")):
        label = _s(item.get("name"), 300)
        if not label:
            passed_over.append(f"skills[{i}] has no name")
            continue
        keywords = _strings(item.get("keywords"), 100)
        skills.append(
            ImportedSkill(
                label=label,
                level=_LEVELS.get(_s(item.get("level")).casefold(), SkillLevel.WORKING),
                note=("Keywords: " + ", ".join(keywords)) if keywords else "",
                uri=_url(item.get("uri"))[:500] or None,
            )
        )
    skipped = [k for k in _NOT_MODELLED if doc.get(k)]
    if skipped:
        notes.append(f"not imported (not modelled here): {', '.join(skipped)}")
    unsafe = _unsafe_links(doc)
    if unsafe:
        notes.append(
            f"{unsafe} link(s) that are not http or https addresses (such as javascript:) "
            "were left out"
        )
    return ImportBundle(
        source=source,
        format="jsonresume",
        learner=learner,
        credentials=tuple(credentials),
        experiences=tuple(experiences),
        skills=tuple(skills),
        languages=languages,
        notes=tuple(notes),
        records=len(credentials)
        + len(experiences)
        + len(skills)
        + len(languages)
        + len(passed_over),
        skipped=tuple(passed_over),
    )
