"""Activities of every kind the MoU names (R3, R4) and personnel exchanges (R5).

An activity of a kind that needs an agreement cannot become ongoing until an agreement that
regulates it is in force (services.change_activity_status says why, naming the agreements).

"Positioner och områden för personutbyten ska ligga inom de samarbetsområden som identifierats i
ledningsdialogen. Syfte med varje personutbyte, villkoren och dess nytta för båda
organisationerna bör vara tydligt." The approval rules live in services.approve_exchange.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from samverkan.audit.models import Record
from samverkan.lib.partial_date_fields import PartialDateField


class PersonnelExchangeQuerySet(models.QuerySet):
    def visible_to(self, user) -> PersonnelExchangeQuerySet:
        from samverkan.partnerships.models import Partnership

        return self.filter(partnership__in=Partnership.objects.visible_to(user))

    def matching(
        self,
        *,
        area: Any = None,
        organisation: Any = None,
        unit: Any = None,
        year: int | None = None,
        approved: bool | None = None,
    ) -> PersonnelExchangeQuerySet:
        """Exchanges in an area, with an organisation or a unit as home or host, under way at
        some time in a year, approved by both parties or not (each criterion only when given)."""
        queryset = self
        if area is not None:
            queryset = queryset.filter(area=area)
        if organisation is not None:
            queryset = queryset.filter(
                Q(home_organisation=organisation) | Q(host_organisation=organisation)
            )
        if unit is not None:
            queryset = queryset.filter(Q(home_unit=unit) | Q(host_unit=unit))
        if year is not None:
            queryset = queryset.filter(
                starts_on__lte=datetime.date(year, 12, 31), ends_on__gte=datetime.date(year, 1, 1)
            )
        if approved is not None:
            # Only home and host approve, once each: approved means two approvals.
            queryset = queryset.annotate(approval_count=Count("approvals"))
            if approved:
                queryset = queryset.filter(approval_count=2)
            else:
                queryset = queryset.filter(approval_count__lt=2)
        return queryset

    def for_pages(self) -> PersonnelExchangeQuerySet:
        return self.select_related(
            "person",
            "home_organisation",
            "host_organisation",
            "home_unit",
            "host_unit",
            "area",
        ).prefetch_related("approvals__party__organisation", "approvals__approved_by")


class PersonnelExchange(Record):
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="exchanges",
    )
    person = models.ForeignKey(
        "organisations.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="exchanges",
    )
    home_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("home organisation"),
        on_delete=models.PROTECT,
        related_name="exchanges_out",
    )
    home_unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("home unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="exchanges_out",
    )
    host_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("host organisation"),
        on_delete=models.PROTECT,
        related_name="exchanges_in",
    )
    host_unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("host unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="exchanges_in",
    )
    position = models.CharField(_("position"), max_length=200)
    extent_percent = models.PositiveSmallIntegerField(
        _("extent (percentage of full time)"),
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    area = models.ForeignKey(
        "areas.CollaborationArea",
        verbose_name=_("collaboration area"),
        on_delete=models.PROTECT,
        related_name="exchanges",
    )
    purpose = models.TextField(_("purpose"), blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    benefit_home = models.TextField(_("benefit for the home organisation"), blank=True)
    benefit_host = models.TextField(_("benefit for the host organisation"), blank=True)

    objects = PersonnelExchangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("personnel exchange")
        verbose_name_plural = _("personnel exchanges")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="exchange_ends_after_start",
                violation_error_message=_("An exchange cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(extent_percent__gte=1) & Q(extent_percent__lte=100),
                name="exchange_extent_1_to_100",
                violation_error_message=_("The extent is a share of full time: 1 to 100 %."),
            ),
            models.CheckConstraint(
                condition=~Q(home_organisation=F("host_organisation")),
                name="exchange_between_two_organisations",
                violation_error_message=_("The home and host organisations must differ."),
            ),
        ]

    def __str__(self) -> str:
        return self.position

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("An exchange cannot end before it starts.")
        if (
            self.person_id
            and self.home_organisation_id
            and self.person.organisation_id != self.home_organisation_id
        ):
            errors["person"] = _("The person must work at the home organisation.")
        for unit_field, organisation_field in (
            ("home_unit", "home_organisation_id"),
            ("host_unit", "host_organisation_id"),
        ):
            unit = getattr(self, unit_field)
            if unit is not None and unit.organisation_id != getattr(self, organisation_field):
                errors[unit_field] = _("The unit must belong to that organisation.")
        if self.partnership_id:
            parties = set(self.partnership.parties.values_list("organisation_id", flat=True))
            for field in ("home_organisation", "host_organisation"):
                if getattr(self, f"{field}_id") and getattr(self, f"{field}_id") not in parties:
                    errors[field] = _("The organisation must be a party of the partnership.")
            if self.area_id and self.area.partnership_id != self.partnership_id:
                errors["area"] = _("The area must be one of this partnership's.")
        if errors:
            raise ValidationError(errors)

    def parties_to_approve(self) -> list[int]:
        """The organisations whose approval the exchange needs: home and host."""
        return [self.home_organisation_id, self.host_organisation_id]

    def approved_by_organisations(self) -> set[int]:
        return {a.party.organisation_id for a in self.approvals.all()}

    @property
    def is_approved(self) -> bool:
        return set(self.parties_to_approve()) <= self.approved_by_organisations()


class ExchangeApproval(Record):
    """One party's approval of an exchange, by a named user."""

    exchange = models.ForeignKey(
        PersonnelExchange,
        verbose_name=_("exchange"),
        on_delete=models.CASCADE,
        related_name="approvals",
    )
    party = models.ForeignKey(
        "partnerships.Party",
        verbose_name=_("party"),
        on_delete=models.PROTECT,
        related_name="exchange_approvals",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("approval of an exchange")
        verbose_name_plural = _("approvals of exchanges")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["exchange", "party"],
                name="one_approval_per_party",
                violation_error_message=_("This party has already approved the exchange."),
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class ActivityKind(models.TextChoices):
    """The kinds the MoU names (section 3) and the two that section 4 adds."""

    STUDENT_RECRUITMENT = "student_recruitment", _("Student recruitment")
    ADVISORY_GROUP = "advisory_group", _("Advisory group or centre")
    STUDENT_CHALLENGE = "student_challenge", _("Student challenge")
    GUEST_LECTURE = "guest_lecture", _("Guest lecture")
    INTERNSHIP = "internship", _("Internship (praktik)")
    DEGREE_PROJECT = "degree_project", _("Degree project (examensarbete)")
    CONTRACT_EDUCATION = "contract_education", _("Contract education (uppdragsutbildning)")
    RESEARCH_COLLABORATION = "research_collaboration", _("Research collaboration through a unit")
    EU_PROJECT = "eu_project", _("EU project")
    OTHER = "other", _("Other")


# By default every kind needs an agreement in force before it starts, but these (R4).
KINDS_WITHOUT_AGREEMENT = {ActivityKind.GUEST_LECTURE, ActivityKind.STUDENT_RECRUITMENT}

FIGURES = ("students", "participants", "hours", "funding_amount")
MAX_COUNT = 1_000_000  # students or participants in one activity

# The figures that fit each kind; the form offers these and the model refuses the others.
FIGURES_BY_KIND: dict[str, tuple[str, ...]] = {
    ActivityKind.STUDENT_RECRUITMENT: ("students", "participants", "hours"),
    ActivityKind.ADVISORY_GROUP: ("participants", "hours"),
    ActivityKind.STUDENT_CHALLENGE: ("students", "participants", "hours", "funding_amount"),
    ActivityKind.GUEST_LECTURE: ("participants", "hours"),
    ActivityKind.INTERNSHIP: ("students", "hours"),
    ActivityKind.DEGREE_PROJECT: ("students", "hours"),
    ActivityKind.CONTRACT_EDUCATION: ("participants", "hours", "funding_amount"),
    ActivityKind.RESEARCH_COLLABORATION: ("participants", "hours", "funding_amount"),
    ActivityKind.EU_PROJECT: ("participants", "hours", "funding_amount"),
    ActivityKind.OTHER: FIGURES,
}


class ActivityKindSetting(Record):
    """A partnership's own choice of whether a kind of activity needs an agreement."""

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="activity_kind_settings",
    )
    kind = models.CharField(_("kind"), max_length=40, choices=ActivityKind.choices)
    needs_agreement = models.BooleanField(_("needs an agreement in force to start"))

    class Meta:
        verbose_name = _("setting of an activity kind")
        verbose_name_plural = _("settings of activity kinds")
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "kind"], name="kind_setting_once_per_partnership"
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


def kinds_needing_agreement(partnership_id: int) -> set[str]:
    """The kinds whose activities need an agreement in force to start, in this partnership."""
    needs = {kind.value for kind in ActivityKind if kind not in KINDS_WITHOUT_AGREEMENT}
    for kind, needed in ActivityKindSetting.objects.filter(
        partnership_id=partnership_id
    ).values_list("kind", "needs_agreement"):
        if needed:
            needs.add(kind)
        else:
            needs.discard(kind)
    return needs


def needs_agreement(partnership_id: int) -> Q:
    """`kinds_needing_agreement` as a condition on activities in SQL, for a statement that
    cannot read the settings first: a kind needs one by default unless the partnership's
    setting says it does not, or when its setting says it does."""
    settings = ActivityKindSetting.objects.filter(
        partnership_id=partnership_id, kind=OuterRef("kind")
    )
    by_default = [kind.value for kind in ActivityKind if kind not in KINDS_WITHOUT_AGREEMENT]
    return (Q(kind__in=by_default) & ~Exists(settings.filter(needs_agreement=False))) | Exists(
        settings.filter(needs_agreement=True)
    )


class ActivityQuerySet(models.QuerySet):
    def visible_to(self, user) -> ActivityQuerySet:
        """Every activity of the partnerships the user takes part in; what is marked secret is
        masked unless they are entitled (see `for_user`)."""
        from samverkan.partnerships.models import Partnership

        return self.filter(partnership__in=Partnership.objects.visible_to(user))

    def entitled(self, user) -> ActivityQuerySet:
        """Annotate `entitled`: whether the user may see what is marked secret on each row.

        True where nothing is marked; otherwise for users holding a confidential role
        (agreements.models.CONFIDENTIAL_ROLES) in the partnership for one of the activity's
        parties, and for users granted access by name to an agreement that regulates it.
        """
        from samverkan.accounts.models import RoleAssignment
        from samverkan.agreements.models import CONFIDENTIAL_ROLES, AccessGrant, SecrecyMarking

        marked = Exists(SecrecyMarking.objects.filter(activity=OuterRef("pk")))
        if not user.is_authenticated:
            return self.annotate(entitled=~marked)
        by_role = Exists(
            RoleAssignment.objects.filter(
                user=user,
                role__in=CONFIDENTIAL_ROLES,
                partnership=OuterRef("partnership"),
                organisation__parties__activity_parties__activity=OuterRef("pk"),
            )
        )
        by_name = Exists(
            AccessGrant.objects.filter(user=user, agreement__regulations__activity=OuterRef("pk"))
        )
        return self.annotate(entitled=~marked | by_role | by_name)

    def for_user(self, user, *, people: bool = True) -> ActivityQuerySet:
        """Visible activities, each masked as the user is entitled. Use this in every page,
        list, export, search and API answer. Without `people`, the units and people taking part
        are not fetched (a list row does not show them)."""
        from samverkan.agreements.confidentiality import activity_parties_for, masking

        queryset = masking(self.visible_to(user).entitled(user)).prefetch_related(
            Prefetch(
                "activity_parties",
                queryset=activity_parties_for(user).select_related("party__organisation"),
            )
        )
        return queryset.with_people(user) if people else queryset

    def with_people(self, user) -> ActivityQuerySet:
        """The units and people taking part, masked as the user is entitled (`for_user`)."""
        from samverkan.agreements.confidentiality import participants_for

        return self.prefetch_related(
            Prefetch(
                "participants_taking_part",
                queryset=participants_for(user).select_related(
                    "party__organisation", "unit", "person"
                ),
            ),
        )

    def for_pages(self) -> ActivityQuerySet:
        """What a page of one activity shows besides: its partnership, area and markings, each
        marking with its authority (in the markings' query)."""
        from samverkan.agreements.models import SecrecyMarking

        return self.select_related("partnership", "area").prefetch_related(
            Prefetch("markings", queryset=SecrecyMarking.objects.select_related("authority"))
        )

    def matching(
        self,
        *,
        area: Any = None,
        kind: str | None = None,
        status: str | None = None,
        organisation: Any = None,
        unit: Any = None,
        year: int | None = None,
    ) -> ActivityQuerySet:
        """Activities in an area, of a kind, in a status, with an organisation among their
        parties, with a unit taking part, under way at some time in a year (each when given)."""
        queryset = self
        if area is not None:
            queryset = queryset.filter(area=area)
        if kind:
            queryset = queryset.filter(kind=kind)
        if status:
            queryset = queryset.filter(status=status)
        if organisation is not None:
            queryset = queryset.filter(
                Exists(
                    ActivityParty.objects.filter(
                        activity=OuterRef("pk"), party__organisation=organisation
                    )
                )
            )
        if unit is not None:
            queryset = queryset.filter(
                Exists(ActivityParticipant.objects.filter(activity=OuterRef("pk"), unit=unit))
            )
        if year is not None:
            # Partial dates are ISO text: "2019", "2019-05" and "2019-05-12" all sort at or
            # after "2019" and before "2020"; an open end runs on.
            queryset = queryset.filter(starts__lt=str(year + 1)).filter(
                Q(ends__isnull=True) | Q(ends__gte=str(year))
            )
        return queryset


class Activity(Record):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    TRANSITIONS = {
        Status.PLANNED: {Status.ONGOING, Status.CANCELLED},
        Status.ONGOING: {Status.COMPLETED, Status.CANCELLED},
        Status.COMPLETED: set(),
        Status.CANCELLED: set(),
    }

    class Programme(models.TextChoices):
        HORIZON_2020 = "horizon_2020", "Horizon 2020"
        HORIZON_EUROPE = "horizon_europe", "Horizon Europe"
        ERASMUS = "erasmus", "Erasmus+"
        INTERREG = "interreg", "Interreg"
        OTHER = "other", _("Other programme")

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    kind = models.CharField(_("kind"), max_length=40, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    area = models.ForeignKey(
        "areas.CollaborationArea",
        verbose_name=_("collaboration area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    starts = PartialDateField(_("starts"))
    ends = PartialDateField(_("ends"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PLANNED,
        editable=False,
    )
    # Bounded explicitly: the same limit on every database (and in the API schema).
    students = models.PositiveIntegerField(
        _("students"), null=True, blank=True, validators=[MaxValueValidator(MAX_COUNT)]
    )
    participants = models.PositiveIntegerField(
        _("participants"), null=True, blank=True, validators=[MaxValueValidator(MAX_COUNT)]
    )
    hours = models.DecimalField(
        _("hours"),
        max_digits=9,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    funding_amount = models.DecimalField(
        _("funding"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    funding_currency = models.CharField(
        _("currency"), max_length=3, blank=True, help_text=_("ISO 4217, e.g. SEK or EUR.")
    )
    outcomes = models.TextField(_("outcomes"), blank=True)
    # EU projects
    programme = models.CharField(
        _("funding programme"), max_length=20, choices=Programme.choices, blank=True
    )
    project_number = models.CharField(_("project number"), max_length=50, blank=True)
    acronym = models.CharField(_("acronym"), max_length=50, blank=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-starts", "-pk"]
        indexes = [
            # The list's default order (newest first) and its keyset pages, read from the index
            # instead of sorting every activity of the partnership (docs/performance.md).
            models.Index(fields=["partnership", "starts", "id"], name="activity_list_by_start"),
            # The compliance panel counts a partnership's ongoing activities of the kinds that
            # need an agreement: from the index, not from every activity of the partnership.
            models.Index(fields=["partnership", "status", "kind"], name="activity_by_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(funding_amount__isnull=True) | ~Q(funding_currency=""),
                name="activity_funding_has_currency",
                violation_error_message=_("Funding needs a currency."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.title)  # a Masked title when the reader may not see it

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.starts and self.ends and self.ends.last_day() < self.starts.first_day():
            errors["ends"] = _("An activity cannot end before it starts.")
        if self.funding_amount is not None and not self.funding_currency:
            errors["funding_currency"] = _("Funding needs a currency.")
        if self.funding_currency and not re.fullmatch(r"[A-Z]{3}", self.funding_currency):
            errors["funding_currency"] = _("A currency is three capital letters, e.g. SEK or EUR.")
        if self.kind:
            fitting = FIGURES_BY_KIND.get(self.kind, FIGURES)
            for figure in FIGURES:
                if figure not in fitting and getattr(self, figure) is not None:
                    errors[figure] = _("This figure does not apply to %(kind)s.") % {
                        "kind": self.get_kind_display()
                    }
            if self.kind != ActivityKind.EU_PROJECT and (
                self.programme or self.project_number or self.acronym
            ):
                errors["programme"] = _(
                    "A funding programme, project number and acronym apply to EU projects only."
                )
        if self.area_id and self.partnership_id and self.area.partnership_id != self.partnership_id:
            errors["area"] = _("The area must be one of this partnership's.")
        if errors:
            raise ValidationError(errors)

    def can_become(self, status: str) -> bool:
        return status in self.TRANSITIONS[Activity.Status(self.status)]


class ActivityParty(Record):
    """A party of the partnership taking part in an activity: its role and its benefit."""

    class EuRole(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        BENEFICIARY = "beneficiary", _("Beneficiary")
        ASSOCIATED = "associated", _("Associated partner")
        AFFILIATED = "affiliated", _("Affiliated entity")

    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="activity_parties",
    )
    party = models.ForeignKey(
        "partnerships.Party",
        verbose_name=_("party"),
        on_delete=models.PROTECT,
        related_name="activity_parties",
    )
    eu_role = models.CharField(
        _("role in the EU project"), max_length=20, choices=EuRole.choices, blank=True
    )
    benefit = models.TextField(_("benefit for the party"), blank=True)

    class Meta:
        verbose_name = _("party taking part")
        verbose_name_plural = _("parties taking part")
        ordering = ["party__organisation__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "party"],
                name="activity_party_once",
                violation_error_message=_("This party already takes part."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.party)

    def clean(self) -> None:
        if self.party_id and self.activity_id:
            if self.party.partnership_id != self.activity.partnership_id:
                raise ValidationError({"party": _("The party must be one of the partnership's.")})
            if self.eu_role and self.activity.kind != ActivityKind.EU_PROJECT:
                raise ValidationError(
                    {"eu_role": _("A role in an EU project applies to EU projects only.")}
                )


class ActivityParticipant(Record):
    """A unit or a person of a party taking part in an activity, with their role in it."""

    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="participants_taking_part",
    )
    party = models.ForeignKey(
        "partnerships.Party",
        verbose_name=_("party"),
        on_delete=models.PROTECT,
        related_name="activity_participants",
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activity_participants",
    )
    person = models.ForeignKey(
        "organisations.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activity_participants",
    )
    role = models.CharField(
        _("role"), max_length=200, help_text=_("For example supervisor, lecturer or host.")
    )

    class Meta:
        verbose_name = _("unit or person taking part")
        verbose_name_plural = _("units and people taking part")
        ordering = ["party__organisation__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False) | Q(person__isnull=False),
                name="participant_is_unit_or_person",
                violation_error_message=_("Name a unit, a person or both."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.role)
