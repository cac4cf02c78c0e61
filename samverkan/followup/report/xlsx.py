"""The annual report's data as an XLSX workbook (openpyxl), one sheet per part of the report.

Numbers stay numbers and dates stay dates, each with a number format, so the steering group can
sum, sort and chart them; the spreadsheet shows them with the reader's own separators. Funding
gets one column per currency (never summed across). Each sheet's header row is bold and frozen,
with an autofilter. Text is user text: a cell that a spreadsheet would run as a formula is kept
as text. Everything is read from the `Report`, already masked for its reader.

The workbook is written in openpyxl's write-only mode: each sheet is streamed row by row, in
order, instead of keeping an object per cell (a large year has some 200,000), so a sheet's
widths and frozen header are set before its first row.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter

from .data import STATUSES, Figures, Report, Row
from .formatting import change_percent

# A cell that begins with one of these is run as a formula by spreadsheets (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_SHEET_NAME = 31
INVALID_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")

INTEGER = "#,##0"
DECIMAL = "#,##0.00"
PERCENT = "0%"
DATE = "yyyy-mm-dd"
DATETIME = "yyyy-mm-dd hh:mm"

MIN_WIDTH = 8
MAX_WIDTH = 60

BOLD = Font(bold=True)
WRAPPED = Alignment(wrap_text=True, vertical="top")


def render_xlsx(report: Report) -> bytes:
    """The report's data as XLSX bytes, its labels in `report.language`."""
    with translation.override(report.language):
        workbook = Workbook(write_only=True)
        _properties(workbook, report)
        currencies = _currencies(report)
        _summary(workbook, report, currencies)
        _breakdown(workbook, _("By area"), _("Area"), report.by_area, report, currencies)
        _breakdown(workbook, _("By kind"), _("Kind"), report.by_kind, report, currencies)
        _innovation(workbook, report)
        _activities(workbook, report)
        _exchanges(workbook, report)
        _agreements(workbook, report)
        _contacts(workbook, report)
        _actions(workbook, report)
        _findings(workbook, report)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def sheet_name(text: str, taken: Sequence[str] = ()) -> str:
    """A valid sheet name: no []:*?/\\, not blank, at most 31 characters, unique in `taken`."""
    name = INVALID_IN_SHEET_NAME.sub(" ", str(text)).strip().strip("'").strip() or "Sheet"
    name = name[:MAX_SHEET_NAME]
    number = 2
    candidate = name
    lowered = {t.lower() for t in taken}
    while candidate.lower() in lowered:
        suffix = f" ({number})"
        candidate = name[: MAX_SHEET_NAME - len(suffix)] + suffix
        number += 1
    return candidate


def _properties(workbook: Workbook, report: Report) -> None:
    properties = workbook.properties
    properties.title = _("Annual report %(year)s: %(partnership)s") % {
        "year": report.year,
        "partnership": report.partnership,
    }
    properties.creator = "Samverkan"
    properties.language = {"sv": "sv-SE", "en": "en-GB"}.get(report.language, report.language)
    properties.created = _naive(report.generated_at)
    properties.modified = _naive(report.generated_at)


def _currencies(report: Report) -> list[str]:
    """Every currency with funding in either year, in code order: one column each."""
    rows = [report.totals, *report.by_area, *report.by_kind]
    codes = set()
    for row in rows:
        codes |= set(row.figures.funding) | set(row.previous_figures.funding)
    return sorted(codes)


# Sheets


def _summary(workbook: Workbook, report: Report, currencies: list[str]) -> None:
    this_year, last_year = report.year, report.year - 1
    sheet = _new_sheet(workbook, _("Summary"))
    year = _cell(sheet, report.year)
    year.number_format = "0"  # a year, not a quantity: no thousands separator
    about = [
        [_("Partnership"), report.partnership],
        [_("Year"), year],
        [_("Parties"), ", ".join(report.parties)],
        [_("Generated"), _naive(report.generated_at)],
    ]
    header = [_("Item"), str(this_year), str(last_year), _("Change"), _("Change (%)")]
    totals = report.totals
    labels = _status_labels()
    lines = [_compared(_("Activities"), totals.counts.total, totals.previous_counts.total)]
    for status in STATUSES:
        current = getattr(totals.counts, status)
        previous = getattr(totals.previous_counts, status)
        lines.append(_compared(labels[status], current, previous))
    columns = _figure_columns(totals.figures, totals.previous_figures, currencies)
    lines += [_compared(label, current, previous) for label, current, previous in columns]
    agreements = report.agreements
    single = [
        (_("Personnel exchanges"), len(report.exchanges)),
        (_("Agreements signed during the year"), len(agreements.signed)),
        (_("Agreements in force"), len(agreements.in_force)),
        (_("Agreements expiring within a year"), len(agreements.expiring)),
        (_("Agreements under notice or near the notice deadline"), len(agreements.under_notice)),
        (_("Open action items"), len(report.open_actions)),
        (_("Obligations not kept"), sum(1 for f in report.findings if not f.ok)),
        (_("Confidential activities counted but not shown"), report.hidden_activities),
        (_("Confidential agreements counted but not shown"), report.hidden_agreements),
    ]
    lines += [[label, value, None, None, None] for label, value in single]
    _table(sheet, header, lines, above=about, percent_columns={5})


def _breakdown(
    workbook: Workbook,
    title: str,
    first: str,
    rows: list[Row],
    report: Report,
    currencies: list[str],
) -> None:
    sheet = _new_sheet(workbook, title)
    this_year, last_year = report.year, report.year - 1
    labels = _status_labels()
    header = [first, *(labels[s] for s in STATUSES)]
    header += [
        _("Total %(year)s") % {"year": this_year},
        _("Total %(year)s") % {"year": last_year},
        _("Change"),
        _("Change (%)"),
    ]
    names = [name for name, _this, _last in _figure_columns(Figures(), Figures(), currencies)]
    for name in names:
        header += [
            _("%(figure)s %(year)s") % {"figure": name, "year": this_year},
            _("%(figure)s %(year)s") % {"figure": name, "year": last_year},
        ]
    percent_column = 1 + len(STATUSES) + 4

    def line(row: Row) -> list[Any]:
        current, previous = row.counts.total, row.previous_counts.total
        values: list[Any] = [row.label or _("No area")]
        values += [getattr(row.counts, s) for s in STATUSES]
        values += [current, previous, current - previous, _ratio(current, previous)]
        for _name, this, last in _figure_columns(row.figures, row.previous_figures, currencies):
            values += [this, last]
        return values

    totals = line(report.totals)
    totals[0] = report.totals.label
    # The totals below the filtered range, after a blank row, so sorting leaves them last.
    _table(
        sheet,
        header,
        [line(row) for row in rows],
        below=[totals],
        percent_columns={percent_column},
    )


def _innovation(workbook: Workbook, report: Report) -> None:
    """The network's innovation support, one line per figure (only for a network an innovation
    office runs); money one line per currency."""
    section = report.innovation
    if section is None:
        return
    sheet = _new_sheet(workbook, _("Innovation support"))
    header = [
        _("Table"),
        _("Figure"),
        _("Currency"),
        str(report.year),
        str(report.year - 1),
        _("Change"),
        _("Change (%)"),
    ]
    lines: list[list[Any]] = []
    for table in section.tables:
        for row in table.rows:
            label = "  " * row.depth + row.label
            lines.append([table.title, label, "", *_compared(label, row.current, row.previous)[1:]])
    for money in section.money:
        for code in sorted(set(money.current) | set(money.previous)):
            current = money.current.get(code, Decimal(0))
            previous = money.previous.get(code, Decimal(0))
            lines.append([_("Money"), money.label, code, *_compared("", current, previous)[1:]])
    _table(sheet, header, lines, percent_columns={7})


def _activities(workbook: Workbook, report: Report) -> None:
    answer = _yes_no()
    sheet = _new_sheet(workbook, _("Activities"))
    header = [
        _("Title"),
        _("Kind"),
        _("Area"),
        _("Status"),
        _("Starts"),
        _("Ends"),
        _("Confidential"),
    ]
    lines = [
        [a.title, a.kind, a.area, a.status, a.starts, a.ends, answer[a.confidential]]
        for a in report.activities
    ]
    _table(sheet, header, lines)


def _exchanges(workbook: Workbook, report: Report) -> None:
    answer = _yes_no()
    sheet = _new_sheet(workbook, _("Exchanges"))
    header = [_("Person"), _("Home"), _("Host"), _("Area"), _("From"), _("To"), _("Approved")]
    lines = [
        [e.person, e.home, e.host, e.area, e.starts_on, e.ends_on, answer[e.approved]]
        for e in report.exchanges
    ]
    _table(sheet, header, lines)


def _agreements(workbook: Workbook, report: Report) -> None:
    answer = _yes_no()
    sheet = _new_sheet(workbook, _("Agreements"))
    header = [
        _("Group"),
        _("Title"),
        _("Status"),
        _("Signed"),
        _("Ends"),
        _("Notice deadline"),
        _("Confidential"),
    ]
    groups = [
        (_("Signed during the year"), report.agreements.signed),
        (_("In force"), report.agreements.in_force),
        (_("Expiring within a year"), report.agreements.expiring),
        (_("Under notice or near the notice deadline"), report.agreements.under_notice),
    ]
    lines = [
        [
            group,
            a.title,
            a.status,
            a.signed_on,
            a.ends_on,
            a.notice_deadline,
            answer[a.confidential],
        ]
        for group, agreements in groups
        for a in agreements
    ]
    _table(sheet, header, lines)


def _contacts(workbook: Workbook, report: Report) -> None:
    sheet = _new_sheet(workbook, _("Contacts"))
    header = [_("Area"), _("Party"), _("Contact persons"), _("Number named")]
    lines = [
        [
            c.area or _("The partnership as a whole"),
            c.party,
            ", ".join(c.people) or _("None named"),
            len(c.people),
        ]
        for c in report.contacts
    ]
    _table(sheet, header, lines)


def _actions(workbook: Workbook, report: Report) -> None:
    answer = _yes_no()
    sheet = _new_sheet(workbook, _("Action items"))
    header = [_("Action"), _("Owner"), _("Due"), _("Meeting"), _("Overdue")]
    lines = [
        [a.description, a.owner, a.due_on, a.meeting_on, answer[a.overdue]]
        for a in report.open_actions
    ]
    _table(sheet, header, lines)


def _findings(workbook: Workbook, report: Report) -> None:
    answer = _yes_no()
    sheet = _new_sheet(workbook, _("Compliance"))
    header = [_("Obligation"), _("Kept"), _("Evidence"), _("Records")]
    lines = [
        [
            f.obligation,
            answer[f.ok],
            f.evidence,
            "\n".join(item.label for item in f.items),
        ]
        for f in report.findings
    ]
    _table(sheet, header, lines)


# Building blocks


def _new_sheet(workbook: Workbook, title: str):
    return workbook.create_sheet(title=sheet_name(title, workbook.sheetnames))


def _table(
    sheet,
    header: Sequence[str],
    lines: list[list[Any]],
    *,
    above: Sequence[list[Any]] = (),
    below: Sequence[list[Any]] = (),
    percent_columns: set[int] = frozenset(),
) -> None:
    """The header row (bold, frozen, filtered) and the lines below it; before it the rows
    `above` (labels bold) and a blank row, after it a blank row and the rows `below` (bold).
    Columns in `percent_columns` (1-based) hold fractions shown as percentages."""
    top = len(above) + 2 if above else 1
    _widths(sheet, header, lines)
    sheet.freeze_panes = f"A{top + 1}"
    last = get_column_letter(len(header))
    sheet.auto_filter = AutoFilter(ref=f"A{top}:{last}{top + max(len(lines), 1)}")
    for label, *values in above:
        sheet.append([_cell(sheet, label, bold=True), *(_cell(sheet, v) for v in values)])
    if above:
        sheet.append([])
    sheet.append([_cell(sheet, label, bold=True, wrapped=True) for label in header])
    for line in lines:
        sheet.append(_cells(sheet, line, percent_columns))
    if below:
        sheet.append([])
    for line in below:
        sheet.append(_cells(sheet, line, percent_columns, bold=True))


def _cells(sheet, line: list[Any], percent_columns: set[int], *, bold: bool = False) -> list:
    return [
        _cell(sheet, value, percent=column in percent_columns, bold=bold)
        for column, value in enumerate(line, start=1)
    ]


def _cell(sheet, value: Any, *, percent: bool = False, bold: bool = False, wrapped: bool = False):
    """A value to write keeping its type: numbers and dates with a number format; text that a
    spreadsheet would run as a formula stays text (and stays so when edited: quotePrefix).
    Plain text and nothing go as they are: no cell object for most of a large sheet."""
    if isinstance(value, Cell):
        return value
    plain = value is None or (
        isinstance(value, str) and not value.startswith(FORMULA_STARTS) and "\n" not in value
    )
    if plain and not (bold or wrapped):
        return value
    cell = WriteOnlyCell(sheet)
    if isinstance(value, datetime.datetime):
        cell.value = _naive(value)
        cell.number_format = DATETIME
    elif isinstance(value, datetime.date):
        cell.value = value
        cell.number_format = DATE
    elif isinstance(value, bool):
        raise TypeError("Write yes or no in words.")
    elif isinstance(value, int | Decimal):
        cell.value = value
        cell.number_format = PERCENT if percent else INTEGER if isinstance(value, int) else DECIMAL
    elif value is not None:
        text = str(value)
        cell.value = text
        if text.startswith(FORMULA_STARTS):
            cell.data_type = "s"
            cell.quotePrefix = True
        if "\n" in text:
            wrapped = True
    if bold:
        cell.font = BOLD
    if wrapped:
        cell.alignment = WRAPPED
    return cell


def _widths(sheet, header: Sequence[str], lines: list[list[Any]]) -> None:
    for column, label in enumerate(header, start=1):
        values = [str(label)]
        values += [_shown(line[column - 1]) for line in lines if column <= len(line)]
        longest = max(len(part) for value in values for part in value.split("\n"))
        letter = get_column_letter(column)
        current = sheet.column_dimensions[letter].width or 0
        width = max(MIN_WIDTH, min(MAX_WIDTH, longest + 2), current)
        sheet.column_dimensions[letter].width = width


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return "yyyy-mm-dd"
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _naive(value: datetime.datetime) -> datetime.datetime:
    """Spreadsheets know no time zones: the local time of the installation, without zone."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


def _compared(label: str, current, previous) -> list[Any]:
    return [label, current, previous, current - previous, _ratio(current, previous)]


def _ratio(current, previous) -> Decimal | None:
    """The change as a fraction for a percent-formatted cell; none when last year had none."""
    percent = change_percent(current, previous)
    return None if percent is None else percent / 100


def _figure_columns(figures: Figures, previous: Figures, currencies: list[str]):
    columns = [
        (_("Students"), figures.students, previous.students),
        (_("Participants"), figures.participants, previous.participants),
        (_("Hours"), figures.hours, previous.hours),
    ]
    for code in currencies:
        columns.append(
            (
                _("Funding (%(currency)s)") % {"currency": code},
                figures.funding.get(code, Decimal(0)),
                previous.funding.get(code, Decimal(0)),
            )
        )
    return columns


def _status_labels() -> dict[str, str]:
    return {
        "planned": _("Planned"),
        "ongoing": _("Ongoing"),
        "completed": _("Completed"),
        "cancelled": _("Cancelled"),
    }


def _yes_no() -> dict[bool, str]:
    """Yes and no in the active language, looked up once for a sheet's many lines."""
    return {True: _("Yes"), False: _("No")}
