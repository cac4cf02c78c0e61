import pytest

from samverkan.organisations.models import Organisation, Unit
from samverkan.organisations.tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_a_coordinator_registers_an_organisation_through_the_api(world, api):
    response = api(world.coordinator).post(
        "/api/v1/organisations/",
        {
            "name": "Uppsala universitet",
            "kind": "state_university",
            "organisation_number": "2021002932",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["organisation_number"] == "202100-2932"
    assert Organisation.objects.get(name="Uppsala universitet").version == 1


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "The last digit does not match"), ("sv", "Sista siffran stämmer inte")],
)
def test_a_typo_in_the_organisation_number_is_a_400_per_field(world, api, language, message):
    response = api(world.coordinator, language=language).post(
        "/api/v1/organisations/",
        {"name": "X", "kind": "municipality", "organisation_number": "212000-0143"},
        format="json",
    )
    assert response.status_code == 400
    assert message in response.json()["organisation_number"][0]
    assert not Organisation.objects.filter(name="X").exists()


def test_updates_take_the_version_and_refuse_a_stale_one_with_409(world, api):
    client = api(world.coordinator)
    url = f"/api/v1/organisations/{world.kth.pk}/"
    first = client.patch(url, {"description": "Teknisk högskola", "version": 1}, format="json")
    assert first.status_code == 200
    assert first.json()["version"] == 2
    stale = client.patch(url, {"short_name": "KTH Royal", "version": 1}, format="json")
    assert stale.status_code == 409
    body = stale.json()
    assert body["current_version"] == 2
    assert {"field": "description", "before": "—", "after": "Teknisk högskola"} in body["changes"]
    missing = client.patch(url, {"short_name": "KTH Royal"}, format="json")
    assert missing.status_code == 400
    assert "version" in missing.json()
    world.kth.refresh_from_db()
    assert world.kth.short_name == "KTH"


def test_authentication_is_required_and_tokens_can_be_revoked(world, api):
    from samverkan.accounts.models import ApiToken
    from samverkan.accounts.tokens import revoke_token

    assert api(None).get("/api/v1/organisations/").status_code == 401
    client = api(world.viewer)
    assert client.get("/api/v1/organisations/").status_code == 200
    token = ApiToken.objects.get(user=world.viewer)
    assert len(token.key_hash) == 64 and token.prefix.startswith("svk_")
    revoke_token(token, actor=world.viewer)
    assert client.get("/api/v1/organisations/").status_code == 401


def test_units_and_people_follow_the_same_rules(world, api):
    client = api(world.coordinator)
    top = UnitFactory(organisation=world.kth, name="Top")
    middle = UnitFactory(organisation=world.kth, name="Middle", parent=top)
    response = client.patch(
        f"/api/v1/organisations/{world.kth.pk}/units/{top.pk}/",
        {"parent": middle.pk, "version": top.version},
        format="json",
    )
    assert response.status_code == 400
    assert "parent" in response.json()
    created = client.post(
        f"/api/v1/organisations/{world.kth.pk}/units/",
        {"name": "Lab", "kind": "laboratory", "parent": top.pk, "established_on": "2012"},
        format="json",
    )
    assert created.status_code == 201
    assert created.json()["established_on"] == "2012"
    assert Unit.objects.get(name="Lab").parent == top
    foreign = UnitFactory(organisation=world.stad)
    person = client.post(
        f"/api/v1/organisations/{world.kth.pk}/people/",
        {"name": "Ny Person", "unit": foreign.pk},
        format="json",
    )
    assert person.status_code == 400


def test_people_stay_hidden_from_outsiders_in_the_api(world, api):
    karin = PersonFactory(organisation=world.kth, name="Karin Berg")
    outsider = api(world.outsider)
    assert outsider.get(f"/api/v1/people/{karin.pk}/").status_code == 404
    names = [p["name"] for p in outsider.get("/api/v1/people/").json()["results"]]
    assert "Karin Berg" not in names
    history = outsider.get(f"/api/v1/organisations/{world.kth.pk}/history/").json()
    assert all(entry["record_label"] != "Karin Berg" for entry in history)
    assert api(world.viewer).get(f"/api/v1/people/{karin.pk}/").status_code == 200


def test_a_viewer_cannot_write_and_an_outsider_cannot_edit(world, api):
    assert (
        api(world.viewer)
        .post("/api/v1/organisations/", {"name": "X", "kind": "municipality"}, format="json")
        .status_code
        == 403
    )
    assert (
        api(world.coordinator)
        .patch(
            f"/api/v1/organisations/{world.stad.pk}/", {"name": "X", "version": 1}, format="json"
        )
        .status_code
        == 403
    )


def test_lists_page_with_cursors(world, api):
    for n in range(60):
        Organisation.objects.create(name=f"Kommun {n:02d}", kind="municipality")
    client = api(world.viewer)
    first = client.get("/api/v1/organisations/", {"q": "Kommun", "page_size": 50}).json()
    assert len(first["results"]) == 50
    second = client.get(first["next"]).json()
    assert [o["name"] for o in second["results"]] == [f"Kommun {n:02d}" for n in range(50, 60)]
    assert second["next"] is None


def test_a_version_beyond_any_record_is_a_400_not_a_409(world, api):
    response = api(world.coordinator).patch(
        f"/api/v1/organisations/{world.kth.pk}/", {"name": "X", "version": 2**40}, format="json"
    )
    assert response.status_code == 400
    assert "version" in response.json()
