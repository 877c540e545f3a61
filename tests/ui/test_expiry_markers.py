"""Expiry is flagged everywhere a learner or credential is shown, with one 90-day rule.

The learner switcher, Ctrl+K and the top bar carry a marker with the count; the Credentials page,
the expiry watch and the CV agree on which credentials are expired and which expire soon.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from portfolio.dates import PartialDate
from portfolio.db import Database
from portfolio.export.document import build_document
from portfolio.models import CredentialKind
from portfolio.services.credentials import create_credential, list_credentials
from portfolio.services.cv_content import load_cv_content
from portfolio.services.expiry import expiry_counts, expiry_watch
from portfolio.services.learners import create_learner
from portfolio.services.records import Changed, CredentialInput, Kind, LearnerInput
from portfolio.ui.dialogs.quick_switcher import QuickSwitcher
from portfolio.ui.table_models import CredentialTableModel

TODAY = dt.date.today()
TOOLTIP = Qt.ItemDataRole.ToolTipRole


def days(n: int) -> PartialDate:
    day = TODAY + dt.timedelta(days=n)
    return PartialDate(day.year, day.month, day.day)


def learner_with(db: Database, name: str, *expiries: PartialDate | None) -> int:
    with db.session() as s:
        who = create_learner(s, LearnerInput(name=name))
        for n, expiry in enumerate(expiries):
            create_credential(
                s,
                who,
                CredentialInput(
                    title=f"Cert {n}",
                    kind=CredentialKind.PROFESSIONAL_CERTIFICATION,
                    end_date=PartialDate(2020),
                    expiry_date=expiry,
                ),
            )
    return who


def test_the_switcher_marks_learners_with_expired_or_expiring_credentials(
    db: Database, make_window, qtbot
) -> None:  # type: ignore[no-untyped-def]
    flagged = learner_with(db, "Zoë Flagged", days(-3), days(30), days(400))
    calm = learner_with(db, "Calm Learner", days(91), None)
    window = make_window(db, learner="Zoë Flagged")
    combo = window.learner_combo
    row = combo.findData(flagged)
    assert combo.itemText(row) == "Zoë Flagged"  # the name stays the name
    assert not combo.itemIcon(row).isNull()
    assert combo.itemData(row, TOOLTIP) == "Zoë Flagged: 1 expired, 1 expiring within 90 days"
    calm_row = combo.findData(calm)
    assert combo.itemData(calm_row, TOOLTIP) is None
    # The current learner's count sits beside the switcher and opens the Credentials page.
    assert window.expiry_button.isVisible()
    assert window.expiry_button.text() == "1 expired, 1 expiring"
    window.expiry_button.click()
    assert window.sidebar.currentRow() == 1
    window.set_learner(calm)
    assert not window.expiry_button.isVisible()
    # A new credential that expires soon shows up as soon as it is saved.
    with db.session() as s:
        create_credential(
            s,
            calm,
            CredentialInput(title="Azure", kind=CredentialKind.CERTIFICATE, expiry_date=days(0)),
        )
    window.ctx.bus.changed.emit(Changed(calm, frozenset({Kind.CREDENTIAL})))
    assert window.expiry_button.isVisible() and window.expiry_button.text() == "1 expiring"
    assert "1 expiring" in combo.itemData(combo.findData(calm), TOOLTIP)


def test_ctrl_k_lists_the_count_beside_the_name(db: Database, make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    learner_with(db, "Zoë Flagged", days(10), days(89))
    learner_with(db, "Calm Learner")
    window = make_window(db, learner="Calm Learner")
    dialog = QuickSwitcher(window._learners, window, expiring=window._expiring)
    qtbot.addWidget(dialog)
    texts = {dialog.list.item(i).text() for i in range(dialog.list.count())}
    assert "Zoë Flagged  ·  2 credentials  ·  2 expiring" in texts
    assert "Calm Learner  ·  0 credentials" in texts
    dialog.query.setText("zoe")
    assert dialog.list.count() == 1 and not dialog.list.item(0).icon().isNull()


@pytest.mark.parametrize(
    ("offset", "watched", "expired", "page", "cv"),
    [
        (-400, True, True, "Expired", "Expired"),
        (-1, True, True, "Expired", "Expired"),
        (0, True, False, "Expires", "Valid until"),  # the last valid day
        (90, True, False, "Expires", "Valid until"),  # 90 days inclusive
        (91, False, False, "Valid until", "Valid until"),
    ],
)
def test_one_90_day_rule_for_the_watch_the_credentials_page_and_the_cv(
    db: Database, offset: int, watched: bool, expired: bool, page: str, cv: str
) -> None:
    who = learner_with(db, "Rule", days(offset))
    expiry = days(offset).display()
    with db.read_session() as s:
        items = expiry_watch(s, who, TODAY)
        counts = expiry_counts(s, TODAY)
        rows = list_credentials(s, who)
        content = load_cv_content(s, who)
    assert bool(items) == watched
    assert (items[0].expired if items else False) == expired
    assert (who in counts) == watched
    model = CredentialTableModel(today=TODAY)
    model.set_rows(rows)
    assert model.data(model.index(0, model.STATUS)) == f"{page} {expiry}"
    doc = build_document(content, today=TODAY)
    details = [d for group in doc.credentials for e in group.entries for d in e.details]
    assert f"{cv} {expiry}" in details


def test_a_partial_expiry_counts_from_its_last_day(db: Database) -> None:
    # "Expires in the month of today" is still valid today, whatever the day of the month.
    month = PartialDate(TODAY.year, TODAY.month)
    who = learner_with(db, "Month", month)
    with db.read_session() as s:
        (item,) = expiry_watch(s, who, TODAY)
        content = load_cv_content(s, who)
    assert not item.expired
    details = build_document(content, today=TODAY).credentials[0].entries[0].details
    assert f"Valid until {month.display()}" in details
    assert item.describe().startswith("expires")
