"""API: innovation-support cases of a network, with the same rules as the pages (decision 0008).

Reading goes through `InnovationCase.objects.visible_to(user)`: a case the user may not read
answers 404, never 403. Writing needs the advisor role for the case's institution in the
network (403 for a person merely named on the case). Cases are named by their UUID.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samverkan.partnerships.models import Partnership
from samverkan.rest.forms import bind, input_serializer, validated
from samverkan.rest.schema import read_errors, write_errors
from samverkan.rest.views import ListView, check_shape, payload, version_of

from . import case_services as services
from .case_forms import (
    CaseEditForm,
    CaseFilterForm,
    CaseForm,
    CasePersonForm,
    OutcomeForm,
    StageChangeForm,
    SupportForm,
    advised_institutions,
)
from .models import CasePerson, InnovationCase, Outcome, StageChange, Support
from .permissions import cases_for, get_case_for_user, get_network_for_user, require_change

TAGS = ["innovation"]
FILTERS = [
    OpenApiParameter("institution", OpenApiTypes.INT, description="Cases of this institution."),
    OpenApiParameter("stage", OpenApiTypes.STR, description="Cases now in this stage."),
    OpenApiParameter("year", OpenApiTypes.INT, description="Cases opened this year."),
]


class CaseOut(serializers.ModelSerializer):
    network = serializers.IntegerField(source="network_id", read_only=True)
    institution = serializers.IntegerField(source="institution_id", read_only=True)
    unit = serializers.IntegerField(source="unit_id", read_only=True, allow_null=True)

    class Meta:
        model = InnovationCase
        fields = [
            "uuid",
            "network",
            "institution",
            "unit",
            "title",
            "description",
            "origin",
            "opened_on",
            "stage",
            "stage_since",
            "version",
        ]


class StageChangeOut(serializers.ModelSerializer):
    class Meta:
        model = StageChange
        fields = ["id", "from_stage", "to_stage", "changed_on", "reason"]


class SupportOut(serializers.ModelSerializer):
    referred_to = serializers.IntegerField(source="referred_to_id", read_only=True, allow_null=True)

    class Meta:
        model = Support
        fields = ["id", "kind", "given_on", "amount", "currency", "referred_to", "note"]


class OutcomeOut(serializers.ModelSerializer):
    class Meta:
        model = Outcome
        fields = ["id", "kind", "achieved_on", "amount", "currency", "reference"]


class CasePersonOut(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id", read_only=True)
    person_name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = CasePerson
        fields = ["id", "person", "person_name", "role"]


CaseIn = input_serializer(CaseForm, name="InnovationCaseIn")
CaseUpdate = input_serializer(CaseEditForm, name="InnovationCaseUpdate", with_version=True)
CasePatch = input_serializer(
    CaseEditForm, name="InnovationCasePatch", partial=True, with_version=True
)
StageChangeIn = input_serializer(StageChangeForm, name="StageChangeIn")
SupportIn = input_serializer(SupportForm, name="SupportIn")
OutcomeIn = input_serializer(OutcomeForm, name="OutcomeIn")
CasePersonIn = input_serializer(CasePersonForm, name="CasePersonIn")


def _case(request: Request, network_pk: int, case_uuid: Any) -> InnovationCase:
    network = get_network_for_user(request.user, network_pk)
    return get_case_for_user(request.user, network, case_uuid)


class CaseList(ListView):
    keyset_field = "opened_on"

    @extend_schema(
        parameters=FILTERS,
        responses={200: CaseOut(many=True), **read_errors()},
        tags=TAGS,
    )
    def get(self, request: Request, network_pk: int) -> Response:
        """The network's cases you may read (advisor of the institution, or named on the case),
        in the order they were opened; `institution`, `stage` and `year` filter."""
        network = get_network_for_user(request.user, network_pk)
        filters = CaseFilterForm(request.query_params or None, network=network)
        return self.page(filters.apply(cases_for(request.user, network)), CaseOut)

    @extend_schema(
        request=CaseIn, responses={201: CaseOut, **write_errors(conflict=False)}, tags=TAGS
    )
    def post(self, request: Request, network_pk: int) -> Response:
        """Open a case at an institution you advise; you are named its advisor.

        The institution must be a member of the network on `opened_on`; the inventors must be
        of the institution.
        """
        network: Partnership = get_network_for_user(request.user, network_pk)
        if not advised_institutions(request.user, network).exists():
            raise PermissionDenied
        check_shape(CaseIn, request)
        form = validated(bind(CaseForm, payload(request), network=network, user=request.user))
        case = services.open_case(
            form.instance,
            advisor=getattr(request.user, "person", None),
            inventors=form.cleaned_data["inventors"],
            actor=request.user,
        )
        return Response(CaseOut(case).data, status=status.HTTP_201_CREATED)


class CaseDetail(APIView):
    @extend_schema(responses={200: CaseOut, **read_errors()}, tags=TAGS)
    def get(self, request: Request, network_pk: int, case_uuid: Any) -> Response:
        """One case."""
        return Response(CaseOut(_case(request, network_pk, case_uuid)).data)

    def _update(self, request: Request, network_pk: int, case_uuid: Any, *, partial: bool):
        case = _case(request, network_pk, case_uuid)
        require_change(request.user, case)
        check_shape(CasePatch if partial else CaseUpdate, request)
        expected = version_of(request)
        form = validated(
            bind(
                CaseEditForm,
                payload(request),
                instance=case,
                partial=partial,
                network=case.network,
                user=request.user,
            )
        )
        services.update_case(form.instance, expected_version=expected, actor=request.user)
        return Response(CaseOut(form.instance).data)

    @extend_schema(request=CaseUpdate, responses={200: CaseOut, **write_errors()}, tags=TAGS)
    def put(self, request: Request, network_pk: int, case_uuid: Any) -> Response:
        """Change a case's title, description, origin, unit or opening day (its advisors)."""
        return self._update(request, network_pk, case_uuid, partial=False)

    @extend_schema(request=CasePatch, responses={200: CaseOut, **write_errors()}, tags=TAGS)
    def patch(self, request: Request, network_pk: int, case_uuid: Any) -> Response:
        """Change some fields of a case (its advisors)."""
        return self._update(request, network_pk, case_uuid, partial=True)


class StageChanges(APIView):
    @extend_schema(responses={200: StageChangeOut(many=True), **read_errors()}, tags=TAGS)
    def get(self, request: Request, network_pk: int, case_uuid: Any) -> Response:
        """The case's changes of stage, oldest first."""
        case = _case(request, network_pk, case_uuid)
        return Response(StageChangeOut(case.stage_changes.all(), many=True).data)

    @extend_schema(
        request=StageChangeIn,
        responses={201: StageChangeOut, **write_errors(conflict=False)},
        tags=TAGS,
    )
    def post(self, request: Request, network_pk: int, case_uuid: Any) -> Response:
        """Move the case to another stage. A move back, or out of closed, needs a `reason`;
        the date may not be before the opening nor the last change."""
        case = _case(request, network_pk, case_uuid)
        require_change(request.user, case)
        check_shape(StageChangeIn, request)
        data = validated(bind(StageChangeForm, payload(request))).cleaned_data
        change = services.change_stage(
            case,
            to_stage=data["to_stage"],
            on=data["changed_on"],
            reason=data["reason"],
            actor=request.user,
        )
        return Response(StageChangeOut(change).data, status=status.HTTP_201_CREATED)


class _Children(APIView):
    """GET the case's rows of one kind; POST one more through its form and service."""

    relation = ""
    form_class: Any = None
    input: Any = None
    output: Any = None

    def _get(self, request: Request, network_pk: int, case_uuid: Any) -> Response:
        case = _case(request, network_pk, case_uuid)
        return Response(self.output(getattr(case, self.relation).all(), many=True).data)

    def _post(self, request: Request, network_pk: int, case_uuid: Any, add: Any) -> Response:
        case = _case(request, network_pk, case_uuid)
        require_change(request.user, case)
        check_shape(self.input, request)
        form = validated(bind(self.form_class, payload(request), case=case, user=request.user))
        saved = add(form.instance, actor=request.user)
        return Response(self.output(saved).data, status=status.HTTP_201_CREATED)


class SupportList(_Children):
    relation, form_class, input, output = "support", SupportForm, SupportIn, SupportOut

    @extend_schema(responses={200: SupportOut(many=True), **read_errors()}, tags=TAGS)
    def get(self, request: Request, network_pk: int, case_uuid: Any) -> Response:
        """The support given to the case."""
        return self._get(request, network_pk, case_uuid)

    @extend_schema(
        request=SupportIn, responses={201: SupportOut, **write_errors(conflict=False)}, tags=TAGS
    )
    def post(self, request: Request, network_pk: int, case_uuid: Any) -> Response:
        """Record support: verification funding needs `amount` and `currency` (ISO 4217); a
        referral names `referred_to`."""
        return self._post(request, network_pk, case_uuid, services.add_support)


class OutcomeList(_Children):
    relation, form_class, input, output = "outcomes", OutcomeForm, OutcomeIn, OutcomeOut

    @extend_schema(responses={200: OutcomeOut(many=True), **read_errors()}, tags=TAGS)
    def get(self, request: Request, network_pk: int, case_uuid: Any) -> Response:
        """What the case led to."""
        return self._get(request, network_pk, case_uuid)

    @extend_schema(
        request=OutcomeIn, responses={201: OutcomeOut, **write_errors(conflict=False)}, tags=TAGS
    )
    def post(self, request: Request, network_pk: int, case_uuid: Any) -> Response:
        """Record an outcome: funding raised needs `amount` and `currency` (ISO 4217)."""
        return self._post(request, network_pk, case_uuid, services.add_outcome)


class PeopleList(APIView):
    @extend_schema(responses={200: CasePersonOut(many=True), **read_errors()}, tags=TAGS)
    def get(self, request: Request, network_pk: int, case_uuid: Any) -> Response:
        """The inventors and advisors named on the case."""
        case = _case(request, network_pk, case_uuid)
        people = case.people.select_related("person")
        return Response(CasePersonOut(people, many=True).data)

    @extend_schema(
        request=CasePersonIn,
        responses={201: CasePersonOut, **write_errors(conflict=False)},
        tags=TAGS,
    )
    def post(self, request: Request, network_pk: int, case_uuid: Any) -> Response:
        """Name a person on the case; an inventor must be of the case's institution."""
        case = _case(request, network_pk, case_uuid)
        require_change(request.user, case)
        check_shape(CasePersonIn, request)
        form = validated(bind(CasePersonForm, payload(request), case=case, user=request.user))
        named = services.name_person(
            case,
            person=form.cleaned_data["person"],
            role=form.cleaned_data["role"],
            actor=request.user,
        )
        return Response(CasePersonOut(named).data, status=status.HTTP_201_CREATED)


class PersonDetail(APIView):
    @extend_schema(responses={204: None, **write_errors(conflict=False)}, tags=TAGS)
    def delete(self, request: Request, network_pk: int, case_uuid: Any, person_pk: int) -> Response:
        """Remove a person from the case (the last advisor stays)."""
        case = _case(request, network_pk, case_uuid)
        named = get_object_or_404(case.people.all(), pk=person_pk)
        require_change(request.user, case)
        services.remove_person(named, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


BASE = "innovation-networks/<id:network_pk>/cases/"
CASE = BASE + "<uuid:case_uuid>/"

urlpatterns = [
    path(BASE, CaseList.as_view(), name="api_innovation_cases"),
    path(CASE, CaseDetail.as_view(), name="api_innovation_case"),
    path(CASE + "stage-changes/", StageChanges.as_view(), name="api_innovation_stage_changes"),
    path(CASE + "support/", SupportList.as_view(), name="api_innovation_support"),
    path(CASE + "outcomes/", OutcomeList.as_view(), name="api_innovation_outcomes"),
    path(CASE + "people/", PeopleList.as_view(), name="api_innovation_people"),
    path(
        CASE + "people/<id:person_pk>/",
        PersonDetail.as_view(),
        name="api_innovation_case_person",
    ),
]
