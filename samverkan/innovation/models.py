"""The innovation office, its network and its innovation-support cases (R10–R16).

An `InnovationOffice` is set up at a host organisation under a government mandate and merged
into a unit there (R10, R13, R14); it runs a network partnership (InterAct, a `Partnership` of
kind network with dated memberships, R11, R16). Its daily work is the `InnovationCase`: an idea
or invention of a member institution's researchers, students or staff, taken through stages
with the support given and the outcomes reached.

Cases are confidential: `InnovationCase.objects.visible_to(user)` lets through only the cases of
the institutions the user advises in the network (role `advisor` for that organisation in that
partnership) and the cases that name the user's person; nobody else, the site administrator as
such included (decision 0008). Figures about cases are computed in SQL over every case and
never link to one (`innovation/figures.py`).
"""

from __future__ import annotations

import re
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samverkan.audit.models import Record
from samverkan.lib.partial_date_fields import PartialDateField


class InnovationOfficeQuerySet(models.QuerySet):
    def visible_to(self, user) -> InnovationOfficeQuerySet:
        """An office and its mandate are public facts: any signed-in user."""
        if not user.is_authenticated:
            return self.none()
        return self


class InnovationOffice(Record):
    """An innovation office at a host organisation (R10), with its head and contact (R14)."""

    name = models.CharField(_("name"), max_length=200)
    host = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("host organisation"),
        on_delete=models.PROTECT,
        related_name="innovation_offices",
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("unit of the office"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The office as a unit of its host organisation."),
    )
    merged_into = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The unit whose work the office is part of (KTH Innovation)."),
    )
    mandate = models.CharField(
        _("mandate"),
        max_length=300,
        help_text=_("The government decision that set the office up."),
    )
    mandate_reference = models.CharField(
        _("reference of the mandate"), max_length=50, blank=True, help_text=_("e.g. 2008/09:50")
    )
    established_on = PartialDateField(_("established"), null=True, blank=True)
    head = models.ForeignKey(
        "organisations.Person",
        verbose_name=_("head of the office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    contact = models.ForeignKey(
        "organisations.Person",
        verbose_name=_("contact person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    network = models.ForeignKey(
        "partnerships.Partnership",
        verbose_name=_("network"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="innovation_offices",
        help_text=_("The network partnership the office runs (InterAct)."),
    )
    description = models.TextField(_("description"), blank=True)

    objects = InnovationOfficeQuerySet.as_manager()

    class Meta:
        verbose_name = _("innovation office")
        verbose_name_plural = _("innovation offices")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        for field in ("unit", "merged_into"):
            unit = getattr(self, field)
            if unit is not None and self.host_id and unit.organisation_id != self.host_id:
                errors[field] = _("The unit must be one of the host organisation's.")
        for field in ("head", "contact"):
            person = getattr(self, field)
            if person is not None and self.host_id and person.organisation_id != self.host_id:
                errors[field] = _("The person must be of the host organisation.")
        if self.network_id and self.network.kind != self.network.Kind.NETWORK:
            errors["network"] = _("The office runs a network partnership, not an MoU.")
        if errors:
            raise ValidationError(errors)


class Stage(models.TextChoices):
    """The stages of a case, in their order (a move backwards needs a reason)."""

    IDEA = "idea", _("Idea")
    VERIFICATION = "verification", _("Verification")
    PROTECTION = "protection", _("Protection of intellectual property")
    FUNDING = "funding", _("Funding")
    COMMERCIALISATION = "commercialisation", _("Company formation or licensing")
    CLOSED = "closed", _("Closed")


STAGE_ORDER = {stage: n for n, stage in enumerate(Stage.values)}


class InnovationCaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> InnovationCaseQuerySet:
        """The cases the user may read: those of the institutions they advise in the case's
        network, and those naming their person. Nobody else; not the site admin as such."""
        if not user.is_authenticated:
            return self.none()
        from samverkan.accounts.models import Role, RoleAssignment

        advised = RoleAssignment.objects.filter(
            user=user,
            role=Role.ADVISOR,
            partnership=models.OuterRef("network"),
            organisation=models.OuterRef("institution"),
        )
        named = Q(pk__in=[])
        person_id = getattr(user, "person_id", None)
        if person_id:
            named = Q(pk__in=CasePerson.objects.filter(person_id=person_id).values("case"))
        return self.filter(Q(models.Exists(advised)) | named)


class InnovationCase(Record):
    """An idea or invention brought to the innovation office, and the support it gets (R11)."""

    class Origin(models.TextChoices):
        RESEARCHER = "researcher", _("Researcher")
        STUDENT = "student", _("Student")
        STAFF = "staff", _("Staff")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    network = models.ForeignKey(
        "partnerships.Partnership",
        verbose_name=_("network"),
        on_delete=models.PROTECT,
        related_name="innovation_cases",
    )
    institution = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="innovation_cases",
        help_text=_("The member institution whose researchers, students or staff bring it."),
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("handled by unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="innovation_cases",
        help_text=_("The unit that handles the case; figures roll up along its reporting line."),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    origin = models.CharField(_("brought by"), max_length=20, choices=Origin.choices)
    opened_on = models.DateField(_("opened"))
    stage = models.CharField(_("stage"), max_length=30, choices=Stage.choices, default=Stage.IDEA)
    stage_since = models.DateField(_("in this stage since"))

    objects = InnovationCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("innovation case")
        verbose_name_plural = _("innovation cases")
        ordering = ["-opened_on", "-pk"]
        indexes = [models.Index(fields=["network", "institution", "opened_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(stage_since__gte=models.F("opened_on")),
                name="case_stage_not_before_opening",
                violation_error_message=_("A stage cannot begin before the case was opened."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def next_stage(self) -> str | None:
        """The stage after this one in STAGE_ORDER (None once closed): the usual next move."""
        position = STAGE_ORDER[self.stage] + 1
        return Stage.values[position] if position < len(Stage.values) else None


class CasePerson(models.Model):
    """A person named on a case: who brought it, and the advisors who support it."""

    class Role(models.TextChoices):
        INVENTOR = "inventor", _("Inventor or idea holder")
        ADVISOR = "advisor", _("Advisor")

    case = models.ForeignKey(
        InnovationCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="people"
    )
    person = models.ForeignKey(
        "organisations.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="innovation_cases",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("person on a case")
        verbose_name_plural = _("people on cases")
        ordering = ["role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "person", "role"],
                name="case_person_once_per_role",
                violation_error_message=_("This person is already named on the case so."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.person)


class StageChange(Record):
    """A case's move from one stage to another, on a day; a move backwards gives its reason."""

    case = models.ForeignKey(
        InnovationCase,
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        related_name="stage_changes",
    )
    from_stage = models.CharField(_("from stage"), max_length=30, choices=Stage.choices)
    to_stage = models.CharField(_("to stage"), max_length=30, choices=Stage.choices)
    changed_on = models.DateField(_("changed on"))
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["changed_on", "pk"]
        indexes = [models.Index(fields=["case", "changed_on"])]

    def __str__(self) -> str:
        return f"{self.from_stage} → {self.to_stage}"

    @property
    def is_backwards(self) -> bool:
        return STAGE_ORDER[self.to_stage] < STAGE_ORDER[self.from_stage]


def _amount_field() -> models.DecimalField:
    """An amount of money; its currency beside it (`_currency_field`), checked together."""
    return models.DecimalField(
        _("amount"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )


def _currency_field() -> models.CharField:
    return models.CharField(
        _("currency"), max_length=3, blank=True, help_text=_("ISO 4217, e.g. SEK.")
    )


class Support(Record):
    """Support the office gave a case: a meeting, verification funding, a referral."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Advisory meeting")
        VERIFICATION_FUNDING = "verification_funding", _("Verification funding")
        INCUBATOR_REFERRAL = "incubator_referral", _("Referral to an incubator")
        OFFICE_REFERRAL = "office_referral", _("Referral to a partner office")

    case = models.ForeignKey(
        InnovationCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="support"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    given_on = models.DateField(_("date"))
    amount = _amount_field()
    currency = _currency_field()
    referred_to = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("referred to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("support given")
        ordering = ["given_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | ~Q(currency=""),
                name="support_amount_has_currency",
                violation_error_message=_("An amount needs its currency."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    REFERRALS = (Kind.INCUBATOR_REFERRAL, Kind.OFFICE_REFERRAL)

    def clean(self) -> None:
        """Verification funding states its amount and currency; a referral names the
        organisation referred to; an amount has an ISO 4217 currency."""
        errors = _money_errors(self.amount, self.currency)
        if self.kind == self.Kind.VERIFICATION_FUNDING and self.amount is None:
            errors.setdefault("amount", _("Verification funding needs its amount."))
        if self.kind == self.Kind.VERIFICATION_FUNDING and not self.currency:
            errors.setdefault("currency", _("Funding needs a currency."))
        if self.kind in self.REFERRALS and self.referred_to_id is None:
            errors["referred_to"] = _("A referral names the organisation referred to.")
        if self.kind not in self.REFERRALS and self.referred_to_id is not None:
            errors["referred_to"] = _("Only a referral names an organisation referred to.")
        if errors:
            raise ValidationError(errors)


def _money_errors(amount, currency: str) -> dict[str, object]:
    """An amount needs its currency, and a currency is three capital letters (ISO 4217)."""
    errors: dict[str, object] = {}
    if amount is not None and not currency:
        errors["currency"] = _("Funding needs a currency.")
    if currency and not re.fullmatch(r"[A-Z]{3}", currency):
        errors["currency"] = _("A currency is three capital letters, e.g. SEK or EUR.")
    return errors


class Outcome(Record):
    """What a case led to: a patent application, a company, a licence, funding raised."""

    class Kind(models.TextChoices):
        PATENT_APPLICATION = "patent_application", _("Patent application")
        COMPANY = "company", _("Company formed")
        LICENCE = "licence", _("Licence")
        FUNDING_RAISED = "funding_raised", _("Funding raised")

    case = models.ForeignKey(
        InnovationCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="outcomes"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    achieved_on = models.DateField(_("date"))
    amount = _amount_field()
    currency = _currency_field()
    reference = models.CharField(
        _("reference"),
        max_length=200,
        blank=True,
        help_text=_("An application number, a company's name or number, a licensee."),
    )

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["achieved_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | ~Q(currency=""),
                name="outcome_amount_has_currency",
                violation_error_message=_("An amount needs its currency."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    def clean(self) -> None:
        """Funding raised states its amount and currency; an amount has an ISO 4217 currency."""
        errors = _money_errors(self.amount, self.currency)
        if self.kind == self.Kind.FUNDING_RAISED and self.amount is None:
            errors.setdefault("amount", _("Funding raised needs its amount."))
        if self.kind == self.Kind.FUNDING_RAISED and not self.currency:
            errors.setdefault("currency", _("Funding needs a currency."))
        if errors:
            raise ValidationError(errors)
