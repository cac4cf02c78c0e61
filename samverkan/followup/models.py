"""The annual follow-up: leadership dialogues and the steering group, as dated records (R2, R6)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samverkan.audit.models import Record
from samverkan.lib.partial_date_fields import PartialDateField


class LeadershipDialogueQuerySet(models.QuerySet):
    def visible_to(self, user) -> LeadershipDialogueQuerySet:
        from samverkan.partnerships.models import Partnership

        return self.filter(partnership__in=Partnership.objects.visible_to(user))


class LeadershipDialogue(Record):
    """The yearly dialogue between the parties' leaderships (ledningsdialog)."""

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="dialogues",
    )
    held_on = PartialDateField(_("held"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("The world around, trends, future challenges, adjustments of direction."),
    )

    objects = LeadershipDialogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("leadership dialogue")
        verbose_name_plural = _("leadership dialogues")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class SteeringGroupMemberQuerySet(models.QuerySet):
    def visible_to(self, user) -> SteeringGroupMemberQuerySet:
        """Members of the steering groups of the partnerships the user takes part in."""
        from samverkan.partnerships.models import Partnership

        return self.filter(partnership__in=Partnership.objects.visible_to(user))

    def current(self, *, on: datetime.date) -> SteeringGroupMemberQuerySet:
        """Members on the given day: started by then and not yet ended (the end day counts)."""
        return self.filter(starts_on__lte=on).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))

    def for_pages(self) -> SteeringGroupMemberQuerySet:
        return self.select_related("person", "party__organisation")


class SteeringGroupMember(Record):
    """A person on the partnership's steering group for one of its parties, for a period."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        MEMBER = "member", pgettext_lazy("steering group", "Member")
        SECRETARY = "secretary", _("Secretary")

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="steering_members",
    )
    party = models.ForeignKey(
        "partnerships.Party",
        verbose_name=_("party"),
        on_delete=models.PROTECT,
        related_name="steering_members",
    )
    person = models.ForeignKey(
        "organisations.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="steering_memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    starts_on = models.DateField(_("member from"))
    ends_on = models.DateField(
        _("member until"), null=True, blank=True, help_text=_("Empty while still a member.")
    )

    objects = SteeringGroupMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("steering-group member")
        verbose_name_plural = _("steering-group members")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="steering_member_ends_after_start",
                violation_error_message=_("A membership cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.person)

    def is_current(self, on: datetime.date) -> bool:
        return self.starts_on <= on and (self.ends_on is None or self.ends_on >= on)

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("A membership cannot end before it starts.")
        if (
            self.party_id
            and self.partnership_id
            and self.party.partnership_id != self.partnership_id
        ):
            errors["party"] = _("The party must be one of this partnership's.")
        elif (
            self.party_id
            and self.person_id
            and self.person.organisation_id != self.party.organisation_id
        ):
            # The MoU's steering group is made up of the parties' own representatives.
            errors["person"] = ValidationError(
                _(
                    "A steering-group member must be of one of the partnership's parties: "
                    "%(person)s is not of %(party)s."
                ),
                code="not_of_party",
                params={"person": self.person, "party": self.party},
            )
        if not errors and self.partnership_id and self.person_id and self.starts_on:
            overlapping = SteeringGroupMember.objects.filter(
                partnership_id=self.partnership_id, person_id=self.person_id
            ).exclude(pk=self.pk)
            if self.ends_on is not None:
                overlapping = overlapping.filter(starts_on__lte=self.ends_on)
            overlapping = overlapping.filter(
                Q(ends_on__isnull=True) | Q(ends_on__gte=self.starts_on)
            )
            if overlapping.exists():
                errors["starts_on"] = ValidationError(
                    _("%(person)s is already on the steering group during this period."),
                    code="overlapping_membership",
                    params={"person": self.person},
                )
        if errors:
            raise ValidationError(errors)
