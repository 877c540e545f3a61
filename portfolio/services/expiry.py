"""Expiry watch: credentials that have expired or expire within 90 days.

The window is EXPIRY_WARNING_DAYS (records.py): a credential expiring exactly 90 days from today
is on the list, one expiring in 91 days is not. A partial expiry ("2026-12") counts from the last
day it could mean, as everywhere else in the app.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portfolio.models import Credential, Organization
from portfolio.services.expiry_rules import ExpiryCount as ExpiryCount
from portfolio.services.expiry_rules import ExpiryItem, tally, watch_item


def expiry_watch(
    session: Session, learner_id: int | None = None, today: dt.date | None = None
) -> list[ExpiryItem]:
    """Expired and soon-to-expire credentials (of one learner, or everyone), soonest first.

    Expired credentials come first (most recently expired first), then those still valid.
    """
    today = today or dt.date.today()
    query = (
        select(
            Credential.id,
            Credential.learner_id,
            Credential.title,
            func.coalesce(Organization.name, ""),
            Credential.expiry_date,
        )
        .outerjoin(Organization, Organization.id == Credential.issuer_id)
        .where(Credential.expiry_date.is_not(None))
    )
    if learner_id is not None:
        query = query.where(Credential.learner_id == learner_id)
    items = []
    for cred_id, owner, title, issuer, expiry in session.execute(query):
        item = watch_item(cred_id, owner, title, issuer, expiry, today)
        if item is not None:
            items.append(item)
    items.sort(key=lambda i: (not i.expired, i.days_left if not i.expired else -i.days_left))
    return items


def expiry_flags(session: Session, learner_id: int, today: dt.date | None = None) -> dict[int, str]:
    """credential id -> a short flag ("expired 10 May 2025", "expires … (in 16 days)"), for
    credential lists, CV previews and anywhere else a credential is shown."""
    return {
        item.credential_id: item.describe() for item in expiry_watch(session, learner_id, today)
    }


def learners_with_expiring(session: Session, today: dt.date | None = None) -> dict[int, int]:
    """learner id -> number of expired or soon-expiring credentials (for the learner list)."""
    counts: dict[int, int] = {}
    for item in expiry_watch(session, None, today):
        counts[item.learner_id] = counts.get(item.learner_id, 0) + 1
    return counts


def expiry_counts(session: Session, today: dt.date | None = None) -> dict[int, ExpiryCount]:
    """learner id -> expired / expiring counts, for learner lists (the switcher, `learners`).

    The same rule as `expiry_watch` and the Credentials page: expired once the last day the
    expiry could mean has passed; expiring when that day is within the next 90 days.
    """
    return tally(expiry_watch(session, None, today))
