"""API: the leadership dialogues (ledningsdialoger) of a partnership.

Same form and permissions as the pages (followup/dialogue_views.py): anyone taking part in the
partnership reads; coordinators and the steering group record dialogues. A partnership the user
does not take part in answers 404.

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

from .dialogue_forms import DialogueForm
from .models import LeadershipDialogue

TAGS = ["follow-up"]


class LeadershipDialogueOut(serializers.ModelSerializer):
    held_on = serializers.CharField(
        help_text="A year (2014), a month (2014-05) or a day (2014-05-12)."
    )

    class Meta:
        model = LeadershipDialogue
        fields = ["id", "partnership", "held_on", "title", "summary", "version"]


LeadershipDialogueIn = input_serializer(DialogueForm, name="LeadershipDialogueIn")
LeadershipDialogueUpdate = input_serializer(
    DialogueForm, name="LeadershipDialogueUpdate", with_version=True
)
LeadershipDialoguePatch = input_serializer(
    DialogueForm, name="LeadershipDialoguePatch", partial=True, with_version=True
)


class DialogueList(APIView):
    @extend_schema(responses={200: LeadershipDialogueOut(many=True), **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int) -> Response:
        """The partnership's leadership dialogues, the latest first."""
        partnership = get_partnership_for_user(request.user, pk)
        return Response(LeadershipDialogueOut(partnership.dialogues.all(), many=True).data)

    @extend_schema(
        request=LeadershipDialogueIn,
        responses={201: LeadershipDialogueOut, **write_errors()},
        tags=TAGS,
    )
    def post(self, request: Request, pk: int) -> Response:
        """Record a leadership dialogue (coordinators and the steering group)."""
        access = get_access_for_user(request.user, pk)
        require(access.can_record_dialogues)
        check_shape(LeadershipDialogueIn, request)
        form = bind(DialogueForm, payload(request), partnership=access.partnership)
        dialogue = save(form, request)
        return Response(LeadershipDialogueOut(dialogue).data, status=status.HTTP_201_CREATED)


class DialogueDetail(APIView):
    @extend_schema(responses={200: LeadershipDialogueOut, **read_errors()}, tags=TAGS)
    def get(self, request: Request, pk: int, dialogue_pk: int) -> Response:
        """One leadership dialogue."""
        partnership = get_partnership_for_user(request.user, pk)
        dialogue = get_object_or_404(LeadershipDialogue, pk=dialogue_pk, partnership=partnership)
        return Response(LeadershipDialogueOut(dialogue).data)

    def _update(self, request: Request, pk: int, dialogue_pk: int, *, partial: bool) -> Response:
        access = get_access_for_user(request.user, pk)
        dialogue = get_object_or_404(
            LeadershipDialogue, pk=dialogue_pk, partnership=access.partnership
        )
        require(access.can_record_dialogues)
        check_shape(LeadershipDialoguePatch if partial else LeadershipDialogueUpdate, request)
        version_of(request)
        form = bind(
            DialogueForm,
            payload(request),
            instance=dialogue,
            partial=partial,
            partnership=access.partnership,
        )
        return Response(LeadershipDialogueOut(save(form, request)).data)

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


urlpatterns = [
    path("partnerships/<id:pk>/dialogues/", DialogueList.as_view(), name="api-dialogues"),
    path(
        "partnerships/<id:pk>/dialogues/<id:dialogue_pk>/",
        DialogueDetail.as_view(),
        name="api-dialogue",
    ),
]
