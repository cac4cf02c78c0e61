"""API: the steering group of a partnership: members, meetings, decisions, action items.

Same forms and permissions as the pages (followup/steering_views.py): anyone taking part in
the partnership reads; coordinators and the steering group keep its records. A partnership the
user does not take part in answers 404.

The lists are whole, not paged: a partnership holds about one dialogue a year and a steering
group of a handful of people.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samverkan.partnerships.permissions import (
    get_access_for_user,
    get_partnership_for_user,
    require,
)
from samverkan.rest.forms import bind, input_serializer
from samverkan.rest.schema import read_errors, write_errors
from samverkan.rest.views import check_shape, payload, save, version_of

from .models import SteeringGroupMember
from .steering_forms import SteeringGroupMemberForm

TAGS = ["follow-up"]


class SteeringGroupMemberOut(serializers.ModelSerializer):
    class Meta:
        model = SteeringGroupMember
        fields = [
            "id",
            "partnership",
            "party",
            "person",
            "role",
            "starts_on",
            "ends_on",
            "version",
        ]


SteeringGroupMemberIn = input_serializer(SteeringGroupMemberForm, name="SteeringGroupMemberIn")
SteeringGroupMemberUpdate = input_serializer(
    SteeringGroupMemberForm, name="SteeringGroupMemberUpdate", with_version=True
)
SteeringGroupMemberPatch = input_serializer(
    SteeringGroupMemberForm, name="SteeringGroupMemberPatch", partial=True, with_version=True
)


class SteeringGroupList(APIView):
    @extend_schema(responses={200: SteeringGroupMemberOut(many=True), **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int) -> Response:
        """Everyone who is or has been on the steering group, the latest to join first."""
        partnership = get_partnership_for_user(request.user, pk)
        return Response(SteeringGroupMemberOut(partnership.steering_members.all(), many=True).data)

    @extend_schema(
        request=SteeringGroupMemberIn,
        responses={201: SteeringGroupMemberOut, **write_errors()},
        tags=TAGS,
    )
    def post(self, request: Request, pk: int) -> Response:
        """Name a steering-group member (coordinators and the steering group).

        The person must be of the chosen party's organisation, the party one of this
        partnership's; the membership ends on or after its start and does not overlap another
        membership of the same person in this partnership.
        """
        access = get_access_for_user(request.user, pk)
        require(access.can_record_dialogues)
        check_shape(SteeringGroupMemberIn, request)
        form = bind(
            SteeringGroupMemberForm,
            payload(request),
            partnership=access.partnership,
            user=request.user,
        )
        member = save(form, request)
        return Response(SteeringGroupMemberOut(member).data, status=status.HTTP_201_CREATED)


class SteeringGroupMemberDetail(APIView):
    @extend_schema(responses={200: SteeringGroupMemberOut, **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int, member_pk: int) -> Response:
        """One steering-group membership."""
        partnership = get_partnership_for_user(request.user, pk)
        member = get_object_or_404(SteeringGroupMember, pk=member_pk, partnership=partnership)
        return Response(SteeringGroupMemberOut(member).data)

    def _update(self, request: Request, pk: int, member_pk: int, *, partial: bool) -> Response:
        access = get_access_for_user(request.user, pk)
        member = get_object_or_404(
            SteeringGroupMember, pk=member_pk, partnership=access.partnership
        )
        require(access.can_record_dialogues)
        check_shape(SteeringGroupMemberPatch if partial else SteeringGroupMemberUpdate, request)
        version_of(request)
        form = bind(
            SteeringGroupMemberForm,
            payload(request),
            instance=member,
            partial=partial,
            partnership=access.partnership,
            user=request.user,
        )
        return Response(SteeringGroupMemberOut(save(form, request)).data)

    @extend_schema(
        request=SteeringGroupMemberUpdate,
        responses={200: SteeringGroupMemberOut, **write_errors()},
        tags=TAGS,
    )
    def put(self, request: Request, pk: int, member_pk: int) -> Response:
        """Change a steering-group membership (coordinators and the steering group)."""
        return self._update(request, pk, member_pk, partial=False)

    @extend_schema(
        request=SteeringGroupMemberPatch,
        responses={200: SteeringGroupMemberOut, **write_errors()},
        tags=TAGS,
    )
    def patch(self, request: Request, pk: int, member_pk: int) -> Response:
        """Change some fields of a steering-group membership, e.g. end it."""
        return self._update(request, pk, member_pk, partial=True)


urlpatterns = [
    path(
        "partnerships/<id:pk>/steering-group/",
        SteeringGroupList.as_view(),
        name="api-steering-group",
    ),
    path(
        "partnerships/<id:pk>/steering-group/<id:member_pk>/",
        SteeringGroupMemberDetail.as_view(),
        name="api-steering-member",
    ),
]
