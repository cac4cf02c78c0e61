"""Reminders of deadlines in the register (issue 7), one row per recipient, subject, date and tier.

What is due is computed each day by `services.collect` with the register's own methods; the
daily pass (`services.daily_pass`) records each reminder once (the unique constraint below makes
the pass idempotent) and sends it by e-mail in the recipient's language. A reminder whose send
failed stays `failed`, with its error, and is tried again on the next pass until
`REMINDER_MAX_ATTEMPTS`; nothing is lost.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

OVERDUE = "overdue"


class Kind(models.TextChoices):
    NOTICE_DEADLINE = "notice_deadline", _("Last day to give notice on an agreement")
    AGREEMENT_ENDING = "agreement_ending", _("Agreement ending")
    SIGNATURE_MISSING = "signature_missing", _("Signature missing")
    DIALOGUE_DUE = "dialogue_due", _("Leadership dialogue not yet held")
    ACTION_ITEM_DUE = "action_item_due", _("Action item due")
    EXCHANGE_ENDING = "exchange_ending", _("Personnel exchange ending")
    MEMBERSHIP_ENDING = "membership_ending", _("Membership ending")


class ReminderQuerySet(models.QuerySet):
    def active(self) -> ReminderQuerySet:
        """Reminders whose subject still needs attention (not resolved by a later pass)."""
        return self.filter(resolved_on__isnull=True)

    def to_send(self, *, max_attempts: int) -> ReminderQuerySet:
        """Active reminders not sent yet, or failed with attempts left."""
        return self.active().filter(
            Q(state=Reminder.State.PENDING)
            | Q(state=Reminder.State.FAILED, attempts__lt=max_attempts)
        )

    def for_pages(self) -> ReminderQuerySet:
        return self.select_related("partnership")


class Reminder(models.Model):
    """A reminder to one user about one subject's deadline at one tier (90, 30, 7 days or
    overdue). Its subject text is not stored: pages and e-mails read the record through the
    recipient's own view of it (`services.subject_text`), so a secret title stays masked."""

    class State(models.TextChoices):
        PENDING = "pending", _("Not sent yet")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Sending failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    # "<model>:<pk>", e.g. "agreement:12": stable across passes, shared by a subject's tiers.
    subject_key = models.CharField(_("subject"), max_length=100)
    object_id = models.PositiveBigIntegerField(_("record"))
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    url = models.CharField(_("address"), max_length=300)
    due_on = models.DateField(_("due"))
    tier = models.CharField(_("tier"), max_length=10)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    resolved_on = models.DateField(
        _("resolved"),
        null=True,
        blank=True,
        help_text=_("The day a pass found the subject no longer due, or due at a later tier."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["due_on", "pk"]
        constraints = [
            # The daily pass may run twice (cron and beat, a retry): each reminder exists once.
            models.UniqueConstraint(
                fields=["user", "subject_key", "due_on", "tier"], name="reminder_once_per_tier"
            ),
        ]
        indexes = [models.Index(fields=["state", "resolved_on"], name="reminder_to_send")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.due_on} · {self.tier}"

    @property
    def is_overdue(self) -> bool:
        return self.tier == OVERDUE

    def days_left(self, on: datetime.date) -> int:
        return (self.due_on - on).days


class ReminderSettings(models.Model):
    """A user's choices: the language of their e-mails and the kinds they do not want."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="reminder_settings",
    )
    language = models.CharField(
        _("language of e-mails"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    muted_kinds = models.JSONField(_("kinds switched off"), default=list, blank=True)

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")

    def __str__(self) -> str:
        return str(self.user)

    def email_language(self) -> str:
        return self.language or settings.LANGUAGE_CODE


class Snooze(models.Model):
    """A user's subject held back until a day (that day included)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="reminder_snoozes",
    )
    subject_key = models.CharField(_("subject"), max_length=100)
    until = models.DateField(_("snoozed until"))

    class Meta:
        verbose_name = _("snooze")
        verbose_name_plural = _("snoozes")
        constraints = [
            models.UniqueConstraint(fields=["user", "subject_key"], name="snooze_once_per_subject")
        ]

    def __str__(self) -> str:
        return f"{self.subject_key} → {self.until}"
