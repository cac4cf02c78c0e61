"""Partnerships: a framework agreement (MoU) between parties, or a network with dated memberships.

The MoU's own rules live here as facts of one partnership: its status on a day, and when notice
given on a day ends it (R9: three calendar months, falling to the month's last day).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Prefetch, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from samverkan.audit.models import Record
from samverkan.lib.calendar_months import add_months
from samverkan.lib.month_days import on_year, validate_month_day
from samverkan.lib.partial_date_fields import PartialDateField


class PartnershipQuerySet(models.QuerySet):
    def visible_to(self, user) -> PartnershipQuerySet:
        """The partnerships the user takes part in (holds a role in); all, for the site admin."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        from samverkan.accounts.models import RoleAssignment

        return self.filter(
            pk__in=RoleAssignment.objects.filter(user=user, partnership__isnull=False).values(
                "partnership"
            )
        )

    def with_parties(self) -> PartnershipQuerySet:
        return self.prefetch_related(
            Prefetch("parties", queryset=Party.objects.select_related("organisation")),
            Prefetch("notices", queryset=Notice.objects.select_related("party__organisation")),
        )


class Partnership(Record):
    class Kind(models.TextChoices):
        MOU = "mou", _("Framework agreement (MoU)")
        NETWORK = "network", _("Network")

    class Status(models.TextChoices):
        NOT_SIGNED = "not_signed", _("Not yet signed")
        IN_FORCE = "in_force", _("In force")
        UNDER_NOTICE = "under_notice", _("In force, under notice")
        TERMINATED = "terminated", _("Terminated")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("short name"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_(
            "Letters, digits and hyphens, for the command line and addresses; "
            "made from the name when left empty."
        ),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MOU)
    description = models.TextField(_("description"), blank=True)
    place = models.CharField(_("place of signing"), max_length=100, blank=True)
    signed_on = PartialDateField(
        _("signed"),
        null=True,
        blank=True,
        help_text=_("As precisely as it is known: a year, a month or a day."),
    )
    notice_months = models.PositiveSmallIntegerField(
        _("notice period (months)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Calendar months from notice to termination."),
    )
    lead_unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("led by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_partnerships",
    )
    # The MoU has the leaderships meet "på våren": by default 1 March to 30 June (R6).
    dialogue_season_starts = models.CharField(
        _("dialogue season from"),
        max_length=5,
        default="03-01",
        validators=[validate_month_day],
        help_text=_("Month and day (MM-DD) from which each year's leadership dialogue is due."),
    )
    dialogue_season_ends = models.CharField(
        _("dialogue season until"),
        max_length=5,
        default="06-30",
        validators=[validate_month_day],
        help_text=_("Month and day (MM-DD) by which each year's leadership dialogue is held."),
    )

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.signed_on and self.signed_on.first_day() > timezone.localdate():
            raise ValidationError(
                {"signed_on": _("A partnership cannot be signed on a date in the future.")}
            )
        if (
            self.dialogue_season_starts
            and self.dialogue_season_ends
            and self.dialogue_season_ends < self.dialogue_season_starts
        ):
            raise ValidationError(
                {
                    "dialogue_season_ends": _(
                        "The dialogue season must end after it starts, within the same year."
                    )
                }
            )

    def dialogue_season(self, year: int) -> tuple[datetime.date, datetime.date]:
        """The first and last day of `year`'s season for the leadership dialogue (both count)."""
        return (
            on_year(self.dialogue_season_starts, year),
            on_year(self.dialogue_season_ends, year),
        )

    def validity(self) -> tuple[datetime.date | None, datetime.date | None]:
        """The first and last day the partnership holds: from its signing to its notice's end.

        None for an end not (yet) known; a framework agreement not signed has no first day.
        A signing known to the month or year counts from its first day.
        """
        first = self.signed_on.first_day() if self.signed_on else None
        return first, self.ends_on()

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def notice_ends_on(self, given_on: datetime.date) -> datetime.date:
        """The day a notice given on `given_on` ends the partnership (R9)."""
        return add_months(given_on, self.notice_months)

    def active_notice(self) -> Notice | None:
        """The notice in effect (not withdrawn), from prefetched notices where available."""
        notices = [n for n in self.notices.all() if n.withdrawn_on is None]
        return min(notices, key=lambda n: n.ends_on) if notices else None

    def status(self, on: datetime.date | None = None) -> Partnership.Status:
        on = on or timezone.localdate()
        # A framework agreement holds from its signing (the MoU's "Giltighet"); a network has
        # no signing of its own and holds while it has not been given notice.
        if self.signed_on is None and self.kind == self.Kind.MOU:
            return self.Status.NOT_SIGNED
        notice = self.active_notice()
        if notice is None:
            return self.Status.IN_FORCE
        if on > notice.ends_on:
            return self.Status.TERMINATED
        return self.Status.UNDER_NOTICE

    def ends_on(self) -> datetime.date | None:
        notice = self.active_notice()
        return notice.ends_on if notice else None


def unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    """A slug made from `name` that no other partnership has: "-2", "-3"… added on a clash."""
    base = slugify(name.replace("–", "-"))[:70] or "partnership"
    taken = set(
        Partnership.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


class PartyQuerySet(models.QuerySet):
    def visible_to(self, user) -> PartyQuerySet:
        return self.filter(partnership__in=Partnership.objects.visible_to(user))


class Party(Record):
    """An organisation's place in a partnership: a party to an MoU, or a network's member."""

    class Role(models.TextChoices):
        PARTY = "party", _("Party")
        MEMBER = "member", _("Member")
        PARTICIPANT = "participant", _("Also takes part")

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), on_delete=models.CASCADE, related_name="parties"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="parties",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PARTY)

    objects = PartyQuerySet.as_manager()

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["organisation__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation"],
                name="party_once_per_partnership",
                violation_error_message=_("This organisation is already a party."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class Membership(Record):
    """A dated period of a party's membership in a network (R16). Periods never overlap."""

    party = models.ForeignKey(
        Party, verbose_name=_("member"), on_delete=models.CASCADE, related_name="memberships"
    )
    starts_on = PartialDateField(
        _("from"), null=True, blank=True, help_text=_("Leave empty when it is not known.")
    )
    ends_on = PartialDateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="membership_ends_after_start",
                violation_error_message=_("A membership cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        start = self.starts_on.display() if self.starts_on else "…"
        end = self.ends_on.display() if self.ends_on else "…"
        return f"{start}–{end}"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A membership cannot end before it starts.")})
        if self.party_id is None:
            return
        for other in Membership.objects.filter(party_id=self.party_id).exclude(pk=self.pk):
            if _periods_overlap(self.starts_on, self.ends_on, other.starts_on, other.ends_on):
                raise ValidationError(
                    _("This period overlaps another membership period of the same member.")
                )


def _periods_overlap(start_a, end_a, start_b, end_b) -> bool:
    """Whether two periods of partial dates (None: open) share a day.

    One period ending in the same year or month as the next begins ("until 2012", "from
    2012") is a handover within that year or month, not an overlap.
    """
    for end, start in ((end_a, start_b), (end_b, start_a)):
        if end is not None and end == start and end.precision != "day":
            return False
    a_first = start_a.first_day() if start_a else datetime.date.min
    a_last = end_a.last_day() if end_a else datetime.date.max
    b_first = start_b.first_day() if start_b else datetime.date.min
    b_last = end_b.last_day() if end_b else datetime.date.max
    return a_first <= b_last and b_first <= a_last


class Signatory(Record):
    """A named person who signs for a party, with the title they signed under (R1)."""

    party = models.ForeignKey(
        Party, verbose_name=_("party"), on_delete=models.CASCADE, related_name="signatories"
    )
    person = models.ForeignKey(
        "organisations.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="signatures",
    )
    title = models.CharField(_("title when signing"), max_length=200)
    signed_on = PartialDateField(_("signed"), null=True, blank=True)

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.signed_on and self.signed_on.first_day() > timezone.localdate():
            errors["signed_on"] = _("A signature cannot be dated in the future.")
        if (
            self.person_id
            and self.party_id
            and self.person.organisation_id != self.party.organisation_id
        ):
            errors["person"] = _("The signatory must belong to the party's organisation.")
        if errors:
            raise ValidationError(errors)


class Clause(Record):
    """A section of the framework agreement, in the agreement's own language."""

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), on_delete=models.CASCADE, related_name="clauses"
    )
    # Explicit bounds: the database's own range differs between SQLite and PostgreSQL, and the
    # API schema must not.
    number = models.PositiveSmallIntegerField(
        _("number"), validators=[MinValueValidator(1), MaxValueValidator(999)]
    )
    heading = models.CharField(_("heading"), max_length=200)
    body = models.TextField(_("text"))

    class Meta:
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        ordering = ["number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "number"],
                name="clause_number_unique",
                violation_error_message=_("Another clause already has this number."),
            ),
        ]

    def __str__(self) -> str:
        return self.heading


class Collaborator(Record):
    """An organisation a network works closely with without being a member (R12, R15)."""

    class Kind(models.TextChoices):
        INNOVATION_OFFICE = "innovation_office", _("Innovation office")
        RESEARCH_INSTITUTE = "research_institute", _("Research institute")
        INCUBATOR = "incubator", _("Incubator")
        REGIONAL_PARTNER = "regional_partner", _("Regional partner")
        OTHER = "other", _("Other")

    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="collaborators",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="collaborations",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("collaborating organisation")
        verbose_name_plural = _("collaborating organisations")
        ordering = ["organisation__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation"],
                name="collaborator_once_per_partnership",
                violation_error_message=_("This organisation is already listed."),
            ),
        ]

    def __str__(self) -> str:
        return self.description or self.get_kind_display()


class Notice(Record):
    """Notice of termination given by a party (R9); withdrawn notices stay in the record."""

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), on_delete=models.CASCADE, related_name="notices"
    )
    party = models.ForeignKey(
        Party, verbose_name=_("given by"), on_delete=models.PROTECT, related_name="notices"
    )
    given_on = models.DateField(_("notice given"))
    ends_on = models.DateField(_("ends"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_on = models.DateField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("notice of termination")
        verbose_name_plural = _("notices of termination")
        ordering = ["-given_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("given_on")), name="notice_ends_after_given"
            ),
            models.UniqueConstraint(
                fields=["partnership"],
                condition=Q(withdrawn_on__isnull=True),
                name="one_active_notice_per_partnership",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.given_on} → {self.ends_on}"
