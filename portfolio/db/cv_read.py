"""The CV's content read with stdlib sqlite3 alone, so a plain `portfolio export-cv` needs no ORM.

Importing SQLAlchemy's ORM and mapping the models costs more than rendering the PDF, and a CV
export only reads. This reader returns exactly what `services.cv_content.load_cv_content`
returns: the rows are turned into plain objects with the ORM's attribute names and handed to the
same record builders (`services.record_builders`), so the field mapping exists once; only the
SQL and the column conversions are here. `tests/db/test_cv_read.py` checks both agree.

Only for a file that passed `portfolio.db.open.inspect_file` and is at the head revision: it
trusts the schema and never writes (read-only URI connection and `PRAGMA query_only`).
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Mapping
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from portfolio.dates import PartialDate
from portfolio.db.stdlib_read import list_learners_fast, read_learner, snapshot
from portfolio.enums import (
    AssessmentType,
    CredentialKind,
    CredentialStatus,
    CreditUnit,
    DeliveryMode,
    DurationUnit,
    ExperienceKind,
    OrgKind,
    SkillLevel,
    VerificationStatus,
)
from portfolio.services.cv_records import ClaimedSkill, CvContent
from portfolio.services.learner_names import pick_learner
from portfolio.services.record_builders import credential_record, experience_record

# --- The SQL, all of it. Orders match the ORM reader's (see services/cv_content.py). ---------

# Credentials in the learner's order, with the issuer's name and kind.
CREDENTIALS = """
SELECT c.*, o.name AS issuer_name, o.kind AS issuer_kind
FROM credential AS c LEFT JOIN organization AS o ON o.id = c.issuer_id
WHERE c.learner_id = ? ORDER BY c.position, c.id"""

EXPERIENCES = """
SELECT e.*, o.name AS organization_name
FROM experience AS e LEFT JOIN organization AS o ON o.id = e.organization_id
WHERE e.learner_id = ? ORDER BY e.position, e.id"""

# Skill links of all the learner's credentials (or experiences) at once, with their skills;
# the record builder sorts each owner's links by (position, label_key).
LINKS = """
SELECT k.{owner}_id AS owner_id, k.level, k.evidence_note, k.source, k.position,
       s.id AS skill_id, s.label, s.category, s.uri, s.label_key
FROM {owner}_skill AS k
JOIN skill AS s ON s.id = k.skill_id
JOIN {owner} AS x ON x.id = k.{owner}_id
WHERE x.learner_id = ? ORDER BY k.{owner}_id, k.skill_id"""

RECOGNITIONS = """
SELECT r.*, o.name AS institution_name
FROM recognition AS r
JOIN credential AS c ON c.id = r.credential_id
LEFT JOIN organization AS o ON o.id = r.institution_id
WHERE c.learner_id = ? ORDER BY r.credential_id, r.id"""

# Skills claimed directly; the same statement the ORM emits, so ties come back the same way.
CLAIMED = """
SELECT skill.id, skill.label, skill.category, learner_skill.level, learner_skill.note
FROM skill JOIN learner_skill ON learner_skill.skill_id = skill.id
WHERE learner_skill.learner_id = ? ORDER BY skill.label_key"""

# --- Stored values back to Python, as the ORM's column types do. ----------------------------
# Enums are stored as their values, PartialDates as reduced-precision ISO text, JSON as text.


def _date(value: Any) -> PartialDate:
    return PartialDate.parse(str(value))


_CREDENTIAL: dict[str, Callable[[Any], Any]] = {
    "kind": CredentialKind,
    "status": CredentialStatus,
    "start_date": _date,
    "end_date": _date,
    "expiry_date": _date,
    "credit_unit": CreditUnit,
    "duration_unit": DurationUnit,
    "assessment": AssessmentType,
    "delivery_mode": DeliveryMode,
    "verification_status": VerificationStatus,
    "evidence_links": json.loads,
    "tags": json.loads,
}
_EXPERIENCE: dict[str, Callable[[Any], Any]] = {
    "kind": ExperienceKind,
    "start_date": _date,
    "end_date": _date,
    "current": bool,
    "highlights": json.loads,
}
_RECOGNITION: dict[str, Callable[[Any], Any]] = {"credit_unit": CreditUnit, "recognized_on": _date}
_LINK: dict[str, Callable[[Any], Any]] = {"level": SkillLevel}


def _obj(row: sqlite3.Row, convert: Mapping[str, Callable[[Any], Any]]) -> SimpleNamespace:
    """A row as an object with the ORM's attribute names; NULL stays None, as in the ORM."""
    values = dict(zip(row.keys(), row, strict=True))
    for name, to_python in convert.items():
        if values[name] is not None:
            values[name] = to_python(values[name])
    return SimpleNamespace(**values)


def _org(name: str | None, kind: str | None = None) -> SimpleNamespace | None:
    if name is None:
        return None
    return SimpleNamespace(name=name, kind=None if kind is None else OrgKind(kind))


def _links(conn: sqlite3.Connection, owner: str, learner_id: int) -> dict[int, list[Any]]:
    links: dict[int, list[Any]] = defaultdict(list)
    for row in conn.execute(LINKS.format(owner=owner), (learner_id,)):
        link = _obj(row, _LINK)
        link.skill = SimpleNamespace(
            id=link.skill_id,
            label=link.label,
            category=link.category,
            uri=link.uri,
            label_key=link.label_key,
        )
        links[link.owner_id].append(link)
    return links


def read_cv_content(conn: sqlite3.Connection, learner_id: int) -> CvContent:
    """The learner's whole portfolio as frozen records (NotFound if the learner is gone)."""
    learner = read_learner(conn, learner_id)
    recognitions: dict[int, list[Any]] = defaultdict(list)
    for row in conn.execute(RECOGNITIONS, (learner_id,)):
        recognition = _obj(row, _RECOGNITION)
        recognition.institution = _org(recognition.institution_name)
        recognitions[recognition.credential_id].append(recognition)
    cred_links = _links(conn, "credential", learner_id)
    credentials = []
    for row in conn.execute(CREDENTIALS, (learner_id,)):
        cred = _obj(row, _CREDENTIAL)
        cred.issuer = _org(cred.issuer_name, cred.issuer_kind)
        cred.skill_links = cred_links.get(cred.id, [])
        cred.recognitions = recognitions.get(cred.id, [])
        credentials.append(credential_record(cred))
    exp_links = _links(conn, "experience", learner_id)
    experiences = []
    for row in conn.execute(EXPERIENCES, (learner_id,)):
        exp = _obj(row, _EXPERIENCE)
        exp.organization = _org(exp.organization_name)
        exp.skill_links = exp_links.get(exp.id, [])
        experiences.append(experience_record(exp))
    claimed = tuple(
        ClaimedSkill(skill_id, label, category, SkillLevel(level), note)
        for skill_id, label, category, level, note in conn.execute(CLAIMED, (learner_id,))
    )
    return CvContent(learner, tuple(credentials), tuple(experiences), claimed)


def load_cv_content_fast(path: Path, learner_name: str) -> CvContent:
    """The CV content of the learner `learner_name` names (matched as `find_learner` does)."""

    def read(conn: sqlite3.Connection) -> CvContent:
        learner = pick_learner(list_learners_fast(conn), learner_name)
        return read_cv_content(conn, learner.id)

    return snapshot(path, read)
