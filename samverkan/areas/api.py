"""API: a partnership's collaboration areas, their adjustments and its contact persons.

Same forms, services and permissions as the pages (areas/views.py): anyone taking part in the
partnership reads; coordinators and the steering group edit areas and adjustments; coordinators
name contact persons. A partnership the user does not take part in answers 404.

Lists are whole, not paged: a partnership has a handful of areas and contacts, and the
partnership page shows them all at once too.
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samverkan.audit.services import delete_record
from samverkan.partnerships.models import Partnership
from samverkan.partnerships.permissions import (
    get_access_for_user,
    get_partnership_for_user,
    require,
)
from samverkan.rest.forms import bind, input_serializer, validated
from samverkan.rest.schema import BAD_REQUEST, read_errors, write_errors
from samverkan.rest.views import (
    VERSION_PARAMETER,
    check_shape,
    payload,
    save,
    version_of,
    version_parameter,
)

from . import services
from .forms import AdjustmentForm, AreaForm, ContactPersonForm
from .models import AreaAdjustment, CollaborationArea, ContactPerson

TAGS = ["areas"]


class AreaAdjustmentOut(serializers.ModelSerializer):
    class Meta:
        model = AreaAdjustment
        fields = ["id", "area", "dialogue", "description", "version"]


class CollaborationAreaOut(serializers.ModelSerializer):
    identified_on = serializers.CharField(
        help_text="A year (2014), a month (2014-05) or a day (2014-05-12)."
    )
    retired_on = serializers.CharField(
        allow_null=True, help_text="A year, a month or a day; null while the area holds."
    )
    in_force = serializers.SerializerMethodField(
        help_text="Whether the area is in force today (identified, and not retired)."
    )
    adjustments = AreaAdjustmentOut(many=True, read_only=True)

    class Meta:
        model = CollaborationArea
        fields = [
            "id",
            "partnership",
            "name",
            "name_en",
            "description",
            "identified_on",
            "identified_by",
            "retired_on",
            "retired_by",
            "in_force",
            "adjustments",
            "version",
        ]

    def get_in_force(self, area: CollaborationArea) -> bool:
        return area.is_in_force(self.context.get("today") or timezone.localdate())


class ContactPersonOut(serializers.ModelSerializer):
    area = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="Null for a contact for the whole partnership."
    )
    organisation = serializers.IntegerField(
        source="party.organisation_id", read_only=True, help_text="The party's organisation."
    )
    person_name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = ContactPerson
        fields = [
            "id",
            "area",
            "party",
            "organisation",
            "person",
            "person_name",
            "field",
            "version",
        ]


class AreaListQuery(serializers.Serializer):
    in_force_on = serializers.DateField(
        required=False,
        help_text="Only the areas in force on this day (YYYY-MM-DD); a date known to the "
        "month or year counts from its first day.",
    )


CollaborationAreaIn = input_serializer(AreaForm, name="CollaborationAreaIn")
CollaborationAreaUpdate = input_serializer(
    AreaForm, name="CollaborationAreaUpdate", with_version=True
)
CollaborationAreaPatch = input_serializer(
    AreaForm, name="CollaborationAreaPatch", partial=True, with_version=True
)
AreaAdjustmentIn = input_serializer(AdjustmentForm, name="AreaAdjustmentIn")
ContactPersonIn = input_serializer(ContactPersonForm, name="ContactPersonIn")
ContactPersonUpdate = input_serializer(
    ContactPersonForm, name="ContactPersonUpdate", with_version=True
)
ContactPersonPatch = input_serializer(
    ContactPersonForm, name="ContactPersonPatch", partial=True, with_version=True
)


def _areas_out(areas: Any, **kwargs: Any) -> Any:
    return CollaborationAreaOut(areas, context={"today": timezone.localdate()}, **kwargs).data


def _get_area(partnership: Partnership, area_pk: int) -> CollaborationArea:
    return get_object_or_404(
        CollaborationArea.objects.prefetch_related("adjustments"),
        pk=area_pk,
        partnership=partnership,
    )


class AreaList(APIView):
    @extend_schema(
        parameters=[AreaListQuery],
        responses={200: CollaborationAreaOut(many=True), 400: BAD_REQUEST, **read_errors()},
        tags=TAGS,
    )
    def get(self, request: Request, pk: int) -> Response:
        """The partnership's collaboration areas, retired ones too, with their adjustments.

        In the order they were identified. With `in_force_on`, only those in force that day.
        """
        partnership = get_partnership_for_user(request.user, pk)
        query = AreaListQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        areas = partnership.areas.prefetch_related("adjustments")
        day = query.validated_data.get("in_force_on")
        if day is not None:
            areas = areas.in_force(on=day)
        return Response(_areas_out(areas, many=True))

    @extend_schema(
        request=CollaborationAreaIn,
        responses={201: CollaborationAreaOut, **write_errors()},
        tags=TAGS,
    )
    def post(self, request: Request, pk: int) -> Response:
        """Add a collaboration area (coordinators and the steering group).

        `identified_by` and `retired_by` must be dialogues of this partnership.
        """
        access = get_access_for_user(request.user, pk)
        require(access.can_edit_areas)
        check_shape(CollaborationAreaIn, request)
        form = bind(AreaForm, payload(request), partnership=access.partnership)
        return Response(_areas_out(save(form, request)), status=status.HTTP_201_CREATED)


class AreaDetail(APIView):
    @extend_schema(responses={200: CollaborationAreaOut, **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int, area_pk: int) -> Response:
        """One collaboration area with its adjustments."""
        partnership = get_partnership_for_user(request.user, pk)
        return Response(_areas_out(_get_area(partnership, area_pk)))

    def _update(self, request: Request, pk: int, area_pk: int, *, partial: bool) -> Response:
        access = get_access_for_user(request.user, pk)
        area = _get_area(access.partnership, area_pk)
        require(access.can_edit_areas)
        check_shape(CollaborationAreaPatch if partial else CollaborationAreaUpdate, request)
        version_of(request)
        form = bind(
            AreaForm,
            payload(request),
            instance=area,
            partial=partial,
            partnership=access.partnership,
        )
        return Response(_areas_out(save(form, request)))

    @extend_schema(
        request=CollaborationAreaUpdate,
        responses={200: CollaborationAreaOut, **write_errors()},
        tags=TAGS,
    )
    def put(self, request: Request, pk: int, area_pk: int) -> Response:
        """Change a collaboration area, for example retire it (coordinators, steering group)."""
        return self._update(request, pk, area_pk, partial=False)

    @extend_schema(
        request=CollaborationAreaPatch,
        responses={200: CollaborationAreaOut, **write_errors()},
        tags=TAGS,
    )
    def patch(self, request: Request, pk: int, area_pk: int) -> Response:
        """Change some fields of a collaboration area (coordinators, steering group)."""
        return self._update(request, pk, area_pk, partial=True)


class AdjustmentList(APIView):
    @extend_schema(responses={200: AreaAdjustmentOut(many=True), **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int, area_pk: int) -> Response:
        """The adjustments of an area's direction by later dialogues, oldest first."""
        partnership = get_partnership_for_user(request.user, pk)
        area = get_object_or_404(CollaborationArea, pk=area_pk, partnership=partnership)
        return Response(AreaAdjustmentOut(area.adjustments.all(), many=True).data)

    @extend_schema(
        request=AreaAdjustmentIn, responses={201: AreaAdjustmentOut, **write_errors()}, tags=TAGS
    )
    def post(self, request: Request, pk: int, area_pk: int) -> Response:
        """Record a dialogue's adjustment of the area (coordinators and the steering group)."""
        access = get_access_for_user(request.user, pk)
        area = get_object_or_404(CollaborationArea, pk=area_pk, partnership=access.partnership)
        require(access.can_edit_areas)
        check_shape(AreaAdjustmentIn, request)
        adjustment = save(bind(AdjustmentForm, payload(request), area=area), request)
        return Response(AreaAdjustmentOut(adjustment).data, status=status.HTTP_201_CREATED)


def _save_contact(
    form: ContactPersonForm, request: Request, *, expected_version: int | None
) -> ContactPerson:
    validated(form)
    return services.save_contact_person(
        form.instance, expected_version=expected_version, actor=request.user
    )


class ContactList(APIView):
    @extend_schema(responses={200: ContactPersonOut(many=True), **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int) -> Response:
        """The partnership's contact persons: per area (null: the whole partnership) and party."""
        partnership = get_partnership_for_user(request.user, pk)
        contacts = partnership.contact_persons.select_related("party", "person")
        return Response(ContactPersonOut(contacts, many=True).data)

    @extend_schema(
        request=ContactPersonIn, responses={201: ContactPersonOut, **write_errors()}, tags=TAGS
    )
    def post(self, request: Request, pk: int) -> Response:
        """Name a contact person (coordinators).

        The person speaks for the party of their organisation, which must be a party of the
        partnership (400 on `person` otherwise).
        """
        access = get_access_for_user(request.user, pk)
        require(access.can_edit)
        check_shape(ContactPersonIn, request)
        form = bind(
            ContactPersonForm,
            payload(request),
            partnership=access.partnership,
            user=request.user,
        )
        contact = _save_contact(form, request, expected_version=None)
        return Response(ContactPersonOut(contact).data, status=status.HTTP_201_CREATED)


class ContactDetail(APIView):
    @staticmethod
    def _contact(partnership: Partnership, contact_pk: int) -> ContactPerson:
        return get_object_or_404(
            ContactPerson.objects.select_related("party", "person"),
            pk=contact_pk,
            partnership=partnership,
        )

    @extend_schema(responses={200: ContactPersonOut, **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int, contact_pk: int) -> Response:
        """One contact person."""
        partnership = get_partnership_for_user(request.user, pk)
        return Response(ContactPersonOut(self._contact(partnership, contact_pk)).data)

    def _update(self, request: Request, pk: int, contact_pk: int, *, partial: bool) -> Response:
        access = get_access_for_user(request.user, pk)
        contact = self._contact(access.partnership, contact_pk)
        require(access.can_edit)
        check_shape(ContactPersonPatch if partial else ContactPersonUpdate, request)
        version = version_of(request)
        form = bind(
            ContactPersonForm,
            payload(request),
            instance=contact,
            partial=partial,
            partnership=access.partnership,
            user=request.user,
        )
        contact = _save_contact(form, request, expected_version=version)
        return Response(ContactPersonOut(contact).data)

    @extend_schema(
        request=ContactPersonUpdate, responses={200: ContactPersonOut, **write_errors()}, tags=TAGS
    )
    def put(self, request: Request, pk: int, contact_pk: int) -> Response:
        """Change a contact person (coordinators)."""
        return self._update(request, pk, contact_pk, partial=False)

    @extend_schema(
        request=ContactPersonPatch, responses={200: ContactPersonOut, **write_errors()}, tags=TAGS
    )
    def patch(self, request: Request, pk: int, contact_pk: int) -> Response:
        """Change some fields of a contact person (coordinators)."""
        return self._update(request, pk, contact_pk, partial=True)

    @extend_schema(
        request=None,
        parameters=[VERSION_PARAMETER],
        responses={
            204: OpenApiResponse(description="Removed; the history keeps who removed it."),
            **write_errors(),
        },
        tags=TAGS,
    )
    def delete(self, request: Request, pk: int, contact_pk: int) -> Response:
        """Remove a contact person (coordinators); name the version you read."""
        access = get_access_for_user(request.user, pk)
        contact = self._contact(access.partnership, contact_pk)
        require(access.can_edit)
        delete_record(contact, actor=request.user, expected_version=version_parameter(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


urlpatterns = [
    path("partnerships/<id:pk>/areas/", AreaList.as_view(), name="api-areas"),
    path("partnerships/<id:pk>/areas/<id:area_pk>/", AreaDetail.as_view(), name="api-area"),
    path(
        "partnerships/<id:pk>/areas/<id:area_pk>/adjustments/",
        AdjustmentList.as_view(),
        name="api-area-adjustments",
    ),
    path("partnerships/<id:pk>/contacts/", ContactList.as_view(), name="api-contacts"),
    path(
        "partnerships/<id:pk>/contacts/<id:contact_pk>/",
        ContactDetail.as_view(),
        name="api-contact",
    ),
]
