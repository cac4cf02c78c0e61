"""The activities' list: filters, search, order, keyset pages and exports of exactly what the
user may see, with what is marked secret masked everywhere (and never found by a search)."""

from __future__ import annotations

import base64
import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from samverkan.activities.models import Activity, ActivityKind, ActivityParticipant, ActivityParty
from samverkan.agreements.tests.factories import ActivityFactory
from samverkan.areas.models import CollaborationArea
from samverkan.lib.partial_dates import PartialDate
from samverkan.organisations.tests.factories import PersonFactory, UnitFactory

from .test_activity_pages import PROVISION, SECRETS, assert_no_secret, build_secret, build_third

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def url(name, world):
    return reverse(f"activities:{name}", args=[world.mou.pk])


@pytest.fixture
def rows(world):
    """Three activities besides the secret one, of different kinds, areas, parties, years."""
    areas = {
        name: CollaborationArea.objects.create(
            partnership=world.mou, name=name, identified_on=PartialDate(2014, 5)
        )
        for name in ("Kompetensförsörjning", "Forskning")
    }
    lab = UnitFactory(organisation=world.kth, name="KTH Trafiklab")

    def activity(title, kind, area, starts, ends, party, **values):
        made = ActivityFactory(
            partnership=world.mou,
            title=title,
            kind=kind,
            area=areas[area],
            starts=starts,
            ends=ends,
            **values,
        )
        ActivityParty.objects.create(activity=made, party=party)
        return made

    made = {
        "lecture": activity(
            "Gästföreläsning om stadsplanering",
            ActivityKind.GUEST_LECTURE,
            "Kompetensförsörjning",
            "2019-10-03",
            "2019-10-03",
            world.party_stad,
            description="Stadsbyggnadsdirektören föreläser för studenterna.",
            participants=120,
            hours=2,
        ),
        "degree": activity(
            "Examensarbete om trafikflöden",
            ActivityKind.DEGREE_PROJECT,
            "Forskning",
            "2021-01",
            "2021-06",
            world.party_kth,
            students=2,
        ),
        "formula": activity(
            '=HYPERLINK("http://example.org")',
            ActivityKind.CONTRACT_EDUCATION,
            "Kompetensförsörjning",
            "2025",
            None,
            world.party_kth,
            funding_amount=250000,
            funding_currency="SEK",
        ),
    }
    ActivityParticipant.objects.create(
        activity=made["degree"], party=world.party_kth, unit=lab, role="värd"
    )
    Activity.objects.filter(pk=made["degree"].pk).update(status=Activity.Status.COMPLETED)
    made["secret"] = build_secret(world)  # KTH, 2024-03, research collaboration, no area
    return world, areas, lab, made


def _titles(client, world, **params):
    response = client.get(url("activity_list", world), params, **EN)
    assert response.status_code == 200
    return [str(a.title) for a in response.context["activities"]]


def test_the_list_filters_by_area_kind_status_party_unit_and_year(rows, as_user):
    world, areas, lab, _made = rows
    client = as_user(world.coordinator)
    everything = _titles(client, world)
    assert len(everything) == 4
    assert sorted(_titles(client, world, area=areas["Kompetensförsörjning"].pk)) == [
        '=HYPERLINK("http://example.org")',
        "Gästföreläsning om stadsplanering",
    ]
    assert _titles(client, world, kind="guest_lecture") == ["Gästföreläsning om stadsplanering"]
    assert _titles(client, world, status="completed") == ["Examensarbete om trafikflöden"]
    assert _titles(client, world, organisation=world.stad.pk) == [
        "Gästföreläsning om stadsplanering"
    ]
    assert _titles(client, world, unit=lab.pk) == ["Examensarbete om trafikflöden"]
    assert _titles(client, world, year=2021) == ["Examensarbete om trafikflöden"]
    # The secret activity started in March 2024 and has no end: under way every year since.
    assert sorted(_titles(client, world, year=2025)) == [
        '=HYPERLINK("http://example.org")',
        SECRETS["title"],
    ]
    # A value that does not fit is ignored, not a failure.
    assert len(_titles(client, world, year="²", kind="nonsense", unit="x", sort="?")) == 4


def test_the_list_never_shows_what_is_marked(rows, as_user):
    world, _areas, _lab, _made = rows
    for user in (build_third(world), world.coordinator_stad, world.contributor):
        response = as_user(user).get(url("activity_list", world), **EN)
        assert_no_secret(response.content)
        assert f"Secret ({PROVISION})" in response.content.decode()


@pytest.mark.parametrize("field", ["title", "description", "outcomes"])
def test_searching_a_secret_word_finds_nothing_for_those_not_entitled(rows, as_user, field):
    world, _areas, _lab, made = rows
    word = SECRETS[field].split()[0]
    third = build_third(world)
    for user in (third, world.coordinator_stad, world.contributor):
        response = as_user(user).get(url("activity_list", world), {"q": word})
        assert list(response.context["activities"]) == [], user
        assert (
            "No activities match."
            in as_user(user).get(url("activity_list", world), {"q": word}, **EN).content.decode()
        )
    found = as_user(world.coordinator).get(url("activity_list", world), {"q": word})
    assert [a.pk for a in found.context["activities"]] == [made["secret"].pk]


def test_searching_what_may_be_seen_finds_it(rows, as_user):
    world, _areas, _lab, made = rows
    client = as_user(build_third(world))
    assert _titles(client, world, q="stadsbyggnadsdirektören") == [
        "Gästföreläsning om stadsplanering"
    ]
    assert _titles(client, world, q="trafikflöden") == ["Examensarbete om trafikflöden"]
    # Filters and search together.
    assert _titles(client, world, q="trafikflöden", status="planned") == []
    assert made


def test_exports_of_a_search_hold_nothing_for_a_secret_word(rows, as_user):
    world, _areas, _lab, _made = rows
    client = as_user(build_third(world))
    word = SECRETS["description"].split()[0]
    response = client.get(url("activity_export_csv", world), {"q": word}, **EN)
    assert len(_csv(response)) == 1  # the header alone


def _csv(response):
    assert response["Content-Type"].startswith("text/csv")
    return _csv_rows(response)


def _xlsx(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_exports_hold_exactly_the_filtered_rows_with_secrets_masked(rows, as_user):
    world, areas, _lab, _made = rows
    client = as_user(build_third(world))
    response = client.get(url("activity_export_csv", world), **EN)
    table = _csv(response)
    assert table[0] == [
        "Title",
        "Kind",
        "Status",
        "Collaboration area",
        "Starts",
        "Ends",
        "Parties",
        "Students",
        "Participants",
        "Hours",
        "Funding",
        "Currency",
    ]
    by_title = {row[0]: row for row in table[1:]}
    assert len(by_title) == 4
    masked = by_title[f"Secret ({PROVISION})"]
    assert masked[1:7] == [
        "Research collaboration through a unit",
        "Planned",
        "",
        "2024-03",
        "",
        "Kungliga Tekniska högskolan",
    ]
    assert by_title["Gästföreläsning om stadsplanering"][7:10] == ["", "120", "2.0"]
    # A title a spreadsheet would run as a formula is written as text.
    formula = by_title['\'=HYPERLINK("http://example.org")']
    assert formula[10:] == ["250000.00", "SEK"]
    assert_no_secret("\n".join(";".join(row) for row in table).encode())

    filtered = client.get(url("activity_export_xlsx", world), {"area": areas["Forskning"].pk}, **EN)
    sheet = _xlsx(filtered)
    assert [row[0] for row in sheet[1:]] == ["Examensarbete om trafikflöden"]
    everything = _xlsx(client.get(url("activity_export_xlsx", world), **EN))
    assert len(everything) == 5
    cells = " ".join(str(cell) for row in everything for cell in row)
    assert f"Secret ({PROVISION})" in cells
    for secret in SECRETS.values():
        assert secret not in cells


def test_the_entitled_coordinator_exports_the_title(rows, as_user):
    world, _areas, _lab, _made = rows
    table = _csv(as_user(world.coordinator).get(url("activity_export_csv", world)))
    assert SECRETS["title"] in [row[0] for row in table]


def test_the_list_is_ordered_by_start_or_title_either_way(rows, as_user):
    world, _areas, _lab, _made = rows
    client = as_user(world.coordinator)
    by_start = [
        '=HYPERLINK("http://example.org")',  # 2025
        SECRETS["title"],  # 2024-03
        "Examensarbete om trafikflöden",  # 2021-01
        "Gästföreläsning om stadsplanering",  # 2019-10-03
    ]
    assert _titles(client, world) == by_start
    assert _titles(client, world, sort="-starts") == by_start
    assert _titles(client, world, sort="starts") == list(reversed(by_start))
    by_title = sorted(by_start)
    assert _titles(client, world, sort="title") == by_title
    assert _titles(client, world, sort="-title") == list(reversed(by_title))


def test_a_masked_title_sorts_as_if_empty_and_stays_out_of_the_cursor(rows, as_user):
    world, _areas, _lab, made = rows
    for n in range(3):
        ActivityFactory(partnership=world.mou, title=f"Öppen aktivitet {n}")
    client = as_user(build_third(world))
    titles = _titles(client, world, sort="title")
    # Where the secret title would fall says nothing about it: it comes first.
    assert titles[0] == f"Secret ({PROVISION})"
    # A page that ends on the masked row carries no part of the title in its cursor.
    from samverkan.activities import activity_views

    original = activity_views.PAGE_SIZE
    activity_views.PAGE_SIZE = 1
    try:
        response = client.get(url("activity_list", world), {"sort": "title"})
    finally:
        activity_views.PAGE_SIZE = original
    cursor = response.context["page"].next_cursor
    value, pk = json.loads(base64.urlsafe_b64decode(cursor))
    assert (value, pk) == ("", made["secret"].pk)
    assert SECRETS["title"] not in response.content.decode()


@pytest.mark.parametrize("sort", ["-starts", "starts", "title", "-title"])
def test_keyset_pages_run_deep_and_keep_filters_and_order(world, as_user, sort):
    for n in range(55):
        made = ActivityFactory(
            partnership=world.mou,
            kind=ActivityKind.GUEST_LECTURE,
            title=f"Föreläsning {n:02d}",
            starts=f"2024-{n % 12 + 1:02d}",
        )
        ActivityParty.objects.create(activity=made, party=world.party_kth)
    ActivityFactory(partnership=world.mou, kind=ActivityKind.INTERNSHIP, starts="2024-05")
    client = as_user(world.viewer)
    params = {"kind": "guest_lecture", "sort": sort}
    first = client.get(url("activity_list", world), params)
    cursor = first.context["page"].next_cursor
    assert cursor and len(first.context["activities"]) == 50
    assert f"&amp;after={cursor}" in first.content.decode()
    second = client.get(url("activity_list", world), {**params, "after": cursor})
    assert second.context["page"].next_cursor is None
    listed = list(first.context["activities"]) + list(second.context["activities"])
    assert len(listed) == 55 and len({a.pk for a in listed}) == 55
    key = (lambda a: (a.title, a.pk)) if "title" in sort else (lambda a: (str(a.starts), a.pk))
    assert listed == sorted(listed, key=key, reverse=sort.startswith("-"))
    assert all(a.kind == ActivityKind.GUEST_LECTURE for a in listed)


def test_the_list_holds_no_count_of_the_table(rows, as_user):
    world, _areas, _lab, _made = rows
    with CaptureQueriesContext(connection) as queries:
        as_user(world.viewer).get(url("activity_list", world))
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)


def _grow(world, n):
    for i in range(n):
        activity = ActivityFactory(
            partnership=world.mou, title=f"Aktivitet {i}", description="trafik", starts="2023"
        )
        ActivityParty.objects.create(activity=activity, party=world.party_kth)
        ActivityParty.objects.create(activity=activity, party=world.party_stad)
        ActivityParticipant.objects.create(
            activity=activity,
            party=world.party_kth,
            person=PersonFactory(organisation=world.kth),
            unit=UnitFactory(organisation=world.kth),
            role="handledare",
        )


def _count(client, path, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "params", [{}, {"q": "trafik", "sort": "title"}, {"year": "2023", "sort": "-title"}]
)
def test_the_list_and_exports_run_a_fixed_number_of_queries(
    world, as_user, django_assert_max_num_queries, params
):
    build_secret(world)
    client = as_user(build_third(world))
    _grow(world, 3)
    few = {name: _count(client, url(name, world), params) for name in _EXPORTS_AND_LIST}
    _grow(world, 27)  # 30 activities
    for name in _EXPORTS_AND_LIST:
        assert _count(client, url(name, world), params) == few[name], name
        # Session, user, one's roles with the partnership, the page of activities, their
        # parties, and the filter's choices (areas, organisations, units): issue 8's bound.
        with django_assert_max_num_queries(8):
            client.get(url(name, world), params)


_EXPORTS_AND_LIST = ("activity_list", "activity_export_csv", "activity_export_xlsx")


def _csv_rows(response) -> list[list[str]]:
    """The rows of a streamed CSV download."""
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))
