"""The figures page and API of a network: who reads them, where they link, a fixed query count."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from samverkan.accounts.models import Role
from samverkan.accounts.tests.factories import RoleFactory, UserFactory
from samverkan.innovation.models import Stage

from .factories import (
    AdvisorFactory,
    InnovationCaseFactory,
    MemberFactory,
    NetworkFactory,
    OutcomeFactory,
    StageChangeFactory,
    SupportFactory,
)

pytestmark = pytest.mark.django_db

YEAR = 2024
SECRET = "Confidential catalyst"


@pytest.fixture
def net(world):
    network = NetworkFactory(name="InterAct")
    su = MemberFactory(
        partnership=network, organisation__name="Stockholms universitet"
    ).organisation
    kth = MemberFactory(partnership=network, organisation=world.kth).organisation
    advisor = AdvisorFactory(partnership=network, organisation=su).user
    member = UserFactory(username="member")
    RoleFactory(user=member, organisation=kth, partnership=network, role=Role.COORDINATOR)
    case = InnovationCaseFactory(
        network=network,
        institution=su,
        title=SECRET,
        opened_on=datetime.date(YEAR, 2, 1),
        stage=Stage.VERIFICATION,
        stage_since=datetime.date(YEAR, 3, 1),
    )
    StageChangeFactory(case=case, changed_on=datetime.date(YEAR, 3, 1))
    SupportFactory(case=case, funding=True, amount=Decimal("250000"), given_on=case.opened_on)
    return {"network": network, "su": su, "kth": kth, "advisor": advisor, "member": member}


def url(network, **query):
    path = reverse("innovation:figures", args=[network.pk])
    if query:
        path += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return path


def api_url(network, **query):
    path = f"/api/v1/innovation-networks/{network.pk}/figures/"
    if query:
        path += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return path


def test_a_participant_reads_the_figures_as_plain_numbers(net, as_user):
    response = as_user(net["member"]).get(url(net["network"], year=YEAR), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Stockholms universitet" in html
    assert "250\u00a0000\u00a0SEK" in html or "250,000\u00a0SEK" in html
    assert SECRET not in html
    assert reverse("innovation:case_list", args=[net["network"].pk]) not in html
    overview = response.context["overview"]
    assert [row.current for row in overview[:3]] == ["1", "1", "1"]


def test_an_advisor_follows_the_figures_of_the_institution_they_advise(net, as_user):
    network, su, kth = net["network"], net["su"], net["kth"]
    response = as_user(net["advisor"]).get(url(network, year=YEAR))
    html = response.content.decode()
    case_list = reverse("innovation:case_list", args=[network.pk])
    assert f"{case_list}?institution={su.pk}&amp;year={YEAR}" in html
    assert f"institution={kth.pk}" not in html  # KTH's cases are not theirs to see
    assert SECRET not in html


def test_stage_links_only_for_this_year(net, as_user):
    network, su = net["network"], net["su"]
    this_year = timezone.localdate().year
    html = as_user(net["advisor"]).get(url(network, year=this_year)).content.decode()
    assert f"institution={su.pk}&amp;stage=verification" in html
    html = as_user(net["advisor"]).get(url(network, year=YEAR)).content.decode()
    assert "stage=verification" not in html  # the list filters by today's stage, not 2024's


def test_an_outsider_and_a_partner_of_another_partnership_get_404(net, world, as_user):
    for user in (world.outsider, world.coordinator_stad):
        assert as_user(user).get(url(net["network"])).status_code == 404


def test_an_mou_has_no_figures_page(world, as_user):
    assert as_user(world.coordinator).get(url(world.mou)).status_code == 404


def test_anonymous_is_sent_to_log_in(net, client):
    response = client.get(url(net["network"]))
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize("year", ["abc", "1800", "3000"])
def test_a_bad_year_is_refused_with_a_message(net, as_user, year):
    response = as_user(net["member"]).get(url(net["network"], year=year), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    html = response.content.decode()
    assert "year" in html.lower()
    assert "figures-overview" not in html
    assert response.context["form"].errors["year"]


def test_no_year_means_this_year(net, as_user):
    response = as_user(net["member"]).get(url(net["network"]))
    assert response.context["figures"].year == timezone.localdate().year


def test_the_page_runs_a_fixed_number_of_queries(net, as_user, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_user(net["advisor"])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url(net["network"], year=YEAR)).status_code == 200
    network = net["network"]
    for i in range(30):
        institution = net["su"] if i % 2 else net["kth"]
        case = InnovationCaseFactory(
            network=network, institution=institution, opened_on=datetime.date(YEAR - i % 2, 5, 1)
        )
        StageChangeFactory(case=case)
        SupportFactory(case=case)
        OutcomeFactory(case=case)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url(net["network"], year=YEAR)).status_code == 200


# The API


def test_the_api_gives_the_same_figures(net, api):
    response = api(net["member"]).get(api_url(net["network"], year=YEAR))
    assert response.status_code == 200
    data = response.json()
    assert data["year"] == YEAR and data["previous_year"] == YEAR - 1
    assert data["total"]["current"]["new_cases"] == 1
    assert data["total"]["current"]["in_stage"]["verification"] == 1
    assert data["total"]["current"]["stage_changes"]["verification"] == 1
    assert data["total"]["current"]["verification_funding"] == {"SEK": "250000.00"}
    assert data["total"]["current"]["support"]["verification_funding"] == 1
    labels = [line["label"] for line in data["by_institution"]]
    assert "Stockholms universitet" in labels
    assert SECRET not in response.content.decode()


def test_the_api_refuses_outsiders_and_bad_years(net, world, api):
    assert api(world.coordinator_stad).get(api_url(net["network"])).status_code == 404
    assert api(world.outsider).get(api_url(net["network"])).status_code == 404
    assert api(None).get(api_url(net["network"])).status_code == 401
    response = api(net["member"]).get(api_url(net["network"], year="abc"))
    assert response.status_code == 400
    assert "year" in response.json()


def test_the_api_runs_a_fixed_number_of_queries(net, api, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api(net["member"])
    with CaptureQueriesContext(connection) as few:
        assert client.get(api_url(net["network"], year=YEAR)).status_code == 200
    for i in range(30):
        case = InnovationCaseFactory(
            network=net["network"],
            institution=net["su"],
            opened_on=datetime.date(YEAR, 1 + i % 12, 1),
        )
        SupportFactory(case=case, funding=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(api_url(net["network"], year=YEAR)).status_code == 200
