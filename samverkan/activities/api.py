"""API: a partnership's personnel exchanges (R5) and their approval by each party.

Same forms, services and permissions as the pages: anyone taking part in the partnership reads;
coordinators record and edit exchanges; each party approves through its own coordinators or
leadership (PartnershipAccess.can_approve_exchange_for). A partnership the user does not take
part in answers 404.

The list is whole, not paged: a partnership has a few exchanges a year; it takes the list
page's filters, search and order. Every answer names what still stands in the way of approval
(`problems`), so a client can say why before it asks.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samverkan.organisations.models import Organisation
from samverkan.partnerships.models import Partnership
from samverkan.partnerships.permissions import (
    PartnershipAccess,
    get_access_for_user,
    get_partnership_for_user,
    require,
)
from samverkan.rest.forms import bind, input_serializer, validated
from samverkan.rest.pagination import SortKeyPagination
from samverkan.rest.schema import read_errors, write_errors
from samverkan.rest.views import check_shape, payload, save, version_of

from . import services
from .forms import ApproveExchangeForm, ExchangeFilterForm, ExchangeForm
from .models import ExchangeApproval, PersonnelExchange
from .views import select_exchanges

TAGS = ["exchanges"]

# Output


class ExchangeApprovalOut(serializers.ModelSerializer):
    organisation = serializers.IntegerField(
        source="party.organisation_id", read_only=True, help_text="The party that approved."
    )
    approved_by = serializers.CharField(
        allow_null=True, read_only=True, help_text="Who approved for the party (null: removed)."
    )
    created_at = serializers.DateTimeField(read_only=True, help_text="When it was approved.")

    class Meta:
        model = ExchangeApproval
        fields = ["id", "party", "organisation", "approved_by", "created_at"]


class ExchangeProblemOut(serializers.Serializer):
    field = serializers.CharField(help_text="The field the rule concerns.")
    message = serializers.CharField(help_text="The rule, in the language of Accept-Language.")


class ExchangeOut(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    area_name = serializers.CharField(source="area.display_name", read_only=True)
    starts_on = serializers.DateField(help_text="The first day of the exchange (YYYY-MM-DD).")
    ends_on = serializers.DateField(help_text="The last day of the exchange (YYYY-MM-DD).")
    approvals = ExchangeApprovalOut(many=True, read_only=True, help_text="In the order given.")
    approved = serializers.BooleanField(
        source="is_approved",
        read_only=True,
        help_text="Whether both the home and the host organisation have approved it.",
    )
    problems = serializers.SerializerMethodField(
        help_text="Why the exchange cannot be approved as it stands (R5); empty if it can. "
        "The same refusals POST …/approvals/ answers with."
    )

    class Meta:
        model = PersonnelExchange
        fields = [
            "id",
            "partnership",
            "person",
            "person_name",
            "home_organisation",
            "home_unit",
            "host_organisation",
            "host_unit",
            "position",
            "extent_percent",
            "starts_on",
            "ends_on",
            "area",
            "area_name",
            "purpose",
            "conditions",
            "benefit_home",
            "benefit_host",
            "approvals",
            "approved",
            "problems",
            "version",
        ]

    @extend_schema_field(ExchangeProblemOut(many=True))
    def get_problems(self, exchange: PersonnelExchange) -> list[dict[str, str]]:
        return _problems(exchange)


class ExchangeChangedOut(ExchangeOut):
    approvals_withdrawn = serializers.IntegerField(
        read_only=True,
        help_text="How many approvals the change withdrew: approvals hold for the version "
        "approved only, so each party approves the changed exchange anew (the history keeps "
        "the withdrawn ones).",
    )

    class Meta(ExchangeOut.Meta):
        fields = [*ExchangeOut.Meta.fields, "approvals_withdrawn"]


# Input: the pages' forms as serializers (for the schema and the shape of the JSON).

ExchangeIn = input_serializer(ExchangeForm, name="ExchangeIn")
ExchangeUpdate = input_serializer(ExchangeForm, name="ExchangeUpdate", with_version=True)
ExchangePatch = input_serializer(
    ExchangeForm, name="ExchangePatch", partial=True, with_version=True
)
ExchangeApprovalIn = input_serializer(ApproveExchangeForm, name="ExchangeApprovalIn")


# Fetching and rules


def _problems(exchange: PersonnelExchange) -> list[dict[str, str]]:
    """Why the exchange cannot be approved now (services.approval_problems), for the answer."""
    return [
        {"field": problem.field or "non_field_errors", "message": str(problem.message)}
        for problem in services.approval_problems(exchange)
    ]


def _exchanges(partnership: Partnership) -> QuerySet[PersonnelExchange]:
    return PersonnelExchange.objects.for_pages().filter(partnership=partnership)


def _exchange(partnership: Partnership, exchange_pk: int) -> PersonnelExchange:
    return get_object_or_404(_exchanges(partnership), pk=exchange_pk)


def _approvable(access: PartnershipAccess, exchange: PersonnelExchange) -> list[int]:
    """Of the exchange's home and host, the organisations the user may approve for."""
    return [
        organisation_id
        for organisation_id in exchange.parties_to_approve()
        if access.can_approve_exchange_for(organisation_id)
    ]


# Views


LIST_PARAMETERS = [
    OpenApiParameter(
        "q",
        OpenApiTypes.STR,
        description="Words the position, purpose, conditions, benefits or the person's name "
        "contain; Swedish and English word forms on PostgreSQL.",
    ),
    OpenApiParameter("area", OpenApiTypes.INT, description="Only exchanges in this area."),
    OpenApiParameter(
        "organisation", OpenApiTypes.INT, description="Only exchanges with it as home or host."
    ),
    OpenApiParameter(
        "unit", OpenApiTypes.INT, description="Only exchanges with it as home or host unit."
    ),
    OpenApiParameter(
        "year", OpenApiTypes.INT, description="Only exchanges under way some time that year."
    ),
    OpenApiParameter(
        "approved",
        OpenApiTypes.STR,
        enum=["yes", "no"],
        description="Approved by both parties, or not yet.",
    ),
    OpenApiParameter(
        "sort",
        OpenApiTypes.STR,
        enum=[value for value, _label in ExchangeFilterForm.SORTS],
        description="The order: by position or start, `-` for descending (default `position`).",
    ),
]


class ExchangeList(generics.GenericAPIView):
    pagination_class = SortKeyPagination

    @extend_schema(
        parameters=LIST_PARAMETERS,
        responses={200: ExchangeOut(many=True), **read_errors()},
        tags=TAGS,
    )
    def get(self, request: Request, pk: int) -> Response:
        """The partnership's personnel exchanges, by position (or as `sort` asks), in pages.

        Filters and search as the list page's; a value that does not fit is ignored. Each with
        its approvals, whether both parties have approved, and what stands in the way of
        approval (`problems`).
        """
        partnership = get_partnership_for_user(request.user, pk)
        filters, exchanges = select_exchanges(partnership, request.query_params)
        _field, self.descending = filters.ordering()
        rows = self.paginate_queryset(exchanges)
        return self.get_paginated_response(ExchangeOut(rows, many=True).data)

    @extend_schema(
        request=ExchangeIn,
        responses={201: ExchangeOut, **write_errors(conflict=False)},
        tags=TAGS,
    )
    def post(self, request: Request, pk: int) -> Response:
        """Record a personnel exchange (coordinators of the partnership).

        Home and host are two different parties of the partnership; the person works at the
        home organisation; units belong to their organisation; the area is one of this
        partnership's; the period ends on or after its start; the extent is 1 to 100 (% of
        full time). Purpose, conditions and benefits may wait until approval, which needs them.
        """
        access = get_access_for_user(request.user, pk)
        require(access.can_edit)
        check_shape(ExchangeIn, request)
        form = bind(
            ExchangeForm, payload(request), partnership=access.partnership, user=request.user
        )
        exchange = save(form, request)
        return Response(
            ExchangeOut(_exchange(access.partnership, exchange.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class ExchangeDetail(APIView):
    @extend_schema(responses={200: ExchangeOut, **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int, exchange_pk: int) -> Response:
        """One personnel exchange with its approvals and what stands in the way of approval."""
        partnership = get_partnership_for_user(request.user, pk)
        return Response(ExchangeOut(_exchange(partnership, exchange_pk)).data)

    def _update(self, request: Request, pk: int, exchange_pk: int, *, partial: bool) -> Response:
        access = get_access_for_user(request.user, pk)
        exchange = _exchange(access.partnership, exchange_pk)
        require(access.can_edit)
        check_shape(ExchangePatch if partial else ExchangeUpdate, request)
        expected_version = version_of(request)
        form = validated(
            bind(
                ExchangeForm,
                payload(request),
                instance=exchange,
                partial=partial,
                partnership=access.partnership,
                user=request.user,
            )
        )
        withdrawn = services.change_exchange(
            form.instance, expected_version=expected_version, actor=request.user
        )
        changed = _exchange(access.partnership, exchange_pk)
        changed.approvals_withdrawn = withdrawn
        return Response(ExchangeChangedOut(changed).data)

    @extend_schema(
        request=ExchangeUpdate, responses={200: ExchangeChangedOut, **write_errors()}, tags=TAGS
    )
    def put(self, request: Request, pk: int, exchange_pk: int) -> Response:
        """Replace a personnel exchange (coordinators); send the version you read.

        Every approval given so far is withdrawn (the answer's `approvals_withdrawn` says how
        many): the parties approve what the exchange now says.
        """
        return self._update(request, pk, exchange_pk, partial=False)

    @extend_schema(
        request=ExchangePatch, responses={200: ExchangeChangedOut, **write_errors()}, tags=TAGS
    )
    def patch(self, request: Request, pk: int, exchange_pk: int) -> Response:
        """Change some fields of a personnel exchange (coordinators); send the version you read.

        Every approval given so far is withdrawn (the answer's `approvals_withdrawn` says how
        many): the parties approve what the exchange now says.
        """
        return self._update(request, pk, exchange_pk, partial=True)


class ExchangeApprovalList(APIView):
    @extend_schema(
        request=ExchangeApprovalIn,
        responses={201: ExchangeOut, **write_errors(conflict=False)},
        tags=TAGS,
    )
    def post(self, request: Request, pk: int, exchange_pk: int) -> Response:
        """Approve the exchange on behalf of its home or host organisation (R5).

        `organisation` must be the home or the host, one whose coordinator or leadership you
        are, and not have approved it yet (400 on `organisation` otherwise; 403 if you may
        approve for neither). Refused with 400 and the rule's message, on its field, when the
        area is not among those in force at the exchange's start or when the purpose, the
        conditions or either benefit is empty (see `problems`). The answer is the exchange.
        """
        access = get_access_for_user(request.user, pk)
        exchange = _exchange(access.partnership, exchange_pk)
        approvable = _approvable(access, exchange)
        require(bool(approvable))
        check_shape(ExchangeApprovalIn, request)
        choices = (
            Organisation.objects.filter(pk__in=approvable)
            .exclude(pk__in=exchange.approved_by_organisations())
            .order_by("name")
        )
        form = validated(bind(ApproveExchangeForm, payload(request), organisations=choices))
        services.approve_exchange(
            exchange, organisation=form.cleaned_data["organisation"], actor=request.user
        )
        return Response(
            ExchangeOut(_exchange(access.partnership, exchange_pk)).data,
            status=status.HTTP_201_CREATED,
        )


urlpatterns = [
    path("partnerships/<id:pk>/exchanges/", ExchangeList.as_view(), name="api-exchanges"),
    path(
        "partnerships/<id:pk>/exchanges/<id:exchange_pk>/",
        ExchangeDetail.as_view(),
        name="api-exchange",
    ),
    path(
        "partnerships/<id:pk>/exchanges/<id:exchange_pk>/approvals/",
        ExchangeApprovalList.as_view(),
        name="api-exchange-approvals",
    ),
]
