"""The API of innovation-support cases: same rules and permissions as the pages."""

import datetime

import pytest

from samverkan.innovation.models import InnovationCase, StageChange, Support
from samverkan.innovation.tests.factories import InnovationCaseFactory

from .test_case_services import make_net, opened

D = datetime.date


@pytest.fixture
def net(world):
    return make_net(world)


def _base(network):
    return f"/api/v1/innovation-networks/{network.pk}/cases/"


def _case(case, tail=""):
    return f"{_base(case.network)}{case.uuid}/{tail}"


def test_the_advisor_opens_a_case(net, api):
    response = api(net.su_advisor).post(
        _base(net.network),
        {
            "institution": net.su.pk,
            "title": "Biologisk sensor",
            "origin": "student",
            "opened_on": "2023-04-01",
            "inventors": [net.inventor.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["stage"], body["stage_since"], body["version"]) == ("idea", "2023-04-01", 1)
    case = InnovationCase.objects.visible_to(net.su_advisor).get(uuid=body["uuid"])
    assert case.people.count() == 2


def test_a_case_at_a_non_member_institution_is_refused_with_the_field(net, api):
    response = api(net.su_advisor).post(
        _base(net.network),
        {"institution": net.su.pk, "title": "X", "origin": "staff", "opened_on": "2011-01-10"},
        format="json",
    )
    assert response.status_code == 400
    assert "is not a member of" in response.json()["institution"][0]
    assert not InnovationCase.objects.visible_to(net.su_advisor).exists()


def test_the_list_shows_only_visible_cases(net, world, api):
    case = opened(net)
    for user in (net.su_advisor, net.inventor_user):
        response = api(user).get(_base(net.network))
        assert [c["uuid"] for c in response.json()["results"]] == [str(case.uuid)]
    response = api(net.kth_advisor).get(_base(net.network))
    assert response.status_code == 200
    assert response.json()["results"] == []
    assert case.title not in response.content.decode()
    for stranger in (world.coordinator_stad, world.outsider):
        response = api(stranger).get(_base(net.network))
        assert response.status_code == 404
        assert case.title not in response.content.decode()


@pytest.mark.parametrize("tail", ["", "stage-changes/", "support/", "outcomes/", "people/"])
def test_strangers_get_404_on_every_case_endpoint(net, world, api, tail):
    case = opened(net)
    assert api(net.su_advisor).get(_case(case, tail)).status_code == 200
    assert api(net.inventor_user).get(_case(case, tail)).status_code == 200
    for stranger in (net.kth_advisor, world.coordinator_stad, world.admin):
        response = api(stranger).get(_case(case, tail))
        assert response.status_code == 404
        assert case.title not in response.content.decode()


def test_a_named_person_reads_but_cannot_write(net, api):
    case = opened(net)
    client = api(net.inventor_user)
    response = client.post(
        _case(case, "stage-changes/"),
        {"to_stage": "verification", "changed_on": "2021-05-01"},
        format="json",
    )
    assert response.status_code == 403
    response = client.patch(_case(case), {"title": "Nytt", "version": 1}, format="json")
    assert response.status_code == 403
    assert not StageChange.objects.exists()


def test_another_institutions_advisor_gets_404_on_writes(net, api):
    case = opened(net)
    response = api(net.kth_advisor).post(
        _case(case, "stage-changes/"),
        {"to_stage": "verification", "changed_on": "2021-05-01"},
        format="json",
    )
    assert response.status_code == 404


def test_idea_to_verification_with_funding_through_the_api(net, api):
    case = opened(net)
    client = api(net.su_advisor)
    response = client.post(
        _case(case, "stage-changes/"),
        {"to_stage": "verification", "changed_on": "2021-05-01"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    response = client.post(
        _case(case, "support/"),
        {
            "kind": "verification_funding",
            "given_on": "2021-05-02",
            "amount": "150000.00",
            "currency": "SEK",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert client.get(_case(case)).json()["stage"] == "verification"
    assert len(client.get(_case(case, "support/")).json()) == 1


@pytest.mark.parametrize(
    ("tail", "body", "field"),
    [
        ("stage-changes/", {"to_stage": "verification", "changed_on": "2020-12-01"}, "changed_on"),
        (
            "support/",
            {"kind": "verification_funding", "given_on": "2021-05-02", "amount": "10"},
            "currency",
        ),
        (
            "outcomes/",
            {"kind": "funding_raised", "achieved_on": "2022-01-01", "amount": "5"},
            "currency",
        ),
    ],
)
def test_bad_input_is_refused_with_the_field_named(net, api, tail, body, field):
    case = opened(net)
    response = api(net.su_advisor).post(_case(case, tail), body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not StageChange.objects.exists() and not Support.objects.exists()


def test_a_move_backwards_without_a_reason_is_refused_in_the_api(net, api):
    case = opened(net)
    client = api(net.su_advisor)
    client.post(
        _case(case, "stage-changes/"),
        {"to_stage": "funding", "changed_on": "2021-05-01"},
        format="json",
    )
    response = client.post(
        _case(case, "stage-changes/"),
        {"to_stage": "idea", "changed_on": "2021-06-01"},
        format="json",
    )
    assert response.status_code == 400
    assert "reason" in response.json()


def test_an_update_based_on_an_old_version_answers_409(net, api):
    case = opened(net)
    client = api(net.su_advisor)
    assert client.patch(_case(case), {"title": "A", "version": 1}, format="json").status_code == 200
    response = client.patch(_case(case), {"title": "B", "version": 1}, format="json")
    assert response.status_code == 409
    assert client.get(_case(case)).json()["title"] == "A"


def test_people_are_named_and_removed(net, api):
    from samverkan.organisations.tests.factories import PersonFactory

    case = opened(net)
    client = api(net.su_advisor)
    other = PersonFactory(organisation=net.su, name="Bo Medforskare")
    response = client.post(
        _case(case, "people/"), {"person": other.pk, "role": "inventor"}, format="json"
    )
    assert response.status_code == 201, response.json()
    named_id = response.json()["id"]
    assert api(net.inventor_user).delete(_case(case, f"people/{named_id}/")).status_code == 403
    assert client.delete(_case(case, f"people/{named_id}/")).status_code == 204


@pytest.mark.parametrize("count", [2, 20])
def test_the_api_list_runs_a_fixed_number_of_queries(
    net, api, django_assert_max_num_queries, count
):
    for _n in range(count):
        InnovationCaseFactory(network=net.network, institution=net.su, opened_on=D(2022, 1, 1))
    client = api(net.su_advisor)
    with django_assert_max_num_queries(8):
        response = client.get(_base(net.network), {"stage": "idea"})
    assert len(response.json()["results"]) == count
