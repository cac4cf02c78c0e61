import pytest

from samverkan.followup.models import LeadershipDialogue
from samverkan.lib.partial_dates import PartialDate
from samverkan.partnerships.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


def _dialogue(partnership, held, title):
    return LeadershipDialogue.objects.create(
        partnership=partnership, held_on=PartialDate.parse(held), title=title
    )


def _url(world):
    return f"/api/v1/partnerships/{world.mou.pk}/dialogues/"


def test_the_steering_group_records_a_dialogue_known_to_the_month(world, api):
    response = api(world.steering).post(
        _url(world),
        {"held_on": "2016-04", "title": "Ledningsdialog 2016", "summary": "Omvärld och trender"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["held_on"], body["partnership"], body["version"]) == ("2016-04", world.mou.pk, 1)
    stored = LeadershipDialogue.objects.get(title="Ledningsdialog 2016")
    assert stored.held_on == PartialDate(2016, 4)
    detail = api(world.viewer).get(f"{_url(world)}{stored.pk}/").json()
    assert detail["summary"] == "Omvärld och trender"


def test_dialogues_are_listed_latest_first_and_only_for_their_partnership(world, api):
    _dialogue(world.mou, "2015", "2015")
    _dialogue(world.mou, "2016-04-12", "2016")
    _dialogue(world.mou, "2014-05", "2014")
    other = _dialogue(PartnershipFactory(), "2017", "Annan")
    client = api(world.viewer)
    listed = client.get(_url(world)).json()
    assert [(d["title"], d["held_on"]) for d in listed] == [
        ("2016", "2016-04-12"),
        ("2015", "2015"),
        ("2014", "2014-05"),
    ]
    assert client.get(f"{_url(world)}{other.pk}/").status_code == 404
    assert api(world.admin).get(f"{_url(world)}{other.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "The month must be between 1 and 12."), ("sv", "Månaden måste vara mellan 1 och 12.")],
)
def test_a_malformed_date_is_a_400_on_the_field(world, api, language, message):
    response = api(world.coordinator, language=language).post(
        _url(world), {"held_on": "2016-13", "title": "Fel"}, format="json"
    )
    assert response.status_code == 400
    assert message in response.json()["held_on"][0]
    assert not LeadershipDialogue.objects.exists()


def test_dialogue_updates_take_the_version_and_refuse_a_stale_one_with_409(world, api):
    dialogue = _dialogue(world.mou, "2016", "Ledningsdialog")
    client = api(world.coordinator)
    url = f"{_url(world)}{dialogue.pk}/"
    first = client.put(
        url, {"held_on": "2016-04-12", "title": "Ledningsdialog 2016", "version": 1}, format="json"
    )
    assert first.status_code == 200, first.json()
    assert (first.json()["held_on"], first.json()["version"]) == ("2016-04-12", 2)
    stale = client.patch(url, {"summary": "Sent", "version": 1}, format="json")
    assert stale.status_code == 409
    body = stale.json()
    assert body["current_version"] == 2
    assert "title" in {change["field"] for change in body["changes"]}
    assert client.patch(url, {"summary": "Utan version"}, format="json").status_code == 400
    patched = client.patch(url, {"summary": "Omvärld", "version": 2}, format="json")
    assert patched.status_code == 200, patched.json()
    assert patched.json()["title"] == "Ledningsdialog 2016"
    assert patched.json()["summary"] == "Omvärld"


def test_a_viewer_reads_but_cannot_record_dialogues(world, api):
    dialogue = _dialogue(world.mou, "2016", "Ledningsdialog")
    client = api(world.viewer)
    url = f"{_url(world)}{dialogue.pk}/"
    assert client.get(_url(world)).status_code == 200
    assert client.get(url).status_code == 200
    refused = [
        client.post(_url(world), {"held_on": "2017", "title": "X"}, format="json"),
        client.put(url, {"held_on": "2017", "title": "X", "version": 1}, format="json"),
        client.patch(url, {"title": "X", "version": 1}, format="json"),
    ]
    assert [r.status_code for r in refused] == [403, 403, 403]
    assert LeadershipDialogue.objects.get().title == "Ledningsdialog"


def test_the_steering_group_changes_a_dialogue(world, api):
    dialogue = _dialogue(world.mou, "2016", "Ledningsdialog")
    url = f"{_url(world)}{dialogue.pk}/"
    response = api(world.steering).patch(
        url, {"title": "Ledningsdialog 2016", "version": 1}, format="json"
    )
    assert response.status_code == 200, response.json()


def test_an_outsider_gets_404_for_dialogues(world, api):
    dialogue = _dialogue(world.mou, "2016", "Ledningsdialog")
    client = api(world.outsider)
    url = f"{_url(world)}{dialogue.pk}/"
    answers = [
        client.get(_url(world)),
        client.get(url),
        client.post(_url(world), {"held_on": "2017", "title": "X"}, format="json"),
        client.put(url, {"held_on": "2017", "title": "X", "version": 1}, format="json"),
        client.patch(url, {"title": "X", "version": 1}, format="json"),
    ]
    assert [r.status_code for r in answers] == [404] * len(answers)
    assert "Ledningsdialog" not in str([r.content for r in answers])
    assert api(None).get(_url(world)).status_code == 401


@pytest.mark.parametrize("rows", [1, 20])
def test_the_dialogue_list_runs_a_fixed_number_of_queries(
    world, api, django_assert_max_num_queries, rows
):
    from samverkan.followup import dialogue_services
    from samverkan.organisations.tests.factories import PersonFactory

    for n in range(rows):
        dialogue = _dialogue(world.mou, f"{2015 + n % 10}-04-0{1 + n % 9}", f"Dialog {n}")
        dialogue_services.add_participant(
            dialogue, person=PersonFactory(organisation=world.kth), actor=None
        )
        dialogue_services.add_decision(dialogue, text=f"Beslut {n}", actor=None)
        dialogue_services.identify_area(dialogue, name=f"Område {n}", actor=None)
    client = api(world.viewer)
    client.get(_url(world))  # the token's "last used" is written once, not per request
    # The token, the partnership, the dialogues, and per kind of thing they show: participants,
    # decisions, areas identified, adjusted and retired.
    with django_assert_max_num_queries(8):
        response = client.get(_url(world))
    assert response.status_code == 200
    assert len(response.json()) == rows
