"""Partial dates: CVs say "2016", "Sept 2017" or "14 Sep 2017".

A `PartialDate` keeps the precision it was given. It is stored as reduced-precision ISO 8601
("2016", "2017-09", "2017-09-14"), which also sorts correctly as text.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from portfolio.errors import FieldProblem, ValidationError


class Precision(StrEnum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"


_MONTHS = {
    name.lower(): index
    for index in range(1, 13)
    for name in (calendar.month_name[index], calendar.month_abbr[index])
}
_MONTHS["sept"] = 9
_MONTH_ABBR = [""] + [calendar.month_abbr[i] for i in range(1, 13)]

MIN_YEAR = 1900
MAX_YEAR = 2200

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_MONTH_YEAR = re.compile(r"^([A-Za-z]+)\.?,?\s+(\d{4})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})$")
_MONTH_DAY_YEAR = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
_NUMERIC_MONTH_YEAR = re.compile(r"^(\d{1,2})/(\d{4})$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise ValueError(f"year {self.year} is outside {MIN_YEAR}–{MAX_YEAR}")
        if self.month is None and self.day is not None:
            raise ValueError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} does not exist")
        if self.day is not None:
            assert self.month is not None
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise ValueError(f"{_MONTH_ABBR[self.month]} {self.year} has no day {self.day}")

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    def iso(self) -> str:
        """Reduced-precision ISO 8601: "2016", "2017-09" or "2017-09-14"."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def display(self) -> str:
        """How a CV prints it: "2016", "Sep 2017", "14 Sep 2017"."""
        if self.month is None:
            return str(self.year)
        if self.day is None:
            return f"{_MONTH_ABBR[self.month]} {self.year}"
        return f"{self.day} {_MONTH_ABBR[self.month]} {self.year}"

    def first_day(self) -> _dt.date:
        return _dt.date(self.year, self.month or 1, self.day or 1)

    @cached_property
    def first_ordinal(self) -> int:
        """first_day() as a proleptic ordinal, computed once per object (big tables sort on it;
        the stdlib readers share one object per stored date)."""
        return self.first_day().toordinal()

    def last_day(self) -> _dt.date:
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return _dt.date(self.year, month, day)

    def __str__(self) -> str:
        return self.iso()

    @classmethod
    def from_date(cls, value: _dt.date) -> PartialDate:
        return cls(value.year, value.month, value.day)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read a date as people write it; raise ValueError with a readable reason.

        Accepts "2016", "2017-09", "2017-09-14", "Sep 2017", "Sept 2017", "September 2017",
        "14 Sep 2017", "Sep 14, 2017", "09/2017" and an ISO timestamp ("2021-03-04T10:00:00Z",
        whose date part is kept).
        """
        raw = text.strip()
        if not raw:
            raise ValueError("the date is empty")
        if "T" in raw and _ISO.match(raw.split("T", 1)[0]):
            raw = raw.split("T", 1)[0]
        if m := _ISO.match(raw):
            year, month, day = m.groups()
            return cls(int(year), int(month) if month else None, int(day) if day else None)
        if m := _MONTH_YEAR.match(raw):
            return cls(int(m.group(2)), _month(m.group(1)))
        if m := _DAY_MONTH_YEAR.match(raw):
            return cls(int(m.group(3)), _month(m.group(2)), int(m.group(1)))
        if m := _MONTH_DAY_YEAR.match(raw):
            return cls(int(m.group(3)), _month(m.group(1)), int(m.group(2)))
        if m := _NUMERIC_MONTH_YEAR.match(raw):
            return cls(int(m.group(2)), int(m.group(1)))
        raise ValueError(f"“{text.strip()[:40]}” is not a date (try 2016, Sep 2017 or 2017-09-14)")


def _month(name: str) -> int:
    try:
        return _MONTHS[name.lower()]
    except KeyError:
        raise ValueError(f"“{name}” is not a month name") from None


def parse_field(field: str, label: str, text: str | None) -> PartialDate | None:
    """Parse an optional date typed into `field`; a bad date raises ValidationError naming it."""
    if text is None or not text.strip():
        return None
    try:
        return PartialDate.parse(text)
    except ValueError as exc:
        raise ValidationError([FieldProblem(field, f"{label}: {exc}")]) from None


def today() -> _dt.date:
    """The current date (one place, so tests and features agree on "now")."""
    return _dt.date.today()
