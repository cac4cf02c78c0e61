"""API: a partnership's activities of every kind (R3, R4), their status and the units and people
taking part.

Same forms, services and permissions as the pages (docs/decisions/0004): anyone taking part in
the partnership reads; coordinators and contributors record activities, move their status and
add units and people (agreements.permissions.can_record_activities); only a user entitled to
what is marked secret on an activity may change it (can_edit_activity). A partnership the user
does not take part in answers 404.

Every answer is read through `Activity.objects.for_user(user)`: a value marked secret that the
user is not entitled to is sent as its mask, "Secret (provision)", never as the secret, and a
search never finds an activity by it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samverkan.agreements.confidentiality import participants_for
from samverkan.agreements.models import Agreement, Regulation, SecrecyMarking
from samverkan.agreements.permissions import can_edit_activity, can_record_activities
from samverkan.audit.services import delete_record
from samverkan.lib.errors import DomainError
from samverkan.partnerships.permissions import PartnershipAccess, get_access_for_user, require
from samverkan.rest.forms import bind, input_serializer, validated
from samverkan.rest.pagination import SortKeyPagination
from samverkan.rest.schema import read_errors, write_errors
from samverkan.rest.views import (
    VERSION_PARAMETER,
    check_shape,
    payload,
    save,
    version_of,
    version_parameter,
)

from . import services
from .activity_forms import (
    ActivityFilterForm,
    ActivityForm,
    ActivityStatusForm,
    NewActivityForm,
    ParticipantForm,
    kinds_fitting,
)
from .activity_views import filter_form, listed_activities_for, select_activities
from .models import (
    Activity,
    ActivityKind,
    ActivityParticipant,
    ActivityParty,
    needs_agreement,
)

TAGS = ["activities"]
MASKED = ' Sent as "Secret (provision)" where it is marked secret and you are not entitled.'

# Output


class ActivityPartyOut(serializers.ModelSerializer):
    organisation = serializers.IntegerField(source="party.organisation_id", read_only=True)
    organisation_name = serializers.CharField(source="party.organisation.name", read_only=True)
    benefit = serializers.CharField(read_only=True, help_text="The benefit for the party." + MASKED)

    class Meta:
        model = ActivityParty
        fields = [
            "id",
            "party",
            "organisation",
            "organisation_name",
            "eu_role",
            "benefit",
            "version",
        ]


class ActivityParticipantOut(serializers.ModelSerializer):
    organisation = serializers.IntegerField(source="party.organisation_id", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True, allow_null=True)
    person = serializers.IntegerField(
        source="person_id",
        read_only=True,
        allow_null=True,
        help_text="Null where no person is named, or where the people are marked secret.",
    )
    person_name = serializers.SerializerMethodField(help_text="The person's name." + MASKED)
    role = serializers.CharField(read_only=True, help_text="Their role in the activity." + MASKED)

    class Meta:
        model = ActivityParticipant
        fields = [
            "id",
            "party",
            "organisation",
            "unit",
            "unit_name",
            "person",
            "person_name",
            "role",
            "version",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_person_name(self, participant: ActivityParticipant) -> str | None:
        masked = participant.__dict__.get("masked_relations", {}).get("person")
        if masked is not None:
            return str(masked)
        return participant.person.name if participant.person else None


class ActivityMarkingOut(serializers.ModelSerializer):
    authority_name = serializers.CharField(source="authority.name", read_only=True)

    class Meta:
        model = SecrecyMarking
        fields = ["id", "target", "provision", "marked_on", "authority", "authority_name"]


class ActivityStartProblemOut(serializers.Serializer):
    field = serializers.CharField(help_text="The field the rule concerns.")
    message = serializers.CharField(help_text="The rule, in the language of Accept-Language.")


class ActivityOut(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True, help_text="The title." + MASKED)
    description = serializers.CharField(read_only=True, help_text="The description." + MASKED)
    outcomes = serializers.CharField(read_only=True, help_text="The outcomes." + MASKED)
    area_name = serializers.CharField(source="area.display_name", read_only=True, allow_null=True)
    starts = serializers.CharField(read_only=True, help_text="2014, 2014-05 or 2014-05-12.")
    ends = serializers.CharField(
        read_only=True, allow_null=True, help_text="As `starts`; null while open-ended."
    )
    parties = ActivityPartyOut(source="activity_parties", many=True, read_only=True)
    taking_part = ActivityParticipantOut(
        source="participants_taking_part", many=True, read_only=True
    )
    markings = ActivityMarkingOut(
        many=True, read_only=True, help_text="What is marked secret, and why."
    )
    entitled = serializers.BooleanField(
        read_only=True,
        help_text="Whether you may see what is marked secret on the activity (and change it).",
    )
    start_problems = serializers.SerializerMethodField(
        help_text="Why the activity cannot become ongoing now (a planned activity of a kind "
        "that needs an agreement in force, with none yet); empty if it can or is not planned."
    )
    regulated_by = serializers.SerializerMethodField(
        help_text="The uuids of the specific agreements that regulate the activity."
    )

    class Meta:
        model = Activity
        fields = [
            "id",
            "partnership",
            "kind",
            "title",
            "description",
            "area",
            "area_name",
            "starts",
            "ends",
            "status",
            "students",
            "participants",
            "hours",
            "funding_amount",
            "funding_currency",
            "outcomes",
            "programme",
            "project_number",
            "acronym",
            "parties",
            "taking_part",
            "markings",
            "entitled",
            "start_problems",
            "regulated_by",
            "version",
        ]

    @extend_schema_field(ActivityStartProblemOut(many=True))
    def get_start_problems(self, activity: Activity) -> list[dict[str, str]]:
        return self.context["start_problems"].get(activity.pk, [])

    @extend_schema_field(serializers.ListField(child=serializers.UUIDField()))
    def get_regulated_by(self, activity: Activity) -> list[str]:
        return self.context["regulated_by"].get(activity.pk, [])


# Input: the pages' forms as serializers (for the schema and the shape of the JSON).


def _figure(name: str, base: type[serializers.Field], **options: Any) -> type:
    """An optional figure of the form, as JSON: a number or null. (input_serializer reads a
    decimal form field as an integer and an optional number as not nullable.) What the
    number may be is the form's and the model's business."""

    def __init__(self, **kwargs: Any) -> None:
        base.__init__(
            self,
            required=False,
            allow_null=True,
            label=Activity._meta.get_field(name).verbose_name,
            help_text=kinds_fitting(name),
            **options,
        )

    return type(f"{name.title().replace('_', '')}Figure", (base,), {"__init__": __init__})


FIGURE_FIELDS = (
    ("students", _figure("students", serializers.IntegerField)),
    ("participants", _figure("participants", serializers.IntegerField)),
    ("hours", _figure("hours", serializers.DecimalField, max_digits=None, decimal_places=None)),
    (
        "funding_amount",
        _figure("funding_amount", serializers.DecimalField, max_digits=None, decimal_places=None),
    ),
)

ActivityIn = input_serializer(NewActivityForm, name="ActivityIn", extra=FIGURE_FIELDS)
ActivityUpdate = input_serializer(
    ActivityForm, name="ActivityUpdate", with_version=True, extra=FIGURE_FIELDS
)
ActivityPatch = input_serializer(
    ActivityForm, name="ActivityPatch", partial=True, with_version=True, extra=FIGURE_FIELDS
)
ActivityStatusIn = input_serializer(ActivityStatusForm, name="ActivityStatusIn")
ParticipantIn = input_serializer(ParticipantForm, name="ActivityParticipantIn")


# What the answers add to each activity, for a whole page at once


def _answerable(queryset: QuerySet[Activity], user, partnership_id: int) -> QuerySet[Activity]:
    """Activities read for a list row (`listed_activities_for`) with what the answer shows
    besides: a page's (`for_pages`), the people taking part (`with_people`), and whether the
    activity's kind needs an agreement in force to start in the partnership
    (`models.needs_agreement`, asked with the activities rather than by reading the
    partnership's settings of kinds apart)."""
    needs = ExpressionWrapper(needs_agreement(partnership_id), output_field=BooleanField())
    return queryset.for_pages().with_people(user).annotate(kind_needs_agreement=needs)


def _problems(errors: list[DomainError]) -> list[dict[str, str]]:
    return [{"field": e.field or "non_field_errors", "message": str(e.message)} for e in errors]


def _context(activities: list[Activity]) -> dict[str, Any]:
    """What the answer adds to each activity (read through `_answerable`): the uuids of the
    agreements that regulate it and, for a planned one, why it cannot become ongoing now
    (services.start_problems_for), from one query of the activities' regulations."""
    regulated_by: dict[int, list[str]] = defaultdict(list)
    in_force: set[int] = set()
    # The agreements named are those of the activities' own partnerships (the agreement form
    # offers no other), which the user takes part in and so may see (the agreements'
    # visible_to), picked here by the partnership's id: a subquery of every agreement visible
    # to the user made PostgreSQL gather a large partnership's 15,000 agreements to join 50
    # rows. Whether an agreement is in force counts whatever its partnership, as in
    # start_problems_for.
    partnerships = {activity.partnership_id for activity in activities}
    in_force_agreements = Agreement.objects.in_force()  # unmasked: no field of them is read
    rows = (
        Regulation.objects.filter(activity__in=activities)
        .annotate(in_force=Exists(in_force_agreements.filter(pk=OuterRef("agreement"))))
        .order_by("agreement_id")
        .values_list("activity_id", "agreement__uuid", "agreement__partnership_id", "in_force")
    )
    for activity_id, uuid, partnership_id, regulating in rows:
        if partnership_id in partnerships:
            regulated_by[activity_id].append(str(uuid))
        if regulating:
            in_force.add(activity_id)
    planned = [a for a in activities if a.status == Activity.Status.PLANNED]
    problems = services.start_problems_for(
        planned, needing={a.pk for a in planned if a.kind_needs_agreement}, regulated=in_force
    )
    return {
        "regulated_by": regulated_by,
        "start_problems": {pk: _problems(found) for pk, found in problems.items() if found},
    }


def _out(user, access: PartnershipAccess, activity_pk: int) -> dict[str, Any]:
    """One activity as the answer gives it, read anew (after a change, as it now is)."""
    activity = _activity(user, access, activity_pk)
    return ActivityOut(activity, context=_context([activity])).data


def _activity(user, access: PartnershipAccess, activity_pk: int) -> Activity:
    partnership = access.partnership
    activities = _answerable(listed_activities_for(user, partnership), user, partnership.pk)
    return get_object_or_404(activities, pk=activity_pk)


# Paging: newest start first by default, or as `sort` asks


def _choice_parameter(name: str, choices, description: str) -> OpenApiParameter:
    return OpenApiParameter(
        name, OpenApiTypes.STR, enum=[value for value, _label in choices], description=description
    )


LIST_PARAMETERS = [
    OpenApiParameter(
        "q",
        OpenApiTypes.STR,
        description="Words the title, description or outcomes contain (what you may see of "
        "them); Swedish and English word forms on PostgreSQL.",
    ),
    OpenApiParameter("area", OpenApiTypes.INT, description="Only activities in this area."),
    _choice_parameter("kind", ActivityKind.choices, "Only activities of this kind."),
    _choice_parameter("status", Activity.Status.choices, "Only activities in this status."),
    OpenApiParameter(
        "organisation", OpenApiTypes.INT, description="Only activities this party takes part in."
    ),
    OpenApiParameter("unit", OpenApiTypes.INT, description="Only activities this unit is in."),
    OpenApiParameter(
        "year", OpenApiTypes.INT, description="Only activities under way some time that year."
    ),
    _choice_parameter(
        "sort",
        ActivityFilterForm.SORTS,
        "The order: by start or title, `-` for descending (default `-starts`).",
    ),
]


# Views


class ActivityList(generics.GenericAPIView):
    pagination_class = SortKeyPagination

    @extend_schema(
        parameters=LIST_PARAMETERS,
        responses={200: ActivityOut(many=True), **read_errors()},
        tags=TAGS,
    )
    def get(self, request: Request, pk: int) -> Response:
        """The partnership's activities, latest start first (or as `sort` asks), in pages.

        Filters as the list page's; a value that does not fit is ignored.
        """
        access = get_access_for_user(request.user, pk)
        filters = filter_form(request.query_params, access.partnership)
        activities, self.descending = select_activities(
            request.user, access.partnership, filters, rows_only=True
        )
        rows = self.paginate_queryset(_answerable(activities, request.user, access.partnership.pk))
        context = _context(rows)
        return self.get_paginated_response(ActivityOut(rows, many=True, context=context).data)

    @extend_schema(
        request=ActivityIn,
        responses={201: ActivityOut, **write_errors(conflict=False)},
        tags=TAGS,
    )
    def post(self, request: Request, pk: int) -> Response:
        """Record an activity (coordinators and contributors of the partnership).

        `parties`: the partnership's parties taking part, at least one. Only the figures that fit
        the kind are accepted; funding needs a currency; the end (a year, month or day) may not
        come before the start; programme, project number and acronym are for EU projects only.
        A new activity is planned; its status moves through …/status/.
        """
        access = get_access_for_user(request.user, pk)
        require(can_record_activities(access))
        check_shape(ActivityIn, request)
        form = bind(
            NewActivityForm, payload(request), partnership=access.partnership, user=request.user
        )
        activity = save(form, request)
        return Response(_out(request.user, access, activity.pk), status=status.HTTP_201_CREATED)


class ActivityDetail(APIView):
    @extend_schema(responses={200: ActivityOut, **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int, activity_pk: int) -> Response:
        """One activity with its parties, units and people, markings and agreements."""
        access = get_access_for_user(request.user, pk)
        return Response(_out(request.user, access, activity_pk))

    def _update(self, request: Request, pk: int, activity_pk: int, *, partial: bool) -> Response:
        access = get_access_for_user(request.user, pk)
        activity = _activity(request.user, access, activity_pk)
        # A masked activity cannot be changed: the masks would overwrite the secret.
        require(can_edit_activity(access, activity))
        check_shape(ActivityPatch if partial else ActivityUpdate, request)
        version_of(request)
        form = bind(
            ActivityForm,
            payload(request),
            instance=activity,
            partial=partial,
            partnership=access.partnership,
            user=request.user,
        )
        save(form, request)
        return Response(_out(request.user, access, activity_pk))

    @extend_schema(
        request=ActivityUpdate, responses={200: ActivityOut, **write_errors()}, tags=TAGS
    )
    def put(self, request: Request, pk: int, activity_pk: int) -> Response:
        """Replace an activity (coordinators and contributors entitled to it); send the version
        you read. The same rules as on creation; the parties change with the people."""
        return self._update(request, pk, activity_pk, partial=False)

    @extend_schema(request=ActivityPatch, responses={200: ActivityOut, **write_errors()}, tags=TAGS)
    def patch(self, request: Request, pk: int, activity_pk: int) -> Response:
        """Change some fields of an activity (coordinators and contributors entitled to it);
        send the version you read. The whole activity is checked again."""
        return self._update(request, pk, activity_pk, partial=True)


class ActivityStatus(APIView):
    @extend_schema(
        request=ActivityStatusIn,
        responses={200: ActivityOut, **write_errors(conflict=False)},
        tags=TAGS,
    )
    def post(self, request: Request, pk: int, activity_pk: int) -> Response:
        """Move the activity to its next status (coordinators and contributors).

        Planned → ongoing or cancelled; ongoing → completed or cancelled. An activity of a kind
        that needs an agreement becomes ongoing only when an agreement regulating it is in
        force (see `start_problems`). A refused move answers 400 on `status` with the rule.
        """
        access = get_access_for_user(request.user, pk)
        activity = _activity(request.user, access, activity_pk)
        require(can_record_activities(access))
        check_shape(ActivityStatusIn, request)
        form = validated(bind(ActivityStatusForm, payload(request), activity=activity))
        services.change_activity_status(
            activity, status=form.cleaned_data["status"], actor=request.user
        )
        return Response(_out(request.user, access, activity_pk))


class ParticipantList(APIView):
    @extend_schema(
        request=ParticipantIn,
        responses={201: ActivityOut, **write_errors(conflict=False)},
        tags=TAGS,
    )
    def post(self, request: Request, pk: int, activity_pk: int) -> Response:
        """Add a unit or a person taking part, with their role (coordinators and contributors
        entitled to what is marked secret on the activity).

        The unit and the person must belong to one of the partnership's parties (the same one,
        when both are named); that party joins the activity if it had not. The answer is the
        activity.
        """
        access = get_access_for_user(request.user, pk)
        activity = _activity(request.user, access, activity_pk)
        # Only one entitled to it: the party of the unit or person added becomes a party of
        # the activity, and its coordinators, leadership and registrars entitled to its secrets.
        require(can_edit_activity(access, activity))
        check_shape(ParticipantIn, request)
        form = validated(
            bind(ParticipantForm, payload(request), activity=activity, user=request.user)
        )
        services.save_participant(form.instance, actor=request.user)
        return Response(_out(request.user, access, activity_pk), status=status.HTTP_201_CREATED)


class ParticipantDetail(APIView):
    @extend_schema(
        parameters=[VERSION_PARAMETER],
        responses={204: None, **write_errors()},
        tags=TAGS,
    )
    def delete(self, request: Request, pk: int, activity_pk: int, participant_pk: int) -> Response:
        """Remove a unit or person from the activity (coordinators and contributors entitled
        to it); `?version=` of the entry you read. The history keeps it."""
        access = get_access_for_user(request.user, pk)
        activity = _activity(request.user, access, activity_pk)
        participant = get_object_or_404(
            participants_for(request.user).filter(activity=activity), pk=participant_pk
        )
        require(can_edit_activity(access, activity))
        delete_record(participant, actor=request.user, expected_version=version_parameter(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


urlpatterns = [
    path("partnerships/<id:pk>/activities/", ActivityList.as_view(), name="api-activities"),
    path(
        "partnerships/<id:pk>/activities/<id:activity_pk>/",
        ActivityDetail.as_view(),
        name="api-activity",
    ),
    path(
        "partnerships/<id:pk>/activities/<id:activity_pk>/status/",
        ActivityStatus.as_view(),
        name="api-activity-status",
    ),
    path(
        "partnerships/<id:pk>/activities/<id:activity_pk>/participants/",
        ParticipantList.as_view(),
        name="api-activity-participants",
    ),
    path(
        "partnerships/<id:pk>/activities/<id:activity_pk>/participants/<id:participant_pk>/",
        ParticipantDetail.as_view(),
        name="api-activity-participant",
    ),
]
