"""Forms of the activities' pages and API (R3, R4): the activity, its status, the units and people
taking part, a party's benefit and role, secrecy markings, the list's filters and which kinds
need an agreement. The API binds the same forms (docs/decisions/0004)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samverkan.agreements.models import SecrecyMarking
from samverkan.audit.forms import RecordForm, StyledForm
from samverkan.audit.services import create_record, refusing_clashes, save_versioned
from samverkan.lib.partial_date_fields import PartialDateFormField
from samverkan.organisations.models import Organisation, Person, Unit
from samverkan.partnerships.models import Partnership, Party

from .models import (
    FIGURES_BY_KIND,
    KINDS_WITHOUT_AGREEMENT,
    Activity,
    ActivityKind,
    ActivityKindSetting,
    ActivityParticipant,
    ActivityParty,
    kinds_needing_agreement,
)


def _kinds_fitting(figure: str) -> str:
    kinds = [
        str(ActivityKind(kind).label)
        for kind, figures in FIGURES_BY_KIND.items()
        if figure in figures
    ]
    return gettext("Applies to: %(kinds)s.") % {"kinds": "; ".join(kinds)}


# The help text is built when shown, in the language of the request.
kinds_fitting = lazy(_kinds_fitting, str)

EU_ONLY = _("EU projects only.")


class ActivityForm(RecordForm):
    """An activity of any kind. The model refuses the figures that do not fit the kind, funding
    without a currency, an end before the start and EU fields on other kinds."""

    parent_fields = ("partnership",)

    class Meta:
        model = Activity
        fields = [
            "kind",
            "title",
            "description",
            "area",
            "starts",
            "ends",
            "students",
            "participants",
            "hours",
            "funding_amount",
            "funding_currency",
            "outcomes",
            "programme",
            "project_number",
            "acronym",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "outcomes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "starts": PartialDateFormField.default_help_text,
            "ends": PartialDateFormField.default_help_text,
            "students": kinds_fitting("students"),
            "participants": kinds_fitting("participants"),
            "hours": kinds_fitting("hours"),
            "funding_amount": kinds_fitting("funding_amount"),
            "funding_currency": _("ISO 4217, e.g. SEK or EUR. Needed with funding."),
            "programme": EU_ONLY,
            "project_number": EU_ONLY,
            "acronym": EU_ONLY,
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.fields["area"].queryset = partnership.areas.order_by("name")

    def clean_funding_currency(self) -> str:
        return self.cleaned_data["funding_currency"].strip().upper()


class NewActivityForm(ActivityForm):
    """A new activity names the parties taking part (at least one); they are saved with it, in
    the same transaction. More parties join later with the units and people taking part."""

    parties = forms.ModelMultipleChoiceField(
        label=_("Parties taking part"),
        queryset=Party.objects.none(),
        help_text=_("At least one. More join with the units and people taking part."),
        error_messages={"required": _("Choose at least one party taking part.")},
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, partnership=partnership, **kwargs)
        self.fields["parties"].queryset = Party.objects.filter(
            partnership=partnership
        ).select_related("organisation")

    def persist(self, actor: Any) -> None:
        """Save the activity and the parties chosen: all or nothing."""
        with transaction.atomic():
            super().persist(actor)
            with refusing_clashes():
                for party in self.cleaned_data["parties"]:
                    create_record(ActivityParty(activity=self.instance, party=party), actor=actor)


class ActivityStatusForm(StyledForm):
    """The next status. Every status is accepted here so that a move the lifecycle refuses gets
    the rule's own message (services.change_activity_status); the page offers only the moves
    Activity.TRANSITIONS allows."""

    status = forms.ChoiceField(label=_("New status"), choices=Activity.Status.choices)

    def __init__(self, *args: Any, activity: Activity | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if activity is not None:
            allowed = Activity.TRANSITIONS[Activity.Status(activity.status)]
            self.fields["status"].widget.choices = [
                (value, label) for value, label in Activity.Status.choices if value in allowed
            ]


class ParticipantForm(RecordForm):
    """A unit or a person of one of the partnership's parties, with their role. The party is
    the one their organisation is (services.save_participant)."""

    class Meta:
        model = ActivityParticipant
        fields = ["unit", "person", "role"]

    def __init__(self, *args: Any, activity: Activity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.activity = activity
        partnership_id = activity.partnership_id
        self.fields["unit"].queryset = (
            Unit.objects.filter(organisation__parties__partnership_id=partnership_id)
            .select_related("organisation")
            .order_by("organisation__name", "name")
        )
        self.fields["unit"].label_from_instance = lambda u: f"{u.name} ({u.organisation})"
        self.fields["unit"].error_messages["invalid_choice"] = _(
            "Choose a unit of one of the partnership's parties."
        )
        self.fields["person"].queryset = (
            Person.objects.visible_to(self.user)
            .filter(organisation__parties__partnership_id=partnership_id)
            .select_related("organisation")
            .order_by("name")
        )
        self.fields["person"].label_from_instance = lambda p: f"{p.name} ({p.organisation})"
        self.fields["person"].error_messages["invalid_choice"] = _(
            "Choose a person of one of the partnership's parties."
        )


class ActivityPartyForm(RecordForm):
    """A party's benefit from the activity, and its role when the activity is an EU project."""

    class Meta:
        model = ActivityParty
        fields = ["eu_role", "benefit"]
        widgets = {"benefit": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, activity: Activity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if activity.kind != ActivityKind.EU_PROJECT:
            del self.fields["eu_role"]


class MarkingForm(StyledForm):
    """A secrecy marking on part of an activity: what, under which provision, when, and the
    authority (one of the user's own organisations among the activity's parties)."""

    target = forms.ChoiceField(label=_("What is secret"), choices=())
    provision = forms.CharField(
        label=_("Provision"),
        max_length=200,
        help_text=_("The provision the secrecy rests on, e.g. OSL 31 kap. 16 §."),
    )
    marked_on = forms.DateField(
        label=_("Marked on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    authority = forms.ModelChoiceField(
        label=_("Authority that marks it"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args: Any, authorities=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [
            (target.value, target.label) for target in SecrecyMarking.ACTIVITY_TARGETS
        ]
        self.fields["marked_on"].initial = timezone.localdate
        if authorities is not None:
            self.fields["authority"].queryset = authorities


class ActivityFilterForm(StyledForm):
    """The list's filters, search and order; an invalid value is ignored rather than refused
    (a list always shows)."""

    SORTS = [
        ("-starts", _("Start, latest first")),
        ("starts", _("Start, earliest first")),
        ("title", _("Title, A to Ö")),
        ("-title", _("Title, Ö to A")),
    ]

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    area = forms.ModelChoiceField(
        label=_("Collaboration area"), queryset=None, required=False, empty_label=_("All")
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    organisation = forms.ModelChoiceField(
        label=_("Party"), queryset=None, required=False, empty_label=_("All")
    )
    unit = forms.ModelChoiceField(
        label=_("Unit taking part"), queryset=None, required=False, empty_label=_("All")
    )
    year = forms.IntegerField(
        label=_("Under way in year"), required=False, min_value=1900, max_value=2100
    )
    sort = forms.ChoiceField(label=_("Order"), choices=SORTS, required=False)

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All")), *ActivityKind.choices]
        self.fields["status"].choices = [("", _("All")), *Activity.Status.choices]
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

    def criteria(self) -> dict[str, Any]:
        """The valid criteria, for ActivityQuerySet.matching."""
        data = self._valid_data()
        return {
            name: data.get(name) or None
            for name in ("area", "kind", "status", "organisation", "unit", "year")
        }

    def search_text(self) -> str:
        return self._valid_data().get("q") or ""

    def ordering(self) -> tuple[str, bool]:
        """The field to sort by ("title" or "starts") and whether descending."""
        sort = self._valid_data().get("sort") or "-starts"
        return sort.lstrip("-"), sort.startswith("-")


class KindSettingsForm(StyledForm):
    """Per kind: does an activity of that kind need an agreement in force to start? Initially
    the partnership's current choices (by default every kind but those in
    KINDS_WITHOUT_AGREEMENT). Carries the versions it was opened at, so that two coordinators
    cannot overwrite each other's choices unseen."""

    opened_at = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2000)

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.settings = {
            s.kind: s for s in ActivityKindSetting.objects.filter(partnership=partnership)
        }
        needing = kinds_needing_agreement(partnership.pk)
        for kind in ActivityKind:
            field = forms.BooleanField(
                label=kind.label, required=False, initial=kind.value in needing
            )
            field.widget.attrs["class"] = "form-check-input"
            self.fields[kind.value] = field
        self.fields["opened_at"].initial = self.state()

    def state(self) -> str:
        """The settings as saved now: kind and version of each."""
        return ",".join(f"{kind}:{s.version}" for kind, s in sorted(self.settings.items()))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("opened_at", "") != self.state():
            raise forms.ValidationError(
                _(
                    "Someone else changed these settings after you opened the page. Nothing of "
                    "yours was saved; check the current settings below and save again."
                )
            )
        return cleaned

    def show_current(self) -> None:
        """After a refusal, show the settings as saved now (the errors stay)."""
        data = QueryDict(mutable=True)
        for kind in kinds_needing_agreement(self.partnership.pk):
            data[self.add_prefix(kind)] = "on"
        data[self.add_prefix("opened_at")] = self.state()
        self.data = data

    def save(self, actor: Any) -> int:
        """Save the choices that differ from what holds now; how many kinds changed."""
        changed = 0
        with refusing_clashes():
            for kind in ActivityKind:
                needed = self.cleaned_data[kind.value]
                setting = self.settings.get(kind.value)
                if setting is not None:
                    if setting.needs_agreement != needed:
                        setting.needs_agreement = needed
                        save_versioned(setting, expected_version=setting.version, actor=actor)
                        changed += 1
                elif needed != (kind not in KINDS_WITHOUT_AGREEMENT):
                    create_record(
                        ActivityKindSetting(
                            partnership=self.partnership, kind=kind.value, needs_agreement=needed
                        ),
                        actor=actor,
                    )
                    changed += 1
        return changed
