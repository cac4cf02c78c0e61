"""Collaboration areas (R2) and the contact persons of each party (R7).

An area is identified by a leadership dialogue or by the MoU itself, may be adjusted by later
dialogues and may be retired; `CollaborationArea.objects.in_force(on=day)` answers which areas
hold on a day. The history of every change is kept by the audit trail.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from samverkan.audit.models import Record
from samverkan.lib.partial_date_fields import PartialDateField
from samverkan.lib.partial_dates import PartialDate


class CollaborationAreaQuerySet(models.QuerySet):
    def visible_to(self, user) -> CollaborationAreaQuerySet:
        from samverkan.partnerships.models import Partnership

        return self.filter(partnership__in=Partnership.objects.visible_to(user))

    def in_force(self, *, on: datetime.date) -> CollaborationAreaQuerySet:
        """Areas identified on or before `on` and not retired by then.

        A date known to the month or year counts from its first day, as everywhere in the
        register (see lib/partial_dates.py).
        """
        day = PartialDate.from_date(on).isoformat()
        return self.filter(identified_on__lte=day).filter(
            Q(retired_on__isnull=True) | Q(retired_on__gt=day)
        )


class CollaborationArea(Record):
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="areas",
    )
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    identified_on = PartialDateField(_("identified"))
    identified_by = models.ForeignKey(
        "followup.LeadershipDialogue",
        verbose_name=_("identified by dialogue"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="areas_identified",
        help_text=_("Empty when the framework agreement itself names the area."),
    )
    retired_on = PartialDateField(_("retired"), null=True, blank=True)
    retired_by = models.ForeignKey(
        "followup.LeadershipDialogue",
        verbose_name=_("retired by dialogue"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="areas_retired",
    )

    objects = CollaborationAreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("collaboration area")
        verbose_name_plural = _("collaboration areas")
        ordering = ["identified_on", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(retired_on__isnull=True) | Q(retired_on__gte=F("identified_on")),
                name="area_retired_after_identified",
                violation_error_message=_("An area cannot be retired before it was identified."),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.name_en and (get_language() or "sv").startswith("en"):
            return self.name_en
        return self.name

    def is_in_force(self, on: datetime.date) -> bool:
        day = PartialDate.from_date(on)
        return self.identified_on <= day and (self.retired_on is None or self.retired_on > day)

    def clean(self) -> None:
        if self.retired_on and self.identified_on and self.retired_on < self.identified_on:
            raise ValidationError(
                {"retired_on": _("An area cannot be retired before it was identified.")}
            )
        for field in ("identified_by", "retired_by"):
            dialogue = getattr(self, field)
            if dialogue is not None and dialogue.partnership_id != self.partnership_id:
                raise ValidationError({field: _("The dialogue must be of this partnership.")})


class AreaAdjustment(Record):
    """A later dialogue's adjustment of an area's direction."""

    area = models.ForeignKey(
        CollaborationArea,
        verbose_name=_("area"),
        on_delete=models.CASCADE,
        related_name="adjustments",
    )
    dialogue = models.ForeignKey(
        "followup.LeadershipDialogue",
        verbose_name=_("dialogue"),
        on_delete=models.PROTECT,
        related_name="adjustments",
    )
    description = models.TextField(_("adjustment"))

    class Meta:
        verbose_name = _("adjustment of an area")
        verbose_name_plural = _("adjustments of areas")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.description[:60]


class ContactPersonQuerySet(models.QuerySet):
    def visible_to(self, user) -> ContactPersonQuerySet:
        from samverkan.partnerships.models import Partnership

        return self.filter(partnership__in=Partnership.objects.visible_to(user))


class ContactPerson(Record):
    """A person a party has named as its channel for an area, or for the whole partnership."""

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="contact_persons",
    )
    area = models.ForeignKey(
        CollaborationArea,
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="contact_persons",
        help_text=_("Empty for a contact for the partnership as a whole."),
    )
    party = models.ForeignKey(
        "partnerships.Party",
        verbose_name=_("for party"),
        on_delete=models.PROTECT,
        related_name="contact_persons",
    )
    person = models.ForeignKey(
        "organisations.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="contact_roles",
    )
    field = models.CharField(
        _("collaboration field"),
        max_length=200,
        blank=True,
        help_text=_("What this person is the contact for, where the area has several fields."),
    )

    objects = ContactPersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "area", "person"],
                name="contact_once_per_area",
                violation_error_message=_("This person is already a contact for this area."),
            ),
        ]

    def __str__(self) -> str:
        return self.field or f"#{self.pk}"
