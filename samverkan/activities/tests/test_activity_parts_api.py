"""The API for what the activity pages do beyond recording (activity_parts_api.py): secrecy
markings, a party's benefit and EU role, and which kinds need an agreement. The same forms,
services, permissions and lost-update checks as the pages."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from samverkan.activities.models import ActivityKind, ActivityKindSetting, ActivityParty
from samverkan.agreements.models import SecrecyMarking
from samverkan.agreements.tests.factories import ActivityFactory, mark

from .test_activity_pages import PROVISION, SECRETS, assert_no_secret, build_secret

pytestmark = pytest.mark.django_db

PERSONAS = [
    "outsider",
    "viewer",
    "steering",
    "contributor",
    "coordinator",
    "coordinator_stad",
    "leadership_stad",
    "registrar",
]


def _url(world, activity, *parts):
    tail = "".join(f"{part}/" for part in parts)
    return f"/api/v1/partnerships/{world.mou.pk}/activities/{activity.pk}/{tail}"


def _kinds_url(world):
    return f"/api/v1/partnerships/{world.mou.pk}/activity-kinds/"


@pytest.fixture
def activity(world):
    """A degree project of KTH alone, nothing marked."""
    made = ActivityFactory(partnership=world.mou, title="Examensarbete om trafik")
    ActivityParty.objects.create(activity=made, party=world.party_kth)
    return made


@pytest.fixture
def eu_project(world):
    made = ActivityFactory(
        partnership=world.mou, kind=ActivityKind.EU_PROJECT, title="Horisontprojekt"
    )
    ActivityParty.objects.create(activity=made, party=world.party_kth)
    return made


def _marking(world, **changes):
    return {
        "target": "title",
        "provision": PROVISION,
        "marked_on": "2025-01-10",
        "authority": world.kth.pk,
        **changes,
    }


# Secrecy markings


def test_a_coordinator_of_a_party_marks_part_of_the_activity_and_lifts_it(world, api, activity):
    client = api(world.coordinator)
    created = client.post(_url(world, activity, "markings"), _marking(world), format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["target"], body["provision"], body["marked_on"]) == (
        "title",
        PROVISION,
        "2025-01-10",
    )
    assert (body["authority"], body["authority_name"], body["version"]) == (
        world.kth.pk,
        world.kth.name,
        1,
    )
    marking = SecrecyMarking.objects.get(activity=activity)
    assert marking.marked_by == world.coordinator
    listed = api(world.viewer).get(_url(world, activity, "markings"))
    assert listed.status_code == 200
    assert listed.json() == [body]
    # The title is masked for a viewer now.
    read = api(world.viewer).get(_url(world, activity))
    assert read.json()["title"] == f"Secret ({PROVISION})"
    lifted = client.delete(_url(world, activity, "markings", marking.pk) + "?version=1")
    assert lifted.status_code == 204
    assert not SecrecyMarking.objects.exists()
    assert SecrecyMarking.history.filter(history_type="-", history_user=world.coordinator).exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_mark_and_lift(world, api, activity, persona):
    """Registrars and coordinators of a party taking part (KTH alone here): the KTH coordinator;
    Stad's coordinator and registrar are not of a party taking part."""
    client = api(getattr(world, persona))
    made = client.post(_url(world, activity, "markings"), _marking(world), format="json")
    existing = mark(activity=activity, target="outcomes", authority=world.kth)
    lifted = client.delete(_url(world, activity, "markings", existing.pk) + "?version=1")
    listed = client.get(_url(world, activity, "markings"))
    if persona == "outsider":
        assert (made.status_code, lifted.status_code, listed.status_code) == (404, 404, 404)
    elif persona == "coordinator":
        assert (made.status_code, lifted.status_code, listed.status_code) == (201, 204, 200)
        return
    else:
        assert (made.status_code, lifted.status_code, listed.status_code) == (403, 403, 200)
    assert list(SecrecyMarking.objects.values_list("target", flat=True)) == ["outcomes"]


def test_a_registrar_of_a_party_taking_part_marks(world, api, activity):
    ActivityParty.objects.create(activity=activity, party=world.party_stad)
    response = api(world.registrar).post(
        _url(world, activity, "markings"), _marking(world, authority=world.stad.pk), format="json"
    )
    assert response.status_code == 201, response.json()


def test_only_one_entitled_to_what_it_hides_lifts_a_marking(world, api):
    """The site administrator may mark but, not entitled to the secret, may not lift it."""
    secret = build_secret(world)
    marking = secret.markings.get(target="title")
    url = _url(world, secret, "markings", marking.pk) + "?version=1"
    refused = api(world.admin).delete(url)
    assert refused.status_code == 403
    assert_no_secret(refused.content)
    assert secret.markings.filter(pk=marking.pk).exists()
    assert api(world.coordinator).delete(url).status_code == 204
    assert not secret.markings.filter(pk=marking.pk).exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"target": "picnic"}, "target", None),
        ({"target": "document"}, "target", None),  # an agreement's target, not an activity's
        ({"provision": ""}, "provision", "may not be blank"),
        ({"provision": "   "}, "provision", "This field is required."),
        ({"marked_on": "2999-01-01"}, "marked_on", "cannot be dated in the future"),
        ({"marked_on": "10 januari"}, "marked_on", None),
        ({"authority": 999999}, "authority", None),
        ({"authority": "stad"}, "authority", None),
        ({"target": "description", "already": True}, "target", "already marked secret"),
    ],
)
def test_a_bad_marking_is_refused_on_its_field_and_nothing_saved(
    world, api, activity, changes, field, message
):
    if changes.pop("already", False):
        mark(activity=activity, target="description", authority=world.kth)
    if changes.get("authority") == "stad":
        changes["authority"] = world.stad.pk  # not a party taking part: not the user's to mark
    before = set(SecrecyMarking.objects.values_list("pk", flat=True))
    response = api(world.coordinator).post(
        _url(world, activity, "markings"), _marking(world, **changes), format="json"
    )
    assert response.status_code == 400, response.json()
    assert field in response.json()
    if message:
        assert message in response.json()[field][0]
    assert set(SecrecyMarking.objects.values_list("pk", flat=True)) == before


def test_a_marking_dated_today_is_accepted(world, api, activity):
    today = timezone.localdate().isoformat()
    response = api(world.coordinator).post(
        _url(world, activity, "markings"), _marking(world, marked_on=today), format="json"
    )
    assert response.status_code == 201


def test_lifting_a_marking_needs_its_current_version(world, api, activity):
    marking = mark(activity=activity, target="title", authority=world.kth)
    client = api(world.coordinator)
    base = _url(world, activity, "markings", marking.pk)
    missing = client.delete(base)
    assert missing.status_code == 400
    assert "version" in missing.json()
    stale = client.delete(base + "?version=2")
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 1
    assert SecrecyMarking.objects.filter(pk=marking.pk).exists()


def test_a_marking_of_another_activity_is_404(world, api, activity):
    other = ActivityFactory(partnership=world.mou)
    ActivityParty.objects.create(activity=other, party=world.party_kth)
    marking = mark(activity=other, target="title", authority=world.kth)
    response = api(world.coordinator).delete(
        _url(world, activity, "markings", marking.pk) + "?version=1"
    )
    assert response.status_code == 404
    assert SecrecyMarking.objects.filter(pk=marking.pk).exists()


def test_an_unknown_activity_is_404(world, api, activity):
    response = api(world.coordinator).post(
        f"/api/v1/partnerships/{world.mou.pk}/activities/999999/markings/",
        _marking(world),
        format="json",
    )
    assert response.status_code == 404


# A party's benefit and EU role


def _party_url(world, activity, activity_party=None):
    activity_party = activity_party or activity.activity_parties.get()
    return _url(world, activity, "parties", activity_party.pk)


def test_a_contributor_records_a_partys_benefit(world, api, activity):
    response = api(world.contributor).patch(
        _party_url(world, activity), {"benefit": "Rekrytering", "version": 1}, format="json"
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["benefit"], body["version"], body["organisation"]) == (
        "Rekrytering",
        2,
        world.kth.pk,
    )
    party = activity.activity_parties.get()
    assert party.benefit == "Rekrytering"
    assert party.history.first().history_user == world.contributor


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_change_a_partys_part(world, api, activity, persona):
    response = api(getattr(world, persona)).patch(
        _party_url(world, activity), {"benefit": "Ny nytta", "version": 1}, format="json"
    )
    if persona == "outsider":
        expected = 404
    elif persona in {"contributor", "coordinator", "coordinator_stad"}:
        expected = 200
    else:
        expected = 403
    assert response.status_code == expected
    saved = activity.activity_parties.get().benefit
    assert saved == ("Ny nytta" if expected == 200 else "")


def test_a_user_not_entitled_to_a_secret_activity_may_not_change_a_party(world, api):
    """Stad's coordinator records activities but is not entitled to KTH's secret one: the masked
    benefit would overwrite the secret."""
    secret = build_secret(world)
    activity_party = secret.activity_parties.get()
    response = api(world.coordinator_stad).patch(
        _party_url(world, secret, activity_party), {"benefit": "x", "version": 1}, format="json"
    )
    assert response.status_code == 403
    assert_no_secret(response.content)
    activity_party.refresh_from_db()
    assert activity_party.benefit == SECRETS["benefit"]
    entitled = api(world.coordinator).patch(
        _party_url(world, secret, activity_party),
        {"benefit": "Zeta 2", "version": 1},
        format="json",
    )
    assert entitled.status_code == 200
    assert entitled.json()["benefit"] == "Zeta 2"


def test_a_stale_version_is_409_and_nothing_saved(world, api, activity):
    url = _party_url(world, activity)
    client = api(world.coordinator)
    assert client.patch(url, {"benefit": "Först", "version": 1}, format="json").status_code == 200
    stale = client.patch(url, {"benefit": "Sedan", "version": 1}, format="json")
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    assert stale.json()["changes"][0]["after"] == "Först"
    assert activity.activity_parties.get().benefit == "Först"


@pytest.mark.parametrize(
    "body",
    [
        {"benefit": "x"},  # no version
        {"benefit": "x", "version": "one"},
        {"benefit": "x", "version": 0},
        {"benefit": ["x"], "version": 1},
    ],
)
def test_a_party_change_without_a_good_version_or_shape_is_400(world, api, activity, body):
    response = api(world.coordinator).patch(_party_url(world, activity), body, format="json")
    assert response.status_code == 400
    assert activity.activity_parties.get().benefit == ""


def test_an_eu_role_only_for_eu_projects(world, api, activity, eu_project):
    refused = api(world.coordinator).patch(
        _party_url(world, activity), {"eu_role": "coordinator", "version": 1}, format="json"
    )
    assert refused.status_code == 400
    assert "EU projects only" in refused.json()["eu_role"][0]
    assert activity.activity_parties.get().eu_role == ""
    url = _party_url(world, eu_project)
    client = api(world.coordinator)
    unknown = client.patch(url, {"eu_role": "boss", "version": 1}, format="json")
    assert unknown.status_code == 400
    assert "eu_role" in unknown.json()
    set_role = client.patch(url, {"eu_role": "coordinator", "version": 1}, format="json")
    assert set_role.status_code == 200, set_role.json()
    assert set_role.json()["eu_role"] == "coordinator"
    cleared = client.patch(url, {"eu_role": "", "version": 2}, format="json")
    assert cleared.status_code == 200, cleared.json()
    assert eu_project.activity_parties.get().eu_role == ""


def test_a_party_of_another_activity_is_404(world, api, activity, eu_project):
    response = api(world.coordinator).patch(
        _party_url(world, activity, eu_project.activity_parties.get()),
        {"benefit": "x", "version": 1},
        format="json",
    )
    assert response.status_code == 404
    assert eu_project.activity_parties.get().benefit == ""


# Which kinds need an agreement


def _all_kinds(**changes):
    needing = {kind.value: True for kind in ActivityKind}
    needing.update(guest_lecture=False, student_recruitment=False)
    return {**needing, **changes}


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_in_the_partnership_reads_the_kinds_and_coordinators_change_them(
    world, api, persona
):
    client = api(getattr(world, persona))
    read = client.get(_kinds_url(world))
    if persona == "outsider":
        assert read.status_code == 404
        return
    assert read.status_code == 200
    body = read.json()
    assert body["guest_lecture"] is False and body["internship"] is True
    assert body["opened_at"] == ""
    changed = client.put(
        _kinds_url(world), {**_all_kinds(guest_lecture=True), "opened_at": ""}, format="json"
    )
    if persona in {"coordinator", "coordinator_stad"}:
        assert changed.status_code == 200, changed.json()
        assert changed.json()["guest_lecture"] is True
        assert changed.json()["opened_at"] == "guest_lecture:1"
        assert ActivityKindSetting.objects.get().needs_agreement is True
    else:
        assert changed.status_code == 403
        assert not ActivityKindSetting.objects.exists()


def test_a_kind_no_longer_needing_an_agreement(world, api):
    client = api(world.coordinator)
    response = client.put(
        _kinds_url(world), {**_all_kinds(internship=False), "opened_at": ""}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["internship"] is False
    assert client.get(_kinds_url(world)).json()["internship"] is False


def test_two_coordinators_cannot_overwrite_each_others_kinds(world, api):
    first, second = api(world.coordinator), api(world.coordinator_stad)
    opened_at = first.get(_kinds_url(world)).json()["opened_at"]
    assert second.get(_kinds_url(world)).json()["opened_at"] == opened_at
    saved = second.put(
        _kinds_url(world), {**_all_kinds(internship=False), "opened_at": opened_at}, format="json"
    )
    assert saved.status_code == 200
    stale = first.put(
        _kinds_url(world), {**_all_kinds(guest_lecture=True), "opened_at": opened_at}, format="json"
    )
    assert stale.status_code == 409
    assert "Someone else changed these settings" in stale.json()["detail"]
    now = first.get(_kinds_url(world)).json()
    assert (now["internship"], now["guest_lecture"]) == (False, False)
    # Read anew, the change goes through.
    again = first.put(
        _kinds_url(world),
        {**_all_kinds(guest_lecture=True, internship=False), "opened_at": now["opened_at"]},
        format="json",
    )
    assert again.status_code == 200
    assert again.json()["guest_lecture"] is True


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({k: v for k, v in _all_kinds().items() if k != "internship"}, "internship"),
        ({**_all_kinds(internship="perhaps")}, "internship"),
        (_all_kinds(), "opened_at"),
        ({**_all_kinds(), "opened_at": None}, "opened_at"),
    ],
)
def test_bad_kind_settings_are_refused_and_nothing_saved(world, api, body, field):
    response = api(world.coordinator).put(
        _kinds_url(world),
        {"opened_at": "", **body} if field != "opened_at" else body,
        format="json",
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not ActivityKindSetting.objects.exists()


def test_a_json_that_is_not_an_object_is_400(world, api, activity):
    client = api(world.coordinator)
    assert client.put(_kinds_url(world), [1], format="json").status_code == 400
    assert client.post(_url(world, activity, "markings"), [1], format="json").status_code == 400
    assert not ActivityKindSetting.objects.exists()
    assert not SecrecyMarking.objects.exists()


def test_the_marked_on_date_is_kept_as_sent(world, api, activity):
    api(world.coordinator).post(
        _url(world, activity, "markings"), _marking(world, marked_on="2024-12-31"), format="json"
    )
    assert SecrecyMarking.objects.get().marked_on == datetime.date(2024, 12, 31)
