"""The annual report's data as XLSX, read back with openpyxl (no database needed)."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from samverkan.agreements.confidentiality import Masked
from samverkan.followup.report.xlsx import MAX_WIDTH, render_xlsx, sheet_name

from .report_samples import (
    AWKWARD_AREA,
    FORMULA_TITLE,
    PROVISION,
    SECRET_ACTIVITY_TITLE,
    SECRET_AGREEMENT_TITLE,
    sample_report,
)

SHEETS = [
    "Summary",
    "By area",
    "By kind",
    "Activities",
    "Exchanges",
    "Agreements",
    "Contacts",
    "Action items",
    "Compliance",
]


def _naive(*parts):
    """A spreadsheet's date or time: it has no time zone."""
    return datetime.datetime(*parts)  # noqa: DTZ001


def _book(report):
    return load_workbook(io.BytesIO(render_xlsx(report)))


def _values(sheet, first_row=1):
    return [[cell.value for cell in row] for row in sheet.iter_rows(min_row=first_row)]


def _header(sheet, row=1):
    return [cell.value for cell in sheet[row]]


def test_the_workbook_has_a_sheet_for_each_part_of_the_report():
    book = _book(sample_report("en"))
    assert book.sheetnames == SHEETS
    assert book.properties.title == "Annual report 2025: Stockholms stad–KTH"
    assert book.properties.language == "en-GB"


def test_swedish_sheet_names_are_translated_and_valid():
    book = _book(sample_report("sv"))
    assert book.sheetnames[0] == "Sammanfattning" and book.sheetnames[3] == "Aktiviteter"
    with translation.override("sv"):
        expected = [sheet_name(translation.gettext(name)) for name in SHEETS]
    assert book.sheetnames == expected
    assert len(set(book.sheetnames)) == len(SHEETS)


@pytest.mark.parametrize(
    ("text", "taken", "expected"),
    [
        ("Agreements: in force [2025]", (), "Agreements  in force  2025"),
        ("A very long sheet name that goes on and on", (), "A very long sheet name that goe"),
        ("By area", ("by area",), "By area (2)"),
        ("x" * 40, ("x" * 31,), "x" * 27 + " (2)"),
        ("'?*'", (), "Sheet"),
    ],
)
def test_a_sheet_name_is_made_valid(text, taken, expected):
    name = sheet_name(text, taken)
    assert name == expected
    assert len(name) <= 31


def test_every_header_row_is_bold_frozen_and_filtered():
    book = _book(sample_report("en"))
    for sheet in book.worksheets:
        top = 6 if sheet.title == "Summary" else 1
        assert sheet.freeze_panes == f"A{top + 1}", sheet.title
        header = sheet[top]
        assert all(cell.font.bold for cell in header if cell.value), sheet.title
        assert sheet.auto_filter.ref.startswith(f"A{top}:"), sheet.title
    assert book["Activities"].auto_filter.ref == "A1:G5"


def test_columns_are_wide_enough_for_their_text_within_a_limit():
    book = _book(sample_report("en"))
    activities = book["Activities"]
    assert activities.column_dimensions["A"].width == len(FORMULA_TITLE) + 2
    assert activities.column_dimensions["G"].width == len("Confidential") + 2
    compliance = book["Compliance"]
    assert compliance.column_dimensions["A"].width == MAX_WIDTH


def test_the_summary_gives_this_year_last_year_and_the_change_as_numbers():
    book = _book(sample_report("en"))
    sheet = book["Summary"]
    assert _values(sheet)[:4] == [
        ["Partnership", "Stockholms stad–KTH", None, None, None],
        ["Year", 2025, None, None, None],
        ["Parties", "Stockholms stad, Kungliga Tekniska högskolan", None, None, None],
        ["Generated", _naive(2026, 1, 15, 10, 30), None, None, None],
    ]
    assert _header(sheet, 6) == ["Item", "2025", "2024", "Change", "Change (%)"]
    lines = {line[0]: line[1:] for line in _values(sheet, 7)}
    assert lines["Activities"] == [17, 12, 5, pytest.approx(0.42)]
    assert lines["Hours"] == [1656.75, 1095, 561.75, pytest.approx(0.51)]
    assert lines["Funding (SEK)"] == [1684567, 1000000, 684567, pytest.approx(0.68)]
    assert lines["Funding (EUR)"] == [250000, 0, 250000, None]  # no percentage of nothing
    assert lines["Personnel exchanges"] == [2, None, None, None]
    assert lines["Agreements in force"] == [3, None, None, None]
    assert lines["Obligations not kept"] == [2, None, None, None]
    assert lines["Confidential activities counted but not shown"] == [1, None, None, None]
    formats = {row[0].value: row[1].number_format for row in sheet.iter_rows(min_row=7)}
    assert (formats["Activities"], formats["Hours"]) == ("#,##0", "#,##0.00")
    assert sheet["E7"].number_format == "0%"
    assert sheet["B2"].number_format == "0"


def test_the_sheet_by_area_holds_real_numbers_that_add_up_to_the_totals():
    report = sample_report("en")
    sheet = _book(report)["By area"]
    header = _header(sheet)
    assert header[:9] == [
        "Area",
        "Planned",
        "Ongoing",
        "Completed",
        "Cancelled",
        "Total 2025",
        "Total 2024",
        "Change",
        "Change (%)",
    ]
    assert header[9:] == [
        "Students 2025",
        "Students 2024",
        "Participants 2025",
        "Participants 2024",
        "Hours 2025",
        "Hours 2024",
        "Funding (EUR) 2025",
        "Funding (EUR) 2024",
        "Funding (SEK) 2025",
        "Funding (SEK) 2024",
    ]
    rows = _values(sheet, 2)
    areas, blank, totals = rows[: len(report.by_area)], rows[len(report.by_area)], rows[-1]
    assert [line[0] for line in areas] == [row.label for row in report.by_area]
    assert all(value is None for value in blank)
    assert totals[0] == "All activities"
    for line in areas + [totals]:
        assert all(isinstance(v, int | float) for v in line[1:8])
        assert sum(line[1:5]) == line[5]
        assert line[7] == line[5] - line[6]
    # The rows add up to the totals, column by column (the percentage aside).
    for column in [*range(1, 8), *range(9, 19)]:
        assert sum(line[column] for line in areas) == pytest.approx(totals[column]), header[column]
    assert totals[1:9] == [4, 6, 6, 1, 17, 12, 5, pytest.approx(0.42)]
    assert totals[9:] == [195, 170, 417, 330, 1656.75, 1095, 250000, 0, 1684567, 1000000]
    assert areas[1][0] == AWKWARD_AREA and areas[1][8] is None  # new this year
    assert areas[2][8] == pytest.approx(-0.5)
    assert sheet.cell(2, 2).number_format == "#,##0"
    assert sheet.cell(2, 9).number_format == "0%"
    assert sheet.cell(2, 14).number_format == "#,##0.00"
    assert all(cell.font.bold for cell in sheet[sheet.max_row])


def test_the_sheet_by_kind_has_the_same_totals():
    book = _book(sample_report("en"))
    by_area, by_kind = book["By area"], book["By kind"]
    assert _header(by_kind)[0] == "Kind"
    assert _values(by_kind)[-1] == _values(by_area)[-1]


def test_numbers_do_not_depend_on_the_language():
    english, swedish = _book(sample_report("en")), _book(sample_report("sv"))
    for name_en, name_sv in zip(english.sheetnames[:3], swedish.sheetnames[:3], strict=True):
        numbers_en = [
            v for row in _values(english[name_en]) for v in row if isinstance(v, int | float)
        ]
        numbers_sv = [
            v for row in _values(swedish[name_sv]) for v in row if isinstance(v, int | float)
        ]
        assert numbers_en == numbers_sv and numbers_en


def test_dates_are_dates():
    book = _book(sample_report("en"))
    exchanges = book["Exchanges"]
    assert _values(exchanges, 2)[0] == [
        "Anna Andersson",
        "Stockholms stad",
        "Kungliga Tekniska högskolan",
        "Hållbar stadsutveckling",
        _naive(2025, 2, 1),
        _naive(2025, 7, 31),
        "Yes",
    ]
    assert exchanges["E2"].number_format == "yyyy-mm-dd"
    actions = _values(book["Action items"], 2)
    assert actions[0][2:] == [_naive(2025, 10, 1), _naive(2025, 5, 20), "Yes"]


def test_agreements_are_listed_by_group_with_open_ends_left_empty():
    sheet = _book(sample_report("en"))["Agreements"]
    rows = _values(sheet, 2)
    groups = [line[0] for line in rows]
    assert groups.count("Signed during the year") == 1
    assert groups.count("In force") == 3
    assert groups.count("Expiring within a year") == 2
    assert groups.count("Under notice or near the notice deadline") == 1
    lab = next(line for line in rows if line[1] == "Avtal om labbplatser")
    assert lab == [
        "In force",
        "Avtal om labbplatser",
        "In force",
        _naive(2023, 1, 15),
        None,
        None,
        "No",
    ]


def test_contacts_and_findings():
    book = _book(sample_report("en"))
    contacts = _values(book["Contacts"], 2)
    assert contacts[2] == [
        "Hållbar stadsutveckling",
        "Stockholms stad",
        "Eva Ström, Fredrik Nord",
        2,
    ]
    assert contacts[3][2:] == ["None named", 0]
    findings = _values(book["Compliance"], 2)
    assert [line[1] for line in findings] == ["Yes", "No", "No"]
    assert findings[1][3] == "Stadsutmaningen 2025"


@pytest.mark.parametrize("language", ["sv", "en"])
def test_confidential_lines_show_the_mask_and_never_the_secret(language):
    report = sample_report(language)
    content = render_xlsx(report)
    book = load_workbook(io.BytesIO(content))
    with translation.override(language):
        masked = str(Masked(PROVISION))
        yes = translation.gettext("Yes")
    activities = _values(book.worksheets[3], 2)
    secret = next(line for line in activities if line[-1] == yes)
    assert secret[0] == masked
    agreements = _values(book.worksheets[5], 2)
    assert masked in [line[1] for line in agreements]
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        text = "".join(archive.read(name).decode() for name in archive.namelist())
    assert SECRET_ACTIVITY_TITLE not in text and SECRET_AGREEMENT_TITLE not in text


def test_text_that_looks_like_a_formula_stays_text():
    report = sample_report("en")
    report.exchanges[0].person = "@SUM(A1:A9)"
    report.exchanges[1].person = "+46 8 123"
    report.open_actions[0].description = "-1+2"
    report.contacts[0].people = ["=1+1"]
    content = render_xlsx(report)
    book = load_workbook(io.BytesIO(content))
    cells = [
        book["Activities"]["A4"],
        book["Exchanges"]["A2"],
        book["Exchanges"]["A3"],
        book["Action items"]["A2"],
        book["Contacts"]["C2"],
    ]
    assert [c.value for c in cells] == [FORMULA_TITLE, "@SUM(A1:A9)", "+46 8 123", "-1+2", "=1+1"]
    for cell in cells:
        assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist() if "worksheets/" in n]
    assert not any("<f>" in sheet or "<f " in sheet for sheet in sheets)


def test_negative_numbers_stay_numbers():
    sheet = _book(sample_report("en"))["By area"]
    change = sheet.cell(4, 8)
    assert change.value == -3 and change.data_type == "n"


def test_empty_parts_give_a_header_and_no_rows():
    report = sample_report("en")
    report.exchanges = []
    report.activities = []
    book = _book(report)
    assert _values(book["Exchanges"]) == [_header(book["Exchanges"])]
    assert book["Activities"].auto_filter.ref == "A1:G2"


def test_figures_with_decimals_are_written_exactly():
    report = sample_report("en")
    report.totals.figures.hours = Decimal("0.25")
    sheet = _book(report)["Summary"]
    hours = next(row for row in sheet.iter_rows(min_row=7) if row[0].value == "Hours")
    assert hours[1].value == 0.25


def test_the_callers_language_is_left_as_it_was():
    render_xlsx(sample_report("en"))
    assert translation.get_language() == "sv"
