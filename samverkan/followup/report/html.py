"""The annual report as HTML: the web page's body, the standalone HTML file and the PDF's source.

`present(report)` turns a `Report` into what the templates show, every number already
formatted (report/formatting.py, the one place numbers are written), so that the page, the HTML
file and the PDF say the same thing. The templates are `followup/report_body.html` (the
sections) inside `followup/report.html` (the page) or `followup/report_document.html` (a
standalone document with its own stylesheet, for the file and the PDF).

The rows of the two long lists, the activities of the year and the agreements, are written
here with `format_html` rather than in the template: a large partnership has some 20,000
activities in a year and 10,000 agreement lines, which the template engine took over a
second to render and `format_html` takes about a quarter of that. Every value is escaped alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from . import charts
from .data import ActivityLine, AgreementLine, Figures, Report, Row
from .formatting import (
    NOTHING,
    format_change,
    format_date,
    format_funding,
    format_funding_change,
    format_number,
)

PRINT_CSS = Path(settings.BASE_DIR) / "samverkan" / "static" / "css" / "report-print.css"


@dataclass
class RowView:
    """A row of a breakdown, formatted: counts by status, totals and figures, with last year."""

    label: str
    counts: list[str]  # planned, ongoing, completed, cancelled
    total: str
    previous_total: str
    change: str  # "+2 (+50 %)", "new", "0"
    students: str
    participants: str
    hours: str
    funding: str
    previous_students: str
    previous_participants: str
    previous_hours: str
    previous_funding: str
    students_change: str
    participants_change: str
    hours_change: str
    funding_change: str


def row_view(row: Row, language: str) -> RowView:
    counts, previous = row.counts, row.previous_counts
    figures, before = row.figures, row.previous_figures
    return RowView(
        label=row.label,
        counts=[
            format_number(getattr(counts, status), language)
            for status in ("planned", "ongoing", "completed", "cancelled")
        ],
        total=format_number(counts.total, language),
        previous_total=format_number(previous.total, language),
        change=format_change(counts.total, previous.total, language),
        students=format_number(figures.students, language),
        participants=format_number(figures.participants, language),
        hours=format_number(figures.hours, language),
        funding=format_funding(figures.funding, language),
        previous_students=format_number(before.students, language),
        previous_participants=format_number(before.participants, language),
        previous_hours=format_number(before.hours, language),
        previous_funding=format_funding(before.funding, language),
        students_change=format_change(figures.students, before.students, language),
        participants_change=format_change(figures.participants, before.participants, language),
        hours_change=format_change(figures.hours, before.hours, language),
        funding_change=format_funding_change(figures.funding, before.funding, language),
    )


def _has_figures(figures: Figures) -> bool:
    return bool(figures.students or figures.participants or figures.hours or figures.funding)


def present(report: Report, *, links: bool = True) -> dict[str, Any]:
    """The template context of the report's sections, in the report's language.

    `links`: whether lines link into the application (the web page) or not (the files, which
    are read outside it).
    """
    language = report.language
    with translation.override(language):
        by_area = [row_view(row, language) for row in report.by_area]
        by_kind = [row_view(row, language) for row in report.by_kind]
        status_chart = charts.status_chart(
            report.by_area,
            title=_("Activities per collaboration area by status, %(year)s")
            % {"year": report.year},
            chart_id="chart-areas",
            language=language,
        )
        change_chart = charts.year_over_year_chart(
            report.by_kind,
            title=_("Activities per kind, %(year)s against %(previous)s")
            % {"year": report.year, "previous": report.year - 1},
            chart_id="chart-kinds",
            year=report.year,
            language=language,
        )
        agreements = report.agreements
        groups = [
            ("signed", _("Signed during the year"), agreements.signed),
            ("in-force", _("In force"), agreements.in_force),
            ("expiring", _("Ending within twelve months"), agreements.expiring),
            ("under-notice", _("Notice deadline within 90 days"), agreements.under_notice),
        ]
        return {
            "report": report,
            "links": links,
            "previous_year": report.year - 1,
            "generated_on": format_date(report.generated_at.date(), language),
            "reference_day": format_date(report.reference_day, language),
            "status_chart": status_chart,
            "change_chart": change_chart,
            "by_area": by_area,
            "by_kind": by_kind,
            "totals": row_view(report.totals, language),
            "any_figures": _has_figures(report.totals.figures)
            or _has_figures(report.totals.previous_figures),
            "activity_rows": activity_rows(report.activities, links=links),
            "agreement_groups": [
                {
                    "id": key,
                    "title": title,
                    "count": format_number(len(lines), language),
                    "rows": agreement_rows(lines, links=links),
                }
                for key, title, lines in groups
            ],
            "exchanges": [
                {
                    "line": line,
                    "starts_on": format_date(line.starts_on, language),
                    "ends_on": format_date(line.ends_on, language),
                }
                for line in report.exchanges
            ],
            "actions": [
                {
                    "line": line,
                    "due_on": format_date(line.due_on, language),
                    "meeting_on": format_date(line.meeting_on, language),
                }
                for line in report.open_actions
            ],
            "hidden_activities": format_number(report.hidden_activities, language),
            "hidden_agreements": format_number(report.hidden_agreements, language),
            "sections": sections(report),
            "innovation": innovation_view(report),
        }


def _title_cell(title: str, url: str, confidential: bool, *, links: bool) -> SafeString:
    """A line's title, linked when the reader may open it, marked when its content is secret."""
    if links and url:
        cell = format_html('<a href="{}">{}</a>', url, title)
    else:
        cell = format_html("{}", title)
    if confidential:
        secret = _("content marked secret")
        cell = format_html('{} <span class="report-secret">({})</span>', cell, secret)
    return cell


def activity_rows(lines: list[ActivityLine], *, links: bool) -> SafeString:
    """The table rows of the activities of the year (in the active language)."""
    return format_html_join(
        "\n",
        '<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{} – {}</td></tr>',
        (
            (
                _title_cell(a.title, a.url, a.confidential, links=links),
                a.kind,
                a.area or NOTHING,
                a.status,
                a.starts,
                a.ends or "…",
            )
            for a in lines
        ),
    )


def agreement_rows(lines: list[AgreementLine], *, links: bool) -> SafeString:
    """The table rows of a group of agreements (in the active language)."""
    return format_html_join(
        "\n",
        '<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>',
        (
            (
                _title_cell(g.title, g.url, g.confidential, links=links),
                g.status,
                format_date(g.signed_on) or NOTHING,
                format_date(g.ends_on) or NOTHING,
                format_date(g.notice_deadline) or NOTHING,
            )
            for g in lines
        ),
    )


def innovation_view(report: Report) -> dict[str, Any] | None:
    """The innovation-support section, formatted (None: the partnership has none)."""
    section = report.innovation
    if section is None:
        return None
    language = report.language
    return {
        "offices": ", ".join(section.offices),
        "tables": [
            {
                "key": table.key,
                "title": table.title,
                "first": table.first,
                "rows": [
                    {
                        "label": row.label,
                        "depth": row.depth,
                        "indent": f"{row.depth * 1.5:.1f}",
                        "current": format_number(row.current, language),
                        "previous": format_number(row.previous, language),
                        "change": format_change(row.current, row.previous, language),
                    }
                    for row in table.rows
                ],
            }
            for table in section.tables
        ],
        "money": [
            {
                "label": money.label,
                "current": format_funding(money.current, language),
                "previous": format_funding(money.previous, language),
                "change": format_funding_change(money.current, money.previous, language),
            }
            for money in section.money
        ],
    }


def sections(report: Report) -> list[tuple[str, str]]:
    """(anchor, heading) of each section, in order: the table of contents."""
    innovation = [("innovation", _("Innovation support"))] if report.innovation else []
    return [
        ("summary", _("Summary")),
        ("charts", _("Charts")),
        ("by-area", _("Per collaboration area")),
        ("by-kind", _("Per kind of activity")),
        *innovation,
        ("activities", _("Activities of the year")),
        ("exchanges", _("Personnel exchanges")),
        ("agreements", _("Agreements")),
        ("contacts", _("Contact persons")),
        ("steering", _("Leadership dialogues and steering-group meetings")),
        ("actions", _("Open action items")),
        ("findings", _("Compliance with the agreement")),
        ("text", _("The steering group's assessment")),
    ]


def print_css() -> SafeString:
    """The report's print stylesheet, for the standalone file and the PDF (no URL fetched)."""
    return mark_safe(PRINT_CSS.read_text(encoding="utf-8"))  # noqa: S308 - our own file


def render_document(report: Report, *, for_print: bool = False) -> str:
    """The report as one standalone HTML document: its stylesheet inside, no link out."""
    with translation.override(report.language):
        context = present(report, links=False)
        context.update({"css": print_css(), "for_print": for_print})
        return render_to_string("followup/report_document.html", context)


def render_html(report: Report) -> bytes:
    """The standalone HTML file of the report (UTF-8)."""
    return render_document(report).encode("utf-8")


__all__ = [
    "activity_rows",
    "agreement_rows",
    "present",
    "render_document",
    "render_html",
    "row_view",
    "sections",
]
