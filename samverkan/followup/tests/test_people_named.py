"""People named in the follow-up become visible to the partnership, and only to it (0005)."""

import datetime

import pytest

from samverkan.followup.models import (
    ActionItem,
    DialogueParticipant,
    LeadershipDialogue,
    MeetingAttendee,
    SteeringMeeting,
)
from samverkan.lib.partial_dates import PartialDate
from samverkan.organisations.models import Person
from samverkan.organisations.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _visible(user, person) -> bool:
    return Person.objects.visible_to(user).filter(pk=person.pk).exists()


def _dialogue(world):
    return LeadershipDialogue.objects.create(
        partnership=world.mou, held_on=PartialDate(2025, 5, 12), title="Ledningsdialog 2025"
    )


def _meeting(world):
    return SteeringMeeting.objects.create(partnership=world.mou, held_on=datetime.date(2025, 3, 1))


def test_a_dialogue_participant_of_the_other_party_becomes_visible(world):
    leader = PersonFactory(organisation=world.stad, name="Stadsdirektör")
    assert not _visible(world.coordinator, leader)  # KTH's coordinator: not yet named
    DialogueParticipant.objects.create(
        dialogue=_dialogue(world), person=leader, party=world.party_stad
    )
    assert _visible(world.coordinator, leader)
    assert not _visible(world.outsider, leader)


def test_a_meeting_attendee_of_the_other_party_becomes_visible(world):
    attendee = PersonFactory(organisation=world.stad, name="Sekreterare")
    assert not _visible(world.coordinator, attendee)
    MeetingAttendee.objects.create(meeting=_meeting(world), person=attendee, party=world.party_stad)
    assert _visible(world.coordinator, attendee)
    assert not _visible(world.outsider, attendee)


def test_the_owner_of_an_action_item_becomes_visible(world):
    owner = PersonFactory(organisation=world.stad, name="Utredare")
    assert not _visible(world.coordinator, owner)
    ActionItem.objects.create(
        meeting=_meeting(world),
        description="Ta fram underlag",
        owner=owner,
        due_on=datetime.date(2025, 6, 1),
    )
    assert _visible(world.coordinator, owner)
    assert not _visible(world.outsider, owner)
