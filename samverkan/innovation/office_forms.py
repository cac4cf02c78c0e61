"""The form of an innovation office's record, shared by the page and the API."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from samverkan.audit.forms import RecordForm
from samverkan.organisations.models import Person, Unit
from samverkan.partnerships.models import Partnership

from .models import InnovationOffice


class InnovationOfficeForm(RecordForm):
    """The office's facts. Its host stays: the host's units and people are offered, and the
    partnerships the host takes part in (the model refuses one that is not a network)."""

    class Meta:
        model = InnovationOffice
        fields = [
            "name",
            "unit",
            "merged_into",
            "mandate",
            "mandate_reference",
            "established_on",
            "head",
            "contact",
            "network",
            "description",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        office = self.instance
        units = Unit.objects.filter(organisation_id=office.host_id).order_by("name", "pk")
        self.fields["unit"].queryset = units
        self.fields["merged_into"].queryset = units
        # People the user may see (decision 0005), and whoever the office names already.
        chosen = Q(pk__in=Person.objects.visible_to(self.user).values("pk"))
        for named in (office.head_id, office.contact_id):
            if named:
                chosen |= Q(pk=named)
        people = Person.objects.filter(chosen, organisation_id=office.host_id).order_by(
            "name", "pk"
        )
        self.fields["head"].queryset = people
        self.fields["contact"].queryset = people
        self.fields["network"].queryset = Partnership.objects.filter(
            parties__organisation_id=office.host_id
        ).order_by("name", "pk")
