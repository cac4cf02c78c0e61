"""API: organisations, their units and people. Same rules and permissions as the pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samverkan.accounts.roles import all_roles
from samverkan.lib.ids import parse_id
from samverkan.rest.forms import bind, input_serializer, validated
from samverkan.rest.history import HistoryEntryOut
from samverkan.rest.schema import read_errors, write_errors
from samverkan.rest.views import (
    SEARCH,
    ListView,
    check_shape,
    payload,
    save,
    search_text,
    version_of,
)

from .forms import OrganisationForm, PersonForm, UnitForm
from .history import organisation_history
from .models import Organisation, Person, Unit
from .permissions import (
    can_create_organisation,
    can_edit_organisation,
    get_organisation_for_user,
    get_person_for_user,
)
from .services import register_organisation

TAGS = ["organisations"]


class OrganisationOut(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "short_name",
            "kind",
            "organisation_number",
            "description",
            "is_fictional",
            "version",
        ]


class UnitOut(serializers.ModelSerializer):
    established_on = serializers.CharField(allow_null=True)
    closed_on = serializers.CharField(allow_null=True)

    class Meta:
        model = Unit
        fields = [
            "id",
            "organisation",
            "name",
            "kind",
            "parent",
            "reports_to",
            "established_on",
            "closed_on",
            "description",
            "version",
        ]


class PersonOut(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = [
            "id",
            "organisation",
            "unit",
            "name",
            "title",
            "email",
            "phone",
            "is_fictional",
            "version",
        ]


OrganisationIn = input_serializer(OrganisationForm, name="OrganisationIn")
OrganisationUpdate = input_serializer(
    OrganisationForm, name="OrganisationUpdate", with_version=True
)
OrganisationPatch = input_serializer(
    OrganisationForm, name="OrganisationPatch", partial=True, with_version=True
)
UnitIn = input_serializer(UnitForm, name="UnitIn")
UnitUpdate = input_serializer(UnitForm, name="UnitUpdate", with_version=True)
UnitPatch = input_serializer(UnitForm, name="UnitPatch", partial=True, with_version=True)
PersonIn = input_serializer(PersonForm, name="PersonIn")
PersonUpdate = input_serializer(PersonForm, name="PersonUpdate", with_version=True)
PersonPatch = input_serializer(PersonForm, name="PersonPatch", partial=True, with_version=True)


class OrganisationList(ListView):
    @extend_schema(
        parameters=[SEARCH], responses={200: OrganisationOut(many=True), **read_errors()}, tags=TAGS
    )
    def get(self, request: Request) -> Response:
        """Organisations (the register of public bodies: every signed-in user sees it)."""
        organisations = Organisation.objects.visible_to(request.user)
        query = search_text(request)
        if query:
            organisations = organisations.filter(name__icontains=query)
        return self.page(organisations, OrganisationOut)

    @extend_schema(
        request=OrganisationIn,
        responses={201: OrganisationOut, **write_errors(conflict=True)},
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        """Register an organisation (coordinators); you then coordinate its units and people."""
        if not can_create_organisation(all_roles(request.user)):
            raise PermissionDenied
        check_shape(OrganisationIn, request)
        form = validated(bind(OrganisationForm, payload(request)))
        organisation = register_organisation(form.instance, actor=request.user)
        return Response(OrganisationOut(organisation).data, status=status.HTTP_201_CREATED)


class OrganisationDetail(APIView):
    @extend_schema(responses={200: OrganisationOut, **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int) -> Response:
        """One organisation (every signed-in user)."""
        return Response(OrganisationOut(get_organisation_for_user(request.user, pk)).data)

    def _update(self, request: Request, pk: int, *, partial: bool) -> Response:
        organisation = get_organisation_for_user(request.user, pk)
        if not can_edit_organisation(all_roles(request.user), organisation):
            raise PermissionDenied
        check_shape(OrganisationPatch if partial else OrganisationUpdate, request)
        version_of(request)
        form = bind(OrganisationForm, payload(request), instance=organisation, partial=partial)
        return Response(OrganisationOut(save(form, request)).data)

    @extend_schema(
        request=OrganisationUpdate, responses={200: OrganisationOut, **write_errors()}, tags=TAGS
    )
    def put(self, request: Request, pk: int) -> Response:
        """Replace the organisation's details (its coordinators); send the version you read."""
        return self._update(request, pk, partial=False)

    @extend_schema(
        request=OrganisationPatch, responses={200: OrganisationOut, **write_errors()}, tags=TAGS
    )
    def patch(self, request: Request, pk: int) -> Response:
        """Change some of the organisation's details (its coordinators); send the version."""
        return self._update(request, pk, partial=True)


class OrganisationHistory(APIView):
    @extend_schema(responses={200: HistoryEntryOut(many=True), **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int) -> Response:
        """Who changed what in the organisation, its units and (if you may see them) its people."""
        get_organisation_for_user(request.user, pk)
        return Response(HistoryEntryOut(organisation_history(request.user, pk), many=True).data)


class UnitList(ListView):
    @extend_schema(responses={200: UnitOut(many=True), **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int) -> Response:
        """The organisation's units, by name (every signed-in user)."""
        organisation = get_organisation_for_user(request.user, pk)
        return self.page(Unit.objects.filter(organisation=organisation), UnitOut)

    @extend_schema(request=UnitIn, responses={201: UnitOut, **write_errors()}, tags=TAGS)
    def post(self, request: Request, pk: int) -> Response:
        """Add a unit: `parent` makes the tree, `reports_to` a reporting line (its coordinators)."""
        organisation = get_organisation_for_user(request.user, pk)
        if not can_edit_organisation(all_roles(request.user), organisation):
            raise PermissionDenied
        check_shape(UnitIn, request)
        unit = save(bind(UnitForm, payload(request), organisation=organisation), request)
        return Response(UnitOut(unit).data, status=status.HTTP_201_CREATED)


class UnitDetail(APIView):
    def _unit(self, request: Request, pk: int, unit_pk: int) -> tuple[Organisation, Unit]:
        organisation = get_organisation_for_user(request.user, pk)
        return organisation, get_object_or_404(Unit, pk=unit_pk, organisation=organisation)

    @extend_schema(responses={200: UnitOut, **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int, unit_pk: int) -> Response:
        """One unit (every signed-in user)."""
        return Response(UnitOut(self._unit(request, pk, unit_pk)[1]).data)

    def _update(self, request: Request, pk: int, unit_pk: int, *, partial: bool) -> Response:
        organisation, unit = self._unit(request, pk, unit_pk)
        if not can_edit_organisation(all_roles(request.user), organisation):
            raise PermissionDenied
        check_shape(UnitPatch if partial else UnitUpdate, request)
        version_of(request)
        form = bind(
            UnitForm, payload(request), instance=unit, partial=partial, organisation=organisation
        )
        return Response(UnitOut(save(form, request)).data)

    @extend_schema(request=UnitUpdate, responses={200: UnitOut, **write_errors()}, tags=TAGS)
    def put(self, request: Request, pk: int, unit_pk: int) -> Response:
        """Replace the unit (the organisation's coordinators); send the version you read."""
        return self._update(request, pk, unit_pk, partial=False)

    @extend_schema(request=UnitPatch, responses={200: UnitOut, **write_errors()}, tags=TAGS)
    def patch(self, request: Request, pk: int, unit_pk: int) -> Response:
        """Change some fields of the unit (the organisation's coordinators); send the version."""
        return self._update(request, pk, unit_pk, partial=True)


ORGANISATION_FILTER = OpenApiParameter(
    "organisation", OpenApiTypes.INT, description="Only people of this organisation."
)


class PersonList(ListView):
    @extend_schema(
        parameters=[SEARCH, ORGANISATION_FILTER],
        responses={200: PersonOut(many=True), **read_errors()},
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        """People of your own organisations and of the parties of your partnerships."""
        people = Person.objects.visible_to(request.user)
        query = search_text(request)
        if query:
            people = people.filter(name__icontains=query)
        organisation = parse_id(request.query_params.get("organisation", ""))
        if organisation is not None:
            people = people.filter(organisation_id=organisation)
        return self.page(people, PersonOut)


class OrganisationPeople(APIView):
    @extend_schema(request=PersonIn, responses={201: PersonOut, **write_errors()}, tags=TAGS)
    def post(self, request: Request, pk: int) -> Response:
        """Add a person to the organisation (its coordinators)."""
        organisation = get_organisation_for_user(request.user, pk)
        if not can_edit_organisation(all_roles(request.user), organisation):
            raise PermissionDenied
        check_shape(PersonIn, request)
        person = save(bind(PersonForm, payload(request), organisation=organisation), request)
        return Response(PersonOut(person).data, status=status.HTTP_201_CREATED)


class PersonDetail(APIView):
    @extend_schema(responses={200: PersonOut, **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int) -> Response:
        """One person, if of your own organisations or of your partnerships' parties (else 404)."""
        return Response(PersonOut(get_person_for_user(request.user, pk)).data)

    def _update(self, request: Request, pk: int, *, partial: bool) -> Response:
        person = get_person_for_user(request.user, pk)
        if not can_edit_organisation(all_roles(request.user), person.organisation):
            raise PermissionDenied
        check_shape(PersonPatch if partial else PersonUpdate, request)
        version_of(request)
        form = bind(
            PersonForm,
            payload(request),
            instance=person,
            partial=partial,
            organisation=person.organisation,
        )
        return Response(PersonOut(save(form, request)).data)

    @extend_schema(request=PersonUpdate, responses={200: PersonOut, **write_errors()}, tags=TAGS)
    def put(self, request: Request, pk: int) -> Response:
        """Replace the person's details (their organisation's coordinators); send the version."""
        return self._update(request, pk, partial=False)

    @extend_schema(request=PersonPatch, responses={200: PersonOut, **write_errors()}, tags=TAGS)
    def patch(self, request: Request, pk: int) -> Response:
        """Change some of the person's details (their organisation's coordinators)."""
        return self._update(request, pk, partial=True)


urlpatterns = [
    path("organisations/", OrganisationList.as_view(), name="api-organisations"),
    path("organisations/<id:pk>/", OrganisationDetail.as_view(), name="api-organisation"),
    path(
        "organisations/<id:pk>/history/",
        OrganisationHistory.as_view(),
        name="api-organisation-history",
    ),
    path("organisations/<id:pk>/units/", UnitList.as_view(), name="api-units"),
    path("organisations/<id:pk>/units/<id:unit_pk>/", UnitDetail.as_view(), name="api-unit"),
    path(
        "organisations/<id:pk>/people/",
        OrganisationPeople.as_view(),
        name="api-organisation-people",
    ),
    path("people/", PersonList.as_view(), name="api-people"),
    path("people/<id:pk>/", PersonDetail.as_view(), name="api-person"),
]
