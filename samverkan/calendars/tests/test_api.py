"""The calendar API: list one's feeds (no secrets), make one (the address once), revoke."""

import pytest
from django.test import Client

from samverkan.calendars.models import FeedToken

from .helpers import WINTER_NOON, at, parse, scene

pytestmark = pytest.mark.django_db

FEEDS = "/api/v1/calendar/feeds/"


def _revoke(pk):
    return f"/api/v1/calendar/feeds/{pk}/revoke/"


def test_making_a_feed_returns_its_address_once(world, api):
    client = api(world.viewer)
    response = client.post(FEEDS)
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "language", "created_at", "revoked_at", "version", "url"}
    assert body["language"] == "en"
    assert body["revoked_at"] is None
    path = body["url"].removeprefix("http://testserver")
    assert path.startswith("/calendar/feed/")
    scene(world)
    with at(WINTER_NOON):
        assert parse(Client().get(path))
    listing = client.get(FEEDS)
    assert listing.status_code == 200
    assert listing.json()["results"] == [{k: v for k, v in body.items() if k != "url"}]
    token = path.removeprefix("/calendar/feed/").removesuffix(".ics")
    assert token not in listing.content.decode()
    assert FeedToken.objects.get().digest not in listing.content.decode()


def test_revoking_through_the_api_makes_the_address_answer_404(world, api):
    client = api(world.viewer)
    body = client.post(FEEDS).json()
    path = body["url"].removeprefix("http://testserver")
    response = client.post(_revoke(body["id"]))
    assert response.status_code == 200
    assert response.json()["revoked_at"] is not None
    assert response.json()["version"] == 2
    assert Client().get(path).status_code == 404
    # Revoking again changes nothing.
    again = client.post(_revoke(body["id"]))
    assert again.status_code == 200
    assert again.json()["version"] == 2
    # A new one works; the list shows both, the old one revoked.
    new = client.post(FEEDS).json()
    assert Client().get(new["url"].removeprefix("http://testserver")).status_code == 200
    rows = client.get(FEEDS).json()["results"]
    assert [row["id"] for row in rows] == [body["id"], new["id"]]
    assert rows[0]["revoked_at"] is not None and rows[1]["revoked_at"] is None


def test_a_new_feed_revokes_the_old_one(world, api):
    client = api(world.viewer)
    old = client.post(FEEDS).json()
    client.post(FEEDS)
    assert Client().get(old["url"].removeprefix("http://testserver")).status_code == 404


def test_nobody_lists_or_revokes_anyone_elses_feeds(world, api):
    theirs = api(world.coordinator).post(FEEDS).json()
    client = api(world.viewer)
    assert client.get(FEEDS).json()["results"] == []
    assert client.post(_revoke(theirs["id"])).status_code == 404
    assert FeedToken.objects.get(pk=theirs["id"]).revoked_at is None
    assert api(world.outsider).post(_revoke(theirs["id"])).status_code == 404


def test_the_api_needs_a_signed_in_user(world, api):
    anonymous = api(None)
    assert anonymous.get(FEEDS).status_code == 401
    assert anonymous.post(FEEDS).status_code == 401
    assert not FeedToken.objects.exists()


def test_the_feed_language_follows_accept_language(world, api):
    assert api(world.viewer, language="sv").post(FEEDS).json()["language"] == "sv"


def test_listing_feeds_runs_a_fixed_number_of_queries(world, api):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api(world.viewer)
    client.post(FEEDS)
    with CaptureQueriesContext(connection) as few:
        client.get(FEEDS)
    for _ in range(4):
        client.post(FEEDS)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(FEEDS).json()["results"]) == 5
    assert len(many) == len(few)
