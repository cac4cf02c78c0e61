"""The iCalendar feed: events of the user's partnerships, valid RFC 5545, masked as the user
is entitled, stable UIDs and a SEQUENCE that follows the record."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.accounts.models import Role
from samverkan.accounts.tests.factories import RoleFactory
from samverkan.audit.services import save_versioned
from samverkan.calendars.models import FeedToken
from samverkan.followup.models import ActionItem, SteeringMeeting
from samverkan.organisations.tests.factories import PersonFactory
from samverkan.partnerships.models import Notice
from samverkan.partnerships.tests.factories import PartnershipFactory, PartyFactory

from .helpers import SECRET_WORD, WINTER_NOON, D, at, feed_path, parse, scene, unfolded

pytestmark = pytest.mark.django_db


def _day(event):
    return event["DTSTART"].dt


def test_the_feed_holds_every_kind_of_event_of_the_partnership(world, client):
    s = scene(world)
    with at(WINTER_NOON):
        events = parse(client.get(feed_path(world.viewer)))
    uid = f"agreement-{s.agreement.uuid}"
    expected = {
        f"steering-meeting-{s.meeting.pk}@samverkan": D(2026, 3, 29),
        f"leadership-dialogue-{s.dialogue.pk}@samverkan": D(2026, 5, 12),
        f"{uid}-in-force@samverkan": D(2025, 1, 15),
        # The term ended on 2025-12-31 and renewed by 12 months: the renewed end counts.
        f"{uid}-end@samverkan": D(2026, 12, 31),
        f"{uid}-notice@samverkan": D(2026, 9, 30),
        f"action-item-{s.item.pk}-due@samverkan": D(2026, 4, 30),
        f"personnel-exchange-{s.exchange.pk}-start@samverkan": D(2026, 9, 1),
        f"personnel-exchange-{s.exchange.pk}-end@samverkan": D(2027, 6, 30),
    }
    for year in (2025, 2026, 2027):
        expected[f"partnership-{world.mou.pk}-dialogue-season-{year}@samverkan"] = D(year, 6, 30)
    for key, day in expected.items():
        assert _day(events[key]) == day, key
    # The dates come from the agreement's own methods, not from a copy of their rule.
    with at(WINTER_NOON):
        assert s.agreement.current_end() == D(2026, 12, 31)
        assert s.agreement.notice_deadline() == D(2026, 9, 30)
    meeting = events[f"steering-meeting-{s.meeting.pk}@samverkan"]
    assert str(meeting["SUMMARY"]) == "Stockholms stad–KTH: steering-group meeting"
    assert str(meeting["URL"]) == "http://testserver" + reverse(
        "partnerships:meeting_detail", args=[world.mou.pk, s.meeting.pk]
    )
    assert meeting["SEQUENCE"] == 1
    assert "LAST-MODIFIED" in meeting
    assert str(meeting["LOCATION"]) == "Stadshuset"
    assert str(meeting["DESCRIPTION"]) == "1. Årets aktiviteter\n2. Ledningsdialogen"
    # A closed action item and a dialogue known only to the month have no event.
    assert f"action-item-{s.done_item.pk}-due@samverkan" not in events
    assert sum(1 for uid in events if uid.startswith("leadership-dialogue-")) == 1


def test_events_are_all_day_on_their_date_across_the_summer_time_changes(world, client):
    s = scene(world)
    with at(WINTER_NOON):
        response = client.get(feed_path(world.viewer))
    events = parse(response)
    meeting = events[f"steering-meeting-{s.meeting.pk}@samverkan"]
    assert _day(meeting) == D(2026, 3, 29)
    assert meeting["DTEND"].dt == D(2026, 3, 30)
    text = response.content.decode()
    assert "DTSTART;VALUE=DATE:20260329" in text
    # The secret agreement ends on 25 October 2026, when summer time ends.
    assert "DTSTART;VALUE=DATE:20261025" in text
    assert all(isinstance(_day(e), datetime.date) for e in events.values())
    assert not any(isinstance(_day(e), datetime.datetime) for e in events.values())


def test_today_is_the_day_in_stockholm_not_in_utc(world, client):
    s = scene(world)
    s.agreement.ends_on = D(2026, 3, 28)
    s.agreement.save()
    # 23:30 UTC on 28 March is 00:30 on 29 March in Stockholm: the term ending on the 28th has
    # renewed, so the current end is a year later.
    with at(datetime.datetime(2026, 3, 28, 23, 30, tzinfo=datetime.UTC)):
        events = parse(client.get(feed_path(world.viewer)))
    assert _day(events[f"agreement-{s.agreement.uuid}-end@samverkan"]) == D(2027, 3, 28)


def test_uids_are_stable_and_sequence_follows_the_record(world, client):
    s = scene(world)
    path = feed_path(world.viewer)
    with at(WINTER_NOON):
        first = parse(client.get(path))
        second = parse(client.get(path))
    assert set(first) == set(second)
    key = f"steering-meeting-{s.meeting.pk}@samverkan"
    meeting = SteeringMeeting.objects.get(pk=s.meeting.pk)
    meeting.held_on = D(2026, 4, 2)
    save_versioned(meeting, expected_version=1, actor=world.coordinator)
    with at(WINTER_NOON):
        third = parse(client.get(path))
    assert set(third) == set(first)
    assert third[key]["SEQUENCE"] == first[key]["SEQUENCE"] + 1
    assert _day(third[key]) == D(2026, 4, 2)
    assert third[key]["LAST-MODIFIED"].dt >= first[key]["LAST-MODIFIED"].dt


def test_a_secret_title_is_masked_for_a_reader_not_entitled(world, client):
    s = scene(world)
    with at(WINTER_NOON):
        response = client.get(feed_path(world.viewer))
    events = parse(response)
    summary = str(events[f"agreement-{s.secret.uuid}-end@samverkan"]["SUMMARY"])
    assert "Secret (OSL 31 kap. 16 §)" in summary
    assert SECRET_WORD not in unfolded(response)
    assert SECRET_WORD[:4] not in unfolded(response)


def test_the_title_is_shown_to_a_coordinator_of_the_agreements_party(world, client):
    s = scene(world)
    with at(WINTER_NOON):
        events = parse(client.get(feed_path(world.coordinator)))
    summary = str(events[f"agreement-{s.secret.uuid}-notice@samverkan"]["SUMMARY"])
    assert summary == f"Stockholms stad–KTH: last day to give notice on Upphandling {SECRET_WORD}"
    assert _day(events[f"agreement-{s.secret.uuid}-notice@samverkan"]) == D(2026, 8, 25)


def test_an_outsider_sees_no_event_of_a_partnership_they_do_not_take_part_in(world, client):
    scene(world)
    with at(WINTER_NOON):
        assert parse(client.get(feed_path(world.outsider))) == {}


def test_another_partnerships_events_stay_out_of_the_feed(world, client):
    other = PartnershipFactory(name="Solna–KTH")
    PartyFactory(partnership=other, organisation=world.elsewhere)
    PartyFactory(partnership=other, organisation=world.kth)
    theirs = scene(world, partnership=other)
    ours = scene(world)
    with at(WINTER_NOON):
        events = parse(client.get(feed_path(world.viewer)))
    assert f"steering-meeting-{ours.meeting.pk}@samverkan" in events
    assert f"steering-meeting-{theirs.meeting.pk}@samverkan" not in events
    assert not any(str(e["SUMMARY"]).startswith("Solna–KTH") for e in events.values())
    # A role in it brings its events in.
    RoleFactory(user=world.viewer, organisation=world.kth, partnership=other, role=Role.VIEWER)
    with at(WINTER_NOON):
        events = parse(client.get(feed_path(world.viewer)))
    assert f"steering-meeting-{theirs.meeting.pk}@samverkan" in events


def test_notice_shows_the_end_and_no_season_after_it(world, client):
    Notice.objects.create(
        partnership=world.mou,
        party=world.party_kth,
        given_on=D(2026, 1, 15),
        ends_on=D(2026, 4, 15),
        recorded_by=world.coordinator,
    )
    with at(WINTER_NOON):
        events = parse(client.get(feed_path(world.viewer)))
    notice = next(e for uid, e in events.items() if uid.startswith("notice-"))
    assert _day(notice) == D(2026, 4, 15)
    seasons = sorted(_day(e) for uid, e in events.items() if "dialogue-season" in uid)
    assert seasons == [D(2025, 6, 30)]


def test_a_wrong_revoked_or_inactive_token_answers_404(world, client):
    assert client.get("/calendar/feed/nonsense.ics").status_code == 404
    assert client.get("/calendar/feed/" + "A" * 43 + ".ics").status_code == 404
    path = feed_path(world.viewer)
    assert client.get(path).status_code == 200
    # Calendar programs may ask with HEAD first; nothing else is answered.
    assert client.head(path).status_code == 200
    assert client.post(path).status_code == 405
    world.viewer.is_active = False
    world.viewer.save()
    assert client.get(path).status_code == 404
    world.viewer.is_active = True
    world.viewer.save()
    FeedToken.objects.filter(user=world.viewer).update(revoked_at=WINTER_NOON)
    assert client.get(path).status_code == 404


def test_the_feed_runs_a_fixed_number_of_queries(world, client):
    scene(world)
    path = feed_path(world.viewer)
    with at(WINTER_NOON), CaptureQueriesContext(connection) as few:
        parse(client.get(path))
    other = PartnershipFactory(name="Solna–KTH")
    PartyFactory(partnership=other, organisation=world.kth)
    RoleFactory(user=world.viewer, organisation=world.kth, partnership=other, role=Role.VIEWER)
    scene(world, partnership=other)
    s = scene(world)
    ActionItem.objects.create(
        meeting=s.meeting, description="Mer", owner=PersonFactory(organisation=world.kth),
        due_on=D(2026, 5, 2),
    )  # fmt: skip
    with at(WINTER_NOON), CaptureQueriesContext(connection) as many:
        events = parse(client.get(path))
    assert len(events) > 30
    assert len(many) == len(few)
    assert len(many) <= 10, [q["sql"] for q in many.captured_queries]
