"""Personnel exchanges (R5). Activities and their kinds come next in this app.

"Positioner och områden för personutbyten ska ligga inom de samarbetsområden som identifierats i
ledningsdialogen. Syfte med varje personutbyte, villkoren och dess nytta för båda
organisationerna bör vara tydligt." The approval rules live in services.approve_exchange.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from samverkan.audit.models import Record


class PersonnelExchangeQuerySet(models.QuerySet):
    def visible_to(self, user) -> PersonnelExchangeQuerySet:
        from samverkan.partnerships.models import Partnership

        return self.filter(partnership__in=Partnership.objects.visible_to(user))

    def matching(
        self,
        *,
        area: Any = None,
        organisation: Any = None,
        year: int | None = None,
        approved: bool | None = None,
    ) -> PersonnelExchangeQuerySet:
        """Exchanges in an area, with an organisation as home or host, under way at some time
        in a year, approved by both parties or not (each criterion only when given)."""
        queryset = self
        if area is not None:
            queryset = queryset.filter(area=area)
        if organisation is not None:
            queryset = queryset.filter(
                Q(home_organisation=organisation) | Q(host_organisation=organisation)
            )
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
