"""The history of an activity (activity_history.py), on its page and in the API: who changed
what in the activity and the records under it, newest first; what is marked secret masked in
every version for a reader not entitled to the activity."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.activities.models import Activity, ActivityParticipant, ActivityParty
from samverkan.agreements.models import Regulation
from samverkan.agreements.tests.factories import ActivityFactory, agreement_between, mark
from samverkan.organisations.tests.factories import (
    OrganisationFactory,
    PersonFactory,
    UnitFactory,
)
from samverkan.partnerships.tests.factories import PartnershipFactory, PartyFactory

from .test_activity_pages import PROVISION, SECRETS, assert_no_secret, build_secret, build_third

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
MASK = f"Secret ({PROVISION})"
# What the secret activity held before: older versions hold secrets too.
OLDER = {
    "title": "Zetaforstudie om kvantdatorer",
    "description": "Zetas forsta beskrivning",
    "benefit": "Zetas tidigare nytta",
    "role": "Zetas forsta roll",
}


def _page(world, activity_pk):
    return reverse("activities:activity_history", args=[world.mou.pk, activity_pk])


def _api(world, activity_pk):
    return f"/api/v1/partnerships/{world.mou.pk}/activities/{activity_pk}/history/"


@pytest.fixture
def activity(world):
    made = ActivityFactory(partnership=world.mou, title="Examensarbete om trafik")
    ActivityParty.objects.create(activity=made, party=world.party_kth)
    return made


@pytest.fixture
def secret_with_past(world):
    """The secret activity (title, description, outcomes and people marked by KTH), whose
    title, description, KTH's benefit and the person's role held other secrets before."""
    secret = build_secret(world)
    activity = Activity.objects.get(pk=secret.pk)
    now = {"title": activity.title, "description": activity.description}
    activity.title, activity.description = OLDER["title"], OLDER["description"]
    activity.save()
    activity.title, activity.description = now["title"], now["description"]
    activity.save()
    party = ActivityParty.objects.get(activity=activity)
    party.benefit = OLDER["benefit"]
    party.save()
    party.benefit = SECRETS["benefit"]
    party.save()
    participant = ActivityParticipant.objects.get(activity=activity)
    participant.role = OLDER["role"]
    participant.save()
    participant.role = SECRETS["role"]
    participant.save()
    return activity


def _no_secret_ever(content: bytes) -> None:
    assert_no_secret(content)
    text = content.decode()
    for name, older in OLDER.items():
        assert older not in text, name


# Who may read it


@pytest.mark.parametrize(
    "persona",
    ["outsider", "viewer", "steering", "contributor", "coordinator", "registrar", "admin"],
)
def test_everyone_in_the_partnership_reads_the_history(world, as_user, api, activity, persona):
    user = getattr(world, persona)
    page = as_user(user).get(_page(world, activity.pk))
    answer = api(user).get(_api(world, activity.pk))
    expected = 404 if persona == "outsider" else 200
    assert (page.status_code, answer.status_code) == (expected, expected)
    if expected == 200:
        assert "Examensarbete om trafik" in page.content.decode()
        assert answer.json()[-1]["record_label"] == "Examensarbete om trafik"


def test_an_activity_of_another_partnership_or_none_is_404(world, as_user, api, activity):
    other = PartnershipFactory()
    client = as_user(world.coordinator)
    assert (
        client.get(reverse("activities:activity_history", args=[other.pk, activity.pk])).status_code
        == 404
    )
    assert client.get(_page(world, 999999)).status_code == 404
    assert api(world.coordinator).get(_api(world, 999999)).status_code == 404


def test_the_history_shows_each_record_under_the_activity_newest_first(
    world, as_user, api, activity
):
    unit = UnitFactory(organisation=world.kth, name="Institutionen för byggvetenskap")
    ActivityParticipant.objects.create(
        activity=activity, party=world.party_kth, unit=unit, role="värd"
    )
    party = activity.activity_parties.get()
    party.benefit = "Rekrytering av ingenjörer"
    party.save()
    mark(activity=activity, target="description", authority=world.kth, provision="OSL 19 kap. 3 §")
    agreement, _signatories = agreement_between(
        world.mou, [world.party_kth], title="Avtal om examensarbete", document=False
    )
    Regulation.objects.create(agreement=agreement, activity=activity)
    other = ActivityFactory(partnership=world.mou, title="Annan aktivitet")
    ActivityParty.objects.create(activity=other, party=world.party_stad, benefit="Annan nytta")
    body = api(world.viewer).get(_api(world, activity.pk)).json()
    types = [entry["record_type"] for entry in body]
    assert types == [
        "regulated activity",
        "secrecy marking",
        "party taking part",
        "unit or person taking part",
        "party taking part",
        "activity",
    ]
    whens = [entry["when"] for entry in body]
    assert whens == sorted(whens, reverse=True)
    changed = body[2]
    assert changed["kind"] == "~"
    assert changed["changes"] == [
        {"field": "benefit for the party", "before": "—", "after": "Rekrytering av ingenjörer"}
    ]
    assert changed["record_label"] == "Kungliga Tekniska högskolan"
    regulation = {c["field"]: c["after"] for c in body[0]["changes"]}
    assert regulation["agreement"] == "Avtal om examensarbete"
    assert "OSL 19 kap. 3 §" in str(body[1]["changes"])
    assert "Annan nytta" not in str(body)
    page = as_user(world.viewer).get(_page(world, activity.pk), **EN).content.decode()
    assert "Institutionen för byggvetenskap" in page
    assert "Rekrytering av ingenjörer" in page
    assert page.index("Regulated activity") < page.index("Activity «Examensarbete om trafik»")


def test_a_removal_is_kept_with_who_removed_it(world, api, activity):
    marking = mark(activity=activity, target="title", authority=world.kth)
    assert (
        api(world.coordinator)
        .delete(
            f"/api/v1/partnerships/{world.mou.pk}/activities/{activity.pk}/markings/"
            f"{marking.pk}/?version=1"
        )
        .status_code
        == 204
    )
    latest = api(world.viewer).get(_api(world, activity.pk)).json()[0]
    assert (latest["record_type"], latest["kind"]) == ("secrecy marking", "-")
    assert latest["who"] == str(world.coordinator)


# Confidentiality: from the outside, nothing marked, in no version


@pytest.mark.parametrize("reader", ["third", "coordinator_stad", "viewer", "admin"])
def test_a_reader_not_entitled_never_sees_a_secret_in_any_version(
    world, as_user, api, secret_with_past, reader
):
    user = build_third(world) if reader == "third" else getattr(world, reader)
    page = as_user(user).get(_page(world, secret_with_past.pk), **EN)
    assert page.status_code == 200
    _no_secret_ever(page.content)
    assert MASK in page.content.decode()
    answer = api(user).get(_api(world, secret_with_past.pk))
    assert answer.status_code == 200
    _no_secret_ever(answer.content)
    body = answer.json()
    first = body[-1]
    assert first["record_type"] == "activity" and first["record_label"] == MASK
    created = {c["field"]: c["after"] for c in first["changes"]}
    assert (created["title"], created["description"], created["outcomes"]) == (MASK, MASK, MASK)
    people = [e for e in body if e["record_type"] == "unit or person taking part"]
    assert people and all(e["record_label"] == MASK for e in people)
    created_person = {c["field"]: c["after"] for c in people[-1]["changes"]}
    assert (created_person["person"], created_person["role"]) == (MASK, MASK)


def test_the_entitled_see_every_version(world, as_user, api, secret_with_past):
    """The KTH coordinator holds a confidential role for a party of the activity."""
    text = api(world.coordinator).get(_api(world, secret_with_past.pk)).content.decode()
    for secret in (*SECRETS.values(), *OLDER.values()):
        assert secret in text
    page = as_user(world.coordinator).get(_page(world, secret_with_past.pk)).content.decode()
    assert OLDER["title"] in page and SECRETS["person"] in page


def test_a_marked_agreement_regulating_it_is_named_by_its_mask(world, api, activity):
    agreement, _signatories = agreement_between(
        world.mou, [world.party_kth], title="Zetaavtal om kvantdatorer", document=False
    )
    mark(agreement=agreement, target="title", authority=world.kth, provision=PROVISION)
    Regulation.objects.create(agreement=agreement, activity=activity)
    third = build_third(world)
    answer = api(third).get(_api(world, activity.pk))
    assert "Zetaavtal" not in answer.content.decode()
    assert MASK in answer.content.decode()
    assert (
        "Zetaavtal om kvantdatorer"
        in api(world.coordinator).get(_api(world, activity.pk)).content.decode()
    )


def test_the_people_marked_hide_no_unit(world, api):
    """Only the person and the role are masked, not the unit taking part."""
    secret = build_secret(world)
    unit = UnitFactory(organisation=world.kth, name="Avdelningen för kvantfysik")
    ActivityParticipant.objects.create(
        activity=secret, party=world.party_kth, unit=unit, role=SECRETS["role"]
    )
    text = api(world.coordinator_stad).get(_api(world, secret.pk)).content.decode()
    assert "Avdelningen för kvantfysik" in text
    assert_no_secret(text.encode())


# A fixed number of queries, however many changes


def _grow(world, activity, n):
    for i in range(n):
        organisation = OrganisationFactory(name=f"Organisation {activity.pk}-{i}")
        party = PartyFactory(partnership=world.mou, organisation=organisation)
        ActivityParty.objects.create(activity=activity, party=party, benefit=f"Nytta {i}")
        ActivityParticipant.objects.create(
            activity=activity,
            party=party,
            unit=UnitFactory(organisation=organisation),
            person=PersonFactory(organisation=organisation),
            role=f"Roll {i}",
        )
        activity.refresh_from_db()
        activity.outcomes = f"Resultat {i}"
        activity._history_user = world.coordinator
        activity.save()
        agreement, _signatories = agreement_between(
            world.mou, [party], title=f"Avtal {activity.pk}-{i}", document=False
        )
        Regulation.objects.create(agreement=agreement, activity=activity)


def _count(call) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = call()
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("reader", ["coordinator", "coordinator_stad"])
def test_the_history_runs_a_fixed_number_of_queries(
    world, as_user, api, django_assert_max_num_queries, reader
):
    user = getattr(world, reader)
    secret = build_secret(world)
    ActivityParty.objects.create(activity=secret, party=world.party_stad)
    client, api_client = as_user(user), api(user)
    page = _page(world, secret.pk)
    _grow(world, secret, 1)
    api_client.get(_api(world, secret.pk))  # the token's first use is noted once
    few_page = _count(lambda: client.get(page))
    few_api = _count(lambda: api_client.get(_api(world, secret.pk)))
    _grow(world, secret, 10)
    assert _count(lambda: client.get(page)) == few_page
    assert _count(lambda: api_client.get(_api(world, secret.pk))) == few_api
    with django_assert_max_num_queries(25):
        client.get(page)
