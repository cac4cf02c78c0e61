"""Activities (R3, R4): kinds, figures, parties, and starting only under an agreement in force."""

import pytest
from django.core.exceptions import ValidationError

from samverkan.accounts.tests.factories import UserFactory
from samverkan.activities import services
from samverkan.activities.models import (
    Activity,
    ActivityKind,
    ActivityKindSetting,
    ActivityParticipant,
)
from samverkan.agreements import services as agreement_services
from samverkan.agreements.models import Regulation
from samverkan.agreements.tests.factories import ActivityFactory, agreement_between
from samverkan.lib.errors import DomainError
from samverkan.organisations.tests.factories import PersonFactory, UnitFactory


@pytest.fixture(autouse=True)
def _english():
    """Messages and masks are read here in English (the default language is Swedish)."""
    from django.utils import translation

    with translation.override("en"):
        yield


def _in_force(world, activity):
    agreement, signatories = agreement_between(world.mou, [world.party_stad, world.party_kth])
    Regulation.objects.create(agreement=agreement, activity=activity)
    agreement_services.send_for_signature(agreement, actor=None)
    for n, signatory in enumerate(signatories):
        user = UserFactory(username=f"signer{n}", person=signatory.person)
        agreement_services.sign_agreement(agreement, signatory=signatory, actor=user)
    return agreement


def test_a_degree_project_cannot_start_without_an_agreement_in_force(world):
    activity = ActivityFactory(partnership=world.mou, kind=ActivityKind.DEGREE_PROJECT)
    with pytest.raises(DomainError, match="needs a specific agreement in force"):
        services.change_activity_status(
            activity, status=Activity.Status.ONGOING, actor=world.coordinator
        )
    activity.refresh_from_db()
    assert activity.status == Activity.Status.PLANNED
    _in_force(world, activity)
    assert services.start_problems(activity) == []
    services.change_activity_status(activity, status=Activity.Status.ONGOING, actor=None)
    assert activity.status == Activity.Status.ONGOING


@pytest.mark.parametrize("kind", [ActivityKind.GUEST_LECTURE, ActivityKind.STUDENT_RECRUITMENT])
def test_guest_lectures_and_recruitment_need_no_agreement(world, kind):
    activity = ActivityFactory(partnership=world.mou, kind=kind)
    services.change_activity_status(activity, status=Activity.Status.ONGOING, actor=None)
    assert activity.status == Activity.Status.ONGOING


def test_the_partnership_sets_which_kinds_need_an_agreement(world):
    ActivityKindSetting.objects.create(
        partnership=world.mou, kind=ActivityKind.GUEST_LECTURE, needs_agreement=True
    )
    ActivityKindSetting.objects.create(
        partnership=world.mou, kind=ActivityKind.INTERNSHIP, needs_agreement=False
    )
    lecture = ActivityFactory(partnership=world.mou, kind=ActivityKind.GUEST_LECTURE)
    internship = ActivityFactory(partnership=world.mou, kind=ActivityKind.INTERNSHIP)
    assert services.start_problems(lecture)
    assert services.start_problems(internship) == []


def test_an_agreement_not_yet_signed_does_not_let_it_start(world):
    activity = ActivityFactory(partnership=world.mou)
    agreement, _ = agreement_between(world.mou, [world.party_kth])
    Regulation.objects.create(agreement=agreement, activity=activity)
    assert services.start_problems(activity)


def test_status_moves_only_along_its_table(world):
    activity = ActivityFactory(partnership=world.mou, kind=ActivityKind.GUEST_LECTURE)
    with pytest.raises(DomainError, match="cannot become"):
        services.change_activity_status(activity, status=Activity.Status.COMPLETED, actor=None)
    services.change_activity_status(activity, status=Activity.Status.CANCELLED, actor=None)
    with pytest.raises(DomainError, match="cannot become"):
        services.change_activity_status(activity, status=Activity.Status.ONGOING, actor=None)


def test_funding_without_a_currency_is_refused(world):
    activity = ActivityFactory.build(
        partnership=world.mou, kind=ActivityKind.EU_PROJECT, funding_amount=1000
    )
    with pytest.raises(ValidationError) as error:
        activity.full_clean()
    assert "funding_currency" in error.value.message_dict


def test_a_figure_that_does_not_fit_the_kind_is_refused(world):
    activity = ActivityFactory.build(
        partnership=world.mou, kind=ActivityKind.GUEST_LECTURE, students=30
    )
    with pytest.raises(ValidationError) as error:
        activity.full_clean()
    assert "students" in error.value.message_dict


def test_an_activity_ending_before_it_starts_is_refused(world):
    activity = ActivityFactory.build(partnership=world.mou, starts="2025-09", ends="2025-08")
    with pytest.raises(ValidationError) as error:
        activity.full_clean()
    assert "ends" in error.value.message_dict


def test_a_unit_of_no_party_is_refused(world):
    activity = ActivityFactory(partnership=world.mou)
    unit = UnitFactory(organisation=world.elsewhere)
    with pytest.raises(DomainError, match="no party"):
        services.save_participant(
            ActivityParticipant(activity=activity, unit=unit, role="värd"), actor=None
        )
    assert not ActivityParticipant.objects.exists()
    assert not activity.activity_parties.exists()


def test_a_participant_adds_their_party(world):
    activity = ActivityFactory(partnership=world.mou)
    unit = UnitFactory(organisation=world.kth)
    person = PersonFactory(organisation=world.kth, unit=unit)
    services.save_participant(
        ActivityParticipant(activity=activity, unit=unit, person=person, role="handledare"),
        actor=None,
    )
    assert [p.party for p in activity.activity_parties.all()] == [world.party_kth]


def test_unit_and_person_of_different_organisations_are_refused(world):
    activity = ActivityFactory(partnership=world.mou)
    with pytest.raises(DomainError, match="unit's organisation"):
        services.save_participant(
            ActivityParticipant(
                activity=activity,
                unit=UnitFactory(organisation=world.kth),
                person=PersonFactory(organisation=world.stad),
                role="x",
            ),
            actor=None,
        )


def test_matching_by_year_reads_partial_dates(world):
    a = ActivityFactory(partnership=world.mou, starts="2019", ends="2020-06")
    b = ActivityFactory(partnership=world.mou, starts="2021-03-01")
    c = ActivityFactory(partnership=world.mou, starts="2018-05")
    found = set(Activity.objects.matching(year=2020))
    assert found == {a, c}
    assert set(Activity.objects.matching(year=2021)) == {b, c}
