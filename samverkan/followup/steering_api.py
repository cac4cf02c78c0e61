"""API: the steering group of a partnership: members, meetings, decisions, action items.

Same forms and permissions as the pages (followup/steering_views.py): anyone taking part in
the partnership reads; coordinators and the steering group keep its records. A partnership the
user does not take part in answers 404.

The lists are whole, not paged: a steering group of a handful of people meets a few times a
year and gives each meeting a few action items.
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samverkan.partnerships.models import Partnership
from samverkan.partnerships.permissions import (
    PartnershipAccess,
    get_access_for_user,
    get_partnership_for_user,
    require,
)
from samverkan.rest.exceptions import FormInvalid
from samverkan.rest.forms import bind, input_serializer, validated
from samverkan.rest.schema import read_errors, write_errors
from samverkan.rest.views import check_shape, payload, save, version_of

from . import steering_services as services
from .models import (
    ActionItem,
    MeetingAttendee,
    MeetingDecision,
    SteeringGroupMember,
    SteeringMeeting,
)
from .steering_forms import (
    ActionItemForm,
    MeetingDecisionForm,
    MeetingForm,
    MinutesDocumentForm,
    SteeringGroupMemberForm,
)
from .steering_views import minutes_document_response

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


# Meetings


class AttendeeOut(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = MeetingAttendee
        fields = ["person", "person_name", "party"]


class SteeringMeetingOut(serializers.ModelSerializer):
    attendees = AttendeeOut(source="attendances", many=True, read_only=True)
    minutes_document_url = serializers.SerializerMethodField(
        help_text="Where to download the minutes document; null when there is none."
    )

    class Meta:
        model = SteeringMeeting
        fields = [
            "id",
            "partnership",
            "held_on",
            "place",
            "agenda",
            "minutes",
            "attendees",
            "minutes_document_name",
            "minutes_document_sha256",
            "minutes_document_url",
            "version",
        ]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_minutes_document_url(self, meeting: SteeringMeeting) -> str | None:
        if not meeting.minutes_document:
            return None
        return reverse("api-meeting-minutes", args=[meeting.partnership_id, meeting.pk])


SteeringMeetingIn = input_serializer(MeetingForm, name="SteeringMeetingIn")
SteeringMeetingUpdate = input_serializer(
    MeetingForm, name="SteeringMeetingUpdate", with_version=True
)
SteeringMeetingPatch = input_serializer(
    MeetingForm, name="SteeringMeetingPatch", partial=True, with_version=True
)


def _meeting(access: PartnershipAccess | Partnership, meeting_pk: int) -> SteeringMeeting:
    partnership = access.partnership if isinstance(access, PartnershipAccess) else access
    return get_object_or_404(
        SteeringMeeting.objects.for_pages(), pk=meeting_pk, partnership=partnership
    )


def _save_meeting(form: Any, request: Request) -> SteeringMeeting:
    validated(form)
    meeting = services.save_meeting(
        form.instance,
        attendees=form.cleaned_data["attendees"],
        expected_version=form.cleaned_data.get("version"),
        actor=request.user,
    )
    return _meeting(meeting.partnership, meeting.pk)


class SteeringMeetingList(APIView):
    @extend_schema(responses={200: SteeringMeetingOut(many=True), **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int) -> Response:
        """The steering group's meetings, the latest first, with their attendees."""
        partnership = get_partnership_for_user(request.user, pk)
        meetings = partnership.steering_meetings.for_pages()
        return Response(SteeringMeetingOut(meetings, many=True).data)

    @extend_schema(
        request=SteeringMeetingIn, responses={201: SteeringMeetingOut, **write_errors()}, tags=TAGS
    )
    def post(self, request: Request, pk: int) -> Response:
        """Record a meeting (coordinators and the steering group).

        `attendees` are people of the partnership's parties (400 on `attendees` otherwise);
        each attends for the party of their own organisation.
        """
        access = get_access_for_user(request.user, pk)
        require(access.can_record_dialogues)
        check_shape(SteeringMeetingIn, request)
        form = bind(
            MeetingForm, payload(request), partnership=access.partnership, user=request.user
        )
        meeting = _save_meeting(form, request)
        return Response(SteeringMeetingOut(meeting).data, status=status.HTTP_201_CREATED)


class SteeringMeetingDetail(APIView):
    @extend_schema(responses={200: SteeringMeetingOut, **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int, meeting_pk: int) -> Response:
        """One meeting with its attendees."""
        partnership = get_partnership_for_user(request.user, pk)
        return Response(SteeringMeetingOut(_meeting(partnership, meeting_pk)).data)

    def _update(self, request: Request, pk: int, meeting_pk: int, *, partial: bool) -> Response:
        access = get_access_for_user(request.user, pk)
        meeting = _meeting(access, meeting_pk)
        require(access.can_record_dialogues)
        check_shape(SteeringMeetingPatch if partial else SteeringMeetingUpdate, request)
        version_of(request)
        form = bind(
            MeetingForm,
            payload(request),
            instance=meeting,
            partial=partial,
            partnership=access.partnership,
            user=request.user,
        )
        return Response(SteeringMeetingOut(_save_meeting(form, request)).data)

    @extend_schema(
        request=SteeringMeetingUpdate,
        responses={200: SteeringMeetingOut, **write_errors()},
        tags=TAGS,
    )
    def put(self, request: Request, pk: int, meeting_pk: int) -> Response:
        """Change a meeting (coordinators and the steering group).

        `attendees` replaces the attendees. A meeting may not be moved after the due date of
        any of its action items (400 on `held_on`).
        """
        return self._update(request, pk, meeting_pk, partial=False)

    @extend_schema(
        request=SteeringMeetingPatch,
        responses={200: SteeringMeetingOut, **write_errors()},
        tags=TAGS,
    )
    def patch(self, request: Request, pk: int, meeting_pk: int) -> Response:
        """Change some fields of a meeting, e.g. add its minutes."""
        return self._update(request, pk, meeting_pk, partial=True)


MinutesDocumentIn = inline_serializer(
    name="MinutesDocumentIn",
    fields={
        "document": serializers.FileField(help_text="The minutes as a PDF or a Word document.")
    },
)


class MinutesDocument(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY,
                description="The document as an attachment (application/pdf or the DOCX type).",
            ),
            **read_errors(),
        },
        tags=TAGS,
    )
    def get(self, request: Request, pk: int, meeting_pk: int) -> Any:
        """Download the meeting's minutes document (404 when there is none)."""
        partnership = get_partnership_for_user(request.user, pk)
        return minutes_document_response(_meeting(partnership, meeting_pk))

    @extend_schema(
        request={"multipart/form-data": MinutesDocumentIn},
        responses={200: SteeringMeetingOut, **write_errors(conflict=False)},
        tags=TAGS,
    )
    def put(self, request: Request, pk: int, meeting_pk: int) -> Response:
        """Upload or replace the minutes document (multipart, field `document`): a PDF or a
        DOCX, judged by its content and opened to check it, within the size limit; kept with
        its file name and SHA-256. The meeting's version goes up."""
        access = get_access_for_user(request.user, pk)
        meeting = _meeting(access, meeting_pk)
        require(access.can_record_dialogues)
        form = validated(MinutesDocumentForm(data=request.data, files=request.FILES))
        services.attach_minutes_document(
            meeting, upload=form.cleaned_data["document"], actor=request.user
        )
        return Response(SteeringMeetingOut(_meeting(access, meeting_pk)).data)


# Decisions


class MeetingDecisionOut(serializers.ModelSerializer):
    class Meta:
        model = MeetingDecision
        fields = ["id", "meeting", "text", "version"]


MeetingDecisionIn = input_serializer(MeetingDecisionForm, name="MeetingDecisionIn")
MeetingDecisionUpdate = input_serializer(
    MeetingDecisionForm, name="MeetingDecisionUpdate", with_version=True
)
MeetingDecisionPatch = input_serializer(
    MeetingDecisionForm, name="MeetingDecisionPatch", partial=True, with_version=True
)


class MeetingDecisionList(APIView):
    @extend_schema(responses={200: MeetingDecisionOut(many=True), **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int, meeting_pk: int) -> Response:
        """The decisions of a meeting, in the order they were recorded."""
        meeting = _meeting(get_partnership_for_user(request.user, pk), meeting_pk)
        return Response(MeetingDecisionOut(meeting.decisions.all(), many=True).data)

    @extend_schema(
        request=MeetingDecisionIn, responses={201: MeetingDecisionOut, **write_errors()}, tags=TAGS
    )
    def post(self, request: Request, pk: int, meeting_pk: int) -> Response:
        """Record a decision of the meeting (coordinators and the steering group)."""
        access = get_access_for_user(request.user, pk)
        meeting = _meeting(access, meeting_pk)
        require(access.can_record_dialogues)
        check_shape(MeetingDecisionIn, request)
        form = bind(MeetingDecisionForm, payload(request), meeting=meeting, user=request.user)
        decision = save(form, request)
        return Response(MeetingDecisionOut(decision).data, status=status.HTTP_201_CREATED)


class MeetingDecisionDetail(APIView):
    @extend_schema(responses={200: MeetingDecisionOut, **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int, meeting_pk: int, decision_pk: int) -> Response:
        """One decision of a meeting."""
        meeting = _meeting(get_partnership_for_user(request.user, pk), meeting_pk)
        decision = get_object_or_404(MeetingDecision, pk=decision_pk, meeting=meeting)
        return Response(MeetingDecisionOut(decision).data)

    def _update(
        self, request: Request, pk: int, meeting_pk: int, decision_pk: int, *, partial: bool
    ) -> Response:
        access = get_access_for_user(request.user, pk)
        meeting = _meeting(access, meeting_pk)
        decision = get_object_or_404(MeetingDecision, pk=decision_pk, meeting=meeting)
        require(access.can_record_dialogues)
        check_shape(MeetingDecisionPatch if partial else MeetingDecisionUpdate, request)
        version_of(request)
        form = bind(
            MeetingDecisionForm,
            payload(request),
            instance=decision,
            partial=partial,
            meeting=meeting,
            user=request.user,
        )
        return Response(MeetingDecisionOut(save(form, request)).data)

    @extend_schema(
        request=MeetingDecisionUpdate,
        responses={200: MeetingDecisionOut, **write_errors()},
        tags=TAGS,
    )
    def put(self, request: Request, pk: int, meeting_pk: int, decision_pk: int) -> Response:
        """Change the text of a decision (coordinators and the steering group)."""
        return self._update(request, pk, meeting_pk, decision_pk, partial=False)

    @extend_schema(
        request=MeetingDecisionPatch,
        responses={200: MeetingDecisionOut, **write_errors()},
        tags=TAGS,
    )
    def patch(self, request: Request, pk: int, meeting_pk: int, decision_pk: int) -> Response:
        """Change the text of a decision (coordinators and the steering group)."""
        return self._update(request, pk, meeting_pk, decision_pk, partial=True)


# Action items


class ActionItemOut(serializers.ModelSerializer):
    meeting_held_on = serializers.DateField(source="meeting.held_on", read_only=True)
    owner_name = serializers.CharField(source="owner.name", read_only=True)
    overdue = serializers.SerializerMethodField(
        help_text="Open and due before today (the server's day)."
    )

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "meeting",
            "meeting_held_on",
            "description",
            "owner",
            "owner_name",
            "due_on",
            "status",
            "closed_on",
            "overdue",
            "version",
        ]

    def get_overdue(self, item: ActionItem) -> bool:
        return item.is_overdue(timezone.localdate())


ActionItemIn = input_serializer(ActionItemForm, name="ActionItemIn")
ActionItemUpdate = input_serializer(ActionItemForm, name="ActionItemUpdate", with_version=True)
ActionItemPatch = input_serializer(
    ActionItemForm, name="ActionItemPatch", partial=True, with_version=True
)

STATUS_FILTER = OpenApiParameter(
    "status",
    OpenApiTypes.STR,
    enum=[choice.value for choice in ActionItem.Status],
    description="Only the items of this status (e.g. `open`).",
)


def _save_item(form: Any, request: Request) -> ActionItem:
    validated(form)
    item = services.save_action_item(
        form.instance, expected_version=form.cleaned_data.get("version"), actor=request.user
    )
    return ActionItem.objects.for_pages().get(pk=item.pk)


def _status_filter(request: Request) -> str | None:
    value = request.query_params.get("status")
    if value is None:
        return None
    if value not in ActionItem.Status.values:
        raise FormInvalid(
            {
                "status": [
                    _("Choose one of: %(choices)s.")
                    % {"choices": ", ".join(ActionItem.Status.values)}
                ]
            }
        )
    return value


class PartnershipActionItemList(APIView):
    @extend_schema(
        parameters=[STATUS_FILTER],
        responses={200: ActionItemOut(many=True), **read_errors(), 400: write_errors()[400]},
        tags=TAGS,
    )
    def get(self, request: Request, pk: int) -> Response:
        """Every action item of the partnership's meetings, the earliest due first."""
        partnership = get_partnership_for_user(request.user, pk)
        items = ActionItem.objects.of_partnership(partnership).for_pages()
        wanted = _status_filter(request)
        if wanted:
            items = items.filter(status=wanted)
        return Response(ActionItemOut(items, many=True).data)


class MeetingActionItemList(APIView):
    @extend_schema(responses={200: ActionItemOut(many=True), **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int, meeting_pk: int) -> Response:
        """The action items of one meeting, the earliest due first."""
        meeting = _meeting(get_partnership_for_user(request.user, pk), meeting_pk)
        return Response(ActionItemOut(meeting.action_items.for_pages(), many=True).data)

    @extend_schema(
        request=ActionItemIn, responses={201: ActionItemOut, **write_errors()}, tags=TAGS
    )
    def post(self, request: Request, pk: int, meeting_pk: int) -> Response:
        """Give an action item at the meeting (coordinators and the steering group).

        The owner must be of a party (400 on `owner`); the item cannot be due before the
        meeting (400 on `due_on`). A done or cancelled item is dated closed today.
        """
        access = get_access_for_user(request.user, pk)
        meeting = _meeting(access, meeting_pk)
        require(access.can_record_dialogues)
        check_shape(ActionItemIn, request)
        form = bind(ActionItemForm, payload(request), meeting=meeting, user=request.user)
        return Response(
            ActionItemOut(_save_item(form, request)).data, status=status.HTTP_201_CREATED
        )


class ActionItemDetail(APIView):
    @extend_schema(responses={200: ActionItemOut, **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int, item_pk: int) -> Response:
        """One action item."""
        partnership = get_partnership_for_user(request.user, pk)
        return Response(ActionItemOut(_item(partnership, item_pk)).data)

    def _update(self, request: Request, pk: int, item_pk: int, *, partial: bool) -> Response:
        access = get_access_for_user(request.user, pk)
        item = _item(access.partnership, item_pk)
        require(access.can_record_dialogues)
        check_shape(ActionItemPatch if partial else ActionItemUpdate, request)
        version_of(request)
        form = bind(
            ActionItemForm,
            payload(request),
            instance=item,
            partial=partial,
            meeting=item.meeting,
            user=request.user,
        )
        return Response(ActionItemOut(_save_item(form, request)).data)

    @extend_schema(
        request=ActionItemUpdate, responses={200: ActionItemOut, **write_errors()}, tags=TAGS
    )
    def put(self, request: Request, pk: int, item_pk: int) -> Response:
        """Change an action item (coordinators and the steering group)."""
        return self._update(request, pk, item_pk, partial=False)

    @extend_schema(
        request=ActionItemPatch, responses={200: ActionItemOut, **write_errors()}, tags=TAGS
    )
    def patch(self, request: Request, pk: int, item_pk: int) -> Response:
        """Change some fields of an action item, e.g. `{"status": "done", "version": 3}`:
        closing dates it today, reopening clears the date."""
        return self._update(request, pk, item_pk, partial=True)


def _item(partnership: Partnership, item_pk: int) -> ActionItem:
    return get_object_or_404(
        ActionItem.objects.for_pages(), pk=item_pk, meeting__partnership=partnership
    )


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
    path(
        "partnerships/<id:pk>/steering-group/meetings/",
        SteeringMeetingList.as_view(),
        name="api-meetings",
    ),
    path(
        "partnerships/<id:pk>/steering-group/meetings/<id:meeting_pk>/",
        SteeringMeetingDetail.as_view(),
        name="api-meeting",
    ),
    path(
        "partnerships/<id:pk>/steering-group/meetings/<id:meeting_pk>/minutes-document/",
        MinutesDocument.as_view(),
        name="api-meeting-minutes",
    ),
    path(
        "partnerships/<id:pk>/steering-group/meetings/<id:meeting_pk>/decisions/",
        MeetingDecisionList.as_view(),
        name="api-meeting-decisions",
    ),
    path(
        "partnerships/<id:pk>/steering-group/meetings/<id:meeting_pk>/decisions/<id:decision_pk>/",
        MeetingDecisionDetail.as_view(),
        name="api-meeting-decision",
    ),
    path(
        "partnerships/<id:pk>/steering-group/meetings/<id:meeting_pk>/action-items/",
        MeetingActionItemList.as_view(),
        name="api-meeting-action-items",
    ),
    path(
        "partnerships/<id:pk>/action-items/",
        PartnershipActionItemList.as_view(),
        name="api-action-items",
    ),
    path(
        "partnerships/<id:pk>/action-items/<id:item_pk>/",
        ActionItemDetail.as_view(),
        name="api-action-item",
    ),
]
