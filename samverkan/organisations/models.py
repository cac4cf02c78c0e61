"""Organisations, their units (a tree, with reporting lines) and the people who work there."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from samverkan.audit.models import Record
from samverkan.lib.partial_date_fields import PartialDateField


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user) -> OrganisationQuerySet:
        """Organisations are public bodies and their register is public: any signed-in user."""
        if not user.is_authenticated:
            return self.none()
        return self


class Organisation(Record):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        REGION = "region", _("Region")
        STATE_UNIVERSITY = "state_university", _("State university or college")
        UNIVERSITY = "university", _("Other university or college")
        AGENCY = "agency", _("Government agency")
        RESEARCH_INSTITUTE = "research_institute", _("Research institute")
        INCUBATOR = "incubator", _("Incubator")
        COMPANY = "company", _("Company")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=11,
        blank=True,
        help_text=_("Ten digits, for example 212000-0142."),
    )
    description = models.TextField(_("description"), blank=True)
    is_fictional = models.BooleanField(
        _("fictional"),
        default=False,
        help_text=_("An example that the sources do not name (demo data)."),
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation_number"],
                condition=~Q(organisation_number=""),
                name="organisation_number_unique",
                violation_error_message=_(
                    "Another organisation already has this organisation number."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class UnitQuerySet(models.QuerySet):
    def visible_to(self, user) -> UnitQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self


class Unit(Record):
    class Kind(models.TextChoices):
        SCHOOL = "school", _("School or faculty")
        DEPARTMENT = "department", _("Department")
        CENTRE = "centre", _("Centre")
        LABORATORY = "laboratory", _("Laboratory")
        ADMINISTRATION = "administration", _("Administration")
        INNOVATION_UNIT = "innovation_unit", _("Innovation unit")
        INNOVATION_OFFICE = "innovation_office", _("Innovation office")
        OTHER = "other", _("Other")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="units"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    reports_to = models.ForeignKey(
        "self",
        verbose_name=_("reports to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reporting_units",
        help_text=_("The unit this unit's work is reported to, where that is not its parent."),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    established_on = PartialDateField(_("established"), null=True, blank=True)
    closed_on = PartialDateField(_("closed"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(established_on__isnull=True)
                | Q(closed_on__gte=F("established_on")),
                name="unit_closed_after_established",
                violation_error_message=_("A unit cannot close before it was established."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if (
            self.parent_id
            and self.organisation_id
            and self.parent.organisation_id != self.organisation_id
        ):
            errors["parent"] = _("A unit can only be part of a unit of the same organisation.")
        elif self.parent_id and self._reaches_self("parent"):
            errors["parent"] = _(
                "A unit cannot be part of itself, directly or through other units."
            )
        if self.reports_to_id and self._reaches_self("reports_to"):
            errors["reports_to"] = _(
                "A unit cannot report to itself, directly or through other units."
            )
        if errors:
            raise ValidationError(errors)

    def _reaches_self(self, link: str) -> bool:
        """Whether following `link` from this unit comes back to it (a cycle)."""
        seen = set()
        current = getattr(self, link)
        while current is not None:
            if current.pk == self.pk or current.pk in seen:
                return True
            seen.add(current.pk)
            current = getattr(current, link)
        return False


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user) -> PersonQuerySet:
        """People of the user's own organisations, and the people named in the user's
        partnerships (signatories, contact persons, steering-group members, participants of
        leadership dialogues, attendees of steering-group meetings and owners of their action
        items, people on personnel exchanges, required signatories of agreements, and people
        taking part in activities unless the activity's people are marked secret); and the heads
        and contact persons of innovation offices, which are public.

        Data minimisation (GDPR): nobody browses the staff of another organisation, not even
        by adding it as a party (which one coordinator can do alone). The site administrator
        sees everyone.
        """
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        from samverkan.accounts.models import RoleAssignment
        from samverkan.activities.models import ActivityParticipant, PersonnelExchange
        from samverkan.agreements.models import RequiredSignatory, SecrecyMarking
        from samverkan.areas.models import ContactPerson
        from samverkan.followup.models import (
            ActionItem,
            DialogueParticipant,
            MeetingAttendee,
            SteeringGroupMember,
        )
        from samverkan.innovation.models import InnovationOffice
        from samverkan.partnerships.models import Signatory

        own = RoleAssignment.objects.filter(user=user).values("organisation")
        partnerships = RoleAssignment.objects.filter(user=user, partnership__isnull=False).values(
            "partnership"
        )
        signatories = Signatory.objects.filter(party__partnership__in=partnerships).values("person")
        contacts = ContactPerson.objects.filter(partnership__in=partnerships).values("person")
        exchanges = PersonnelExchange.objects.filter(partnership__in=partnerships).values("person")
        steering = SteeringGroupMember.objects.filter(partnership__in=partnerships).values("person")
        dialogues = DialogueParticipant.objects.filter(
            dialogue__partnership__in=partnerships
        ).values("person")
        meetings = MeetingAttendee.objects.filter(meeting__partnership__in=partnerships).values(
            "person"
        )
        owners = ActionItem.objects.filter(meeting__partnership__in=partnerships).values("owner")
        # An innovation office's head and contact person are public facts (R14).
        office_heads = InnovationOffice.objects.values("head")
        office_contacts = InnovationOffice.objects.values("contact")
        agreement_signatories = RequiredSignatory.objects.filter(
            agreement__partnership__in=partnerships
        ).values("person")
        # No NULL may reach the NOT IN below (agreements' markings have no activity).
        secret_people = SecrecyMarking.objects.filter(
            target=SecrecyMarking.Target.PEOPLE, activity__isnull=False
        ).values("activity")
        participants = (
            ActivityParticipant.objects.filter(activity__partnership__in=partnerships)
            .exclude(activity__in=secret_people)
            .values("person")
        )
        return self.filter(
            Q(organisation__in=own)
            | Q(pk__in=signatories)
            | Q(pk__in=contacts)
            | Q(pk__in=exchanges)
            | Q(pk__in=steering)
            | Q(pk__in=dialogues)
            | Q(pk__in=meetings)
            | Q(pk__in=owners)
            | Q(pk__in=office_heads)
            | Q(pk__in=office_contacts)
            | Q(pk__in=agreement_signatories)
            | Q(pk__in=participants)
        )


class Person(Record):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="people",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_fictional = models.BooleanField(
        _("fictional"),
        default=False,
        help_text=_("An example person that the sources do not name (demo data)."),
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (
            self.unit_id
            and self.organisation_id
            and self.unit.organisation_id != self.organisation_id
        ):
            raise ValidationError({"unit": _("The unit must belong to the person's organisation.")})
