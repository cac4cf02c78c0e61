"""Personnel exchanges (R5) through the API: the same rules and permissions as the pages."""

import datetime

import pytest
from django.utils import translation

from samverkan.activities import services
from samverkan.activities.models import ExchangeApproval, PersonnelExchange
from samverkan.areas.models import CollaborationArea
from samverkan.lib.partial_dates import PartialDate
from samverkan.organisations.tests.factories import PersonFactory
from samverkan.partnerships.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

TEXTS = {
    "purpose": "Karriärtrappa",
    "conditions": "Lön från hemorganisationen",
    "benefit_home": "Kompetens",
    "benefit_host": "Praktiknära forskning",
}


@pytest.fixture
def area(world):
    return CollaborationArea.objects.create(
        partnership=world.mou, name="Personutbyten", identified_on=PartialDate(2014, 5)
    )


@pytest.fixture
def karin(world):
    return PersonFactory(organisation=world.kth, name="Karin Berg")


def _url(world, *parts):
    tail = "".join(f"{part}/" for part in parts)
    return f"/api/v1/partnerships/{world.mou.pk}/exchanges/{tail}"


def _body(world, area, person, **changes):
    """A whole exchange from KTH (home) to the city (host), as JSON."""
    return {
        "person": person.pk,
        "home_organisation": world.kth.pk,
        "host_organisation": world.stad.pk,
        "position": "Gästforskare",
        "extent_percent": 50,
        "starts_on": "2025-09-01",
        "ends_on": "2026-06-30",
        "area": area.pk,
        **TEXTS,
        **changes,
    }


def _exchange(world, area, person, **changes):
    values = {
        "partnership": world.mou,
        "person": person,
        "home_organisation": world.kth,
        "host_organisation": world.stad,
        "position": "Gästforskare",
        "extent_percent": 50,
        "starts_on": datetime.date(2025, 9, 1),
        "ends_on": datetime.date(2026, 6, 30),
        "area": area,
        **TEXTS,
        **changes,
    }
    return PersonnelExchange.objects.create(**values)


def test_a_coordinator_records_an_exchange(world, api, area, karin):
    created = api(world.coordinator).post(_url(world), _body(world, area, karin), format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["person"], body["person_name"], body["area_name"]) == (
        karin.pk,
        "Karin Berg",
        "Personutbyten",
    )
    assert (body["starts_on"], body["ends_on"], body["extent_percent"]) == (
        "2025-09-01",
        "2026-06-30",
        50,
    )
    assert (body["approvals"], body["approved"], body["problems"]) == ([], False, [])
    assert body["version"] == 1 and body["partnership"] == world.mou.pk
    listed = api(world.viewer).get(_url(world))
    assert listed.status_code == 200
    assert [e["id"] for e in listed.json()["results"]] == [body["id"]]
    assert api(world.viewer).get(_url(world, body["id"])).json() == body


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_on": "2025-08-31"}, "ends_on", "An exchange cannot end before it starts."),
        ({"extent_percent": 0}, "extent_percent", None),
        ({"extent_percent": 101}, "extent_percent", None),
        ({"home_organisation": "stad"}, "person", "The person must work at the home organisation."),
        ({"host_organisation": "kth"}, None, "The home and host organisations must differ."),
        ({"starts_on": "2025-09"}, "starts_on", None),
    ],
)
def test_a_malformed_exchange_is_a_400(world, api, area, karin, changes, field, message):
    organisations = {"stad": world.stad.pk, "kth": world.kth.pk}
    changes = {k: organisations.get(v, v) for k, v in changes.items()}
    response = api(world.coordinator).post(
        _url(world), _body(world, area, karin, **changes), format="json"
    )
    assert response.status_code == 400
    errors = response.json()
    if field:
        assert field in errors
    if message:
        assert message in str(errors)
    assert not PersonnelExchange.objects.exists()


def test_both_parties_approve_and_the_exchange_is_approved(world, api, area, karin):
    exchange = _exchange(world, area, karin)
    url = _url(world, exchange.pk, "approvals")
    first = api(world.leadership_stad).post(url, {"organisation": world.stad.pk}, format="json")
    assert first.status_code == 201, first.json()
    assert first.json()["approved"] is False
    assert [(a["organisation"], a["approved_by"]) for a in first.json()["approvals"]] == [
        (world.stad.pk, str(world.leadership_stad))
    ]
    second = api(world.coordinator).post(url, {"organisation": world.kth.pk}, format="json")
    assert second.status_code == 201, second.json()
    body = second.json()
    assert body["approved"] is True
    assert [(a["organisation"], a["party"]) for a in body["approvals"]] == [
        (world.stad.pk, world.party_stad.pk),
        (world.kth.pk, world.party_kth.pk),
    ]
    assert all(a["created_at"] for a in body["approvals"])
    assert api(world.viewer).get(_url(world, exchange.pk)).json()["approved"] is True


def test_approving_twice_or_for_the_other_party_is_a_400(world, api, area, karin):
    exchange = _exchange(world, area, karin)
    url = _url(world, exchange.pk, "approvals")
    city = api(world.coordinator_stad)
    assert city.post(url, {"organisation": world.stad.pk}, format="json").status_code == 201
    again = city.post(url, {"organisation": world.stad.pk}, format="json")
    assert again.status_code == 400
    assert "organisation" in again.json()
    # The city's coordinator may not approve on KTH's behalf, nor the KTH coordinator for the city.
    for client, organisation in (
        (city, world.kth),
        (api(world.coordinator), world.stad),
        (api(world.coordinator), world.elsewhere),
    ):
        refused = client.post(url, {"organisation": organisation.pk}, format="json")
        assert refused.status_code == 400
        assert "organisation" in refused.json()
    assert ExchangeApproval.objects.count() == 1


def test_approval_needs_an_approving_role(world, api, area, karin):
    exchange = _exchange(world, area, karin)
    url = _url(world, exchange.pk, "approvals")
    for user in (world.viewer, world.contributor, world.steering, world.registrar):
        response = api(user).post(url, {"organisation": world.kth.pk}, format="json")
        assert response.status_code == 403
    assert not ExchangeApproval.objects.exists()


@pytest.mark.parametrize(
    ("identified", "retired"),
    [
        (PartialDate(2025, 10), None),  # identified after the exchange started
        (PartialDate(2025, 9, 2), None),
        (PartialDate(2014, 5), PartialDate(2025)),  # retired before it started
        (PartialDate(2014, 5), PartialDate(2025, 9, 1)),  # retired the day it started
    ],
)
def test_approval_outside_the_areas_in_force_at_the_start_is_refused(
    world, api, karin, identified, retired
):
    outside = CollaborationArea.objects.create(
        partnership=world.mou, name="Klimat", identified_on=identified, retired_on=retired
    )
    exchange = _exchange(world, outside, karin)
    message = (
        "Klimat is not among the collaboration areas identified in the leadership dialogue in "
        "force on 2025-09-01: exchanges must lie within them (R5)."
    )
    shown = api(world.viewer).get(_url(world, exchange.pk)).json()
    assert shown["problems"] == [{"field": "area", "message": message}]
    response = api(world.coordinator).post(
        _url(world, exchange.pk, "approvals"), {"organisation": world.kth.pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"area": [message]}
    assert not ExchangeApproval.objects.exists()


def test_an_area_identified_on_the_start_day_or_earlier_in_the_month_counts(world, api, karin):
    for identified in (PartialDate(2025, 9, 1), PartialDate(2025, 9), PartialDate(2025)):
        within = CollaborationArea.objects.create(
            partnership=world.mou, name=f"Område {identified}", identified_on=identified
        )
        exchange = _exchange(world, within, karin)
        assert api(world.viewer).get(_url(world, exchange.pk)).json()["problems"] == []


@pytest.mark.parametrize(
    ("field", "rule"),
    [
        ("purpose", "The purpose of the exchange must be clear before it is approved (R5)."),
        ("conditions", "The conditions of the exchange must be clear before it is approved (R5)."),
        (
            "benefit_home",
            "The benefit for the home organisation must be clear before it is approved (R5).",
        ),
        (
            "benefit_host",
            "The benefit for the host organisation must be clear before it is approved (R5).",
        ),
    ],
)
def test_approval_without_purpose_conditions_or_a_benefit_is_refused(
    world, api, area, karin, field, rule
):
    created = api(world.coordinator).post(
        _url(world), _body(world, area, karin, **{field: ""}), format="json"
    )
    assert created.status_code == 201, created.json()
    exchange = created.json()
    assert exchange["problems"] == [{"field": field, "message": rule}]
    response = api(world.leadership_stad).post(
        _url(world, exchange["id"], "approvals"), {"organisation": world.stad.pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {field: [rule]}
    assert not ExchangeApproval.objects.exists()


def test_the_refusal_is_in_the_language_asked_for(world, api, area, karin):
    exchange = _exchange(world, area, karin, purpose=" ")
    response = api(world.coordinator, language="sv").post(
        _url(world, exchange.pk, "approvals"), {"organisation": world.kth.pk}, format="json"
    )
    assert response.status_code == 400
    with translation.override("sv"):
        expected = str(services.REQUIRED_TEXTS[0][1])
    assert response.json() == {"purpose": [expected]}
    assert expected != TEXTS["purpose"]


@pytest.mark.parametrize("language", ["en", "sv"])
def test_the_listed_problems_are_those_of_the_service(world, area, karin, language):
    """The API lists problems without a query per exchange; they must be the service's."""
    from samverkan.activities.api import _problems  # after the URL converters are registered

    later = CollaborationArea.objects.create(
        partnership=world.mou, name="Klimat", name_en="Climate", identified_on=PartialDate(2026)
    )
    cases = [
        _exchange(world, area, karin),
        _exchange(world, later, karin),
        _exchange(world, later, karin, purpose="", benefit_host=" "),
        _exchange(world, area, karin, conditions="", benefit_home=""),
    ]
    with translation.override(language):
        for exchange in cases:
            expected = [
                {"field": p.field, "message": str(p.message)}
                for p in services.approval_problems(exchange)
            ]
            assert _problems(exchange) == expected


def test_a_change_withdraws_the_approvals_and_needs_the_current_version(world, api, area, karin):
    exchange = _exchange(world, area, karin)
    services.approve_exchange(exchange, organisation=world.stad, actor=world.leadership_stad)
    client = api(world.coordinator)
    url = _url(world, exchange.pk)
    assert client.get(url).json()["approvals"]
    patched = client.patch(url, {"extent_percent": 80, "version": 1}, format="json")
    assert patched.status_code == 200, patched.json()
    body = patched.json()
    assert (body["extent_percent"], body["version"], body["approvals_withdrawn"]) == (80, 2, 1)
    assert (body["approvals"], body["approved"]) == ([], False)
    assert ExchangeApproval.history.filter(history_type="-").count() == 1
    stale = client.put(url, _body(world, area, karin, position="Annat", version=1), format="json")
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    missing = client.patch(url, {"position": "Annat"}, format="json")
    assert missing.status_code == 400
    assert "version" in missing.json()
    replaced = client.put(
        url, _body(world, area, karin, position="Utvecklare", version=2), format="json"
    )
    assert replaced.status_code == 200, replaced.json()
    assert (replaced.json()["position"], replaced.json()["approvals_withdrawn"]) == (
        "Utvecklare",
        0,
    )
    refused = client.patch(url, {"ends_on": "2020-01-01", "version": 3}, format="json")
    assert refused.status_code == 400
    assert "ends_on" in refused.json()
    exchange.refresh_from_db()
    assert (exchange.position, exchange.extent_percent, exchange.version) == ("Utvecklare", 50, 3)


def test_a_viewer_reads_but_cannot_write(world, api, area, karin):
    exchange = _exchange(world, area, karin)
    client = api(world.viewer)
    assert client.get(_url(world)).status_code == 200
    assert client.get(_url(world, exchange.pk)).status_code == 200
    refused = [
        client.post(_url(world), _body(world, area, karin), format="json"),
        client.put(_url(world, exchange.pk), _body(world, area, karin, version=1), format="json"),
        client.patch(_url(world, exchange.pk), {"position": "X", "version": 1}, format="json"),
        client.post(
            _url(world, exchange.pk, "approvals"), {"organisation": world.kth.pk}, format="json"
        ),
    ]
    assert [r.status_code for r in refused] == [403] * len(refused)
    exchange.refresh_from_db()
    assert (exchange.position, exchange.version) == ("Gästforskare", 1)
    assert PersonnelExchange.objects.count() == 1
    assert not ExchangeApproval.objects.exists()


def test_an_outsider_gets_404_everywhere(world, api, area, karin):
    exchange = _exchange(world, area, karin)
    client = api(world.outsider)
    answers = [
        client.get(_url(world)),
        client.get(_url(world, exchange.pk)),
        client.post(_url(world), _body(world, area, karin), format="json"),
        client.put(_url(world, exchange.pk), _body(world, area, karin, version=1), format="json"),
        client.patch(_url(world, exchange.pk), {"position": "X", "version": 1}, format="json"),
        client.post(
            _url(world, exchange.pk, "approvals"),
            {"organisation": world.elsewhere.pk},
            format="json",
        ),
    ]
    assert [r.status_code for r in answers] == [404] * len(answers)
    assert "Gästforskare" not in str([r.content for r in answers])
    assert api(None).get(_url(world)).status_code == 401


def test_an_exchange_of_another_partnership_is_not_found_under_this_one(world, api, area, karin):
    exchange = _exchange(world, area, karin)
    elsewhere = PartnershipFactory()
    other = f"/api/v1/partnerships/{elsewhere.pk}/exchanges/{exchange.pk}/"
    client = api(world.admin)
    assert client.get(other).status_code == 404
    assert client.patch(other, {"position": "X", "version": 1}, format="json").status_code == 404
    assert (
        client.post(f"{other}approvals/", {"organisation": world.kth.pk}, format="json").status_code
        == 404
    )
    assert client.get(_url(world, exchange.pk + 1000)).status_code == 404
    assert (
        client.post(
            _url(world, exchange.pk + 1000, "approvals"),
            {"organisation": world.kth.pk},
            format="json",
        ).status_code
        == 404
    )


@pytest.mark.parametrize("extra", [0, 15])
def test_list_and_detail_run_a_fixed_number_of_queries(
    world, api, area, karin, django_assert_max_num_queries, extra
):
    later = CollaborationArea.objects.create(
        partnership=world.mou, name="Klimat", identified_on=PartialDate(2030)
    )
    exchange = _exchange(world, area, karin)
    services.approve_exchange(exchange, organisation=world.kth, actor=world.coordinator)
    for n in range(extra):
        other = _exchange(
            world,
            later if n % 2 else area,
            PersonFactory(organisation=world.kth),
            purpose="" if n % 3 else "Syfte",
        )
        if n % 6 == 0:
            services.approve_exchange(other, organisation=world.kth, actor=world.coordinator)
    client = api(world.viewer)
    client.get(_url(world))  # the token's "last used" is written once, not per request
    # The token, the partnership, the exchanges (with person, organisations, units and area),
    # their approvals, the approvals' parties, the parties' organisations, who approved. The
    # problems cost none: they are judged from what is fetched.
    for url, limit in [(_url(world), 7), (_url(world, exchange.pk), 7)]:
        with django_assert_max_num_queries(limit):
            response = client.get(url)
        assert response.status_code == 200
    assert len(client.get(_url(world)).json()["results"]) == 1 + extra
