"""Calendar arithmetic that contracts use."""

import datetime

from dateutil.relativedelta import relativedelta


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus whole calendar months; a day the target month lacks falls to its last day.

    30 November 2026 plus three months is 28 February 2027 (R9 of the brief).
    """
    return day + relativedelta(months=months)
