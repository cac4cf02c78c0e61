"""A day of the year without its year ("03-01"), as a partnership's dialogue season is given."""

from __future__ import annotations

import calendar
import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_MONTH_DAY = re.compile(r"^(?P<month>\d{2})-(?P<day>\d{2})$")


def validate_month_day(value: str) -> None:
    """Refuse text that is not a month and a day of some year, written MM-DD."""
    match = _MONTH_DAY.match(value or "")
    if match:
        month, day = int(match["month"]), int(match["day"])
        # 29 February is a day of the year: in a common year it falls to the 28th.
        if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(2024, month)[1]:
            return
    raise ValidationError(
        _("Write a month and a day as MM-DD, for example 03-01 for 1 March."),
        code="invalid_month_day",
    )


def on_year(value: str, year: int) -> datetime.date:
    """The day `value` (MM-DD) of `year`; 29 February falls to the 28th in a common year."""
    month, day = (int(part) for part in value.split("-"))
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))
