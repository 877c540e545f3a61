"""The expiry rule and the per-learner tally, without the ORM (shared by the services and the
stdlib first-screen reader, `portfolio.db.first_screen`).

A credential is on the watch list once the last day its expiry could mean ("2026-12" -> 31 Dec)
is within EXPIRY_WARNING_DAYS of today; it has expired once that day has passed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from portfolio.dates import PartialDate
from portfolio.services.records import EXPIRY_WARNING_DAYS


@dataclass(frozen=True)
class ExpiryItem:
    credential_id: int
    learner_id: int
    title: str
    issuer: str
    expiry_date: PartialDate
    days_left: int  # negative once expired

    @property
    def expired(self) -> bool:
        return self.days_left < 0

    def describe(self) -> str:
        if self.expired:
            days = -self.days_left
            return f"expired {self.expiry_date.display()} ({days} day{'s' * (days != 1)} ago)"
        if self.days_left == 0:
            return "expires today"
        days = self.days_left
        return f"expires {self.expiry_date.display()} (in {days} day{'s' * (days != 1)})"


def watch_item(
    credential_id: int,
    learner_id: int,
    title: str,
    issuer: str,
    expiry: PartialDate | None,
    today: dt.date,
) -> ExpiryItem | None:
    """The credential as an ExpiryItem if it has expired or expires within the window."""
    if expiry is None:
        return None
    last = expiry.last_day()
    if last > today + dt.timedelta(days=EXPIRY_WARNING_DAYS):
        return None
    return ExpiryItem(credential_id, learner_id, title, issuer, expiry, (last - today).days)


@dataclass(frozen=True)
class ExpiryCount:
    """How many of one learner's credentials have expired, and how many expire within 90 days."""

    expired: int = 0
    expiring: int = 0

    @property
    def total(self) -> int:
        return self.expired + self.expiring

    def describe(self) -> str:
        """ "1 expired, 2 expiring" (only the parts that are not zero), or ""."""
        parts = []
        if self.expired:
            parts.append(f"{self.expired} expired")
        if self.expiring:
            parts.append(f"{self.expiring} expiring")
        return ", ".join(parts)


def tally(items: Iterable[ExpiryItem]) -> dict[int, ExpiryCount]:
    """learner id -> expired / expiring counts."""
    counts: dict[int, ExpiryCount] = {}
    for item in items:
        old = counts.get(item.learner_id, ExpiryCount())
        counts[item.learner_id] = (
            ExpiryCount(old.expired + 1, old.expiring)
            if item.expired
            else ExpiryCount(old.expired, old.expiring + 1)
        )
    return counts
