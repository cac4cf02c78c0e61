from __future__ import annotations

from typing import Any

from samverkan.audit.forms import RecordForm
from samverkan.organisations.models import Person
from samverkan.partnerships.models import Partnership

from .models import AreaAdjustment, CollaborationArea, ContactPerson


class AreaForm(RecordForm):
    parent_fields = ("partnership",)

    class Meta:
        model = CollaborationArea
        fields = [
            "name",
            "name_en",
            "description",
            "identified_on",
            "identified_by",
            "retired_on",
            "retired_by",
        ]

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        dialogues = partnership.dialogues.order_by("-held_on")
        self.fields["identified_by"].queryset = dialogues
        self.fields["retired_by"].queryset = dialogues


class AdjustmentForm(RecordForm):
    parent_fields = ("area",)

    class Meta:
        model = AreaAdjustment
        fields = ["dialogue", "description"]

    def __init__(self, *args: Any, area: CollaborationArea, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.area = area
        self.fields["dialogue"].queryset = area.partnership.dialogues.order_by("-held_on")


class ContactPersonForm(RecordForm):
    parent_fields = ("partnership",)

    class Meta:
        model = ContactPerson
        fields = ["area", "person", "field"]

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.fields["area"].queryset = partnership.areas.order_by("name")
        # Anyone the user may see; the service refuses people of a non-party organisation
        # with a message saying why, rather than hiding them.
        self.fields["person"].queryset = (
            Person.objects.visible_to(self.user).select_related("organisation").order_by("name")
        )
        self.fields["person"].label_from_instance = lambda p: f"{p.name} ({p.organisation})"
