"""API: the figures of an innovation network (GET /api/v1/innovation-networks/<pk>/figures/).

The same figures, rules and permissions as the page (innovation/figures_views.py): anyone taking
part in the network reads them; a partnership the user does not take part in (or one that is
not a network) answers 404; a bad `?year=` 400 with the page form's message. The figures are
counted over every case and name none: no case id, title or link.
"""

from __future__ import annotations

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samverkan.rest.forms import validated
from samverkan.rest.schema import BAD_REQUEST, read_errors

from .figures import FIRST_YEAR, LAST_YEAR, Line, Tally, UnitLine, network_figures
from .figures_views import YearForm, get_network_for_reader
from .models import Outcome, Stage, Support

TAGS = ["innovation"]
COUNT = {"min_value": 0, "max_value": 2**31 - 1}


def _counts(name: str, choices, help_text: str) -> type[serializers.Serializer]:
    fields = {value: serializers.IntegerField(**COUNT) for value in choices.values}
    fields["__doc__"] = help_text
    return type(name, (serializers.Serializer,), fields)


StageCountsOut = _counts("InnovationStageCounts", Stage, "A count per stage.")
OutcomeCountsOut = _counts("InnovationOutcomeCounts", Outcome.Kind, "A count per outcome kind.")
SupportCountsOut = _counts("InnovationSupportCounts", Support.Kind, "A count per support kind.")


class MoneyField(serializers.DictField):
    """Amounts per ISO currency code, as decimal text; never summed across currencies."""

    child = serializers.DecimalField(max_digits=20, decimal_places=2, coerce_to_string=True)


class TallyOut(serializers.Serializer):
    in_stage = StageCountsOut(help_text="Cases opened by 31 December, by their stage that day.")
    cases = serializers.IntegerField(**COUNT, help_text="Cases opened by the end of the year.")
    open_cases = serializers.IntegerField(**COUNT, help_text="Of those, not closed.")
    new_cases = serializers.IntegerField(**COUNT, help_text="Cases opened during the year.")
    stage_changes = StageCountsOut(help_text="Stage changes dated in the year, by stage moved to.")
    outcomes = OutcomeCountsOut(help_text="Outcomes achieved in the year, by kind.")
    funding_raised = MoneyField(help_text="Funding raised (an outcome), per currency.")
    support = SupportCountsOut(help_text="Support given in the year, by kind.")
    verification_funding = MoneyField(help_text="Verification funding given, per currency.")


class LineOut(serializers.Serializer):
    label = serializers.CharField()
    organisation = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, allow_null=True, help_text="The institution's id."
    )
    current = TallyOut(help_text="The year asked for.")
    previous = TallyOut(help_text="The year before.")


class UnitLineOut(LineOut):
    unit = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, allow_null=True, help_text='null: "no handling unit".'
    )
    depth = serializers.IntegerField(
        min_value=0, max_value=1000, help_text="0: a unit reporting to no other."
    )
    own_current = TallyOut(help_text="The unit's own cases only, the year asked for.")


class FiguresOut(serializers.Serializer):
    network = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    name = serializers.CharField()
    year = serializers.IntegerField(min_value=FIRST_YEAR, max_value=LAST_YEAR)
    previous_year = serializers.IntegerField(min_value=FIRST_YEAR - 1, max_value=LAST_YEAR)
    total = LineOut()
    by_institution = LineOut(many=True)
    by_unit = UnitLineOut(
        many=True,
        help_text="Units along the reporting lines, each with the subtotal of the units "
        "reporting to it, parents before their children.",
    )


def tally_data(tally: Tally) -> dict:
    return {
        "in_stage": dict(tally.in_stage),
        "cases": tally.cases,
        "open_cases": tally.open_cases,
        "new_cases": tally.new_cases,
        "stage_changes": dict(tally.stage_changes),
        "outcomes": dict(tally.outcomes),
        "funding_raised": dict(sorted(tally.funding_raised.items())),
        "support": dict(tally.support),
        "verification_funding": dict(sorted(tally.verification_funding.items())),
    }


def line_data(line: Line) -> dict:
    data = {
        "label": line.label,
        "organisation": line.organisation_id,
        "current": tally_data(line.current),
        "previous": tally_data(line.previous),
    }
    if isinstance(line, UnitLine):
        data.update(
            unit=int(line.key) if line.key else None,
            depth=line.depth,
            own_current=tally_data(line.own_current),
        )
    return data


class FiguresView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter(
                "year",
                OpenApiTypes.INT,
                description=f"The year ({FIRST_YEAR}–{LAST_YEAR}); this year when left out.",
            )
        ],
        responses={200: FiguresOut, 400: BAD_REQUEST, **read_errors()},
        tags=TAGS,
    )
    def get(self, request: Request, network_pk: int) -> Response:
        """The network's innovation-support figures for a year beside the year before: per
        institution, per stage, per kind of support and outcome, and along the reporting lines.
        Counted over every case; no case is named."""
        network = get_network_for_reader(request.user, network_pk)
        form = validated(YearForm(request.query_params))
        figures = network_figures(network, form.chosen())
        data = {
            "network": network.pk,
            "name": network.name,
            "year": figures.year,
            "previous_year": figures.previous_year,
            "total": line_data(figures.total),
            "by_institution": [line_data(line) for line in figures.by_institution],
            "by_unit": [line_data(line) for line in figures.by_unit],
        }
        return Response(FiguresOut(data).data)


urlpatterns = [
    path(
        "innovation-networks/<id:network_pk>/figures/",
        FiguresView.as_view(),
        name="api-innovation-figures",
    ),
]
