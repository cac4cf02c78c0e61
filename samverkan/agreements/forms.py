"""Forms of specific agreements (R8), for the pages and, through rest.forms, the API.

The parties and the regulated activities are chosen here but kept as rows of their own
(AgreementParty, Regulation): `AgreementForm.persist` and `RegulationsForm.persist` write them
with `create_record`/`delete_record`, so that each change is in the history with its author.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.accounts.models import User
from samverkan.activities.models import Activity, ActivityKind
from samverkan.audit.forms import RecordForm, StyledForm
from samverkan.audit.services import create_record, delete_record, refusing_clashes
from samverkan.organisations.models import Organisation, Person, Unit
from samverkan.partnerships.models import Partnership, Party

from .models import (
    Agreement,
    AgreementParty,
    Registration,
    RequiredSignatory,
    SecrecyMarking,
)

DATE_INPUT = {"type": "date"}


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d")


def _sync(rows: list[Any], *, key: str, wanted: set[int], make: Any, actor: Any) -> None:
    """Make the rows' `key` values exactly `wanted`: delete the others, create the missing."""
    present = {getattr(row, key): row for row in rows}
    for value, row in present.items():
        if value not in wanted:
            delete_record(row, actor=actor)
    for value in sorted(wanted - present.keys()):
        create_record(make(value), actor=actor)


def regulable_activities(user: Any, partnership: Partnership):
    """The partnership's activities a user may make an agreement regulate: those they may see
    in full. (A grant of access by name on the agreement opens what is marked on the activities
    it regulates; nobody may widen that to an activity whose secrets they are not entitled to.)
    """
    return (
        Activity.objects.for_user(user)
        .prefetch_related(None)
        .filter(partnership=partnership, entitled=True)
        .order_by("title", "pk")
    )


def _activity_label(activity: Activity) -> str:
    return f"{activity.title} ({activity.get_kind_display()}, {activity.starts.display()})"


class _RegulatedActivities:
    """The choice of activities regulated, shared by the agreement form and the regulations
    form. Activities already regulated that the user may not choose stay regulated."""

    def _set_up_activities(self, user: Any, partnership: Partnership, agreement: Agreement | None):
        field = self.fields["activities"]  # type: ignore[attr-defined]
        field.queryset = regulable_activities(user, partnership)
        field.label_from_instance = _activity_label
        self._regulations = list(agreement.regulations.all()) if agreement and agreement.pk else []
        self._choosable: set[int] = set()
        if self._regulations:
            self._choosable = set(field.queryset.values_list("pk", flat=True))
        field.initial = [
            r.activity_id for r in self._regulations if r.activity_id in self._choosable
        ]

    def _save_regulations(self, agreement: Agreement, actor: Any) -> None:
        kept = {r.activity_id for r in self._regulations if r.activity_id not in self._choosable}
        chosen = {a.pk for a in self.cleaned_data.get("activities") or []}  # type: ignore[attr-defined]
        _sync(
            self._regulations,
            key="activity_id",
            wanted=chosen | kept,
            make=lambda activity_id: _regulation(agreement, activity_id),
            actor=actor,
        )


def _regulation(agreement: Agreement, activity_id: int):
    from .models import Regulation

    return Regulation(agreement=agreement, activity_id=activity_id)


class AgreementForm(_RegulatedActivities, RecordForm):
    """The terms of an agreement, its parties and the activities it regulates (drafts only:
    the view asks services.check_terms_editable first)."""

    parent_fields = ("partnership",)

    parties = forms.ModelMultipleChoiceField(
        label=_("Parties to the agreement"),
        queryset=Party.objects.none(),
        help_text=_("Parties of the partnership that sign the agreement; at least one."),
    )
    activities = forms.ModelMultipleChoiceField(
        label=_("Activities regulated"),
        queryset=None,
        required=False,
        help_text=_("The partnership's activities this agreement regulates."),
    )

    class Meta:
        model = Agreement
        fields = ["title", "text", "starts_on", "ends_on", "notice_months", "renewal_months"]
        widgets = {
            "starts_on": _date_widget(),
            "ends_on": _date_widget(),
            "text": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.fields["parties"].queryset = partnership.parties.select_related(
            "organisation"
        ).order_by("organisation__name", "pk")
        self._agreement_parties = (
            list(self.instance.agreement_parties.all()) if self.instance.pk else []
        )
        self.fields["parties"].initial = [ap.party_id for ap in self._agreement_parties]
        self._set_up_activities(self.user, partnership, self.instance)

    def clean_parties(self) -> Any:
        parties = self.cleaned_data["parties"]
        if self.instance.pk:
            chosen = {party.pk for party in parties}
            dropped = [ap.party for ap in self._agreement_parties if ap.party_id not in chosen]
            if dropped:
                signing = RequiredSignatory.objects.filter(agreement=self.instance)
                registered = Registration.objects.filter(  # unmasked: party ids only
                    agreement=self.instance
                )
                busy = {
                    *signing.filter(party__in=dropped).values_list("party_id", flat=True),
                    *registered.filter(party__in=dropped).values_list("party_id", flat=True),
                }
                for party in dropped:
                    if party.pk in busy:
                        raise forms.ValidationError(
                            _(
                                "%(party)s has required signatories or a register entry on "
                                "this agreement; remove them before removing the party."
                            )
                            % {"party": party.organisation}
                        )
        return parties

    def persist(self, actor: Any) -> None:
        """Save the agreement with its parties and regulated activities, all or nothing."""
        with refusing_clashes():
            super().persist(actor)
            agreement = self.instance
            _sync(
                self._agreement_parties,
                key="party_id",
                wanted={party.pk for party in self.cleaned_data["parties"]},
                make=lambda party_id: AgreementParty(agreement=agreement, party_id=party_id),
                actor=actor,
            )
            self._save_regulations(agreement, actor)


class RegulationsForm(_RegulatedActivities, StyledForm):
    """Which activities an agreement regulates: may change in any status but ended ones."""

    activities = forms.ModelMultipleChoiceField(
        label=_("Activities regulated"),
        queryset=None,
        required=False,
        help_text=_("The partnership's activities this agreement regulates."),
    )

    def __init__(self, *args: Any, agreement: Agreement, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        self._set_up_activities(user, agreement.partnership, agreement)

    def persist(self, actor: Any) -> None:
        with refusing_clashes():
            self._save_regulations(self.agreement, actor)


class SignatoryForm(RecordForm):
    """A required signatory: a person of one of the agreement's parties, with their title."""

    parent_fields = ("agreement",)

    class Meta:
        model = RequiredSignatory
        fields = ["party", "person", "title"]

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.agreement = agreement
        self.fields["party"].queryset = Party.objects.filter(
            agreement_parties__agreement=agreement
        ).select_related("organisation")
        self.fields["person"].queryset = (
            Person.objects.visible_to(self.user)
            .filter(organisation__parties__agreement_parties__agreement=agreement)
            .select_related("organisation")
            .order_by("name", "pk")
        )
        self.fields["person"].label_from_instance = lambda p: f"{p.name} ({p.organisation})"
        self.fields["person"].help_text = _(
            "A person of that party's organisation. Each party names its own signatories."
        )


class RegistrationForm(RecordForm):
    """A party's register entry of the agreement (diarium, OSL 5 kap.)."""

    parent_fields = ("agreement",)

    class Meta:
        model = Registration
        fields = [
            "party",
            "registration_number",
            "registered_on",
            "direction",
            "correspondent",
            "subject",
        ]
        widgets = {"registered_on": _date_widget()}

    def __init__(
        self, *args: Any, agreement: Agreement, organisations: list[int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instance.agreement = agreement
        self.fields["party"].queryset = Party.objects.filter(
            agreement_parties__agreement=agreement, organisation_id__in=organisations
        ).select_related("organisation")
        self.fields["party"].help_text = _(
            "You can register the agreement only for your own party."
        )


# The parts of an agreement that may be marked secret (the API's schema names this set).
AGREEMENT_TARGET_CHOICES = [(t.value, t.label) for t in SecrecyMarking.AGREEMENT_TARGETS]


class MarkingForm(StyledForm):
    target = forms.ChoiceField(label=_("What is secret"), choices=AGREEMENT_TARGET_CHOICES)
    provision = forms.CharField(
        label=_("Provision"),
        max_length=200,
        help_text=_("The provision the secrecy rests on, e.g. OSL 31 kap. 16 §."),
    )
    marked_on = forms.DateField(label=_("Marked on"), widget=_date_widget())
    authority = forms.ModelChoiceField(
        label=_("Authority that marks it"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args: Any, authorities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = authorities
        self.fields["marked_on"].initial = timezone.localdate()
        if len(authorities) == 1:
            self.fields["authority"].initial = authorities[0].pk


class GrantForm(StyledForm):
    user = forms.ModelChoiceField(label=_("User"), queryset=User.objects.none())
    reason = forms.CharField(label=_("Why"), max_length=300)

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            User.objects.filter(role_assignments__partnership=partnership, is_active=True)
            .distinct()
            .order_by("username")
        )
        self.fields["user"].label_from_instance = lambda u: f"{u} ({u.username})"
        self.fields["user"].help_text = _("Among the users who take part in the partnership.")


def _document_help() -> str:
    return _("A PDF of at most %(megabytes)s MB.") % {
        "megabytes": round(settings.AGREEMENT_DOCUMENT_MAX_BYTES / (1024 * 1024), 1)
    }


class DocumentForm(StyledForm):
    document = forms.FileField(label=_("Document (PDF)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].help_text = _document_help()


class SignForm(StyledForm):
    signatory = forms.ModelChoiceField(
        label=_("Sign as"), queryset=RequiredSignatory.objects.none()
    )

    def __init__(self, *args: Any, signatories: Any, offered: Any = None, **kwargs: Any) -> None:
        """`signatories`: the valid choices; `offered`: the subset the page lists (the
        service explains why any other is refused)."""
        super().__init__(*args, **kwargs)
        field = self.fields["signatory"]
        field.queryset = signatories
        field.label_from_instance = _signatory_label
        if offered is not None:
            field.widget.choices = [(s.pk, _signatory_label(s)) for s in offered]
            if len(offered) == 1:
                field.initial = offered[0].pk


def _signatory_label(signatory: RequiredSignatory) -> str:
    parts = [signatory.person.name]
    if signatory.title:
        parts.append(signatory.title)
    parts.append(str(signatory.party.organisation))
    return ", ".join(parts)


class ScanForm(SignForm):
    scan = forms.FileField(label=_("Signed scan (PDF)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signatory"].label = _("Signatory who signed on paper")
        self.fields["scan"].help_text = _document_help()


class TerminateForm(StyledForm):
    terminated_on = forms.DateField(
        label=_("Ended on"),
        widget=_date_widget(),
        help_text=_("The day the agreement ended, by notice or by the parties' decision."),
    )


class ConfirmForm(StyledForm):
    """An action that needs no input but a deliberate click (sending, taking back)."""


class RemoveForm(StyledForm):
    """The removal of a record, based on the version the page showed (409 if stale)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


class AgreementFilterForm(StyledForm):
    """The list's filters; an invalid value is ignored rather than refused (a list always shows)."""

    SORTS = [
        ("title", _("Title, A to Z")),
        ("-title", _("Title, Z to A")),
        ("-created", _("Newest first")),
        ("created", _("Oldest first")),
    ]

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Agreement.Status.choices]
    )
    organisation = forms.ModelChoiceField(
        label=_("Party"), queryset=Organisation.objects.none(), required=False, empty_label=_("All")
    )
    year = forms.IntegerField(
        label=_("Runs in year"), required=False, min_value=1900, max_value=2100
    )
    kind = forms.ChoiceField(
        label=_("Kind of activity regulated"),
        required=False,
        choices=[("", _("All")), *ActivityKind.choices],
    )
    area = forms.ModelChoiceField(
        label=_("Area of an activity regulated"),
        queryset=None,
        required=False,
        empty_label=_("All"),
    )
    unit = forms.ModelChoiceField(
        label=_("Unit taking part in an activity regulated"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=SORTS)

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            parties__partnership=partnership
        ).order_by("name")
        self.fields["area"].queryset = partnership.areas.order_by("name")
        self.fields["unit"].queryset = Unit.objects.filter(
            organisation__parties__partnership=partnership
        ).order_by("name", "pk")

    def criteria(self) -> dict[str, Any]:
        """The valid criteria (views.filter_agreements), the search text and the order."""
        if not self.is_bound:
            return {"sort": "title"}
        self.is_valid()  # keeps the valid fields in cleaned_data, whatever the others hold
        data = self.cleaned_data
        return {
            "q": data.get("q") or "",
            "status": data.get("status") or None,
            "organisation": data.get("organisation"),
            "year": data.get("year"),
            "kind": data.get("kind") or None,
            "area": data.get("area"),
            "unit": data.get("unit"),
            "sort": data.get("sort") or "title",
        }
