"""API: the leadership dialogues (ledningsdialoger) of a partnership, their participants,
decisions and outcomes for the collaboration areas.

Same forms, services and permissions as the pages (followup/dialogue_views.py): anyone taking
part in the partnership reads; coordinators and the steering group record dialogues. A
partnership the user does not take part in answers 404.

The lists are whole, not paged: a partnership holds about one dialogue a year, each with a
handful of participants and decisions.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samverkan.areas.models import AreaAdjustment, CollaborationArea
from samverkan.audit.services import delete_record
from samverkan.partnerships.models import Partnership
from samverkan.partnerships.permissions import (
    PartnershipAccess,
    get_access_for_user,
    get_partnership_for_user,
    require,
)
from samverkan.rest.forms import bind, input_serializer, validated
from samverkan.rest.schema import read_errors, write_errors
from samverkan.rest.views import (
    VERSION_PARAMETER,
    check_shape,
    payload,
    save,
    version_of,
    version_parameter,
)

from . import dialogue_services as services
from .dialogue_forms import (
    AdjustAreaForm,
    DecisionForm,
    DialogueForm,
    IdentifyAreaForm,
    ParticipantForm,
    RetireAreaForm,
)
from .models import DialogueDecision, DialogueParticipant, LeadershipDialogue

TAGS = ["follow-up"]
PARTIAL_DATE_HELP = "A year (2014), a month (2014-05) or a day (2014-05-12)."


# Output


class DialogueParticipantOut(serializers.ModelSerializer):
    name = serializers.CharField(source="person.name", read_only=True)
    organisation = serializers.IntegerField(
        source="party.organisation_id", read_only=True, help_text="The party's organisation."
    )

    class Meta:
        model = DialogueParticipant
        fields = ["person", "name", "party", "organisation"]


class DialogueDecisionOut(serializers.ModelSerializer):
    class Meta:
        model = DialogueDecision
        fields = ["id", "dialogue", "text", "version"]


class DialogueAreaOut(serializers.ModelSerializer):
    identified_on = serializers.CharField(help_text=PARTIAL_DATE_HELP)
    retired_on = serializers.CharField(
        allow_null=True, help_text="A year, a month or a day; null while the area holds."
    )

    class Meta:
        model = CollaborationArea
        fields = [
            "id",
            "name",
            "name_en",
            "description",
            "identified_on",
            "identified_by",
            "retired_on",
            "retired_by",
            "version",
        ]


class DialogueAdjustmentOut(serializers.ModelSerializer):
    class Meta:
        model = AreaAdjustment
        fields = ["id", "area", "dialogue", "description", "version"]


class LeadershipDialogueOut(serializers.ModelSerializer):
    held_on = serializers.CharField(help_text=PARTIAL_DATE_HELP)
    held_in_season = serializers.SerializerMethodField(
        help_text="Whether it was held in its year's season (the partnership's "
        "dialogue_season_starts to dialogue_season_ends); null when a date known only to the "
        "month or year cannot tell."
    )
    participants = DialogueParticipantOut(source="participations", many=True, read_only=True)
    decisions = DialogueDecisionOut(many=True, read_only=True)
    areas_identified = DialogueAreaOut(many=True, read_only=True)
    areas_adjusted = DialogueAdjustmentOut(source="adjustments", many=True, read_only=True)
    areas_retired = DialogueAreaOut(many=True, read_only=True)

    class Meta:
        model = LeadershipDialogue
        fields = [
            "id",
            "partnership",
            "held_on",
            "held_in_season",
            "title",
            "world_around",
            "trends",
            "future_challenges",
            "direction",
            "summary",
            "participants",
            "decisions",
            "areas_identified",
            "areas_adjusted",
            "areas_retired",
            "version",
        ]

    def get_held_in_season(self, dialogue: LeadershipDialogue) -> bool | None:
        return dialogue.held_in_season()


# Input: the pages' forms as serializers.

LeadershipDialogueIn = input_serializer(DialogueForm, name="LeadershipDialogueIn")
LeadershipDialogueUpdate = input_serializer(
    DialogueForm, name="LeadershipDialogueUpdate", with_version=True
)
LeadershipDialoguePatch = input_serializer(
    DialogueForm, name="LeadershipDialoguePatch", partial=True, with_version=True
)
DialogueParticipantIn = input_serializer(ParticipantForm, name="DialogueParticipantIn")
DialogueDecisionIn = input_serializer(DecisionForm, name="DialogueDecisionIn")
DialogueDecisionUpdate = input_serializer(
    DecisionForm, name="DialogueDecisionUpdate", with_version=True
)
DialogueDecisionPatch = input_serializer(
    DecisionForm, name="DialogueDecisionPatch", partial=True, with_version=True
)
IdentifyAreaIn = input_serializer(IdentifyAreaForm, name="DialogueIdentifyAreaIn")
AdjustAreaIn = input_serializer(AdjustAreaForm, name="DialogueAdjustAreaIn")
RetireAreaIn = input_serializer(RetireAreaForm, name="DialogueRetireAreaIn")


# Fetching


def _dialogues(partnership: Partnership) -> QuerySet[LeadershipDialogue]:
    """The partnership's dialogues with what their answer shows, in a fixed number of queries."""
    return partnership.dialogues.prefetch_related(
        Prefetch(
            "participations",
            queryset=DialogueParticipant.objects.select_related("person", "party"),
        ),
        "decisions",
        "areas_identified",
        "adjustments",
        "areas_retired",
    )


def _dialogue(partnership: Partnership, dialogue_pk: int) -> LeadershipDialogue:
    return get_object_or_404(_dialogues(partnership), pk=dialogue_pk)


def _writable(
    request: Request, pk: int, dialogue_pk: int
) -> tuple[PartnershipAccess, LeadershipDialogue]:
    """The dialogue for a write: 404 unless visible, then 403 unless the user may record."""
    access = get_access_for_user(request.user, pk)
    dialogue = get_object_or_404(
        LeadershipDialogue, pk=dialogue_pk, partnership_id=access.partnership.pk
    )
    dialogue.partnership = access.partnership
    require(access.can_record_dialogues)
    return access, dialogue


# Dialogues


class DialogueList(APIView):
    @extend_schema(responses={200: LeadershipDialogueOut(many=True), **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int) -> Response:
        """The partnership's leadership dialogues, the latest first."""
        partnership = get_partnership_for_user(request.user, pk)
        return Response(LeadershipDialogueOut(_dialogues(partnership), many=True).data)

    @extend_schema(
        request=LeadershipDialogueIn,
        responses={201: LeadershipDialogueOut, **write_errors()},
        tags=TAGS,
    )
    def post(self, request: Request, pk: int) -> Response:
        """Record a leadership dialogue (coordinators and the steering group).

        `held_on` must lie within the partnership's validity, from its signing to the end of
        its notice; a date known only to the month or year must lie wholly within it.
        """
        access = get_access_for_user(request.user, pk)
        require(access.can_record_dialogues)
        check_shape(LeadershipDialogueIn, request)
        form = bind(DialogueForm, payload(request), partnership=access.partnership)
        dialogue = save(form, request)
        return Response(
            LeadershipDialogueOut(_dialogue(access.partnership, dialogue.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class DialogueDetail(APIView):
    @extend_schema(responses={200: LeadershipDialogueOut, **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int, dialogue_pk: int) -> Response:
        """One leadership dialogue with its participants, decisions and outcomes."""
        partnership = get_partnership_for_user(request.user, pk)
        return Response(LeadershipDialogueOut(_dialogue(partnership, dialogue_pk)).data)

    def _update(self, request: Request, pk: int, dialogue_pk: int, *, partial: bool) -> Response:
        access, dialogue = _writable(request, pk, dialogue_pk)
        check_shape(LeadershipDialoguePatch if partial else LeadershipDialogueUpdate, request)
        version_of(request)
        form = bind(
            DialogueForm,
            payload(request),
            instance=dialogue,
            partial=partial,
            partnership=access.partnership,
        )
        save(form, request)
        return Response(LeadershipDialogueOut(_dialogue(access.partnership, dialogue_pk)).data)

    @extend_schema(
        request=LeadershipDialogueUpdate,
        responses={200: LeadershipDialogueOut, **write_errors()},
        tags=TAGS,
    )
    def put(self, request: Request, pk: int, dialogue_pk: int) -> Response:
        """Change a leadership dialogue (coordinators and the steering group)."""
        return self._update(request, pk, dialogue_pk, partial=False)

    @extend_schema(
        request=LeadershipDialoguePatch,
        responses={200: LeadershipDialogueOut, **write_errors()},
        tags=TAGS,
    )
    def patch(self, request: Request, pk: int, dialogue_pk: int) -> Response:
        """Change some fields of a leadership dialogue (coordinators and the steering group)."""
        return self._update(request, pk, dialogue_pk, partial=True)


# Participants


class ParticipantList(APIView):
    @extend_schema(responses={200: DialogueParticipantOut(many=True), **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int, dialogue_pk: int) -> Response:
        """Who took part in the dialogue, by party."""
        partnership = get_partnership_for_user(request.user, pk)
        dialogue = get_object_or_404(LeadershipDialogue, pk=dialogue_pk, partnership=partnership)
        participants = dialogue.participations.select_related("person", "party")
        return Response(DialogueParticipantOut(participants, many=True).data)

    @extend_schema(
        request=DialogueParticipantIn,
        responses={201: DialogueParticipantOut, **write_errors(conflict=False)},
        tags=TAGS,
    )
    def post(self, request: Request, pk: int, dialogue_pk: int) -> Response:
        """Name a participant (coordinators and the steering group).

        They take part for the party of their own organisation; a person of an organisation
        that is not a party, or a participant already, is refused (400 on `person`).
        """
        access, dialogue = _writable(request, pk, dialogue_pk)
        check_shape(DialogueParticipantIn, request)
        form = validated(
            bind(
                ParticipantForm,
                payload(request),
                partnership=access.partnership,
                user=request.user,
            )
        )
        participant = services.add_participant(
            dialogue, person=form.cleaned_data["person"], actor=request.user
        )
        return Response(DialogueParticipantOut(participant).data, status=status.HTTP_201_CREATED)


class ParticipantDetail(APIView):
    @extend_schema(responses={204: None, **write_errors(conflict=False)}, tags=TAGS)
    def delete(self, request: Request, pk: int, dialogue_pk: int, person_pk: int) -> Response:
        """Remove a participant named by mistake (coordinators and the steering group)."""
        access = get_access_for_user(request.user, pk)
        participant = get_object_or_404(
            DialogueParticipant,
            dialogue_id=dialogue_pk,
            dialogue__partnership=access.partnership,
            person_id=person_pk,
        )
        require(access.can_record_dialogues)
        services.remove_participant(participant, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# Decisions


class DecisionList(APIView):
    @extend_schema(responses={200: DialogueDecisionOut(many=True), **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int, dialogue_pk: int) -> Response:
        """The decisions taken at the dialogue, in the order recorded."""
        partnership = get_partnership_for_user(request.user, pk)
        dialogue = get_object_or_404(LeadershipDialogue, pk=dialogue_pk, partnership=partnership)
        return Response(DialogueDecisionOut(dialogue.decisions.all(), many=True).data)

    @extend_schema(
        request=DialogueDecisionIn,
        responses={201: DialogueDecisionOut, **write_errors(conflict=False)},
        tags=TAGS,
    )
    def post(self, request: Request, pk: int, dialogue_pk: int) -> Response:
        """Record a decision (coordinators and the steering group)."""
        _access, dialogue = _writable(request, pk, dialogue_pk)
        check_shape(DialogueDecisionIn, request)
        form = validated(bind(DecisionForm, payload(request), dialogue=dialogue))
        decision = services.add_decision(
            dialogue, text=form.cleaned_data["text"], actor=request.user
        )
        return Response(DialogueDecisionOut(decision).data, status=status.HTTP_201_CREATED)


class DecisionDetail(APIView):
    def _decision(self, partnership: Partnership, dialogue_pk: int, decision_pk: int):
        return get_object_or_404(
            DialogueDecision,
            pk=decision_pk,
            dialogue_id=dialogue_pk,
            dialogue__partnership=partnership,
        )

    @extend_schema(responses={200: DialogueDecisionOut, **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int, dialogue_pk: int, decision_pk: int) -> Response:
        """One decision of the dialogue."""
        partnership = get_partnership_for_user(request.user, pk)
        return Response(
            DialogueDecisionOut(self._decision(partnership, dialogue_pk, decision_pk)).data
        )

    def _update(
        self, request: Request, pk: int, dialogue_pk: int, decision_pk: int, *, partial: bool
    ) -> Response:
        access = get_access_for_user(request.user, pk)
        decision = self._decision(access.partnership, dialogue_pk, decision_pk)
        require(access.can_record_dialogues)
        check_shape(DialogueDecisionPatch if partial else DialogueDecisionUpdate, request)
        version_of(request)
        form = bind(
            DecisionForm,
            payload(request),
            instance=decision,
            partial=partial,
            dialogue=decision.dialogue,
        )
        return Response(DialogueDecisionOut(save(form, request)).data)

    @extend_schema(
        request=DialogueDecisionUpdate,
        responses={200: DialogueDecisionOut, **write_errors()},
        tags=TAGS,
    )
    def put(self, request: Request, pk: int, dialogue_pk: int, decision_pk: int) -> Response:
        """Change a decision (coordinators and the steering group); send the version you read."""
        return self._update(request, pk, dialogue_pk, decision_pk, partial=False)

    @extend_schema(
        request=DialogueDecisionPatch,
        responses={200: DialogueDecisionOut, **write_errors()},
        tags=TAGS,
    )
    def patch(self, request: Request, pk: int, dialogue_pk: int, decision_pk: int) -> Response:
        """Change a decision's text (coordinators and the steering group)."""
        return self._update(request, pk, dialogue_pk, decision_pk, partial=True)

    @extend_schema(
        parameters=[VERSION_PARAMETER], responses={204: None, **write_errors()}, tags=TAGS
    )
    def delete(self, request: Request, pk: int, dialogue_pk: int, decision_pk: int) -> Response:
        """Remove a decision, naming the version you read; the history keeps it."""
        access = get_access_for_user(request.user, pk)
        decision = self._decision(access.partnership, dialogue_pk, decision_pk)
        require(access.can_record_dialogues)
        delete_record(decision, actor=request.user, expected_version=version_parameter(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


# Outcomes for the collaboration areas (R2), which the personnel-exchange rule reads (R5)


class IdentifyArea(APIView):
    @extend_schema(
        request=IdentifyAreaIn,
        responses={201: DialogueAreaOut, **write_errors(conflict=False)},
        tags=TAGS,
    )
    def post(self, request: Request, pk: int, dialogue_pk: int) -> Response:
        """Identify a new collaboration area: it holds from the dialogue's date.

        Refused (400 on `name`) when an area of that name is in force already.
        """
        _access, dialogue = _writable(request, pk, dialogue_pk)
        check_shape(IdentifyAreaIn, request)
        form = validated(bind(IdentifyAreaForm, payload(request)))
        area = services.identify_area(dialogue, **form.cleaned_data, actor=request.user)
        return Response(DialogueAreaOut(area).data, status=status.HTTP_201_CREATED)


class AdjustArea(APIView):
    @extend_schema(
        request=AdjustAreaIn,
        responses={201: DialogueAdjustmentOut, **write_errors(conflict=False)},
        tags=TAGS,
    )
    def post(self, request: Request, pk: int, dialogue_pk: int) -> Response:
        """Record the dialogue's adjustment of an area's direction.

        Refused (400 on `area`) for an area not of this partnership, already retired, or not
        yet identified when the dialogue was held.
        """
        access, dialogue = _writable(request, pk, dialogue_pk)
        check_shape(AdjustAreaIn, request)
        form = validated(bind(AdjustAreaForm, payload(request), partnership=access.partnership))
        adjustment = services.adjust_area(dialogue, **form.cleaned_data, actor=request.user)
        return Response(DialogueAdjustmentOut(adjustment).data, status=status.HTTP_201_CREATED)


class RetireArea(APIView):
    @extend_schema(
        request=RetireAreaIn,
        responses={200: DialogueAreaOut, **write_errors(conflict=False)},
        tags=TAGS,
    )
    def post(self, request: Request, pk: int, dialogue_pk: int) -> Response:
        """Retire an area from the dialogue's date on.

        Refused (400 on `area`) for an area not of this partnership, already retired, not yet
        identified when the dialogue was held, or identified by this very dialogue.
        """
        access, dialogue = _writable(request, pk, dialogue_pk)
        check_shape(RetireAreaIn, request)
        form = validated(bind(RetireAreaForm, payload(request), partnership=access.partnership))
        area = services.retire_area(dialogue, **form.cleaned_data, actor=request.user)
        return Response(DialogueAreaOut(area).data)


D = "partnerships/<id:pk>/dialogues/<id:dialogue_pk>"

urlpatterns = [
    path("partnerships/<id:pk>/dialogues/", DialogueList.as_view(), name="api-dialogues"),
    path(f"{D}/", DialogueDetail.as_view(), name="api-dialogue"),
    path(f"{D}/participants/", ParticipantList.as_view(), name="api-dialogue-participants"),
    path(
        f"{D}/participants/<id:person_pk>/",
        ParticipantDetail.as_view(),
        name="api-dialogue-participant",
    ),
    path(f"{D}/decisions/", DecisionList.as_view(), name="api-dialogue-decisions"),
    path(
        f"{D}/decisions/<id:decision_pk>/",
        DecisionDetail.as_view(),
        name="api-dialogue-decision",
    ),
    path(
        f"{D}/outcomes/identify-area/",
        IdentifyArea.as_view(),
        name="api-dialogue-identify-area",
    ),
    path(f"{D}/outcomes/adjust-area/", AdjustArea.as_view(), name="api-dialogue-adjust-area"),
    path(f"{D}/outcomes/retire-area/", RetireArea.as_view(), name="api-dialogue-retire-area"),
]
