"""Dates of record known to the year, the month or the day (R1: "den    maj 2014").

A `PartialDate` is stored as its ISO text: "2014", "2014-05" or "2014-05-12". Those strings sort
correctly as text (a shorter prefix sorts before every day inside it), so the database orders and
compares them without help: a year or a month counts as beginning on its first day. Nothing here
ever invents the missing parts; they are shown as they were given.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from enum import StrEnum

from django.utils import formats
from django.utils.translation import gettext_lazy as _

_ISO = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")


class Precision(StrEnum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"


class InvalidPartialDate(ValueError):
    """The text is not a year, a year and month, or a whole date."""


@dataclass(frozen=True, order=False)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise InvalidPartialDate(_("The year must be between 1 and 9999."))
        if self.month is None and self.day is not None:
            raise InvalidPartialDate(_("A day needs a month."))
        if self.month is not None and not 1 <= self.month <= 12:
            raise InvalidPartialDate(_("The month must be between 1 and 12."))
        if self.day is not None:
            assert self.month is not None
            if not 1 <= self.day <= calendar.monthrange(self.year, self.month)[1]:
                raise InvalidPartialDate(_("That day does not exist in that month."))

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        match = _ISO.match(text.strip())
        if not match:
            raise InvalidPartialDate(
                _("Write a year (2014), a year and month (2014-05) or a date (2014-05-12).")
            )
        month = match["month"]
        day = match["day"]
        return cls(int(match["year"]), int(month) if month else None, int(day) if day else None)

    @classmethod
    def from_date(cls, value: datetime.date) -> PartialDate:
        return cls(value.year, value.month, value.day)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> datetime.date:
        if self.day is not None:
            assert self.month is not None
            return datetime.date(self.year, self.month, self.day)
        month = self.month or 12
        return datetime.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def isoformat(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def display(self) -> str:
        """The date in the active language, at its own precision ("maj 2014", "May 2014")."""
        if self.precision is Precision.DAY:
            return formats.date_format(self.first_day(), "DATE_FORMAT")
        if self.precision is Precision.MONTH:
            return formats.date_format(self.first_day(), "YEAR_MONTH_FORMAT")
        return str(self.year)

    def __str__(self) -> str:
        return self.isoformat()

    # Order as the database does: by the ISO text.
    def __lt__(self, other: PartialDate) -> bool:
        return self.isoformat() < other.isoformat()

    def __le__(self, other: PartialDate) -> bool:
        return self.isoformat() <= other.isoformat()

    def __gt__(self, other: PartialDate) -> bool:
        return self.isoformat() > other.isoformat()

    def __ge__(self, other: PartialDate) -> bool:
        return self.isoformat() >= other.isoformat()
