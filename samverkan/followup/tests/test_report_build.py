"""`build_report`: what it counts, how it masks, and that its queries do not grow.

The register is built by hand here with dates around 2025; "today" is fixed at 10 March 2026 so
that 2025 is a closed year (reference day 31 December 2025).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.activities.models import Activity, ActivityKind, ActivityParty, PersonnelExchange
from samverkan.agreements.models import Agreement, AgreementParty
from samverkan.agreements.tests.factories import ActivityFactory, AgreementFactory, mark
from samverkan.areas.models import CollaborationArea, ContactPerson
from samverkan.followup.models import (
    ActionItem,
    LeadershipDialogue,
    ReportText,
    SteeringMeeting,
)
from samverkan.followup.report.build import participant_reader, reference_day
from samverkan.followup.report.data import (
    Figures,
    Row,
    StatusCounts,
    build_overview,
    build_report,
    from_json,
    to_json,
)
from samverkan.lib.partial_dates import PartialDate
from samverkan.organisations.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC)
SECRET = "Läckagesökning i hemlighet"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def activity(world, area, kind, starts, ends=None, status="ongoing", **figures):
    made = ActivityFactory(
        partnership=world.mou,
        area=area,
        kind=kind,
        starts=PartialDate.parse(starts),
        ends=PartialDate.parse(ends) if ends else None,
        status=status,
        **figures,
    )
    for party in (world.party_stad, world.party_kth):
        ActivityParty.objects.create(activity=made, party=party, benefit="Nytta")
    return made


def agreement(world, title, *, entered, starts, ends=None, notice=None, renewal=None):
    made = AgreementFactory(
        partnership=world.mou,
        title=title,
        status=Agreement.Status.IN_FORCE,
        entered_into_force_on=entered,
        starts_on=starts,
        ends_on=ends,
        notice_months=notice,
        renewal_months=renewal,
    )
    for party in (world.party_stad, world.party_kth):
        AgreementParty.objects.create(agreement=made, party=party)
    return made


def exchange(world, area, starts_on, ends_on, name="Johan Ek"):
    return PersonnelExchange.objects.create(
        partnership=world.mou,
        person=PersonFactory(organisation=world.stad, name=name),
        home_organisation=world.stad,
        host_organisation=world.kth,
        position="Gästforskare",
        extent_percent=50,
        starts_on=starts_on,
        ends_on=ends_on,
        area=area,
        purpose="Karriärtrappa",
        conditions="Lön från staden",
        benefit_home="Kompetens",
        benefit_host="Forskning",
    )


def register_2025(world):
    """A small register around 2025: two areas in force, one retired in 2024, one new in 2025."""
    mou = world.mou
    skills = CollaborationArea.objects.create(
        partnership=mou, name="Kompetensförsörjning", name_en="Skills", identified_on="2014-05"
    )
    research = CollaborationArea.objects.create(
        partnership=mou, name="Forskning", name_en="Research", identified_on="2014-05"
    )
    retired = CollaborationArea.objects.create(
        partnership=mou, name="Gammalt", identified_on="2014-05", retired_on="2024-06"
    )
    climate = CollaborationArea.objects.create(
        partnership=mou, name="Klimat", name_en="Climate", identified_on="2025-04"
    )
    k = ActivityKind
    made = {
        # 2025 only, known to the month
        "internship": activity(
            world, skills, k.INTERNSHIP, "2025-01", "2025-06", "completed", students=6, hours=240
        ),
        # from 2024 into 2025
        "degree": activity(
            world, skills, k.DEGREE_PROJECT, "2024-09", "2025-03", "completed", students=3
        ),
        # 2024 only
        "lecture": activity(
            world,
            skills,
            k.GUEST_LECTURE,
            "2024-10-07",
            "2024-10-07",
            "completed",
            participants=120,
            hours=Decimal("2.5"),
        ),
        # still running, no end
        "running": activity(
            world,
            research,
            k.RESEARCH_COLLABORATION,
            "2023",
            None,
            "ongoing",
            participants=9,
            hours=1000,
            funding_amount=Decimal("1000000"),
            funding_currency="SEK",
        ),
        "eu": activity(
            world,
            research,
            k.EU_PROJECT,
            "2025-02",
            "2027-12",
            "ongoing",
            participants=14,
            funding_amount=Decimal("250000.50"),
            funding_currency="EUR",
        ),
        "planned": activity(world, climate, k.OTHER, "2025-11", "2026-04", "planned", hours=10),
        "cancelled": activity(world, None, k.OTHER, "2025", "2025", "cancelled", students=2),
        # 2026: counts in neither year
        "later": activity(world, skills, k.INTERNSHIP, "2026-01", "2026-06", "planned"),
        # 2023: in neither year
        "earlier": activity(world, skills, k.INTERNSHIP, "2023-01", "2023-12-31", "completed"),
    }
    made["secret"] = activity(
        world,
        research,
        k.RESEARCH_COLLABORATION,
        "2025-04",
        "2026-12",
        "ongoing",
        participants=5,
        funding_amount=Decimal("500000"),
        funding_currency="SEK",
    )
    made["secret"].title = SECRET
    made["secret"].save()
    mark(activity=made["secret"], target="title", authority=world.stad)
    return {"skills": skills, "research": research, "retired": retired, "climate": climate, **made}


def _report(world, user=None, *, year=2025, language="en"):
    return build_report(world.mou, year, user=user or world.coordinator, language=language)


# What it counts


def test_the_year_s_activities_are_counted_by_status_with_their_figures(world):
    register_2025(world)
    report = _report(world)
    totals = report.totals
    # internship, degree, research, eu, planned, cancelled, secret
    assert (totals.counts.planned, totals.counts.ongoing) == (1, 3)
    assert (totals.counts.completed, totals.counts.cancelled) == (2, 1)
    assert totals.figures.students == 6 + 3 + 2
    assert totals.figures.participants == 9 + 14 + 5
    assert totals.figures.hours == Decimal(240 + 1000 + 10)
    assert totals.figures.funding == {"SEK": Decimal(1_500_000), "EUR": Decimal("250000.50")}
    # 2024: degree, lecture, research
    assert totals.previous_counts.total == 3
    assert totals.previous_counts.completed == 2
    assert totals.previous_figures.participants == 120 + 9
    assert totals.previous_figures.hours == Decimal("1002.5")
    assert totals.previous_figures.funding == {"SEK": Decimal(1_000_000)}
    assert report.reference_day == datetime.date(2025, 12, 31)


def test_rows_per_area_add_up_to_the_totals_and_name_areas_in_the_report_s_language(world):
    register_2025(world)
    report = _report(world)
    labels = [row.label for row in report.by_area]
    # In force at some time of 2025, the retired one not (no activity of 2025), and "no area".
    assert labels == ["Research", "Skills", "Climate", "No collaboration area"]
    by_label = {row.label: row for row in report.by_area}
    assert by_label["Skills"].counts.completed == 2
    assert by_label["Skills"].previous_counts.total == 2
    assert by_label["Research"].counts.ongoing == 3
    assert by_label["No collaboration area"].counts.cancelled == 1
    assert sum(row.counts.total for row in report.by_area) == report.totals.counts.total
    swedish = _report(world, language="sv")
    assert [row.label for row in swedish.by_area][:3] == [
        "Forskning",
        "Kompetensförsörjning",
        "Klimat",
    ]


def test_a_retired_area_still_has_its_row_while_its_activities_run(world):
    areas = register_2025(world)
    activity(world, areas["retired"], ActivityKind.OTHER, "2024-01", "2025-02", "completed")
    report = _report(world)
    assert "Gammalt" in [row.label for row in report.by_area]


def test_rows_per_kind_are_the_kinds_with_activities_in_either_year(world):
    register_2025(world)
    report = _report(world)
    assert [row.key for row in report.by_kind] == [
        "guest_lecture",
        "internship",
        "degree_project",
        "research_collaboration",
        "eu_project",
        "other",
    ]
    lecture = report.by_kind[0]
    assert (lecture.counts.total, lecture.previous_counts.total) == (0, 1)


def test_exchanges_agreements_contacts_and_the_steering_group_of_the_year(world):
    areas = register_2025(world)
    exchange(world, areas["skills"], datetime.date(2025, 9, 1), datetime.date(2026, 6, 30))
    exchange(world, areas["skills"], datetime.date(2023, 1, 1), datetime.date(2024, 12, 31), "Ej")
    agreement(world, "Nytt 2025", entered=datetime.date(2025, 2, 1), starts=None)
    agreement(
        world,
        "Slutar snart",
        entered=datetime.date(2020, 1, 1),
        starts=datetime.date(2020, 1, 1),
        ends=datetime.date(2026, 6, 30),
        notice=3,
    )
    agreement(
        world,
        "Förnyas",
        entered=datetime.date(2019, 1, 1),
        starts=datetime.date(2019, 1, 1),
        ends=datetime.date(2021, 12, 31),
        notice=6,
        renewal=24,
    )
    AgreementFactory(partnership=world.mou, title="Utkast")
    anna = PersonFactory(organisation=world.kth, name="Anna Lind")
    ContactPerson.objects.create(
        partnership=world.mou, area=areas["skills"], party=world.party_kth, person=anna
    )
    dialogue = LeadershipDialogue.objects.create(
        partnership=world.mou, held_on=PartialDate(2025, 4), title="Ledningsdialog 2025"
    )
    LeadershipDialogue.objects.create(
        partnership=world.mou, held_on=PartialDate(2024, 4), title="2024"
    )
    meeting = SteeringMeeting.objects.create(
        partnership=world.mou, held_on=datetime.date(2025, 10, 2), place="Stadshuset"
    )
    ActionItem.objects.create(
        meeting=meeting,
        description="Skriv underlaget",
        owner=anna,
        due_on=datetime.date(2025, 11, 1),
    )
    ActionItem.objects.create(
        meeting=meeting, description="Boka lokal", owner=anna, due_on=datetime.date(2026, 2, 1)
    )
    ActionItem.objects.create(
        meeting=meeting,
        description="Klar",
        owner=anna,
        due_on=datetime.date(2025, 11, 1),
        status=ActionItem.Status.DONE,
    )
    ReportText.objects.create(partnership=world.mou, year=2025, trends="AI överallt")
    assert dialogue.pk

    report = _report(world)

    assert [e.person for e in report.exchanges] == ["Johan Ek"]
    assert not report.exchanges[0].approved
    section = report.agreements
    assert [a.title for a in section.signed] == ["Nytt 2025"]
    assert [a.title for a in section.in_force] == ["Förnyas", "Nytt 2025", "Slutar snart"]
    assert [a.title for a in section.expiring] == ["Förnyas", "Slutar snart"]
    renewing = section.in_force[0]
    # 2021-12-31 renewed by 24 months: 2023-12-31, then 2025-12-31 (the reference day).
    assert renewing.ends_on == datetime.date(2025, 12, 31)
    assert renewing.notice_deadline == datetime.date(2025, 6, 30)
    # The deadline to give notice on "Slutar snart" is 2026-03-30: within 90 days of 31 Dec.
    assert [a.title for a in section.under_notice] == ["Slutar snart"]
    contacts = {(c.area, c.party): c.people for c in report.contacts}
    assert contacts[("Skills", "KTH")] == ["Anna Lind"]
    assert contacts[("Skills", "Stockholms stad")] == []
    assert ("Climate", "KTH") in contacts
    assert [(a.description, a.overdue) for a in report.open_actions] == [
        ("Skriv underlaget", True),
        ("Boka lokal", False),
    ]
    assert report.dialogues == ["April 2025: Ledningsdialog 2025"]
    assert report.meetings == ["2025-10-02: Stadshuset"]
    assert report.text.trends == "AI överallt"
    assert report.parties == ["KTH", "Stockholms stad"]


def test_the_current_year_is_judged_today_and_an_empty_year_has_empty_sections(world):
    assert reference_day(2026) == datetime.date(2026, 3, 10)
    report = _report(world, year=2026)
    assert report.reference_day == datetime.date(2026, 3, 10)
    assert report.totals.counts.total == 0
    assert report.by_area == [] and report.by_kind == [] and report.activities == []
    assert report.text.trends == ""


# Confidentiality


def test_a_secret_title_is_counted_for_everyone_and_shown_only_to_the_entitled(world):
    register_2025(world)
    entitled = _report(world, world.coordinator)
    viewer = _report(world, world.viewer)
    issued = _report(world, participant_reader())
    for report in (entitled, viewer, issued):
        assert report.totals == entitled.totals
        assert report.by_area == entitled.by_area
    assert SECRET in [line.title for line in entitled.activities]
    assert entitled.hidden_activities == 0
    for report in (viewer, issued):
        assert SECRET not in str(to_json(report))
        masked = [line for line in report.activities if line.confidential]
        assert [(line.title, line.url) for line in masked] == [("Secret (OSL 31 kap. 16 §)", "")]
        assert report.hidden_activities == 1


def test_a_secret_agreement_is_listed_masked_and_counted(world):
    secret = agreement(world, "Hemligt avtal", entered=datetime.date(2025, 5, 1), starts=None)
    mark(agreement=secret, target="title", authority=world.stad)
    visible = _report(world, world.coordinator_stad)
    hidden = _report(world, world.viewer)
    assert [a.title for a in visible.agreements.signed] == ["Hemligt avtal"]
    assert [(a.title, a.confidential, a.url) for a in hidden.agreements.signed] == [
        ("Secret (OSL 31 kap. 16 §)", True, "")
    ]
    assert hidden.hidden_agreements == 1
    assert visible.hidden_agreements == 0


def test_the_issuing_reader_is_entitled_to_nothing_even_with_the_site_admin_s_grant(world):
    register_2025(world)
    reader = participant_reader()
    assert reader.pk == 0 and reader._state.adding
    assert _report(world, world.admin).hidden_activities == 1
    assert _report(world, reader).hidden_activities == 1


# Queries and JSON


def _queries(world, user) -> int:
    with CaptureQueriesContext(connection) as queries:
        _report(world, user)
    return len(queries.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_register(world):
    areas = register_2025(world)
    agreement(world, "Ett", entered=datetime.date(2025, 2, 1), starts=None)
    exchange(world, areas["skills"], datetime.date(2025, 1, 1), datetime.date(2025, 6, 30))
    small = _queries(world, world.coordinator)
    small_issued = _queries(world, participant_reader())
    for n in range(40):
        made = activity(
            world,
            areas["research"] if n % 2 else None,
            ActivityKind.OTHER,
            "2025-03",
            "2025-09",
            "completed",
            students=1,
            funding_amount=Decimal(10),
            funding_currency="NOK" if n % 3 else "DKK",
        )
        if n % 5 == 0:
            mark(activity=made, target="title", authority=world.stad)
        agreement(world, f"Avtal {n}", entered=datetime.date(2025, 3, 1), starts=None)
        exchange(
            world, areas["skills"], datetime.date(2025, 1, 1), datetime.date(2025, 6, 30), f"P{n}"
        )
        CollaborationArea.objects.create(
            partnership=world.mou, name=f"Område {n}", identified_on="2025"
        )
    assert _queries(world, world.coordinator) == small
    assert _queries(world, participant_reader()) == small_issued
    report = _report(world)
    assert report.totals.counts.total == 7 + 40
    assert report.totals.figures.funding["NOK"] + report.totals.figures.funding["DKK"] == 400


def test_the_report_round_trips_through_json(world):
    register_2025(world)
    report = _report(world, world.viewer, language="sv")
    assert from_json(to_json(report)) == report
    assert Activity.Status.ONGOING.value == "ongoing"


# The figures counted in SQL, against a count by hand


def _figures(students=0, participants=0, hours=0, **funding) -> Figures:
    return Figures(
        students=students,
        participants=participants,
        hours=Decimal(hours),
        funding={code: Decimal(amount) for code, amount in funding.items()},
    )


def register_across_the_year_boundary(world):
    """Activities whose partial dates start or end at the turn of 2024 and 2025, in three
    currencies, one secret, one without area, one in an area retired before 2025."""
    k = ActivityKind
    skills = CollaborationArea.objects.create(
        partnership=world.mou, name="Kompetens", name_en="Skills", identified_on="2014-05"
    )
    retired = CollaborationArea.objects.create(
        partnership=world.mou, name="Pensionerat", identified_on="2014", retired_on="2024-06"
    )
    old = CollaborationArea.objects.create(
        partnership=world.mou, name="Gammalt", identified_on="2014", retired_on="2024-06"
    )
    made = {
        # Its last day of 2024 and January 2025: both years.
        "turn": activity(
            world,
            skills,
            k.INTERNSHIP,
            "2024-12-31",
            "2025-01",
            "completed",
            students=2,
            hours=Decimal("10.5"),
        ),
        "december": activity(
            world,
            skills,
            k.RESEARCH_COLLABORATION,
            "2025-12",
            None,
            "planned",
            funding_amount=Decimal(100),
            funding_currency="SEK",
        ),
        # Ends with the month of December 2024: only 2024.
        "ended": activity(
            world,
            None,
            k.OTHER,
            "2024",
            "2024-12",
            "completed",
            hours=1,
            funding_amount=Decimal(50),
            funding_currency="EUR",
        ),
        "secret": activity(
            world,
            None,
            k.OTHER,
            "2025",
            "2025",
            "cancelled",
            participants=7,
            funding_amount=Decimal("20.50"),
            funding_currency="EUR",
        ),
        # In an area retired in 2024, running on: the area keeps its row in 2025.
        "retired": activity(
            world,
            retired,
            k.EU_PROJECT,
            "2023-06",
            "2026",
            "ongoing",
            participants=3,
            funding_amount=Decimal(1000),
            funding_currency="NOK",
        ),
        # In an area retired in 2024, only in 2024: counted last year, no row in 2025.
        "old": activity(
            world, old, k.GUEST_LECTURE, "2024-05-05", "2024-05-05", "completed", participants=40
        ),
        # A currency without an amount adds no funding.
        "currency": activity(
            world, skills, k.OTHER, "2025-06", "2025-06", "ongoing", funding_currency="DKK"
        ),
        # Its people are secret, not its title: its line is not masked.
        "people": activity(world, skills, k.OTHER, "2025-03", "2025-04", "completed"),
        "later": activity(world, skills, k.INTERNSHIP, "2026-01", None, "planned", students=99),
        "earlier": activity(
            world, skills, k.INTERNSHIP, "2023", "2023-12-31", "completed", students=99
        ),
    }
    mark(activity=made["secret"], target="title", authority=world.stad)
    mark(activity=made["people"], target="people", authority=world.stad)
    return {"skills": skills, "retired": retired, "old": old, **made}


def test_the_figures_are_those_counted_by_hand_across_the_year_boundary(world):
    made = register_across_the_year_boundary(world)
    report = _report(world, world.viewer)

    assert report.totals == Row(
        "",
        "All activities",
        StatusCounts(planned=1, ongoing=2, completed=2, cancelled=1),
        _figures(2, 10, "10.5", SEK=100, EUR="20.50", NOK=1000),
        StatusCounts(ongoing=1, completed=3),
        _figures(2, 43, "11.5", EUR=50, NOK=1000),
    )
    retired = _figures(participants=3, NOK=1000)
    assert report.by_area == [
        Row(
            str(made["retired"].area_id),
            "Pensionerat",
            StatusCounts(ongoing=1),
            retired,
            StatusCounts(ongoing=1),
            retired,
        ),
        Row(
            str(made["skills"].pk),
            "Skills",
            StatusCounts(planned=1, ongoing=1, completed=2),
            _figures(2, 0, "10.5", SEK=100),
            StatusCounts(completed=1),
            _figures(2, 0, "10.5"),
        ),
        Row(
            "",
            "No collaboration area",
            StatusCounts(cancelled=1),
            _figures(participants=7, EUR="20.50"),
            StatusCounts(completed=1),
            _figures(hours=1, EUR=50),
        ),
    ]
    kinds = {row.key: row for row in report.by_kind}
    assert list(kinds) == [
        "guest_lecture",
        "internship",
        "research_collaboration",
        "eu_project",
        "other",
    ]
    assert (kinds["guest_lecture"].counts, kinds["guest_lecture"].previous_figures) == (
        StatusCounts(),
        _figures(participants=40),
    )
    assert kinds["other"].counts == StatusCounts(ongoing=1, completed=1, cancelled=1)
    assert kinds["other"].figures == _figures(participants=7, EUR="20.50")
    assert kinds["other"].previous_figures == _figures(hours=1, EUR=50)


def test_a_secret_activity_is_counted_alike_and_only_its_line_is_masked(world):
    register_across_the_year_boundary(world)
    entitled = _report(world, world.coordinator)
    viewer = _report(world, world.viewer)
    assert (viewer.totals, viewer.by_area, viewer.by_kind) == (
        entitled.totals,
        entitled.by_area,
        entitled.by_kind,
    )
    masked = [line for line in viewer.activities if line.confidential]
    assert [(line.title, line.kind, line.url) for line in masked] == [
        ("Secret (OSL 31 kap. 16 §)", "Other", "")
    ]
    # The activity whose people alone are secret shows its line (its people are not in it).
    assert len(viewer.activities) == 6
    assert (viewer.hidden_activities, entitled.hidden_activities) == (1, 0)


def test_the_overview_has_the_report_s_figures_for_every_reader(world):
    register_across_the_year_boundary(world)
    for user in (world.coordinator, world.viewer, participant_reader()):
        report = _report(world, user)
        overview = build_overview(world.mou, 2025, user=user, language="en")
        assert (overview.totals, overview.by_area) == (report.totals, report.by_area)
        assert overview.hidden_activities == report.hidden_activities
        assert overview.reference_day == report.reference_day
        assert [f.key for f in overview.findings] == [f.key for f in report.findings]


def test_the_overview_lists_the_agreements_expiring_or_under_notice_once_each(world):
    near = agreement(
        world,
        "Slutar snart",
        entered=datetime.date(2020, 1, 1),
        starts=datetime.date(2020, 1, 1),
        ends=datetime.date(2026, 6, 30),
        notice=3,
    )
    agreement(
        world,
        "Förnyas",
        entered=datetime.date(2019, 1, 1),
        starts=datetime.date(2019, 1, 1),
        ends=datetime.date(2021, 12, 31),
        notice=6,
        renewal=24,
    )
    # Its end is years away but its notice is long: the deadline falls within 90 days.
    agreement(
        world,
        "Lång uppsägning",
        entered=datetime.date(2020, 1, 1),
        starts=datetime.date(2020, 1, 1),
        ends=datetime.date(2027, 3, 31),
        notice=15,
    )
    agreement(world, "Tillsvidare", entered=datetime.date(2020, 1, 1), starts=None)
    agreement(
        world,
        "Långt kvar",
        entered=datetime.date(2020, 1, 1),
        starts=None,
        ends=datetime.date(2030, 1, 1),
        notice=3,
    )
    mark(agreement=near, target="title", authority=world.stad)
    report = _report(world, world.viewer)
    overview = build_overview(world.mou, 2025, user=world.viewer, language="en")
    in_report = {
        (line.title, line.ends_on, line.notice_deadline)
        for line in report.agreements.expiring + report.agreements.under_notice
    }
    assert len(overview.attention) == len(in_report) == 3
    assert {(a.title, a.ends_on, a.notice_deadline) for a in overview.attention} == in_report
    assert [a.title for a in overview.attention if a.confidential] == ["Secret (OSL 31 kap. 16 §)"]


def test_the_overview_counts_open_and_overdue_action_items(world):
    meeting = SteeringMeeting.objects.create(
        partnership=world.mou, held_on=datetime.date(2025, 3, 1)
    )
    owner = PersonFactory(organisation=world.kth)
    for due, status in [
        (datetime.date(2025, 12, 30), ActionItem.Status.OPEN),
        (datetime.date(2025, 12, 31), ActionItem.Status.OPEN),
        (datetime.date(2025, 4, 1), ActionItem.Status.DONE),
    ]:
        ActionItem.objects.create(
            meeting=meeting, description="Gör", owner=owner, due_on=due, status=status
        )
    overview = build_overview(world.mou, 2025, user=world.viewer, language="en")
    report = _report(world, world.viewer)
    assert (overview.open_actions, overview.overdue_actions) == (2, 1)
    assert [a.overdue for a in report.open_actions] == [True, False]


def _overview_queries(world, user) -> int:
    with CaptureQueriesContext(connection) as queries:
        build_overview(world.mou, 2025, user=user, language="en")
    return len(queries.captured_queries)


def test_the_overview_s_queries_do_not_grow_with_the_register(world):
    areas = register_across_the_year_boundary(world)
    ending = {"starts": None, "ends": datetime.date(2026, 3, 1)}
    agreement(world, "Avtal", entered=datetime.date(2025, 3, 1), **ending)
    small = _overview_queries(world, world.viewer)
    for n in range(30):
        made = activity(
            world,
            areas["skills"] if n % 2 else None,
            ActivityKind.OTHER,
            "2025-03",
            "2025-09",
            "completed",
            funding_amount=Decimal(10),
            funding_currency="NOK",
        )
        if n % 5 == 0:
            mark(activity=made, target="title", authority=world.stad)
        agreement(world, f"Avtal {n}", entered=datetime.date(2025, 3, 1), **ending)
    assert _overview_queries(world, world.viewer) == small


def test_each_line_links_to_its_record_s_page(world):
    made = register_2025(world)
    signed = agreement(world, "Nytt 2025", entered=datetime.date(2025, 2, 1), starts=None)
    report = _report(world, world.coordinator)
    by_title = {line.title: line.url for line in report.activities}
    internship = made["internship"]
    assert by_title[internship.title] == reverse(
        "activities:activity_detail", args=[world.mou.pk, internship.pk]
    )
    assert [line.url for line in report.agreements.signed] == [
        reverse("agreements:agreement_detail", args=[world.mou.pk, signed.uuid])
    ]
