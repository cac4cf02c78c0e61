import datetime

import pytest
from django.utils import translation

from samverkan.lib.calendar_months import add_months
from samverkan.lib.partial_dates import InvalidPartialDate, PartialDate, Precision


@pytest.mark.parametrize(
    ("text", "precision", "first", "last"),
    [
        ("2014", Precision.YEAR, datetime.date(2014, 1, 1), datetime.date(2014, 12, 31)),
        ("2014-05", Precision.MONTH, datetime.date(2014, 5, 1), datetime.date(2014, 5, 31)),
        ("2024-02", Precision.MONTH, datetime.date(2024, 2, 1), datetime.date(2024, 2, 29)),
        ("2014-05-12", Precision.DAY, datetime.date(2014, 5, 12), datetime.date(2014, 5, 12)),
    ],
)
def test_a_partial_date_keeps_its_precision(text, precision, first, last):
    value = PartialDate.parse(text)
    assert value.precision is precision
    assert value.isoformat() == text
    assert value.first_day() == first
    assert value.last_day() == last


@pytest.mark.parametrize("text", ["", "maj", "14", "2014-13", "2014-02-30", "2014-5", "2014-05-1x"])
def test_malformed_dates_are_refused(text):
    with pytest.raises(InvalidPartialDate):
        PartialDate.parse(text)


def test_the_month_is_shown_without_inventing_a_day():
    value = PartialDate.parse("2014-05")
    with translation.override("sv"):
        assert value.display() == "maj 2014"
    with translation.override("en"):
        assert value.display() == "May 2014"
    assert PartialDate.parse("2014").display() == "2014"


def test_partial_dates_sort_as_their_text_does():
    values = [PartialDate.parse(t) for t in ["2014-05-12", "2015", "2014", "2014-05", "2013-12-31"]]
    assert [v.isoformat() for v in sorted(values)] == [
        "2013-12-31",
        "2014",
        "2014-05",
        "2014-05-12",
        "2015",
    ]


@pytest.mark.parametrize(
    ("given", "ends"),
    [
        (datetime.date(2026, 11, 30), datetime.date(2027, 2, 28)),
        (datetime.date(2027, 11, 30), datetime.date(2028, 2, 29)),
        (datetime.date(2026, 1, 15), datetime.date(2026, 4, 15)),
        (datetime.date(2026, 12, 31), datetime.date(2027, 3, 31)),
    ],
)
def test_three_calendar_months_fall_to_the_last_day_of_a_short_month(given, ends):
    assert add_months(given, 3) == ends


def test_whole_months_are_dateutils_months_back_and_forth():
    """add_months gives the day relativedelta(months=n) gives, for every day of four years
    (two leap days) and steps from −30 to +30 months."""
    from dateutil.relativedelta import relativedelta

    day = datetime.date(2023, 1, 1)
    while day < datetime.date(2027, 1, 1):
        for months in range(-30, 31, 7):
            assert add_months(day, months) == day + relativedelta(months=months), (day, months)
        day += datetime.timedelta(days=1)
