"""The calendar settings page: make the feed address (shown once), see it exists, revoke it."""

import hashlib
import re

import pytest
from django.test import Client
from django.urls import reverse

from samverkan.calendars.models import FeedToken

pytestmark = pytest.mark.django_db

PAGE = "/calendar/"


def _new_url(response) -> str:
    match = re.search(r'value="(http://testserver/calendar/feed/[^"]+\.ics)"', response.text)
    assert match, "the new address is shown"
    return match[1]


def test_a_user_makes_a_feed_address_shown_once(world, as_user):
    client = as_user(world.viewer)
    assert client.get(PAGE).status_code == 200
    response = client.post(PAGE)
    assert response.status_code == 200
    url = _new_url(response)
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    record = FeedToken.objects.get(user=world.viewer)
    # Only the SHA-256 is kept, in the record and its history alike.
    assert record.digest == hashlib.sha256(token.encode()).hexdigest()
    assert not FeedToken.history.filter(digest=token).exists()
    assert token not in str(list(FeedToken.history.values()))
    assert client.get(url.removeprefix("http://testserver")).status_code == 200
    again = client.get(PAGE)
    assert token not in again.text
    assert reverse("calendars:revoke", args=[record.pk]) in again.text


def test_revoking_makes_the_old_address_answer_404_and_a_new_one_can_be_made(world, as_user):
    client = as_user(world.viewer)
    old = _new_url(client.post(PAGE)).removeprefix("http://testserver")
    record = FeedToken.objects.get(user=world.viewer)
    response = client.post(reverse("calendars:revoke", args=[record.pk]))
    assert response.status_code == 302
    assert client.get(old).status_code == 404
    record.refresh_from_db()
    assert record.revoked_at is not None
    assert record.version == 2
    assert record.history.first().history_user == world.viewer
    new = _new_url(client.post(PAGE)).removeprefix("http://testserver")
    assert client.get(new).status_code == 200
    assert client.get(old).status_code == 404


def test_making_a_new_address_revokes_the_old_one(world, as_user):
    client = as_user(world.viewer)
    old = _new_url(client.post(PAGE)).removeprefix("http://testserver")
    new = _new_url(client.post(PAGE)).removeprefix("http://testserver")
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert FeedToken.objects.filter(user=world.viewer, revoked_at__isnull=True).count() == 1


def test_the_page_shows_whether_an_address_exists(world, as_user):
    client = as_user(world.viewer)
    assert "You have no feed address." in client.get(PAGE, HTTP_ACCEPT_LANGUAGE="en").text
    client.post(PAGE)
    page = client.get(PAGE, HTTP_ACCEPT_LANGUAGE="en").text
    assert "You have a feed address" in page
    assert "You have no feed address." not in page


def test_nobody_revokes_anyone_elses_feed(world, as_user):
    as_user(world.coordinator).post(PAGE)
    theirs = FeedToken.objects.get(user=world.coordinator)
    client = as_user(world.viewer)
    assert client.post(reverse("calendars:revoke", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_the_page_needs_a_signed_in_user_and_csrf(world):
    anonymous = Client(enforce_csrf_checks=True)
    assert anonymous.get(PAGE).status_code == 302
    assert anonymous.post(PAGE).status_code == 403
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.viewer)
    assert client.post(PAGE).status_code == 403
    assert not FeedToken.objects.exists()


def test_revoking_is_post_only(world, as_user):
    client = as_user(world.viewer)
    client.post(PAGE)
    record = FeedToken.objects.get(user=world.viewer)
    assert client.get(reverse("calendars:revoke", args=[record.pk])).status_code == 405
    record.refresh_from_db()
    assert record.revoked_at is None


@pytest.mark.parametrize(("language", "secret"), [("en", "Secret ("), ("sv", "Sekretess (")])
def test_the_feed_is_in_the_language_the_address_was_made_in(world, as_user, language, secret):
    from .helpers import WINTER_NOON, at, scene, unfolded

    scene(world)
    client = as_user(world.viewer)
    url = _new_url(client.post(PAGE, HTTP_ACCEPT_LANGUAGE=language))
    assert FeedToken.objects.get(user=world.viewer).language == language
    # Fetched by a calendar program asking for the other language: still the one it was made in.
    other = "sv" if language == "en" else "en"
    with at(WINTER_NOON):
        body = Client().get(url.removeprefix("http://testserver"), HTTP_ACCEPT_LANGUAGE=other)
    assert secret in unfolded(body)
