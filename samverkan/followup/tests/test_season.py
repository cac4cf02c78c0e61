"""The dialogue season ("på våren", R6) and the partnership's short name, on the partnership's
form and API; whether a dialogue was held in its year's season."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from samverkan.followup.models import LeadershipDialogue
from samverkan.lib.partial_dates import PartialDate
from samverkan.partnerships.models import Partnership
from samverkan.partnerships.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _held(partnership, held):
    return LeadershipDialogue(
        partnership=partnership, held_on=PartialDate.parse(held), title="Dialog"
    ).held_in_season()


@pytest.mark.parametrize(
    ("held", "verdict"),
    [
        ("2016-03-01", True),  # both ends count
        ("2016-06-30", True),
        ("2016-02-29", False),
        ("2016-07-01", False),
        ("2016-04", True),  # a month wholly inside
        ("2016-09", False),  # a month wholly outside
        ("2016", None),  # a bare year cannot tell
    ],
)
def test_a_dialogue_is_in_its_season_by_its_whole_span(world, held, verdict):
    assert _held(world.mou, held) is verdict


def test_a_partnership_sets_its_own_season(world):
    world.mou.dialogue_season_starts = "03-15"
    world.mou.dialogue_season_ends = "05-31"
    assert _held(world.mou, "2016-03-14") is False
    assert _held(world.mou, "2016-03") is None  # partly before the 15th
    assert _held(world.mou, "2016-05-31") is True
    assert _held(world.mou, "2016-06-01") is False


def _form(world, **changes):
    data = {
        "name": world.mou.name,
        "kind": "mou",
        "signed_on": "2014-05",
        "notice_months": 3,
        "organisations": [world.stad.pk, world.kth.pk],
        "version": world.mou.version,
    }
    return {**data, **changes}


def test_a_coordinator_changes_the_season_and_the_short_name_on_the_page(world, as_user):
    url = reverse("partnerships:edit", args=[world.mou.pk])
    client = as_user(world.coordinator)
    page = client.get(url)
    assert page.context["form"]["dialogue_season_starts"].value() == "03-01"
    response = client.post(
        url,
        _form(world, slug="stad-kth", dialogue_season_starts="04-01", dialogue_season_ends="05-31"),
    )
    assert response.status_code == 302, response.context["form"].errors
    world.mou.refresh_from_db()
    assert (world.mou.slug, world.mou.dialogue_season_starts, world.mou.dialogue_season_ends) == (
        "stad-kth",
        "04-01",
        "05-31",
    )
    assert world.mou.dialogue_season(2026) == (
        datetime.date(2026, 4, 1),
        datetime.date(2026, 5, 31),
    )


def test_a_season_left_empty_keeps_the_one_set(world, as_user):
    Partnership.objects.filter(pk=world.mou.pk).update(dialogue_season_starts="04-01")
    world.mou.refresh_from_db()
    response = as_user(world.coordinator).post(
        reverse("partnerships:edit", args=[world.mou.pk]), _form(world)
    )
    assert response.status_code == 302
    world.mou.refresh_from_db()
    assert (world.mou.dialogue_season_starts, world.mou.dialogue_season_ends) == ("04-01", "06-30")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"dialogue_season_starts": "3-1"},
            "dialogue_season_starts",
            "Write a month and a day as MM-DD, for example 03-01 for 1 March.",
        ),
        (
            {"dialogue_season_ends": "02-30"},
            "dialogue_season_ends",
            "Write a month and a day as MM-DD, for example 03-01 for 1 March.",
        ),
        (
            {"dialogue_season_starts": "13-01"},
            "dialogue_season_starts",
            "Write a month and a day as MM-DD, for example 03-01 for 1 March.",
        ),
        (
            {"dialogue_season_starts": "07-01", "dialogue_season_ends": "03-01"},
            "dialogue_season_ends",
            "The dialogue season must end after it starts, within the same year.",
        ),
        (
            {"slug": "stad kth!"},
            "slug",
            "Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.",
        ),
    ],
)
def test_a_bad_season_or_short_name_is_refused_on_its_field(
    world, as_user, changes, field, message
):
    response = as_user(world.coordinator).post(
        reverse("partnerships:edit", args=[world.mou.pk]), _form(world, **changes), **EN
    )
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    world.mou.refresh_from_db()
    assert (world.mou.dialogue_season_starts, world.mou.dialogue_season_ends) == ("03-01", "06-30")


def test_a_short_name_taken_by_another_partnership_is_refused(world, as_user, api):
    PartnershipFactory(name="InterAct", slug="interact")
    response = as_user(world.coordinator).post(
        reverse("partnerships:edit", args=[world.mou.pk]), _form(world, slug="interact"), **EN
    )
    assert response.status_code == 400
    expected = (
        "Another partnership already has this short name; choose another, or leave it empty "
        "to have one made from the name."
    )
    assert response.context["form"].errors["slug"] == [expected]
    answer = api(world.coordinator).patch(
        f"/api/v1/partnerships/{world.mou.pk}/",
        {"slug": "interact", "version": world.mou.version},
        format="json",
    )
    assert answer.status_code == 400
    assert answer.json()["slug"] == [expected]
    world.mou.refresh_from_db()
    assert world.mou.slug == "stockholms-stad-kth"


def test_an_empty_short_name_is_made_from_the_name(world, as_user):
    response = as_user(world.coordinator).post(
        reverse("partnerships:edit", args=[world.mou.pk]),
        _form(world, name="Stad och KTH", slug=""),
    )
    assert response.status_code == 302
    world.mou.refresh_from_db()
    assert world.mou.slug == "stad-och-kth"


def test_the_api_shows_and_changes_the_season_and_the_short_name(world, api):
    client = api(world.coordinator)
    url = f"/api/v1/partnerships/{world.mou.pk}/"
    body = client.get(url).json()
    assert (body["slug"], body["dialogue_season_starts"], body["dialogue_season_ends"]) == (
        "stockholms-stad-kth",
        "03-01",
        "06-30",
    )
    changed = client.patch(
        url,
        {"dialogue_season_starts": "03-15", "slug": "stad-kth", "version": body["version"]},
        format="json",
    )
    assert changed.status_code == 200, changed.json()
    assert (changed.json()["dialogue_season_starts"], changed.json()["slug"]) == (
        "03-15",
        "stad-kth",
    )
    assert client.get("/api/v1/partnerships/").json()["results"][0]["slug"] == "stad-kth"


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        (
            {"dialogue_season_starts": "0301"},
            "dialogue_season_starts",
            "Write a month and a day as MM-DD, for example 03-01 for 1 March.",
        ),
        (
            {"dialogue_season_starts": "09-01"},
            "dialogue_season_ends",
            "The dialogue season must end after it starts, within the same year.",
        ),
        (
            {"dialogue_season_ends": "06-300"},
            "dialogue_season_ends",
            "Ensure this field has no more than 5 characters.",
        ),
    ],
)
def test_a_bad_season_is_a_400_on_its_field_in_the_api(world, api, payload, field, message):
    response = api(world.coordinator).patch(
        f"/api/v1/partnerships/{world.mou.pk}/",
        {**payload, "version": world.mou.version},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()[field] == [message]
    world.mou.refresh_from_db()
    assert (world.mou.dialogue_season_starts, world.mou.dialogue_season_ends) == ("03-01", "06-30")


def test_a_new_partnership_gets_the_spring_season_by_default(world, api):
    response = api(world.coordinator).post(
        "/api/v1/partnerships/",
        {
            "name": "Ny avsiktsförklaring",
            "kind": "mou",
            "notice_months": 3,
            "organisations": [world.kth.pk, world.stad.pk],
            "acting_for": world.kth.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["slug"], body["dialogue_season_starts"], body["dialogue_season_ends"]) == (
        "ny-avsiktsforklaring",
        "03-01",
        "06-30",
    )


def test_the_partnership_page_shows_each_dialogue_against_its_season(world, as_user):
    for held, title in [("2016-04-12", "Vår"), ("2017-10-02", "Höst"), ("2018", "Året")]:
        LeadershipDialogue.objects.create(
            partnership=world.mou, held_on=PartialDate.parse(held), title=title
        )
    with translation.override("en"):
        response = as_user(world.viewer).get(
            reverse("partnerships:detail", args=[world.mou.pk]), **EN
        )
    html = response.content.decode()
    rows = html[html.index('id="dialogues"') :]
    assert rows.index("Året") < rows.index("Cannot tell") < rows.index("Höst")
    assert rows.index("Höst") < rows.index("Outside the season") < rows.index("Vår")
    assert rows.index("Vår") < rows.index("In season")
    assert "from 03-01 to 06-30" in html


def test_the_demo_holds_a_dialogue_in_every_spring_from_2015_to_2025_and_none_in_2026(db):
    import time_machine

    from samverkan.demo import loader

    with time_machine.travel(datetime.datetime(2026, 11, 23, 12, tzinfo=datetime.UTC), tick=False):
        loader.load()
    mou = Partnership.objects.get(name="Stockholms stad–KTH")
    dialogues = list(
        mou.dialogues.prefetch_related("participations__party", "decisions", "participations")
    )
    by_year = {d.held_on.year: d for d in dialogues}
    assert sorted(by_year) == list(range(2015, 2026))
    assert len(dialogues) == 11
    for year, dialogue in by_year.items():
        assert dialogue.held_in_season() is True, year
        assert dialogue.title.endswith("(exempel)")  # fictional, and says so
        assert {p.party_id for p in dialogue.participations.all()} == {
            party.pk for party in mou.parties.all()
        }
        assert all(p.person.is_fictional for p in dialogue.participations.all())
        assert dialogue.decisions.all()
        assert dialogue.trends
    # Day precision for the added ones; the 2025 one is known to the month, as before.
    assert [d.held_on.precision for d in dialogues if d.held_on.year < 2025] == ["day"] * 10
    # The outcomes stay as the demo had them: the 2025 dialogue adjusts research.
    assert [a.area.name_en for a in by_year[2025].adjustments.all()] == ["Research and innovation"]
