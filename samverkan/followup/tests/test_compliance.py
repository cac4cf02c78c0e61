"""The compliance panel's judgement of each obligation of the MoU (followup/compliance.py)."""

import datetime

import pytest
from django.utils import translation

from samverkan.activities.models import (
    Activity,
    ActivityKind,
    ActivityKindSetting,
    ActivityParty,
    PersonnelExchange,
)
from samverkan.agreements.models import Agreement, Regulation
from samverkan.agreements.tests.factories import ActivityFactory, AgreementFactory, mark
from samverkan.areas.models import CollaborationArea, ContactPerson
from samverkan.followup import compliance
from samverkan.followup.models import LeadershipDialogue, SteeringGroupMember, SteeringMeeting
from samverkan.lib.partial_dates import PartialDate
from samverkan.organisations.tests.factories import PersonFactory
from samverkan.partnerships.models import Party
from samverkan.partnerships.tests.factories import PartyFactory

ON = datetime.date(2026, 9, 15)  # after the 2026 season (1 March to 30 June)
SECRET = "Secret (OSL 31 kap. 16 §)"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def finding(world, key, *, user=None, on=ON):
    found = compliance.findings(world.mou, user=user or world.coordinator, on=on)
    assert [f.key for f in found] == list(compliance.KEYS)
    return next(f for f in found if f.key == key)


def dialogue(world, held_on, title="Ledningsdialog"):
    return LeadershipDialogue.objects.create(
        partnership=world.mou, held_on=PartialDate.parse(held_on), title=title
    )


def area(world, name="Kompetensförsörjning", identified="2014-05", retired=None):
    return CollaborationArea.objects.create(
        partnership=world.mou,
        name=name,
        identified_on=PartialDate.parse(identified),
        retired_on=PartialDate.parse(retired) if retired else None,
    )


# 1. The leadership dialogue in this year's season


def test_a_dialogue_on_a_day_in_the_season_keeps_the_obligation(world):
    spring = dialogue(world, "2026-05-20", "Vårens dialog")
    found = finding(world, "dialogue_in_season", user=world.viewer)
    assert found.items[0].url == f"/partnerships/{world.mou.pk}/dialogues/{spring.pk}/"
    assert found.ok
    assert compliance.state(found) == "kept"
    assert "May 20, 2026" in found.evidence or "20 May 2026" in found.evidence
    assert [item.label for item in found.items] == [found.items[0].label]
    assert "Vårens dialog" in found.items[0].label
    assert found.action_url == ""


def test_a_dialogue_known_to_a_month_wholly_in_the_season_counts_and_says_so(world):
    dialogue(world, "2026-04")
    found = finding(world, "dialogue_in_season")
    assert found.ok
    assert "known to the month only" in found.evidence


def test_a_dialogue_known_only_to_the_year_does_not_count(world):
    dialogue(world, "2026")
    found = finding(world, "dialogue_in_season")
    assert not found.ok
    assert compliance.state(found) == "not_kept"
    assert "known to the year only" in found.evidence


def test_a_month_that_reaches_outside_the_season_does_not_count(world):
    world.mou.dialogue_season_starts = "03-15"
    world.mou.save()
    dialogue(world, "2026-03")
    found = finding(world, "dialogue_in_season")
    assert not found.ok
    assert "do not lie wholly within the season" in found.evidence


def test_a_dialogue_outside_the_season_does_not_count(world):
    dialogue(world, "2026-08-10")
    dialogue(world, "2025-05-10")  # last year's
    found = finding(world, "dialogue_in_season")
    assert not found.ok
    assert len(found.items) == 1


def test_before_the_season_ends_the_dialogue_is_due_by_its_last_day(world):
    found = finding(world, "dialogue_in_season", on=datetime.date(2026, 4, 1))
    assert not found.ok
    assert "due by" in found.evidence
    assert "2026" in found.evidence


def test_after_the_season_with_no_dialogue_it_is_not_kept(world):
    found = finding(world, "dialogue_in_season")
    assert not found.ok
    assert "No leadership dialogue was held" in found.evidence


def test_a_dialogue_dated_after_the_day_had_not_been_held(world):
    dialogue(world, "2026-05-20")
    assert not finding(world, "dialogue_in_season", on=datetime.date(2026, 5, 1)).ok


def test_the_season_is_the_partnerships_own(world):
    world.mou.dialogue_season_starts, world.mou.dialogue_season_ends = "09-01", "10-31"
    world.mou.save()
    dialogue(world, "2026-05-20")
    assert not finding(world, "dialogue_in_season").ok


def test_only_those_who_record_dialogues_get_the_link_to_act(world):
    for user in (world.steering, world.coordinator):
        found = finding(world, "dialogue_in_season", user=user)
        assert found.action_url == f"/partnerships/{world.mou.pk}/dialogues/new/"
        assert found.action_label == "Record a leadership dialogue"
    for user in (world.viewer, world.leadership_stad):
        assert finding(world, "dialogue_in_season", user=user).action_url == ""


# 2. The steering group: a member from every party, and a meeting in the last 12 months


def member(world, party, starts="2025-01-01", ends=None):
    return SteeringGroupMember.objects.create(
        partnership=world.mou,
        party=party,
        person=PersonFactory(organisation=party.organisation),
        starts_on=datetime.date.fromisoformat(starts),
        ends_on=datetime.date.fromisoformat(ends) if ends else None,
    )


def meeting(world, held_on):
    return SteeringMeeting.objects.create(
        partnership=world.mou, held_on=datetime.date.fromisoformat(held_on)
    )


def test_a_steering_group_of_every_party_that_met_this_year_is_kept(world):
    member(world, world.party_kth)
    member(world, world.party_stad)
    member(world, world.party_stad)
    meeting(world, "2026-02-10")
    found = finding(world, "steering_group")
    assert found.ok, found.evidence
    assert "Stockholms stad (2)" in found.evidence
    assert "It last met on" in found.evidence


def test_a_party_without_a_current_member_is_named(world):
    member(world, world.party_kth)
    member(world, world.party_stad, ends="2026-06-30")  # no longer a member on the day
    meeting(world, "2026-02-10")
    found = finding(world, "steering_group", user=world.steering)
    assert not found.ok
    assert [item.label for item in found.items] == ["No member for Stockholms stad"]
    assert found.action_url == f"/partnerships/{world.mou.pk}/steering-group/new/"


def test_a_group_that_has_not_met_in_twelve_months_is_not_kept(world):
    member(world, world.party_kth)
    member(world, world.party_stad)
    meeting(world, "2025-09-14")
    found = finding(world, "steering_group")
    assert not found.ok
    assert "more than 12 months" in found.evidence
    meeting(world, "2025-09-15")
    assert finding(world, "steering_group").ok


def test_a_group_that_never_met_is_not_kept(world):
    member(world, world.party_kth)
    member(world, world.party_stad)
    meeting(world, "2026-10-01")  # after the day
    found = finding(world, "steering_group")
    assert not found.ok
    assert "No meeting of the steering group is recorded." in found.evidence


def test_an_organisation_that_only_takes_part_needs_no_member(world):
    PartyFactory(partnership=world.mou, role=Party.Role.PARTICIPANT)
    member(world, world.party_kth)
    member(world, world.party_stad)
    meeting(world, "2026-02-10")
    assert finding(world, "steering_group").ok


# 3. Ongoing activities regulated by an agreement in force


def ongoing(world, kind=ActivityKind.DEGREE_PROJECT, **kwargs):
    activity = ActivityFactory(
        partnership=world.mou, kind=kind, status=Activity.Status.ONGOING, **kwargs
    )
    ActivityParty.objects.create(activity=activity, party=world.party_kth)
    return activity


def in_force(world, *, ends_on=None, **kwargs):
    return AgreementFactory(
        partnership=world.mou,
        status=Agreement.Status.IN_FORCE,
        starts_on=datetime.date(2025, 1, 1),
        ends_on=ends_on,
        **kwargs,
    )


def test_an_ongoing_activity_regulated_by_an_agreement_in_force_is_kept(world):
    activity = ongoing(world)
    Regulation.objects.create(agreement=in_force(world), activity=activity)
    found = finding(world, "activities_regulated")
    assert found.ok
    assert "regulated by an agreement in force" in found.evidence


def test_an_ongoing_activity_without_an_agreement_in_force_is_named_with_its_link(world):
    activity = ongoing(world, title="Examensarbete om dagvatten")
    expired = in_force(world, ends_on=datetime.date(2026, 6, 30))
    Regulation.objects.create(agreement=expired, activity=activity)
    draft = AgreementFactory(partnership=world.mou)
    Regulation.objects.create(agreement=draft, activity=activity)
    found = finding(world, "activities_regulated")
    assert not found.ok
    assert "1 of 1" in found.evidence
    (item,) = found.items
    assert item.label == "Examensarbete om dagvatten (Degree project (examensarbete))"
    assert item.url == f"/partnerships/{world.mou.pk}/activities/{activity.pk}/"
    assert found.action_url == f"/partnerships/{world.mou.pk}/agreements/new/"
    assert finding(world, "activities_regulated", user=world.viewer).action_url == ""


def test_planned_activities_and_kinds_needing_no_agreement_are_not_judged(world):
    ongoing(world, kind=ActivityKind.GUEST_LECTURE)
    ActivityFactory(partnership=world.mou, status=Activity.Status.PLANNED)
    found = finding(world, "activities_regulated")
    assert found.ok
    assert found.evidence == "No ongoing activity of a kind that needs an agreement."


def test_the_partnerships_own_kind_settings_decide(world):
    ongoing(world, kind=ActivityKind.GUEST_LECTURE)
    ActivityKindSetting.objects.create(
        partnership=world.mou, kind=ActivityKind.GUEST_LECTURE, needs_agreement=True
    )
    assert not finding(world, "activities_regulated").ok


def test_a_secret_activity_is_counted_but_its_title_masked_for_a_third_party(world, third):
    activity = ongoing(world, title="Hemlig studie")
    mark(activity=activity, target="title", authority=world.kth)
    seen_by_kth = finding(world, "activities_regulated", user=world.coordinator)
    seen_by_third = finding(world, "activities_regulated", user=third)
    assert seen_by_kth.evidence == seen_by_third.evidence
    assert "Hemlig studie" in seen_by_kth.items[0].label
    assert seen_by_kth.items[0].url
    (item,) = seen_by_third.items
    assert "Hemlig studie" not in item.label
    assert item.label.startswith(SECRET)
    assert item.url == ""
    # The viewer of a party of the activity is not entitled either (decision 0006).
    assert (
        "Hemlig studie"
        not in finding(world, "activities_regulated", user=world.viewer).items[0].label
    )


# 4. Exchanges within an area in force, with purpose, conditions and both benefits


def exchange(world, the_area, **changes):
    values = {
        "partnership": world.mou,
        "person": PersonFactory(organisation=world.stad, name="Johan Ek"),
        "home_organisation": world.stad,
        "host_organisation": world.kth,
        "position": "Gästforskare",
        "extent_percent": 50,
        "starts_on": datetime.date(2026, 1, 1),
        "ends_on": datetime.date(2026, 12, 31),
        "area": the_area,
        "purpose": "Karriärtrappa",
        "conditions": "Lön från staden",
        "benefit_home": "Kompetens",
        "benefit_host": "Praktiknära forskning",
    }
    return PersonnelExchange.objects.create(**{**values, **changes})


def test_exchanges_within_an_area_with_every_text_are_kept(world):
    exchange(world, area(world))
    found = finding(world, "exchanges_valid")
    assert found.ok
    assert "1 exchange" in found.evidence


def test_an_exchange_without_the_hosts_benefit_is_named_with_the_rule(world):
    faulty = exchange(world, area(world), benefit_host=" ")
    found = finding(world, "exchanges_valid")
    assert not found.ok
    (item,) = found.items
    assert item.label.startswith("Johan Ek, Gästforskare:")
    assert "The benefit for the host organisation must be clear" in item.label
    assert item.url == f"/partnerships/{world.mou.pk}/exchanges/{faulty.pk}/"
    assert found.action_url == f"/partnerships/{world.mou.pk}/exchanges/"
    assert finding(world, "exchanges_valid", user=world.viewer).action_url == ""


def test_an_exchange_in_an_area_retired_before_its_start_is_not_kept(world):
    exchange(world, area(world, retired="2025-12"))
    found = finding(world, "exchanges_valid")
    assert not found.ok
    assert "is not among the collaboration areas" in found.items[0].label


def test_exchanges_ended_before_the_day_are_not_judged(world):
    exchange(world, area(world), benefit_home="", ends_on=datetime.date(2026, 9, 14))
    found = finding(world, "exchanges_valid")
    assert found.ok
    assert found.evidence.startswith("No personnel exchange")


# 5. Contact persons for every area in force, on every side


def contact(world, the_area, party):
    return ContactPerson.objects.create(
        partnership=world.mou,
        area=the_area,
        party=party,
        person=PersonFactory(organisation=party.organisation),
    )


def test_every_area_with_a_contact_on_every_side_is_kept(world):
    for the_area in (area(world, "A"), area(world, "B")):
        contact(world, the_area, world.party_kth)
        contact(world, the_area, world.party_stad)
    area(world, "Retired", retired="2020")  # needs none
    found = finding(world, "contacts_named")
    assert found.ok
    assert "2 areas" in found.evidence


def test_a_missing_contact_is_named_with_the_link_to_add_one(world):
    first, second = area(world, "A"), area(world, "B")
    contact(world, first, world.party_kth)
    contact(world, first, world.party_stad)
    contact(world, second, world.party_kth)
    # A contact for the partnership as a whole is not a contact for the area.
    ContactPerson.objects.create(
        partnership=world.mou,
        party=world.party_stad,
        person=PersonFactory(organisation=world.stad),
    )
    found = finding(world, "contacts_named")
    assert not found.ok
    (item,) = found.items
    assert item.label == "B: no contact person for Stockholms stad"
    assert item.url == f"/partnerships/{world.mou.pk}/contacts/new/?area={second.pk}"
    assert found.action_url == f"/partnerships/{world.mou.pk}/contacts/new/"
    seen_by_viewer = finding(world, "contacts_named", user=world.viewer)
    assert seen_by_viewer.action_url == seen_by_viewer.items[0].url == ""


def test_an_area_not_yet_identified_needs_no_contact(world):
    area(world, "Next year", identified="2027")
    found = finding(world, "contacts_named")
    assert found.ok
    assert found.evidence.startswith("No collaboration area")


# 6. Agreements nearing their end or their notice deadline: a warning


def test_no_agreement_near_its_end_is_kept(world):
    in_force(world, ends_on=datetime.date(2026, 12, 24))  # 100 days on
    in_force(world)  # open-ended
    found = finding(world, "agreements_deadlines")
    assert found.ok
    assert "None of the 2 agreements" in found.evidence


def test_with_no_agreement_in_force_there_is_nothing_to_watch(world):
    in_force(world, ends_on=datetime.date(2026, 9, 14))  # ended the day before
    found = finding(world, "agreements_deadlines")
    assert found.ok
    assert found.evidence.startswith("No agreement is in force on")


def test_an_agreement_ending_within_90_days_is_a_warning_not_a_breach(world):
    ending = in_force(world, title="Avtal om praktik", ends_on=datetime.date(2026, 12, 14))
    found = finding(world, "agreements_deadlines")
    assert not found.ok
    assert compliance.state(found) == "attention"
    assert "not a breach" in found.evidence
    (item,) = found.items
    assert item.label.startswith("Avtal om praktik: ends on")
    assert item.url == f"/partnerships/{world.mou.pk}/agreements/{ending.uuid}/"
    assert found.action_url == f"/partnerships/{world.mou.pk}/agreements/"
    assert finding(world, "agreements_deadlines", user=world.viewer).action_url == ""


def test_a_notice_deadline_within_90_days_is_named(world):
    # Ends on 1 March 2027, with three months' notice: notice by 1 December 2026.
    in_force(world, title="Ramavtal", ends_on=datetime.date(2027, 3, 1), notice_months=3)
    found = finding(world, "agreements_deadlines")
    assert not found.ok
    assert found.items[0].label.startswith("Ramavtal: notice by")
    assert "ends on" not in found.items[0].label


def test_a_renewing_agreement_is_judged_by_its_current_term(world):
    # 2025-10-31 renewed by 12 months runs to 2026-10-31, within 90 days of the day.
    in_force(world, ends_on=datetime.date(2025, 10, 31), renewal_months=12)
    found = finding(world, "agreements_deadlines")
    assert not found.ok
    assert "2026" in found.items[0].label


def test_a_secret_agreement_near_its_end_is_masked_for_a_third_party(world, third):
    secret = in_force(world, title="Hemligt avtal", ends_on=datetime.date(2026, 10, 1))
    mark(secret, target="title", authority=world.kth)
    from samverkan.agreements.models import AgreementParty

    AgreementParty.objects.create(agreement=secret, party=world.party_kth)
    (item,) = finding(world, "agreements_deadlines", user=third).items
    assert item.label.startswith(SECRET)
    assert item.url == ""
    (item,) = finding(world, "agreements_deadlines", user=world.coordinator).items
    assert item.label.startswith("Hemligt avtal")
    assert item.url


# A fixed number of queries, whatever the data


def _populate(world, n):
    the_areas = [area(world, f"Area {i}") for i in range(n)]
    for i, the_area in enumerate(the_areas):
        contact(world, the_area, world.party_kth)
        activity = ongoing(world, title=f"Activity {i}")
        if i % 2:
            mark(activity=activity, target="title", authority=world.kth)
            Regulation.objects.create(
                agreement=in_force(world, ends_on=datetime.date(2026, 10, 1)), activity=activity
            )
        exchange(world, the_area, benefit_home="" if i % 2 else "Kompetens")
    for party in (world.party_kth, world.party_stad):
        member(world, party)
    meeting(world, "2026-02-10")
    dialogue(world, "2026")
    dialogue(world, "2026-05")


@pytest.mark.parametrize("persona", ["coordinator", "viewer"])
def test_the_findings_take_the_same_number_of_queries_for_2_and_for_30_of_everything(
    world, django_assert_num_queries, persona
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = getattr(world, persona)
    _populate(world, 2)
    with CaptureQueriesContext(connection) as few:
        compliance.findings(world.mou, user=user, on=ON)
    _populate(world, 28)
    with django_assert_num_queries(len(few.captured_queries)):
        found = compliance.findings(world.mou, user=user, on=ON)
    assert len(next(f for f in found if f.key == "exchanges_valid").items) == 15
    assert len(few.captured_queries) <= 11, len(few.captured_queries)
