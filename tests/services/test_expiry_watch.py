"""Expiry watch: expired, or expiring within 90 days (inclusive), with an injected today."""

from __future__ import annotations

import datetime as dt

from portfolio.dates import PartialDate
from portfolio.models import CredentialKind
from portfolio.services import credentials, learners
from portfolio.services.expiry import expiry_flags, expiry_watch, learners_with_expiring
from portfolio.services.records import CredentialInput, LearnerInput

TODAY = dt.date(2026, 3, 1)


def _learner_with_expiries(db, days: dict[str, int | None]) -> int:
    with db.session() as s:
        learner = learners.create_learner(s, LearnerInput(name="Expiry Tester"))
        for title, offset in days.items():
            expiry = (
                PartialDate.from_date(TODAY + dt.timedelta(days=offset))
                if offset is not None
                else None
            )
            credentials.create_credential(
                s,
                learner,
                CredentialInput(
                    title=title,
                    kind=CredentialKind.PROFESSIONAL_CERTIFICATION,
                    end_date=PartialDate(2020),
                    expiry_date=expiry,
                ),
            )
    return learner


def test_window_is_ninety_days_inclusive_and_expired_ones_come_first(db) -> None:
    learner = _learner_with_expiries(
        db,
        {"In 89": 89, "In 90": 90, "In 91": 91, "Yesterday": -1, "Today": 0, "Never": None},
    )
    with db.read_session() as s:
        items = expiry_watch(s, learner, TODAY)
    assert [i.title for i in items] == ["Yesterday", "Today", "In 89", "In 90"]
    assert items[0].expired and items[0].days_left == -1
    assert items[0].describe().startswith("expired")
    assert items[1].describe() == "expires today"
    assert items[3].describe() == "expires 30 May 2026 (in 90 days)"


def test_a_month_precision_expiry_counts_from_the_last_day_of_the_month(db) -> None:
    with db.session() as s:
        learner = learners.create_learner(s, LearnerInput(name="Month Only"))
        credentials.create_credential(
            s,
            learner,
            CredentialInput(
                title="Ends in May",
                kind=CredentialKind.LICENCE,
                end_date=PartialDate(2024),
                expiry_date=PartialDate(2026, 5),
            ),
        )
    with db.read_session() as s:
        # "May 2026" runs to 31 May: 91 days after 1 March, 90 days after 2 March.
        assert expiry_watch(s, learner, TODAY) == []
        [item] = expiry_watch(s, learner, TODAY + dt.timedelta(days=1))
        assert item.days_left == 90


def test_flags_for_other_views_and_counts_per_learner(demo_db) -> None:
    with demo_db.read_session() as s:
        sam = learners.find_learner(s, "Samantha Kolb").id
        flags = expiry_flags(s, sam, dt.date(2026, 11, 29))
        counts = learners_with_expiring(s, dt.date(2026, 11, 29))
    assert sorted(flags.values()) == [
        "expired 10 May 2025 (568 days ago)",
        "expires 15 Dec 2026 (in 16 days)",
    ]
    assert counts == {sam: 2}
