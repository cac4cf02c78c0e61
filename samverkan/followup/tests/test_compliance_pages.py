"""The compliance panel's page and its API: who reads, the day asked for, the query count."""

import pytest
from django.utils import timezone, translation

from samverkan.accounts.models import Role
from samverkan.accounts.tests.factories import RoleFactory, UserFactory
from samverkan.activities.models import Activity, ActivityParty
from samverkan.agreements.tests.factories import ActivityFactory, mark
from samverkan.areas.models import CollaborationArea
from samverkan.followup import compliance
from samverkan.followup.models import LeadershipDialogue
from samverkan.lib.partial_dates import PartialDate
from samverkan.organisations.tests.factories import OrganisationFactory
from samverkan.partnerships.tests.factories import PartyFactory

SECRET = "Secret (OSL 31 kap. 16 §)"


def url(world, query=""):
    return f"/partnerships/{world.mou.pk}/compliance/{query}"


def api_url(world, query=""):
    return f"/api/v1/partnerships/{world.mou.pk}/compliance/{query}"


@pytest.fixture
def spring(world):
    return LeadershipDialogue.objects.create(
        partnership=world.mou, held_on=PartialDate.parse("2026-05-20"), title="Vårens dialog"
    )


# The page


@pytest.mark.parametrize("persona", ["viewer", "steering", "leadership_stad", "coordinator"])
def test_everyone_taking_part_reads_the_panel(world, as_user, persona):
    response = as_user(getattr(world, persona)).get(url(world), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.content.decode()
    for key in compliance.KEYS:
        assert f'id="finding-{key}"' in body


def test_the_outsider_gets_404(world, as_user):
    assert as_user(world.outsider).get(url(world)).status_code == 404


def test_anonymous_readers_are_sent_to_log_in(world, client):
    response = client.get(url(world))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_state_is_in_words_and_an_icon_not_colour_alone(world, as_user, spring):
    body = (
        as_user(world.viewer)
        .get(url(world, "?on=2026-09-15"), HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    section = body[body.index('id="finding-dialogue_in_season"') :]
    section = section[: section.index("</section>")]
    assert 'data-state="kept"' in section
    assert '<span aria-hidden="true">✓</span> Kept' in section
    assert "Vårens dialog" in section
    section = body[body.index('id="finding-contacts_named"') :]
    assert "No collaboration area is in force" in section[: section.index("</section>")]


def test_another_day_is_judged_on_that_day(world, as_user, spring):
    client = as_user(world.steering)
    before = client.get(url(world, "?on=2026-04-01"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    section = before[before.index('id="finding-dialogue_in_season"') :]
    section = section[: section.index("</section>")]
    assert 'data-state="not_kept"' in section
    assert "Not yet held this year: due by" in section
    assert f'href="/partnerships/{world.mou.pk}/dialogues/new/"' in section
    assert "On 2026-04-01:" in before


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?on=2026-13-01", "Write the day as YYYY-MM-DD"),
        ("?on=yesterday", "Write the day as YYYY-MM-DD"),
        ("?on=0001-01-01", "Choose a day from 1900-01-01 to 9998-12-31."),
        ("?on=9999-12-31", "Choose a day from 1900-01-01 to 9998-12-31."),
        ("?on=2026-05-20%00", "Write the day as YYYY-MM-DD"),
    ],
)
def test_a_bad_day_is_named_on_the_form_never_a_500(world, as_user, query, message):
    response = as_user(world.viewer).get(url(world, query), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert 'id="form-errors"' in body
    assert 'id="finding-' not in body


def test_links_to_act_only_for_those_who_may(world, as_user):
    CollaborationArea.objects.create(
        partnership=world.mou, name="Kompetens", identified_on=PartialDate(2014, 5)
    )
    add_contact = f'href="/partnerships/{world.mou.pk}/contacts/new/"'
    assert add_contact in as_user(world.coordinator).get(url(world)).content.decode()
    assert add_contact not in as_user(world.viewer).get(url(world)).content.decode()


def test_a_secret_activity_shows_its_mask_to_a_third_party_and_its_title_to_the_entitled(
    world, as_user
):
    region = OrganisationFactory(name="Region Stockholm")
    PartyFactory(partnership=world.mou, organisation=region)
    third = UserFactory(username="region")
    RoleFactory(user=third, organisation=region, partnership=world.mou, role=Role.COORDINATOR)
    activity = ActivityFactory(
        partnership=world.mou, title="Hemlig studie", status=Activity.Status.ONGOING
    )
    ActivityParty.objects.create(activity=activity, party=world.party_kth)
    mark(activity=activity, target="title", authority=world.kth)
    detail = f"/partnerships/{world.mou.pk}/activities/{activity.pk}/"

    body = as_user(third).get(url(world), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Hemlig studie" not in body
    assert SECRET in body
    assert detail not in body
    assert "1 of 1 ongoing activities" in body

    body = as_user(world.coordinator).get(url(world), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Hemlig studie" in body
    assert detail in body


def _grow(world, n):
    the_area = CollaborationArea.objects.create(
        partnership=world.mou, name=f"Area {n}", identified_on=PartialDate(2014, 5)
    )
    for i in range(n):
        activity = ActivityFactory(
            partnership=world.mou, status=Activity.Status.ONGOING, area=the_area
        )
        ActivityParty.objects.create(activity=activity, party=world.party_kth)
        if i % 3 == 0:
            mark(activity=activity, target="title", authority=world.kth)


def test_the_page_runs_a_fixed_number_of_queries(world, as_user, django_assert_max_num_queries):
    client = as_user(world.viewer)
    _grow(world, 2)
    client.get(url(world))  # the session, once
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url(world)).status_code == 200
    _grow(world, 30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url(world)).status_code == 200
    assert len(few.captured_queries) <= 13, len(few.captured_queries)


# The API


def test_the_api_answers_the_findings_in_order(world, api, spring):
    response = api(world.steering).get(api_url(world, "?on=2026-09-15"))
    assert response.status_code == 200
    body = response.json()
    assert [f["key"] for f in body] == list(compliance.KEYS)
    dialogue = body[0]
    assert dialogue["ok"] is True
    assert dialogue["state"] == "kept"
    assert dialogue["title"] == "Leadership dialogue this spring"
    assert dialogue["items"][0]["label"].endswith("Vårens dialog")
    assert dialogue["items"][0]["url"] == (f"/partnerships/{world.mou.pk}/dialogues/{spring.pk}/")
    steering = body[1]
    assert steering["state"] == "not_kept"
    assert steering["action_url"] == f"/partnerships/{world.mou.pk}/steering-group/new/"
    assert {i["label"] for i in steering["items"]} == {
        "No member for Kungliga Tekniska högskolan",
        "No member for Stockholms stad",
    }
    assert set(body[5]) == {
        "key",
        "title",
        "obligation",
        "ok",
        "state",
        "evidence",
        "action_url",
        "action_label",
        "items",
        "more",
    }
    assert body[1]["more"] == 0


def test_the_api_speaks_the_readers_language(world, api):
    body = api(world.viewer, language="sv").get(api_url(world, "?on=2026-09-15")).json()
    with translation.override("sv"):
        expected = str(compliance.TITLES["dialogue_in_season"])
    assert body[0]["title"] == expected
    assert body[0]["action_url"] == ""  # a viewer records no dialogue


def test_the_api_gives_the_outsider_404(world, api):
    assert api(world.outsider).get(api_url(world)).status_code == 404
    assert api(None).get(api_url(world)).status_code in (401, 403)


@pytest.mark.parametrize("day", ["2026-02-30", "tomorrow", "1899-12-31", "10000-01-01"])
def test_the_api_refuses_a_bad_day_with_400(world, api, day):
    response = api(world.viewer).get(api_url(world), {"on": day})
    assert response.status_code == 400
    assert list(response.json()) == ["on"]


def test_today_is_the_default_day(world, api, spring):
    client = api(world.viewer)
    today = timezone.localdate().isoformat()
    assert client.get(api_url(world)).json() == client.get(api_url(world, f"?on={today}")).json()
    assert client.get(api_url(world)).json() != client.get(api_url(world, "?on=2020-01-01")).json()
