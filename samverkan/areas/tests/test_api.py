import pytest

from samverkan.areas.models import AreaAdjustment, CollaborationArea, ContactPerson
from samverkan.followup.models import LeadershipDialogue
from samverkan.lib.partial_dates import PartialDate
from samverkan.organisations.tests.factories import PersonFactory
from samverkan.partnerships.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


def _area(world, name, identified, retired=None, partnership=None):
    return CollaborationArea.objects.create(
        partnership=partnership or world.mou,
        name=name,
        identified_on=PartialDate.parse(identified),
        retired_on=PartialDate.parse(retired) if retired else None,
    )


def _dialogue(partnership, held, title):
    return LeadershipDialogue.objects.create(
        partnership=partnership, held_on=PartialDate.parse(held), title=title
    )


def _areas_url(world):
    return f"/api/v1/partnerships/{world.mou.pk}/areas/"


def _contacts_url(world):
    return f"/api/v1/partnerships/{world.mou.pk}/contacts/"


def test_an_area_is_identified_adjusted_and_retired_by_dialogues(world, api):
    client = api(world.steering)
    first = _dialogue(world.mou, "2016-04-12", "Ledningsdialog 2016")
    later = _dialogue(world.mou, "2020-04", "Ledningsdialog 2020")
    created = client.post(
        _areas_url(world),
        {"name": "Smarta städer", "identified_on": "2016-04-12", "identified_by": first.pk},
        format="json",
    )
    assert created.status_code == 201, created.json()
    area = created.json()
    assert (area["identified_on"], area["identified_by"]) == ("2016-04-12", first.pk)
    assert (area["retired_on"], area["retired_by"], area["in_force"]) == (None, None, True)
    assert area["adjustments"] == []
    area_url = f"{_areas_url(world)}{area['id']}/"
    adjusted = client.post(
        f"{area_url}adjustments/",
        {"dialogue": first.pk, "description": "Fokus på trafik"},
        format="json",
    )
    assert adjusted.status_code == 201, adjusted.json()
    retired = client.patch(
        area_url,
        {"retired_on": "2020-04", "retired_by": later.pk, "version": area["version"]},
        format="json",
    )
    assert retired.status_code == 200, retired.json()
    body = client.get(area_url).json()
    assert (body["retired_on"], body["retired_by"]) == ("2020-04", later.pk)
    assert body["in_force"] is False
    assert [a["description"] for a in body["adjustments"]] == ["Fokus på trafik"]
    assert body["identified_on"] == "2016-04-12" and body["version"] == 2
    adjustments = client.get(f"{area_url}adjustments/").json()
    assert [(a["dialogue"], a["description"]) for a in adjustments] == [
        (first.pk, "Fokus på trafik")
    ]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "An area cannot be retired before it was identified."),
        ("sv", "Ett område kan inte avvecklas innan det har identifierats."),
    ],
)
def test_an_area_retired_before_it_was_identified_is_a_400(world, api, language, message):
    response = api(world.coordinator, language=language).post(
        _areas_url(world),
        {"name": "Bakvänt", "identified_on": "2016", "retired_on": "2015-12"},
        format="json",
    )
    assert response.status_code == 400
    assert message in response.json()["retired_on"]
    assert not CollaborationArea.objects.filter(name="Bakvänt").exists()


def test_a_dialogue_of_another_partnership_cannot_identify_an_area(world, api):
    elsewhere = _dialogue(PartnershipFactory(), "2016", "Annan dialog")
    client = api(world.coordinator)
    response = client.post(
        _areas_url(world),
        {"name": "Område", "identified_on": "2016", "identified_by": elsewhere.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "identified_by" in response.json()
    area = _area(world, "Befintligt", "2014-05")
    adjustment = client.post(
        f"{_areas_url(world)}{area.pk}/adjustments/",
        {"dialogue": elsewhere.pk, "description": "Annat håll"},
        format="json",
    )
    assert adjustment.status_code == 400
    assert "dialogue" in adjustment.json()
    assert not CollaborationArea.objects.filter(name="Område").exists()
    assert not AreaAdjustment.objects.exists()


def test_in_force_on_answers_the_areas_in_force_on_a_date(world, api):
    _area(world, "Kompetensförsörjning", "2014-05")
    _area(world, "Smarta städer", "2016-04-12", retired="2020")
    _area(world, "Klimat", "2021-03")
    _area(world, "Annat", "2010", partnership=PartnershipFactory())
    client = api(world.viewer)

    def names(day):
        response = client.get(_areas_url(world), {"in_force_on": day})
        assert response.status_code == 200, response.json()
        return sorted(a["name"] for a in response.json())

    assert names("2014-04-30") == []
    assert names("2014-05-01") == ["Kompetensförsörjning"]
    assert names("2018-01-01") == ["Kompetensförsörjning", "Smarta städer"]
    assert names("2020-01-01") == ["Kompetensförsörjning"]
    assert names("2022-01-01") == ["Klimat", "Kompetensförsörjning"]
    everything = client.get(_areas_url(world)).json()
    assert [(a["name"], a["in_force"]) for a in everything] == [
        ("Kompetensförsörjning", True),
        ("Smarta städer", False),
        ("Klimat", True),
    ]
    assert everything[1]["retired_on"] == "2020"


@pytest.mark.parametrize("day", ["2014-13-01", "yesterday", "2014-02-30"])
def test_a_malformed_in_force_on_date_is_a_400(world, api, day):
    response = api(world.viewer).get(_areas_url(world), {"in_force_on": day})
    assert response.status_code == 400
    assert "in_force_on" in response.json()


def test_area_updates_take_the_version_and_refuse_a_stale_one_with_409(world, api):
    area = _area(world, "Personutbyten", "2014-05")
    client = api(world.coordinator)
    url = f"{_areas_url(world)}{area.pk}/"
    whole = {"name": "Personutbyten", "identified_on": "2014-05", "description": "Utbyten"}
    first = client.put(url, {**whole, "version": 1}, format="json")
    assert first.status_code == 200, first.json()
    assert first.json()["version"] == 2
    stale = client.patch(url, {"name": "Något annat", "version": 1}, format="json")
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    missing = client.put(url, whole, format="json")
    assert missing.status_code == 400
    assert "version" in missing.json()
    area.refresh_from_db()
    assert (area.name, area.description, area.version) == ("Personutbyten", "Utbyten", 2)


def test_an_area_of_another_partnership_is_not_found_under_this_one(world, api):
    other = _area(world, "Annat", "2014", partnership=PartnershipFactory())
    client = api(world.admin)
    assert client.get(f"{_areas_url(world)}{other.pk}/").status_code == 404
    assert client.get(f"{_areas_url(world)}{other.pk}/adjustments/").status_code == 404
    assert (
        client.patch(f"{_areas_url(world)}{other.pk}/", {"version": 1}, format="json").status_code
        == 404
    )


@pytest.mark.parametrize("language", ["en", "sv"])
def test_a_contact_person_of_a_non_party_organisation_is_a_400_on_person(world, api, language):
    area = _area(world, "Personutbyten", "2014-05")
    stranger = PersonFactory(organisation=world.elsewhere, name="Olle Främling")
    response = api(world.admin, language=language).post(
        _contacts_url(world),
        {"area": area.pk, "person": stranger.pk, "field": "Praktik"},
        format="json",
    )
    assert response.status_code == 400
    expected = {"en": "which is not a party of this partnership", "sv": "som inte är part i"}
    assert expected[language] in response.json()["person"][0]
    assert not ContactPerson.objects.exists()


def test_contact_persons_are_named_per_area_and_party(world, api):
    area = _area(world, "Personutbyten", "2014-05")
    karin = PersonFactory(organisation=world.kth, name="Karin Berg")
    johan = PersonFactory(organisation=world.stad, name="Johan Ek")
    sara = PersonFactory(organisation=world.stad, name="Sara Nyström")
    client = api(world.coordinator)
    city = api(world.coordinator_stad)
    # Each party names its own people: the city's staff are not the KTH coordinator's to see.
    hidden = client.post(_contacts_url(world), {"area": area.pk, "person": johan.pk}, format="json")
    assert hidden.status_code == 400
    assert "person" in hidden.json()
    for who, person, on_area in (
        (client, karin, area.pk),
        (city, johan, area.pk),
        (city, sara, None),
    ):
        response = who.post(
            _contacts_url(world), {"area": on_area, "person": person.pk}, format="json"
        )
        assert response.status_code == 201, response.json()
    listed = api(world.viewer).get(_contacts_url(world)).json()
    rows = {(c["person_name"], c["area"], c["party"], c["organisation"]) for c in listed}
    assert rows == {
        ("Karin Berg", area.pk, world.party_kth.pk, world.kth.pk),
        ("Johan Ek", area.pk, world.party_stad.pk, world.stad.pk),
        ("Sara Nyström", None, world.party_stad.pk, world.stad.pk),
    }
    twice = client.post(_contacts_url(world), {"area": area.pk, "person": karin.pk}, format="json")
    assert twice.status_code == 400
    assert "This person is already a contact for this area." in str(twice.json())
    foreign_area = _area(world, "Annat", "2014", partnership=PartnershipFactory())
    foreign = client.post(
        _contacts_url(world), {"area": foreign_area.pk, "person": karin.pk}, format="json"
    )
    assert foreign.status_code == 400
    assert "area" in foreign.json()
    assert ContactPerson.objects.count() == 3


def test_a_contact_person_is_changed_with_its_version_and_removed(world, api):
    area = _area(world, "Personutbyten", "2014-05")
    karin = PersonFactory(organisation=world.kth, name="Karin Berg")
    johan = PersonFactory(organisation=world.stad, name="Johan Ek")
    # Johan is already named in the partnership, so the KTH coordinator may see and choose him.
    ContactPerson.objects.create(partnership=world.mou, party=world.party_stad, person=johan)
    client = api(world.coordinator)
    contact = client.post(
        _contacts_url(world), {"area": area.pk, "person": karin.pk}, format="json"
    ).json()
    url = f"{_contacts_url(world)}{contact['id']}/"
    moved = client.put(
        url, {"area": None, "person": johan.pk, "field": "Praktik", "version": 1}, format="json"
    )
    assert moved.status_code == 200, moved.json()
    body = moved.json()
    assert (body["area"], body["party"], body["person_name"], body["version"]) == (
        None,
        world.party_stad.pk,
        "Johan Ek",
        2,
    )
    assert client.patch(url, {"field": "Annat", "version": 1}, format="json").status_code == 409
    assert client.patch(url, {"field": "Annat"}, format="json").status_code == 400
    patched = client.patch(url, {"field": "Annat", "version": 2}, format="json")
    assert patched.status_code == 200, patched.json()
    assert (patched.json()["field"], patched.json()["person"]) == ("Annat", johan.pk)
    assert client.delete(url).status_code == 400
    assert client.delete(f"{url}?version=2").status_code == 409
    assert client.delete(f"{url}?version=3").status_code == 204
    assert client.get(url).status_code == 404
    assert not ContactPerson.objects.filter(pk=contact["id"]).exists()


def test_a_viewer_reads_but_cannot_write(world, api):
    area = _area(world, "Personutbyten", "2014-05")
    dialogue = _dialogue(world.mou, "2016", "Ledningsdialog 2016")
    karin = PersonFactory(organisation=world.kth)
    contact = ContactPerson.objects.create(
        partnership=world.mou, area=area, party=world.party_kth, person=karin
    )
    client = api(world.viewer)
    area_url = f"{_areas_url(world)}{area.pk}/"
    contact_url = f"{_contacts_url(world)}{contact.pk}/"
    for url in (_areas_url(world), area_url, f"{area_url}adjustments/", _contacts_url(world)):
        assert client.get(url).status_code == 200
    assert client.get(contact_url).status_code == 200
    refused = [
        client.post(_areas_url(world), {"name": "X", "identified_on": "2020"}, format="json"),
        client.patch(area_url, {"name": "X", "version": 1}, format="json"),
        client.post(
            f"{area_url}adjustments/",
            {"dialogue": dialogue.pk, "description": "X"},
            format="json",
        ),
        client.post(_contacts_url(world), {"person": karin.pk}, format="json"),
        client.patch(contact_url, {"field": "X", "version": 1}, format="json"),
        client.delete(contact_url),
    ]
    assert [r.status_code for r in refused] == [403] * len(refused)
    assert CollaborationArea.objects.get().name == "Personutbyten"
    assert ContactPerson.objects.get().field == ""
    assert not AreaAdjustment.objects.exists()


def test_the_steering_group_edits_areas_but_not_contact_persons(world, api):
    area = _area(world, "Personutbyten", "2014-05")
    dialogue = _dialogue(world.mou, "2016", "Ledningsdialog 2016")
    karin = PersonFactory(organisation=world.kth)
    contact = ContactPerson.objects.create(
        partnership=world.mou, area=area, party=world.party_kth, person=karin
    )
    client = api(world.steering)
    area_url = f"{_areas_url(world)}{area.pk}/"
    contact_url = f"{_contacts_url(world)}{contact.pk}/"
    assert (
        client.post(_areas_url(world), {"name": "Klimat", "identified_on": "2021"}, format="json")
    ).status_code == 201
    renamed = client.patch(area_url, {"name": "Utbyten", "version": 1}, format="json")
    assert renamed.status_code == 200
    assert (
        client.post(
            f"{area_url}adjustments/", {"dialogue": dialogue.pk, "description": "X"}, format="json"
        ).status_code
        == 201
    )
    refused = [
        client.post(_contacts_url(world), {"person": karin.pk}, format="json"),
        client.put(contact_url, {"person": karin.pk, "version": 1}, format="json"),
        client.patch(contact_url, {"field": "X", "version": 1}, format="json"),
        client.delete(contact_url),
    ]
    assert [r.status_code for r in refused] == [403] * len(refused)
    assert ContactPerson.objects.get().version == 1


def test_an_outsider_gets_404_everywhere(world, api):
    area = _area(world, "Personutbyten", "2014-05")
    dialogue = _dialogue(world.mou, "2016", "Ledningsdialog 2016")
    karin = PersonFactory(organisation=world.kth)
    contact = ContactPerson.objects.create(
        partnership=world.mou, area=area, party=world.party_kth, person=karin
    )
    client = api(world.outsider)
    area_url = f"{_areas_url(world)}{area.pk}/"
    contact_url = f"{_contacts_url(world)}{contact.pk}/"
    answers = [
        client.get(_areas_url(world)),
        client.get(_areas_url(world), {"in_force_on": "2020-01-01"}),
        client.get(area_url),
        client.get(f"{area_url}adjustments/"),
        client.get(_contacts_url(world)),
        client.get(contact_url),
        client.post(_areas_url(world), {"name": "X", "identified_on": "2020"}, format="json"),
        client.put(area_url, {"name": "X", "identified_on": "2020", "version": 1}, format="json"),
        client.patch(area_url, {"name": "X", "version": 1}, format="json"),
        client.post(
            f"{area_url}adjustments/", {"dialogue": dialogue.pk, "description": "X"}, format="json"
        ),
        client.post(_contacts_url(world), {"person": karin.pk}, format="json"),
        client.put(contact_url, {"person": karin.pk, "version": 1}, format="json"),
        client.patch(contact_url, {"field": "X", "version": 1}, format="json"),
        client.delete(contact_url),
    ]
    assert [r.status_code for r in answers] == [404] * len(answers)
    assert "Personutbyten" not in str([r.content for r in answers])
    assert api(None).get(_areas_url(world)).status_code == 401


@pytest.mark.parametrize("rows", [1, 20])
def test_area_and_contact_lists_run_a_fixed_number_of_queries(
    world, api, django_assert_max_num_queries, rows
):
    dialogue = _dialogue(world.mou, "2014-05", "Ledningsdialog 2014")
    for n in range(rows):
        area = CollaborationArea.objects.create(
            partnership=world.mou,
            name=f"Område {n:02d}",
            identified_on=PartialDate(2014, 5),
            identified_by=dialogue,
        )
        AreaAdjustment.objects.create(area=area, dialogue=dialogue, description="Justering")
        AreaAdjustment.objects.create(area=area, dialogue=dialogue, description="Till")
        for organisation, party in ((world.kth, world.party_kth), (world.stad, world.party_stad)):
            ContactPerson.objects.create(
                partnership=world.mou,
                area=area,
                party=party,
                person=PersonFactory(organisation=organisation),
            )
    client = api(world.viewer)
    client.get(_areas_url(world))  # the token's "last used" is written once, not per request
    area_url = f"{_areas_url(world)}{area.pk}/"
    # The token, the partnership, the rows (and the areas' adjustments, in one query).
    for url, params, count, limit in [
        (_areas_url(world), {}, rows, 4),
        (_areas_url(world), {"in_force_on": "2020-01-01"}, rows, 4),
        (f"{area_url}adjustments/", {}, 2, 4),
        (_contacts_url(world), {}, rows * 2, 3),
    ]:
        with django_assert_max_num_queries(limit):
            response = client.get(url, params)
        assert response.status_code == 200
        assert len(response.json()) == count
