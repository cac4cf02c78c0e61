"""What is due on a day, per kind, with the register's own dates."""

import datetime

import pytest

from samverkan.agreements import services as agreement_services
from samverkan.agreements.tests.factories import agreement_between
from samverkan.followup.models import ActionItem, LeadershipDialogue
from samverkan.lib.partial_dates import PartialDate
from samverkan.organisations.tests.factories import PersonFactory
from samverkan.partnerships.models import Membership, Partnership
from samverkan.reminders.models import Kind
from samverkan.reminders.services import collect, tier_for

from .factories import Role, action_item, exchange, in_force, signed, steering_member, user_for

pytestmark = pytest.mark.django_db

D = datetime.date


def by(due, kind):
    return sorted((d.user_id, d.due_on, d.tier) for d in due if d.kind == kind)


@pytest.mark.parametrize(
    ("days_left", "overdue", "tier"),
    [
        (91, True, None),
        (90, True, "90"),
        (31, True, "90"),
        (30, True, "30"),
        (8, True, "30"),
        (7, True, "7"),
        (0, True, "7"),
        (-1, True, "overdue"),
        (-1, False, None),
    ],
)
def test_the_most_urgent_tier_reached_is_due(days_left, overdue, tier):
    assert tier_for(days_left, overdue=overdue) == tier


def test_tiers_follow_the_setting(settings):
    settings.REMINDER_TIERS = (14,)
    assert tier_for(15, overdue=False) is None
    assert tier_for(14, overdue=False) == "14"


def test_notice_deadline_goes_to_the_coordinators_of_the_agreements_parties(world):
    agreement = in_force(world, ends_on=D(2027, 6, 30), notice_months=3)
    on = D(2027, 1, 5)
    # The register's own rule (calendar months back from the end), not recomputed here.
    assert agreement.notice_deadline(on) == D(2027, 3, 30)
    due = collect(on)
    assert by(due, Kind.NOTICE_DEADLINE) == sorted(
        [
            (world.coordinator.pk, D(2027, 3, 30), "90"),
            (world.coordinator_stad.pk, D(2027, 3, 30), "90"),
        ]
    )
    # The viewer, the registrar and the outsider are not reminded.
    assert {d.user_id for d in due} == {world.coordinator.pk, world.coordinator_stad.pk}


def test_a_renewed_term_counts_notice_from_its_renewed_end(world):
    agreement = in_force(world, ends_on=D(2025, 12, 31), notice_months=3, renewal_months=12)
    on = D(2026, 8, 1)
    assert agreement.notice_deadline(on) == D(2026, 9, 30)
    assert by(collect(on), Kind.NOTICE_DEADLINE)[0][1:] == (D(2026, 9, 30), "90")
    # A passed notice deadline is not overdue: the term renews and the next one comes.
    assert by(collect(D(2026, 10, 15)), Kind.NOTICE_DEADLINE) == []
    assert by(collect(D(2027, 7, 2)), Kind.NOTICE_DEADLINE)[0][1:] == (D(2027, 9, 30), "90")


def test_an_agreement_ending_is_reminded_until_its_last_day(world):
    in_force(world, ends_on=D(2026, 3, 10))
    assert by(collect(D(2026, 3, 5)), Kind.AGREEMENT_ENDING)[0][1:] == (D(2026, 3, 10), "7")
    assert by(collect(D(2026, 3, 10)), Kind.AGREEMENT_ENDING)[0][2] == "7"
    assert by(collect(D(2026, 3, 11)), Kind.AGREEMENT_ENDING) == []


def test_a_renewing_agreement_has_no_ending(world):
    in_force(world, ends_on=D(2026, 3, 10), renewal_months=12)
    assert by(collect(D(2026, 3, 5)), Kind.AGREEMENT_ENDING) == []


def test_agreements_not_in_force_are_not_reminded(world):
    agreement, _ = agreement_between(world.mou, [world.party_stad, world.party_kth])
    agreement.ends_on = D(2026, 3, 10)
    agreement.notice_months = 1
    agreement.save()
    assert collect(D(2026, 3, 5)) == []


def test_missing_signatures_go_to_the_signatories_who_have_not_signed(world):
    agreement, (sig_stad, sig_kth) = agreement_between(
        world.mou, [world.party_stad, world.party_kth]
    )
    agreement.starts_on = D(2026, 2, 1)
    agreement.save()
    agreement_services.send_for_signature(agreement, actor=None)
    stad_user = user_for(sig_stad.person, role=Role.LEADERSHIP, partnership=world.mou)
    kth_user = user_for(sig_kth.person, role=Role.VIEWER, partnership=world.mou)
    signed(agreement, sig_stad)
    assert by(collect(D(2026, 1, 20)), Kind.SIGNATURE_MISSING) == [
        (kth_user.pk, D(2026, 2, 1), "30")
    ]
    # After the start date the signature is overdue, every day until it is given.
    assert by(collect(D(2026, 3, 1)), Kind.SIGNATURE_MISSING) == [
        (kth_user.pk, D(2026, 2, 1), "overdue")
    ]
    signed(agreement, sig_kth)
    assert by(collect(D(2026, 3, 1)), Kind.SIGNATURE_MISSING) == []
    assert stad_user.pk  # signed first: never reminded


def test_without_a_start_date_signatures_are_due_two_weeks_after_sending(world):
    from django.utils import timezone

    agreement, (sig_stad, _sig_kth) = agreement_between(
        world.mou, [world.party_stad, world.party_kth]
    )
    agreement_services.send_for_signature(agreement, actor=None)
    user = user_for(sig_stad.person, role=Role.LEADERSHIP, partnership=world.mou)
    today = timezone.localdate()
    assert by(collect(today), Kind.SIGNATURE_MISSING) == [
        (user.pk, today + datetime.timedelta(days=14), "30")
    ]


def test_the_days_sent_are_read_in_a_fixed_number_of_queries(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    def sent_one():
        agreement, (sig_stad, _sig_kth) = agreement_between(
            world.mou, [world.party_stad, world.party_kth]
        )
        agreement_services.send_for_signature(agreement, actor=None)
        if not hasattr(sig_stad.person, "user"):
            user_for(sig_stad.person, role=Role.LEADERSHIP, partnership=world.mou)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            due = by(collect(timezone.localdate()), Kind.SIGNATURE_MISSING)
        return len(captured), len(due)

    sent_one()
    few, one = queries()
    for _ in range(4):
        sent_one()
    many, five = queries()
    assert (one, five) == (1, 5)
    assert many == few


def test_a_signatory_who_may_not_see_the_partnership_is_not_reminded(world):
    agreement, (sig_stad, _sig_kth) = agreement_between(
        world.mou, [world.party_stad, world.party_kth]
    )
    agreement.starts_on = D(2026, 2, 1)
    agreement.save()
    agreement_services.send_for_signature(agreement, actor=None)
    user_for(sig_stad.person)  # a user with no role in the partnership
    assert by(collect(D(2026, 1, 20)), Kind.SIGNATURE_MISSING) == []


def test_the_dialogue_not_held_goes_to_the_steering_group_and_coordinators(world):
    person = PersonFactory(organisation=world.kth)
    member = user_for(person, role=Role.STEERING_GROUP, partnership=world.mou)
    steering_member(world, person)
    expected = {member.pk, world.coordinator.pk, world.coordinator_stad.pk}
    due = [d for d in collect(D(2026, 6, 10)) if d.kind == Kind.DIALOGUE_DUE]
    assert {d.user_id for d in due} == expected
    assert {(d.due_on, d.tier) for d in due} == {(D(2026, 6, 30), "30")}
    assert by(collect(D(2026, 3, 1)), Kind.DIALOGUE_DUE) == []  # 121 days left
    overdue = by(collect(D(2026, 7, 5)), Kind.DIALOGUE_DUE)
    assert {tier for _u, _d, tier in overdue} == {"overdue"}


def test_a_dialogue_held_this_spring_stops_the_reminder(world):
    LeadershipDialogue.objects.create(
        partnership=world.mou, held_on=PartialDate(2026, 5, 20), title="Ledningsdialog 2026"
    )
    assert by(collect(D(2026, 6, 10)), Kind.DIALOGUE_DUE) == []


def test_a_dialogue_before_the_season_does_not_count(world):
    LeadershipDialogue.objects.create(
        partnership=world.mou, held_on=PartialDate(2026, 1, 20), title="Vinterdialog"
    )
    assert by(collect(D(2026, 6, 10)), Kind.DIALOGUE_DUE) != []


def test_a_framework_agreement_not_signed_has_no_dialogue_due(world):
    Partnership.objects.filter(pk=world.mou.pk).update(signed_on=None)
    assert by(collect(D(2026, 6, 10)), Kind.DIALOGUE_DUE) == []


def test_an_open_action_item_goes_to_its_owner_and_goes_overdue(world):
    owner = user_for(
        PersonFactory(organisation=world.kth), role=Role.CONTRIBUTOR, partnership=world.mou
    )
    item = action_item(world, due_on=D(2026, 4, 5), owner=owner.person)
    assert by(collect(D(2026, 3, 29)), Kind.ACTION_ITEM_DUE) == [(owner.pk, D(2026, 4, 5), "7")]
    assert by(collect(D(2026, 4, 6)), Kind.ACTION_ITEM_DUE) == [
        (owner.pk, D(2026, 4, 5), "overdue")
    ]
    ActionItem.objects.filter(pk=item.pk).update(status=ActionItem.Status.DONE)
    assert by(collect(D(2026, 4, 6)), Kind.ACTION_ITEM_DUE) == []


def test_an_action_item_owner_without_a_user_is_not_reminded(world):
    action_item(world, due_on=D(2026, 4, 5))
    assert by(collect(D(2026, 3, 29)), Kind.ACTION_ITEM_DUE) == []


def test_an_exchange_ending_goes_to_both_parties_coordinators(world):
    exchange(world, ends_on=D(2026, 5, 31))
    assert by(collect(D(2026, 5, 1)), Kind.EXCHANGE_ENDING) == sorted(
        [
            (world.coordinator.pk, D(2026, 5, 31), "30"),
            (world.coordinator_stad.pk, D(2026, 5, 31), "30"),
        ]
    )
    assert by(collect(D(2026, 6, 1)), Kind.EXCHANGE_ENDING) == []


def test_a_membership_ending_counts_to_the_last_day_of_its_partial_date(world):
    Membership.objects.create(
        party=world.party_kth, starts_on=PartialDate(2015), ends_on=PartialDate(2026, 6)
    )
    assert by(collect(D(2026, 6, 25)), Kind.MEMBERSHIP_ENDING) == [
        (world.coordinator.pk, D(2026, 6, 30), "7")
    ]


def test_inactive_users_are_not_reminded(world):
    in_force(world, ends_on=D(2026, 3, 10))
    world.coordinator.is_active = False
    world.coordinator.save()
    assert {d.user_id for d in collect(D(2026, 3, 5))} == {world.coordinator_stad.pk}
