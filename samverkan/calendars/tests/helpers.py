"""A calendar scene for the feed's tests: one of each kind of event in the MoU."""

import datetime
from dataclasses import dataclass

import time_machine
from django.urls import reverse
from icalendar import Calendar

from samverkan.activities.models import PersonnelExchange
from samverkan.agreements.models import Agreement, AgreementParty
from samverkan.agreements.tests.factories import mark
from samverkan.areas.models import CollaborationArea
from samverkan.calendars.services import create_feed
from samverkan.followup.models import ActionItem, LeadershipDialogue, SteeringMeeting
from samverkan.lib.partial_dates import PartialDate
from samverkan.organisations.tests.factories import PersonFactory

D = datetime.date
SECRET_WORD = "Zebrafink"


def at(moment: datetime.datetime):
    return time_machine.travel(moment, tick=False)


# Noon in Stockholm, 1 February 2026: winter time.
WINTER_NOON = datetime.datetime(2026, 2, 1, 11, tzinfo=datetime.UTC)


@dataclass
class Scene:
    meeting: SteeringMeeting
    dialogue: LeadershipDialogue
    agreement: Agreement
    secret: Agreement
    item: ActionItem
    done_item: ActionItem
    exchange: PersonnelExchange


def scene(world, partnership=None) -> Scene:
    partnership = partnership or world.mou
    owner = PersonFactory(organisation=world.kth)
    # The last Sunday of March 2026: summer time begins that night.
    meeting = SteeringMeeting.objects.create(
        partnership=partnership,
        held_on=D(2026, 3, 29),
        place="Stadshuset",
        agenda="1. Årets aktiviteter\n2. Ledningsdialogen",
    )
    dialogue = LeadershipDialogue.objects.create(
        partnership=partnership, held_on=PartialDate(2026, 5, 12), title="Vårdialogen"
    )
    # Known only to the month: no day to put in a calendar.
    LeadershipDialogue.objects.create(
        partnership=partnership, held_on=PartialDate(2025, 5), title="Förra årets dialog"
    )
    agreement = Agreement.objects.create(
        partnership=partnership,
        title="Avtal om examensarbeten",
        status=Agreement.Status.IN_FORCE,
        entered_into_force_on=D(2025, 1, 15),
        starts_on=D(2025, 1, 15),
        ends_on=D(2025, 12, 31),
        renewal_months=12,
        notice_months=3,
    )
    secret = Agreement.objects.create(
        partnership=partnership,
        title=f"Upphandling {SECRET_WORD}",
        text=f"Affärsrelationen med {SECRET_WORD} AB",
        status=Agreement.Status.IN_FORCE,
        entered_into_force_on=D(2025, 3, 1),
        ends_on=D(2026, 10, 25),
        notice_months=2,
    )
    AgreementParty.objects.create(agreement=secret, party=world.party_kth)
    mark(agreement=secret, target="title", authority=world.kth)
    mark(agreement=secret, target="document", authority=world.kth)
    item = ActionItem.objects.create(
        meeting=meeting, description="Sammanställ praktikplatserna", owner=owner,
        due_on=D(2026, 4, 30),
    )  # fmt: skip
    done_item = ActionItem.objects.create(
        meeting=meeting, description="Boka lokal", owner=owner, due_on=D(2026, 4, 1),
        status=ActionItem.Status.DONE, closed_on=D(2026, 3, 30),
    )  # fmt: skip
    area = CollaborationArea.objects.create(
        partnership=partnership, name="Personutbyten", identified_on=PartialDate(2014, 5)
    )
    exchange = PersonnelExchange.objects.create(
        partnership=partnership,
        person=PersonFactory(organisation=world.stad),
        home_organisation=world.stad,
        host_organisation=world.kth,
        position="Gästforskare",
        extent_percent=50,
        starts_on=D(2026, 9, 1),
        ends_on=D(2027, 6, 30),
        area=area,
    )
    return Scene(meeting, dialogue, agreement, secret, item, done_item, exchange)


def feed_path(user, language="en") -> str:
    _record, token = create_feed(user=user, language=language, actor=user)
    return reverse("calendars:feed", args=[token])


def parse(response) -> dict:
    """The feed's events by UID, after checking the calendar's own properties."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert calendar.name == "VCALENDAR"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]).startswith("-//Samverkan//")
    events = {}
    for event in calendar.walk("VEVENT"):
        for required in ("UID", "DTSTAMP", "DTSTART", "SUMMARY", "URL", "SEQUENCE"):
            assert required in event, required
        uid = str(event["UID"])
        assert uid not in events, f"UID {uid} twice"
        events[uid] = event
    return events


def unfolded(response) -> str:
    """The feed's text with its long lines joined again (RFC 5545 folds at 75 octets), so that
    a word split by folding is still found (or found absent)."""
    return response.content.decode().replace("\r\n ", "")
