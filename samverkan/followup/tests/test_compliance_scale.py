"""The compliance panel at scale (issue 8): what is at fault is counted in SQL, a page lists the
first PANEL_ITEMS records and counts the rest, and the queries do not grow with the data."""

import datetime
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from samverkan.agreements.models import Agreement, Regulation
from samverkan.agreements.tests.factories import AgreementFactory, mark
from samverkan.followup import compliance

from .test_compliance import area, exchange, in_force, ongoing

ON = datetime.date(2026, 9, 15)
SECRET = "Secret (OSL 31 kap. 16 §)"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def by_key(found):
    return {f.key: f for f in found}


def unregulated(world, n, **kwargs):
    """`n` ongoing activities needing an agreement and having none, starting a month apart."""
    return [
        ongoing(world, title=f"Activity {i:02}", starts=f"2020-{i % 12 + 1:02}-01", **kwargs)
        for i in range(n)
    ]


def everything_at_fault(world, n, name=""):
    """`n` records at fault under each of the obligations that can have many (areas named
    after `name`); returns the activities."""
    activities = unregulated(world, n)
    for i in range(n):
        in_force(world, title=f"Avtal {i:02}", ends_on=ON + datetime.timedelta(days=10 + i))
    the_area = area(world, f"Kompetens {name}")
    for _i in range(n):
        exchange(world, the_area, purpose="")
    for i in range(n):
        area(world, f"Area {name}{i:02}")  # no contact on either side
    return activities


def test_a_limit_lists_the_first_records_and_counts_the_rest(world):
    everything_at_fault(world, 5)
    found = by_key(compliance.findings(world.mou, user=world.coordinator, on=ON, limit=2))

    activities = found["activities_regulated"]
    assert "5 of 5 ongoing activities" in activities.evidence
    assert [item.label.split(" (")[0] for item in activities.items] == [
        "Activity 00",
        "Activity 01",
    ]
    assert activities.more == 3

    agreements = found["agreements_deadlines"]
    assert agreements.evidence.startswith("5 agreements end")
    # Soonest first.
    assert [item.label.split(":")[0] for item in agreements.items] == ["Avtal 00", "Avtal 01"]
    assert agreements.more == 3

    exchanges = found["exchanges_valid"]
    assert exchanges.evidence.startswith("5 of 5 exchanges")
    assert (len(exchanges.items), exchanges.more) == (2, 3)

    contacts = found["contacts_named"]
    assert contacts.evidence.startswith("12 contact persons are missing")  # 6 areas, 2 sides
    assert (len(contacts.items), contacts.more) == (2, 10)


def test_without_a_limit_every_record_is_listed_as_the_annual_report_needs(world):
    everything_at_fault(world, 5)
    found = by_key(compliance.findings(world.mou, user=world.coordinator, on=ON))
    assert [len(f.items) for f in found.values()] == [0, 2, 5, 5, 12, 5]
    assert all(f.more == 0 for f in found.values())


def test_a_limit_of_none_lists_nothing_and_counts_all(world):
    everything_at_fault(world, 3)
    found = by_key(compliance.findings(world.mou, user=world.coordinator, on=ON, limit=0))
    assert all(f.items == [] for f in found.values())
    assert found["activities_regulated"].more == 3
    assert found["agreements_deadlines"].more == 3
    assert found["steering_group"].more == 2  # no member for either side


def test_a_secret_activity_among_those_listed_is_masked_for_a_reader_not_entitled(world, third):
    first, *_rest = unregulated(world, 4)
    first.title = "Hemlig studie"
    first.save()
    mark(activity=first, target="title", authority=world.kth)
    detail = f"/partnerships/{world.mou.pk}/activities/{first.pk}/"

    def listed(user):
        found = compliance.findings(world.mou, user=user, on=ON, limit=2)
        return by_key(found)["activities_regulated"]

    seen_by_third = listed(third)
    assert seen_by_third.items[0].label.startswith(SECRET)
    assert seen_by_third.items[0].url == ""
    assert "Hemlig studie" not in " ".join(item.label for item in seen_by_third.items)
    seen_by_kth = listed(world.coordinator)
    assert seen_by_kth.items[0].label.startswith("Hemlig studie")
    assert seen_by_kth.items[0].url == detail
    # The same counts for both readers.
    assert (seen_by_third.evidence, seen_by_third.more) == (seen_by_kth.evidence, 2)


def test_an_activity_regulated_only_by_an_agreement_not_in_force_is_counted_as_unregulated(world):
    regulated, expired, drafted = unregulated(world, 3)
    Regulation.objects.create(agreement=in_force(world), activity=regulated)
    Regulation.objects.create(
        agreement=in_force(world, ends_on=datetime.date(2026, 9, 14)), activity=expired
    )
    Regulation.objects.create(
        agreement=AgreementFactory(partnership=world.mou, title="Utkast"),
        activity=drafted,
    )
    found = by_key(compliance.findings(world.mou, user=world.coordinator, on=ON, limit=1))
    activities = found["activities_regulated"]
    assert "2 of 3 ongoing activities" in activities.evidence
    assert activities.items[0].label.startswith(expired.title)
    assert activities.more == 1


# The page and the API


def url(world):
    return f"/partnerships/{world.mou.pk}/compliance/?on={ON.isoformat()}"


def section(body, key):
    part = body[body.index(f'id="finding-{key}"') :]
    return part[: part.index("</section>")]


def test_the_page_lists_panel_items_and_says_how_many_more(world, as_user, monkeypatch):
    monkeypatch.setattr(compliance, "PANEL_ITEMS", 3)
    unregulated(world, 5)
    body = as_user(world.viewer).get(url(world), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    part = section(body, "activities_regulated")
    assert "5 of 5 ongoing activities" in part
    assert part.count("<li>") == 3
    assert "And 2 more, not listed here." in part
    assert 'data-more="2"' in part
    assert "data-more" not in section(body, "dialogue_in_season")


def test_the_api_lists_panel_items_and_counts_more(world, api, monkeypatch):
    monkeypatch.setattr(compliance, "PANEL_ITEMS", 3)
    unregulated(world, 5)
    body = api(world.viewer).get(f"/api/v1/partnerships/{world.mou.pk}/compliance/?on=2026-09-15")
    activities = body.json()[2]
    assert activities["key"] == "activities_regulated"
    assert len(activities["items"]) == 3
    assert activities["more"] == 2
    assert "5 of 5" in activities["evidence"]


# The number of queries does not grow with the data. The page's 13 at most: the session, the
# user and their roles; the sides with their steering-group members; the last meeting and the
# agreements in force; the year's dialogues; the kinds needing an agreement; the activities'
# two counts; the activities listed; the exchanges; the areas with their contacts; the
# agreements that may come due; the agreements listed.
PAGE_QUERIES = 13


def _grow(world, n):
    for activity in everything_at_fault(world, n, name=str(n))[::3]:
        mark(activity=activity, target="title", authority=world.kth)


@pytest.mark.parametrize("persona", ["viewer", "coordinator"])
def test_the_page_runs_the_same_queries_for_few_records_and_for_many(
    world, as_user, persona, django_assert_max_num_queries
):
    client = as_user(getattr(world, persona))
    _grow(world, 2)
    client.get(url(world))  # the session, once
    with CaptureQueriesContext(connection) as few:
        assert client.get(url(world)).status_code == 200
    _grow(world, compliance.PANEL_ITEMS + 5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(url(world)).content.decode()
    assert "data-more" in section(body, "activities_regulated")
    assert "data-more" in section(body, "agreements_deadlines")
    assert len(few.captured_queries) <= PAGE_QUERIES, len(few.captured_queries)


# The agreements coming due: SQL narrows them in whole months; each agreement's own methods
# judge. Whatever the term, notice and renewal, the panel names exactly those the methods do.

ENDS = [
    datetime.date(2025, 1, 31),
    datetime.date(2024, 2, 29),
    datetime.date(2026, 8, 31),
    datetime.date(2026, 11, 30),
    datetime.date(2026, 12, 14),
    datetime.date(2027, 3, 31),
]
DAYS = [ON, datetime.date(2026, 12, 31), datetime.date(2027, 1, 31), datetime.date(2028, 2, 29)]


def _agreements_of_every_shape(world):
    rng = random.Random(8)
    start = datetime.date(2015, 1, 1)
    ends = ENDS + [start + datetime.timedelta(days=rng.randrange(5200)) for _ in range(40)]
    Agreement.objects.bulk_create(
        Agreement(
            partnership=world.mou,
            title=f"Avtal {i}",
            status=Agreement.Status.IN_FORCE,
            ends_on=end,
            notice_months=notice,
            renewal_months=renewal,
        )
        for i, (end, notice, renewal) in enumerate(
            (end, notice, renewal)
            for end in ends
            for notice in (None, 0, 1, 3, 6, 13)
            for renewal in (None, 0, 1, 5, 12, 24)
        )
    )


def _coming_due_by_the_methods(world, on):
    horizon = on + datetime.timedelta(days=compliance.DEADLINE_DAYS)
    due = set()
    for agreement in Agreement.objects.filter(partnership=world.mou).in_force(on):
        days = (agreement.current_end(on), agreement.notice_deadline(on))
        if any(day is not None and on <= day <= horizon for day in days):
            due.add(agreement.title)
    return due


@pytest.mark.parametrize("on", DAYS)
def test_the_agreements_coming_due_are_those_their_own_methods_name(world, on):
    _agreements_of_every_shape(world)
    found = by_key(compliance.findings(world.mou, user=world.coordinator, on=on))
    listed = {item.label.split(":")[0] for item in found["agreements_deadlines"].items}
    expected = _coming_due_by_the_methods(world, on)
    assert expected  # the shapes reach the window
    assert listed == expected
