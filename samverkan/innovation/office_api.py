"""API: the innovation offices.

The same form and permissions as the pages (innovation/office_views.py): any signed-in user
reads an office; the host's coordinators in the office's network (and the site administrator)
change it. An office that does not exist answers 404; a change by anyone else, 403.
"""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samverkan.partnerships.permissions import require
from samverkan.rest.forms import bind, input_serializer
from samverkan.rest.schema import read_errors, write_errors
from samverkan.rest.views import ListView, check_shape, payload, save, version_of

from .models import InnovationOffice
from .office_forms import InnovationOfficeForm
from .permissions import OFFICE_RELATED, can_edit_office, get_office_for_user, office_roles

TAGS = ["innovation"]


class InnovationOfficeOut(serializers.ModelSerializer):
    host_name = serializers.CharField(source="host.name", read_only=True)
    head_name = serializers.CharField(source="head.name", read_only=True, allow_null=True)
    contact_name = serializers.CharField(source="contact.name", read_only=True, allow_null=True)
    network_name = serializers.CharField(source="network.name", read_only=True, allow_null=True)

    class Meta:
        model = InnovationOffice
        fields = [
            "id",
            "name",
            "host",
            "host_name",
            "unit",
            "merged_into",
            "mandate",
            "mandate_reference",
            "established_on",
            "head",
            "head_name",
            "contact",
            "contact_name",
            "network",
            "network_name",
            "description",
            "version",
        ]


InnovationOfficeUpdate = input_serializer(
    InnovationOfficeForm, name="InnovationOfficeUpdate", with_version=True
)
InnovationOfficePatch = input_serializer(
    InnovationOfficeForm, name="InnovationOfficePatch", partial=True, with_version=True
)


class InnovationOfficeList(ListView):
    @extend_schema(responses={200: InnovationOfficeOut(many=True), **read_errors()}, tags=TAGS)
    def get(self, request: Request) -> Response:
        """Innovation offices, by name (public facts: every signed-in user)."""
        offices = InnovationOffice.objects.visible_to(request.user).select_related(*OFFICE_RELATED)
        return self.page(offices, InnovationOfficeOut)


class InnovationOfficeDetail(APIView):
    @extend_schema(responses={200: InnovationOfficeOut, **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int) -> Response:
        """One innovation office: mandate, host, unit, head, contact person, network."""
        return Response(InnovationOfficeOut(get_office_for_user(request.user, pk)).data)

    def _update(self, request: Request, pk: int, *, partial: bool) -> Response:
        office = get_office_for_user(request.user, pk)
        require(can_edit_office(office_roles(request.user, office), office))
        check_shape(InnovationOfficePatch if partial else InnovationOfficeUpdate, request)
        version_of(request)
        form = bind(
            InnovationOfficeForm,
            payload(request),
            instance=office,
            partial=partial,
            user=request.user,
        )
        return Response(InnovationOfficeOut(save(form, request)).data)

    @extend_schema(
        request=InnovationOfficeUpdate,
        responses={200: InnovationOfficeOut, **write_errors()},
        tags=TAGS,
    )
    def put(self, request: Request, pk: int) -> Response:
        """Change the office (the host's coordinators in its network, or the site admin).

        Its units and people must be of the host organisation, and the partnership it runs
        a network the host takes part in.
        """
        return self._update(request, pk, partial=False)

    @extend_schema(
        request=InnovationOfficePatch,
        responses={200: InnovationOfficeOut, **write_errors()},
        tags=TAGS,
    )
    def patch(self, request: Request, pk: int) -> Response:
        """Change some fields of the office, e.g. its contact person."""
        return self._update(request, pk, partial=True)


urlpatterns = [
    path("innovation-offices/", InnovationOfficeList.as_view(), name="api-innovation-offices"),
    path(
        "innovation-offices/<id:pk>/",
        InnovationOfficeDetail.as_view(),
        name="api-innovation-office",
    ),
]
