"""The figures page of an innovation network: cases, stages, support and outcomes per year.

Anyone taking part in the network reads it (others: 404). The figures are counted over every
case (innovation/figures.py) and name none. A number links to the case list, filtered, only for
a reader entitled to that institution's cases (an advisor for it in the network); the list
itself shows only the cases the reader may see. Everyone else reads plain numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from samverkan.followup.report import charts
from samverkan.followup.report.formatting import (
    format_change,
    format_funding,
    format_funding_change,
    format_number,
)
from samverkan.partnerships.models import Partnership

from .figures import FIRST_YEAR, LAST_YEAR, NetworkFigures, network_figures
from .models import Outcome, Stage, Support
from .permissions import advised_institutions


class YearForm(forms.Form):
    """`?year=YYYY`: the year the figures are for (this year when empty)."""

    year = forms.IntegerField(
        label=gettext_lazy("Year"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
        error_messages={
            "invalid": gettext_lazy("Write the year with four digits, for example 2024."),
            "min_value": gettext_lazy("Choose a year from %(limit_value)s on."),
            "max_value": gettext_lazy("Choose a year up to %(limit_value)s."),
        },
        help_text=gettext_lazy("Empty: this year."),
    )

    def chosen(self) -> int:
        """The year asked for, once valid; this year when none was."""
        return self.cleaned_data.get("year") or timezone.localdate().year


def get_network_for_reader(user, network_pk: int) -> Partnership:
    """The network partnership if the user takes part in it; Http404 for any other (and for a
    partnership that is not a network)."""
    network = (
        Partnership.objects.visible_to(user)
        .filter(pk=network_pk, kind=Partnership.Kind.NETWORK)
        .first()
    )
    if network is None:
        raise Http404
    return network


# What the page shows


@dataclass
class Cell:
    text: str
    url: str = ""  # "" : a plain number


@dataclass
class CompareRow:
    label: str
    current: str
    previous: str
    change: str


def _count_row(label: str, current: int, previous: int, language: str) -> CompareRow:
    return CompareRow(
        label,
        format_number(current, language),
        format_number(previous, language),
        format_change(current, previous, language),
    )


def _money_row(label: str, current: dict, previous: dict, language: str) -> CompareRow:
    return CompareRow(
        label,
        format_funding(current, language),
        format_funding(previous, language),
        format_funding_change(current, previous, language),
    )


def overview(figures: NetworkFigures, language: str) -> list[CompareRow]:
    now, before = figures.total.current, figures.total.previous
    return [
        _count_row(_("New cases"), now.new_cases, before.new_cases, language),
        _count_row(_("Cases open at year end"), now.open_cases, before.open_cases, language),
        _count_row(_("Stage changes"), now.stage_change_count, before.stage_change_count, language),
        _count_row(_("Support given"), now.support_count, before.support_count, language),
        _money_row(
            _("Verification funding"),
            now.verification_funding,
            before.verification_funding,
            language,
        ),
        _count_row(_("Outcomes"), now.outcome_count, before.outcome_count, language),
        _money_row(_("Funding raised"), now.funding_raised, before.funding_raised, language),
    ]


def by_stage(figures: NetworkFigures, language: str) -> list[dict]:
    now, before = figures.total.current, figures.total.previous
    return [
        {
            "label": str(stage.label),
            "in_stage": _count_row("", now.in_stage[stage], before.in_stage[stage], language),
            "changes": _count_row(
                "", now.stage_changes[stage], before.stage_changes[stage], language
            ),
        }
        for stage in Stage
    ]


def by_kind(counts_now: dict, counts_before: dict, kinds, language: str) -> list[CompareRow]:
    return [
        _count_row(str(kind.label), counts_now[kind], counts_before[kind], language)
        for kind in kinds
    ]


def _case_list_url(network_pk: int, **filters) -> str:
    return reverse("innovation:case_list", args=[network_pk]) + "?" + urlencode(filters)


def institution_rows(
    figures: NetworkFigures, language: str, *, advised: set[int], this_year: int
) -> list[dict]:
    """Each institution's figures; the numbers link to its filtered case list only where the
    reader advises it (the stage counts only for this year: the list filters by today's
    stage)."""
    rows = []
    for line in figures.by_institution:
        link = line.organisation_id in advised
        now = line.current
        new_url = ""
        if link:
            new_url = _case_list_url(
                figures.network_id, institution=line.organisation_id, year=figures.year
            )
        stages = []
        for stage in Stage:
            url = ""
            if link and figures.year == this_year:
                url = _case_list_url(
                    figures.network_id, institution=line.organisation_id, stage=stage.value
                )
            stages.append(Cell(format_number(now.in_stage[stage], language), url))
        rows.append(
            {
                "label": line.label,
                "linked": link,
                "new": Cell(format_number(now.new_cases, language), new_url),
                "previous_new": format_number(line.previous.new_cases, language),
                "stages": stages,
                "changes": format_number(now.stage_change_count, language),
                "support": format_number(now.support_count, language),
                "verification_funding": format_funding(now.verification_funding, language),
                "outcomes": format_number(now.outcome_count, language),
            }
        )
    return rows


def unit_rows(figures: NetworkFigures, language: str) -> list[dict]:
    return [
        {
            "label": line.label,
            "depth": line.depth,
            "indent": f"{line.depth * 1.5:.1f}",
            "own": format_number(line.own_current.new_cases, language),
            "new": format_number(line.current.new_cases, language),
            "previous_new": format_number(line.previous.new_cases, language),
            "open": format_number(line.current.open_cases, language),
            "support": format_number(line.current.support_count, language),
            "outcomes": format_number(line.current.outcome_count, language),
        }
        for line in figures.by_unit
    ]


def stage_chart(figures: NetworkFigures, *, chart_id: str, language: str) -> SafeString:
    """Two bars per stage: cases in it at the end of the year, this year above last year, each
    with its number (the chart style of the annual report, report/charts.py)."""
    now, before = figures.total.current, figures.total.previous
    pairs = [(str(s.label), now.in_stage[s], before.in_stage[s]) for s in Stage]
    title = _("Cases per stage at year end, %(year)s against %(previous)s") % {
        "year": figures.year,
        "previous": figures.previous_year,
    }
    if not any(current or previous for _label, current, previous in pairs):
        return charts.no_data_chart(
            title, chart_id, message=_("No cases"), desc=_("There are no cases to chart.")
        )
    desc = " ".join(
        [
            _("Cases at the end of %(year)s: %(current)s; at the end of %(previous)s: %(before)s.")
            % {
                "year": figures.year,
                "current": format_number(now.cases, language),
                "previous": figures.previous_year,
                "before": format_number(before.cases, language),
            },
            _("The table beside the chart gives every number."),
        ]
    )
    names = (str(figures.year), str(figures.previous_year))
    return charts.paired_bar_chart(
        pairs, names=names, title=title, desc=desc, chart_id=chart_id, language=language
    )


def present(figures: NetworkFigures, *, advised: set[int]) -> dict:
    """The template context of the figures, in the active language."""
    language = translation.get_language()
    this_year = timezone.localdate().year
    return {
        "figures": figures,
        "overview": overview(figures, language),
        "by_stage": by_stage(figures, language),
        "outcomes": by_kind(
            figures.total.current.outcomes,
            figures.total.previous.outcomes,
            Outcome.Kind,
            language,
        ),
        "support": by_kind(
            figures.total.current.support,
            figures.total.previous.support,
            Support.Kind,
            language,
        ),
        "institutions": institution_rows(figures, language, advised=advised, this_year=this_year),
        "stages": [str(stage.label) for stage in Stage],
        "units": unit_rows(figures, language),
        "chart": stage_chart(figures, chart_id="chart-stages", language=language),
        "any_links": bool(advised),
    }


@login_required
@require_GET
def figures_page(request: HttpRequest, network_pk: int) -> HttpResponse:
    """Anyone taking part in the network reads its figures; a bad `?year=` is named on the
    form (400)."""
    network = get_network_for_reader(request.user, network_pk)
    form = YearForm(request.GET)
    context = {"network": network, "form": form}
    if not form.is_valid():
        return render(request, "innovation/figures.html", context, status=400)
    figures = network_figures(network, form.chosen())
    advised = set(advised_institutions(request.user, network).values_list("pk", flat=True))
    context.update(present(figures, advised=advised))
    return render(request, "innovation/figures.html", context)


__all__ = ["YearForm", "figures_page", "get_network_for_reader", "present"]
