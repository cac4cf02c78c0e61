import datetime

import pytest
from django.urls import reverse

from samverkan.followup.models import SteeringGroupMember
from samverkan.organisations.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _member(world, person, party, starts_on, ends_on=None, role=SteeringGroupMember.Role.MEMBER):
    return SteeringGroupMember.objects.create(
        partnership=world.mou,
        party=party,
        person=person,
        role=role,
        starts_on=starts_on,
        ends_on=ends_on,
    )


def _api_url(world):
    return f"/api/v1/partnerships/{world.mou.pk}/steering-group/"


def _page_url(world):
    return reverse("partnerships:steering_member_create", args=[world.mou.pk])


def _form(person, party, starts_on="2024-01-01", ends_on=""):
    return {
        "party": party.pk,
        "person": person.pk,
        "role": "member",
        "starts_on": starts_on,
        "ends_on": ends_on,
    }


def test_a_person_not_of_the_party_is_refused_on_the_page(world, as_user):
    anna = PersonFactory(organisation=world.kth, name="Anna Andersson")
    response = as_user(world.coordinator).post(
        _page_url(world), _form(anna, world.party_stad), **EN
    )
    assert response.status_code == 400
    errors = response.context["form"].errors["person"]
    assert errors == [
        "A steering-group member must be of one of the partnership's parties: "
        "Anna Andersson is not of Stockholms stad."
    ]
    assert not SteeringGroupMember.objects.exists()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Anna Andersson is not of Stockholms stad."),
        ("sv", "Anna Andersson tillhör inte Stockholms stad."),
    ],
)
def test_a_person_not_of_the_party_is_refused_through_the_api(world, api, language, message):
    anna = PersonFactory(organisation=world.kth, name="Anna Andersson")
    payload = {
        "party": world.party_stad.pk,
        "person": anna.pk,
        "starts_on": "2024-01-01",
        "role": "member",
    }
    response = api(world.coordinator, language=language).post(
        _api_url(world), payload, format="json"
    )
    assert response.status_code == 400
    assert message in response.json()["person"][0], response.json()
    assert not SteeringGroupMember.objects.exists()


def test_a_person_outside_every_party_is_not_a_choice(world, api):
    olle = PersonFactory(organisation=world.elsewhere)
    payload = {
        "party": world.party_kth.pk,
        "person": olle.pk,
        "starts_on": "2024-01-01",
        "role": "member",
    }
    response = api(world.coordinator).post(_api_url(world), payload, format="json")
    assert response.status_code == 400
    assert "person" in response.json()
    assert not SteeringGroupMember.objects.exists()


def test_a_membership_ending_before_it_starts_is_refused(world, as_user, api):
    anna = PersonFactory(organisation=world.kth)
    form = _form(anna, world.party_kth, starts_on="2024-06-01", ends_on="2024-05-31")
    response = as_user(world.coordinator).post(_page_url(world), form, **EN)
    assert response.status_code == 400
    assert response.context["form"].errors["ends_on"] == [
        "A membership cannot end before it starts."
    ]
    payload = {
        "party": world.party_kth.pk,
        "person": anna.pk,
        "starts_on": "2024-06-01",
        "ends_on": "2024-05-31",
        "role": "member",
    }
    refused = api(world.coordinator).post(_api_url(world), payload, format="json")
    assert refused.status_code == 400
    assert "ends_on" in refused.json()
    assert not SteeringGroupMember.objects.exists()


def test_an_overlapping_membership_is_refused(world, as_user, api):
    anna = PersonFactory(organisation=world.kth, name="Anna Andersson")
    _member(world, anna, world.party_kth, D(2020, 1, 1), D(2024, 12, 31))
    form = _form(anna, world.party_kth, starts_on="2024-12-31")
    response = as_user(world.coordinator).post(_page_url(world), form, **EN)
    assert response.status_code == 400
    assert response.context["form"].errors["starts_on"] == [
        "Anna Andersson is already on the steering group during this period."
    ]
    payload = {
        "party": world.party_kth.pk,
        "person": anna.pk,
        "starts_on": "2019-01-01",
        "role": "member",
    }
    refused = api(world.coordinator).post(_api_url(world), payload, format="json")
    assert refused.status_code == 400
    assert "starts_on" in refused.json()
    assert SteeringGroupMember.objects.count() == 1
    # The day after the first membership ends, a new one may start.
    later = _form(anna, world.party_kth, starts_on="2025-01-01")
    assert as_user(world.coordinator).post(_page_url(world), later).status_code == 302
    assert SteeringGroupMember.objects.count() == 2


def test_the_outsider_sees_nothing_and_the_viewer_cannot_change(world, as_user, api):
    anna = PersonFactory(organisation=world.kth)
    member = _member(world, anna, world.party_kth, D(2024, 1, 1))
    list_url = reverse("partnerships:steering_group", args=[world.mou.pk])
    edit_url = reverse("partnerships:steering_member_edit", args=[world.mou.pk, member.pk])
    outsider = as_user(world.outsider)
    for url in (list_url, _page_url(world), edit_url):
        assert outsider.get(url).status_code == 404
    outsider_api = api(world.outsider)
    assert outsider_api.get(_api_url(world)).status_code == 404
    assert outsider_api.get(f"{_api_url(world)}{member.pk}/").status_code == 404
    viewer = as_user(world.viewer)
    assert viewer.get(list_url).status_code == 200
    assert viewer.get(_page_url(world)).status_code == 403
    assert viewer.post(edit_url, _form(anna, world.party_kth)).status_code == 403
    viewer_api = api(world.viewer)
    assert viewer_api.get(f"{_api_url(world)}{member.pk}/").status_code == 200
    payload = {
        "party": world.party_kth.pk,
        "person": anna.pk,
        "starts_on": "2025-01-01",
        "role": "member",
    }
    assert viewer_api.post(_api_url(world), payload, format="json").status_code == 403
    patch = {"ends_on": "2024-12-31", "version": 1}
    assert (
        viewer_api.patch(f"{_api_url(world)}{member.pk}/", patch, format="json").status_code == 403
    )
    member.refresh_from_db()
    assert member.ends_on is None


@pytest.mark.parametrize("persona", ["coordinator", "steering", "coordinator_stad"])
def test_coordinators_and_the_steering_group_may_name_members(world, as_user, persona):
    # Of KTH, the coordinator's and the steering-group member's own organisation: nobody
    # browses another organisation's staff (organisations.models.PersonQuerySet).
    anna = PersonFactory(organisation=world.kth, name="Anna Andersson")
    if persona == "coordinator_stad":
        # Stockholms stad's coordinator sees KTH's people once they are named in the partnership.
        _member(world, anna, world.party_kth, D(2020, 1, 1), D(2023, 12, 31))
    form = _form(anna, world.party_kth) | {"role": "chair"}
    response = as_user(getattr(world, persona)).post(_page_url(world), form, **EN)
    assert response.status_code == 302
    member = SteeringGroupMember.objects.get(starts_on=D(2024, 1, 1))
    assert (member.person, member.party, member.role) == (
        anna,
        world.party_kth,
        SteeringGroupMember.Role.CHAIR,
    )
    detail = as_user(world.viewer).get(reverse("partnerships:detail", args=[world.mou.pk]))
    assert "Anna Andersson" in detail.content.decode()


def test_the_steering_group_names_and_ends_a_membership_through_the_api(world, api):
    anna = PersonFactory(organisation=world.kth)
    client = api(world.steering)
    payload = {
        "party": world.party_kth.pk,
        "person": anna.pk,
        "role": "secretary",
        "starts_on": "2024-01-01",
    }
    created = client.post(_api_url(world), payload, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["role"], body["ends_on"], body["version"]) == ("secretary", None, 1)
    url = f"{_api_url(world)}{body['id']}/"
    ended = client.patch(url, {"ends_on": "2025-06-30", "version": 1}, format="json")
    assert ended.status_code == 200, ended.json()
    assert (ended.json()["ends_on"], ended.json()["version"]) == ("2025-06-30", 2)
    stale = client.put(url, payload | {"version": 1}, format="json")
    assert stale.status_code == 409
    assert client.patch(url, {"role": "chair"}, format="json").status_code == 400
    assert [m["id"] for m in api(world.viewer).get(_api_url(world)).json()] == [body["id"]]


def test_current_picks_the_members_on_the_day(world):
    people = [PersonFactory(organisation=world.kth) for _ in range(4)]
    ended = _member(world, people[0], world.party_kth, D(2020, 1, 1), D(2023, 12, 31))
    ends_today = _member(world, people[1], world.party_kth, D(2022, 1, 1), D(2024, 3, 1))
    open_ended = _member(world, people[2], world.party_kth, D(2024, 3, 1))
    _future = _member(world, people[3], world.party_kth, D(2024, 3, 2))
    current = SteeringGroupMember.objects.current(on=D(2024, 3, 1))
    assert set(current) == {ends_today, open_ended}
    assert set(SteeringGroupMember.objects.current(on=D(2023, 6, 1))) == {ended, ends_today}


def test_members_are_visible_only_to_those_in_the_partnership(world):
    member = _member(world, PersonFactory(organisation=world.kth), world.party_kth, D(2024, 1, 1))
    assert list(SteeringGroupMember.objects.visible_to(world.viewer)) == [member]
    assert not SteeringGroupMember.objects.visible_to(world.outsider).exists()


@pytest.mark.parametrize("rows", [1, 10])
def test_the_steering_group_pages_run_a_fixed_number_of_queries(
    world, as_user, api, django_assert_max_num_queries, rows
):
    for n in range(rows):
        party = world.party_kth if n % 2 else world.party_stad
        person = PersonFactory(organisation=party.organisation)
        _member(world, person, party, D(2020 + n % 3, 1, 1), D(2022, 12, 31) if n % 4 else None)
    client = as_user(world.coordinator)
    for url, limit in [
        (reverse("partnerships:steering_group", args=[world.mou.pk]), 10),
        (reverse("partnerships:detail", args=[world.mou.pk]), 16),
        (_page_url(world), 10),
    ]:
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200
    token_client = api(world.coordinator)
    with django_assert_max_num_queries(10):
        assert token_client.get(_api_url(world)).status_code == 200
