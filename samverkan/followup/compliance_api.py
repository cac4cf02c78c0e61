"""API: the compliance panel of a partnership (GET /api/v1/partnerships/<pk>/compliance/).

The same findings, rules and permissions as the page (followup/compliance_views.py): anyone
taking part reads; a partnership the user does not take part in answers 404; a bad `?on=` 400,
with the page form's message. Items name records as the reader may see them (masked where the
reader is not entitled), and links to act are given only to a reader whose role allows the act.
As on the page, a finding lists its first PANEL_ITEMS records at fault and counts the rest in
`more` (a partnership may have thousands of activities without an agreement).
"""

from __future__ import annotations

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samverkan.partnerships.permissions import get_partnership_for_user
from samverkan.rest.forms import validated
from samverkan.rest.schema import BAD_REQUEST, read_errors

from . import compliance
from .compliance_views import DayForm

TAGS = ["follow-up"]


class FindingItemOut(serializers.Serializer):
    label = serializers.CharField(
        help_text="The record at fault as you may see it: masked text where it is secret to you."
    )
    url = serializers.CharField(help_text='Its page; "" when you may not open it from here.')


class FindingOut(serializers.Serializer):
    key = serializers.ChoiceField(
        choices=list(compliance.KEYS), help_text="The obligation, stable across versions."
    )
    title = serializers.CharField(help_text="The obligation's short name.")
    obligation = serializers.CharField(help_text="What the MoU asks.")
    ok = serializers.BooleanField(help_text="Kept (for a warning: nothing needs attention).")
    state = serializers.ChoiceField(
        choices=list(compliance.STATES),
        help_text='"attention" is a warning, not a breach (agreements nearing a deadline).',
    )
    evidence = serializers.CharField(help_text="What the register shows, in a sentence or two.")
    action_url = serializers.CharField(
        help_text='The page where you can act; "" when nothing is to be done or you may not.'
    )
    action_label = serializers.CharField()
    items = FindingItemOut(
        many=True, help_text=f"The records at fault, the first {compliance.PANEL_ITEMS} of them."
    )
    more = serializers.IntegerField(
        help_text="How many more records are at fault than `items` lists (the evidence gives "
        "the totals)."
    )


def _out(finding) -> dict:
    return {
        "key": finding.key,
        "title": compliance.title(finding),
        "obligation": finding.obligation,
        "ok": finding.ok,
        "state": compliance.state(finding),
        "evidence": finding.evidence,
        "action_url": finding.action_url,
        "action_label": finding.action_label,
        "items": [{"label": item.label, "url": item.url} for item in finding.items],
        "more": finding.more,
    }


class ComplianceView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter(
                "on",
                OpenApiTypes.DATE,
                description="The day to judge the register on (YYYY-MM-DD, from 1900-01-01 to "
                "9998-12-31); today when left out.",
            )
        ],
        responses={200: FindingOut(many=True), 400: BAD_REQUEST, **read_errors()},
        tags=TAGS,
    )
    def get(self, request: Request, pk: int) -> Response:
        """Each obligation of the MoU beside the evidence that it is kept, in the MoU's order."""
        partnership = get_partnership_for_user(request.user, pk)
        form = DayForm(request.query_params)
        validated(form)
        found = compliance.findings(
            partnership, user=request.user, on=form.day(), limit=compliance.PANEL_ITEMS
        )
        return Response(FindingOut([_out(f) for f in found], many=True).data)


urlpatterns = [
    path("partnerships/<id:pk>/compliance/", ComplianceView.as_view(), name="api-compliance"),
]
