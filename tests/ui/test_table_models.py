"""Table models: Qt's model tester, real date sorting, cheap filtering, stacked grouping."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt

from portfolio.dates import PartialDate
from portfolio.models.base import CredentialKind, CredentialStatus, ExperienceKind
from portfolio.services.records import CredentialRow, ExperienceRow
from portfolio.ui.table_models import (
    CredentialTableModel,
    ExperienceTableModel,
    IdRole,
    SearchProxy,
    SortRole,
)

TODAY = dt.date(2026, 1, 15)


def cred(id: int, title: str = "Course", **kw) -> CredentialRow:  # type: ignore[no-untyped-def]
    values = dict(
        id=id, title=title, kind=CredentialKind.COURSE, issuer="", start_date=None,
        end_date=None, expiry_date=None, status=CredentialStatus.COMPLETED, credit_value=None,
        credit_unit=None, skills="", stacks_into_id=None,
    )  # fmt: skip
    values.update(kw)
    return CredentialRow(**values)  # type: ignore[arg-type]


def proxy_for(rows: list[CredentialRow]) -> tuple[CredentialTableModel, SearchProxy]:
    model = CredentialTableModel(today=TODAY)
    model.set_grouped(False)
    model.set_rows(rows)
    proxy = SearchProxy()
    proxy.setSourceModel(model)
    return model, proxy


def titles(proxy: SearchProxy) -> list[str]:
    return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]


def test_models_pass_qt_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model, proxy = proxy_for(
        [cred(1, "A", end_date=PartialDate(2020)), cred(2, "B", stacks_into_id=1)]
    )
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)
    experience = ExperienceTableModel()
    experience.set_rows(
        [
            ExperienceRow(
                1, "Analyst", "Acme", ExperienceKind.WORK, PartialDate(2020), None, True, ""
            )
        ]
    )
    qtmodeltester.check(experience)


def test_dates_sort_as_dates_not_as_text() -> None:
    _model, proxy = proxy_for(
        [
            cred(1, "Sep 2017", end_date=PartialDate(2017, 9)),
            cred(2, "2016", end_date=PartialDate(2016)),
            cred(3, "14 Feb 2018", end_date=PartialDate(2018, 2, 14)),
            cred(4, "Dec 2017", end_date=PartialDate(2017, 12)),
        ]
    )
    proxy.sort(CredentialTableModel.DATE, Qt.SortOrder.AscendingOrder)
    assert titles(proxy) == ["2016", "Sep 2017", "Dec 2017", "14 Feb 2018"]
    proxy.sort(CredentialTableModel.DATE, Qt.SortOrder.DescendingOrder)
    assert titles(proxy) == ["14 Feb 2018", "Dec 2017", "Sep 2017", "2016"]
    # The sort role carries a native value (a date ordinal), not display text.
    assert isinstance(proxy.index(0, CredentialTableModel.DATE).data(SortRole), int)


def test_search_matches_title_issuer_and_skills_ignoring_case_and_accents() -> None:
    _model, proxy = proxy_for(
        [
            cred(1, "Résumé writing"),
            cred(2, "Azure", issuer="Microsoft"),
            cred(3, "Bootcamp", skills="Branding, Marketing analytics"),
        ]
    )
    proxy.set_search("resume")
    assert titles(proxy) == ["Résumé writing"]
    proxy.set_search("MICROSOFT")
    assert titles(proxy) == ["Azure"]
    proxy.set_search("marketing branding")
    assert titles(proxy) == ["Bootcamp"]
    proxy.set_search("")
    assert proxy.rowCount() == 3


def test_status_reflects_expiry_and_progress() -> None:
    model, _proxy = proxy_for(
        [
            cred(1, "Old", expiry_date=PartialDate(2025, 3)),
            cred(2, "Soon", expiry_date=PartialDate(2026, 2, 20)),
            cred(3, "Ongoing", status=CredentialStatus.IN_PROGRESS),
            cred(4, "Done"),
        ]
    )
    status = {model.row_at(i).title: model.status_of(i) for i in range(4)}
    assert status == {
        "Old": "expired",
        "Soon": "expiring",
        "Ongoing": "in_progress",
        "Done": "completed",
    }
    row = model.row_of_id(1)
    assert model.index(row, CredentialTableModel.STATUS).data() == "Expired Mar 2025"
    assert model.index(row, CredentialTableModel.STATUS).data(Qt.ItemDataRole.ForegroundRole)


def test_stacked_credentials_follow_what_they_stack_into() -> None:
    model = CredentialTableModel(today=TODAY)
    model.set_rows(
        [
            cred(1, "BA Communication", end_date=PartialDate(2019)),
            cred(2, "Micro-course A", end_date=PartialDate(2023), stacks_into_id=1),
            cred(3, "Unrelated", end_date=PartialDate(2021)),
            cred(4, "Micro-course B", end_date=PartialDate(2024), stacks_into_id=1),
        ]
    )
    model.sort(CredentialTableModel.DATE, Qt.SortOrder.DescendingOrder)
    shown = [model.index(r, 0).data() for r in range(4)]
    assert shown == ["Unrelated", "BA Communication", "   ↳ Micro-course B", "   ↳ Micro-course A"]
    assert model.index(2, 0).data(IdRole) == 4
    model.set_grouped(False)
    assert next(model.index(r, 0).data() for r in range(4)) == "Micro-course B"


def test_status_key_fast_path_agrees_with_the_rule() -> None:
    """Rows without an expiry skip the date rule; every status x expiry gives the rule's answer."""
    import datetime as dt

    from portfolio.ui.table_models import _status_key

    today = dt.date(2026, 2, 1)

    def by_the_rule(row: CredentialRow) -> str:
        status = row.effective_status(today)
        if status == CredentialStatus.EXPIRED:
            return "expired"
        if row.expiring_soon(today):
            return "expiring"
        return "in_progress" if status == CredentialStatus.IN_PROGRESS else "completed"

    expiries = [None, PartialDate(2025, 3), PartialDate(2026, 2, 20), PartialDate(2030)]
    rows = [
        cred(i, status=status, expiry_date=expiry)
        for i, (status, expiry) in enumerate((s, e) for s in CredentialStatus for e in expiries)
    ]
    assert {_status_key(row, today) for row in rows} == {
        "expired", "expiring", "in_progress", "completed"
    }  # fmt: skip
    for row in rows:
        assert _status_key(row, today) == by_the_rule(row), row


_WORDS = ["data", "dat", "a", "analytics", "anal", "ethics", "é", "e", "10", "1"]


@settings(max_examples=60, deadline=None)
@given(
    texts=st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4).map(" ".join),
    titles_=st.lists(
        st.lists(st.sampled_from([*_WORDS, "course", "Données"]), max_size=4).map(" ".join),
        min_size=1,
        max_size=30,
    ),
    kind_only=st.booleans(),
)
def test_typing_on_narrows_to_exactly_what_a_fresh_search_finds(
    texts: str, titles_: list[str], kind_only: bool
) -> None:
    """Each prefix of the query (typing on), then backspacing, shows what a new search would."""
    rows = [cred(i, t, kind=list(CredentialKind)[i % 3]) for i, t in enumerate(titles_)]
    _model, proxy = proxy_for(rows)  # (the model must stay alive while its proxy is used)
    if kind_only:
        proxy.set_row_filter(lambda row: row.kind == CredentialKind.COURSE)
    typed = [texts[:i] for i in range(len(texts) + 1)]
    for query in typed + typed[::-1]:
        proxy.set_search(query)
        _fresh_model, fresh = proxy_for(rows)
        if kind_only:
            fresh.set_row_filter(lambda row: row.kind == CredentialKind.COURSE)
        fresh.set_search(query)
        assert titles(proxy) == titles(fresh), query
