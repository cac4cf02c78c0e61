"""The exchanges' list: filters, keyset pages, and exports of exactly what the list selects."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from samverkan.activities import services
from samverkan.activities.models import PersonnelExchange
from samverkan.areas.models import CollaborationArea
from samverkan.lib.exports import csv_lines
from samverkan.lib.partial_dates import PartialDate
from samverkan.organisations.tests.factories import PersonFactory


@pytest.fixture
def exchanges(world):
    areas = {
        name: CollaborationArea.objects.create(
            partnership=world.mou, name=name, identified_on=PartialDate(2014, 5)
        )
        for name in ("Personutbyten", "Forskning")
    }

    def exchange(position, home, host, area, start, end):
        return PersonnelExchange.objects.create(
            partnership=world.mou,
            person=PersonFactory(organisation=home),
            home_organisation=home,
            host_organisation=host,
            position=position,
            extent_percent=50,
            starts_on=start,
            ends_on=end,
            area=areas[area],
            purpose="Syfte",
            conditions="Villkor",
            benefit_home="Nytta",
            benefit_host='=HYPERLINK("http://example.org")',
        )

    rows = {
        "Gästforskare": exchange(
            "Gästforskare",
            world.stad,
            world.kth,
            "Personutbyten",
            datetime.date(2019, 9, 1),
            datetime.date(2020, 6, 30),
        ),
        "Utredare": exchange(
            "Utredare",
            world.kth,
            world.stad,
            "Forskning",
            datetime.date(2025, 1, 15),
            datetime.date(2025, 12, 31),
        ),
    }
    services.approve_exchange(rows["Gästforskare"], organisation=world.stad, actor=None)
    services.approve_exchange(rows["Gästforskare"], organisation=world.kth, actor=None)
    return world, areas, rows


def _listed(client, world, **params):
    response = client.get(reverse("activities:exchange_list", args=[world.mou.pk]), params)
    assert response.status_code == 200
    return sorted(row["exchange"].position for row in response.context["rows"])


def test_the_list_filters_by_area_organisation_year_and_approval(exchanges, as_user):
    world, areas, _rows = exchanges
    client = as_user(world.viewer)
    assert _listed(client, world) == ["Gästforskare", "Utredare"]
    assert _listed(client, world, area=areas["Forskning"].pk) == ["Utredare"]
    assert _listed(client, world, year=2020) == ["Gästforskare"]
    assert _listed(client, world, year=2021) == []
    assert _listed(client, world, approved="yes") == ["Gästforskare"]
    assert _listed(client, world, approved="no") == ["Utredare"]
    assert _listed(client, world, organisation=world.stad.pk) == ["Gästforskare", "Utredare"]
    # A value that does not fit is ignored, not a failure.
    assert _listed(client, world, year="²", approved="perhaps") == ["Gästforskare", "Utredare"]


def test_exports_hold_exactly_the_filtered_rows(exchanges, as_user):
    world, areas, _rows = exchanges
    client = as_user(world.viewer)
    url = reverse("activities:exchange_export_csv", args=[world.mou.pk])
    response = client.get(url, {"area": areas["Personutbyten"].pk}, HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv_rows(response)
    assert rows[0][0] == "Position"
    assert [r[0] for r in rows[1:]] == ["Gästforskare"]
    assert rows[1][10] == "yes"
    # A cell a spreadsheet would run as a formula is written as text.
    assert rows[1][14].startswith("'=")

    xlsx = client.get(reverse("activities:exchange_export_xlsx", args=[world.mou.pk]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    positions = sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True))
    assert positions == ["Gästforskare", "Utredare"]


def test_outsiders_export_nothing(exchanges, as_user):
    world, _areas, _rows = exchanges
    client = as_user(world.outsider)
    for name in ("exchange_export_csv", "exchange_export_xlsx", "exchange_list"):
        assert client.get(reverse(f"activities:{name}", args=[world.mou.pk])).status_code == 404


@pytest.mark.parametrize("extra", [0, 20])
def test_the_list_and_the_exports_run_a_fixed_number_of_queries(
    exchanges, as_user, django_assert_max_num_queries, extra
):
    world, areas, _rows = exchanges
    for n in range(extra):
        PersonnelExchange.objects.create(
            partnership=world.mou,
            person=PersonFactory(organisation=world.kth),
            home_organisation=world.kth,
            host_organisation=world.stad,
            position=f"Utbyte {n}",
            extent_percent=10,
            starts_on=datetime.date(2024, 1, 1),
            ends_on=datetime.date(2024, 6, 30),
            area=areas["Forskning"],
        )
    client = as_user(world.viewer)
    for name in ("exchange_list", "exchange_export_csv", "exchange_export_xlsx"):
        with django_assert_max_num_queries(12):
            response = client.get(
                reverse(f"activities:{name}", args=[world.mou.pk]), {"approved": "no"}
            )
        assert response.status_code == 200


def test_csv_cells_that_look_like_formulas_are_neutralised():
    lines = csv_lines(["a"], [["=1+1"], ["+SUM(A1)"], ["-2"], ["@x"], ["plain"]])
    data = b"".join(lines).decode("utf-8-sig")
    assert data.splitlines() == ["a", "'=1+1", "'+SUM(A1)", "'-2", "'@x", "plain"]


def test_the_next_page_keeps_the_filters(exchanges, as_user):
    world, areas, _rows = exchanges
    for n in range(55):
        PersonnelExchange.objects.create(
            partnership=world.mou,
            person=PersonFactory(organisation=world.kth),
            home_organisation=world.kth,
            host_organisation=world.stad,
            position=f"Utbyte {n:02d}",
            extent_percent=10,
            starts_on=datetime.date(2024, 1, 1),
            ends_on=datetime.date(2024, 6, 30),
            area=areas["Forskning"],
        )
    client = as_user(world.viewer)
    url = reverse("activities:exchange_list", args=[world.mou.pk])
    first = client.get(url, {"year": 2024})
    cursor = first.context["page"].next_cursor
    assert f"?year=2024&amp;after={cursor}" in first.content.decode()
    second = client.get(url, {"year": 2024, "after": cursor})
    assert len(second.context["rows"]) == 5
    assert all(r["exchange"].starts_on.year == 2024 for r in second.context["rows"])


def _in_order(client, world, **params):
    response = client.get(reverse("activities:exchange_list", args=[world.mou.pk]), params)
    assert response.status_code == 200
    return [row["exchange"].position for row in response.context["rows"]]


def test_the_list_searches_the_exchanges_texts_and_the_persons_name(exchanges, as_user):
    world, _areas, rows = exchanges
    PersonnelExchange.objects.filter(pk=rows["Utredare"].pk).update(
        purpose="Utreda trafiksäkerhet vid skolor"
    )
    client = as_user(world.viewer)
    assert _listed(client, world, q="trafiksäkerhet") == ["Utredare"]
    assert _listed(client, world, q=rows["Gästforskare"].person.name) == ["Gästforskare"]
    assert _listed(client, world, q="ingenting sådant") == []


def test_the_list_filters_by_home_or_host_unit(exchanges, as_user):
    from samverkan.organisations.tests.factories import UnitFactory

    world, _areas, rows = exchanges
    unit = UnitFactory(organisation=world.kth, name="Skolan för arkitektur")
    PersonnelExchange.objects.filter(pk=rows["Gästforskare"].pk).update(host_unit=unit)
    client = as_user(world.viewer)
    assert _listed(client, world, unit=unit.pk) == ["Gästforskare"]


def test_the_list_and_its_export_sort_as_asked(exchanges, as_user):
    world, _areas, _rows = exchanges
    client = as_user(world.viewer)
    assert _in_order(client, world) == ["Gästforskare", "Utredare"]
    assert _in_order(client, world, sort="-position") == ["Utredare", "Gästforskare"]
    assert _in_order(client, world, sort="-starts_on") == ["Utredare", "Gästforskare"]
    assert _in_order(client, world, sort="starts_on") == ["Gästforskare", "Utredare"]
    url = reverse("activities:exchange_export_csv", args=[world.mou.pk])
    response = client.get(url, {"sort": "-position"})
    rows = _csv_rows(response)
    assert [r[0] for r in rows[1:]] == ["Utredare", "Gästforskare"]


def test_the_api_list_takes_the_same_filters_search_and_order(exchanges, api):
    world, areas, _rows = exchanges
    client = api(world.viewer)
    url = reverse("api-exchanges", args=[world.mou.pk])
    positions = [e["position"] for e in client.get(url, {"sort": "-starts_on"}).json()["results"]]
    assert positions == ["Utredare", "Gästforskare"]
    found = client.get(url, {"area": areas["Forskning"].pk}).json()["results"]
    assert [e["position"] for e in found] == ["Utredare"]
    assert client.get(url, {"q": "ingenting sådant"}).json() == {"next": None, "results": []}


def test_the_api_list_comes_in_pages_in_the_order_asked(exchanges, api):
    """Keyset pages, as every other API list: `next` leads on, in the order `sort` asks."""
    world, _areas, _rows = exchanges
    client = api(world.viewer)
    url = reverse("api-exchanges", args=[world.mou.pk])
    first = client.get(url, {"sort": "-starts_on", "page_size": 1}).json()
    assert [e["position"] for e in first["results"]] == ["Utredare"]
    second = client.get(first["next"]).json()
    assert [e["position"] for e in second["results"]] == ["Gästforskare"]
    assert second["next"] is None


def _csv_rows(response) -> list[list[str]]:
    """The rows of a streamed CSV download."""
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))
