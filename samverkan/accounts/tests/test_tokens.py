from unittest import mock

import pytest
from django.urls import reverse
from rest_framework.throttling import UserRateThrottle

from samverkan.accounts.models import ApiToken
from samverkan.organisations.models import Organisation


def test_a_token_is_shown_once_and_stored_hashed(world, as_user):
    client = as_user(world.viewer)
    response = client.post(reverse("accounts:settings"), {"name": "Diarium"})
    token = response.context["new_token"]
    assert token.startswith("svk_") and len(token) > 40
    record = ApiToken.objects.get(user=world.viewer)
    assert token not in (record.key_hash, record.prefix)
    assert record.prefix == token[:12]
    again = client.get(reverse("accounts:settings")).content.decode()
    assert token not in again
    assert record.prefix in again


def test_a_revoked_token_no_longer_opens_the_api(world, as_user, client):
    page = as_user(world.viewer)
    token = page.post(reverse("accounts:settings"), {"name": "Diarium"}).context["new_token"]
    header = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    from django.test import Client

    api = Client()
    assert api.get("/api/v1/me/", **header).status_code == 200
    record = ApiToken.objects.get(user=world.viewer)
    assert page.post(reverse("accounts:token_revoke", args=[record.pk])).status_code == 302
    assert api.get("/api/v1/me/", **header).status_code == 401


def test_nobody_revokes_another_users_token(world, as_user):
    page = as_user(world.viewer)
    page.post(reverse("accounts:settings"), {"name": "Diarium"})
    record = ApiToken.objects.get(user=world.viewer)
    response = as_user(world.outsider).post(reverse("accounts:token_revoke", args=[record.pk]))
    assert response.status_code == 404
    record.refresh_from_db()
    assert record.revoked_at is None


def test_a_token_needs_a_name(world, as_user):
    response = as_user(world.viewer).post(reverse("accounts:settings"), {"name": ""})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_the_api_answers_who_you_are(world, api):
    me = api(world.coordinator).get("/api/v1/me/").json()
    assert me["username"] == "coordinator"
    assert me["roles"] == [
        {
            "id": me["roles"][0]["id"],
            "role": "coordinator",
            "organisation": world.kth.pk,
            "partnership": world.mou.pk,
        }
    ]


def test_the_session_works_too_with_csrf(world, client):
    client.force_login(world.coordinator)
    assert client.get("/api/v1/me/").status_code == 200
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.coordinator)
    refused = strict.post(
        "/api/v1/organisations/",
        {"name": "X", "kind": "municipality"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert not Organisation.objects.filter(name="X").exists()


def test_too_many_requests_answer_429(world, api):
    client = api(world.viewer)
    rates = {"user": "3/minute", "anon": "3/minute"}
    with mock.patch.object(UserRateThrottle, "THROTTLE_RATES", rates):
        statuses = [client.get("/api/v1/me/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_a_body_over_the_limit_answers_413(world, api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api(world.coordinator).post(
        "/api/v1/organisations/", {"name": "x" * 2000, "kind": "municipality"}, format="json"
    )
    assert response.status_code == 413
    assert not Organisation.objects.filter(kind="municipality", name__startswith="xxx").exists()


@pytest.mark.parametrize("body", ["[1, 2]", '"text"', "{not json", "null"])
def test_malformed_bodies_answer_400(world, api, body):
    response = api(world.coordinator).generic(
        "POST", "/api/v1/organisations/", body, content_type="application/json"
    )
    assert response.status_code == 400


def test_granting_site_administration_is_in_the_audit_trail(world):
    from samverkan.accounts.models import User

    world.viewer._history_user = world.admin
    world.viewer.is_superuser = True
    world.viewer.save()
    latest = User.history.filter(id=world.viewer.pk).first()
    assert (latest.is_superuser, latest.history_user) == (True, world.admin)
    assert not hasattr(latest, "password")
