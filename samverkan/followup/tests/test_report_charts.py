"""The annual report's SVG charts and its number formatting (no database needed)."""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils import translation

from samverkan.followup.report import charts
from samverkan.followup.report.data import Figures, Row, StatusCounts
from samverkan.followup.report.formatting import (
    MINUS,
    NO_BREAK_SPACE,
    NOTHING,
    change_percent,
    format_change,
    format_funding,
    format_funding_change,
    format_money,
    format_number,
    format_percent,
)

from .report_samples import AWKWARD_AREA, sample_report

SVG = "{http://www.w3.org/2000/svg}"


def _row(label, counts=(0, 0, 0, 0), previous=(0, 0, 0, 0), key="1"):
    return Row(
        key=key,
        label=label,
        counts=StatusCounts(*counts),
        figures=Figures(),
        previous_counts=StatusCounts(*previous),
        previous_figures=Figures(),
    )


def _parse(svg):
    return ET.fromstring(str(svg))  # noqa: S314 (our own output)


def _texts(root):
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def _bars(root, chart_id, series):
    """The bars of one series (their fill names its pattern), in drawing order."""
    fill = f"url(#{chart_id}-{series})"
    return [
        r
        for r in root.iter(f"{SVG}rect")
        if r.get("fill") == fill and r.get("y") != "8"  # y=8: the legend's swatch
    ]


# Status chart


def test_the_status_chart_is_an_image_labelled_by_its_title_and_description():
    rows = sample_report("en").by_area
    root = _parse(charts.status_chart(rows, title="Activities by area", chart_id="by-area"))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("viewBox").startswith("0 0 640 ")
    assert root.get("aria-labelledby") == "by-area-title by-area-desc"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert (title.get("id"), title.text) == ("by-area-title", "Activities by area")
    assert desc.get("id") == "by-area-desc"


def test_the_status_chart_stacks_each_rows_statuses_with_their_values():
    rows = [_row("Hållbar stad", (2, 3, 4, 1)), _row("Kompetens", (0, 1, 2, 0), key="2")]
    with translation.override("en"):
        root = _parse(charts.status_chart(rows, title="By area", chart_id="c"))
    texts = _texts(root)
    assert texts[:4] == ["Planned", "Ongoing", "Completed", "Cancelled"]  # the legend
    # Each row: its label, each segment's count, then its total.
    assert texts[4:] == ["Hållbar stad", "2", "3", "4", "1", "10", "Kompetens", "1", "2", "3"]
    widths = {
        status: [float(r.get("width")) for r in _bars(root, "c", status)]
        for status in ("planned", "ongoing", "completed", "cancelled")
    }
    # Widths in proportion to the counts; the longest bar fills the room there is.
    assert widths["planned"] == [pytest.approx(charts.BAR_ROOM * 2 / 10, abs=0.01)]
    assert widths["ongoing"] == [
        pytest.approx(charts.BAR_ROOM * 3 / 10, abs=0.01),
        pytest.approx(charts.BAR_ROOM * 1 / 10, abs=0.01),
    ]
    assert sum(w[0] for w in widths.values()) == pytest.approx(charts.BAR_ROOM, abs=0.05)
    # The segments of a row follow each other.
    first_row = [_bars(root, "c", s)[0] for s in ("planned", "ongoing", "completed")]
    for left, right in zip(first_row, first_row[1:], strict=False):
        end = float(left.get("x")) + float(left.get("width"))
        assert float(right.get("x")) == pytest.approx(end, abs=0.02)


def test_the_status_chart_speaks_the_language_asked_for():
    rows = [_row("Område", (1234, 0, 0, 0))]
    swedish = _texts(_parse(charts.status_chart(rows, title="t", chart_id="c", language="sv")))
    english = _texts(_parse(charts.status_chart(rows, title="t", chart_id="c", language="en")))
    assert "Planerad" in swedish and "Planned" in english
    assert f"1{NO_BREAK_SPACE}234" in swedish and "1,234" in english
    assert translation.get_language() == "sv"  # the caller's language is left as it was


def test_the_status_chart_describes_its_totals():
    rows = [_row("Hållbar stad", (2, 3, 4, 1)), _row("Kompetens", (0, 1, 2, 0), key="2")]
    with translation.override("en"):
        desc = _parse(charts.status_chart(rows, title="t", chart_id="c")).find(f"{SVG}desc").text
    assert desc.startswith("13 activities in all: 2 planned, 4 ongoing, 6 completed, 1 cancelled.")
    assert "The most: Hållbar stad, with 10." in desc


def test_labels_are_escaped_as_text_never_markup():
    rows = [_row(AWKWARD_AREA, (1, 0, 0, 0))]
    svg = str(charts.status_chart(rows, title="<b>Titel</b> & mer", chart_id="c"))
    assert "<script>" not in svg and "<b>" not in svg
    root = _parse(svg)
    assert not list(root.iter(f"{SVG}script")) and not list(root.iter("script"))
    assert root.find(f"{SVG}title").text == "<b>Titel</b> & mer"
    label = AWKWARD_AREA[: charts.MAX_LABEL - 1].rstrip() + "…"
    assert label.startswith("Digitalisering <script>")
    assert label in _texts(root)


def test_long_labels_are_shortened_and_an_empty_one_shown_as_a_dash():
    long_label = "Kompetensförsörjning och livslångt lärande i Stockholmsregionen"
    rows = [_row(long_label, (1, 0, 0, 0)), _row("", (1, 0, 0, 0), key="")]
    texts = _texts(_parse(charts.status_chart(rows, title="t", chart_id="c")))
    assert "Kompetensförsörjning och livs…" in texts
    assert all(len(t) <= charts.MAX_LABEL for t in texts[4:])
    assert "—" in texts


@pytest.mark.parametrize(
    "rows", [[], [_row("Tomt", (0, 0, 0, 0)), _row("Också tomt", (0, 0, 0, 0), key="2")]]
)
def test_no_activities_draws_a_clear_empty_state(rows):
    with translation.override("en"):
        root = _parse(charts.status_chart(rows, title="By area", chart_id="c"))
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "By area"
    assert root.find(f"{SVG}desc").text == "There are no activities to chart."
    assert _texts(root) == ["No activities"]
    assert not list(root.iter(f"{SVG}rect"))


def test_the_series_differ_by_pattern_not_only_by_colour():
    root = _parse(charts.status_chart(sample_report("sv").by_area, title="t", chart_id="c"))
    patterns = root.find(f"{SVG}defs").findall(f"{SVG}pattern")
    assert [p.get("id") for p in patterns] == [
        "c-planned",
        "c-ongoing",
        "c-completed",
        "c-cancelled",
    ]
    marks = [tuple((child.tag, child.get("d")) for child in p)[1:] for p in patterns]
    assert len(set(marks)) == 4  # solid, lines, dots, cross: each its own shape


def test_charts_refer_to_nothing_outside_themselves():
    report = sample_report("sv")
    for svg in (
        charts.status_chart(report.by_area, title="t", chart_id="one"),
        charts.year_over_year_chart(report.by_kind, title="t", chart_id="two", year=2025),
    ):
        text = str(svg)
        assert "href" not in text and "<image" not in text and "<script" not in text
        root = _parse(text)
        ids = {element.get("id") for element in root.iter() if element.get("id")}
        referred = set(re.findall(r"url\(#([^)]+)\)", text))
        assert referred and referred <= ids


def test_two_charts_on_one_page_have_distinct_ids():
    report = sample_report("sv")
    one = _parse(charts.status_chart(report.by_area, title="t", chart_id="area"))
    two = _parse(charts.status_chart(report.by_kind, title="t", chart_id="kind"))
    ids_one = {e.get("id") for e in one.iter() if e.get("id")}
    ids_two = {e.get("id") for e in two.iter() if e.get("id")}
    assert ids_one and ids_two and not ids_one & ids_two


@pytest.mark.parametrize("chart_id", ["", "1abc", 'a" onload="x', "a b"])
def test_a_chart_id_that_is_no_plain_identifier_is_refused(chart_id):
    with pytest.raises(ValueError):
        charts.status_chart([_row("x", (1, 0, 0, 0))], title="t", chart_id=chart_id)


# Year over year


def test_the_year_over_year_chart_draws_this_year_beside_the_last():
    rows = [_row("Gästföreläsning", (2, 1, 2, 1), (1, 1, 2, 1)), _row("Ny", (1, 1, 0, 0), key="2")]
    root = _parse(charts.year_over_year_chart(rows, title="Jämfört", chart_id="y", year=2025))
    assert root.get("aria-labelledby") == "y-title y-desc"
    texts = _texts(root)
    assert texts == ["2025", "2024", "Gästföreläsning", "6", "5", "Ny", "2", "0"]
    current = [float(r.get("width")) for r in _bars(root, "y", "current")]
    previous = [float(r.get("width")) for r in _bars(root, "y", "previous")]
    assert current == [
        pytest.approx(charts.BAR_ROOM, abs=0.01),
        pytest.approx(charts.BAR_ROOM / 3, abs=0.01),
    ]
    assert previous == [
        pytest.approx(charts.BAR_ROOM * 5 / 6, abs=0.01)
    ]  # no bar for nothing last year


def test_the_year_over_year_chart_names_the_years_or_says_this_and_previous():
    rows = [_row("A", (1, 0, 0, 0), (2, 0, 0, 0))]
    with translation.override("en"):
        root = _parse(charts.year_over_year_chart(rows, title="t", chart_id="y"))
        desc = root.find(f"{SVG}desc").text
    assert _texts(root)[:2] == ["This year", "Previous year"]
    assert desc.startswith("Activities in all: 1 this year against 2 the previous year.")
    assert "0 of 1 grew and 1 shrank." in desc


def test_the_year_over_year_chart_is_empty_only_when_both_years_are():
    only_last_year = [_row("A", (0, 0, 0, 0), (0, 0, 3, 0))]
    chart = charts.year_over_year_chart(
        only_last_year, title="t", chart_id="y", year=2025, language="en"
    )
    root = _parse(chart)
    assert _texts(root) == ["2025", "2024", "A", "0", "3"]
    desc = root.find(f"{SVG}desc").text
    assert desc.startswith("Activities in all: 0 in 2025 against 3 in 2024.")
    with translation.override("en"):
        nothing = [_row("A")]
        empty = _parse(charts.year_over_year_chart(nothing, title="t", chart_id="y", year=2025))
    assert _texts(empty) == ["No activities"]


# Formatting


@pytest.mark.parametrize(
    ("value", "swedish", "english"),
    [
        (0, "0", "0"),
        (7, "7", "7"),
        (1234, f"1{NO_BREAK_SPACE}234", "1,234"),
        (1234567, f"1{NO_BREAK_SPACE}234{NO_BREAK_SPACE}567", "1,234,567"),
        (Decimal("12.50"), "12,5", "12.5"),
        (Decimal("1656.75"), f"1{NO_BREAK_SPACE}656,75", "1,656.75"),
        (Decimal("2.005"), "2,01", "2.01"),
        (Decimal("100.00"), "100", "100"),
        (-3, f"{MINUS}3", f"{MINUS}3"),
        (Decimal("-1234.5"), f"{MINUS}1{NO_BREAK_SPACE}234,5", f"{MINUS}1,234.5"),
    ],
)
def test_numbers_are_grouped_and_use_the_languages_decimal_mark(value, swedish, english):
    assert format_number(value, "sv") == swedish
    assert format_number(value, "en") == english


def test_a_number_takes_the_active_language_when_none_is_given():
    with translation.override("en"):
        assert format_number(1234) == "1,234"
    assert format_number(1234) == f"1{NO_BREAK_SPACE}234"


def test_funding_is_written_per_currency_never_summed_across():
    funding = {"SEK": Decimal("1234567"), "EUR": Decimal("250000.50")}
    assert format_money(Decimal("1234567"), "SEK", "sv") == "1 234 567 SEK".replace(
        " ", NO_BREAK_SPACE
    )
    assert format_funding(funding, "en") == (
        f"250,000.5{NO_BREAK_SPACE}EUR, 1,234,567{NO_BREAK_SPACE}SEK"
    )
    assert format_funding({}, "sv") == NOTHING


@pytest.mark.parametrize(
    ("current", "previous", "swedish", "english"),
    [
        (112, 100, "+12 (+12 %)", "+12 (+12%)"),
        (12, 15, f"{MINUS}3 ({MINUS}20 %)", f"{MINUS}3 ({MINUS}20%)"),
        (5, 5, "0 (0 %)", "0 (0%)"),
        (1, 3, f"{MINUS}2 ({MINUS}67 %)", f"{MINUS}2 ({MINUS}67%)"),
        (Decimal("1656.75"), Decimal("1095"), "+561,75 (+51 %)", "+561.75 (+51%)"),
        (0, 0, "0", "0"),
    ],
)
def test_the_change_from_last_year_is_signed_with_its_percentage(
    current, previous, swedish, english
):
    assert format_change(current, previous, "sv") == swedish.replace(" %", f"{NO_BREAK_SPACE}%")
    assert format_change(current, previous, "en") == english


def test_a_change_from_nothing_is_new_not_a_percentage():
    assert change_percent(5, 0) is None
    with translation.override("sv"):
        assert format_change(5, 0, "en") == "new"
    assert translation.get_language() == "sv"


def test_a_percentage_rounds_half_up_to_a_whole_number():
    assert change_percent(3, 2) == Decimal(50)
    assert change_percent(201, 200) == Decimal(1)  # 0.5 % up to 1
    assert format_percent(Decimal("-20"), "en") == f"{MINUS}20%"


def test_the_change_of_funding_is_per_currency():
    current = {"SEK": Decimal("1100000"), "EUR": Decimal("250000")}
    previous = {"SEK": Decimal("1000000"), "NOK": Decimal("5000")}
    assert format_funding_change(current, previous, "en") == (
        f"EUR{NO_BREAK_SPACE}new, NOK{NO_BREAK_SPACE}{MINUS}5,000 ({MINUS}100%), "
        f"SEK{NO_BREAK_SPACE}+100,000 (+10%)"
    )
    assert format_funding_change({}, {}, "sv") == NOTHING
