import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portfolio.dates import PartialDate, Precision, parse_field
from portfolio.errors import ValidationError


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    day = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)))
    precision = draw(st.sampled_from(list(Precision)))
    if precision is Precision.YEAR:
        return PartialDate(day.year)
    if precision is Precision.MONTH:
        return PartialDate(day.year, day.month)
    return PartialDate(day.year, day.month, day.day)


@given(partial_dates())
def test_iso_and_display_round_trip_keep_precision(value: PartialDate) -> None:
    assert PartialDate.parse(value.iso()) == value
    assert PartialDate.parse(value.display()) == value
    assert PartialDate.parse(value.iso()).precision == value.precision


@given(partial_dates(), partial_dates())
def test_text_order_is_date_order(a: PartialDate, b: PartialDate) -> None:
    if a.first_day() < b.first_day():
        assert a.iso() < b.iso()


@given(partial_dates())
def test_first_and_last_day_bound_the_period(value: PartialDate) -> None:
    assert value.first_day() <= value.last_day()
    assert PartialDate.from_date(value.first_day()).year == value.year


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2016", PartialDate(2016)),
        ("Sept 2017", PartialDate(2017, 9)),
        ("September 2017", PartialDate(2017, 9)),
        ("Mar 2021", PartialDate(2021, 3)),
        ("14 Sep 2017", PartialDate(2017, 9, 14)),
        ("Sep 14, 2017", PartialDate(2017, 9, 14)),
        ("09/2017", PartialDate(2017, 9)),
        ("2021-03-04T10:00:00Z", PartialDate(2021, 3, 4)),
        (" 2017-09 ", PartialDate(2017, 9)),
    ],
)
def test_parses_how_people_write_dates(text: str, expected: PartialDate) -> None:
    assert PartialDate.parse(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2021-02-30", "has no day 30"),
        ("2021-13", "month 13 does not exist"),
        ("Smarch 2020", "not a month name"),
        ("yesterday", "is not a date"),
        ("0999", "outside"),
        ("", "empty"),
    ],
)
def test_impossible_dates_are_refused_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        PartialDate.parse(text)


def test_a_bad_date_in_a_field_names_the_field() -> None:
    with pytest.raises(ValidationError) as info:
        parse_field("expiry_date", "Expiry", "2021-02-30")
    assert info.value.problems[0].field == "expiry_date"
    assert str(info.value).startswith("Expiry:")
    assert parse_field("expiry_date", "Expiry", "  ") is None
