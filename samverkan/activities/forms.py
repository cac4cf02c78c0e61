from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samverkan.audit.forms import RecordForm, StyledForm
from samverkan.organisations.models import Organisation, Person, Unit
from samverkan.partnerships.models import Partnership

from .models import PersonnelExchange


class ExchangeForm(RecordForm):
    parent_fields = ("partnership",)

    class Meta:
        model = PersonnelExchange
        fields = [
            "person",
            "home_organisation",
            "home_unit",
            "host_organisation",
            "host_unit",
            "position",
            "extent_percent",
            "starts_on",
            "ends_on",
            "area",
            "purpose",
            "conditions",
            "benefit_home",
            "benefit_host",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "conditions": forms.Textarea(attrs={"rows": 3}),
            "benefit_home": forms.Textarea(attrs={"rows": 3}),
            "benefit_host": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "purpose": _("Why the exchange is made. Needed before approval."),
            "area": _(
                "It must be among the areas identified in the leadership dialogue in force "
                "when the exchange starts."
            ),
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        parties = Organisation.objects.filter(parties__partnership=partnership).order_by("name")
        self.fields["home_organisation"].queryset = parties
        self.fields["host_organisation"].queryset = parties
        units = Unit.objects.filter(organisation__parties__partnership=partnership).order_by("name")
        self.fields["home_unit"].queryset = units
        self.fields["host_unit"].queryset = units
        self.fields["person"].queryset = (
            Person.objects.visible_to(self.user)
            .filter(organisation__parties__partnership=partnership)
            .select_related("organisation")
            .order_by("name")
        )
        self.fields["person"].label_from_instance = lambda p: f"{p.name} ({p.organisation})"
        self.fields["area"].queryset = partnership.areas.order_by("name")


class ApproveExchangeForm(StyledForm):
    organisation = forms.ModelChoiceField(
        label=_("Approve on behalf of"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args: Any, organisations, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class ExchangeFilterForm(StyledForm):
    """The list's filters; an invalid value is ignored rather than refused (a list always shows)."""

    APPROVED_CHOICES = [("", _("All")), ("yes", _("Approved")), ("no", _("Awaiting approval"))]
    SORTS = [
        ("position", _("Position, A–Z")),
        ("-position", _("Position, Z–A")),
        ("-starts_on", _("Latest start first")),
        ("starts_on", _("Earliest start first")),
    ]

    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    area = forms.ModelChoiceField(
        label=_("Collaboration area"), queryset=None, required=False, empty_label=_("All")
    )
    organisation = forms.ModelChoiceField(
        label=_("Home or host"), queryset=None, required=False, empty_label=_("All")
    )
    year = forms.IntegerField(
        label=_("Under way in year"), required=False, min_value=1900, max_value=2100
    )
    unit = forms.ModelChoiceField(
        label=_("Home or host unit"), queryset=None, required=False, empty_label=_("All")
    )
    approved = forms.ChoiceField(label=_("Approval"), choices=APPROVED_CHOICES, required=False)
    sort = forms.ChoiceField(label=_("Order"), choices=SORTS, required=False)

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = partnership.areas.order_by("name")
        self.fields["organisation"].queryset = Organisation.objects.filter(
            parties__partnership=partnership
        ).order_by("name")
        self.fields["unit"].queryset = (
            Unit.objects.filter(organisation__parties__partnership=partnership)
            .select_related("organisation")
            .order_by("organisation__name", "name")
        )
        self.fields["unit"].label_from_instance = lambda u: f"{u.name} ({u.organisation})"

    def _valid_data(self) -> dict[str, Any]:
        if not self.is_bound:
            return {}
        self.is_valid()  # keeps the valid fields in cleaned_data, whatever the others hold
        return self.cleaned_data

    def search_text(self) -> str:
        return self._valid_data().get("q") or ""

    def ordering(self) -> tuple[str, bool]:
        """The field to sort by ("position" or "starts_on") and whether descending."""
        sort = self._valid_data().get("sort") or "position"
        return sort.lstrip("-"), sort.startswith("-")

    def criteria(self) -> dict[str, Any]:
        """The valid criteria, for PersonnelExchangeQuerySet.matching."""
        if not self.is_bound:
            return {}
        self.is_valid()  # keeps the valid fields in cleaned_data, whatever the others hold
        data = self.cleaned_data
        approved = {"yes": True, "no": False}.get(data.get("approved") or "")
        return {
            "area": data.get("area"),
            "organisation": data.get("organisation"),
            "unit": data.get("unit"),
            "year": data.get("year"),
            "approved": approved,
        }
