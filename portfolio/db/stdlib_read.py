"""Reading a portfolio with stdlib sqlite3 alone: the connection, one snapshot, the learners.

Importing SQLAlchemy's ORM and mapping the models takes about half a second, longer than a
plain `export-cv` renders and longer than the desktop app needs to paint its first window. Those
two read paths (`portfolio.db.cv_read`, `portfolio.db.first_screen`) use this module instead:
the SQL is theirs, the rules and the records are the services' own, and tests check that both
paths return the same records.

Only for a file that passed `portfolio.db.open.inspect_file` and is at the head revision: it
trusts the schema and never writes (read-only URI connection and `PRAGMA query_only`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from portfolio.errors import NotFound
from portfolio.services.records import LanguageEntry, LearnerRecord, LearnerSummary, Link

T = TypeVar("T")

# Every learner with a credential count, in list order (services.learners.list_learners).
LEARNERS = """
SELECT l.id, l.name, l.headline, coalesce(n.count, 0)
FROM learner AS l
LEFT JOIN (SELECT learner_id, count(id) AS count FROM credential GROUP BY learner_id) AS n
       ON n.learner_id = l.id
ORDER BY lower(l.name), l.id"""

LEARNER = """
SELECT id, name, headline, email, phone, location, website, links, summary, cv_language
FROM learner WHERE id = ?"""

LANGUAGES = "SELECT language, fluency FROM learner_language WHERE learner_id = ? ORDER BY position"


def connect(path: Path) -> sqlite3.Connection:
    """A read-only connection (URI mode=ro, and query_only as a second guard)."""
    from portfolio.db.open import connect_readonly

    conn = connect_readonly(path)
    conn.isolation_level = None  # BEGIN/COMMIT are ours: one snapshot for the whole read
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA query_only = ON")
    return conn


def snapshot(path: Path, reader: Callable[[sqlite3.Connection], T]) -> T:
    """`reader(conn)` inside one read transaction of the file at `path`.

    SQLite's "locked" and "full" errors come back as the UserError the ORM path raises.
    """
    from portfolio.db.lock import friendly_error

    try:
        conn = connect(path)
        try:
            conn.execute("BEGIN")  # one snapshot, even if another connection saves meanwhile
            return reader(conn)
        finally:
            conn.close()  # ends the read transaction
    except sqlite3.OperationalError as exc:
        friendly = friendly_error(exc, path)
        if friendly is None:
            raise
        raise friendly from None


def list_learners_fast(conn: sqlite3.Connection) -> list[LearnerSummary]:
    """Every learner, as `services.learners.list_learners`."""
    return [LearnerSummary(*row) for row in conn.execute(LEARNERS)]


def read_learner(conn: sqlite3.Connection, learner_id: int) -> LearnerRecord:
    """The learner's profile, as `services.learners.get_learner` (NotFound if gone)."""
    row = conn.execute(LEARNER, (learner_id,)).fetchone()
    if row is None:
        raise NotFound(f"Learner #{learner_id} no longer exists.")
    return LearnerRecord(
        id=row["id"],
        name=row["name"],
        headline=row["headline"],
        email=row["email"],
        phone=row["phone"],
        location=row["location"],
        website=row["website"],
        links=tuple(
            Link(str(x.get("label", "")), str(x.get("url", ""))) for x in json.loads(row["links"])
        ),
        summary=row["summary"],
        cv_language=row["cv_language"],
        languages=tuple(LanguageEntry(*lang) for lang in conn.execute(LANGUAGES, (learner_id,))),
    )
