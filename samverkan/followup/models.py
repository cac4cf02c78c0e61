"""The annual follow-up: leadership dialogues and the steering group, as dated records (R2, R6)."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samverkan.audit.models import Record
from samverkan.lib.partial_date_fields import PartialDateField
from samverkan.lib.partial_dates import PartialDate


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
    # The four topics the MoU gives the dialogue (R6).
    world_around = models.TextField(_("the world around"), blank=True)
    trends = models.TextField(_("trends"), blank=True)
    future_challenges = models.TextField(_("future challenges"), blank=True)
    direction = models.TextField(_("adjustments of direction"), blank=True)
    participants = models.ManyToManyField(
        "organisations.Person",
        verbose_name=_("participants"),
        through="DialogueParticipant",
        related_name="dialogues_attended",
        blank=True,
    )

    objects = LeadershipDialogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("leadership dialogue")
        verbose_name_plural = _("leadership dialogues")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        # The MoU holds "from signing until either party terminates it" (R9): a dialogue under
        # it must lie within that time. A date known to the month or year counts by its whole
        # span, so that no part of it may fall outside.
        if not self.partnership_id or not isinstance(self.held_on, PartialDate):
            return  # a malformed date is refused on its own field
        problem = self.validity_problem()
        if problem is not None:
            raise ValidationError({"held_on": problem})

    def validity_problem(self) -> ValidationError | None:
        """Why `held_on` lies outside the partnership's validity; None when it lies within."""
        from samverkan.partnerships.models import Partnership

        partnership = self.partnership
        first, last = partnership.validity()
        if first is None and partnership.kind == Partnership.Kind.MOU:
            return ValidationError(
                _(
                    "The framework agreement is not signed yet: a leadership dialogue under it "
                    "can be recorded once it is signed."
                ),
                code="not_signed",
            )
        span_first, span_last = self.held_on.first_day(), self.held_on.last_day()
        if (first is None or span_first >= first) and (last is None or span_last <= last):
            return None
        params = {
            # The signing as it is known ("2014-05"), not an invented first day.
            "first": partnership.signed_on.isoformat() if partnership.signed_on else "",
            "last": last.isoformat() if last else "",
            "held": self.held_on.isoformat(),
        }
        if first is not None and last is not None:
            text = _(
                "The dialogue (%(held)s) must lie within the partnership's validity, from "
                "%(first)s to %(last)s. A date known only to the month or year must lie wholly "
                "within it."
            )
        elif first is not None:
            text = _(
                "The dialogue (%(held)s) must lie within the partnership's validity, from "
                "its signing on %(first)s. A date known only to the month or year must lie "
                "wholly within it."
            )
        else:
            text = _(
                "The dialogue (%(held)s) must lie within the partnership's validity, which "
                "ends on %(last)s. A date known only to the month or year must lie wholly "
                "within it."
            )
        return ValidationError(text, code="outside_validity", params=params)

    def held_in_season(self) -> bool | None:
        """Whether the dialogue was held in its year's season (R6: "på våren").

        True when its date lies wholly within the partnership's season of that year, False when
        wholly outside it, None when a date known only to the month or year cannot tell.
        """
        start, end = self.partnership.dialogue_season(self.held_on.year)
        span_first, span_last = self.held_on.first_day(), self.held_on.last_day()
        if start <= span_first and span_last <= end:
            return True
        if span_last < start or span_first > end:
            return False
        return None


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


class DialogueParticipant(models.Model):
    """A person who took part in a leadership dialogue, for one of the parties."""

    dialogue = models.ForeignKey(
        LeadershipDialogue,
        verbose_name=_("dialogue"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    person = models.ForeignKey(
        "organisations.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="dialogue_participations",
    )
    party = models.ForeignKey(
        "partnerships.Party",
        verbose_name=_("for party"),
        on_delete=models.PROTECT,
        related_name="dialogue_participations",
    )

    class Meta:
        verbose_name = _("dialogue participant")
        verbose_name_plural = _("dialogue participants")
        ordering = ["party__organisation__name", "person__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dialogue", "person"],
                name="dialogue_participant_once",
                violation_error_message=_("This person is already a participant."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.person)


class DialogueDecision(Record):
    """A decision the leaderships took at a dialogue, beside the areas it identified or retired."""

    dialogue = models.ForeignKey(
        LeadershipDialogue,
        verbose_name=_("dialogue"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    text = models.TextField(_("decision"))

    class Meta:
        verbose_name = _("dialogue decision")
        verbose_name_plural = _("dialogue decisions")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text[:60]


class SteeringMeetingQuerySet(models.QuerySet):
    def visible_to(self, user) -> SteeringMeetingQuerySet:
        from samverkan.partnerships.models import Partnership

        return self.filter(partnership__in=Partnership.objects.visible_to(user))

    def for_pages(self) -> SteeringMeetingQuerySet:
        """With the attendees (person, party's organisation), in two queries whatever the count."""
        return self.prefetch_related(
            models.Prefetch(
                "attendances",
                queryset=MeetingAttendee.objects.select_related("person", "party__organisation"),
            )
        )


class SteeringMeeting(Record):
    """A meeting of the partnership's steering group: who came, the agenda and the minutes."""

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="steering_meetings",
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_document = models.FileField(_("minutes document"), upload_to="minutes/", blank=True)
    minutes_document_name = models.CharField(
        _("file name"), max_length=255, blank=True, editable=False
    )
    minutes_document_sha256 = models.CharField(
        _("SHA-256"), max_length=64, blank=True, editable=False
    )
    attendees = models.ManyToManyField(
        "organisations.Person",
        verbose_name=_("attendees"),
        through="MeetingAttendee",
        related_name="steering_meetings_attended",
        blank=True,
    )

    objects = SteeringMeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("steering-group meeting")
        verbose_name_plural = _("steering-group meetings")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return str(self.held_on)

    # The minutes document is a PDF or a DOCX; its stored name keeps the extension it was
    # checked to be (followup.steering_services.check_minutes_document).
    DOCUMENT_TYPES = {
        ".pdf": "application/pdf",
        ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }

    @property
    def minutes_document_type(self) -> str:
        """The media type of the minutes document ("" when there is none)."""
        if not self.minutes_document:
            return ""
        name = self.minutes_document.name.lower()
        return next(
            (media for suffix, media in self.DOCUMENT_TYPES.items() if name.endswith(suffix)), ""
        )


class MeetingAttendee(models.Model):
    """A person at a steering-group meeting, for one of the parties."""

    meeting = models.ForeignKey(
        SteeringMeeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    person = models.ForeignKey(
        "organisations.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="meeting_attendances",
    )
    party = models.ForeignKey(
        "partnerships.Party",
        verbose_name=_("for party"),
        on_delete=models.PROTECT,
        related_name="meeting_attendances",
    )

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["party__organisation__name", "person__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="meeting_attendee_once",
                violation_error_message=_("This person is already an attendee."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.person)


class MeetingDecision(Record):
    """A decision the steering group took at a meeting."""

    meeting = models.ForeignKey(
        SteeringMeeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    text = models.TextField(_("decision"))

    class Meta:
        verbose_name = _("steering-group decision")
        verbose_name_plural = _("steering-group decisions")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text[:60]


class ActionItemQuerySet(models.QuerySet):
    def visible_to(self, user) -> ActionItemQuerySet:
        from samverkan.partnerships.models import Partnership

        return self.filter(meeting__partnership__in=Partnership.objects.visible_to(user))

    def open(self) -> ActionItemQuerySet:
        return self.filter(status=ActionItem.Status.OPEN)

    def overdue(self, *, on: datetime.date) -> ActionItemQuerySet:
        """Open items whose due day has passed by `on` (due on `on` itself is not overdue)."""
        return self.open().filter(due_on__lt=on)

    def of_partnership(self, partnership) -> ActionItemQuerySet:
        return self.filter(meeting__partnership=partnership)

    def for_pages(self) -> ActionItemQuerySet:
        return self.select_related("owner__organisation", "meeting")


class ActionItem(Record):
    """Something a steering-group meeting gave someone to do, by a date."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    meeting = models.ForeignKey(
        SteeringMeeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="action_items",
    )
    description = models.TextField(_("what is to be done"))
    owner = models.ForeignKey(
        "organisations.Person",
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    closed_on = models.DateField(_("closed"), null=True, blank=True)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description[:60]

    def is_overdue(self, on: datetime.date) -> bool:
        return self.status == self.Status.OPEN and self.due_on < on

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.meeting_id and self.due_on and self.due_on < self.meeting.held_on:
            errors["due_on"] = ValidationError(
                _("An action item cannot be due before its meeting (%(date)s)."),
                code="due_before_meeting",
                params={"date": self.meeting.held_on},
            )
        if (
            self.meeting_id
            and self.owner_id
            and not self.meeting.partnership.parties.filter(
                organisation_id=self.owner.organisation_id
            ).exists()
        ):
            # The steering group gives its tasks to the parties' own people.
            errors["owner"] = ValidationError(
                _(
                    "%(person)s works at %(organisation)s, which is not a party of this "
                    "partnership; an action item's owner must belong to a party."
                ),
                code="owner_not_of_party",
                params={"person": self.owner.name, "organisation": self.owner.organisation},
            )
        if errors:
            raise ValidationError(errors)


class ReportText(Record):
    """The steering group's own words for a partnership's annual report of one year."""

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="report_texts",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1900), MaxValueValidator(9999)]
    )
    trends = models.TextField(_("trends"), blank=True)
    challenges = models.TextField(_("challenges"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)

    class Meta:
        verbose_name = _("the steering group's text")
        verbose_name_plural = _("the steering group's texts")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year"],
                name="report_text_once_per_year",
                violation_error_message=_("This year's report already has a text."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)


class IssuedReport(models.Model):
    """An annual report as issued: never changed afterwards, its files kept with their hashes.

    Its content is what every participant of the partnership may read (decision 0007):
    confidential items are counted in it, never shown.
    """

    # Addressed by UUID in URLs, so issued reports cannot be enumerated (STYLE.md).
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        verbose_name=_("partnership"),
        on_delete=models.PROTECT,
        related_name="issued_reports",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1900), MaxValueValidator(9999)]
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    issued_at = models.DateTimeField(_("issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    content = models.JSONField(_("content"), help_text=_("The report's data as issued."))

    class Meta:
        verbose_name = _("issued report")
        verbose_name_plural = _("issued reports")
        ordering = ["-issued_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.partnership} {self.year}"


class IssuedReportFile(models.Model):
    """One format of an issued report, with the SHA-256 it had when issued."""

    class Format(models.TextChoices):
        HTML = "html", "HTML"
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"
        XLSX = "xlsx", "XLSX"

    report = models.ForeignKey(
        IssuedReport, verbose_name=_("report"), on_delete=models.PROTECT, related_name="files"
    )
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    file = models.FileField(_("file"), upload_to="reports/")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size in bytes"))

    class Meta:
        verbose_name = _("file of an issued report")
        verbose_name_plural = _("files of issued reports")
        ordering = ["format"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "format"], name="issued_report_file_once_per_format"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} ({self.format})"
