"""The annual report's charts as inline SVG: no script, no external reference, sized by viewBox.

Each chart is an image to assistive technology (`role="img"`, labelled by its <title> and
<desc>); the numbers themselves are in the data table the page renders beside it. The series are
told apart without colour: each has its own pattern, shown in the legend, and the bars carry
their values as text. Labels are user text and are escaped (format_html). WeasyPrint draws the
same SVG in the PDF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .data import STATUSES, Row
from .formatting import format_number

WIDTH = 640
LABEL_WIDTH = 220  # row labels are right-aligned against this x
BAR_X = LABEL_WIDTH + 8
VALUE_ROOM = 56  # right of the longest bar, for its total
BAR_ROOM = WIDTH - BAR_X - VALUE_ROOM
LEGEND_HEIGHT = 34
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
MAX_LABEL = 30  # characters of a row label; the full label is in the table beside the chart

CHART_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")


@dataclass(frozen=True)
class Series:
    key: str
    fill: str  # background colour of the pattern
    ink: str  # colour of its lines or dots
    shape: str  # "solid", "diagonal", "dots", "cross"


# Light fills with dark ink: black numbers stay readable on them, and the outline of every bar
# (dark grey) keeps a contrast of at least 3:1 with the white page whatever the fill.
STATUS_SERIES = (
    Series("planned", "#dbe9f6", "#1f4e79", "diagonal"),
    Series("ongoing", "#fde3b5", "#8a5300", "dots"),
    Series("completed", "#a8dcb9", "#1e6b3a", "solid"),
    Series("cancelled", "#e6e6e6", "#4d4d4d", "cross"),
)
CURRENT_SERIES = Series("current", "#9cc3e6", "#1f4e79", "solid")
PREVIOUS_SERIES = Series("previous", "#f2f2f2", "#4d4d4d", "diagonal")


def _status_labels() -> dict[str, str]:
    return {
        "planned": _("Planned"),
        "ongoing": _("Ongoing"),
        "completed": _("Completed"),
        "cancelled": _("Cancelled"),
    }


def status_chart(
    rows: list[Row], *, title: str, chart_id: str, language: str | None = None
) -> SafeString:
    """A horizontal bar per row, stacked by status (planned, ongoing, completed, cancelled),
    with each segment's count inside it (when there is room) and the row's total at its end.
    Rows with no activity at all still get their line; no rows, or nothing in any, draws the
    "no activities" state. Language None: the active one."""
    with translation.override(language or translation.get_language()):
        language = translation.get_language()
        totals = [row.counts.total for row in rows]
        if not rows or not any(totals):
            return _empty_chart(title, chart_id)
        labels = _status_labels()
        row_height = 30
        bar_height = 18
        scale = BAR_ROOM / max(totals)
        height = LEGEND_HEIGHT + row_height * len(rows) + 8
        parts = [_legend([(s, labels[s.key]) for s in STATUS_SERIES], chart_id)]
        for index, row in enumerate(rows):
            y = LEGEND_HEIGHT + index * row_height + (row_height - bar_height) / 2
            parts.append(_row_label(row.label, y + bar_height / 2))
            x = float(BAR_X)
            for series in STATUS_SERIES:
                count = getattr(row.counts, series.key)
                if not count:
                    continue
                width = count * scale
                parts.append(
                    format_html(
                        '<rect x="{}" y="{}" width="{}" height="{}" fill="url(#{}-{})" '
                        'stroke="#333333" stroke-width="0.75"/>',
                        _n(x),
                        _n(y),
                        _n(width),
                        bar_height,
                        chart_id,
                        series.key,
                    )
                )
                value = format_number(count, language)
                if width >= _backdrop_width(value) + 4:
                    parts.append(_value_in_bar(value, x + width / 2, y))
                x += width
            parts.append(
                _text(format_number(row.counts.total, language), x + 6, y + bar_height / 2)
            )
        return _svg(title, _status_desc(rows), chart_id, height, STATUS_SERIES, parts)


def year_over_year_chart(
    rows: list[Row],
    *,
    title: str,
    chart_id: str,
    year: int | None = None,
    language: str | None = None,
) -> SafeString:
    """Two bars per row: this year's activities (all statuses) above last year's, each with its
    number at its end. `year` names the two years in the legend ("2025", "2024"); without it the
    legend says "This year" and "Previous year". Nothing in either year: the "no activities"
    state."""
    with translation.override(language or translation.get_language()):
        language = translation.get_language()
        pairs = [(row.counts.total, row.previous_counts.total) for row in rows]
        largest = max((max(pair) for pair in pairs), default=0)
        if not largest:
            return _empty_chart(title, chart_id)
        names = (_("This year"), _("Previous year"))
        if year is not None:
            names = (str(year), str(year - 1))
        row_height = 44
        bar_height = 15
        scale = BAR_ROOM / largest
        height = LEGEND_HEIGHT + row_height * len(rows) + 8
        series = (CURRENT_SERIES, PREVIOUS_SERIES)
        parts = [_legend(list(zip(series, names, strict=True)), chart_id)]
        for index, (row, pair) in enumerate(zip(rows, pairs, strict=True)):
            top = LEGEND_HEIGHT + index * row_height + (row_height - 2 * bar_height - 2) / 2
            parts.append(_row_label(row.label, top + bar_height + 1))
            for offset, (which, count) in enumerate(zip(series, pair, strict=True)):
                y = top + offset * (bar_height + 2)
                width = count * scale
                if count:
                    parts.append(
                        format_html(
                            '<rect x="{}" y="{}" width="{}" height="{}" fill="url(#{}-{})" '
                            'stroke="#333333" stroke-width="0.75"/>',
                            BAR_X,
                            _n(y),
                            _n(width),
                            bar_height,
                            chart_id,
                            which.key,
                        )
                    )
                parts.append(
                    _text(
                        format_number(count, language),
                        BAR_X + width + 6,
                        y + bar_height / 2,
                        size=11,
                    )
                )
        desc = _year_over_year_desc(rows, pairs, year)
        return _svg(title, desc, chart_id, height, series, parts)


def paired_bar_chart(
    pairs: list[tuple[str, int, int]],
    *,
    names: tuple[str, str],
    title: str,
    desc: str,
    chart_id: str,
    language: str,
) -> SafeString:
    """Two bars per label, this year's above the previous year's, each with its number: for
    counts that are not activity rows (the innovation figures by stage, for one)."""
    row_height, bar_height = 44, 15
    scale = BAR_ROOM / max(max(current, previous) for _label, current, previous in pairs)
    series = (CURRENT_SERIES, PREVIOUS_SERIES)
    parts = [_legend(list(zip(series, names, strict=True)), chart_id)]
    for index, (label, *counts) in enumerate(pairs):
        top = LEGEND_HEIGHT + index * row_height + (row_height - 2 * bar_height - 2) / 2
        parts.append(_row_label(label, top + bar_height + 1))
        for offset, (which, count) in enumerate(zip(series, counts, strict=True)):
            y = top + offset * (bar_height + 2)
            width = count * scale
            if count:
                parts.append(
                    format_html(
                        '<rect x="{}" y="{}" width="{}" height="{}" fill="url(#{}-{})" '
                        'stroke="#333333" stroke-width="0.75"/>',
                        BAR_X,
                        _n(y),
                        _n(width),
                        bar_height,
                        chart_id,
                        which.key,
                    )
                )
            number = format_number(count, language)
            parts.append(_text(number, BAR_X + width + 6, y + bar_height / 2, size=11))
    height = LEGEND_HEIGHT + row_height * len(pairs) + 8
    return _svg(title, desc, chart_id, height, series, parts)


def no_data_chart(title: str, chart_id: str, *, message: str, desc: str) -> SafeString:
    """A chart that says there is nothing to draw, in words."""
    parts = [_text(message, WIDTH / 2, 30, anchor="middle", size=14)]
    return _svg(title, desc, chart_id, 60, (), parts)


def _status_desc(rows: list[Row]) -> str:
    counts = {status: sum(getattr(row.counts, status) for row in rows) for status in STATUSES}
    total = sum(counts.values())
    largest = max(rows, key=lambda row: row.counts.total)
    text = ngettext(
        "%(total)s activity in all: %(planned)s planned, %(ongoing)s ongoing, "
        "%(completed)s completed, %(cancelled)s cancelled.",
        "%(total)s activities in all: %(planned)s planned, %(ongoing)s ongoing, "
        "%(completed)s completed, %(cancelled)s cancelled.",
        total,
    ) % {"total": format_number(total), **{k: format_number(v) for k, v in counts.items()}}
    most = _("The most: %(label)s, with %(count)s.") % {
        "label": largest.label,
        "count": format_number(largest.counts.total),
    }
    return " ".join([text, most, _("The table beside the chart gives every number.")])


def _year_over_year_desc(rows: list[Row], pairs: list[tuple[int, int]], year: int | None) -> str:
    current = sum(pair[0] for pair in pairs)
    previous = sum(pair[1] for pair in pairs)
    if year is None:
        text = _(
            "Activities in all: %(current)s this year against %(previous)s the previous year."
        ) % {"current": format_number(current), "previous": format_number(previous)}
    else:
        text = _("Activities in all: %(current)s in %(this)s against %(previous)s in %(last)s.") % {
            "current": format_number(current),
            "this": year,
            "previous": format_number(previous),
            "last": year - 1,
        }
    growing = sum(1 for pair in pairs if pair[0] > pair[1])
    shrinking = sum(1 for pair in pairs if pair[0] < pair[1])
    trend = _("%(more)s of %(rows)s grew and %(fewer)s shrank.") % {
        "more": format_number(growing),
        "rows": format_number(len(rows)),
        "fewer": format_number(shrinking),
    }
    return " ".join([text, trend, _("The table beside the chart gives every number.")])


def _empty_chart(title: str, chart_id: str) -> SafeString:
    message = _("No activities")
    parts = [_text(message, WIDTH / 2, 30, anchor="middle", size=14)]
    desc = _("There are no activities to chart.")
    return _svg(title, desc, chart_id, 60, (), parts)


def _svg(title, desc, chart_id, height, series, parts) -> SafeString:
    if not CHART_ID.match(chart_id):
        raise ValueError(f"A chart id must be a plain identifier, not {chart_id!r}.")
    height = _n(height)
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" id="{id}" role="img" '
        'aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {width} {height}" '
        'width="100%" preserveAspectRatio="xMinYMin meet" font-family="{font}" font-size="12">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        "<defs>{defs}</defs>{body}</svg>",
        id=chart_id,
        width=WIDTH,
        height=height,
        font=FONT,
        title=title,
        desc=desc,
        defs=mark_safe("".join(_pattern(s, chart_id) for s in series)),  # noqa: S308
        body=mark_safe("".join(parts)),  # noqa: S308 (every part is built by format_html)
    )


def _pattern(series: Series, chart_id: str) -> str:
    """A pattern per series, its id prefixed by the chart's: several charts share one page."""
    background = format_html('<rect width="8" height="8" fill="{}"/>', series.fill)
    marks = {
        "solid": "",
        "diagonal": format_html(
            '<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="{}" stroke-width="1.5"/>',
            series.ink,
        ),
        "dots": format_html('<circle cx="4" cy="4" r="1.6" fill="{}"/>', series.ink),
        "cross": format_html(
            '<path d="M0,0 l8,8 M8,0 l-8,8" stroke="{}" stroke-width="1"/>', series.ink
        ),
    }[series.shape]
    return format_html(
        '<pattern id="{}-{}" width="8" height="8" patternUnits="userSpaceOnUse">{}{}</pattern>',
        chart_id,
        series.key,
        background,
        marks,
    )


def _legend(entries: list[tuple[Series, str]], chart_id: str) -> SafeString:
    items = []
    x = 10
    for series, label in entries:
        items.append(
            format_html(
                '<rect x="{}" y="8" width="16" height="16" fill="url(#{}-{})" '
                'stroke="#333333" stroke-width="0.75"/>',
                x,
                chart_id,
                series.key,
            )
        )
        items.append(_text(label, x + 22, 16))
        x += 22 + 7 * len(label) + 18
    return format_html('<g class="legend">{}</g>', mark_safe("".join(items)))  # noqa: S308


def _backdrop_width(value: str) -> int:
    return 7 * len(value) + 6


def _value_in_bar(value: str, middle_x: float, top: float) -> SafeString:
    """A number inside a bar segment, on a white backdrop so that no pattern crosses it."""
    width = _backdrop_width(value)
    backdrop = format_html(
        '<rect x="{}" y="{}" width="{}" height="14" rx="2" fill="#ffffff"/>',
        _n(middle_x - width / 2),
        _n(top + 2),
        width,
    )
    return backdrop + _text(value, middle_x, top + 9, anchor="middle", bold=True, size=11)


def _row_label(label: str, middle_y: float) -> SafeString:
    shown = label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "\u2026"
    if not shown:
        shown = "\u2014"
    return _text(shown, LABEL_WIDTH, middle_y, anchor="end")


def _text(
    text: str,
    x: float,
    middle_y: float,
    *,
    anchor: str = "start",
    bold: bool = False,
    size: int = 12,
) -> SafeString:
    # dy rather than dominant-baseline: WeasyPrint and browsers agree on it.
    return format_html(
        '<text x="{}" y="{}" dy="0.35em" text-anchor="{}" font-size="{}"{}>{}</text>',
        _n(x),
        _n(middle_y),
        anchor,
        size,
        mark_safe(' font-weight="bold"') if bold else "",  # noqa: S308
        text,
    )


def _n(value: float) -> str:
    """A coordinate with at most two decimals, the decimal point whatever the language."""
    return f"{value:.2f}".rstrip("0").rstrip(".")
