"""Findings of the second security review of activities' confidentiality (issue 4, point 5):
nobody lets themself into an activity's secrets by a back door."""

from __future__ import annotations

from django.urls import reverse

from samverkan.activities.models import ActivityParticipant, ActivityParty
from samverkan.agreements.models import SecrecyMarking
from samverkan.organisations.tests.factories import UnitFactory

from .test_activity_pages import EN, PROVISION, assert_no_secret, build_secret


def _page(name, world, *args):
    return reverse(f"activities:{name}", args=[world.mou.pk, *args])


def _api(world, activity_pk, *rest):
    tail = "".join(f"{part}/" for part in rest)
    return f"/api/v1/partnerships/{world.mou.pk}/activities/{activity_pk}/{tail}"


def test_a_coordinator_of_another_party_cannot_join_a_secret_activity_to_see_it(world, as_user):
    """Adding a unit of one's own organisation would make it a party of the activity, and so
    entitle its coordinators, leadership and registrars to every secret of it."""
    secret = build_secret(world)
    unit = UnitFactory(organisation=world.stad, name="Trafikkontoret")
    client = as_user(world.coordinator_stad)
    add = _page("participant_add", world, secret.pk)
    assert client.get(add).status_code == 403
    response = client.post(add, {"unit": unit.pk, "role": "Värd"})
    assert response.status_code == 403
    assert not ActivityParty.objects.filter(activity=secret, party=world.party_stad).exists()
    assert not ActivityParticipant.objects.filter(activity=secret, unit=unit).exists()
    page = client.get(_page("activity_detail", world, secret.pk), **EN)
    assert_no_secret(page.content)
    assert f"Secret ({PROVISION})".encode() in page.content
    # The link to the form is not offered either.
    assert add.encode() not in page.content


def test_nor_through_the_api(world, api):
    secret = build_secret(world)
    unit = UnitFactory(organisation=world.stad, name="Trafikkontoret")
    client = api(world.coordinator_stad)
    response = client.post(
        _api(world, secret.pk, "participants"), {"unit": unit.pk, "role": "Värd"}, format="json"
    )
    assert response.status_code == 403
    assert_no_secret(response.content)
    assert not ActivityParty.objects.filter(activity=secret, party=world.party_stad).exists()
    answer = client.get(_api(world, secret.pk))
    assert answer.json()["entitled"] is False
    assert_no_secret(answer.content)


def test_the_entitled_still_add_units_and_people_to_a_secret_activity(world, as_user, api):
    secret = build_secret(world)
    unit = UnitFactory(organisation=world.kth, name="Institutionen för fysik")
    response = as_user(world.coordinator).post(
        _page("participant_add", world, secret.pk), {"unit": unit.pk, "role": "Värd"}
    )
    assert response.status_code == 302
    other = UnitFactory(organisation=world.kth, name="Institutionen för kemi")
    response = api(world.coordinator).post(
        _api(world, secret.pk, "participants"), {"unit": other.pk, "role": "Värd"}, format="json"
    )
    assert response.status_code == 201
    assert ActivityParticipant.objects.filter(activity=secret, unit__in=[unit, other]).count() == 2


def test_the_site_administrator_cannot_lift_an_activitys_marking(world, as_user):
    """Secrecy binds the site administrator too: they may mark (which hides more) but not lift
    a marking of what they may not see, as for agreements."""
    secret = build_secret(world)
    marking = SecrecyMarking.objects.get(activity=secret, target="title")
    unmark = _page("activity_unmark", world, secret.pk, marking.pk)
    client = as_user(world.admin)
    assert client.get(unmark).status_code == 403
    assert client.post(unmark).status_code == 403
    assert SecrecyMarking.objects.filter(pk=marking.pk).exists()
    page = client.get(_page("activity_detail", world, secret.pk), **EN)
    assert_no_secret(page.content)
    assert unmark.encode() not in page.content
    # The coordinator of the activity's party, entitled, still lifts it.
    assert as_user(world.coordinator).post(unmark).status_code == 302
    assert not SecrecyMarking.objects.filter(pk=marking.pk).exists()
