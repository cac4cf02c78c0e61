from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.audit.forms import RecordForm, StyledForm
from samverkan.lib.month_days import validate_month_day
from samverkan.organisations.models import Organisation, Person, Unit

from .models import Clause, Collaborator, Membership, Partnership, Signatory


class PartnershipForm(RecordForm):
    organisations = forms.ModelMultipleChoiceField(
        label=_("Parties"),
        queryset=Organisation.objects.order_by("name"),
        help_text=_("Two or more organisations. Hold Ctrl (or ⌘) to choose several."),
    )

    # Not required: left out (or empty), the season stays as it is, by default 1 March to 30
    # June, the MoU's "på våren" (R6). Checked here as well as on the model, so that a malformed
    # day is refused on its own field and not also compared with the other end.
    dialogue_season_starts = forms.CharField(
        label=_("Dialogue season from"),
        required=False,
        max_length=5,
        validators=[validate_month_day],
        help_text=_(
            "Month and day (MM-DD) from which each year's leadership dialogue is due; "
            "03-01 when left empty."
        ),
    )
    dialogue_season_ends = forms.CharField(
        label=_("Dialogue season until"),
        required=False,
        max_length=5,
        validators=[validate_month_day],
        help_text=_(
            "Month and day (MM-DD) by which each year's leadership dialogue is held; "
            "06-30 when left empty."
        ),
    )

    class Meta:
        model = Partnership
        fields = [
            "name",
            "slug",
            "kind",
            "description",
            "place",
            "signed_on",
            "notice_months",
            "lead_unit",
            "dialogue_season_starts",
            "dialogue_season_ends",
        ]
        error_messages = {
            "slug": {
                "unique": _(
                    "Another partnership already has this short name; choose another, or leave "
                    "it empty to have one made from the name."
                ),
            },
        }

    def __init__(self, *args: Any, acting_for_choices=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisations"].widget.attrs["size"] = 8
        if self.instance.pk:
            self.fields["organisations"].initial = [
                p.organisation_id for p in self.instance.parties.all()
            ]
            self.fields["lead_unit"].queryset = Unit.objects.filter(
                organisation__parties__partnership=self.instance
            ).order_by("name")
        else:
            self.fields["lead_unit"].queryset = Unit.objects.none()
            self.fields["lead_unit"].help_text = _("Can be chosen once the parties are saved.")
        for name in ("dialogue_season_starts", "dialogue_season_ends"):
            self.fields[name].initial = getattr(self.instance, name)
        if acting_for_choices is not None:
            self.fields["acting_for"] = forms.ModelChoiceField(
                label=_("You act for"),
                queryset=acting_for_choices,
                help_text=_("You will coordinate the partnership for this party."),
            )

    def _season_day(self, name: str) -> str:
        value = self.cleaned_data.get(name, "").strip()
        if value:
            return value
        if self.instance.pk:
            return getattr(self.instance, name)
        return Partnership._meta.get_field(name).get_default()

    def clean_dialogue_season_starts(self) -> str:
        return self._season_day("dialogue_season_starts")

    def clean_dialogue_season_ends(self) -> str:
        return self._season_day("dialogue_season_ends")


class SignatoryForm(RecordForm):
    class Meta:
        model = Signatory
        fields = ["party", "person", "title", "signed_on"]

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = partnership.parties.select_related("organisation")
        self.fields["person"].queryset = (
            Person.objects.visible_to(self.user)
            .filter(organisation__parties__partnership=partnership)
            .order_by("name")
        )
        self.fields["title"].help_text = _("The title the person signed under.")


class ClauseForm(RecordForm):
    parent_fields = ("partnership",)

    class Meta:
        model = Clause
        fields = ["number", "heading", "body"]

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership


class MembershipForm(RecordForm):
    class Meta:
        model = Membership
        fields = ["party", "starts_on", "ends_on", "note"]

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = partnership.parties.select_related("organisation")


class CollaboratorForm(RecordForm):
    parent_fields = ("partnership",)

    class Meta:
        model = Collaborator
        fields = ["organisation", "kind", "description"]

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.fields["organisation"].queryset = Organisation.objects.exclude(
            parties__partnership=partnership
        ).order_by("name")


class NoticeForm(StyledForm):
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.none()
    )
    given_on = forms.DateField(
        label=_("Notice given on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The partnership ends three calendar months later (or its own period)."),
    )

    def __init__(self, *args: Any, organisations, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["given_on"].initial = timezone.localdate()


class WithdrawNoticeForm(StyledForm):
    withdrawn_on = forms.DateField(
        label=_("Withdrawn on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["withdrawn_on"].initial = timezone.localdate()
