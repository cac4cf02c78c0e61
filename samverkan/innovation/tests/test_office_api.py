"""The innovation offices in the API: the same rules and permissions as the pages."""

import pytest

from samverkan.innovation.tests import test_office
from samverkan.innovation.tests.factories import InnovationOfficeFactory, NetworkFactory
from samverkan.organisations.tests.factories import PersonFactory, UnitFactory
from samverkan.partnerships.models import Membership

URL = "/api/v1/innovation-offices/"
interact = test_office.interact  # the fixture of the pages' tests


def _url(office):
    return f"{URL}{office.pk}/"


def test_anyone_signed_in_reads_the_offices(world, interact, api):
    response = api(world.outsider).get(URL)
    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert row["name"] == "Innovationskontoret vid KTH"
    assert row["mandate_reference"] == "2008/09:50"
    assert row["contact_name"] == "Lisa Ericsson"
    assert row["network_name"] == "InterAct"
    detail = api(world.outsider).get(_url(interact.office))
    assert detail.status_code == 200
    assert detail.json()["merged_into"] == interact.kth_innovation.pk


def test_anonymous_and_unknown(world, api):
    assert api(None).get(URL).status_code in (401, 403)
    assert api(world.viewer).get(f"{URL}999999/").status_code == 404


def test_list_runs_a_fixed_number_of_queries(world, interact, api, django_assert_max_num_queries):
    client = api(world.viewer)
    client.get(URL)
    with django_assert_max_num_queries(8) as few:
        client.get(URL)
    for _n in range(4):
        InnovationOfficeFactory(contact=PersonFactory(), network=NetworkFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert len(response.json()["results"]) == 5


def test_host_coordinator_patches_the_contact(world, interact, api):
    other = PersonFactory(organisation=world.kth, name="Anna Kontakt")
    response = api(interact.coordinator).patch(
        _url(interact.office), {"contact": other.pk, "version": 1}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["contact_name"] == "Anna Kontakt"
    assert response.json()["version"] == 2


def test_put_replaces_the_office(world, interact, api):
    office = interact.office
    body = {
        "name": "KTH:s innovationskontor",
        "unit": office.unit_id,
        "merged_into": office.merged_into_id,
        "mandate": office.mandate,
        "mandate_reference": "2008/09:50",
        "established_on": "2009",
        "head": office.head_id,
        "contact": office.contact_id,
        "network": office.network_id,
        "description": "",
        "version": 1,
    }
    response = api(world.admin).put(_url(office), body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["established_on"] == "2009"


@pytest.mark.parametrize("who", ["su_coordinator", "viewer", "outsider"])
def test_others_may_not_change(world, interact, api, who):
    user = getattr(interact, who, None) or getattr(world, who)
    response = api(user).patch(
        _url(interact.office), {"name": "Taken over", "version": 1}, format="json"
    )
    assert response.status_code == 403
    interact.office.refresh_from_db()
    assert interact.office.version == 1


def test_bad_input_is_refused_per_field(world, interact, api):
    foreign_unit = UnitFactory(organisation=interact.su)
    client = api(world.admin)
    response = client.patch(
        _url(interact.office), {"merged_into": foreign_unit.pk, "version": 1}, format="json"
    )
    assert response.status_code == 400
    assert "merged_into" in response.json()
    response = client.patch(
        _url(interact.office), {"network": world.mou.pk, "version": 1}, format="json"
    )
    assert response.status_code == 400
    assert "The office runs a network partnership, not an MoU." in str(response.json())
    assert client.patch(_url(interact.office), {"name": "X"}, format="json").status_code == 400
    stale = client.patch(_url(interact.office), {"name": "X", "version": 7}, format="json")
    assert stale.status_code == 409
    interact.office.refresh_from_db()
    assert interact.office.version == 1


def test_overlapping_membership_of_interact_is_refused_in_the_api(world, interact, api):
    network = interact.office.network
    before = Membership.objects.count()
    response = api(interact.coordinator).post(
        f"/api/v1/partnerships/{network.pk}/memberships/",
        {"party": interact.su_party.pk, "starts_on": "2015", "ends_on": None, "note": ""},
        format="json",
    )
    assert response.status_code == 400
    assert "overlaps another membership period" in str(response.json())
    assert Membership.objects.count() == before
