"""The roll-up of partnerships (/reports/<year>/): the year's figures of every partnership the
reader takes part in — all of them for the site administrator — counted in SQL, never a title."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from samverkan.activities.models import Activity
from samverkan.agreements.models import Agreement
from samverkan.agreements.tests.factories import ActivityFactory
from samverkan.followup.models import LeadershipDialogue, SteeringMeeting
from samverkan.followup.rollup import build_rollup
from samverkan.lib.partial_dates import PartialDate
from samverkan.partnerships.tests.factories import PartnershipFactory, PartyFactory

pytestmark = pytest.mark.django_db

D = datetime.date
SECRET = "Hemligt samarbete med Försvarsmakten"


def _activity(partnership, starts, ends=None, **figures):
    return ActivityFactory(
        partnership=partnership,
        starts=PartialDate.parse(starts),
        ends=PartialDate.parse(ends) if ends else None,
        **figures,
    )


@pytest.fixture
def register(world):
    """Two partnerships: the MoU with activities of 2024 and 2025, and one outside the
    viewer's partnerships."""
    mou = world.mou
    _activity(mou, "2025-03", "2025-06", students=10, participants=3, hours=Decimal("2.5"))
    _activity(mou, "2024", "2025-02", students=5)  # overlaps both years
    _activity(mou, "2024-01-10", "2024-05-01")  # 2024 only
    _activity(mou, "2023", None, title=SECRET)  # no end: runs on, in both years
    _activity(mou, "2026-01")  # neither year
    other = PartnershipFactory(name="Solna stad–SU")
    PartyFactory(partnership=other, organisation=world.elsewhere)
    _activity(other, "2025-05", "2025-05", students=7)
    SteeringMeeting.objects.create(partnership=mou, held_on=D(2025, 4, 1))
    SteeringMeeting.objects.create(partnership=mou, held_on=D(2024, 4, 1))
    LeadershipDialogue.objects.create(
        partnership=mou, held_on=PartialDate.parse("2025-05"), title="Vårens dialog"
    )
    return mou, other


def test_the_figures_of_each_partnership_and_the_totals(world, register):
    mou, other = register
    rollup = build_rollup(world.admin, 2025, today=D(2026, 3, 1))
    by_name = {row.name: row for row in rollup.rows}
    assert list(by_name) == ["Solna stad–SU", "Stockholms stad–KTH"]  # by name
    ours = by_name["Stockholms stad–KTH"]
    assert (ours.activities, ours.previous_activities) == (3, 3)
    assert (ours.students, ours.participants, ours.hours) == (15, 3, Decimal("2.5"))
    assert (ours.meetings, ours.dialogue_held) == (1, True)
    theirs = by_name["Solna stad–SU"]
    assert (theirs.activities, theirs.previous_activities, theirs.students) == (1, 0, 7)
    assert theirs.dialogue_held is False
    assert (rollup.totals.activities, rollup.totals.students) == (4, 22)
    assert rollup.dialogues_held == 1
    assert rollup.on == D(2025, 12, 31)
    # Cross-check with the register, row by row.
    overlapping = [
        a
        for a in Activity.objects.filter(partnership=mou)
        if a.starts.first_day() <= D(2025, 12, 31)
        and (a.ends is None or a.ends.last_day() >= D(2025, 1, 1))
    ]
    assert ours.activities == len(overlapping)


def test_agreements_signed_and_in_force_follow_the_registers_rule(world, register):
    from samverkan.reminders.tests.factories import in_force

    mou, _other = register
    in_force(world, starts_on=D(2025, 2, 1), ends_on=D(2027, 1, 31))
    Agreement.objects.filter(partnership=mou).update(entered_into_force_on=D(2025, 2, 1))
    ended = in_force(world, starts_on=D(2024, 1, 1), ends_on=D(2025, 6, 30))
    Agreement.objects.filter(pk=ended.pk).update(entered_into_force_on=D(2024, 1, 1))
    renewing = in_force(world, starts_on=D(2020, 1, 1), ends_on=D(2021, 12, 31), renewal_months=12)
    rollup = build_rollup(world.admin, 2025, today=D(2026, 3, 1))
    [ours] = [row for row in rollup.rows if row.partnership_id == mou.pk]
    assert ours.agreements_signed == 1
    expected = [
        a.pk for a in Agreement.objects.filter(partnership=mou) if a.is_in_force(D(2025, 12, 31))
    ]
    assert ours.agreements_in_force == len(expected) == 2
    assert renewing.pk in expected


def test_a_member_sees_only_their_partnerships_and_no_title(world, register, as_user):
    page = as_user(world.viewer).get("/reports/2025/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Your partnerships in 2025" in text
    assert "Stockholms stad–KTH" in text
    assert "Solna stad–SU" not in text
    assert SECRET not in text
    outsider = as_user(world.outsider).get("/reports/2025/", HTTP_ACCEPT_LANGUAGE="en")
    assert "You take part in no partnership." in outsider.content.decode()
    assert "Stockholms stad–KTH" not in outsider.content.decode()


def test_the_site_administrator_sees_the_national_roll_up(world, register, as_user):
    text = as_user(world.admin).get("/reports/2025/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "National roll-up 2025" in text
    assert "Solna stad–SU" in text and "Stockholms stad–KTH" in text
    assert SECRET not in text
    swedish = as_user(world.admin).get("/reports/2025/", HTTP_ACCEPT_LANGUAGE="sv")
    assert "Nationell sammanställning 2025" in swedish.content.decode()


def test_the_xlsx_holds_the_same_numbers(world, register, as_user):
    response = as_user(world.admin).get("/reports/2025/?format=xlsx", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Disposition"] == 'attachment; filename="rollup-2025.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook["Partnerships"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Partnership", "Activities 2025", "Activities 2024")
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Stockholms stad–KTH"][1:4] == (3, 3, 15)
    assert by_name["Total"][1] == 4
    assert SECRET not in str(rows)
    kinds = list(workbook["Kinds of activity"].iter_rows(values_only=True))
    assert sum(row[1] for row in kinds[1:]) == 4


def test_the_latest_year_and_years_out_of_range(world, as_user):
    client = as_user(world.viewer)
    response = client.get("/reports/")
    assert response.status_code == 302
    assert response["Location"].startswith("/reports/")
    assert client.get("/reports/1999/").status_code == 404
    assert client.get("/reports/99999/").status_code == 404
    assert client.get("/reports/2025/").status_code == 200


def test_the_roll_up_needs_a_login(client):
    response = client.get("/reports/2025/")
    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_the_roll_up_runs_a_fixed_number_of_queries(world, register, as_user):
    client = as_user(world.admin)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/reports/2025/").status_code == 200
        return len(captured)

    few = queries()
    for number in range(6):
        partnership = PartnershipFactory(name=f"Partnerskap {number}")
        PartyFactory(partnership=partnership, organisation=world.elsewhere)
        for month in range(1, 4):
            _activity(partnership, f"2025-0{month}")
        SteeringMeeting.objects.create(partnership=partnership, held_on=D(2025, 5, 1))
    assert queries() == few
