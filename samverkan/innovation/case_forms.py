"""The forms of innovation-support cases, shared by the pages and the API.

The forms check shape and the models' own rules; the case services (case_services.py) check
the rest (membership on the opening day, stage order, dates) under the case's lock.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from samverkan.accounts.models import Role, RoleAssignment
from samverkan.audit.forms import RecordForm, StyledForm
from samverkan.organisations.models import Organisation, Person, Unit
from samverkan.partnerships.models import Partnership

from .models import CasePerson, InnovationCase, Outcome, Stage, Support

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def advised_institutions(user: Any, network: Partnership) -> QuerySet[Organisation]:
    """The institutions whose cases `user` advises in `network` (role advisor there). The
    site admin as such advises none (decision 0008)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    held = RoleAssignment.objects.filter(user=user, role=Role.ADVISOR, partnership=network).values(
        "organisation"
    )
    return Organisation.objects.filter(pk__in=held).order_by("name", "pk")


def _person_label(person: Person) -> str:
    return f"{person.name} ({person.organisation})"


def people_of_network(user: Any, network: Partnership, *also: Any) -> QuerySet[Person]:
    """People of the network's member institutions whom the user may see (decision 0005),
    and any already named (`also`: querysets of person ids)."""
    chosen = Q(
        pk__in=Person.objects.visible_to(user).values("pk"),
        organisation__parties__partnership=network,
    )
    for ids in also:
        chosen |= Q(pk__in=ids)
    return (
        Person.objects.filter(chosen)
        .distinct()
        .select_related("organisation")
        .order_by("name", "pk")
    )


def _limit_units(field: forms.ModelChoiceField, network: Partnership) -> None:
    """A case is handled by a unit of one of the network's member organisations."""
    units = Unit.objects.filter(organisation__parties__partnership=network)
    field.queryset = units.select_related("organisation").order_by(
        "organisation__name", "name", "pk"
    )
    field.label_from_instance = lambda u: f"{u.name} ({u.organisation})"


class CaseForm(RecordForm):
    """A new case with its inventors; opened by case_services.open_case."""

    parent_fields = ("network",)

    inventors = forms.ModelMultipleChoiceField(
        label=_("Inventors or idea holders"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("People of the institution who bring the idea or invention."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = InnovationCase
        fields = ["institution", "unit", "title", "description", "origin", "opened_on"]
        widgets = {"opened_on": DATE_INPUT, "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, network: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.network = network
        _limit_units(self.fields["unit"], network)
        self.fields["institution"].queryset = advised_institutions(self.user, network)
        self.fields["inventors"].queryset = people_of_network(self.user, network)
        self.fields["inventors"].label_from_instance = _person_label

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        institution = data.get("institution")
        for person in data.get("inventors") or []:
            if institution is not None and person.organisation_id != institution.pk:
                self.add_error(
                    "inventors",
                    _("%(person)s is not of %(institution)s; the inventors are of the institution.")
                    % {"person": person.name, "institution": institution},
                )
                break
        return data


class CaseEditForm(RecordForm):
    """The edit of a case; its institution does not change (its advisors and figures hang
    on it), nor do the people, who have their own form. Saved by case_services.update_case."""

    class Meta:
        model = InnovationCase
        fields = ["unit", "title", "description", "origin", "opened_on"]
        widgets = CaseForm.Meta.widgets

    def __init__(self, *args: Any, network: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit_units(self.fields["unit"], network)


class StageChangeForm(StyledForm):
    to_stage = forms.ChoiceField(label=_("New stage"), choices=Stage.choices)
    changed_on = forms.DateField(label=_("Changed on"), widget=DATE_INPUT)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed for a move back to an earlier stage and for reopening a case."),
    )


class SupportForm(RecordForm):
    """Support given to a case; Support.clean asks an amount and currency of verification
    funding and the organisation referred to of a referral."""

    parent_fields = ("case",)

    class Meta:
        model = Support
        fields = ["kind", "given_on", "amount", "currency", "referred_to", "note"]
        widgets = {"given_on": DATE_INPUT, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, case: InnovationCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.case = case
        self.fields["referred_to"].queryset = Organisation.objects.order_by("name", "pk")

    def clean_currency(self) -> str:
        return self.cleaned_data["currency"].strip().upper()


class OutcomeForm(RecordForm):
    parent_fields = ("case",)

    class Meta:
        model = Outcome
        fields = ["kind", "achieved_on", "amount", "currency", "reference"]
        widgets = {"achieved_on": DATE_INPUT}

    def __init__(self, *args: Any, case: InnovationCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.case = case

    def clean_currency(self) -> str:
        return self.cleaned_data["currency"].strip().upper()


class CasePersonForm(StyledForm):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    role = forms.ChoiceField(label=_("Named as"), choices=CasePerson.Role.choices)

    def __init__(self, *args: Any, case: InnovationCase, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        field.queryset = people_of_network(user, case.network)
        field.label_from_instance = _person_label


class CaseFilterForm(StyledForm):
    """The filters of the case list: institution, stage, the year the case was opened."""

    institution = forms.ModelChoiceField(
        label=_("Institution"), queryset=Organisation.objects.none(), required=False
    )
    stage = forms.ChoiceField(
        label=_("Stage"), choices=[("", _("Any stage")), *Stage.choices], required=False
    )
    year = forms.IntegerField(
        label=_("Year opened"), required=False, min_value=1900, max_value=9999
    )

    def __init__(self, *args: Any, network: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Organisation.objects.filter(
            parties__partnership=network
        ).order_by("name", "pk")
        self.fields["institution"].empty_label = _("Any institution")

    def apply(self, cases: QuerySet[InnovationCase]) -> QuerySet[InnovationCase]:
        if not self.is_bound or not self.is_valid():
            return cases
        data = self.cleaned_data
        if data.get("institution"):
            cases = cases.filter(institution=data["institution"])
        if data.get("stage"):
            cases = cases.filter(stage=data["stage"])
        if data.get("year"):
            cases = cases.filter(opened_on__year=data["year"])
        return cases
