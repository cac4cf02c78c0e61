"""The leadership's dashboard: this year against last per area, the compliance findings'
states, agreements needing attention and open action items; who reads it; its query count."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from samverkan.activities.models import Activity, ActivityKind, ActivityParty
from samverkan.agreements.models import Agreement, AgreementParty
from samverkan.agreements.tests.factories import ActivityFactory, AgreementFactory, mark
from samverkan.areas.models import CollaborationArea
from samverkan.followup import compliance
from samverkan.followup.models import ActionItem, SteeringMeeting
from samverkan.lib.partial_dates import PartialDate
from samverkan.organisations.tests.factories import PersonFactory

SECRET = "Secret (OSL 31 kap. 16 §)"


def url(world, query="?year=2025"):
    return f"/partnerships/{world.mou.pk}/dashboard/{query}"


def page(client, world, query="?year=2025"):
    response = client.get(url(world, query), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def table(body, table_id):
    """The rows of the table with this id, as lists of cell texts (tags stripped)."""
    start = body.index(f'id="{table_id}"')
    html = body[start : body.index("</table>", start)]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", html, flags=re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        rows.append([re.sub(r"<[^>]+>", "", c).strip() for c in cells])
    return rows


@pytest.fixture
def register(world):
    """Two areas; in 2025 three activities in the first (one a secret), one in the second;
    in 2024 one in the first."""
    first = CollaborationArea.objects.create(
        partnership=world.mou,
        name="Kompetensförsörjning",
        name_en="Competence supply",
        identified_on=PartialDate(2014, 5),
    )
    second = CollaborationArea.objects.create(
        partnership=world.mou,
        name="Forskning",
        name_en="Research",
        identified_on=PartialDate(2014, 5),
    )

    def activity(area, starts, ends, status, **figures):
        made = ActivityFactory(
            partnership=world.mou,
            area=area,
            starts=PartialDate.parse(starts),
            ends=PartialDate.parse(ends),
            status=status,
            **figures,
        )
        ActivityParty.objects.create(activity=made, party=world.party_kth)
        return made

    activity(first, "2025-02", "2025-06", Activity.Status.COMPLETED, students=4, hours=10)
    activity(first, "2025-09", "2026-01", Activity.Status.ONGOING, students=2, hours=Decimal("5.5"))
    secret = activity(first, "2025-03", "2025-04", Activity.Status.CANCELLED, students=1)
    mark(activity=secret, target="title", authority=world.kth)
    activity(
        second,
        "2025-01",
        "2025-12",
        Activity.Status.PLANNED,
        kind=ActivityKind.CONTRACT_EDUCATION,
        participants=30,
        funding_amount=Decimal("100000"),
        funding_currency="SEK",
    )
    activity(first, "2024-03", "2024-05", Activity.Status.COMPLETED, students=3, hours=8)
    return first, second


def test_everyone_taking_part_reads_the_dashboard_and_the_outsider_gets_404(
    world, as_user, register
):
    for persona in ("viewer", "leadership_stad", "steering", "coordinator"):
        assert as_user(getattr(world, persona)).get(url(world)).status_code == 200
    assert as_user(world.outsider).get(url(world)).status_code == 404


def test_this_year_against_last_per_area_with_the_change(world, as_user, register):
    body = page(as_user(world.leadership_stad), world)
    # Recounted by hand from the fixture: area 1 has 3 activities in 2025 against 1 in 2024.
    # Areas in the order they were identified, then by (Swedish) name: Forskning first.
    assert table(body, "areas-year-over-year")[1:] == [
        ["Research", "1", "0", "new"],
        ["Competence supply", "3", "1", "+2 (+200%)"],
    ]
    assert table(body, "areas-by-status")[1:] == [
        ["Research", "1", "0", "0", "0", "1"],
        ["Competence supply", "0", "1", "1", "1", "3"],
    ]
    glance = {row[0]: row[1:] for row in table(body, "glance")[1:]}
    assert glance["Activities"] == ["4", "1", "+3 (+300%)"]
    assert glance["Students"] == ["7", "3", "+4 (+133%)"]
    assert glance["Participants"] == ["30", "0", "new"]
    assert glance["Hours"] == ["15.5", "8", "+7.5 (+94%)"]
    assert glance["Funding"] == ["100,000\xa0SEK", "—", "SEK\xa0new"]
    figures = table(body, "areas-figures")
    assert figures[3][:4] == ["Competence supply", "7", "3", "+4 (+133%)"]
    assert figures[2][10:] == ["100,000\xa0SEK", "—", "SEK\xa0new"]


def test_the_charts_are_svg_images_beside_their_tables(world, as_user, register):
    body = page(as_user(world.viewer), world)
    for chart_id in ("chart-areas-year-over-year", "chart-areas-by-status"):
        assert f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" id="{chart_id}"' in (
            body
        )
        assert f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc"' in body
    assert "(the chart&#x27;s data)" in body or "(the chart's data)" in body


def test_a_secret_activity_is_counted_but_not_named(world, as_user, register):
    body = page(as_user(world.viewer), world)
    assert "1 activity is counted whose content you may not see." in body
    assert SECRET not in body  # the dashboard names no activity


def test_the_compliance_findings_one_line_each_with_links(world, as_user, register):
    body = page(as_user(world.coordinator), world)
    for key in compliance.KEYS:
        assert f'data-finding="{key}"' in body
    line = body[body.index('data-finding="dialogue_in_season"') :]
    line = line[: line.index("</li>")]
    assert 'data-state="not_kept"' in line
    assert f'href="/partnerships/{world.mou.pk}/dialogues/new/"' in line
    assert f'href="/partnerships/{world.mou.pk}/compliance/?on=2025-12-31"' in body
    viewer = page(as_user(world.viewer), world)
    line = viewer[viewer.index('data-finding="dialogue_in_season"') :]
    assert "/dialogues/new/" not in line[: line.index("</li>")]


def test_agreements_needing_attention_masked_as_the_reader_may_see_them(world, as_user):
    def in_force(title, ends_on):
        agreement = AgreementFactory(
            partnership=world.mou,
            title=title,
            status=Agreement.Status.IN_FORCE,
            starts_on=datetime.date(2024, 1, 1),
            ends_on=ends_on,
        )
        AgreementParty.objects.create(agreement=agreement, party=world.party_kth)
        return agreement

    near = in_force("Avtal om praktik", datetime.date(2026, 2, 28))
    secret = in_force("Hemligt avtal", datetime.date(2026, 3, 15))
    mark(secret, target="title", authority=world.kth)
    in_force("Långt avtal", datetime.date(2030, 1, 1))

    rows = table(page(as_user(world.viewer), world), "agreements-attention")[1:]
    assert rows == [
        ["Avtal om praktik", "—", "2026-02-28"],
        [SECRET, "—", "2026-03-15"],
    ]
    body = page(as_user(world.coordinator), world)
    assert "Hemligt avtal" in body
    assert f"/agreements/{near.uuid}/" in body


def test_the_nearest_agreements_needing_attention_are_named_and_the_rest_counted(
    world, as_user, monkeypatch
):
    from samverkan.followup import dashboard_views

    monkeypatch.setattr(dashboard_views, "PANEL_ITEMS", 2)
    for day in (20, 5, 12):
        agreement = AgreementFactory(
            partnership=world.mou,
            title=f"Avtal {day}",
            status=Agreement.Status.IN_FORCE,
            starts_on=datetime.date(2024, 1, 1),
            ends_on=datetime.date(2026, 3, day),
        )
        AgreementParty.objects.create(agreement=agreement, party=world.party_kth)
    body = page(as_user(world.viewer), world)
    rows = table(body, "agreements-attention")[1:]
    assert [row[0] for row in rows] == ["Avtal 5", "Avtal 12"]
    assert 'data-more="1"' in body and "And 1 more, not listed here." in body


def test_open_action_items_are_counted(world, as_user):
    meeting = SteeringMeeting.objects.create(
        partnership=world.mou, held_on=datetime.date(2025, 3, 1)
    )
    owner = PersonFactory(organisation=world.kth)
    for due, status in [
        (datetime.date(2025, 4, 1), ActionItem.Status.OPEN),
        (datetime.date(2026, 12, 1), ActionItem.Status.OPEN),
        (datetime.date(2025, 4, 1), ActionItem.Status.DONE),
    ]:
        ActionItem.objects.create(
            meeting=meeting, description="Gör något", owner=owner, due_on=due, status=status
        )
    body = page(as_user(world.viewer), world)
    assert "2 open action items, 1 overdue." in body


@pytest.mark.parametrize("query", ["?year=1900", "?year=99999", "?year=abc", "?year=2025.5"])
def test_a_bad_year_is_named_on_the_form_never_a_500(world, as_user, query):
    response = as_user(world.viewer).get(url(world, query), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="form-errors"' in body
    assert 'id="glance"' not in body


def test_this_year_is_the_default(world, as_user):
    body = page(as_user(world.viewer), world, query="")
    year = timezone.localdate().year
    assert f"{year} against {year - 1}" in body


def test_the_dashboard_runs_a_fixed_number_of_queries(
    world, as_user, register, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from samverkan.partnerships.permissions import access_for

    first, second = register
    client = as_user(world.viewer)
    client.get(url(world))
    with CaptureQueriesContext(connection) as few:
        assert client.get(url(world)).status_code == 200
    for i in range(30):
        made = ActivityFactory(partnership=world.mou, area=first if i % 2 else second)
        ActivityParty.objects.create(activity=made, party=world.party_stad)
        if i % 5 == 0:
            mark(activity=made, target="title", authority=world.stad)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url(world)).status_code == 200
    # The page's own: the session, the user, their access, the areas, the figures, the secret
    # activities counted, the agreements needing attention and the action items counted. The
    # rest are the compliance findings' (compliance.py).
    access = access_for(world.viewer, world.mou)
    with CaptureQueriesContext(connection) as judged:
        compliance.findings(
            world.mou, user=world.viewer, on=datetime.date(2025, 12, 31), access=access, limit=0
        )
    own = len(few.captured_queries) - len(judged.captured_queries)
    assert own <= 8, own
