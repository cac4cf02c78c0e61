"""The roll-up page (`/reports/<year>/`) and its XLSX file: the year's figures of every
partnership the reader takes part in; every partnership for the site administrator."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.lib.exports import to_xlsx_sheets

from .report.formatting import format_number
from .rollup import Rollup, RollupRow, build_rollup

FIRST_YEAR = 2000


def _year(year: int) -> int:
    if not FIRST_YEAR <= year <= timezone.localdate().year + 1:
        raise Http404
    return year


@login_required
def rollup_latest(request: HttpRequest) -> HttpResponse:
    """Last year's roll-up: the year the spring's follow-up looks back on."""
    return redirect("rollup:year", year=timezone.localdate().year - 1)


def _header(rollup: Rollup) -> list[str]:
    return [
        _("Partnership"),
        _("Activities %(year)s") % {"year": rollup.year},
        _("Activities %(year)s") % {"year": rollup.year - 1},
        _("Students"),
        _("Participants"),
        _("Hours"),
        _("Agreements signed"),
        _("Agreements in force on %(day)s") % {"day": rollup.on.isoformat()},
        _("Personnel exchanges"),
        _("Steering-group meetings"),
        _("Leadership dialogue held"),
    ]


def _values(row: RollupRow) -> list:
    return [
        row.activities,
        row.previous_activities,
        row.students,
        row.participants,
        row.hours,
        row.agreements_signed,
        row.agreements_in_force,
        row.exchanges,
        row.meetings,
    ]


@login_required
def rollup(request: HttpRequest, year: int) -> HttpResponse:
    rollup = build_rollup(request.user, _year(year))
    if request.GET.get("format") == "xlsx":
        return _xlsx(rollup)
    yes, no = _("Yes"), _("No")
    context = {
        "rollup": rollup,
        "header": _header(rollup),
        "rows": [
            (row, [format_number(v) for v in _values(row)], yes if row.dialogue_held else no)
            for row in rollup.rows
        ],
        "totals": [format_number(v) for v in _values(rollup.totals)],
        "kinds": [
            (kind, format_number(kind.activities), format_number(kind.previous_activities))
            for kind in rollup.kinds
        ],
        "national": request.user.is_superuser,
        "previous_year": year - 1 if year > FIRST_YEAR else None,
        "next_year": year + 1 if year <= timezone.localdate().year else None,
    }
    return render(request, "followup/rollup.html", context)


def _xlsx(rollup: Rollup) -> HttpResponse:
    yes, no = _("Yes"), _("No")
    partnerships = [
        [row.name, *_values(row), yes if row.dialogue_held else no] for row in rollup.rows
    ]
    partnerships.append([_("Total"), *_values(rollup.totals), rollup.dialogues_held])
    kinds = [[k.label, k.activities, k.previous_activities] for k in rollup.kinds]
    kind_header = [
        _("Kind of activity"),
        _("Activities %(year)s") % {"year": rollup.year},
        _("Activities %(year)s") % {"year": rollup.year - 1},
    ]
    content = to_xlsx_sheets(
        [
            (_("Partnerships"), _header(rollup), partnerships),
            (_("Kinds of activity"), kind_header, kinds),
        ]
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="rollup-{rollup.year}.xlsx"'
    return response
