"""Specific agreements (R8): the agreements that regulate activities under a partnership.

"Samarbetsformerna regleras i specifika avtal som ska undertecknas av samtliga parter."

An agreement has parties (all or some of the partnership's), required signatories per party, a
PDF document kept with its SHA-256, a register entry per party (diarium), a term with notice,
and secrecy markings. Its lifecycle (draft → sent for signature → in force → expired or
terminated) changes only through `Agreement.transition_to`, called by the services.

Confidentiality (docs/decisions/0006-confidentiality.md) is a property of the query:
`Agreement.objects.for_user(user)` annotates whether the user is entitled to what is marked and
hands out instances with the marked parts already masked (see `confidentiality.py`).
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, FilteredRelation, OuterRef, Prefetch, Q, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.audit.models import Record
from samverkan.lib.calendar_months import add_months
from samverkan.lib.errors import DomainError

# Roles that, held for one of an agreement's parties, entitle a user to what is marked secret.
CONFIDENTIAL_ROLES = ("coordinator", "leadership", "registrar")


class AgreementQuerySet(models.QuerySet):
    def visible_to(self, user) -> AgreementQuerySet:
        """Register entries the user may see: every agreement of the partnerships they take part
        in. What is marked secret is masked unless they are entitled (see `for_user`)."""
        from samverkan.partnerships.models import Partnership

        return self.filter(partnership__in=Partnership.objects.visible_to(user))

    def entitled(self, user) -> AgreementQuerySet:
        """Annotate `entitled`: whether the user may see what is marked secret on each row.

        True where nothing is marked; otherwise for users holding a role in CONFIDENTIAL_ROLES in
        the partnership on behalf of one of the agreement's parties, and for users granted access
        by name. Not for the site administrator as such: secrecy binds them too.
        """
        return self.annotate(entitled=entitled_expression(user, agreement_ref="pk"))

    def for_user(self, user) -> AgreementQuerySet:
        """Visible agreements, each masked as the user is entitled. Use this in every page,
        list, export, search and API answer."""
        from .confidentiality import masking, registrations_for

        return masking(self.visible_to(user).entitled(user)).prefetch_related(
            Prefetch(
                "registrations",
                queryset=registrations_for(user).select_related("party__organisation"),
            )
        )

    def for_pages(self) -> AgreementQuerySet:
        # Each prefetch joins what it shows (one query each, not one per step of the path).
        return self.select_related("partnership").prefetch_related(
            Prefetch(
                "agreement_parties",
                queryset=AgreementParty.objects.select_related("party__organisation"),
            ),
        )

    def with_markings(self) -> AgreementQuerySet:
        """Join each agreement's secrecy markings, with the authority that made each, to its
        row, for `Agreement.secrecy_markings()`: no query of their own, and no more rows, since
        an agreement has at most one marking per target (the constraint), and only on the
        targets of AGREEMENT_TARGETS (`services.mark_secret`). For one agreement: under a list
        the joins would run for every row filtered and sorted, not only for the page shown
        (`markings_prefetch` there)."""
        joined = {
            _marking_on(target): FilteredRelation("markings", condition=Q(markings__target=target))
            for target in SecrecyMarking.AGREEMENT_TARGETS
        }
        return self.annotate(**joined, markings_joined=Value(True)).select_related(
            *(f"{name}__authority" for name in joined)
        )

    def in_force(self, on: datetime.date | None = None) -> AgreementQuerySet:
        """Agreements in force on a day: signed by every required signatory, within their term."""
        day = on or timezone.localdate()
        return self.filter(status=Agreement.Status.IN_FORCE).filter(
            # A term that renews itself runs on until the agreement is terminated.
            Q(ends_on__isnull=True) | Q(ends_on__gte=day) | Q(renewal_months__isnull=False),
            Q(starts_on__isnull=True) | Q(starts_on__lte=day),
        )


def entitled_expression(user, *, agreement_ref: str):
    """The SQL condition "the user may see what is marked on the agreement at `agreement_ref`"
    (an OuterRef path), for agreements and for the activities they regulate."""
    from samverkan.accounts.models import RoleAssignment

    marked = Exists(SecrecyMarking.objects.filter(agreement=OuterRef(agreement_ref)))
    if not user.is_authenticated:
        return ~marked
    by_role = Exists(
        RoleAssignment.objects.filter(
            user=user,
            role__in=CONFIDENTIAL_ROLES,
            partnership=OuterRef(_sibling(agreement_ref, "partnership")),
            organisation__parties__agreement_parties__agreement=OuterRef(agreement_ref),
        )
    )
    by_name = Exists(AccessGrant.objects.filter(user=user, agreement=OuterRef(agreement_ref)))
    return ~marked | by_role | by_name


def _marking_on(target: str) -> str:
    """The name under which `with_markings` joins an agreement's marking of `target`."""
    return f"marking_{target}"


def markings_prefetch() -> Prefetch:
    """The secrecy markings of a page of agreements, with their authorities, in one query, for
    `Agreement.secrecy_markings()`."""
    return Prefetch(
        "markings",
        queryset=SecrecyMarking.objects.select_related("authority"),
        to_attr="prefetched_markings",
    )


def signing() -> Prefetch:
    """The agreements' required signatories, each with every signature it gave, in one query:
    `agreement.signing` holds a signatory once per signature (`signed`), or once without one
    (no `signed` attribute) when it gave none, by party, person and signatory, and each one's
    signatures in the order given."""
    signed = FilteredRelation("signatures", condition=Q(signatures__agreement=F("agreement")))
    return Prefetch(
        "required_signatories",
        queryset=RequiredSignatory.objects.annotate(signed=signed)
        .select_related("person", "party__organisation", "signed__recorded_by")
        # The signatories' own order, then the signatures' own.
        .order_by(
            "party__organisation__name", "person__name", "pk", "signed__signed_at", "signed__pk"
        ),
        to_attr="signing",
    )


def _sibling(ref: str, field: str) -> str:
    """The path of `field` on the agreement at `ref`: `pk` → `partnership`;
    `agreement` → `agreement__partnership`."""
    return field if ref == "pk" else f"{ref}__{field}"


class Agreement(Record):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent for signature")
        IN_FORCE = "in_force", _("In force")
        EXPIRED = "expired", _("Expired")
        TERMINATED = "terminated", _("Terminated")

    # The lifecycle: which status may follow which (services call transition_to).
    TRANSITIONS = {
        Status.DRAFT: {Status.SENT},
        Status.SENT: {Status.DRAFT, Status.IN_FORCE},
        Status.IN_FORCE: {Status.EXPIRED, Status.TERMINATED},
        Status.EXPIRED: set(),
        Status.TERMINATED: set(),
    }

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="agreements",
    )
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(
        _("text"), blank=True, help_text=_("What the agreement says, in brief or in full.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    starts_on = models.DateField(
        _("term starts"),
        null=True,
        blank=True,
        help_text=_("Empty: from the day it enters into force."),
    )
    ends_on = models.DateField(
        _("term ends"), null=True, blank=True, help_text=_("Empty: until further notice.")
    )
    notice_months = models.PositiveSmallIntegerField(
        _("notice period (months)"),
        null=True,
        blank=True,
        help_text=_("How long before the end notice must be given; empty if none."),
    )
    renewal_months = models.PositiveSmallIntegerField(
        _("renews by (months)"),
        null=True,
        blank=True,
        help_text=_("If the term renews itself unless notice is given: by how many months."),
    )
    entered_into_force_on = models.DateField(
        _("entered into force"), null=True, blank=True, editable=False
    )
    terminated_on = models.DateField(_("terminated"), null=True, blank=True, editable=False)
    activities = models.ManyToManyField(
        "activities.Activity",
        verbose_name=_("activities regulated"),
        through="Regulation",
        related_name="agreements",
        blank=True,
    )

    # The document, once uploaded: kept with its hash, locked once sent for signature.
    document = models.FileField(_("document"), upload_to="agreements/", blank=True)
    document_name = models.CharField(_("file name"), max_length=255, blank=True, editable=False)
    document_size = models.PositiveIntegerField(_("size (bytes)"), null=True, editable=False)
    document_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("specific agreement")
        verbose_name_plural = _("specific agreements")
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="agreement_ends_after_start",
                violation_error_message=_("An agreement's term cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.title)  # a Masked title when the reader may not see it

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": _("An agreement's term cannot end before it starts.")}
            )

    def transition_to(self, status: str) -> None:
        """Move to `status` if the lifecycle allows it; DomainError otherwise (nothing saved)."""
        current = Agreement.Status(self.status)
        if status not in self.TRANSITIONS[current]:
            raise DomainError(
                _("An agreement that is %(current)s cannot become %(next)s.")
                % {
                    "current": current.label.lower(),
                    "next": Agreement.Status(status).label.lower(),
                }
            )
        self.status = status

    def effective_status(self, on: datetime.date | None = None) -> str:
        """The status on a day: an agreement in force whose term has ended (and does not renew
        itself) has expired."""
        day = on or timezone.localdate()
        if (
            self.status == self.Status.IN_FORCE
            and self.ends_on
            and self.ends_on < day
            and not self.renewal_months
        ):
            return self.Status.EXPIRED
        return self.status

    def get_effective_status_display(self) -> str:
        return str(Agreement.Status(self.effective_status()).label)

    def is_in_force(self, on: datetime.date | None = None) -> bool:
        day = on or timezone.localdate()
        if self.effective_status(day) != self.Status.IN_FORCE:
            return False
        return self.starts_on is None or self.starts_on <= day

    def current_end(self, on: datetime.date | None = None) -> datetime.date | None:
        """The end of the term running on a day, renewals counted (None: open-ended)."""
        if self.ends_on is None:
            return None
        day = on or timezone.localdate()
        end = self.ends_on
        if self.renewal_months:
            while end < day:
                end = add_months(end, self.renewal_months)
        return end

    def notice_deadline(self, on: datetime.date | None = None) -> datetime.date | None:
        """The last day to give notice before the current term ends (None: no notice rule)."""
        end = self.current_end(on)
        if end is None or not self.notice_months:
            return None
        return add_months(end, -self.notice_months)

    def secrecy_markings(self) -> list[SecrecyMarking]:
        """Its secrecy markings by target: prefetched with a list (`markings_prefetch`), or
        joined to its row (`AgreementQuerySet.with_markings`; a target not marked joins
        nothing, and leaves no attribute); read here when neither was (never an empty list
        for want of reading: the release copy masks what they name)."""
        if hasattr(self, "prefetched_markings"):
            return self.prefetched_markings
        if not getattr(self, "markings_joined", False):
            return list(self.markings.select_related("authority"))
        targets = sorted(SecrecyMarking.AGREEMENT_TARGETS)
        joined = [getattr(self, _marking_on(target), None) for target in targets]
        return [marking for marking in joined if marking is not None]

    @property
    def is_locked(self) -> bool:
        """The document and the terms are locked once the agreement is sent for signature."""
        return self.status != self.Status.DRAFT


class AgreementParty(Record):
    """A party of the partnership that is a party to the agreement."""

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="agreement_parties",
    )
    party = models.ForeignKey(
        "partnerships.Party",
        verbose_name=_("party"),
        on_delete=models.PROTECT,
        related_name="agreement_parties",
    )

    class Meta:
        verbose_name = _("party to an agreement")
        verbose_name_plural = _("parties to agreements")
        ordering = ["party__organisation__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "party"],
                name="agreement_party_once",
                violation_error_message=_("This party is already a party to the agreement."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.party)


class RequiredSignatory(Record):
    """A person who must sign the agreement for a party before it enters into force."""

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="required_signatories",
    )
    party = models.ForeignKey(
        "partnerships.Party",
        verbose_name=_("party"),
        on_delete=models.PROTECT,
        related_name="required_signatories",
    )
    person = models.ForeignKey(
        "organisations.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="agreement_signatory_roles",
    )
    title = models.CharField(_("title when signing"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("required signatory")
        verbose_name_plural = _("required signatories")
        ordering = ["party__organisation__name", "person__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "person"],
                name="required_signatory_once",
                violation_error_message=_("This person is already a required signatory."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.person)

    def clean(self) -> None:
        if (
            self.person_id
            and self.party_id
            and self.person.organisation_id != self.party.organisation_id
        ):
            raise ValidationError(
                {"person": _("The signatory must belong to the party's organisation.")}
            )


class SignatureQuerySet(models.QuerySet):
    def valid(self) -> SignatureQuerySet:
        return self.filter(voided_at__isnull=True)


class Signature(Record):
    """A required signatory's signature of the document as it was (its hash) when signed."""

    class VoidReason(models.TextChoices):
        # Kept as a code and shown in the reader's language.
        DOCUMENT_REPLACED = "document_replaced", _("The document was replaced after signing.")
        WITHDRAWN = "withdrawn", _("The agreement was taken back to draft.")

    class Method(models.TextChoices):
        IN_APP = "in_app", _("Signed in the application by the signatory")
        SCAN = "scan", _("Signed on paper; scan registered by a registrar")

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="signatures"
    )
    signatory = models.ForeignKey(
        RequiredSignatory,
        verbose_name=_("signatory"),
        on_delete=models.PROTECT,
        related_name="signatures",
    )
    party = models.ForeignKey(
        "partnerships.Party",
        verbose_name=_("for party"),
        on_delete=models.PROTECT,
        related_name="agreement_signatures",
    )
    signed_at = models.DateTimeField(_("signed"))
    method = models.CharField(_("how"), max_length=20, choices=Method.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    document_sha256 = models.CharField(_("SHA-256 of the document signed"), max_length=64)
    scan = models.FileField(_("signed scan"), upload_to="signatures/", blank=True)
    scan_sha256 = models.CharField(_("SHA-256 of the scan"), max_length=64, blank=True)
    voided_at = models.DateTimeField(_("voided"), null=True, blank=True)
    void_reason = models.CharField(
        _("why voided"), max_length=30, choices=VoidReason.choices, blank=True
    )

    objects = SignatureQuerySet.as_manager()

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["signed_at", "pk"]
        constraints = [
            # Two requests signing for the same signatory at once: one counts, the other clashes.
            models.UniqueConstraint(
                fields=["signatory"],
                condition=Q(voided_at__isnull=True),
                name="one_valid_signature_per_signatory",
                violation_error_message=_("This signatory has already signed."),
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"

    @property
    def is_valid(self) -> bool:
        return self.voided_at is None


class Registration(Record):
    """The agreement's entry in one party's register (diarium), OSL 5 kap.

    The correspondent and the subject may be marked secret and left out of what others see.
    """

    class Direction(models.TextChoices):
        RECEIVED = "received", _("Received")
        DRAWN_UP = "drawn_up", _("Drawn up")

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    party = models.ForeignKey(
        "partnerships.Party",
        verbose_name=_("party"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    registration_number = models.CharField(_("registration number"), max_length=60)
    registered_on = models.DateField(_("date received or drawn up"))
    direction = models.CharField(
        _("received or drawn up"), max_length=20, choices=Direction.choices
    )
    correspondent = models.CharField(_("from or to whom"), max_length=200)
    subject = models.CharField(_("what it concerns, in brief"), max_length=300)

    class Meta:
        verbose_name = _("register entry")
        verbose_name_plural = _("register entries")
        ordering = ["party__organisation__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "party"],
                name="one_registration_per_party",
                violation_error_message=_("This party has already registered the agreement."),
            ),
            models.UniqueConstraint(
                fields=["party", "registration_number"],
                name="registration_number_unique_per_party",
                violation_error_message=_("This registration number is already in use."),
            ),
        ]

    def __str__(self) -> str:
        return self.registration_number


class SecrecyMarking(Record):
    """A warning that part of an agreement or of an activity is secret (sekretessmarkering).

    It states the provision it rests on, the date and the authority that made it; it must be
    assessed again at each request for the record (a release copy cites it where it masks).
    """

    class Target(models.TextChoices):
        DOCUMENT = "document", _("The document and its text")
        TITLE = "title", _("Title")
        CORRESPONDENT = "correspondent", _("From or to whom (register entries)")
        SUBJECT = "subject", _("What it concerns (register entries)")
        DESCRIPTION = "description", _("Description (activity)")
        OUTCOMES = "outcomes", _("Outcomes and benefits (activity)")
        PEOPLE = "people", _("People taking part (activity)")

    AGREEMENT_TARGETS = (Target.DOCUMENT, Target.TITLE, Target.CORRESPONDENT, Target.SUBJECT)
    ACTIVITY_TARGETS = (Target.TITLE, Target.DESCRIPTION, Target.OUTCOMES, Target.PEOPLE)

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="markings",
    )
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="markings",
    )
    target = models.CharField(_("what is secret"), max_length=20, choices=Target.choices)
    provision = models.CharField(
        _("provision"),
        max_length=200,
        help_text=_("The provision the secrecy rests on, e.g. OSL 31 kap. 16 §."),
    )
    marked_on = models.DateField(_("marked on"))
    authority = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("authority that marked it"),
        on_delete=models.PROTECT,
        related_name="secrecy_markings",
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("secrecy marking")
        verbose_name_plural = _("secrecy markings")
        ordering = ["target", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(agreement__isnull=False, activity__isnull=True)
                | Q(agreement__isnull=True, activity__isnull=False),
                name="marking_on_agreement_or_activity",
            ),
            models.UniqueConstraint(
                fields=["agreement", "target"],
                condition=Q(agreement__isnull=False),
                name="agreement_marking_once_per_target",
                violation_error_message=_("This part is already marked secret."),
            ),
            models.UniqueConstraint(
                fields=["activity", "target"],
                condition=Q(activity__isnull=False),
                name="activity_marking_once_per_target",
                violation_error_message=_("This part is already marked secret."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_target_display()}: {self.provision}"


class AccessGrant(Record):
    """A named user's access to what is marked secret on an agreement and its activities."""

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="access_grants",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="agreement_grants",
    )
    reason = models.CharField(_("why"), max_length=300)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("access by name")
        verbose_name_plural = _("access by name")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "user"],
                name="grant_once_per_user",
                violation_error_message=_("This user already has access."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)


class Regulation(Record):
    """An agreement regulates an activity."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="regulations"
    )
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="regulations",
    )

    class Meta:
        verbose_name = _("regulated activity")
        verbose_name_plural = _("regulated activities")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "activity"],
                name="regulation_once",
                violation_error_message=_("The agreement already regulates this activity."),
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"
