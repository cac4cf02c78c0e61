"""The forms of a leadership dialogue and its outcomes, shared by the pages and the API."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samverkan.areas.models import CollaborationArea
from samverkan.audit.forms import RecordForm, StyledForm
from samverkan.organisations.models import Person
from samverkan.partnerships.models import Partnership

from .models import DialogueDecision, LeadershipDialogue

NO_SUCH_AREA = _("There is no such collaboration area in this partnership.")


class DialogueForm(RecordForm):
    parent_fields = ("partnership",)

    class Meta:
        model = LeadershipDialogue
        fields = [
            "held_on",
            "title",
            "world_around",
            "trends",
            "future_challenges",
            "direction",
            "summary",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("world_around", "trends", "future_challenges", "direction", "summary")
        }
        help_texts = {
            "held_on": _(
                "As precisely as it is known: a year, a month or a day. It must lie within the "
                "partnership's validity."
            ),
            "summary": _("Anything else worth keeping from the dialogue."),
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership


class ParticipantForm(StyledForm):
    person = forms.ModelChoiceField(
        label=_("Participant"),
        queryset=Person.objects.none(),
        help_text=_("A person of one of the parties; they take part for their organisation."),
    )

    def __init__(self, *args: Any, partnership: Partnership, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Anyone the user may see; the service refuses a person of no party with a message
        # saying why, rather than hiding them.
        field = self.fields["person"]
        field.queryset = (
            Person.objects.visible_to(user).select_related("organisation").order_by("name", "pk")
        )
        field.label_from_instance = lambda p: f"{p.name} ({p.organisation})"


class _AreaChoiceForm(StyledForm):
    area = forms.ModelChoiceField(
        label=_("Collaboration area"),
        queryset=CollaborationArea.objects.none(),
        error_messages={"invalid_choice": NO_SUCH_AREA},
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Every area of the partnership, retired ones too: choosing one of those is refused
        # with a message saying when it was retired, not as an unknown choice.
        field = self.fields["area"]
        field.queryset = partnership.areas.order_by("name", "pk")
        field.label_from_instance = _area_label


def _area_label(area: CollaborationArea) -> str:
    if area.retired_on:
        return str(
            _("%(area)s (retired %(date)s)")
            % {"area": area.display_name, "date": area.retired_on.isoformat()}
        )
    return area.display_name


class IdentifyAreaForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    name_en = forms.CharField(label=_("Name in English"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AdjustAreaForm(_AreaChoiceForm):
    description = forms.CharField(
        label=_("Adjustment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How the dialogue changed the area's direction."),
    )


class RetireAreaForm(_AreaChoiceForm):
    pass


class DecisionForm(RecordForm):
    parent_fields = ("dialogue",)

    class Meta:
        model = DialogueDecision
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, dialogue: LeadershipDialogue, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.dialogue = dialogue
