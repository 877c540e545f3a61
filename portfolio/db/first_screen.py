"""What the main window's first screen shows, read with stdlib sqlite3 (no ORM).

The learner switcher (every learner with a credential count, and the expired / expiring counts
beside the names) and the Profile page's record, as the same frozen records the services return
(`services.learners.list_learners`, `find_learner`, `get_learner`, `services.expiry
.expiry_counts`); the SQL is here, the rules (learner name matching, the expiry window) are the
services' own light modules. `tests/db/test_first_screen.py` checks both agree.

Like `portfolio.db.cv_read` (whose statements it reuses), only for a file that passed
`portfolio.db.open.inspect_file` and is at the head revision; it never writes.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from portfolio.dates import PartialDate
from portfolio.db.cv_read import connect, list_learners_fast, read_learner
from portfolio.services.expiry_rules import ExpiryCount, tally, watch_item
from portfolio.services.learner_names import pick_learner
from portfolio.services.records import LearnerRecord, LearnerSummary

# Every credential with an expiry date, with its issuer's name (services.expiry.expiry_watch).
EXPIRING = """
SELECT c.id, c.learner_id, c.title, coalesce(o.name, ''), c.expiry_date
FROM credential AS c LEFT JOIN organization AS o ON o.id = c.issuer_id
WHERE c.expiry_date IS NOT NULL"""


def expiry_counts_fast(
    conn: sqlite3.Connection, today: dt.date | None = None
) -> dict[int, ExpiryCount]:
    """learner id -> expired / expiring counts, as `services.expiry.expiry_counts`."""
    today = today or dt.date.today()
    items = (
        watch_item(cred_id, owner, title, issuer, PartialDate.parse(str(expiry)), today)
        for cred_id, owner, title, issuer, expiry in conn.execute(EXPIRING)
    )
    return tally(item for item in items if item is not None)


@dataclass(frozen=True)
class FirstScreen:
    """The switcher's contents, the learner to show, and that learner's profile."""

    learners: tuple[LearnerSummary, ...]
    expiring: dict[int, ExpiryCount]
    learner: LearnerRecord | None  # None when the portfolio has no learner


def read_first_screen(
    conn: sqlite3.Connection, *, learner_name: str | None = None, learner_id: int | None = None
) -> FirstScreen:
    """`learner_name` is matched as `find_learner` does (NotFound / UserError if it matches
    none or several); otherwise `learner_id` if it still exists, else the first learner."""
    learners = tuple(list_learners_fast(conn))
    if learner_name:
        chosen: int | None = pick_learner(learners, learner_name).id
    elif learner_id is not None and any(x.id == learner_id for x in learners):
        chosen = learner_id
    else:
        chosen = learners[0].id if learners else None
    record = None if chosen is None else read_learner(conn, chosen)
    return FirstScreen(learners, expiry_counts_fast(conn), record)


def load_first_screen(
    path: Path, *, learner_name: str | None = None, learner_id: int | None = None
) -> FirstScreen:
    """`read_first_screen` in one read snapshot of the file at `path`."""
    from portfolio.db.lock import friendly_error

    try:
        conn = connect(path)
        try:
            conn.execute("BEGIN")
            return read_first_screen(conn, learner_name=learner_name, learner_id=learner_id)
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        friendly = friendly_error(exc, path)
        if friendly is None:
            raise
        raise friendly from None
