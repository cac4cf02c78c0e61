from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samverkan.audit.forms import RecordForm, StyledForm
from samverkan.lib.orgnumbers import InvalidOrganisationNumber, normalise

from .models import Organisation, Person, Unit

ORGANISATION_NUMBER_ERRORS = {
    "format": _("An organisation number has ten digits, for example 212000-0142."),
    "third-digits": _(
        "Digits three and four of an organisation number are at least 20; this looks like a "
        "personal identity number."
    ),
    "check-digit": _("The last digit does not match the others (check digit): check for a typo."),
}


class OrganisationForm(RecordForm):
    class Meta:
        model = Organisation
        fields = ["name", "short_name", "kind", "organisation_number", "description"]

    def clean_organisation_number(self) -> str:
        value = self.cleaned_data.get("organisation_number", "").strip()
        if not value:
            return ""
        try:
            return normalise(value)
        except InvalidOrganisationNumber as error:
            raise forms.ValidationError(ORGANISATION_NUMBER_ERRORS[error.reason]) from error


class UnitForm(RecordForm):
    parent_fields = ("organisation",)

    class Meta:
        model = Unit
        fields = [
            "name",
            "kind",
            "parent",
            "reports_to",
            "established_on",
            "closed_on",
            "description",
        ]

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        units = organisation.units.order_by("name")
        if self.instance.pk:
            units = units.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = units
        # Reporting lines may cross into another organisation only through the admin; here,
        # within the organisation, as R13 describes.
        self.fields["reports_to"].queryset = units


class PersonForm(RecordForm):
    parent_fields = ("organisation",)

    class Meta:
        model = Person
        fields = ["name", "title", "unit", "email", "phone"]

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.fields["unit"].queryset = organisation.units.order_by("name")


class SearchForm(StyledForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
