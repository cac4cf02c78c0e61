"""The forms of the steering group, shared by the pages and the API."""

from __future__ import annotations

from typing import Any

from django import forms

from samverkan.audit.forms import RecordForm
from samverkan.organisations.models import Person
from samverkan.partnerships.models import Partnership

from .models import SteeringGroupMember


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
