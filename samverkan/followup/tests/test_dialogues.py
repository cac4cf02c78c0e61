"""The leadership dialogue (R2, R6): its validity, participants, outcomes and decisions, on the
pages and in the services. The outcomes are what the personnel-exchange rule (R5) reads."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from samverkan.activities import services as exchange_services
from samverkan.activities.models import ExchangeApproval, PersonnelExchange
from samverkan.areas.models import AreaAdjustment, CollaborationArea
from samverkan.followup import dialogue_services as services
from samverkan.followup.models import DialogueDecision, DialogueParticipant, LeadershipDialogue
from samverkan.lib.partial_dates import PartialDate
from samverkan.organisations.models import Person
from samverkan.organisations.tests.factories import PersonFactory
from samverkan.partnerships.models import Notice, Partnership
from samverkan.partnerships.tests.factories import PartnershipFactory, PartyFactory

pytestmark = pytest.mark.django_db

D = datetime.date
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _dialogue(partnership, held="2016-04-12", title="Ledningsdialog 2016", **fields):
    return LeadershipDialogue.objects.create(
        partnership=partnership, held_on=PartialDate.parse(held), title=title, **fields
    )


def _area(partnership, name, identified="2014-05", **fields):
    return CollaborationArea.objects.create(
        partnership=partnership, name=name, identified_on=PartialDate.parse(identified), **fields
    )


def _url(name, dialogue, *args):
    return reverse(f"partnerships:{name}", args=[dialogue.partnership_id, dialogue.pk, *args])


def _exchange(world, area, starts_on):
    return PersonnelExchange.objects.create(
        partnership=world.mou,
        person=PersonFactory(organisation=world.stad, name="Johan Ek"),
        home_organisation=world.stad,
        host_organisation=world.kth,
        position="Gästforskare",
        extent_percent=50,
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=180),
        area=area,
        purpose="Karriärtrappa",
        conditions="Lön från staden",
        benefit_home="Kompetens",
        benefit_host="Praktiknära forskning",
    )


# The validity rule (R9): a dialogue only while the MoU holds


def _create(client, partnership, held):
    return client.post(
        reverse("partnerships:dialogue_create", args=[partnership.pk]),
        {"held_on": held, "title": "Ledningsdialog"},
        **EN,
    )


@pytest.mark.parametrize("held", ["2014-04-30", "2014-04", "2014", "2013"])
def test_a_dialogue_before_the_signing_is_refused_on_the_date(world, as_user, held):
    # Signed "2014-05": a date known to the year 2014 could lie before it, so it is refused too.
    response = _create(as_user(world.steering), world.mou, held)
    assert response.status_code == 400
    errors = response.context["form"].errors["held_on"]
    assert errors == [
        f"The dialogue ({held}) must lie within the partnership's validity, from its signing "
        "on 2014-05. A date known only to the month or year must lie wholly within it."
    ]
    assert not LeadershipDialogue.objects.exists()


@pytest.mark.parametrize("held", ["2014-05", "2014-05-01", "2026-11-23"])
def test_a_dialogue_from_the_signing_on_is_recorded(world, as_user, held):
    response = _create(as_user(world.steering), world.mou, held)
    assert response.status_code == 302
    dialogue = LeadershipDialogue.objects.get()
    assert dialogue.held_on == PartialDate.parse(held)
    assert response["Location"] == _url("dialogue_detail", dialogue)


def test_a_dialogue_after_the_notice_ends_the_mou_is_refused(world, as_user):
    Notice.objects.create(
        partnership=world.mou,
        party=world.party_stad,
        given_on=D(2026, 11, 30),
        ends_on=D(2027, 2, 28),
    )
    client = as_user(world.coordinator)
    assert _create(client, world.mou, "2027-02-28").status_code == 302  # its last day counts
    assert _create(client, world.mou, "2027-02").status_code == 302  # wholly within, too
    for held in ("2027-03-01", "2027-03", "2027"):
        response = _create(client, world.mou, held)
        assert response.status_code == 400, held
    response = _create(client, world.mou, "2027")
    assert response.context["form"].errors["held_on"] == [
        "The dialogue (2027) must lie within the partnership's validity, from 2014-05 to "
        "2027-02-28. A date known only to the month or year must lie wholly within it."
    ]
    assert LeadershipDialogue.objects.count() == 2


def test_a_dialogue_under_an_unsigned_mou_is_refused(world, as_user):
    Partnership.objects.filter(pk=world.mou.pk).update(signed_on=None)
    response = _create(as_user(world.coordinator), world.mou, "2016-04-12")
    assert response.status_code == 400
    assert response.context["form"].errors["held_on"] == [
        "The framework agreement is not signed yet: a leadership dialogue under it can be "
        "recorded once it is signed."
    ]
    assert not LeadershipDialogue.objects.exists()


def test_a_network_has_no_signing_and_holds_until_notice(world):
    network = PartnershipFactory(kind=Partnership.Kind.NETWORK, signed_on=None)
    dialogue = LeadershipDialogue(
        partnership=network, held_on=PartialDate(2009), title="Nätverksdialog"
    )
    dialogue.full_clean()  # no error: a network holds from its start, which is not dated


# The page of a dialogue


def test_the_dialogue_page_shows_participants_topics_outcomes_and_decisions(world, as_user):
    dialogue = _dialogue(
        world.mou,
        world_around="Omvärlden förändras",
        trends="Digitalisering",
        future_challenges="Klimatomställningen",
        direction="Mer fokus på klimat",
    )
    nordin = PersonFactory(organisation=world.stad, name="Sten Nordin")
    rektor = PersonFactory(organisation=world.kth, name="Sigbritt Karlsson")
    services.add_participant(dialogue, person=nordin, actor=world.steering)
    services.add_participant(dialogue, person=rektor, actor=world.steering)
    old = _area(world.mou, "Kompetensförsörjning")
    kept = _area(world.mou, "Forskning")
    services.identify_area(dialogue, name="Klimat", name_en="Climate", actor=world.steering)
    services.adjust_area(dialogue, area=kept, description="Mot Horisont Europa", actor=None)
    services.retire_area(dialogue, area=old, actor=world.steering)
    services.add_decision(dialogue, text="Starta ett klimatprogram", actor=world.steering)

    response = as_user(world.viewer).get(_url("dialogue_detail", dialogue), **EN)
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Sten Nordin",
        "Sigbritt Karlsson",
        "Omvärlden förändras",
        "Digitalisering",
        "Klimatomställningen",
        "Mer fokus på klimat",
        "Climate",
        "Mot Horisont Europa",
        "Starta ett klimatprogram",
        "Held in the season for the year&#x27;s dialogue (2016-03-01 to 2016-06-30).",
    ):
        assert text in html, text
    parties = dict(
        (party.organisation.name, [p.person.name for p in people])
        for party, people in response.context["participants_by_party"]
    )
    assert parties == {
        "Stockholms stad": ["Sten Nordin"],
        "Kungliga Tekniska högskolan": ["Sigbritt Karlsson"],
    }
    assert [a.name for a in response.context["retired"]] == ["Kompetensförsörjning"]
    # A viewer gets no form to change anything.
    assert "participant_form" not in response.context
    assert "Remove" not in html


@pytest.mark.parametrize(
    ("held", "verdict", "words"),
    [
        ("2016-04-12", True, "Held in the season"),
        ("2016-09-01", False, "Not held in the season"),
        ("2016-04", True, "Held in the season"),
        ("2016", None, "cannot tell whether"),
    ],
)
def test_the_page_says_whether_the_dialogue_was_held_in_its_season(
    world, as_user, held, verdict, words
):
    dialogue = _dialogue(world.mou, held)
    response = as_user(world.viewer).get(_url("dialogue_detail", dialogue), **EN)
    assert response.context["in_season"] is verdict
    assert words in response.content.decode()


def test_an_outsider_gets_404_and_a_viewer_403_for_every_dialogue_page(world, as_user):
    dialogue = _dialogue(world.mou)
    area = _area(world.mou, "Forskning")
    person = PersonFactory(organisation=world.kth)
    DialogueParticipant.objects.create(dialogue=dialogue, person=person, party=world.party_kth)
    decision = DialogueDecision.objects.create(dialogue=dialogue, text="Beslut")
    pages = [
        ("dialogue_edit", ()),
        ("dialogue_participant_add", ()),
        ("dialogue_identify", ()),
        ("dialogue_adjust", ()),
        ("dialogue_retire", ()),
        ("dialogue_decision_add", ()),
        ("dialogue_decision_edit", (decision.pk,)),
        ("dialogue_decision_delete", (decision.pk,)),
        ("dialogue_participant_remove", (person.pk,)),
    ]
    viewer = as_user(world.viewer)
    assert viewer.get(_url("dialogue_detail", dialogue)).status_code == 200
    for name, args in pages:
        response = viewer.post(
            _url(name, dialogue, *args), {"retire-area": area.pk, "decision-text": "X"}
        )
        assert response.status_code == 403, name
    outsider = as_user(world.outsider)
    assert outsider.get(_url("dialogue_detail", dialogue)).status_code == 404
    for name, args in pages:
        assert outsider.post(_url(name, dialogue, *args)).status_code == 404, name
    assert CollaborationArea.objects.get().retired_on is None
    assert DialogueParticipant.objects.count() == 1
    assert DialogueDecision.objects.get().text == "Beslut"


def test_a_dialogue_of_another_partnership_is_404_under_this_one(world, as_user):
    other = _dialogue(PartnershipFactory())
    url = reverse("partnerships:dialogue_detail", args=[world.mou.pk, other.pk])
    assert as_user(world.coordinator).get(url).status_code == 404


def test_two_editors_of_a_dialogue_do_not_overwrite_each_other(world, as_user):
    dialogue = _dialogue(world.mou)
    url = _url("dialogue_edit", dialogue)
    form = {"held_on": "2016-04-12", "title": "Ledningsdialog 2016", "version": 1}
    client = as_user(world.steering)
    assert client.post(url, {**form, "trends": "Först"}).status_code == 302
    response = client.post(url, {**form, "trends": "Sist"}, **EN)
    assert response.status_code == 400
    assert response.context["conflict"] is not None
    assert "Someone else saved this record" in response.content.decode()
    assert LeadershipDialogue.objects.get().trends == "Först"


# Participants


def test_a_participant_takes_part_for_the_party_of_their_organisation(world, as_user):
    dialogue = _dialogue(world.mou)
    person = PersonFactory(organisation=world.stad, name="Sten Nordin")
    client = as_user(world.admin)
    response = client.post(
        _url("dialogue_participant_add", dialogue), {"participant-person": person.pk}
    )
    assert response.status_code == 302
    participant = DialogueParticipant.objects.get()
    assert (participant.person, participant.party) == (person, world.party_stad)
    again = client.post(
        _url("dialogue_participant_add", dialogue), {"participant-person": person.pk}, **EN
    )
    assert again.status_code == 400
    assert again.context["form"].errors["person"] == ["Sten Nordin is already a participant."]
    removed = client.post(_url("dialogue_participant_remove", dialogue, person.pk))
    assert removed.status_code == 302
    assert not DialogueParticipant.objects.exists()


def test_a_person_of_no_party_cannot_take_part(world, as_user):
    dialogue = _dialogue(world.mou)
    olle = Person.objects.get(name="Olle Utanför")  # of Solna stad, no party
    response = as_user(world.admin).post(
        _url("dialogue_participant_add", dialogue), {"participant-person": olle.pk}, **EN
    )
    assert response.status_code == 400
    [message] = response.context["form"].errors["person"]
    assert message.startswith(f"{olle.name} works at Solna stad, which is not a party")
    assert not DialogueParticipant.objects.exists()


# Outcomes: areas identified, adjusted and retired, and the exchange rule (R5)


def test_an_area_identified_by_a_dialogue_makes_an_exchange_in_it_approvable(world, as_user):
    dialogue = _dialogue(world.mou, "2025-05-20", "Ledningsdialog 2025")
    before = _area(world.mou, "Personutbyten")
    exchange = _exchange(world, before, D(2025, 9, 1))
    response = as_user(world.steering).post(
        _url("dialogue_identify", dialogue),
        {"identify-name": "Klimatneutral stad", "identify-name_en": "Climate-neutral city"},
    )
    assert response.status_code == 302
    area = CollaborationArea.objects.get(name="Klimatneutral stad")
    assert (area.identified_on, area.identified_by, area.name_en) == (
        PartialDate(2025, 5, 20),
        dialogue,
        "Climate-neutral city",
    )
    # An exchange in the new area starting after the dialogue is within R5 now.
    exchange.area = area
    exchange.save()
    assert exchange_services.approval_problems(exchange) == []
    exchange_services.approve_exchange(exchange, organisation=world.kth, actor=world.coordinator)
    exchange_services.approve_exchange(
        exchange, organisation=world.stad, actor=world.coordinator_stad
    )
    assert PersonnelExchange.objects.get(pk=exchange.pk).is_approved
    # One that started before the dialogue is not.
    early = _exchange(world, area, D(2025, 5, 19))
    with pytest.raises(exchange_services.ExchangeError) as refused:
        exchange_services.approve_exchange(early, organisation=world.kth, actor=world.coordinator)
    assert refused.value.field == "area"


def test_an_exchange_in_an_area_retired_by_a_dialogue_is_refused(world, as_user):
    area = _area(world.mou, "Personutbyten")
    dialogue = _dialogue(world.mou, "2020-04-15", "Ledningsdialog 2020")
    response = as_user(world.steering).post(
        _url("dialogue_retire", dialogue), {"retire-area": area.pk}
    )
    assert response.status_code == 302
    area.refresh_from_db()
    assert (area.retired_on, area.retired_by, area.version) == (
        PartialDate(2020, 4, 15),
        dialogue,
        2,
    )
    assert area.history.first().history_user == world.steering
    exchange = _exchange(world, area, D(2020, 9, 1))
    with translation.override("en"), pytest.raises(exchange_services.ExchangeError) as refused:
        exchange_services.approve_exchange(
            exchange, organisation=world.kth, actor=world.coordinator
        )
    assert "is not among the collaboration areas identified" in str(refused.value.message)
    assert not ExchangeApproval.objects.exists()
    # An exchange that started while the area held is still within it.
    assert exchange_services.approval_problems(_exchange(world, area, D(2020, 4, 14))) == []


def test_an_area_already_retired_cannot_be_retired_again(world, as_user):
    first = _dialogue(world.mou, "2018-04-10", "Ledningsdialog 2018")
    later = _dialogue(world.mou, "2020-04-15", "Ledningsdialog 2020")
    area = _area(world.mou, "Personutbyten")
    services.retire_area(first, area=area, actor=world.steering)
    for name in ("dialogue_retire", "dialogue_adjust"):
        prefix = "retire" if name == "dialogue_retire" else "adjust"
        response = as_user(world.steering).post(
            _url(name, later),
            {f"{prefix}-area": area.pk, f"{prefix}-description": "Ny inriktning"},
            **EN,
        )
        assert response.status_code == 400
        assert response.context["form"].errors["area"] == [
            "Personutbyten is already retired (2018-04-10)."
        ]
    area.refresh_from_db()
    assert area.retired_by == first
    assert not AreaAdjustment.objects.exists()


def test_an_area_that_does_not_exist_or_is_of_another_partnership_is_refused(world, as_user):
    dialogue = _dialogue(world.mou)
    elsewhere = _area(PartnershipFactory(), "Annat område")
    client = as_user(world.steering)
    for area_id in (elsewhere.pk, 999_999, "x"):
        response = client.post(_url("dialogue_retire", dialogue), {"retire-area": area_id}, **EN)
        assert response.status_code == 400
        assert response.context["form"].errors["area"] == [
            "There is no such collaboration area in this partnership."
        ]
    assert CollaborationArea.objects.get().retired_on is None
    # The service refuses it too, whoever calls it.
    with translation.override("en"), pytest.raises(services.DialogueError) as refused:
        services.retire_area(dialogue, area=elsewhere, actor=world.steering)
    assert refused.value.field == "area"


def test_an_area_not_yet_identified_at_the_dialogue_cannot_be_retired_or_adjusted(world):
    dialogue = _dialogue(world.mou, "2016-04-12")
    later_area = _area(world.mou, "Klimat", identified="2020-04")
    with translation.override("en"):
        for action in (services.retire_area, services.adjust_area):
            kwargs = {"description": "X"} if action is services.adjust_area else {}
            with pytest.raises(services.DialogueError) as refused:
                action(dialogue, area=later_area, actor=world.steering, **kwargs)
            assert str(refused.value.message) == (
                "Klimat was not yet identified when this dialogue was held: it was identified "
                "2020-04, the dialogue is dated 2016-04-12."
            )
    assert CollaborationArea.objects.get().retired_on is None


def test_a_dialogue_cannot_retire_the_area_it_identified(world):
    dialogue = _dialogue(world.mou)
    area = services.identify_area(dialogue, name="Klimat", actor=world.steering)
    with pytest.raises(services.DialogueError):
        services.retire_area(dialogue, area=area, actor=world.steering)
    area.refresh_from_db()
    assert area.retired_on is None


def test_an_area_of_a_name_in_force_is_not_identified_twice(world, as_user):
    dialogue = _dialogue(world.mou)
    _area(world.mou, "Klimat")
    response = as_user(world.steering).post(
        _url("dialogue_identify", dialogue), {"identify-name": " klimat "}, **EN
    )
    assert response.status_code == 400
    assert response.context["form"].errors["name"] == [
        "The partnership already has a collaboration area named klimat."
    ]
    assert CollaborationArea.objects.count() == 1


def test_an_adjustment_is_recorded_for_an_area_in_force(world, as_user):
    dialogue = _dialogue(world.mou)
    area = _area(world.mou, "Forskning")
    response = as_user(world.coordinator).post(
        _url("dialogue_adjust", dialogue),
        {"adjust-area": area.pk, "adjust-description": "Mot Horisont Europa"},
    )
    assert response.status_code == 302
    adjustment = AreaAdjustment.objects.get()
    assert (adjustment.area, adjustment.dialogue, adjustment.description) == (
        area,
        dialogue,
        "Mot Horisont Europa",
    )


# Decisions


def test_decisions_are_added_edited_with_a_version_and_removed(world, as_user):
    dialogue = _dialogue(world.mou)
    client = as_user(world.steering)
    empty = client.post(_url("dialogue_decision_add", dialogue), {"decision-text": ""}, **EN)
    assert empty.status_code == 400
    assert not DialogueDecision.objects.exists()
    added = client.post(_url("dialogue_decision_add", dialogue), {"decision-text": "Beslut 1"})
    assert added.status_code == 302
    decision = DialogueDecision.objects.get()
    url = _url("dialogue_decision_edit", dialogue, decision.pk)
    assert client.post(url, {"text": "Beslut 1, ändrat", "version": 1}).status_code == 302
    stale = client.post(url, {"text": "Sent", "version": 1}, **EN)
    assert stale.status_code == 400
    assert stale.context["conflict"] is not None
    decision.refresh_from_db()
    assert (decision.text, decision.version) == ("Beslut 1, ändrat", 2)
    delete_url = _url("dialogue_decision_delete", dialogue, decision.pk)
    assert client.post(delete_url, {"version": 1}).status_code == 409
    assert client.post(delete_url, {"version": 2}).status_code == 302
    assert not DialogueDecision.objects.exists()


# A fixed number of queries, whatever the number of participants and outcomes


def _grow(world, dialogue, start, n):
    for i in range(start, start + n):
        person = PersonFactory(organisation=world.kth if i % 2 else world.stad)
        services.add_participant(dialogue, person=person, actor=None)
        area = _area(world.mou, f"Område {i}")
        services.adjust_area(dialogue, area=area, description=f"Justering {i}", actor=None)
        services.identify_area(dialogue, name=f"Nytt område {i}", actor=None)
        if i % 3 == 0:
            services.retire_area(dialogue, area=area, actor=None)
        services.add_decision(dialogue, text=f"Beslut {i}", actor=None)
        _dialogue(world.mou, f"{2015 + i % 10}-04-01", f"Dialog {i}")


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("user", ["viewer", "steering"])
def test_the_dialogue_page_runs_a_fixed_number_of_queries(
    world, as_user, django_assert_max_num_queries, user
):
    dialogue = _dialogue(world.mou, "2014-06-01")
    client = as_user(getattr(world, user))
    url = _url("dialogue_detail", dialogue)
    _grow(world, dialogue, 0, 1)
    few = _queries(client, url)
    _grow(world, dialogue, 1, 15)
    with django_assert_max_num_queries(few):
        response = client.get(url)
    assert response.context["decisions"][-1].text == "Beslut 15"


def test_the_partnership_page_runs_a_fixed_number_of_queries_whatever_the_dialogues(
    world, as_user, django_assert_max_num_queries
):
    dialogue = _dialogue(world.mou, "2014-06-01")
    client = as_user(world.steering)
    url = reverse("partnerships:detail", args=[world.mou.pk])
    _grow(world, dialogue, 0, 1)
    few = _queries(client, url)
    _grow(world, dialogue, 1, 15)
    with django_assert_max_num_queries(few):
        response = client.get(url)
    assert "Dialog 15" in response.content.decode()


def test_the_party_of_a_network_member_is_found_for_a_participant(world):
    network = PartnershipFactory(kind=Partnership.Kind.NETWORK, signed_on=None)
    member = PartyFactory(partnership=network, organisation=world.kth)
    dialogue = _dialogue(network, "2016", "Nätverksmöte")
    person = PersonFactory(organisation=world.kth)
    participant = services.add_participant(dialogue, person=person, actor=None)
    assert participant.party == member
