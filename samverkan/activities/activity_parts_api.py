"""API: what the activity pages can do beyond activity_api.py (R3, R4, R8): secrecy markings on
an activity, a party's benefit and EU role, which kinds need an agreement, and the history.

Same forms, services and permissions as the pages (docs/decisions/0004): markings by a registrar
or coordinator of one of the activity's parties (can_mark_activity_secret), lifted by those of
them entitled to what a marking hides (can_lift_activity_marking); a party's part by those who
record activities and are entitled to the activity (can_edit_activity); the kinds by the
partnership's coordinators, read by everyone in it. A partnership the user does not take part
in answers 404.

Every answer is read through the masked querysets: a value marked secret that the user is not
entitled to is sent as its mask, "Secret (provision)", in the history in every version too.
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samverkan.agreements import services as agreement_services
from samverkan.agreements.confidentiality import activity_parties_for
from samverkan.agreements.models import SecrecyMarking
from samverkan.agreements.permissions import (
    can_edit_activity,
    can_lift_activity_marking,
    can_mark_activity_secret,
)
from samverkan.audit.services import delete_record
from samverkan.partnerships.models import Partnership
from samverkan.partnerships.permissions import PartnershipAccess, get_access_for_user, require
from samverkan.rest.exceptions import FormInvalid
from samverkan.rest.forms import bind, input_serializer, validated
from samverkan.rest.history import HistoryEntryOut
from samverkan.rest.schema import read_errors, write_errors
from samverkan.rest.views import (
    VERSION_PARAMETER,
    check_shape,
    payload,
    save,
    version_of,
    version_parameter,
)

from .activity_api import ActivityMarkingOut, ActivityPartyOut
from .activity_forms import ActivityPartyForm, KindSettingsForm, MarkingForm
from .activity_history import activity_for_history, activity_history
from .activity_views import _authorities, activities_for
from .models import Activity, ActivityKind, ActivityParty

TAGS = ["activities"]
ACTIVITY_TARGET_CHOICES = [(t.value, t.label) for t in SecrecyMarking.ACTIVITY_TARGETS]
REMOVED = OpenApiResponse(description="Removed; the history keeps who removed it.")


# Output


class ActivityMarkingEntryOut(ActivityMarkingOut):
    """A marking with its version, for lifting it (`?version=`)."""

    class Meta(ActivityMarkingOut.Meta):
        fields = [*ActivityMarkingOut.Meta.fields, "version"]


def _kind_fields(*, required: bool) -> dict[str, serializers.Field]:
    return {
        kind.value: serializers.BooleanField(
            required=required,
            label=kind.label,
            help_text=f"Whether an activity of the kind “{kind.value}” needs an agreement in "
            "force to start.",
        )
        for kind in ActivityKind
    }


OPENED_AT_HELP = (
    "The settings as you read them (from the last GET); send it back unchanged. 409 if someone "
    "changed the settings since."
)

ActivityKindSettingsOut = type(
    "ActivityKindSettingsOut",
    (serializers.Serializer,),
    {**_kind_fields(required=True), "opened_at": serializers.CharField(help_text=OPENED_AT_HELP)},
)
ActivityKindSettingsIn = type(
    "ActivityKindSettingsIn",
    (serializers.Serializer,),
    {
        **_kind_fields(required=True),
        "opened_at": serializers.CharField(
            allow_blank=True, max_length=2000, trim_whitespace=False, help_text=OPENED_AT_HELP
        ),
    },
)


# Input: the pages' forms as serializers. The form sets the choices of a target and an EU role
# when it is made; here they are the ones that apply to activities (an empty role clears it).


class _ActivityTarget(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=ACTIVITY_TARGET_CHOICES,
            label=MarkingForm.base_fields["target"].label,
            **kwargs,
        )


class _EuRole(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=ActivityParty.EuRole.choices,
            required=False,
            allow_blank=True,
            help_text="EU projects only; empty for none.",
            **kwargs,
        )


ActivityMarkingIn = input_serializer(
    MarkingForm, name="ActivityMarkingIn", extra=(("target", _ActivityTarget),)
)
ActivityPartyPatch = input_serializer(
    ActivityPartyForm,
    name="ActivityPartyPatch",
    partial=True,
    with_version=True,
    extra=(("eu_role", _EuRole),),
)


class SettingsChanged(APIException):
    """Someone changed the kinds' settings after the client read them."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


# Reading


def _activity(request: Request, pk: int, activity_pk: int) -> tuple[PartnershipAccess, Activity]:
    """The access and the activity, masked as the user is entitled; 404 outside."""
    access = get_access_for_user(request.user, pk)
    activity = get_object_or_404(activities_for(request.user, access.partnership), pk=activity_pk)
    return access, activity


def _markings(activity: Activity) -> list[SecrecyMarking]:
    return list(
        SecrecyMarking.objects.filter(activity=activity).select_related("authority").order_by("pk")
    )


def _kind_settings(partnership: Partnership) -> dict[str, Any]:
    form = KindSettingsForm(partnership=partnership)
    answer: dict[str, Any] = {kind.value: form.fields[kind.value].initial for kind in ActivityKind}
    answer["opened_at"] = form.state()
    return answer


# Views


class MarkingList(APIView):
    @extend_schema(responses={200: ActivityMarkingEntryOut(many=True), **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int, activity_pk: int) -> Response:
        """The activity's secrecy markings: what is secret, the provision, the date, the
        authority that marked it, and the version (to lift one)."""
        _access, activity = _activity(request, pk, activity_pk)
        return Response(ActivityMarkingEntryOut(_markings(activity), many=True).data)

    @extend_schema(
        request=ActivityMarkingIn,
        responses={201: ActivityMarkingEntryOut, **write_errors()},
        tags=TAGS,
    )
    def post(self, request: Request, pk: int, activity_pk: int) -> Response:
        """Mark part of the activity secret (registrars and coordinators of its parties), citing
        the provision, the date (not in the future) and the authority: one of your own
        organisations among its parties. A part already marked is refused."""
        access, activity = _activity(request, pk, activity_pk)
        require(can_mark_activity_secret(access, activity))
        check_shape(ActivityMarkingIn, request)
        form = validated(
            bind(MarkingForm, payload(request), authorities=_authorities(access, activity))
        )
        data = form.cleaned_data
        marking = agreement_services.mark_secret(
            target=data["target"],
            provision=data["provision"],
            marked_on=data["marked_on"],
            authority=data["authority"],
            actor=request.user,
            activity=activity,
        )
        return Response(ActivityMarkingEntryOut(marking).data, status=status.HTTP_201_CREATED)


class MarkingDetail(APIView):
    @extend_schema(
        parameters=[VERSION_PARAMETER],
        request=None,
        responses={204: REMOVED, **write_errors()},
        tags=TAGS,
    )
    def delete(self, request: Request, pk: int, activity_pk: int, marking_pk: int) -> Response:
        """Lift a secrecy marking after a new assessment (registrars and coordinators of the
        activity's parties who are entitled to what it hides); `?version=` of the marking you
        read. The history keeps it."""
        access, activity = _activity(request, pk, activity_pk)
        marking = get_object_or_404(SecrecyMarking.objects.filter(activity=activity), pk=marking_pk)
        require(can_lift_activity_marking(access, activity))
        # agreements.services.remove_marking, with the check that nobody changed it since.
        delete_record(marking, actor=request.user, expected_version=version_parameter(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class PartyDetail(APIView):
    @extend_schema(
        request=ActivityPartyPatch, responses={200: ActivityPartyOut, **write_errors()}, tags=TAGS
    )
    def patch(self, request: Request, pk: int, activity_pk: int, party_pk: int) -> Response:
        """Change a party's benefit from the activity, and its role when the activity is an EU
        project (coordinators and contributors entitled to the activity); send the version you
        read."""
        access, activity = _activity(request, pk, activity_pk)
        parties = activity_parties_for(request.user).filter(activity=activity)
        activity_party = get_object_or_404(
            parties.select_related("party__organisation"), pk=party_pk
        )
        require(can_edit_activity(access, activity))
        check_shape(ActivityPartyPatch, request)
        version_of(request)
        data = payload(request)
        if data.get("eu_role") and activity.kind != ActivityKind.EU_PROJECT:
            # The form offers no role but for EU projects: say so rather than ignore it.
            raise FormInvalid(
                {"eu_role": [gettext("A role in an EU project applies to EU projects only.")]}
            )
        form = bind(
            ActivityPartyForm,
            data,
            instance=activity_party,
            partial=True,
            activity=activity,
            user=request.user,
        )
        save(form, request)
        reread = parties.select_related("party__organisation").get(pk=party_pk)
        return Response(ActivityPartyOut(reread).data)


class KindSettings(APIView):
    @extend_schema(responses={200: ActivityKindSettingsOut, **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int) -> Response:
        """Per kind of activity, whether it needs an agreement in force to start (R4, R8); by
        default every kind but guest lectures and student recruitment. `opened_at` is what
        you send back to change them."""
        access = get_access_for_user(request.user, pk)
        return Response(_kind_settings(access.partnership))

    @extend_schema(
        request=ActivityKindSettingsIn,
        responses={200: ActivityKindSettingsOut, **write_errors()},
        tags=TAGS,
    )
    def put(self, request: Request, pk: int) -> Response:
        """Choose per kind whether it needs an agreement in force to start (the partnership's
        coordinators). Send every kind, and the `opened_at` you read: if someone changed the
        settings since, nothing is saved (409)."""
        access = get_access_for_user(request.user, pk)
        require(access.can_edit)
        check_shape(ActivityKindSettingsIn, request)
        form = bind(KindSettingsForm, payload(request), partnership=access.partnership)
        if not form.is_valid() and payload(request).get("opened_at") != form.state():
            raise SettingsChanged(detail=form.non_field_errors()[0])
        validated(form)
        form.save(request.user)
        return Response(_kind_settings(access.partnership))


class ActivityHistory(APIView):
    @extend_schema(responses={200: HistoryEntryOut(many=True), **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int, activity_pk: int) -> Response:
        """Who changed what in the activity, its parties, the units and people taking part, its
        markings and the agreements regulating it, newest first; what is marked secret masked
        in every version unless you are entitled."""
        access = get_access_for_user(request.user, pk)
        activity = activity_for_history(request.user, access.partnership, activity_pk)
        return Response(HistoryEntryOut(activity_history(request.user, activity), many=True).data)


ACTIVITY = "partnerships/<id:pk>/activities/<id:activity_pk>/"

urlpatterns = [
    path(f"{ACTIVITY}markings/", MarkingList.as_view(), name="api-activity-markings"),
    path(
        f"{ACTIVITY}markings/<id:marking_pk>/",
        MarkingDetail.as_view(),
        name="api-activity-marking",
    ),
    path(f"{ACTIVITY}parties/<id:party_pk>/", PartyDetail.as_view(), name="api-activity-party"),
    path(f"{ACTIVITY}history/", ActivityHistory.as_view(), name="api-activity-history"),
    path("partnerships/<id:pk>/activity-kinds/", KindSettings.as_view(), name="api-activity-kinds"),
]
