import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from samverkan.areas.models import CollaborationArea, ContactPerson
from samverkan.followup.models import LeadershipDialogue
from samverkan.lib.partial_dates import PartialDate
from samverkan.organisations.tests.factories import PersonFactory
from samverkan.partnerships.tests.factories import PartnershipFactory


def _area(world, name, identified, retired=None):
    return CollaborationArea.objects.create(
        partnership=world.mou,
        name=name,
        identified_on=PartialDate.parse(identified),
        retired_on=PartialDate.parse(retired) if retired else None,
    )


def test_the_areas_in_force_on_a_date_is_one_question(world):
    _area(world, "Kompetensförsörjning", "2014-05")
    _area(world, "Smarta städer", "2016-04-12", retired="2020")
    _area(world, "Klimat", "2021-03")
    in_force = CollaborationArea.objects.filter(partnership=world.mou).in_force

    def names(day):
        return sorted(a.name for a in in_force(on=day))

    assert names(datetime.date(2014, 4, 30)) == []
    assert names(datetime.date(2014, 5, 1)) == ["Kompetensförsörjning"]
    assert names(datetime.date(2018, 1, 1)) == ["Kompetensförsörjning", "Smarta städer"]
    assert names(datetime.date(2020, 1, 1)) == ["Kompetensförsörjning"]
    assert names(datetime.date(2022, 1, 1)) == ["Klimat", "Kompetensförsörjning"]


def test_a_dialogue_identifies_adjusts_and_retires_an_area_with_history(world, as_user):
    client = as_user(world.steering)
    pk = world.mou.pk
    client.post(
        reverse("partnerships:dialogue_create", args=[pk]),
        {"held_on": "2016-04-12", "title": "Ledningsdialog 2016", "summary": "Omvärld och trender"},
    )
    dialogue = LeadershipDialogue.objects.get(title="Ledningsdialog 2016")
    client.post(
        reverse("partnerships:area_create", args=[pk]),
        {"name": "Smarta städer", "identified_on": "2016-04-12", "identified_by": dialogue.pk},
    )
    area = CollaborationArea.objects.get(name="Smarta städer")
    assert area.identified_by == dialogue
    client.post(
        reverse("partnerships:adjustment_create", args=[pk, area.pk]),
        {"dialogue": dialogue.pk, "description": "Fokus på trafik"},
    )
    later = LeadershipDialogue.objects.create(
        partnership=world.mou, held_on=PartialDate(2020, 4), title="Ledningsdialog 2020"
    )
    response = client.post(
        reverse("partnerships:area_edit", args=[pk, area.pk]),
        {
            "name": "Smarta städer",
            "identified_on": "2016-04-12",
            "identified_by": dialogue.pk,
            "retired_on": "2020-04",
            "retired_by": later.pk,
            "version": area.version,
        },
    )
    assert response.status_code == 302
    area.refresh_from_db()
    assert area.retired_by == later
    assert not area.is_in_force(datetime.date(2020, 5, 1))
    assert area.adjustments.get().description == "Fokus på trafik"
    history = client.get(reverse("partnerships:history", args=[pk]), HTTP_ACCEPT_LANGUAGE="en")
    changes = [
        (c.field, c.after)
        for e in history.context["entries"]
        if e.record_type == "collaboration area"
        for c in e.changes
    ]
    assert ("retired", "April 2020") in changes


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "An area cannot be retired before it was identified."),
        ("sv", "Ett område kan inte avvecklas innan det har identifierats."),
    ],
)
def test_an_area_retired_before_it_was_identified_is_refused(world, as_user, language, message):
    response = as_user(world.coordinator).post(
        reverse("partnerships:area_create", args=[world.mou.pk]),
        {"name": "Bakvänt", "identified_on": "2016", "retired_on": "2015-12"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CollaborationArea.objects.filter(name="Bakvänt").exists()


def test_a_dialogue_of_another_partnership_cannot_identify_an_area(world, as_user):
    elsewhere = LeadershipDialogue.objects.create(
        partnership=PartnershipFactory(), held_on=PartialDate(2016), title="Annan dialog"
    )
    response = as_user(world.coordinator).post(
        reverse("partnerships:area_create", args=[world.mou.pk]),
        {"name": "Område", "identified_on": "2016", "identified_by": elsewhere.pk},
    )
    assert response.status_code == 400
    assert not CollaborationArea.objects.filter(name="Område").exists()


def test_contact_persons_are_named_per_area_and_party(world, as_user):
    area = _area(world, "Personutbyten", "2014-05")
    karin = PersonFactory(organisation=world.kth, name="Karin Berg")
    johan = PersonFactory(organisation=world.stad, name="Johan Ek")
    sara = PersonFactory(organisation=world.stad, name="Sara Nyström")
    url = reverse("partnerships:contact_create", args=[world.mou.pk])
    # Each party names its own people; the other party's staff are not in its choices.
    choices = as_user(world.coordinator).get(url).content.decode()
    assert "Karin Berg" in choices and "Johan Ek" not in choices
    assert (
        as_user(world.coordinator).post(url, {"area": area.pk, "person": karin.pk}).status_code
        == 302
    )
    city = as_user(world.coordinator_stad)
    for person in (johan, sara):
        assert city.post(url, {"area": area.pk, "person": person.pk}).status_code == 302
    client = as_user(world.coordinator)
    parties = {c.person.name: c.party.organisation for c in ContactPerson.objects.all()}
    assert parties == {"Karin Berg": world.kth, "Johan Ek": world.stad, "Sara Nyström": world.stad}
    page = client.get(reverse("partnerships:detail", args=[world.mou.pk])).content.decode()
    assert "Johan Ek" in page and "Sara Nyström" in page
    history = client.get(reverse("partnerships:history", args=[world.mou.pk]))
    labels = {
        e.record_label for e in history.context["entries"] if e.record_type == "kontaktperson"
    }
    assert labels == {"Karin Berg", "Johan Ek", "Sara Nyström"}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_contact_person_whose_organisation_is_not_a_party_is_refused(world, as_user, language):
    area = _area(world, "Personutbyten", "2014-05")
    stranger = PersonFactory(organisation=world.elsewhere, name="Olle Främling")
    response = as_user(world.admin).post(
        reverse("partnerships:contact_create", args=[world.mou.pk]),
        {"area": area.pk, "person": stranger.pk, "field": "Praktik"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    expected = {"en": "which is not a party of this partnership", "sv": "som inte är part i"}[
        language
    ]
    assert expected in response.context["form"].errors["person"][0]
    assert 'value="Praktik"' in response.content.decode()
    assert not ContactPerson.objects.exists()


def test_contact_persons_cannot_be_added_by_a_viewer(world, as_user):
    karin = PersonFactory(organisation=world.kth)
    response = as_user(world.viewer).post(
        reverse("partnerships:contact_create", args=[world.mou.pk]), {"person": karin.pk}
    )
    assert response.status_code == 403
    assert not ContactPerson.objects.exists()


def test_the_database_sorts_dates_of_any_precision_in_time_order(world):
    for held in ["2016", "2015-04-10", "2015", "2015-04", "2014-12-31"]:
        LeadershipDialogue.objects.create(
            partnership=world.mou, held_on=PartialDate.parse(held), title=held
        )
    ordered = LeadershipDialogue.objects.order_by("held_on").values_list("title", flat=True)
    assert list(ordered) == ["2014-12-31", "2015", "2015-04", "2015-04-10", "2016"]
    stored = LeadershipDialogue.objects.get(title="2015-04").held_on
    with translation.override("sv"):
        assert (stored.precision, stored.display()) == ("month", "april 2015")
