"""Findings of the second security review of agreements' confidentiality (issue 4, point 5):
nobody lets themself into a secret by a back door."""

from __future__ import annotations

from django.urls import reverse

from samverkan.activities.tests.test_activity_pages import (
    EN,
    PROVISION,
    assert_no_secret,
    build_secret,
)
from samverkan.agreements.models import AccessGrant, Regulation
from samverkan.agreements.tests.factories import agreement_between


def _page(name, agreement, *args):
    return reverse(f"agreements:{name}", args=[agreement.partnership_id, agreement.uuid, *args])


def _regulating_secret_activity(world):
    """An agreement of the city and KTH regulating a KTH activity whose parts are marked secret
    by KTH: the city's coordinator may open the agreement, not the activity."""
    activity = build_secret(world)
    agreement, _signatories = agreement_between(world.mou, [world.party_stad, world.party_kth])
    Regulation.objects.create(agreement=agreement, activity=activity)
    return agreement, activity


def _activity_page(world, activity):
    return reverse("activities:activity_detail", args=[world.mou.pk, activity.pk])


def test_nobody_gives_themself_access_by_name(world, as_user):
    """A grant on the agreement opens the activities it regulates: the city's coordinator, who
    may give access to the agreement, must not let themself into the KTH activity's secrets."""
    agreement, activity = _regulating_secret_activity(world)
    client = as_user(world.coordinator_stad)
    response = client.post(
        _page("grant_add", agreement),
        {"user": world.coordinator_stad.pk, "reason": "Vill se aktiviteten"},
        **EN,
    )
    assert response.status_code == 400
    assert "You cannot give yourself access" in response.content.decode()
    assert not AccessGrant.objects.exists()
    page = client.get(_activity_page(world, activity), **EN)
    assert_no_secret(page.content)
    assert f"Secret ({PROVISION})".encode() in page.content


def test_nor_through_the_api(world, api):
    agreement, activity = _regulating_secret_activity(world)
    client = api(world.coordinator_stad)
    base = f"/api/v1/partnerships/{world.mou.pk}/agreements/{agreement.uuid}/grants/"
    response = client.post(
        base, {"user": world.coordinator_stad.pk, "reason": "Vill se"}, format="json"
    )
    assert response.status_code == 400
    assert "user" in response.json()
    assert not AccessGrant.objects.exists()
    answer = client.get(f"/api/v1/partnerships/{world.mou.pk}/activities/{activity.pk}/")
    assert answer.json()["entitled"] is False
    assert_no_secret(answer.content)


def test_giving_another_user_access_still_works(world, as_user):
    agreement, _activity = _regulating_secret_activity(world)
    response = as_user(world.coordinator).post(
        _page("grant_add", agreement), {"user": world.viewer.pk, "reason": "Handläggning"}
    )
    assert response.status_code == 302
    assert AccessGrant.objects.filter(agreement=agreement, user=world.viewer).exists()


def test_the_api_tells_the_size_of_a_secret_document_to_the_entitled_only(world, api):
    """The page shows no size of a masked document; nor does the API."""
    from samverkan.agreements.tests.factories import mark

    agreement, _signatories = agreement_between(world.mou, [world.party_kth])
    mark(agreement=agreement, target="document", authority=world.kth)
    path = f"/api/v1/partnerships/{world.mou.pk}/agreements/{agreement.uuid}/"
    hidden = api(world.coordinator_stad).get(path).json()
    assert hidden["has_document"] is True
    assert hidden["document_size"] is None
    assert hidden["document_sha256"].startswith("Secret (")
    shown = api(world.coordinator).get(path).json()
    assert shown["document_size"] == agreement.document_size > 0
