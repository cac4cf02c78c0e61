"""The activities' search on PostgreSQL reads a stored vector of each activity's text (migration
0005) and the reader's own text only for activities with a marked field (lib/text_search.py):
these tests pin that the answers are those of searching what the reader may see, row by row.
On SQLite (no stored vector, no negation) they pin the word-by-word fallback's answers."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from samverkan.activities.models import ActivityParty
from samverkan.agreements.tests.factories import ActivityFactory, mark

from .test_activity_pages import PROVISION, build_third

POSTGRESQL = connection.vendor == "postgresql"


@pytest.fixture
def partly_secret(world):
    """An activity whose description alone is marked secret by KTH, and an open one."""
    secret = ActivityFactory(
        partnership=world.mou,
        title="Mätning av luftkvalitet vid skolor",
        description="Sensorerna från leverantören Quintessa placeras hemligt.",
        starts="2024-03",
    )
    ActivityParty.objects.create(activity=secret, party=world.party_kth)  # KTH is entitled
    mark(activity=secret, target="description", authority=world.kth, provision=PROVISION)
    open_one = ActivityFactory(
        partnership=world.mou,
        title="Luftkvalitet i tunnelbanan",
        description="Öppen mätning med Quintessa-sensorer i tunnelbanan.",
        starts="2023-01",
    )
    return world, secret, open_one


def _found(client, world, q):
    response = client.get(reverse("activities:activity_list", args=[world.mou.pk]), {"q": q})
    assert response.status_code == 200
    return {a.pk for a in response.context["activities"]}


def test_a_marked_activity_is_found_by_what_the_reader_may_see_and_not_by_the_rest(
    partly_secret, as_user
):
    world, secret, open_one = partly_secret
    outsider = as_user(build_third(world))  # takes part, not entitled to KTH's secret
    assert _found(outsider, world, "luftkvalitet") == {secret.pk, open_one.pk}
    assert _found(outsider, world, "quintessa") == {open_one.pk}
    entitled = as_user(world.coordinator)  # KTH's coordinator
    assert _found(entitled, world, "quintessa") == {secret.pk, open_one.pk}


def test_excluding_a_secret_word_tells_nothing_of_the_secret(partly_secret, as_user):
    """ "luftkvalitet -quintessa": the reader who may not see the description must get the
    marked activity back (its visible text holds no "quintessa"), or the difference between
    the two searches would tell them what the secret says."""
    world, secret, open_one = partly_secret
    # On SQLite the fallback reads "-word" as a word that must occur.
    expected = {
        "outsider": {secret.pk} if POSTGRESQL else {open_one.pk},
        "entitled": set() if POSTGRESQL else {secret.pk, open_one.pk},
    }
    outsider = as_user(build_third(world))
    assert _found(outsider, world, "luftkvalitet -quintessa") == expected["outsider"]
    entitled = as_user(world.coordinator)  # as_user logs the one test client in anew
    assert _found(entitled, world, "luftkvalitet -quintessa") == expected["entitled"]


def test_the_stored_text_follows_every_edit(partly_secret, as_user):
    world, _secret, open_one = partly_secret
    client = as_user(build_third(world))
    open_one.title = "Bullerkartläggning i tunnelbanan"
    open_one.description = "Mätpunkter längs spåren."
    open_one.save()
    assert _found(client, world, "bullerkartläggning") == {open_one.pk}
    assert _found(client, world, "quintessa") == set()


def test_lifting_a_marking_makes_its_text_searchable(partly_secret, as_user):
    world, secret, open_one = partly_secret
    client = as_user(build_third(world))
    secret.markings.all().delete()
    assert _found(client, world, "quintessa") == {secret.pk, open_one.pk}


def test_the_stored_vector_is_the_text_the_search_reads(world):
    """On PostgreSQL the generated column holds both configurations' vectors of title,
    description and outcomes; SQLite has no such column (the migration leaves it out)."""
    activity = ActivityFactory(
        partnership=world.mou, title="Avtalen", description="Agreements", outcomes="Städer"
    )
    with connection.cursor() as cursor:
        columns = {
            c.name
            for c in connection.introspection.get_table_description(cursor, "activities_activity")
        }
        if not POSTGRESQL:
            assert "search_document" not in columns
            return
        cursor.execute(
            "SELECT search_document @@ websearch_to_tsquery('swedish', 'avtal'),"
            " search_document @@ websearch_to_tsquery('english', 'agreement'),"
            " search_document @@ websearch_to_tsquery('swedish', 'städer')"
            " FROM activities_activity WHERE id = %s",
            [activity.pk],
        )
        assert cursor.fetchone() == (True, True, True)
