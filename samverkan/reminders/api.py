"""API of reminders (tag "reminders"): the signed-in user's own reminders, snoozing one, and
the choice of kinds and e-mail language. Writes go through the pages' forms."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samverkan.rest.forms import bind, validated
from samverkan.rest.schema import read_errors, write_errors
from samverkan.rest.views import check_shape, payload

from . import services
from .forms import ReminderSettingsForm, SnoozeForm
from .listing import Row, rows_for
from .models import Kind, Reminder

TAGS = ["reminders"]


class ReminderOut(serializers.Serializer):
    id = serializers.IntegerField(source="reminder.pk")
    kind = serializers.ChoiceField(choices=Kind.choices, source="reminder.kind")
    sentence = serializers.CharField(
        help_text="What is due, in the language of Accept-Language; a secret title masked."
    )
    partnership = serializers.IntegerField(source="reminder.partnership_id")
    partnership_name = serializers.CharField(source="reminder.partnership.name")
    path = serializers.CharField(source="reminder.url", help_text="The record's page on this site.")
    due_on = serializers.DateField(source="reminder.due_on")
    tier = serializers.CharField(
        source="reminder.tier", help_text='Days before the date ("90", "30", "7") or "overdue".'
    )
    state = serializers.ChoiceField(
        choices=Reminder.State.choices,
        source="reminder.state",
        help_text="Whether its e-mail was sent.",
    )
    sent_at = serializers.DateTimeField(source="reminder.sent_at", allow_null=True)
    snoozed_until = serializers.DateField(allow_null=True)
    others = serializers.SerializerMethodField(
        help_text="The other users reminded of the same deadline; null when the subject is "
        "confidential to you."
    )

    @extend_schema_field(serializers.ListField(child=serializers.CharField(), allow_null=True))
    def get_others(self, row: Row) -> list[str] | None:
        return row.others if row.others_shown else None


class SnoozeIn(serializers.Serializer):
    until = serializers.DateField(help_text="No reminder of this subject up to this day, included.")


class SnoozeOut(serializers.Serializer):
    reminder = serializers.IntegerField()
    until = serializers.DateField()


class SettingsSerializer(serializers.Serializer):
    kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=Kind.choices),
        help_text="The kinds of reminder you want; the others are switched off.",
    )
    language = serializers.ChoiceField(
        choices=[code for code, _name in settings.LANGUAGES],
        allow_blank=True,
        help_text='The language of your e-mails; "" for the site\'s language (Swedish).',
    )


class ReminderList(APIView):
    @extend_schema(responses={200: ReminderOut(many=True), **read_errors()}, tags=TAGS)
    def get(self, request: Request) -> Response:
        """Your active reminders of the kinds you want, soonest first. Not paginated: there is
        at most one per deadline and tier."""
        return Response(ReminderOut(rows_for(request.user), many=True).data)


class ReminderSnooze(APIView):
    @extend_schema(
        request=SnoozeIn, responses={200: SnoozeOut, **write_errors(conflict=False)}, tags=TAGS
    )
    def post(self, request: Request, pk: int) -> Response:
        """Snooze one of your reminders until a day, today or later: no reminder of its
        subject is sent up to and including it. Anyone else's reminder answers 404."""
        reminder = get_object_or_404(Reminder.objects.active(), pk=pk, user=request.user)
        check_shape(SnoozeIn, request)
        form = validated(bind(SnoozeForm, payload(request)))
        snoozed = services.snooze(
            user=request.user, reminder=reminder, until=form.cleaned_data["until"]
        )
        return Response({"reminder": reminder.pk, "until": snoozed.until})


def _settings_of(user) -> dict:
    initial = ReminderSettingsForm.for_user(user).initial
    return {"kinds": initial["kinds"], "language": initial["language"]}


class ReminderSettingsView(APIView):
    @extend_schema(responses={200: SettingsSerializer, **read_errors()}, tags=TAGS)
    def get(self, request: Request) -> Response:
        """The kinds of reminder you get and the language of your e-mails."""
        return Response(_settings_of(request.user))

    @extend_schema(
        request=SettingsSerializer,
        responses={200: SettingsSerializer, **write_errors(conflict=False)},
        tags=TAGS,
    )
    def put(self, request: Request) -> Response:
        """Choose the kinds of reminder you get (the others are switched off, also on the
        dashboard) and the language of your e-mails."""
        check_shape(SettingsSerializer, request)
        form = validated(bind(ReminderSettingsForm, payload(request)))
        form.save(request.user)
        return Response(_settings_of(request.user))


urlpatterns = [
    path("reminders/", ReminderList.as_view(), name="api-reminders"),
    path("reminders/settings/", ReminderSettingsView.as_view(), name="api-reminder-settings"),
    path("reminders/<id:pk>/snooze/", ReminderSnooze.as_view(), name="api-reminder-snooze"),
]
