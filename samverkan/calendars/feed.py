"""The events of a user's calendar feed, and the feed itself (RFC 5545, built with icalendar).

Every date comes from the register's own methods (`Agreement.current_end`, `notice_deadline`,
`Partnership.active_notice`, `dialogue_season`), never recomputed here. Agreements are read
through `for_user`, so a title marked secret is masked for a reader not entitled to it.
Events are all-day: the register keeps days, not times, so no time zone can move them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from samverkan.activities.models import PersonnelExchange
from samverkan.agreements.models import Agreement
from samverkan.followup.models import ActionItem, LeadershipDialogue, SteeringMeeting
from samverkan.lib.partial_dates import Precision
from samverkan.partnerships.models import Notice, Partnership

PRODID = "-//Samverkan//Calendar feed//EN"
UID_DOMAIN = "samverkan"
# Seasons shown: last year's, this year's and next year's.
SEASON_YEARS_AROUND = 1


@dataclass(frozen=True)
class FeedEvent:
    """One all-day event: `key` makes its UID; `version` and `updated_at` those of the record
    it is read from, so that a calendar replaces the event when the record changes."""

    key: str
    day: datetime.date
    summary: str
    path: str
    version: int
    updated_at: datetime.datetime
    location: str = ""
    description: str = ""

    @property
    def uid(self) -> str:
        return f"{self.key}@{UID_DOMAIN}"


def events_for(user: Any, *, today: datetime.date) -> list[FeedEvent]:
    """The events of the partnerships `user` takes part in, in a fixed number of queries.
    Permissions: only what `visible_to(user)` and `for_user(user)` give."""
    partnerships = list(
        Partnership.objects.visible_to(user).prefetch_related(
            Prefetch("notices", queryset=Notice.objects.filter(withdrawn_on__isnull=True))
        )
    )
    names = {p.pk: p.name for p in partnerships}
    events = [
        *_partnership_events(partnerships, today=today),
        *_meeting_events(SteeringMeeting.objects.visible_to(user), names),
        *_dialogue_events(LeadershipDialogue.objects.visible_to(user), names),
        *_agreement_events(Agreement.objects.for_user(user), names, today=today),
        *_action_item_events(ActionItem.objects.visible_to(user).open(), names),
        *_exchange_events(PersonnelExchange.objects.visible_to(user), names),
    ]
    return sorted(events, key=lambda e: (e.day, e.uid))


def _partnership_events(partnerships, *, today) -> Iterator[FeedEvent]:
    for partnership in partnerships:
        path = reverse("partnerships:detail", args=[partnership.pk])
        notice = partnership.active_notice()
        if notice is not None:
            yield FeedEvent(
                key=f"notice-{notice.pk}-end",
                day=notice.ends_on,
                summary=_("%(partnership)s ends (notice given)")
                % {"partnership": partnership.name},
                path=path,
                version=notice.version,
                updated_at=notice.updated_at,
            )
        first, last = partnership.validity()
        if first is None:
            continue  # a framework agreement not signed has no seasons yet
        for year in range(today.year - SEASON_YEARS_AROUND, today.year + SEASON_YEARS_AROUND + 1):
            _start, end = partnership.dialogue_season(year)
            if end < first or (last is not None and end > last):
                continue
            yield FeedEvent(
                key=f"partnership-{partnership.pk}-dialogue-season-{year}",
                day=end,
                summary=_("%(partnership)s: last day of the leadership dialogue season")
                % {"partnership": partnership.name},
                path=path,
                version=partnership.version,
                updated_at=partnership.updated_at,
            )


def _meeting_events(meetings, names) -> Iterator[FeedEvent]:
    for meeting in meetings:
        yield FeedEvent(
            key=f"steering-meeting-{meeting.pk}",
            day=meeting.held_on,
            summary=_("%(partnership)s: steering-group meeting")
            % {"partnership": names[meeting.partnership_id]},
            path=reverse("partnerships:meeting_detail", args=[meeting.partnership_id, meeting.pk]),
            version=meeting.version,
            updated_at=meeting.updated_at,
            location=meeting.place,
            description=meeting.agenda,
        )


def _dialogue_events(dialogues, names) -> Iterator[FeedEvent]:
    for dialogue in dialogues:
        if dialogue.held_on.precision is not Precision.DAY:
            continue  # a dialogue known only to the month or year has no day to show
        yield FeedEvent(
            key=f"leadership-dialogue-{dialogue.pk}",
            day=dialogue.held_on.first_day(),
            summary=_("%(partnership)s: leadership dialogue: %(title)s")
            % {"partnership": names[dialogue.partnership_id], "title": dialogue.title},
            path=reverse(
                "partnerships:dialogue_detail", args=[dialogue.partnership_id, dialogue.pk]
            ),
            version=dialogue.version,
            updated_at=dialogue.updated_at,
        )


def _agreement_events(agreements, names, *, today) -> Iterator[FeedEvent]:
    for agreement in agreements:
        path = reverse(
            "agreements:agreement_detail", args=[agreement.partnership_id, agreement.uuid]
        )
        context = {"partnership": names[agreement.partnership_id], "title": str(agreement.title)}

        def event(kind: str, day: datetime.date, summary: str, agreement=agreement, path=path):
            return FeedEvent(
                key=f"agreement-{agreement.uuid}-{kind}",
                day=day,
                summary=summary,
                path=path,
                version=agreement.version,
                updated_at=agreement.updated_at,
            )

        if agreement.entered_into_force_on:
            yield event(
                "in-force",
                agreement.entered_into_force_on,
                _("%(partnership)s: %(title)s enters into force") % context,
            )
        # The end and the notice deadline of the term running now, renewals counted; only
        # while the agreement is in force (a draft's or an ended agreement's are no deadline).
        if agreement.effective_status(today) != Agreement.Status.IN_FORCE:
            continue
        end = agreement.current_end(today)
        if end is not None:
            yield event("end", end, _("%(partnership)s: %(title)s ends") % context)
        deadline = agreement.notice_deadline(today)
        if deadline is not None:
            yield event(
                "notice",
                deadline,
                _("%(partnership)s: last day to give notice on %(title)s") % context,
            )


def _action_item_events(items, names) -> Iterator[FeedEvent]:
    for item in items.select_related("meeting"):
        partnership_id = item.meeting.partnership_id
        yield FeedEvent(
            key=f"action-item-{item.pk}-due",
            day=item.due_on,
            summary=_("%(partnership)s: action item due: %(description)s")
            % {"partnership": names[partnership_id], "description": str(item)},
            path=reverse("partnerships:meeting_detail", args=[partnership_id, item.meeting_id]),
            version=item.version,
            updated_at=item.updated_at,
        )


def _exchange_events(exchanges, names) -> Iterator[FeedEvent]:
    for exchange in exchanges.select_related("home_organisation", "host_organisation"):
        context = {
            "partnership": names[exchange.partnership_id],
            "position": exchange.position,
            "home": exchange.home_organisation.name,
            "host": exchange.host_organisation.name,
        }
        path = reverse("activities:exchange_detail", args=[exchange.partnership_id, exchange.pk])
        for kind, day, summary in (
            (
                "start",
                exchange.starts_on,
                _("%(partnership)s: personnel exchange starts: %(position)s, %(home)s to %(host)s"),
            ),
            (
                "end",
                exchange.ends_on,
                _("%(partnership)s: personnel exchange ends: %(position)s, %(home)s to %(host)s"),
            ),
        ):
            yield FeedEvent(
                key=f"personnel-exchange-{exchange.pk}-{kind}",
                day=day,
                summary=summary % context,
                path=path,
                version=exchange.version,
                updated_at=exchange.updated_at,
            )


def build_calendar(events: list[FeedEvent], *, base_url: str, name: str) -> bytes:
    """The feed as iCalendar text: one all-day VEVENT per event."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Stockholm")
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + datetime.timedelta(days=1))
        event.add("summary", item.summary)
        if item.location:
            event.add("location", item.location)
        if item.description:
            event.add("description", item.description)
        event.add("url", base_url + item.path)
        event.add("sequence", item.version)
        event.add("last-modified", item.updated_at.astimezone(datetime.UTC).replace(microsecond=0))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
