"""The report's SQL floor computes the report's own figures, for an entitled reader and for one
who sees the secret activity masked, on SQLite and PostgreSQL alike."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from bench.report_floor import (
    differences,
    figures_of,
    parameters,
    report_figures,
    run_floor,
    time_floor,
)
from samverkan.activities.models import Activity, ActivityKind, ActivityParty, PersonnelExchange
from samverkan.agreements.models import Agreement, AgreementParty
from samverkan.agreements.tests.factories import ActivityFactory, AgreementFactory, mark
from samverkan.areas.models import CollaborationArea
from samverkan.followup.models import ActionItem, LeadershipDialogue, SteeringMeeting
from samverkan.followup.report.build import build_report, reference_day
from samverkan.lib.partial_dates import PartialDate
from samverkan.organisations.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

YEAR = 2025


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC), tick=False):
        yield


def activity(world, area, kind, starts, ends, status, **figures):
    made = ActivityFactory(
        partnership=world.mou,
        area=area,
        kind=kind,
        starts=PartialDate.parse(starts),
        ends=PartialDate.parse(ends) if ends else None,
        status=status,
        **figures,
    )
    ActivityParty.objects.create(activity=made, party=world.party_kth, benefit="Nytta")
    return made


@pytest.fixture
def register(world):
    """Activities in, across and outside 2025, with and without an area, funding in two
    currencies, one marked secret; agreements, an exchange, a dialogue, a meeting, actions."""
    skills = CollaborationArea.objects.create(
        partnership=world.mou, name="Kompetens", identified_on="2014-05"
    )
    research = CollaborationArea.objects.create(
        partnership=world.mou, name="Forskning", identified_on="2014-05", retired_on="2025-06"
    )
    k = ActivityKind
    activity(world, skills, k.INTERNSHIP, "2025-01", "2025-06", "completed", students=6, hours=40)
    activity(world, skills, k.DEGREE_PROJECT, "2024-09", "2025-03", "completed", students=3)
    activity(world, skills, k.GUEST_LECTURE, "2024-10-07", "2024-10-07", "completed", hours=2)
    activity(
        world,
        research,
        k.EU_PROJECT,
        "2023",
        None,
        "ongoing",
        participants=9,
        funding_amount=Decimal("1000.50"),
        funding_currency="EUR",
    )
    activity(world, None, k.OTHER, "2025", "2025", "cancelled", students=2)
    activity(world, skills, k.INTERNSHIP, "2026-01", "2026-06", "planned")
    secret = activity(
        world,
        research,
        k.RESEARCH_COLLABORATION,
        "2025-04",
        None,
        "ongoing",
        funding_amount=Decimal("500000"),
        funding_currency="SEK",
    )
    mark(activity=secret, target="title", authority=world.stad)
    for title, entered in (("Nytt", datetime.date(2025, 2, 1)), ("Gammalt", None)):
        agreement = AgreementFactory(
            partnership=world.mou,
            title=title,
            status=Agreement.Status.IN_FORCE if entered else Agreement.Status.DRAFT,
            entered_into_force_on=entered,
        )
        AgreementParty.objects.create(agreement=agreement, party=world.party_kth)
    anna = PersonFactory(organisation=world.kth, name="Anna Lind")
    PersonnelExchange.objects.create(
        partnership=world.mou,
        person=PersonFactory(organisation=world.stad, name="Johan Ek"),
        home_organisation=world.stad,
        host_organisation=world.kth,
        position="Gästforskare",
        extent_percent=50,
        starts_on=datetime.date(2025, 9, 1),
        ends_on=datetime.date(2026, 6, 30),
        area=skills,
        purpose="Karriär",
        conditions="Lön",
        benefit_home="Kompetens",
        benefit_host="",
    )
    LeadershipDialogue.objects.create(partnership=world.mou, held_on=PartialDate(2025, 4))
    meeting = SteeringMeeting.objects.create(partnership=world.mou, held_on="2025-10-02")
    ActionItem.objects.create(
        meeting=meeting, description="Underlag", owner=anna, due_on=datetime.date(2025, 11, 1)
    )


def floor_and_report(world, user):
    params = parameters(
        partnership_id=world.mou.pk, year=YEAR, on=reference_day(YEAR), user_id=user.pk
    )
    floor = figures_of(run_floor(params))
    report = report_figures(build_report(world.mou, YEAR, user=user, language="sv"))
    return floor, report


@pytest.mark.usefixtures("register")
@pytest.mark.parametrize("reader", ["coordinator", "viewer"])
def test_the_floor_computes_the_report_s_figures(world, reader):
    floor, report = floor_and_report(world, getattr(world, reader))

    assert differences(floor, report) == []
    assert floor["ongoing"] == 2
    assert floor["funding"] == {"EUR": Decimal("1000.50"), "SEK": Decimal("500000")}
    assert floor["exchanges"] == floor["agreements_signed"] == floor["open_actions"] == 1


@pytest.mark.usefixtures("register")
def test_the_secret_activity_is_hidden_only_from_a_reader_not_entitled(world):
    entitled, _report = floor_and_report(world, world.coordinator)
    masked, _report = floor_and_report(world, world.viewer)

    assert (entitled["hidden_activities"], masked["hidden_activities"]) == (0, 1)


@pytest.mark.usefixtures("register")
def test_a_marking_of_the_people_only_leaves_the_activity_unmasked_in_both(world):
    people_only = Activity.objects.get(
        partnership=world.mou, kind=ActivityKind.INTERNSHIP, starts="2025-01"
    )
    mark(activity=people_only, target="people", authority=world.kth)
    floor, report = floor_and_report(world, world.viewer)

    assert differences(floor, report) == []
    assert floor["hidden_activities"] == 1  # the secret title only, as the report counts


@pytest.mark.usefixtures("register")
def test_a_floor_that_counts_otherwise_is_caught(world):
    floor, report = floor_and_report(world, world.coordinator)
    floor["ongoing"] += 1

    assert differences(floor, report) == [f"ongoing: {floor['ongoing']} ≠ {report['ongoing']}"]


def test_the_floor_is_timed_over_the_runs_asked_for(world):
    params = parameters(
        partnership_id=world.mou.pk, year=YEAR, on=reference_day(YEAR), user_id=world.admin.pk
    )
    timing, rows = time_floor(params, repeat=3)

    assert len(timing.runs_ms) == 3
    assert timing.median_ms == sorted(timing.runs_ms)[1]
    assert set(rows) == set(run_floor(params))
