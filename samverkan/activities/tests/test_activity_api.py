"""Activities through the API: the same forms, rules, permissions and masks as the pages."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samverkan.activities.models import (
    Activity,
    ActivityKind,
    ActivityKindSetting,
    ActivityParticipant,
    ActivityParty,
)
from samverkan.agreements.models import Regulation
from samverkan.agreements.tests.factories import ActivityFactory, agreement_between, mark
from samverkan.areas.models import CollaborationArea
from samverkan.lib.partial_dates import PartialDate
from samverkan.organisations.tests.factories import PersonFactory, UnitFactory

from .test_activity_pages import (
    PROVISION,
    SECRETS,
    assert_no_secret,
    build_secret,
    build_third,
    put_in_force,
)

pytestmark = pytest.mark.django_db

MASK = f"Secret ({PROVISION})"


def _url(world, *parts):
    tail = "".join(f"{part}/" for part in parts)
    return f"/api/v1/partnerships/{world.mou.pk}/activities/{tail}"


@pytest.fixture
def area(world):
    return CollaborationArea.objects.create(
        partnership=world.mou, name="Kompetensförsörjning", identified_on=PartialDate(2014, 5)
    )


@pytest.fixture
def lecture(world):
    made = ActivityFactory(
        partnership=world.mou, kind=ActivityKind.GUEST_LECTURE, title="Gästföreläsning"
    )
    ActivityParty.objects.create(activity=made, party=world.party_kth)
    return made


def _body(world, area, **changes):
    return {
        "kind": "contract_education",
        "title": "Uppdragsutbildning i AI för stadens chefer",
        "description": "Tre dagar vid KTH.",
        "area": area.pk,
        "starts": "2025-10",
        "ends": "2025-12-15",
        "participants": 30,
        "hours": "24.5",
        "funding_amount": "180000",
        "funding_currency": "SEK",
        "outcomes": "",
        "parties": [world.party_stad.pk, world.party_kth.pk],
        **changes,
    }


# Recording and reading


def test_a_contributor_records_an_activity(world, api, area):
    created = api(world.contributor).post(_url(world), _body(world, area), format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["title"] == "Uppdragsutbildning i AI för stadens chefer"
    assert (body["starts"], body["ends"], body["status"]) == ("2025-10", "2025-12-15", "planned")
    assert (body["funding_amount"], body["funding_currency"], body["hours"]) == (
        "180000.00",
        "SEK",
        "24.5",
    )
    assert sorted(p["organisation"] for p in body["parties"]) == sorted(
        [world.stad.pk, world.kth.pk]
    )
    assert body["entitled"] is True
    assert body["regulated_by"] == []
    assert body["start_problems"][0]["field"] == "status"
    assert "needs a specific agreement in force" in body["start_problems"][0]["message"]
    assert body["version"] == 1
    read = api(world.viewer).get(_url(world, body["id"]))
    assert read.status_code == 200
    assert read.json() == body


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"funding_currency": ""}, "funding_currency", "Funding needs a currency."),
        ({"kind": "guest_lecture", "funding_amount": None}, "participants", None),
        ({"kind": "internship", "funding_amount": None}, "participants", "does not apply"),
        ({"ends": "2025-09"}, "ends", "An activity cannot end before it starts."),
        ({"ends": "15 dec 2025"}, "ends", "Write a year (2014)"),
        ({"parties": []}, "parties", "Choose at least one party taking part."),
        ({"parties": [99999]}, "parties", None),
        ({"acronym": "AIX"}, "programme", "EU projects only"),
        ({"kind": "picnic"}, "kind", None),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_saved(
    world, api, area, changes, field, message
):
    response = api(world.coordinator).post(
        _url(world), _body(world, area, **changes), format="json"
    )
    if field == "participants" and message is None:
        # Guest lectures count participants: accepted.
        assert response.status_code == 201
        return
    assert response.status_code == 400, response.json()
    errors = response.json()
    assert field in errors, errors
    if message:
        assert message in " ".join(errors[field])
    assert not Activity.objects.for_user(world.coordinator).exists()
    assert not ActivityParty.objects.exists()


def test_the_list_is_paged_filtered_searched_and_ordered(world, api, area, lecture):
    for n in range(4):
        made = ActivityFactory(
            partnership=world.mou,
            kind=ActivityKind.INTERNSHIP,
            title=f"Praktik {n}",
            description="Praktik på trafikkontoret" if n == 2 else "",
            starts=f"202{n}",
            ends=f"202{n}",
            area=area,
        )
        ActivityParty.objects.create(activity=made, party=world.party_stad)
    client = api(world.viewer)
    first = client.get(_url(world), {"kind": "internship", "sort": "title", "page_size": 3})
    assert first.status_code == 200
    body = first.json()
    assert [a["title"] for a in body["results"]] == ["Praktik 0", "Praktik 1", "Praktik 2"]
    second = client.get(body["next"])
    assert [a["title"] for a in second.json()["results"]] == ["Praktik 3"]
    assert second.json()["next"] is None
    newest = client.get(_url(world), {"organisation": world.stad.pk}).json()["results"]
    assert [a["title"] for a in newest] == ["Praktik 3", "Praktik 2", "Praktik 1", "Praktik 0"]
    assert [
        a["title"] for a in client.get(_url(world), {"q": "trafikkontoret"}).json()["results"]
    ] == ["Praktik 2"]
    assert [a["title"] for a in client.get(_url(world), {"year": 2021}).json()["results"]] == [
        "Praktik 1"
    ]
    # What does not fit is ignored, as on the page.
    assert len(client.get(_url(world), {"year": "x", "status": "?"}).json()["results"]) == 5


# Changing


def test_an_update_needs_the_version_and_a_stale_one_is_refused(world, api, lecture):
    client = api(world.contributor)
    missing = client.patch(_url(world, lecture.pk), {"title": "Ny titel"}, format="json")
    assert missing.status_code == 400
    assert "version" in missing.json()
    changed = client.patch(
        _url(world, lecture.pk), {"title": "Ny titel", "version": 1}, format="json"
    )
    assert changed.status_code == 200, changed.json()
    assert (changed.json()["title"], changed.json()["version"]) == ("Ny titel", 2)
    stale = client.patch(_url(world, lecture.pk), {"title": "Äldre", "version": 1}, format="json")
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    lecture.refresh_from_db()
    assert lecture.title == "Ny titel"


def test_a_patch_is_checked_as_a_whole(world, api, lecture):
    # Students do not fit a guest lecture, whatever else the activity holds.
    response = api(world.coordinator).patch(
        _url(world, lecture.pk), {"students": 10, "version": 1}, format="json"
    )
    assert response.status_code == 400
    assert "students" in response.json()
    response = api(world.coordinator).patch(
        _url(world, lecture.pk), {"funding_amount": "1000", "version": 1}, format="json"
    )
    assert response.status_code == 400  # no funding for guest lectures
    lecture.refresh_from_db()
    assert lecture.students is None and lecture.version == 1


def test_a_put_replaces_the_activity(world, api, area, lecture):
    body = _body(world, area, kind="guest_lecture", funding_amount=None, funding_currency="")
    body.pop("parties")
    body["version"] = 1
    response = api(world.coordinator).put(_url(world, lecture.pk), body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["title"] == body["title"]
    assert response.json()["area"] == area.pk


@pytest.mark.parametrize("persona", ["viewer", "steering"])
def test_readers_change_nothing(world, api, area, lecture, persona):
    client = api(getattr(world, persona))
    unit = UnitFactory(organisation=world.kth)
    participant = ActivityParticipant.objects.create(
        activity=lecture, party=world.party_kth, unit=unit, role="värd"
    )
    requests = [
        ("post", _url(world), _body(world, area)),
        ("patch", _url(world, lecture.pk), {"title": "x", "version": 1}),
        ("put", _url(world, lecture.pk), {"title": "x", "version": 1}),
        ("post", _url(world, lecture.pk, "status"), {"status": "ongoing"}),
        ("post", _url(world, lecture.pk, "participants"), {"unit": unit.pk, "role": "x"}),
        ("delete", _url(world, lecture.pk, "participants", participant.pk) + "?version=1", None),
    ]
    for method, path, data in requests:
        response = getattr(client, method)(path, data, format="json")
        assert response.status_code == 403, (method, path)
    assert api(getattr(world, persona)).get(_url(world, lecture.pk)).status_code == 200
    lecture.refresh_from_db()
    assert (lecture.title, lecture.status) == ("Gästföreläsning", "planned")
    assert ActivityParticipant.objects.count() == 1


def test_the_outsider_finds_nothing(world, api, area, lecture):
    client = api(world.outsider)
    for method, path, data in [
        ("get", _url(world), None),
        ("get", _url(world, lecture.pk), None),
        ("post", _url(world), _body(world, area)),
        ("patch", _url(world, lecture.pk), {"title": "x", "version": 1}),
        ("post", _url(world, lecture.pk, "status"), {"status": "ongoing"}),
        ("post", _url(world, lecture.pk, "participants"), {"role": "x"}),
        ("delete", _url(world, lecture.pk, "participants", 1) + "?version=1", None),
    ]:
        assert getattr(client, method)(path, data, format="json").status_code == 404, path
    assert api(None).get(_url(world)).status_code in (401, 403)


# Status


def test_status_moves_along_the_table_with_the_rules_message(world, api, lecture):
    client = api(world.contributor)
    refused = client.post(_url(world, lecture.pk, "status"), {"status": "completed"}, format="json")
    assert refused.status_code == 400
    assert refused.json() == {"status": ["An activity that is planned cannot become completed."]}
    started = client.post(_url(world, lecture.pk, "status"), {"status": "ongoing"}, format="json")
    assert started.status_code == 200
    assert (started.json()["status"], started.json()["version"]) == ("ongoing", 2)
    assert (
        client.post(
            _url(world, lecture.pk, "status"), {"status": "bogus"}, format="json"
        ).status_code
        == 400
    )


def test_an_activity_needing_an_agreement_starts_once_one_is_in_force(world, api):
    project = ActivityFactory(partnership=world.mou, kind=ActivityKind.DEGREE_PROJECT)
    ActivityParty.objects.create(activity=project, party=world.party_kth)
    client = api(world.coordinator)
    refused = client.post(_url(world, project.pk, "status"), {"status": "ongoing"}, format="json")
    assert refused.status_code == 400
    assert "needs a specific agreement in force" in refused.json()["status"][0]
    project.refresh_from_db()
    assert project.status == "planned"
    agreement = put_in_force(world, project)
    body = client.get(_url(world, project.pk)).json()
    assert body["start_problems"] == []
    assert body["regulated_by"] == [str(agreement.uuid)]
    started = client.post(_url(world, project.pk, "status"), {"status": "ongoing"}, format="json")
    assert started.status_code == 200
    assert started.json()["status"] == "ongoing"


def test_the_list_and_the_detail_give_the_same_start_problems(world, api, lecture):
    draft_regulated = ActivityFactory(partnership=world.mou, kind=ActivityKind.INTERNSHIP)
    agreement, _ = agreement_between(world.mou, [world.party_kth], document=False)
    Regulation.objects.create(agreement=agreement, activity=draft_regulated)
    in_force = ActivityFactory(partnership=world.mou, kind=ActivityKind.DEGREE_PROJECT)
    put_in_force(world, in_force)
    ongoing = ActivityFactory(partnership=world.mou, kind=ActivityKind.EU_PROJECT)
    Activity.objects.filter(pk=ongoing.pk).update(status="ongoing")
    client = api(world.viewer, language="sv")
    listed = {a["id"]: a for a in client.get(_url(world)).json()["results"]}
    assert len(listed) == 4
    for pk, row in listed.items():
        detail = client.get(_url(world, pk)).json()
        assert row["start_problems"] == detail["start_problems"], pk
        assert row["regulated_by"] == detail["regulated_by"], pk
    assert listed[lecture.pk]["start_problems"] == []
    assert listed[draft_regulated.pk]["start_problems"][0]["field"] == "status"
    assert listed[in_force.pk]["start_problems"] == []
    assert listed[ongoing.pk]["start_problems"] == []


# Units and people


def test_units_and_people_are_added_and_removed(world, api, lecture):
    unit = UnitFactory(organisation=world.stad, name="Utbildningsförvaltningen")
    person = PersonFactory(organisation=world.stad, name="Lena Ström")
    client = api(world.coordinator_stad)
    added = client.post(
        _url(world, lecture.pk, "participants"),
        {"unit": unit.pk, "person": person.pk, "role": "Värd"},
        format="json",
    )
    assert added.status_code == 201, added.json()
    (row,) = added.json()["taking_part"]
    assert (row["unit_name"], row["person_name"], row["role"], row["organisation"]) == (
        "Utbildningsförvaltningen",
        "Lena Ström",
        "Värd",
        world.stad.pk,
    )
    assert world.stad.pk in [p["organisation"] for p in added.json()["parties"]]
    path = _url(world, lecture.pk, "participants", row["id"])
    assert client.delete(path).status_code == 400  # the version is required
    assert client.delete(path + "?version=7").status_code == 409
    assert client.delete(path + "?version=1").status_code == 204
    assert not ActivityParticipant.objects.exists()


def test_a_unit_of_no_party_is_refused(world, api, lecture):
    stranger = UnitFactory(organisation=world.elsewhere)
    response = api(world.coordinator).post(
        _url(world, lecture.pk, "participants"), {"unit": stranger.pk, "role": "x"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"unit": ["Choose a unit of one of the partnership's parties."]}
    mixed = api(world.coordinator).post(
        _url(world, lecture.pk, "participants"),
        {
            "unit": UnitFactory(organisation=world.kth).pk,
            "person": PersonFactory(organisation=world.kth).pk,
            "role": "x",
        },
        format="json",
    )
    assert mixed.status_code == 201
    other = api(world.coordinator).post(
        _url(world, lecture.pk, "participants"),
        {
            "unit": UnitFactory(organisation=world.stad).pk,
            "person": PersonFactory(organisation=world.kth).pk,
            "role": "x",
        },
        format="json",
    )
    assert other.status_code == 400
    assert other.json() == {"person": ["The person must belong to the unit's organisation."]}
    assert ActivityParticipant.objects.count() == 1


# Confidentiality from the outside


@pytest.mark.parametrize("persona", ["third", "coordinator_stad", "contributor", "admin"])
def test_what_is_marked_never_leaves_in_an_answer(world, api, persona):
    secret = build_secret(world)
    user = build_third(world) if persona == "third" else getattr(world, persona)
    client = api(user)
    detail = client.get(_url(world, secret.pk))
    assert detail.status_code == 200
    assert_no_secret(detail.content)
    body = detail.json()
    assert body["entitled"] is False
    assert (body["title"], body["description"], body["outcomes"]) == (MASK, MASK, MASK)
    assert body["parties"][0]["benefit"] == MASK
    (person,) = body["taking_part"]
    assert (person["person"], person["person_name"], person["role"]) == (None, MASK, MASK)
    assert {m["target"] for m in body["markings"]} == {"title", "description", "outcomes", "people"}
    listed = client.get(_url(world))
    assert_no_secret(listed.content)
    for field in ("title", "description", "outcomes"):
        word = SECRETS[field].split()[0]
        found = client.get(_url(world), {"q": word})
        assert found.json()["results"] == [], field


def test_the_entitled_coordinator_reads_and_finds_everything(world, api):
    secret = build_secret(world)
    client = api(world.coordinator)
    body = client.get(_url(world, secret.pk)).json()
    assert body["entitled"] is True
    assert body["title"] == SECRETS["title"]
    assert body["taking_part"][0]["person_name"] == SECRETS["person"]
    found = client.get(_url(world), {"q": SECRETS["description"].split()[0]}).json()
    assert [a["id"] for a in found["results"]] == [secret.pk]


def test_a_masked_activity_cannot_be_changed(world, api):
    secret = build_secret(world)
    participant = secret.participants_taking_part.get()
    client = api(world.contributor)
    response = client.patch(_url(world, secret.pk), {"kind": "other", "version": 1}, format="json")
    assert response.status_code == 403
    assert_no_secret(response.content)
    path = _url(world, secret.pk, "participants", participant.pk) + "?version=1"
    assert client.delete(path).status_code == 403
    assert Activity.objects.for_user(world.coordinator).get().title == SECRETS["title"]
    assert ActivityParticipant.objects.count() == 1


# Queries


def _grow(world, n):
    for i in range(n):
        activity = ActivityFactory(partnership=world.mou, title=f"Aktivitet {i}", starts="2023")
        ActivityParty.objects.create(activity=activity, party=world.party_kth)
        ActivityParticipant.objects.create(
            activity=activity,
            party=world.party_kth,
            person=PersonFactory(organisation=world.kth),
            role="handledare",
        )
        agreement, _ = agreement_between(world.mou, [world.party_kth], document=False)
        Regulation.objects.create(agreement=agreement, activity=activity)


def _count(client, path, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params or {})
    assert response.status_code == 200
    return len(queries)


def test_the_api_list_and_detail_run_a_fixed_number_of_queries(
    world, api, django_assert_max_num_queries
):
    secret = build_secret(world)
    client = api(build_third(world))
    _grow(world, 3)
    client.get(_url(world))  # the token's first use of the day is recorded once
    params = {"q": "aktivitet", "sort": "title"}
    few = (_count(client, _url(world)), _count(client, _url(world), params))
    detail = _count(client, _url(world, secret.pk))
    _grow(world, 27)
    assert (_count(client, _url(world)), _count(client, _url(world), params)) == few
    for n in range(10):
        ActivityParticipant.objects.create(
            activity=secret,
            party=world.party_kth,
            person=PersonFactory(organisation=world.kth),
            role=f"roll {n}",
        )
    assert _count(client, _url(world, secret.pk)) == detail
    with django_assert_max_num_queries(16):
        client.get(_url(world))


def _grow_everything(world, n):
    """n activities of every kind in turn, each with both parties, a person taking part and an
    agreement regulating it (every third one in force, every fourth of the partnership
    another), every other one marked secret; and settings of two kinds."""
    kinds = list(ActivityKind)
    ActivityKindSetting.objects.create(
        partnership=world.mou, kind=ActivityKind.GUEST_LECTURE, needs_agreement=True
    )
    ActivityKindSetting.objects.create(
        partnership=world.mou, kind=ActivityKind.DEGREE_PROJECT, needs_agreement=False
    )
    for i in range(n):
        activity = ActivityFactory(
            partnership=world.mou,
            kind=kinds[i % len(kinds)],
            title=f"{SECRETS['title']} {i}" if i % 2 else f"Aktivitet {i}",
            starts=f"20{10 + i}",
        )
        for party in (world.party_kth, world.party_stad):
            ActivityParty.objects.create(activity=activity, party=party, benefit="Nytta")
        ActivityParticipant.objects.create(
            activity=activity,
            party=world.party_kth,
            person=PersonFactory(organisation=world.kth),
            role="handledare",
        )
        if i % 2:
            for target in ("title", "people"):
                mark(activity=activity, target=target, authority=world.kth, provision=PROVISION)
        if i % 3 == 0:
            put_in_force(world, activity, title=f"Avtal {i}")
        else:
            agreement, _ = agreement_between(world.mou, [world.party_kth], document=False)
            Regulation.objects.create(agreement=agreement, activity=activity)


@pytest.mark.parametrize("reader", ["coordinator", "viewer", "third", "admin"])
def test_the_api_list_and_detail_run_at_most_8_queries(
    world, api, django_assert_max_num_queries, reader
):
    third = build_third(world)
    _grow_everything(world, 30)
    client = api(third if reader == "third" else getattr(world, reader))
    client.get(_url(world))  # the token's first use of the day is recorded once
    secret = Activity.objects.for_user(world.coordinator).filter(markings__isnull=False).first()
    for path, params in (
        (_url(world), {}),
        (_url(world), {"sort": "title"}),
        (_url(world), {"status": "planned", "page_size": 200}),
        (_url(world, secret.pk), {}),
    ):
        with django_assert_max_num_queries(8):
            response = client.get(path, params)
        assert response.status_code == 200
    rows = client.get(_url(world), {"page_size": 200}).json()["results"]
    assert len(rows) == 30
    assert all(row["regulated_by"] for row in rows)
    assert any(row["start_problems"] for row in rows)
    assert any(row["markings"] for row in rows)
    if reader == "coordinator":
        assert any(SECRETS["title"] in row["title"] for row in rows)
    else:
        assert_no_secret(response.content)
        assert not any(SECRETS["title"] in row["title"] for row in rows)


@pytest.mark.parametrize(
    "body",
    [
        [],
        "x",
        {"parties": "x"},
        {"students": "many"},
        {"hours": [1]},
        {"kind": None},
        {"area": 10**30},
        {"title": "x" * 5000},
        {"funding_amount": "1e400", "funding_currency": "SEK"},
        {"title": "nul\x00"},
        {"unit": "x", "person": [1], "status": {"a": 1}, "role": None},
    ],
)
def test_hostile_bodies_never_answer_500(world, api, area, lecture, body):
    client = api(world.coordinator)
    whole = {**_body(world, area), **body} if isinstance(body, dict) else body
    assert client.post(_url(world), whole, format="json").status_code < 500
    patch = {**body, "version": 1} if isinstance(body, dict) else body
    assert client.patch(_url(world, lecture.pk), patch, format="json").status_code < 500
    for path in ("status", "participants"):
        answer = client.post(_url(world, lecture.pk, path), body, format="json")
        assert answer.status_code == 400, path
