"""What the desktop app's first window shows, read with stdlib sqlite3 (no ORM).

Until the real database opens (right after the first paint, see `portfolio.db.lazy`), the
window reads through these functions: the learner switcher (every learner, and the expired /
expiring counts shown beside the names), the learner to open with, the Profile page's record
and the Credentials table's rows. Each returns exactly what its service returns
(`services.learners.list_learners` / `find_learner` / `get_learner`, `services.expiry
.expiry_counts`, `services.credentials.list_credentials`); the rules (name matching, the expiry
window) are the services' own light modules. `tests/db/test_first_screen.py` checks they agree.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from functools import lru_cache

from portfolio.dates import PartialDate
from portfolio.db.stdlib_read import list_learners_fast
from portfolio.enums import CredentialKind, CredentialStatus, CreditUnit, ExperienceKind
from portfolio.services.expiry_rules import ExpiryCount, tally, watch_item
from portfolio.services.learner_names import pick_learner
from portfolio.services.records import CredentialRow, ExperienceRow, LearnerSummary

# Every credential with an expiry date, with its issuer's name (services.expiry.expiry_watch).
EXPIRING = """
SELECT c.id, c.learner_id, c.title, coalesce(o.name, ''), c.expiry_date
FROM credential AS c LEFT JOIN organization AS o ON o.id = c.issuer_id
WHERE c.expiry_date IS NOT NULL"""

# A learner's credentials or experience with the organisation's name and the skill labels joined:
# the statements services.credentials.list_credentials and services.experience.list_experience
# make the ORM emit (so SQLite plans them, and orders each row's skill labels, the same way).
_ROWS = """
SELECT {columns}
FROM {owner}
LEFT OUTER JOIN organization ON organization.id = {owner}.{organization}
WHERE {owner}.learner_id = ? ORDER BY {owner}.position, {owner}.id"""
_LABELS = """coalesce((SELECT group_concat(skill.label, ', ')
          FROM {owner}_skill JOIN skill ON skill.id = {owner}_skill.skill_id
          WHERE {owner}_skill.{owner}_id = {owner}.id), '')"""

CREDENTIAL_ROWS = _ROWS.format(
    owner="credential",
    organization="issuer_id",
    columns="credential.id, credential.title, credential.kind, coalesce(organization.name, ''), "
    "credential.start_date, credential.end_date, credential.expiry_date, credential.status, "
    "credential.credit_value, credential.credit_unit, "
    + _LABELS.format(owner="credential")
    + ", credential.stacks_into_id, credential.verification_url",
)
EXPERIENCE_ROWS = _ROWS.format(
    owner="experience",
    organization="organization_id",
    columns="experience.id, experience.title, coalesce(organization.name, ''), experience.kind, "
    "experience.start_date, experience.end_date, experience.current, "
    + _LABELS.format(owner="experience"),
)


@lru_cache(maxsize=4096)
def _date(stored: str) -> PartialDate:
    """A stored date (reduced ISO text) as the ORM's column type reads it. A big portfolio holds
    few distinct dates, and PartialDate is immutable, so each is parsed once."""
    return PartialDate.parse(stored)


def expiry_counts_fast(
    conn: sqlite3.Connection, today: dt.date | None = None
) -> dict[int, ExpiryCount]:
    """learner id -> expired / expiring counts, as `services.expiry.expiry_counts`."""
    today = today or dt.date.today()
    items = (
        watch_item(cred_id, owner, title, issuer, _date(str(expiry)), today)
        for cred_id, owner, title, issuer, expiry in conn.execute(EXPIRING)
    )
    return tally(item for item in items if item is not None)


def read_switcher(conn: sqlite3.Connection) -> tuple[list[LearnerSummary], dict[int, ExpiryCount]]:
    """The learner switcher's contents: every learner, and their expiry counts."""
    return list_learners_fast(conn), expiry_counts_fast(conn)


def learner_id_named(conn: sqlite3.Connection, name: str) -> int:
    """The id of the learner `name` names, matched as `find_learner` does (NotFound otherwise)."""
    return pick_learner(list_learners_fast(conn), name).id


# Stored enum values back to members: a dict lookup is ~10x cheaper than calling the enum, which
# counts over 10,000 rows. (A value the enum does not know raises KeyError, not ValueError.)
_KINDS = {member.value: member for member in CredentialKind}
_STATUSES = {member.value: member for member in CredentialStatus}
_UNITS = {member.value: member for member in CreditUnit}
_EXPERIENCE_KINDS = {member.value: member for member in ExperienceKind}


def read_credential_rows(conn: sqlite3.Connection, learner_id: int) -> list[CredentialRow]:
    """The learner's credentials as the table's light rows, as `list_credentials`."""
    date, kinds, statuses, units = _date, _KINDS, _STATUSES, _UNITS
    return [
        CredentialRow(
            cred_id,
            title,
            kinds[kind],
            issuer,
            None if start is None else date(start),
            None if end is None else date(end),
            None if expiry is None else date(expiry),
            statuses[status],
            credit_value,
            None if credit_unit is None else units[credit_unit],
            skills,
            stacks_into_id,
            verification_url,
        )
        for (cred_id, title, kind, issuer, start, end, expiry, status, credit_value, credit_unit,
             skills, stacks_into_id, verification_url)
        in conn.execute(CREDENTIAL_ROWS, (learner_id,))
    ]  # fmt: skip


def read_experience_rows(conn: sqlite3.Connection, learner_id: int) -> list[ExperienceRow]:
    """The learner's experience as the table's light rows, as `list_experience`."""
    date, kinds = _date, _EXPERIENCE_KINDS
    return [
        ExperienceRow(
            exp_id,
            title,
            organization,
            kinds[kind],
            None if start is None else date(start),
            None if end is None else date(end),
            bool(current),
            skills,
        )
        for exp_id, title, organization, kind, start, end, current, skills
        in conn.execute(EXPERIENCE_ROWS, (learner_id,))
    ]  # fmt: skip
