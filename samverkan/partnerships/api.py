"""API: partnerships, the records under them and notice of termination. Same rules as the pages.

Writes fill the pages' forms (samverkan.rest.forms) and call the same services, so every rule
has one home. The records under a partnership (signatories, clauses, memberships,
collaborators, notices) are few per partnership; their lists are not paged and come in the
order the detail page shows them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samverkan.audit.forms import RecordForm
from samverkan.audit.history import combined
from samverkan.audit.services import delete_record
from samverkan.organisations.models import Organisation, Person
from samverkan.rest.forms import bind, input_serializer, validated
from samverkan.rest.history import HistoryEntryOut
from samverkan.rest.schema import read_errors, write_errors
from samverkan.rest.views import (
    SEARCH,
    VERSION_PARAMETER,
    ListView,
    check_shape,
    payload,
    save,
    search_text,
    version_of,
    version_parameter,
)

from . import services
from .forms import (
    ClauseForm,
    CollaboratorForm,
    MembershipForm,
    NoticeForm,
    PartnershipForm,
    SignatoryForm,
    WithdrawNoticeForm,
)
from .history import history_sources
from .models import Clause, Collaborator, Membership, Notice, Partnership, Party, Signatory
from .permissions import (
    acting_for_choices,
    can_create_partnership,
    get_access_for_user,
    get_partnership_for_user,
    require,
)

TAGS = ["partnerships"]


# Output


class PartnershipOrganisationOut(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "organisation_number"]


class PartnershipPersonOut(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "name"]


class PartnershipSignatoryOut(serializers.ModelSerializer):
    person = PartnershipPersonOut()
    signed_on = serializers.CharField(allow_null=True, help_text="ISO: 2014, 2014-05, 2014-05-12.")

    class Meta:
        model = Signatory
        fields = ["id", "party", "person", "title", "signed_on", "version"]


class PartnershipMembershipOut(serializers.ModelSerializer):
    starts_on = serializers.CharField(allow_null=True, help_text="ISO partial date; null: unknown.")
    ends_on = serializers.CharField(allow_null=True, help_text="ISO partial date; null: ongoing.")

    class Meta:
        model = Membership
        fields = ["id", "party", "starts_on", "ends_on", "note", "version"]


class PartnershipClauseOut(serializers.ModelSerializer):
    class Meta:
        model = Clause
        fields = ["id", "number", "heading", "body", "version"]


class PartnershipCollaboratorOut(serializers.ModelSerializer):
    organisation = PartnershipOrganisationOut()

    class Meta:
        model = Collaborator
        fields = ["id", "organisation", "kind", "description", "version"]


class PartnershipNoticeOut(serializers.ModelSerializer):
    organisation = PartnershipOrganisationOut(
        source="party.organisation", help_text="The party that gave notice."
    )
    recorded_by = serializers.CharField(allow_null=True)
    withdrawn_by = serializers.CharField(allow_null=True)

    class Meta:
        model = Notice
        fields = [
            "id",
            "party",
            "organisation",
            "given_on",
            "ends_on",
            "withdrawn_on",
            "recorded_by",
            "withdrawn_by",
            "version",
        ]


class PartnershipPartyOut(serializers.ModelSerializer):
    organisation = PartnershipOrganisationOut()

    class Meta:
        model = Party
        fields = ["id", "organisation", "role"]


class PartnershipPartyDetailOut(PartnershipPartyOut):
    signatories = PartnershipSignatoryOut(many=True)
    memberships = PartnershipMembershipOut(many=True)

    class Meta(PartnershipPartyOut.Meta):
        fields = [*PartnershipPartyOut.Meta.fields, "signatories", "memberships"]


class PartnershipOut(serializers.ModelSerializer):
    signed_on = serializers.CharField(allow_null=True, help_text="ISO: 2014, 2014-05, 2014-05-12.")
    status = serializers.ChoiceField(
        choices=Partnership.Status.choices, help_text="Today's status (R9 for notice)."
    )
    ends_on = serializers.DateField(
        allow_null=True, help_text="The day the notice in effect ends it; null without one."
    )
    parties = PartnershipPartyOut(many=True)

    class Meta:
        model = Partnership
        fields = [
            "id",
            "name",
            "slug",
            "kind",
            "description",
            "place",
            "signed_on",
            "notice_months",
            "lead_unit",
            "dialogue_season_starts",
            "dialogue_season_ends",
            "status",
            "ends_on",
            "parties",
            "version",
        ]


class PartnershipDetailOut(PartnershipOut):
    parties = PartnershipPartyDetailOut(many=True)
    notices = PartnershipNoticeOut(many=True, help_text="Newest first, withdrawn ones too.")

    class Meta(PartnershipOut.Meta):
        fields = [*PartnershipOut.Meta.fields, "notices"]


# Input: the pages' forms as serializers (for the schema and the shape of the JSON).


class ActingForField(serializers.IntegerField):
    def __init__(self) -> None:
        super().__init__(
            min_value=1,
            required=False,
            help_text="The organisation you will coordinate the partnership for; one of the "
            "parties where you are a coordinator. Required unless you are the site admin.",
        )


PartnershipIn = input_serializer(
    PartnershipForm, name="PartnershipIn", extra=(("acting_for", ActingForField),)
)
PartnershipUpdate = input_serializer(PartnershipForm, name="PartnershipUpdate", with_version=True)
PartnershipPatch = input_serializer(
    PartnershipForm, name="PartnershipPatch", partial=True, with_version=True
)
NoticeIn = input_serializer(NoticeForm, name="PartnershipNoticeIn")
WithdrawNoticeIn = input_serializer(WithdrawNoticeForm, name="PartnershipWithdrawNoticeIn")


# Fetching


def _detail_queryset() -> QuerySet[Partnership]:
    """What the detail answer shows, in a fixed number of queries."""
    return Partnership.objects.prefetch_related(
        Prefetch(
            "parties",
            queryset=Party.objects.select_related("organisation").prefetch_related(
                Prefetch("signatories", queryset=Signatory.objects.select_related("person")),
                "memberships",
            ),
        ),
        Prefetch("notices", queryset=_notices()),
    )


def _notices() -> QuerySet[Notice]:
    return Notice.objects.select_related("party__organisation", "recorded_by", "withdrawn_by")


# Partnerships


class PartnershipList(ListView):
    @extend_schema(
        parameters=[SEARCH], responses={200: PartnershipOut(many=True), **read_errors()}, tags=TAGS
    )
    def get(self, request: Request) -> Response:
        """The partnerships you take part in (all of them for the site admin), by name."""
        partnerships = Partnership.objects.visible_to(request.user).with_parties()
        query = search_text(request)
        if query:
            partnerships = partnerships.filter(name__icontains=query)
        return self.page(partnerships, PartnershipOut)

    @extend_schema(
        request=PartnershipIn,
        responses={201: PartnershipDetailOut, **write_errors(conflict=False)},
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        """Start a partnership of two or more parties (coordinators); you coordinate it."""
        require(can_create_partnership(request.user))
        check_shape(PartnershipIn, request)
        form = validated(
            bind(
                PartnershipForm,
                payload(request),
                acting_for_choices=acting_for_choices(request.user),
            )
        )
        partnership = services.create_partnership(
            form.instance,
            organisations=list(form.cleaned_data["organisations"]),
            acting_for=form.cleaned_data.get("acting_for"),
            actor=request.user,
        )
        return Response(
            PartnershipDetailOut(_detail_queryset().get(pk=partnership.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class PartnershipDetail(APIView):
    @extend_schema(responses={200: PartnershipDetailOut, **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int) -> Response:
        """The partnership with its parties, signatories, membership periods and notices."""
        partnership = get_object_or_404(_detail_queryset().visible_to(request.user), pk=pk)
        return Response(PartnershipDetailOut(partnership).data)

    def _update(self, request: Request, pk: int, *, partial: bool) -> Response:
        access = get_access_for_user(request.user, pk)
        require(access.can_edit)
        check_shape(PartnershipPatch if partial else PartnershipUpdate, request)
        expected_version = version_of(request)
        form = validated(
            bind(PartnershipForm, payload(request), instance=access.partnership, partial=partial)
        )
        services.update_partnership(
            form.instance,
            expected_version=expected_version,
            organisations=list(form.cleaned_data["organisations"]),
            actor=request.user,
        )
        return Response(PartnershipDetailOut(_detail_queryset().get(pk=pk)).data)

    @extend_schema(
        request=PartnershipUpdate,
        responses={200: PartnershipDetailOut, **write_errors()},
        tags=TAGS,
    )
    def put(self, request: Request, pk: int) -> Response:
        """Replace the details and the parties (coordinators); a party with records stays."""
        return self._update(request, pk, partial=False)

    @extend_schema(
        request=PartnershipPatch,
        responses={200: PartnershipDetailOut, **write_errors()},
        tags=TAGS,
    )
    def patch(self, request: Request, pk: int) -> Response:
        """Change some details or the parties (coordinators); a party with records stays."""
        return self._update(request, pk, partial=True)


class PartnershipHistory(APIView):
    @extend_schema(responses={200: HistoryEntryOut(many=True), **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int) -> Response:
        """Who changed what in the partnership and everything recorded under it."""
        get_partnership_for_user(request.user, pk)
        entries = combined(*history_sources(pk))
        return Response(HistoryEntryOut(entries, many=True).data)


# Notice of termination (R9)


class NoticeList(APIView):
    @extend_schema(responses={200: PartnershipNoticeOut(many=True), **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int) -> Response:
        """Every notice given in the partnership, newest first, withdrawn ones too (not paged)."""
        partnership = get_partnership_for_user(request.user, pk)
        notices = _notices().filter(partnership=partnership)
        return Response(PartnershipNoticeOut(notices, many=True).data)

    @extend_schema(
        request=NoticeIn,
        responses={201: PartnershipNoticeOut, **write_errors(conflict=False)},
        tags=TAGS,
    )
    def post(self, request: Request, pk: int) -> Response:
        """Give notice on behalf of your own party (its coordinators and leadership).

        The partnership ends `notice_months` calendar months after `given_on`, on the month's
        last day where that month lacks the day. `organisation` must be a party you hold a
        coordinator or leadership role for (400 otherwise, as on the page).
        """
        access = get_access_for_user(request.user, pk)
        require(access.can_give_notice)
        check_shape(NoticeIn, request)
        form = validated(
            bind(NoticeForm, payload(request), organisations=access.notice_organisations())
        )
        notice = services.give_notice(
            access.partnership,
            organisation=form.cleaned_data["organisation"],
            on=form.cleaned_data["given_on"],
            actor=request.user,
        )
        return Response(
            PartnershipNoticeOut(_notices().get(pk=notice.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class NoticeWithdraw(APIView):
    @extend_schema(
        request=WithdrawNoticeIn,
        responses={200: PartnershipNoticeOut, **write_errors(conflict=False)},
        tags=TAGS,
    )
    def post(self, request: Request, pk: int, notice_pk: int) -> Response:
        """Withdraw a notice before it ends the partnership (the party that gave it)."""
        access = get_access_for_user(request.user, pk)
        notice = get_object_or_404(_notices(), pk=notice_pk, partnership=access.partnership)
        require(access.can_give_notice_for(notice.party.organisation_id))
        check_shape(WithdrawNoticeIn, request)
        form = validated(bind(WithdrawNoticeForm, payload(request)))
        services.withdraw_notice(notice, on=form.cleaned_data["withdrawn_on"], actor=request.user)
        return Response(PartnershipNoticeOut(_notices().get(pk=notice.pk)).data)


# Records under a partnership: one pattern for signatories, clauses, memberships, collaborators.


@dataclass(frozen=True)
class Child:
    """A kind of record under a partnership, edited with its form by the coordinators."""

    model: type
    form: type[RecordForm]
    lookup: str  # from the record to its partnership
    related: tuple[str, ...]  # what its output reads
    out: type[serializers.Serializer]
    create: type[serializers.Serializer]
    update: type[serializers.Serializer]
    patch: type[serializers.Serializer]

    def rows(self, partnership: Partnership) -> QuerySet:
        """The records of this partnership, in the order the detail page shows them."""
        return self.model.objects.select_related(*self.related).filter(**{self.lookup: partnership})


def _child(form: type[RecordForm], name: str, **kwargs) -> Child:
    return Child(
        form=form,
        create=input_serializer(form, name=f"{name}In"),
        update=input_serializer(form, name=f"{name}Update", with_version=True),
        patch=input_serializer(form, name=f"{name}Patch", partial=True, with_version=True),
        **kwargs,
    )


SIGNATORIES = _child(
    SignatoryForm,
    "PartnershipSignatory",
    model=Signatory,
    lookup="party__partnership",
    related=("person",),
    out=PartnershipSignatoryOut,
)
CLAUSES = _child(
    ClauseForm,
    "PartnershipClause",
    model=Clause,
    lookup="partnership",
    related=(),
    out=PartnershipClauseOut,
)
MEMBERSHIPS = _child(
    MembershipForm,
    "PartnershipMembership",
    model=Membership,
    lookup="party__partnership",
    related=(),
    out=PartnershipMembershipOut,
)
COLLABORATORS = _child(
    CollaboratorForm,
    "PartnershipCollaborator",
    model=Collaborator,
    lookup="partnership",
    related=("organisation",),
    out=PartnershipCollaboratorOut,
)


class ChildList(APIView):
    child: Child

    def get(self, request: Request, pk: int) -> Response:
        partnership = get_partnership_for_user(request.user, pk)
        return Response(self.child.out(self.child.rows(partnership), many=True).data)

    def post(self, request: Request, pk: int) -> Response:
        access = get_access_for_user(request.user, pk)
        require(access.can_edit)
        check_shape(self.child.create, request)
        form = bind(
            self.child.form, payload(request), partnership=access.partnership, user=request.user
        )
        record = save(form, request)
        created = self.child.rows(access.partnership).get(pk=record.pk)
        return Response(self.child.out(created).data, status=status.HTTP_201_CREATED)


class ChildDetail(APIView):
    child: Child

    def _record(self, partnership: Partnership, child_pk: int):
        return get_object_or_404(self.child.rows(partnership), pk=child_pk)

    def get(self, request: Request, pk: int, child_pk: int) -> Response:
        partnership = get_partnership_for_user(request.user, pk)
        return Response(self.child.out(self._record(partnership, child_pk)).data)

    def _update(self, request: Request, pk: int, child_pk: int, *, partial: bool) -> Response:
        access = get_access_for_user(request.user, pk)
        require(access.can_edit)
        record = self._record(access.partnership, child_pk)
        check_shape(self.child.patch if partial else self.child.update, request)
        version_of(request)
        form = bind(
            self.child.form,
            payload(request),
            instance=record,
            partial=partial,
            partnership=access.partnership,
            user=request.user,
        )
        save(form, request)
        return Response(self.child.out(self._record(access.partnership, child_pk)).data)

    def put(self, request: Request, pk: int, child_pk: int) -> Response:
        return self._update(request, pk, child_pk, partial=False)

    def patch(self, request: Request, pk: int, child_pk: int) -> Response:
        return self._update(request, pk, child_pk, partial=True)

    def delete(self, request: Request, pk: int, child_pk: int) -> Response:
        access = get_access_for_user(request.user, pk)
        require(access.can_edit)
        delete_record(
            self._record(access.partnership, child_pk),
            actor=request.user,
            expected_version=version_parameter(request),
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


def child_list_schema(child: Child, *, plural: str, singular: str):
    return extend_schema_view(
        get=extend_schema(
            description=f"The {plural} of the partnership, as the detail page orders them "
            "(not paged: a partnership has few).",
            responses={200: child.out(many=True), **read_errors()},
            tags=TAGS,
        ),
        post=extend_schema(
            description=f"Add a {singular} (coordinators of the partnership).",
            request=child.create,
            responses={201: child.out, **write_errors()},
            tags=TAGS,
        ),
    )


def child_detail_schema(child: Child, *, singular: str):
    return extend_schema_view(
        get=extend_schema(
            description=f"One {singular} of the partnership.",
            responses={200: child.out, **read_errors()},
            tags=TAGS,
        ),
        put=extend_schema(
            description=f"Replace the {singular} (coordinators); send the version you read.",
            request=child.update,
            responses={200: child.out, **write_errors()},
            tags=TAGS,
        ),
        patch=extend_schema(
            description=f"Change some fields of the {singular} (coordinators); send the "
            "version you read.",
            request=child.patch,
            responses={200: child.out, **write_errors()},
            tags=TAGS,
        ),
        delete=extend_schema(
            description=f"Remove the {singular} (coordinators), naming the version you read; "
            "the history keeps it.",
            parameters=[VERSION_PARAMETER],
            responses={204: None, **write_errors()},
            tags=TAGS,
        ),
    )


@child_list_schema(SIGNATORIES, plural="signatories", singular="signatory")
class SignatoryList(ChildList):
    child = SIGNATORIES


@child_detail_schema(SIGNATORIES, singular="signatory")
class SignatoryDetail(ChildDetail):
    child = SIGNATORIES


@child_list_schema(CLAUSES, plural="clauses", singular="clause")
class ClauseList(ChildList):
    child = CLAUSES


@child_detail_schema(CLAUSES, singular="clause")
class ClauseDetail(ChildDetail):
    child = CLAUSES


@child_list_schema(MEMBERSHIPS, plural="membership periods", singular="membership period")
class MembershipList(ChildList):
    child = MEMBERSHIPS


@child_detail_schema(MEMBERSHIPS, singular="membership period")
class MembershipDetail(ChildDetail):
    child = MEMBERSHIPS


@child_list_schema(
    COLLABORATORS, plural="collaborating organisations", singular="collaborating organisation"
)
class CollaboratorList(ChildList):
    child = COLLABORATORS


@child_detail_schema(COLLABORATORS, singular="collaborating organisation")
class CollaboratorDetail(ChildDetail):
    child = COLLABORATORS


urlpatterns = [
    path("partnerships/", PartnershipList.as_view(), name="api-partnerships"),
    path("partnerships/<id:pk>/", PartnershipDetail.as_view(), name="api-partnership"),
    path(
        "partnerships/<id:pk>/history/",
        PartnershipHistory.as_view(),
        name="api-partnership-history",
    ),
    path("partnerships/<id:pk>/notices/", NoticeList.as_view(), name="api-partnership-notices"),
    path(
        "partnerships/<id:pk>/notices/<id:notice_pk>/withdraw/",
        NoticeWithdraw.as_view(),
        name="api-partnership-notice-withdraw",
    ),
]

for segment, list_view, detail_view in [
    ("signatories", SignatoryList, SignatoryDetail),
    ("clauses", ClauseList, ClauseDetail),
    ("memberships", MembershipList, MembershipDetail),
    ("collaborators", CollaboratorList, CollaboratorDetail),
]:
    urlpatterns += [
        path(
            f"partnerships/<id:pk>/{segment}/",
            list_view.as_view(),
            name=f"api-partnership-{segment}",
        ),
        path(
            f"partnerships/<id:pk>/{segment}/<id:child_pk>/",
            detail_view.as_view(),
            name=f"api-partnership-{segment}-detail",
        ),
    ]
