"""A user's reminders as the dashboard and the API show them: each with its sentence as the
user may read it, the day it is snoozed until, and who else was reminded of the same deadline."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from . import services
from .models import Reminder, ReminderSettings, Snooze


@dataclass
class Row:
    reminder: Reminder
    sentence: str
    snoozed_until: datetime.date | None
    # Names of the other users reminded of the same deadline; empty when the subject is masked
    # for the reader (who else holds a secret agreement's deadline is part of the secret).
    others: list[str] = field(default_factory=list)
    others_shown: bool = True


def rows_for(user, *, today: datetime.date | None = None) -> list[Row]:
    """The user's active reminders of the kinds they want, soonest first, in a fixed number
    of queries."""
    today = today or timezone.localdate()
    muted = ReminderSettings.objects.filter(user=user).values_list("muted_kinds", flat=True).first()
    reminders = list(
        Reminder.objects.filter(user=user).active().exclude(kind__in=muted or []).for_pages()
    )
    subjects = services.subjects(reminders, user)
    snoozed = dict(
        Snooze.objects.filter(user=user, until__gte=today).values_list("subject_key", "until")
    )
    others = others_reminded(
        [r for r in reminders if subjects[r.pk].disclosed], exclude_user_id=user.pk
    )
    return [
        Row(
            reminder=reminder,
            sentence=services.reminder_sentence(reminder, subjects[reminder.pk].text),
            snoozed_until=snoozed.get(reminder.subject_key),
            others=others.get(reminder.pk, []),
            others_shown=subjects[reminder.pk].disclosed,
        )
        for reminder in reminders
    ]


def others_reminded(reminders: list[Reminder], *, exclude_user_id: int) -> dict[int, list[str]]:
    """For each reminder (by pk), the names of the other users reminded of the same subject
    and due date, at any tier, sorted; one query however many reminders."""
    if not reminders:
        return {}
    wanted = {(r.subject_key, r.due_on) for r in reminders}
    names: dict[tuple[str, datetime.date], set[str]] = defaultdict(set)
    for other in (
        Reminder.objects.filter(
            subject_key__in={key for key, _due in wanted},
            due_on__in={due for _key, due in wanted},
        )
        .exclude(user_id=exclude_user_id)
        .select_related("user")
        .only("subject_key", "due_on", "user__username", "user__first_name", "user__last_name")
    ):
        if (other.subject_key, other.due_on) in wanted:
            names[(other.subject_key, other.due_on)].add(str(other.user))
    return {r.pk: sorted(names[(r.subject_key, r.due_on)]) for r in reminders}
