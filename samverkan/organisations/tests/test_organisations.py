import pytest
from django.urls import reverse

from samverkan.areas.models import ContactPerson
from samverkan.lib.orgnumbers import InvalidOrganisationNumber, normalise
from samverkan.organisations.models import Organisation, Person, Unit
from samverkan.organisations.tests.factories import OrganisationFactory, PersonFactory, UnitFactory


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("212000-0142", "212000-0142"),
        ("2021003054", "202100-3054"),
        (" 202100 3054 ", "202100-3054"),
    ],
)
def test_valid_organisation_numbers_are_shown_with_a_hyphen(typed, shown):
    assert normalise(typed) == shown


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("212000-0143", "check-digit"),
        ("21200-0142", "format"),
        ("2120000142x", "format"),
        ("201000-0000", "third-digits"),
    ],
)
def test_malformed_organisation_numbers_are_refused_with_their_reason(typed, reason):
    with pytest.raises(InvalidOrganisationNumber) as error:
        normalise(typed)
    assert error.value.reason == reason


def _organisation_form(**overrides):
    data = {"name": "Uppsala universitet", "kind": "state_university", "organisation_number": ""}
    data.update(overrides)
    return data


def test_a_coordinator_registers_an_organisation_with_its_number(world, as_user):
    client = as_user(world.coordinator)
    response = client.post(
        reverse("organisations:create"), _organisation_form(organisation_number="2021002932")
    )
    organisation = Organisation.objects.get(name="Uppsala universitet")
    assert response.status_code == 302
    assert organisation.organisation_number == "202100-2932"
    assert organisation.history.first().history_user == world.coordinator
    # The coordinator who registered it goes on to add its units and people.
    unit = client.get(reverse("organisations:unit_create", args=[organisation.pk]))
    assert unit.status_code == 200


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_typo_in_the_organisation_number_is_refused_where_it_was_typed(world, as_user, language):
    client = as_user(world.coordinator)
    response = client.post(
        reverse("organisations:create"),
        _organisation_form(organisation_number="212000-0143"),
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    assert not Organisation.objects.filter(name="Uppsala universitet").exists()
    errors = response.context["form"].errors["organisation_number"]
    expected = {
        "sv": "Sista siffran stämmer inte",
        "en": "The last digit does not match",
    }[language]
    assert expected in errors[0]
    assert 'value="212000-0143"' in response.content.decode()


def test_the_same_organisation_number_cannot_be_registered_twice(world, as_user):
    response = as_user(world.coordinator).post(
        reverse("organisations:create"), _organisation_form(organisation_number="2120000142")
    )
    assert response.status_code == 400
    assert (
        "organisation_number" in response.context["form"].errors
        or response.context["form"].non_field_errors()
    )


def test_only_coordinators_register_organisations(world, as_user):
    for user in (world.viewer, world.outsider, world.steering):
        response = as_user(user).post(reverse("organisations:create"), _organisation_form())
        assert response.status_code == 403
    assert not Organisation.objects.filter(name="Uppsala universitet").exists()


def test_a_coordinator_edits_only_their_own_organisation(world, as_user):
    client = as_user(world.coordinator)
    own = client.get(reverse("organisations:edit", args=[world.kth.pk]))
    other = client.get(reverse("organisations:edit", args=[world.stad.pk]))
    assert own.status_code == 200
    assert other.status_code == 403


def test_units_form_a_tree_with_reporting_lines(world, as_user):
    client = as_user(world.coordinator)
    url = reverse("organisations:unit_create", args=[world.kth.pk])
    client.post(url, {"name": "KTH Innovation", "kind": "innovation_unit"})
    innovation = Unit.objects.get(name="KTH Innovation")
    client.post(
        url, {"name": "Innovationskontoret", "kind": "innovation_office", "parent": innovation.pk}
    )
    client.post(
        url,
        {
            "name": "Avdelningen",
            "kind": "department",
            "reports_to": innovation.pk,
            "established_on": "2012",
        },
    )
    office = Unit.objects.get(name="Innovationskontoret")
    department = Unit.objects.get(name="Avdelningen")
    assert office.parent == innovation
    assert department.reports_to == innovation
    assert department.established_on.isoformat() == "2012"
    page = client.get(reverse("organisations:detail", args=[world.kth.pk])).content.decode()
    assert page.index("KTH Innovation") < page.index("Innovationskontoret")


def test_a_unit_cannot_be_part_of_itself_through_others(world, as_user):
    top = UnitFactory(organisation=world.kth, name="Top")
    middle = UnitFactory(organisation=world.kth, name="Middle", parent=top)
    response = as_user(world.coordinator).post(
        reverse("organisations:unit_edit", args=[world.kth.pk, top.pk]),
        {"name": "Top", "kind": "department", "parent": middle.pk, "version": top.version},
    )
    assert response.status_code == 400
    assert "parent" in response.context["form"].errors
    top.refresh_from_db()
    assert top.parent is None


def test_a_unit_cannot_close_before_it_was_established(world, as_user):
    response = as_user(world.coordinator).post(
        reverse("organisations:unit_create", args=[world.kth.pk]),
        {"name": "Lab", "kind": "laboratory", "established_on": "2015", "closed_on": "2014-06"},
    )
    assert response.status_code == 400
    assert not Unit.objects.filter(name="Lab").exists()


def test_a_person_belongs_to_a_unit_of_their_own_organisation(world, as_user):
    foreign_unit = UnitFactory(organisation=world.stad)
    response = as_user(world.coordinator).post(
        reverse("organisations:person_create", args=[world.kth.pk]),
        {"name": "Ny Person", "title": "Lektor", "unit": foreign_unit.pk},
    )
    assert response.status_code == 400
    assert not Person.objects.filter(name="Ny Person").exists()


def test_people_are_visible_only_to_those_with_business_with_their_organisation(world, as_user):
    person = PersonFactory(organisation=world.kth, name="Karin Berg")
    url = reverse("organisations:person_detail", args=[person.pk])
    assert as_user(world.viewer).get(url).status_code == 200
    # The city's coordinator shares a partnership with KTH, but sees only the KTH people
    # named in it (signatories, contact persons): not KTH's whole staff.
    assert as_user(world.coordinator_stad).get(url).status_code == 404
    ContactPerson.objects.create(partnership=world.mou, party=world.party_kth, person=person)
    assert as_user(world.coordinator_stad).get(url).status_code == 200
    outsider = as_user(world.outsider)
    assert outsider.get(reverse("organisations:person_detail", args=[person.pk])).status_code == 404
    listing = outsider.get(reverse("organisations:person_list")).content.decode()
    assert "Karin Berg" not in listing
    assert "Olle Utanför" in listing
    detail = outsider.get(reverse("organisations:detail", args=[world.kth.pk])).content.decode()
    assert "Karin Berg" not in detail
    history = outsider.get(reverse("organisations:history", args=[world.kth.pk])).content.decode()
    assert "Karin Berg" not in history


def test_the_organisation_list_is_paged_by_keyset(world, as_user):
    for n in range(60):
        OrganisationFactory(name=f"Kommun {n:02d}")
    client = as_user(world.viewer)
    first = client.get(reverse("organisations:list"), {"q": "Kommun"})
    assert len(first.context["page"].rows) == 50
    cursor = first.context["page"].next_cursor
    second = client.get(reverse("organisations:list"), {"q": "Kommun", "after": cursor})
    names = [o.name for o in second.context["page"].rows]
    assert names == [f"Kommun {n:02d}" for n in range(50, 60)]
    assert second.context["page"].next_cursor is None
    garbage = client.get(reverse("organisations:list"), {"after": "not-a-cursor"})
    assert garbage.status_code == 200


@pytest.mark.parametrize("rows", [1, 40])
def test_register_pages_run_a_fixed_number_of_queries(
    world, as_user, django_assert_max_num_queries, rows
):
    for n in range(rows):
        organisation = OrganisationFactory(name=f"Org {n}")
        unit = UnitFactory(organisation=world.kth, name=f"Enhet {n}")
        PersonFactory(organisation=world.kth, unit=unit, name=f"Person {n}")
        PersonFactory(organisation=organisation)
    client = as_user(world.coordinator)
    person = Person.objects.filter(organisation=world.kth).first()
    for url in [
        reverse("organisations:list"),
        reverse("organisations:detail", args=[world.kth.pk]),
        reverse("organisations:history", args=[world.kth.pk]),
        reverse("organisations:person_list"),
        reverse("organisations:person_detail", args=[person.pk]),
        reverse("organisations:unit_create", args=[world.kth.pk]),
    ]:
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200


def test_an_organisations_history_shows_only_the_people_and_editors_one_may_see(world, as_user):
    named = PersonFactory(organisation=world.kth, name="Karin Berg")
    PersonFactory(organisation=world.kth, name="Erik Okänd")
    ContactPerson.objects.create(partnership=world.mou, party=world.party_kth, person=named)
    as_user(world.coordinator).post(
        reverse("organisations:edit", args=[world.kth.pk]),
        {"name": world.kth.name, "kind": world.kth.kind, "description": "Ändrad", "version": 1},
    )
    url = reverse("organisations:history", args=[world.kth.pk])
    city = as_user(world.coordinator_stad).get(url, HTTP_ACCEPT_LANGUAGE="en")
    labels = {e.record_label for e in city.context["entries"]}
    assert "Karin Berg" in labels and "Erik Okänd" not in labels
    assert all(e.who is None for e in city.context["entries"])
    assert "a user of the organisation" in city.content.decode()
    own = as_user(world.viewer).get(url)
    assert any(e.who == world.coordinator for e in own.context["entries"])
