"""The leadership dialogue through the API: topics, participants, decisions and outcomes, with
the same rules and permissions as the pages."""

import datetime

import pytest

from samverkan.activities import services as exchange_services
from samverkan.activities.models import PersonnelExchange
from samverkan.areas.models import AreaAdjustment, CollaborationArea
from samverkan.followup.models import DialogueDecision, DialogueParticipant, LeadershipDialogue
from samverkan.lib.partial_dates import PartialDate
from samverkan.organisations.models import Person
from samverkan.organisations.tests.factories import PersonFactory
from samverkan.partnerships.models import Notice
from samverkan.partnerships.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(api):
    """The shared API client, sending JSON unless told otherwise."""

    def client_for(user, **kwargs):
        client = api(user, **kwargs)
        client.default_format = "json"
        return client

    return client_for


def _dialogue(partnership, held="2025-05-20", title="Ledningsdialog 2025"):
    return LeadershipDialogue.objects.create(
        partnership=partnership, held_on=PartialDate.parse(held), title=title
    )


def _area(partnership, name, identified="2014-05"):
    return CollaborationArea.objects.create(
        partnership=partnership, name=name, identified_on=PartialDate.parse(identified)
    )


def _url(dialogue, rest=""):
    return f"/api/v1/partnerships/{dialogue.partnership_id}/dialogues/{dialogue.pk}/{rest}"


def test_a_dialogue_is_recorded_with_its_topics_and_read_with_its_outcomes(world, api):
    client = api(world.steering)
    created = client.post(
        f"/api/v1/partnerships/{world.mou.pk}/dialogues/",
        {
            "held_on": "2025-05-20",
            "title": "Ledningsdialog 2025",
            "world_around": "Omvärld",
            "trends": "Trender",
            "future_challenges": "Utmaningar",
            "direction": "Inriktning",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert {k: body[k] for k in ("world_around", "trends", "future_challenges", "direction")} == {
        "world_around": "Omvärld",
        "trends": "Trender",
        "future_challenges": "Utmaningar",
        "direction": "Inriktning",
    }
    assert body["held_in_season"] is True
    assert (body["participants"], body["decisions"], body["areas_identified"]) == ([], [], [])
    dialogue = LeadershipDialogue.objects.get()
    nordin = PersonFactory(organisation=world.stad, name="Sten Nordin")
    old = _area(world.mou, "Kompetens")
    # Each party names its own people (decision 0005): the city's coordinator names Nordin.
    named = api(world.coordinator_stad).post(_url(dialogue, "participants/"), {"person": nordin.pk})
    assert named.status_code == 201, named.json()
    assert client.post(_url(dialogue, "decisions/"), {"text": "Beslut"}).status_code == 201
    identified = client.post(
        _url(dialogue, "outcomes/identify-area/"), {"name": "Klimat", "name_en": "Climate"}
    )
    assert identified.status_code == 201, identified.json()
    assert identified.json()["identified_on"] == "2025-05-20"
    assert identified.json()["identified_by"] == dialogue.pk
    adjusted = client.post(
        _url(dialogue, "outcomes/adjust-area/"), {"area": old.pk, "description": "Smalare"}
    )
    assert adjusted.status_code == 201, adjusted.json()
    retired = client.post(_url(dialogue, "outcomes/retire-area/"), {"area": old.pk})
    assert retired.status_code == 200, retired.json()
    assert (retired.json()["retired_on"], retired.json()["retired_by"]) == (
        "2025-05-20",
        dialogue.pk,
    )

    read = api(world.viewer).get(_url(dialogue)).json()
    assert read["participants"] == [
        {
            "person": nordin.pk,
            "name": "Sten Nordin",
            "party": world.party_stad.pk,
            "organisation": world.stad.pk,
        }
    ]
    assert [d["text"] for d in read["decisions"]] == ["Beslut"]
    assert [a["name"] for a in read["areas_identified"]] == ["Klimat"]
    assert [(a["area"], a["description"]) for a in read["areas_adjusted"]] == [(old.pk, "Smalare")]
    assert [a["name"] for a in read["areas_retired"]] == ["Kompetens"]


def test_a_dialogue_outside_the_validity_is_a_400_on_the_date(world, api):
    Notice.objects.create(
        partnership=world.mou,
        party=world.party_kth,
        given_on=datetime.date(2026, 1, 15),
        ends_on=datetime.date(2026, 4, 15),
    )
    client = api(world.coordinator)
    url = f"/api/v1/partnerships/{world.mou.pk}/dialogues/"
    for held in ("2014-04-30", "2026-04", "2026-04-16"):
        response = client.post(url, {"held_on": held, "title": "X"}, format="json")
        assert response.status_code == 400, held
        assert "must lie within the partnership's validity" in response.json()["held_on"][0]
    assert client.post(url, {"held_on": "2026-04-15", "title": "X"}).status_code == 201
    dialogue = LeadershipDialogue.objects.get()
    moved = client.patch(_url(dialogue), {"held_on": "2026-05", "version": 1}, format="json")
    assert moved.status_code == 400
    assert "2026-04-15" in moved.json()["held_on"][0]
    assert LeadershipDialogue.objects.get().held_on == PartialDate(2026, 4, 15)


def test_participants_are_listed_added_and_removed(world, api):
    dialogue = _dialogue(world.mou)
    client = api(world.coordinator)
    kth_person = PersonFactory(organisation=world.kth, name="Rektor")
    assert (
        client.post(_url(dialogue, "participants/"), {"person": kth_person.pk}).status_code == 201
    )
    listed = api(world.viewer).get(_url(dialogue, "participants/")).json()
    assert [(p["person"], p["party"]) for p in listed] == [(kth_person.pk, world.party_kth.pk)]
    again = client.post(_url(dialogue, "participants/"), {"person": kth_person.pk})
    assert again.status_code == 400
    assert again.json() == {"person": ["Rektor is already a participant."]}
    assert client.delete(_url(dialogue, f"participants/{kth_person.pk}/")).status_code == 204
    assert client.delete(_url(dialogue, f"participants/{kth_person.pk}/")).status_code == 404
    assert not DialogueParticipant.objects.exists()


def test_a_person_of_no_party_is_a_400_on_the_person(world, api):
    dialogue = _dialogue(world.mou)
    olle = Person.objects.get(name="Olle Utanför")
    response = api(world.admin).post(_url(dialogue, "participants/"), {"person": olle.pk})
    assert response.status_code == 400
    assert "which is not a party of this partnership" in response.json()["person"][0]
    unknown = api(world.admin).post(_url(dialogue, "participants/"), {"person": 999_999})
    assert unknown.status_code == 400
    assert list(unknown.json()) == ["person"]
    assert not DialogueParticipant.objects.exists()


@pytest.mark.parametrize("language", ["en", "sv"])
def test_retiring_an_area_already_retired_or_unknown_is_a_400_on_the_area(world, api, language):
    first = _dialogue(world.mou, "2018-04-10", "Ledningsdialog 2018")
    later = _dialogue(world.mou)
    area = _area(world.mou, "Personutbyten")
    client = api(world.steering, language=language)
    assert client.post(_url(first, "outcomes/retire-area/"), {"area": area.pk}).status_code == 200
    again = client.post(_url(later, "outcomes/retire-area/"), {"area": area.pk})
    assert again.status_code == 400
    assert list(again.json()) == ["area"]
    assert "Personutbyten" in again.json()["area"][0]
    assert "2018-04-10" in again.json()["area"][0]
    elsewhere = _area(PartnershipFactory(), "Annat")
    for area_id in (elsewhere.pk, 999_999):
        unknown = client.post(_url(later, "outcomes/retire-area/"), {"area": area_id})
        assert unknown.status_code == 400
        assert list(unknown.json()) == ["area"]
    adjusted = client.post(
        _url(later, "outcomes/adjust-area/"), {"area": area.pk, "description": "X"}
    )
    assert adjusted.status_code == 400
    assert list(adjusted.json()) == ["area"]
    assert not AreaAdjustment.objects.exists()
    area.refresh_from_db()
    assert area.retired_by == first
    assert CollaborationArea.objects.get(pk=elsewhere.pk).retired_on is None


def test_bad_shapes_are_400_on_the_field(world, api):
    dialogue = _dialogue(world.mou)
    client = api(world.steering)
    assert list(client.post(_url(dialogue, "outcomes/identify-area/"), {}).json()) == ["name"]
    assert list(
        client.post(_url(dialogue, "outcomes/retire-area/"), {"area": "x"}, format="json").json()
    ) == ["area"]
    assert list(client.post(_url(dialogue, "decisions/"), {"text": ""}).json()) == ["text"]
    assert not CollaborationArea.objects.exists()
    assert not DialogueDecision.objects.exists()


def test_an_exchange_in_an_area_identified_through_the_api_becomes_approvable(world, api):
    dialogue = _dialogue(world.mou)
    area_id = (
        api(world.steering)
        .post(_url(dialogue, "outcomes/identify-area/"), {"name": "Klimatneutral stad"})
        .json()["id"]
    )
    exchange = PersonnelExchange.objects.create(
        partnership=world.mou,
        person=PersonFactory(organisation=world.kth),
        home_organisation=world.kth,
        host_organisation=world.stad,
        position="Klimatstrateg",
        extent_percent=20,
        starts_on=datetime.date(2025, 9, 1),
        ends_on=datetime.date(2026, 2, 28),
        area=CollaborationArea.objects.get(pk=area_id),
        purpose="Syfte",
        conditions="Villkor",
        benefit_home="Nytta",
        benefit_host="Nytta",
    )
    approved = api(world.coordinator).post(
        f"/api/v1/partnerships/{world.mou.pk}/exchanges/{exchange.pk}/approvals/",
        {"organisation": world.kth.pk},
        format="json",
    )
    assert approved.status_code == 201, approved.json()
    retired = api(world.steering).post(
        _url(_dialogue(world.mou, "2025-06-01", "Extra"), "outcomes/retire-area/"),
        {"area": area_id},
    )
    assert retired.status_code == 200
    later = PersonnelExchange.objects.get(pk=exchange.pk)
    later.pk = None
    later.starts_on = datetime.date(2025, 10, 1)
    later.save()
    assert [p.field for p in exchange_services.approval_problems(later)] == ["area"]


def test_decisions_are_versioned(world, api):
    dialogue = _dialogue(world.mou)
    client = api(world.steering)
    created = client.post(_url(dialogue, "decisions/"), {"text": "Beslut"}, format="json").json()
    url = _url(dialogue, f"decisions/{created['id']}/")
    assert client.put(url, {"text": "Ändrat", "version": 1}, format="json").status_code == 200
    stale = client.patch(url, {"text": "Sent", "version": 1}, format="json")
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    assert client.patch(url, {"text": "Utan version"}, format="json").status_code == 400
    assert client.get(url).json()["text"] == "Ändrat"
    assert client.delete(f"{url}?version=1").status_code == 409
    assert client.delete(f"{url}?version=2").status_code == 204
    assert not DialogueDecision.objects.exists()


def test_a_viewer_reads_but_gets_403_for_every_write(world, api):
    dialogue = _dialogue(world.mou)
    area = _area(world.mou, "Forskning")
    person = PersonFactory(organisation=world.kth)
    DialogueParticipant.objects.create(dialogue=dialogue, person=person, party=world.party_kth)
    decision = DialogueDecision.objects.create(dialogue=dialogue, text="Beslut")
    client = api(world.viewer)
    for rest in ("", "participants/", "decisions/", f"decisions/{decision.pk}/"):
        assert client.get(_url(dialogue, rest)).status_code == 200, rest
    answers = [
        client.post(_url(dialogue, "participants/"), {"person": person.pk}),
        client.delete(_url(dialogue, f"participants/{person.pk}/")),
        client.post(_url(dialogue, "decisions/"), {"text": "X"}),
        client.patch(_url(dialogue, f"decisions/{decision.pk}/"), {"text": "X", "version": 1}),
        client.delete(_url(dialogue, f"decisions/{decision.pk}/?version=1")),
        client.post(_url(dialogue, "outcomes/identify-area/"), {"name": "X"}),
        client.post(_url(dialogue, "outcomes/adjust-area/"), {"area": area.pk, "description": "X"}),
        client.post(_url(dialogue, "outcomes/retire-area/"), {"area": area.pk}),
    ]
    assert [a.status_code for a in answers] == [403] * len(answers)
    assert DialogueParticipant.objects.count() == 1
    assert DialogueDecision.objects.get().text == "Beslut"
    assert CollaborationArea.objects.get().retired_on is None


def test_an_outsider_gets_404_for_everything_of_a_dialogue(world, api):
    dialogue = _dialogue(world.mou)
    area = _area(world.mou, "Forskning")
    person = PersonFactory(organisation=world.kth)
    DialogueParticipant.objects.create(dialogue=dialogue, person=person, party=world.party_kth)
    decision = DialogueDecision.objects.create(dialogue=dialogue, text="Hemligt beslut")
    client = api(world.outsider)
    answers = [
        client.get(_url(dialogue)),
        client.get(_url(dialogue, "participants/")),
        client.get(_url(dialogue, "decisions/")),
        client.get(_url(dialogue, f"decisions/{decision.pk}/")),
        client.post(_url(dialogue, "participants/"), {"person": person.pk}),
        client.delete(_url(dialogue, f"participants/{person.pk}/")),
        client.post(_url(dialogue, "decisions/"), {"text": "X"}),
        client.post(_url(dialogue, "outcomes/identify-area/"), {"name": "X"}),
        client.post(_url(dialogue, "outcomes/retire-area/"), {"area": area.pk}),
    ]
    assert [a.status_code for a in answers] == [404] * len(answers)
    assert "Hemligt beslut" not in str([a.content for a in answers])
    # A dialogue of another partnership is 404 under this one, even for the site admin.
    other = _dialogue(PartnershipFactory())
    wrong = f"/api/v1/partnerships/{world.mou.pk}/dialogues/{other.pk}/"
    assert api(world.admin).get(wrong).status_code == 404
    assert api(world.admin).post(f"{wrong}decisions/", {"text": "X"}).status_code == 404


def test_a_dialogue_answer_runs_a_fixed_number_of_queries(
    world, api, django_assert_max_num_queries
):
    dialogue = _dialogue(world.mou)
    client = api(world.viewer)
    client.get(_url(dialogue))
    with django_assert_max_num_queries(8) as few:
        client.get(_url(dialogue))
    from samverkan.followup import dialogue_services as services

    for i in range(10):
        services.add_participant(dialogue, person=PersonFactory(organisation=world.kth), actor=None)
        services.add_decision(dialogue, text=f"Beslut {i}", actor=None)
        services.identify_area(dialogue, name=f"Område {i}", actor=None)
    with django_assert_max_num_queries(len(few)):
        response = client.get(_url(dialogue))
    assert len(response.json()["participants"]) == 10
