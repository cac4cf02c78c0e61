"""The forms of the steering group, shared by the pages and the API."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samverkan.audit.forms import RecordForm, StyledForm
from samverkan.organisations.models import Person
from samverkan.partnerships.models import Partnership

from .models import ActionItem, MeetingDecision, SteeringGroupMember, SteeringMeeting


class SteeringGroupMemberForm(RecordForm):
    parent_fields = ("partnership",)

    class Meta:
        model = SteeringGroupMember
        fields = ["party", "person", "role", "starts_on", "ends_on"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.fields["party"].queryset = partnership.parties.select_related("organisation")
        self.fields["person"].queryset = (
            Person.objects.visible_to(self.user)
            .filter(organisation__parties__partnership=partnership)
            .select_related("organisation")
            .order_by("name")
        )
        self.fields["person"].label_from_instance = lambda p: f"{p.name} ({p.organisation})"


def _people_for(user: Any, *also: Any) -> Any:
    """The people a user may choose: those they may see (decision 0005), and those already
    chosen in the record at hand (named in the partnership's records already)."""
    visible = Person.objects.visible_to(user).values("pk")
    chosen = Q(pk__in=visible)
    for queryset in also:
        chosen |= Q(pk__in=queryset)
    return Person.objects.filter(chosen).select_related("organisation").order_by("name", "pk")


def _person_label(person: Person) -> str:
    return f"{person.name} ({person.organisation})"


DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MeetingForm(RecordForm):
    """A steering-group meeting and its attendees; saved by steering_services.save_meeting."""

    parent_fields = ("partnership",)

    attendees = forms.ModelMultipleChoiceField(
        label=_("Attendees"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("People of the partnership's parties; each attends for their own party."),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )

    class Meta:
        model = SteeringMeeting
        fields = ["held_on", "place", "agenda", "minutes"]
        widgets = {"held_on": DATE_INPUT}

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        field = self.fields["attendees"]
        if self.instance.pk:
            current = self.instance.attendances.values("person")
            field.queryset = _people_for(self.user, current)
            field.initial = list(self.instance.attendances.values_list("person_id", flat=True))
        else:
            field.queryset = _people_for(self.user)
        field.label_from_instance = _person_label


class MeetingDecisionForm(RecordForm):
    parent_fields = ("meeting",)

    class Meta:
        model = MeetingDecision
        fields = ["text"]

    def __init__(self, *args: Any, meeting: SteeringMeeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting


class ActionItemForm(RecordForm):
    """An action item of a meeting; saved by steering_services.save_action_item, which dates
    its closing. ActionItem.clean refuses a due date before the meeting and an owner who is
    not of a party, on those fields."""

    parent_fields = ("meeting",)

    # A new item is open unless said otherwise.
    status = forms.ChoiceField(
        label=_("Status"),
        choices=ActionItem.Status.choices,
        required=False,
        initial=ActionItem.Status.OPEN,
    )

    class Meta:
        model = ActionItem
        fields = ["description", "owner", "due_on", "status"]
        widgets = {"due_on": DATE_INPUT, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, meeting: SteeringMeeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        field = self.fields["owner"]
        if self.instance.pk:
            field.queryset = _people_for(self.user, [self.instance.owner_id])
        else:
            field.queryset = _people_for(self.user)
        field.label_from_instance = _person_label

    def clean_status(self) -> str:
        return self.cleaned_data.get("status") or self.instance.status or ActionItem.Status.OPEN


class ActionItemStatusForm(RecordForm):
    """Only the status of an action item: the "Done" and "Reopen" buttons."""

    class Meta:
        model = ActionItem
        fields = ["status"]


class MinutesDocumentForm(StyledForm):
    document = forms.FileField(label=_("Minutes document (PDF or DOCX)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].help_text = _(
            "A PDF or a Word document (DOCX) of at most %(megabytes)s MB."
        ) % {"megabytes": round(settings.MINUTES_DOCUMENT_MAX_BYTES / (1024 * 1024), 1)}
