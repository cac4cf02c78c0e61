"""The pages of innovation-support cases: who reads, who writes, bad input, query counts."""

import datetime

import pytest
from django.urls import reverse

from samverkan.innovation.models import InnovationCase, Stage, StageChange, Support
from samverkan.innovation.tests.factories import InnovationCaseFactory

from .test_case_services import make_net, opened

D = datetime.date


@pytest.fixture
def net(world):
    return make_net(world)


def _url(name, case, *extra):
    return reverse(f"innovation:{name}", args=[case.network_id, case.uuid, *extra])


def test_the_advisor_opens_a_case_and_is_named_its_advisor(net, as_user):
    client = as_user(net.su_advisor)
    response = client.post(
        reverse("innovation:case_create", args=[net.network.pk]),
        {
            "institution": net.su.pk,
            "title": "Solcellsfärg",
            "origin": "researcher",
            "opened_on": "2022-02-01",
            "inventors": [net.inventor.pk],
        },
    )
    case = InnovationCase.objects.visible_to(net.su_advisor).get()
    assert response.status_code == 302
    assert response["Location"] == _url("case_detail", case)
    assert case.people.filter(person=net.su_advisor.person, role="advisor").exists()


def test_opening_a_case_where_the_institution_is_not_a_member_is_refused(net, as_user):
    response = as_user(net.su_advisor).post(
        reverse("innovation:case_create", args=[net.network.pk]),
        {
            "institution": net.su.pk,
            "title": "Tidig idé",
            "origin": "student",
            "opened_on": "2011-05-01",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "is not a member of" in response.content.decode()
    assert not InnovationCase.objects.visible_to(net.su_advisor).exists()


def test_only_the_institutions_one_advises_can_be_chosen(net, as_user):
    response = as_user(net.kth_advisor).post(
        reverse("innovation:case_create", args=[net.network.pk]),
        {"institution": net.su.pk, "title": "X", "origin": "student", "opened_on": "2022-05-01"},
    )
    assert response.status_code == 400
    assert not InnovationCase.objects.visible_to(net.su_advisor).exists()


def test_who_may_read_the_case_page(net, world, as_user, client):
    case = opened(net)
    url = _url("case_detail", case)
    assert as_user(net.su_advisor).get(url).status_code == 200
    assert as_user(net.inventor_user).get(url).status_code == 200
    for stranger in (net.kth_advisor, world.coordinator_stad, world.outsider, world.admin):
        client.logout()
        response = as_user(stranger).get(url)
        assert response.status_code == 404, stranger
        assert case.title not in response.content.decode()


def test_a_case_title_never_appears_in_a_list_for_the_non_entitled(net, world, as_user):
    case = opened(net)
    url = reverse("innovation:case_list", args=[net.network.pk])
    assert case.title in as_user(net.su_advisor).get(url).content.decode()
    assert case.title in as_user(net.inventor_user).get(url).content.decode()
    response = as_user(net.kth_advisor).get(url)
    assert response.status_code == 200
    assert case.title not in response.content.decode()
    for stranger in (world.coordinator_stad, world.outsider):
        assert as_user(stranger).get(url).status_code == 404


def test_a_person_named_on_the_case_reads_but_does_not_write(net, as_user):
    case = opened(net)
    client = as_user(net.inventor_user)
    response = client.get(_url("case_detail", case))
    assert "Change the stage" not in response.content.decode()
    assert client.get(_url("case_edit", case)).status_code == 403
    response = client.post(
        _url("case_stage_change", case), {"to_stage": "verification", "changed_on": "2021-05-01"}
    )
    assert response.status_code == 403
    assert not StageChange.objects.exists()


def test_a_stranger_posting_a_stage_change_gets_404(net, as_user):
    case = opened(net)
    response = as_user(net.kth_advisor).post(
        _url("case_stage_change", case), {"to_stage": "verification", "changed_on": "2021-05-01"}
    )
    assert response.status_code == 404
    assert not StageChange.objects.exists()


def test_idea_to_verification_with_funding(net, as_user):
    case = opened(net)
    client = as_user(net.su_advisor)
    response = client.post(
        _url("case_stage_change", case), {"to_stage": "verification", "changed_on": "2021-05-01"}
    )
    assert response.status_code == 302
    response = client.post(
        _url("case_support_add", case),
        {
            "kind": "verification_funding",
            "given_on": "2021-05-02",
            "amount": "150000",
            "currency": "sek",
        },
    )
    assert response.status_code == 302
    page = client.get(_url("case_detail", case)).content.decode()
    assert "150000" in page and "SEK" in page
    case.refresh_from_db()
    assert case.stage == Stage.VERIFICATION


@pytest.mark.parametrize(
    ("name", "data", "field", "message"),
    [
        (
            "case_stage_change",
            {"to_stage": "verification", "changed_on": "2020-01-01"},
            "changed_on",
            "before the case was opened",
        ),
        (
            "case_support_add",
            {"kind": "verification_funding", "given_on": "2021-05-02", "amount": "100"},
            "currency",
            "Funding needs a currency.",
        ),
    ],
)
def test_bad_input_on_the_pages_is_refused_on_its_field(net, as_user, name, data, field, message):
    case = opened(net)
    response = as_user(net.su_advisor).post(_url(name, case), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert (
        f'id="id_{field}_error"' in response.content.decode()
        or "aria-invalid" in response.content.decode()
    )
    assert not StageChange.objects.exists() and not Support.objects.exists()


def test_a_move_backwards_without_a_reason_is_refused_on_the_page(net, as_user):
    case = opened(net)
    client = as_user(net.su_advisor)
    client.post(
        _url("case_stage_change", case), {"to_stage": "funding", "changed_on": "2021-05-01"}
    )
    response = client.post(
        _url("case_stage_change", case),
        {"to_stage": "idea", "changed_on": "2021-06-01"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "needs a reason" in response.content.decode()
    assert StageChange.objects.count() == 1


def test_an_edit_based_on_an_old_version_is_refused(net, as_user):
    case = opened(net)
    client = as_user(net.su_advisor)
    data = {"title": "Nytt namn", "origin": "researcher", "opened_on": "2021-03-01", "version": 1}
    assert client.post(_url("case_edit", case), data).status_code == 302
    response = client.post(_url("case_edit", case), {**data, "title": "Ännu ett"})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.title == "Nytt namn"


def _many(net, count):
    for _n in range(count):
        InnovationCaseFactory(network=net.network, institution=net.su, opened_on=D(2022, 1, 1))


@pytest.mark.parametrize("count", [2, 20])
def test_the_list_runs_a_fixed_number_of_queries(
    net, as_user, django_assert_max_num_queries, count
):
    _many(net, count)
    client = as_user(net.su_advisor)
    url = reverse("innovation:case_list", args=[net.network.pk])
    with django_assert_max_num_queries(9):
        response = client.get(url, {"stage": "idea", "year": "2022"})
    assert response.content.decode().count("/cases/") >= count


@pytest.mark.parametrize("count", [1, 10])
def test_the_detail_runs_a_fixed_number_of_queries(
    net, as_user, django_assert_max_num_queries, count
):
    case = opened(net)
    from samverkan.innovation import case_services as services

    for n in range(count):
        services.add_support(
            Support(case=case, kind="meeting", given_on=D(2021, 3, 2 + n)), actor=net.su_advisor
        )
    client = as_user(net.su_advisor)
    with django_assert_max_num_queries(13):
        assert client.get(_url("case_detail", case)).status_code == 200
