"""What is due on a day (`collect`) and the daily pass that records and sends it (`daily_pass`).

Deadlines come from the register's own methods, never recomputed here: an agreement's
`notice_deadline(on)` and `current_end(on)` (a renewing agreement's renewed term), a
partnership's `dialogue_season(year)`, an action item's `due_on`, an exchange's `ends_on`, a
membership's partial end date (its last day).

Tiers: a reminder is due at the most urgent tier the days left have reached (by default 90, 30
and 7 days before; `REMINDER_TIERS`). Only that tier is recorded, so a pass that missed days
sends one reminder, not a backlog. Two sorts of subject differ once the date has passed:

- Something someone must *do* (signatures missing, the dialogue not held, an action item open)
  becomes "overdue" the day after its date and stays so, on the dashboard, until the record
  changes (signed, held, done): then the next pass finds it no longer due and resolves it.
- A *date* that passes by itself (the last day to give notice, an agreement, exchange or
  membership ending) has no overdue tier: once past there is nothing left to act on. A renewing
  agreement's next notice deadline is reminded about in its turn.

Recipients are only users who may see the record's partnership (`Partnership.visible_to`);
nothing they could not see is stored or sent: a reminder names its subject by reading the
record through the recipient's own view (`subject_text`), so a secret agreement title reaches
a recipient not entitled to it masked. Services do not check the caller's permissions.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import OVERDUE, Kind, Reminder, ReminderSettings, Snooze

logger = logging.getLogger(__name__)

# An agreement sent for signature with no start date is due to be signed this many days after
# it was sent (the MoU sets no limit; two weeks gives the 7-day tier a week's notice).
SIGNATURE_DAYS = 14

# The kinds that are something to do: they go overdue after their date (see the module doc).
OVERDUE_KINDS = {Kind.SIGNATURE_MISSING, Kind.DIALOGUE_DUE, Kind.ACTION_ITEM_DUE}


@dataclass(frozen=True)
class Due:
    """One reminder that is due on a day: to whom, about what, for which date, at which tier."""

    user_id: int
    kind: str
    object_id: int
    partnership_id: int
    url: str
    due_on: datetime.date
    tier: str

    @property
    def subject_key(self) -> str:
        return subject_key(self.kind, self.object_id)


def subject_key(kind: str, object_id: int) -> str:
    return f"{kind}:{object_id}"


def tiers() -> tuple[int, ...]:
    return tuple(sorted(int(days) for days in settings.REMINDER_TIERS))


def tier_for(days_left: int, *, overdue: bool) -> str | None:
    """The most urgent tier reached with `days_left` (None: not yet, or past and not overdue)."""
    if days_left < 0:
        return OVERDUE if overdue else None
    for days in tiers():
        if days_left <= days:
            return str(days)
    return None


class _Audience:
    """Who may be reminded: active users, and the partnerships each may see."""

    def __init__(self) -> None:
        from samverkan.accounts.models import Role, RoleAssignment, User

        self.superusers = set(
            User.objects.filter(is_active=True, is_superuser=True).values_list("pk", flat=True)
        )
        self.partnerships: dict[int, set[int]] = defaultdict(set)
        self.coordinators: dict[tuple[int, int], set[int]] = defaultdict(set)
        roles = RoleAssignment.objects.filter(
            partnership__isnull=False, user__is_active=True
        ).values_list("user_id", "partnership_id", "organisation_id", "role")
        for user_id, partnership_id, organisation_id, role in roles:
            self.partnerships[user_id].add(partnership_id)
            if role == Role.COORDINATOR:
                self.coordinators[partnership_id, organisation_id].add(user_id)

    def may_see(self, user_id: int | None, partnership_id: int) -> bool:
        """Mirrors `Partnership.objects.visible_to(user)`: a role in it, or site administrator."""
        if user_id is None:
            return False
        return user_id in self.superusers or partnership_id in self.partnerships.get(user_id, ())

    def coordinators_of(self, partnership_id: int, organisation_ids) -> set[int]:
        users: set[int] = set()
        for organisation_id in organisation_ids:
            users |= self.coordinators.get((partnership_id, organisation_id), set())
        return users

    def all_coordinators_of(self, partnership_id: int) -> set[int]:
        users: set[int] = set()
        for (pid, _organisation), ids in self.coordinators.items():
            if pid == partnership_id:
                users |= ids
        return users


def collect(on: datetime.date) -> list[Due]:
    """The reminders due on a day, every kind, to every recipient who may see the record.

    Reads the register unmasked (it stores no text); see the module doc for the rules."""
    audience = _Audience()
    found: list[Due] = []
    for collector in (
        _agreement_dates,
        _signatures_missing,
        _dialogues_due,
        _action_items_due,
        _exchanges_ending,
        _memberships_ending,
    ):
        found.extend(collector(on, audience))
    # One reminder per recipient and subject (a user may qualify twice, e.g. as coordinator and
    # steering-group member).
    return list(dict.fromkeys(found))


def _dues(on, audience, *, users, kind, object_id, partnership_id, url, due_on) -> list[Due]:
    tier = tier_for((due_on - on).days, overdue=kind in OVERDUE_KINDS)
    if tier is None:
        return []
    return [
        Due(user_id, kind, object_id, partnership_id, url, due_on, tier)
        for user_id in sorted(users)
        if audience.may_see(user_id, partnership_id)
    ]


def _agreement_url(agreement) -> str:
    return reverse(
        "agreements:agreement_detail",
        kwargs={"pk": agreement.partnership_id, "agreement_uuid": agreement.uuid},
    )


def _agreement_dates(on, audience) -> list[Due]:
    """The last day to give notice, and the end of a term that does not renew, to the
    coordinators of the agreement's parties."""
    from samverkan.agreements.models import Agreement

    found: list[Due] = []
    agreements = Agreement.objects.filter(status=Agreement.Status.IN_FORCE).prefetch_related(
        "agreement_parties__party"
    )
    for agreement in agreements:
        # An agreement in force but not yet started still has its dates ahead of it.
        if agreement.effective_status(on) != Agreement.Status.IN_FORCE:
            continue
        users = audience.coordinators_of(
            agreement.partnership_id,
            [ap.party.organisation_id for ap in agreement.agreement_parties.all()],
        )
        common = {
            "users": users,
            "object_id": agreement.pk,
            "partnership_id": agreement.partnership_id,
            "url": _agreement_url(agreement),
        }
        deadline = agreement.notice_deadline(on)
        if deadline is not None:
            found += _dues(on, audience, kind=Kind.NOTICE_DEADLINE, due_on=deadline, **common)
        if agreement.ends_on and not agreement.renewal_months:
            found += _dues(
                on, audience, kind=Kind.AGREEMENT_ENDING, due_on=agreement.ends_on, **common
            )
    return found


def _sent_days(agreements) -> dict[int, datetime.date]:
    """The day each agreement was last sent for signature, from the history of them all in one
    query: the earliest of the unbroken run of "sent" versions at the end of its history."""
    from samverkan.agreements.models import Agreement

    sent_at = {agreement.pk: agreement.updated_at for agreement in agreements}
    earlier_status: set[int] = set()
    versions = (
        Agreement.history.filter(id__in=sent_at)
        .order_by("id", "-history_date", "-history_id")
        .values_list("id", "status", "history_date")
    )
    for pk, status, history_date in versions:
        if pk in earlier_status:
            continue
        if status != Agreement.Status.SENT:
            earlier_status.add(pk)
            continue
        sent_at[pk] = history_date
    return {pk: timezone.localdate(moment) for pk, moment in sent_at.items()}


def _signatures_missing(on, audience) -> list[Due]:
    """To each required signatory (a person with a user) who has not signed an agreement sent
    for signature; due on its start date, or SIGNATURE_DAYS after it was sent."""
    from samverkan.agreements.models import Agreement

    found: list[Due] = []
    agreements = Agreement.objects.filter(status=Agreement.Status.SENT).prefetch_related(
        "required_signatories__person__user", "signatures"
    )
    agreements = list(agreements)
    sent_on = _sent_days([a for a in agreements if a.starts_on is None])
    for agreement in agreements:
        signed = {s.signatory_id for s in agreement.signatures.all() if s.is_valid}
        users = set()
        for signatory in agreement.required_signatories.all():
            user = getattr(signatory.person, "user", None)
            if signatory.pk not in signed and user is not None and user.is_active:
                users.add(user.pk)
        if not users:
            continue
        due_on = agreement.starts_on or sent_on[agreement.pk] + datetime.timedelta(
            days=SIGNATURE_DAYS
        )
        found += _dues(
            on,
            audience,
            users=users,
            kind=Kind.SIGNATURE_MISSING,
            object_id=agreement.pk,
            partnership_id=agreement.partnership_id,
            url=_agreement_url(agreement),
            due_on=due_on,
        )
    return found


def _dialogue_counts(dialogue, season_start: datetime.date) -> bool:
    # Held in the season, or late but held: only a dialogue wholly before the season leaves
    # this year's spring dialogue still to hold.
    return dialogue.held_on.last_day() >= season_start


def _dialogues_due(on, audience) -> list[Due]:
    """This year's leadership dialogue not held as its season runs out (overdue after it, until
    one is recorded or the year ends), to the current steering-group members and coordinators."""
    from samverkan.followup.models import SteeringGroupMember
    from samverkan.partnerships.models import Partnership

    found: list[Due] = []
    partnerships = Partnership.objects.prefetch_related("notices", "dialogues")
    members = defaultdict(set)
    for partnership_id, user_id in (
        SteeringGroupMember.objects.current(on=on)
        .filter(person__user__isnull=False, person__user__is_active=True)
        .values_list("partnership_id", "person__user")
    ):
        members[partnership_id].add(user_id)
    for partnership in partnerships:
        if partnership.status(on) not in (
            Partnership.Status.IN_FORCE,
            Partnership.Status.UNDER_NOTICE,
        ):
            continue
        start, end = partnership.dialogue_season(on.year)
        held = any(
            d.held_on.year == on.year and _dialogue_counts(d, start)
            for d in partnership.dialogues.all()
        )
        if held:
            continue
        found += _dues(
            on,
            audience,
            users=members[partnership.pk] | audience.all_coordinators_of(partnership.pk),
            kind=Kind.DIALOGUE_DUE,
            # Each year's season has its own date, so its own reminders.
            object_id=partnership.pk,
            partnership_id=partnership.pk,
            url=reverse("partnerships:detail", kwargs={"pk": partnership.pk}),
            due_on=end,
        )
    return found


def _action_items_due(on, audience) -> list[Due]:
    """Open action items, to their owner's user; overdue until done or cancelled."""
    from samverkan.followup.models import ActionItem

    found: list[Due] = []
    items = (
        ActionItem.objects.open()
        .filter(owner__user__isnull=False, owner__user__is_active=True)
        .filter(due_on__lte=on + datetime.timedelta(days=max(tiers())))
        .select_related("meeting", "owner__user")
    )
    for item in items:
        found += _dues(
            on,
            audience,
            users={item.owner.user.pk},
            kind=Kind.ACTION_ITEM_DUE,
            object_id=item.pk,
            partnership_id=item.meeting.partnership_id,
            url=reverse(
                "partnerships:meeting_detail",
                kwargs={"pk": item.meeting.partnership_id, "meeting_pk": item.meeting_id},
            ),
            due_on=item.due_on,
        )
    return found


def _exchanges_ending(on, audience) -> list[Due]:
    """A personnel exchange ending, to the coordinators of both its home and host."""
    from samverkan.activities.models import PersonnelExchange

    found: list[Due] = []
    exchanges = PersonnelExchange.objects.filter(
        ends_on__gte=on, ends_on__lte=on + datetime.timedelta(days=max(tiers()))
    )
    for exchange in exchanges:
        found += _dues(
            on,
            audience,
            users=audience.coordinators_of(
                exchange.partnership_id,
                [exchange.home_organisation_id, exchange.host_organisation_id],
            ),
            kind=Kind.EXCHANGE_ENDING,
            object_id=exchange.pk,
            partnership_id=exchange.partnership_id,
            url=reverse(
                "activities:exchange_detail",
                kwargs={"pk": exchange.partnership_id, "exchange_pk": exchange.pk},
            ),
            due_on=exchange.ends_on,
        )
    return found


def _memberships_ending(on, audience) -> list[Due]:
    """A network membership ending (the last day of its partial end date), to the member's
    coordinators."""
    from samverkan.partnerships.models import Membership

    found: list[Due] = []
    for membership in Membership.objects.filter(ends_on__isnull=False).select_related("party"):
        party = membership.party
        found += _dues(
            on,
            audience,
            users=audience.coordinators_of(party.partnership_id, [party.organisation_id]),
            kind=Kind.MEMBERSHIP_ENDING,
            object_id=membership.pk,
            partnership_id=party.partnership_id,
            url=reverse("partnerships:detail", kwargs={"pk": party.partnership_id}),
            due_on=membership.ends_on.last_day(),
        )
    return found


# --- The daily pass -------------------------------------------------------------------------


@dataclass
class PassReport:
    on: datetime.date
    due: int = 0
    created: int = 0
    sent: int = 0
    resolved: int = 0
    failed: list[tuple[int, str]] = field(default_factory=list)


class _Choices:
    """Each user's muted kinds and snoozed subjects on a day."""

    def __init__(self, on: datetime.date) -> None:
        self.muted = {
            user_id: set(kinds or ())
            for user_id, kinds in ReminderSettings.objects.values_list("user_id", "muted_kinds")
        }
        self.snoozed = set(
            Snooze.objects.filter(until__gte=on).values_list("user_id", "subject_key")
        )

    def holds_back(self, user_id: int, kind: str, key: str) -> bool:
        return kind in self.muted.get(user_id, ()) or (user_id, key) in self.snoozed


def daily_pass(on: datetime.date | None = None) -> PassReport:
    """Record the reminders due on a day, resolve those no longer due, and send what is unsent.

    Idempotent: a reminder is recorded once (the unique constraint) and sent once; one whose
    send failed is tried again on later passes up to REMINDER_MAX_ATTEMPTS, its error kept.
    Snoozed subjects and kinds switched off are neither recorded nor sent while so.
    """
    on = on or timezone.localdate()
    report = PassReport(on=on)
    due = collect(on)
    report.due = len(due)
    choices = _Choices(on)
    for item in due:
        if choices.holds_back(item.user_id, item.kind, item.subject_key):
            continue
        _reminder, created = Reminder.objects.get_or_create(
            user_id=item.user_id,
            subject_key=item.subject_key,
            due_on=item.due_on,
            tier=item.tier,
            defaults={
                "kind": item.kind,
                "object_id": item.object_id,
                "partnership_id": item.partnership_id,
                "url": item.url,
            },
        )
        report.created += created
    report.resolved = _resolve(on, due)
    for pk in Reminder.objects.to_send(max_attempts=settings.REMINDER_MAX_ATTEMPTS).values_list(
        "pk", flat=True
    ):
        outcome = _send_one(pk, choices)
        if outcome is True:
            report.sent += 1
        elif isinstance(outcome, str):
            report.failed.append((pk, outcome))
    return report


def _resolve(on: datetime.date, due: list[Due]) -> int:
    """Resolve the active reminders whose subject is no longer due, or due at another tier or
    date now (a later tier supersedes an earlier one)."""
    current = {(d.user_id, d.subject_key): (d.due_on, d.tier) for d in due}
    stale = [
        pk
        for pk, user_id, key, due_on, tier in Reminder.objects.active().values_list(
            "pk", "user_id", "subject_key", "due_on", "tier"
        )
        if current.get((user_id, key)) != (due_on, tier)
    ]
    return Reminder.objects.filter(pk__in=stale).update(resolved_on=on)


def _send_one(pk: int, choices: _Choices) -> bool | str | None:
    """Send one reminder; True when sent, the error when it failed, None when skipped."""
    with transaction.atomic():
        # A second pass running at the same time skips the row this one is sending.
        reminder = (
            Reminder.objects.select_for_update(skip_locked=True)
            .filter(pk=pk)
            .filter(Q(state=Reminder.State.PENDING) | Q(state=Reminder.State.FAILED))
            .select_related("user", "partnership")
            .first()
        )
        if reminder is None or choices.holds_back(
            reminder.user_id, reminder.kind, reminder.subject_key
        ):
            return None
        reminder.attempts += 1
        try:
            _email(reminder).send()
        except Exception as error:  # any failure of the mail system is recorded, not raised
            reminder.state = Reminder.State.FAILED
            reminder.last_error = f"{type(error).__name__}: {error}"[:2000]
            reminder.save(update_fields=["state", "attempts", "last_error"])
            logger.warning("Reminder %s not sent: %s", pk, reminder.last_error)
            return reminder.last_error
        reminder.state = Reminder.State.SENT
        reminder.sent_at = timezone.now()
        reminder.last_error = ""
        reminder.save(update_fields=["state", "attempts", "sent_at", "last_error"])
        return True


def snooze(*, user, reminder: Reminder, until: datetime.date) -> Snooze:
    """Hold back the reminder's subject for `user` until a day (included); replaces an earlier
    snooze of the same subject. The caller checks that the reminder is the user's own."""
    snoozed, _created = Snooze.objects.update_or_create(
        user=user, subject_key=reminder.subject_key, defaults={"until": until}
    )
    return snoozed


def email_language(user) -> str:
    choice = ReminderSettings.objects.filter(user=user).values_list("language", flat=True).first()
    return choice or settings.LANGUAGE_CODE


def _email(reminder: Reminder) -> EmailMessage:
    """The reminder's e-mail, rendered in the recipient's language."""
    user = reminder.user
    if not user.email:
        raise ValueError("the user has no e-mail address")
    with translation.override(email_language(user)):
        context = {
            "reminder": reminder,
            "user": user,
            "sentence": reminder_sentence(reminder, subject_text(reminder, user)),
            "url": settings.SITE_URL.rstrip("/") + reminder.url,
            "partnership": reminder.partnership,
        }
        subject = render_to_string("reminders/email_subject.txt", context).strip()
        body = render_to_string("reminders/email.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=[user.email])


def subject_text(reminder: Reminder, user) -> str:
    """The name of the reminder's subject as `user` may see it (a secret title masked)."""
    return subject_texts([reminder], user)[reminder.pk]


AGREEMENT_KINDS = (Kind.NOTICE_DEADLINE, Kind.AGREEMENT_ENDING, Kind.SIGNATURE_MISSING)


@dataclass(frozen=True)
class Subject:
    """A reminder's subject as one user may see it: its name, and whether the user sees the
    record whole (False when it is masked for them or no longer visible to them)."""

    text: str
    disclosed: bool


def subject_texts(reminders, user) -> dict[int, str]:
    """The names of the reminders' subjects as `user` may see them, by reminder pk."""
    return {pk: subject.text for pk, subject in subjects(reminders, user).items()}


def subjects(reminders, user) -> dict[int, Subject]:
    """The reminders' subjects as `user` may see them, by reminder pk: records read through
    the user's own view (an agreement through `for_user`, so that a secret title is masked); a
    record the user can no longer see is named only by its kind. One query per kind of record,
    however many reminders."""
    from samverkan.activities.models import PersonnelExchange
    from samverkan.agreements.models import Agreement
    from samverkan.followup.models import ActionItem
    from samverkan.partnerships.models import Membership, Partnership

    reminders = list(reminders)
    wanted: dict[str, set[int]] = defaultdict(set)
    for reminder in reminders:
        wanted[reminder.kind].add(reminder.object_id)
    agreement_ids = set().union(*(wanted[kind] for kind in AGREEMENT_KINDS))
    agreements: dict[int, Subject] = {}
    if agreement_ids:
        agreements = {
            a.pk: Subject(str(a.title), disclosed=bool(a.entitled))
            for a in Agreement.objects.for_user(user).filter(pk__in=agreement_ids)
        }
    items: dict[int, Subject] = {}
    if wanted[Kind.ACTION_ITEM_DUE]:
        items = {
            item.pk: Subject(str(item), disclosed=True)
            for item in ActionItem.objects.visible_to(user).filter(
                pk__in=wanted[Kind.ACTION_ITEM_DUE]
            )
        }
    exchanges: dict[int, Subject] = {}
    if wanted[Kind.EXCHANGE_ENDING]:
        exchanges = {
            exchange.pk: Subject(f"{exchange.person} ({exchange.position})", disclosed=True)
            for exchange in PersonnelExchange.objects.visible_to(user)
            .select_related("person")
            .filter(pk__in=wanted[Kind.EXCHANGE_ENDING])
        }
    memberships: dict[int, Subject] = {}
    if wanted[Kind.MEMBERSHIP_ENDING]:
        memberships = {
            membership.pk: Subject(str(membership.party.organisation), disclosed=True)
            for membership in Membership.objects.filter(
                party__partnership__in=Partnership.objects.visible_to(user),
                pk__in=wanted[Kind.MEMBERSHIP_ENDING],
            ).select_related("party__organisation")
        }
    found: dict[int, Subject] = {}
    for reminder in reminders:
        kind, object_id = reminder.kind, reminder.object_id
        if kind in AGREEMENT_KINDS:
            subject = agreements.get(object_id, Subject(_("an agreement"), disclosed=False))
        elif kind == Kind.DIALOGUE_DUE:
            subject = Subject(reminder.partnership.name, disclosed=True)
        elif kind == Kind.ACTION_ITEM_DUE:
            subject = items.get(object_id, Subject(_("an action item"), disclosed=False))
        elif kind == Kind.EXCHANGE_ENDING:
            subject = exchanges.get(object_id, Subject(_("a personnel exchange"), disclosed=False))
        else:
            subject = memberships.get(object_id, Subject(_("a membership"), disclosed=False))
        found[reminder.pk] = subject
    return found


def reminder_sentence(reminder: Reminder, subject: str) -> str:
    """One whole sentence saying what is due, in the active language."""
    params = {"subject": subject, "date": reminder.due_on.isoformat()}
    overdue = reminder.is_overdue
    texts = {
        Kind.NOTICE_DEADLINE: _(
            "The last day to give notice on the agreement “%(subject)s” is %(date)s."
        ),
        Kind.AGREEMENT_ENDING: _("The agreement “%(subject)s” ends on %(date)s."),
        Kind.SIGNATURE_MISSING: (
            _("Your signature on the agreement “%(subject)s” was due on %(date)s.")
            if overdue
            else _("Please sign the agreement “%(subject)s” by %(date)s.")
        ),
        Kind.DIALOGUE_DUE: (
            _(
                "This year's leadership dialogue in %(subject)s has not been held; its season "
                "ended on %(date)s."
            )
            if overdue
            else _(
                "This year's leadership dialogue in %(subject)s is not held yet; its season "
                "ends on %(date)s."
            )
        ),
        Kind.ACTION_ITEM_DUE: (
            _("The action item “%(subject)s” was due on %(date)s.")
            if overdue
            else _("The action item “%(subject)s” is due on %(date)s.")
        ),
        Kind.EXCHANGE_ENDING: _("The personnel exchange of %(subject)s ends on %(date)s."),
        Kind.MEMBERSHIP_ENDING: _("The membership of %(subject)s ends on %(date)s."),
    }
    return texts[Kind(reminder.kind)] % params
