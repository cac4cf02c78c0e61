"""The leadership's dashboard of a partnership: this year against last, per area, at a glance.

It reads the annual report's figures without its lines (`report.data.build_overview`, a fixed
number of queries, counted in SQL) as the reader may see them, and shows them with the report's
charts and a data table beside each.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from samverkan.partnerships.permissions import get_access_for_user

from .compliance import PANEL_ITEMS
from .compliance_views import shown
from .report.charts import status_chart, year_over_year_chart
from .report.data import FIGURE_NAMES, AgreementLine, Figures, Row, build_overview
from .report.formatting import (
    NOTHING,
    format_change,
    format_date,
    format_funding,
    format_funding_change,
    format_number,
)

# The years a dashboard can show: the year before must exist too.
FIRST_YEAR = 1901
LAST_YEAR = 9998


class YearForm(forms.Form):
    """`?year=2025`: the year the dashboard shows against the one before (this year when
    empty)."""

    year = forms.IntegerField(
        label=gettext_lazy("Year"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
        help_text=gettext_lazy("Empty: this year."),
    )

    def chosen(self) -> int:
        return self.cleaned_data.get("year") or timezone.localdate().year


@dataclass
class AreaLine:
    """One area's row of the tables: this year's counts by status, and figures against last."""

    label: str
    planned: str
    ongoing: str
    completed: str
    cancelled: str
    total: str
    previous_total: str
    change: str
    figures: list[tuple[str, str, str]]  # (this year, last year, change) per figure


def _figure(figures: Figures, name: str, language: str) -> str:
    if name == "funding":
        return format_funding(figures.funding, language)
    return format_number(getattr(figures, name), language)


def _figure_change(row: Row, name: str, language: str) -> str:
    if name == "funding":
        return format_funding_change(row.figures.funding, row.previous_figures.funding, language)
    return format_change(getattr(row.figures, name), getattr(row.previous_figures, name), language)


def _line(row: Row, language: str) -> AreaLine:
    counts, previous = row.counts, row.previous_counts
    return AreaLine(
        label=row.label,
        planned=format_number(counts.planned, language),
        ongoing=format_number(counts.ongoing, language),
        completed=format_number(counts.completed, language),
        cancelled=format_number(counts.cancelled, language),
        total=format_number(counts.total, language),
        previous_total=format_number(previous.total, language),
        change=format_change(counts.total, previous.total, language),
        figures=[
            (
                _figure(row.figures, name, language),
                _figure(row.previous_figures, name, language),
                _figure_change(row, name, language),
            )
            for name in FIGURE_NAMES
        ],
    )


def _attention(
    lines: list[AgreementLine], limit: int
) -> tuple[list[tuple[AgreementLine, str, str]], int]:
    """(line, notice deadline, end) of the `limit` agreements needing attention whose date is
    nearest, the dates written here; and how many more need attention. A large partnership
    has thousands: the dashboard names the first few, as the compliance panel does."""
    nearest = sorted(
        lines,
        key=lambda line: min(
            d for d in (line.notice_deadline, line.ends_on, datetime.date.max) if d
        ),
    )
    shown = [
        (
            line,
            format_date(line.notice_deadline) or NOTHING,
            format_date(line.ends_on) or NOTHING,
        )
        for line in nearest[:limit]
    ]
    return shown, len(nearest) - len(shown)


def figure_labels() -> list[str]:
    return [_("Students"), _("Participants"), _("Hours"), _("Funding")]


@login_required
@require_GET
def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    """Anyone taking part reads it; a bad `?year=` is named on the form (400)."""
    access = get_access_for_user(request.user, pk)
    partnership = access.partnership
    form = YearForm(request.GET)
    context = {"partnership": partnership, "access": access, "form": form}
    if not form.is_valid():
        return render(request, "followup/dashboard.html", context, status=400)
    year = form.chosen()
    language = (translation.get_language() or "sv").split("-")[0]
    overview = build_overview(
        partnership, year, user=request.user, language=language, access=access
    )
    on: datetime.date = overview.reference_day
    totals = _line(overview.totals, language)
    labels = figure_labels()
    glance = [(_("Activities"), totals.total, totals.previous_total, totals.change)]
    glance += [(label, *figure) for label, figure in zip(labels, totals.figures, strict=True)]
    agreements, more_agreements = _attention(overview.attention, PANEL_ITEMS)
    context.update(
        {
            "year": year,
            "previous_year": year - 1,
            "on": on,
            "overview": overview,
            "glance": glance,
            "areas": [_line(row, language) for row in overview.by_area],
            "figure_labels": labels,
            "area_chart": year_over_year_chart(
                overview.by_area,
                title=_("Activities per collaboration area, %(year)s against %(previous)s")
                % {"year": year, "previous": year - 1},
                chart_id="chart-areas-year-over-year",
                year=year,
                language=language,
            ),
            "status_chart": status_chart(
                overview.by_area,
                title=_("Activities per collaboration area by status, %(year)s") % {"year": year},
                chart_id="chart-areas-by-status",
                language=language,
            ),
            "findings": shown(overview.findings),
            "kept": sum(1 for f in overview.findings if f.ok),
            "compliance_url": reverse("partnerships:compliance", args=[partnership.pk])
            + "?"
            + urlencode({"on": on.isoformat()}),
            "agreements": agreements,
            "more_agreements": more_agreements,
            "open_actions": overview.open_actions,
            "overdue_actions": overview.overdue_actions,
        }
    )
    return render(request, "followup/dashboard.html", context)
