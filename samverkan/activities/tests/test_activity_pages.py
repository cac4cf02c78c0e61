"""The pages of activities (R3, R4): who may do what, recording and editing with the model's
rules, status moves, units and people, parties' benefit, secrecy markings, the kinds that need an
agreement, and what a user of another party never sees.

The builders at the top (`build_secret`, `build_third`, `put_in_force`) are shared by the list
and API tests of activities."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from samverkan.accounts.models import Role
from samverkan.accounts.tests.factories import RoleFactory, UserFactory
from samverkan.activities.models import (
    Activity,
    ActivityKind,
    ActivityKindSetting,
    ActivityParticipant,
    ActivityParty,
)
from samverkan.agreements import services as agreement_services
from samverkan.agreements.models import Regulation, SecrecyMarking
from samverkan.agreements.tests.factories import ActivityFactory, agreement_between, mark
from samverkan.areas.models import CollaborationArea
from samverkan.lib.partial_dates import PartialDate
from samverkan.organisations.tests.factories import (
    OrganisationFactory,
    PersonFactory,
    UnitFactory,
)
from samverkan.partnerships.tests.factories import PartyFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}

# What is marked secret on the secret activity: none of it may reach a user not entitled.
SECRETS = {
    "title": "Kvantsamarbete Zeta",
    "description": "Zetabeskrivning av forskningen",
    "outcomes": "Zetaresultat och patent",
    "benefit": "Zetanytta for KTH",
    "person": "Zelda Zetasson",
    "role": "Zetahandledare",
}
PROVISION = "OSL 31 kap. 16 §"


def build_third(world):
    """A coordinator of a third organisation that is a party of the partnership."""
    region = OrganisationFactory(name="Region Stockholm", short_name="Regionen")
    PartyFactory(partnership=world.mou, organisation=region)
    user = UserFactory(username="region")
    RoleFactory(user=user, organisation=region, partnership=world.mou, role=Role.COORDINATOR)
    return user


def build_secret(world) -> Activity:
    """A KTH research collaboration with its title, description, outcomes (and so KTH's
    benefit) and people marked secret by KTH."""
    activity = ActivityFactory(
        partnership=world.mou,
        kind=ActivityKind.RESEARCH_COLLABORATION,
        title=SECRETS["title"],
        description=SECRETS["description"],
        outcomes=SECRETS["outcomes"],
        starts="2024-03",
    )
    ActivityParty.objects.create(
        activity=activity, party=world.party_kth, benefit=SECRETS["benefit"]
    )
    person = PersonFactory(organisation=world.kth, name=SECRETS["person"])
    ActivityParticipant.objects.create(
        activity=activity, party=world.party_kth, person=person, role=SECRETS["role"]
    )
    for target in ("title", "description", "outcomes", "people"):
        mark(activity=activity, target=target, authority=world.kth, provision=PROVISION)
    return activity


def put_in_force(world, activity, *, title="Avtal om samarbete"):
    """An agreement of both parties regulating the activity, signed by both: in force."""
    agreement, signatories = agreement_between(
        world.mou, [world.party_stad, world.party_kth], title=title
    )
    Regulation.objects.create(agreement=agreement, activity=activity)
    agreement_services.send_for_signature(agreement, actor=None)
    for n, signatory in enumerate(signatories):
        user = UserFactory(username=f"signer{n}-{agreement.pk}", person=signatory.person)
        agreement_services.sign_agreement(agreement, signatory=signatory, actor=user)
    return agreement


def assert_no_secret(content: bytes) -> None:
    text = content.decode("utf-8", errors="replace")
    for name, secret in SECRETS.items():
        assert secret not in text, name


def url(name, world, *args):
    return reverse(f"activities:{name}", args=[world.mou.pk, *args])


@pytest.fixture
def area(world):
    return CollaborationArea.objects.create(
        partnership=world.mou, name="Kompetensförsörjning", identified_on=PartialDate(2014, 5)
    )


@pytest.fixture
def open_activity(world):
    """A degree project of KTH, nothing marked."""
    activity = ActivityFactory(partnership=world.mou, title="Examensarbete om trafik")
    ActivityParty.objects.create(activity=activity, party=world.party_kth)
    return activity


def _data(world, area, **overrides):
    data = {
        "kind": ActivityKind.STUDENT_CHALLENGE,
        "title": "Utmaning: klimatsmart skola",
        "description": "Studenter löser en utmaning från staden.",
        "area": area.pk,
        "starts": "2025-09",
        "ends": "2025-12",
        "students": "24",
        "participants": "",
        "hours": "40",
        "funding_amount": "50000",
        "funding_currency": "sek",
        "outcomes": "",
        "programme": "",
        "project_number": "",
        "acronym": "",
        "parties": [world.party_stad.pk, world.party_kth.pk],
        "version": "",
    }
    data.update(overrides)
    return data


# Who may do what


def _pages(world, activity, participant):
    a = activity.pk
    ap = activity.activity_parties.get().pk
    return [
        ("activity_list", [], "read"),
        ("activity_detail", [a], "read"),
        ("activity_export_csv", [], "read"),
        ("activity_export_xlsx", [], "read"),
        ("activity_create", [], "record"),
        ("activity_edit", [a], "record"),
        ("participant_add", [a], "record"),
        ("participant_remove", [a, participant.pk], "record"),
        ("party_edit", [a, ap], "record"),
        ("activity_mark", [a], "mark"),
        ("kind_settings", [], "settings"),
    ]


MAY = {
    "read": {"viewer", "contributor", "steering", "coordinator", "coordinator_stad", "admin"},
    "record": {"contributor", "coordinator", "coordinator_stad", "admin"},
    # Markings: a registrar or coordinator of a party taking part (KTH alone here).
    "mark": {"coordinator", "admin"},
    "settings": {"coordinator", "coordinator_stad", "admin"},
}


@pytest.mark.parametrize(
    "persona",
    ["viewer", "contributor", "steering", "coordinator", "coordinator_stad", "admin", "outsider"],
)
def test_who_may_open_which_page(world, as_user, open_activity, persona):
    unit = UnitFactory(organisation=world.kth)
    participant = ActivityParticipant.objects.create(
        activity=open_activity, party=world.party_kth, unit=unit, role="värd"
    )
    client = as_user(getattr(world, persona))
    for name, args, capability in _pages(world, open_activity, participant):
        response = client.get(url(name, world, *args))
        if persona == "outsider":
            expected = 404
        elif persona in MAY[capability]:
            expected = 200
        else:
            expected = 403
        assert response.status_code == expected, (name, persona, response.status_code)


@pytest.mark.parametrize("persona", ["viewer", "steering", "outsider"])
def test_viewers_change_nothing(world, as_user, open_activity, area, persona):
    client = as_user(getattr(world, persona))
    expected = 404 if persona == "outsider" else 403
    a = open_activity.pk
    posts = [
        ("activity_create", [], _data(world, area)),
        ("activity_edit", [a], _data(world, area, version=open_activity.version)),
        ("activity_status", [a], {"status": "cancelled"}),
        ("participant_add", [a], {"unit": UnitFactory(organisation=world.kth).pk, "role": "x"}),
        ("activity_mark", [a], {"target": "title", "provision": "OSL", "marked_on": "2025-01-01"}),
        ("kind_settings", [], {"guest_lecture": "on", "opened_at": ""}),
    ]
    for name, args, data in posts:
        response = client.post(url(name, world, *args), data)
        assert response.status_code == expected, name
    assert Activity.objects.count() == 1
    open_activity.refresh_from_db()
    assert open_activity.status == Activity.Status.PLANNED
    assert not ActivityParticipant.objects.exists()
    assert not SecrecyMarking.objects.exists()
    assert not ActivityKindSetting.objects.exists()


def test_the_outsider_gets_404_on_status_and_removals(world, as_user, open_activity):
    unit = UnitFactory(organisation=world.kth)
    participant = ActivityParticipant.objects.create(
        activity=open_activity, party=world.party_kth, unit=unit, role="värd"
    )
    marking = mark(activity=open_activity, target="title", authority=world.kth)
    client = as_user(world.outsider)
    a = open_activity.pk
    for name, args in [
        ("activity_status", [a]),
        ("participant_remove", [a, participant.pk]),
        ("activity_unmark", [a, marking.pk]),
        ("party_edit", [a, open_activity.activity_parties.get().pk]),
    ]:
        assert client.post(url(name, world, *args), {"version": 1}).status_code == 404, name
    assert ActivityParticipant.objects.exists() and SecrecyMarking.objects.exists()


def test_an_activity_of_another_partnership_is_404(world, as_user, open_activity):
    from samverkan.partnerships.tests.factories import PartnershipFactory

    other = PartnershipFactory()
    response = as_user(world.coordinator).get(
        reverse("activities:activity_detail", args=[other.pk, open_activity.pk])
    )
    assert response.status_code == 404
    response = as_user(world.coordinator).get(url("activity_detail", world, 999999))
    assert response.status_code == 404


# Recording and editing


def test_a_contributor_records_an_activity_with_its_parties(world, as_user, area):
    client = as_user(world.contributor)
    response = client.post(url("activity_create", world), _data(world, area))
    assert response.status_code == 302
    activity = Activity.objects.for_user(world.coordinator).get()
    assert response["Location"] == url("activity_detail", world, activity.pk)
    assert activity.title == "Utmaning: klimatsmart skola"
    assert activity.status == Activity.Status.PLANNED
    assert activity.starts == PartialDate(2025, 9)
    assert activity.funding_currency == "SEK"
    assert {ap.party for ap in activity.activity_parties.all()} == {
        world.party_stad,
        world.party_kth,
    }
    page = client.get(response["Location"], **EN)
    content = page.content.decode()
    assert "Utmaning: klimatsmart skola" in content
    assert "September 2025" in content
    assert "50000.00 SEK" in content


def test_the_form_says_which_figures_fit_which_kind(world, as_user):
    page = as_user(world.coordinator).get(url("activity_create", world), **EN)
    content = page.content.decode()
    # Students fit internships but not guest lectures.
    assert "Applies to: Student recruitment; Student challenge; Internship (praktik)" in content


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"funding_currency": ""}, "funding_currency", "Funding needs a currency."),
        (
            {"kind": ActivityKind.GUEST_LECTURE, "funding_amount": "", "funding_currency": ""},
            "students",
            "This figure does not apply to Guest lecture.",
        ),
        ({"starts": "2025-09", "ends": "2025-08"}, "ends", "An activity cannot end before"),
        ({"ends": "maj 2025"}, "ends", "Write a year (2014), a year and month"),
        ({"parties": []}, "parties", "Choose at least one party taking part."),
        ({"acronym": "ZAP"}, "programme", "apply to EU projects only"),
        ({"funding_currency": "kr"}, "funding_currency", "three capital letters"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(
    world, as_user, area, overrides, field, message
):
    response = as_user(world.coordinator).post(
        url("activity_create", world), _data(world, area, **overrides), **EN
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert message in response.content.decode()
    assert not Activity.objects.for_user(world.coordinator).exists()
    assert not ActivityParty.objects.exists()


def test_a_party_of_another_partnership_cannot_be_chosen(world, as_user, area):
    stranger = PartyFactory()
    response = as_user(world.coordinator).post(
        url("activity_create", world), _data(world, area, parties=[stranger.pk]), **EN
    )
    assert response.status_code == 400
    assert "parties" in response.context["form"].errors
    assert not Activity.objects.for_user(world.coordinator).exists()


def test_an_eu_project_keeps_its_programme_and_identifiers(world, as_user, area):
    data = _data(
        world,
        area,
        kind=ActivityKind.EU_PROJECT,
        students="",
        participants="12",
        funding_amount="1200000",
        funding_currency="EUR",
        programme="horizon_2020",
        project_number="101000123",
        acronym="SMARTCITY",
    )
    response = as_user(world.coordinator).post(url("activity_create", world), data)
    assert response.status_code == 302
    page = as_user(world.coordinator).get(response["Location"], **EN).content.decode()
    for text in ("Horizon 2020", "101000123", "SMARTCITY", "1200000.00 EUR"):
        assert text in page


def test_an_edit_is_saved_and_a_stale_one_refused(world, as_user, area, open_activity):
    client = as_user(world.coordinator)
    edit = url("activity_edit", world, open_activity.pk)
    data = _data(
        world,
        area,
        kind=ActivityKind.DEGREE_PROJECT,
        title="Examensarbete om trafikflöden",
        funding_amount="",
        funding_currency="",
        version=open_activity.version,
    )
    data.pop("parties")
    assert client.post(edit, data).status_code == 302
    open_activity.refresh_from_db()
    assert open_activity.title == "Examensarbete om trafikflöden"
    stale = client.post(edit, {**data, "title": "Ett annat namn"}, **EN)
    assert stale.status_code == 400
    assert "Someone else saved this record" in stale.content.decode()
    open_activity.refresh_from_db()
    assert open_activity.title == "Examensarbete om trafikflöden"


def test_editing_a_masked_activity_is_forbidden(world, as_user):
    secret = build_secret(world)
    # Contributors of KTH record activities, but are not entitled to what is marked.
    client = as_user(world.contributor)
    assert client.get(url("activity_edit", world, secret.pk)).status_code == 403
    response = client.post(
        url("activity_edit", world, secret.pk),
        {"kind": secret.kind, "title": "x", "starts": "2024", "version": secret.version},
    )
    assert response.status_code == 403
    assert Activity.objects.for_user(world.coordinator).get().title == SECRETS["title"]
    # The entitled coordinator of KTH may.
    assert as_user(world.coordinator).get(url("activity_edit", world, secret.pk)).status_code == 200


# Status


def test_the_status_form_offers_only_the_allowed_moves(world, as_user):
    lecture = ActivityFactory(partnership=world.mou, kind=ActivityKind.GUEST_LECTURE)
    client = as_user(world.contributor)
    form = client.get(url("activity_detail", world, lecture.pk)).context["status_form"]
    assert [value for value, _label in form.fields["status"].widget.choices] == [
        "ongoing",
        "cancelled",
    ]
    response = client.post(url("activity_status", world, lecture.pk), {"status": "ongoing"})
    assert response.status_code == 302
    lecture.refresh_from_db()
    assert lecture.status == Activity.Status.ONGOING
    form = client.get(url("activity_detail", world, lecture.pk)).context["status_form"]
    assert [value for value, _label in form.fields["status"].widget.choices] == [
        "completed",
        "cancelled",
    ]


def test_an_invalid_move_shows_the_rule_on_the_page(world, as_user):
    lecture = ActivityFactory(partnership=world.mou, kind=ActivityKind.GUEST_LECTURE)
    response = as_user(world.coordinator).post(
        url("activity_status", world, lecture.pk), {"status": "completed"}, **EN
    )
    assert response.status_code == 400
    assert "An activity that is planned cannot become completed." in response.content.decode()
    lecture.refresh_from_db()
    assert lecture.status == Activity.Status.PLANNED
    nonsense = as_user(world.coordinator).post(
        url("activity_status", world, lecture.pk), {"status": "finished"}, **EN
    )
    assert nonsense.status_code == 400


def test_the_status_url_shows_the_page_on_get(world, as_user, open_activity):
    response = as_user(world.contributor).get(url("activity_status", world, open_activity.pk))
    assert response.status_code == 302
    assert response["Location"] == url("activity_detail", world, open_activity.pk)


def test_starting_without_an_agreement_says_why_and_that_none_regulates_it(
    world, as_user, open_activity
):
    client = as_user(world.coordinator)
    page = client.get(url("activity_detail", world, open_activity.pk), **EN).content.decode()
    assert 'id="start-problems"' in page
    assert "needs a specific agreement in force before it can start" in page
    assert "No agreement regulates this activity yet." in page
    response = client.post(
        url("activity_status", world, open_activity.pk), {"status": "ongoing"}, **EN
    )
    assert response.status_code == 400
    assert "needs a specific agreement in force" in response.content.decode()
    open_activity.refresh_from_db()
    assert open_activity.status == Activity.Status.PLANNED


def test_the_page_links_to_the_agreement_and_the_activity_starts_once_it_is_in_force(
    world, as_user, open_activity
):
    agreement, _signatories = agreement_between(
        world.mou, [world.party_kth], title="Avtal om examensarbeten"
    )
    Regulation.objects.create(agreement=agreement, activity=open_activity)
    client = as_user(world.coordinator)
    page = client.get(url("activity_detail", world, open_activity.pk), **EN).content.decode()
    problems = page[page.index('id="start-problems"') : page.index("</section>")]
    assert "Avtal om examensarbeten" in problems
    assert "(Draft)" in problems
    try:
        link = reverse("agreements:agreement_detail", args=[world.mou.pk, agreement.uuid])
    except NoReverseMatch:
        link = None  # the agreement pages are not mounted in this build
    if link:
        assert f'href="{link}"' in problems

    put_in_force(world, open_activity, title="Ramavtal om examensarbeten")
    page = client.get(url("activity_detail", world, open_activity.pk), **EN).content.decode()
    assert 'id="start-problems"' not in page
    assert "In force" in page
    response = client.post(url("activity_status", world, open_activity.pk), {"status": "ongoing"})
    assert response.status_code == 302
    open_activity.refresh_from_db()
    assert open_activity.status == Activity.Status.ONGOING


# Units and people; parties


def test_a_unit_and_person_are_added_and_their_party_joins(world, as_user, open_activity):
    unit = UnitFactory(organisation=world.stad, name="Trafikkontoret")
    person = PersonFactory(organisation=world.stad, unit=unit, name="Sara Ek")
    client = as_user(world.coordinator_stad)
    response = client.post(
        url("participant_add", world, open_activity.pk),
        {"unit": unit.pk, "person": person.pk, "role": "Handledare"},
    )
    assert response.status_code == 302
    (participant,) = ActivityParticipant.objects.filter(activity=open_activity)
    assert (participant.unit, participant.person, participant.party) == (
        unit,
        person,
        world.party_stad,
    )
    assert {ap.party for ap in ActivityParty.objects.filter(activity=open_activity)} == {
        world.party_kth,
        world.party_stad,
    }
    page = client.get(url("activity_detail", world, open_activity.pk)).content.decode()
    assert "Sara Ek" in page and "Trafikkontoret" in page and "Handledare" in page


def test_a_unit_of_no_party_is_refused_with_a_message(world, as_user, open_activity):
    unit = UnitFactory(organisation=world.elsewhere, name="Solna miljöförvaltning")
    response = as_user(world.coordinator).post(
        url("participant_add", world, open_activity.pk), {"unit": unit.pk, "role": "värd"}, **EN
    )
    assert response.status_code == 400
    assert response.context["form"].errors["unit"] == [
        "Choose a unit of one of the partnership's parties."
    ]
    assert not ActivityParticipant.objects.exists()


def test_unit_and_person_of_different_parties_are_refused_on_the_field(
    world, as_user, open_activity
):
    unit = UnitFactory(organisation=world.kth)
    person = PersonFactory(organisation=world.kth)
    stad_unit = UnitFactory(organisation=world.stad)
    response = as_user(world.coordinator).post(
        url("participant_add", world, open_activity.pk),
        {"unit": stad_unit.pk, "person": person.pk, "role": "värd"},
        **EN,
    )
    assert response.status_code == 400
    assert response.context["form"].errors["person"] == [
        "The person must belong to the unit's organisation."
    ]
    assert not ActivityParticipant.objects.exists()
    empty = as_user(world.coordinator).post(
        url("participant_add", world, open_activity.pk), {"role": "värd"}, **EN
    )
    assert empty.status_code == 400
    assert "Name a unit, a person or both." in empty.content.decode()
    assert unit.pk  # the KTH unit exists but was not chosen


def test_a_participant_is_removed_with_history(world, as_user, open_activity):
    unit = UnitFactory(organisation=world.kth, name="KTH Trafiklab")
    participant = ActivityParticipant.objects.create(
        activity=open_activity, party=world.party_kth, unit=unit, role="värd"
    )
    client = as_user(world.contributor)
    remove = url("participant_remove", world, open_activity.pk, participant.pk)
    assert "KTH Trafiklab" in client.get(remove).content.decode()
    stale = client.post(remove, {"version": participant.version + 5})
    assert stale.status_code == 409
    response = client.post(remove, {"version": participant.version})
    assert response.status_code == 302
    assert not ActivityParticipant.objects.exists()
    assert ActivityParticipant.history.filter(history_type="-").count() == 1


def test_a_partys_benefit_and_eu_role_are_edited(world, as_user):
    project = ActivityFactory(
        partnership=world.mou, kind=ActivityKind.EU_PROJECT, title="SMARTCITY"
    )
    activity_party = ActivityParty.objects.create(activity=project, party=world.party_kth)
    client = as_user(world.coordinator)
    edit = url("party_edit", world, project.pk, activity_party.pk)
    response = client.post(
        edit,
        {"eu_role": "coordinator", "benefit": "Testbädd för forskningen", "version": 1},
    )
    assert response.status_code == 302
    activity_party.refresh_from_db()
    assert (activity_party.eu_role, activity_party.benefit) == (
        "coordinator",
        "Testbädd för forskningen",
    )
    page = client.get(url("activity_detail", world, project.pk), **EN).content.decode()
    assert "Testbädd för forskningen" in page and "Coordinator" in page
    # Not an EU project: no EU role to choose.
    lecture = ActivityFactory(partnership=world.mou, kind=ActivityKind.GUEST_LECTURE)
    lecture_party = ActivityParty.objects.create(activity=lecture, party=world.party_kth)
    form = client.get(url("party_edit", world, lecture.pk, lecture_party.pk)).context["form"]
    assert "eu_role" not in form.fields


# Secrecy markings


def test_a_coordinator_of_a_party_marks_and_lifts_a_secret(world, as_user, open_activity):
    client = as_user(world.coordinator)
    form = client.get(url("activity_mark", world, open_activity.pk)).context["form"]
    assert list(form.fields["authority"].queryset) == [world.kth]
    assert [v for v, _l in form.fields["target"].choices] == [
        "title",
        "description",
        "outcomes",
        "people",
    ]
    response = client.post(
        url("activity_mark", world, open_activity.pk),
        {
            "target": "title",
            "provision": PROVISION,
            "marked_on": "2025-01-10",
            "authority": world.kth.pk,
        },
    )
    assert response.status_code == 302
    marking = SecrecyMarking.objects.get()
    assert (marking.activity, marking.target, marking.authority, marking.marked_by) == (
        open_activity,
        "title",
        world.kth,
        world.coordinator,
    )
    page = client.get(url("activity_detail", world, open_activity.pk), **EN).content.decode()
    assert PROVISION in page and "2025-01-10" in page and "Kungliga Tekniska högskolan" in page
    # The city's coordinator is not entitled: the title is masked for them.
    other = as_user(world.coordinator_stad).get(url("activity_detail", world, open_activity.pk))
    assert "Examensarbete om trafik" not in other.content.decode()
    assert (
        f"Secret ({PROVISION})"
        in as_user(world.coordinator_stad)
        .get(url("activity_detail", world, open_activity.pk), **EN)
        .content.decode()
    )

    client = as_user(world.coordinator)
    unmark = url("activity_unmark", world, open_activity.pk, marking.pk)
    assert client.get(unmark).status_code == 200
    assert client.post(unmark).status_code == 302
    assert not SecrecyMarking.objects.exists()


def test_only_a_partys_registrar_or_coordinator_lifts_a_marking(world, as_user, open_activity):
    marking = mark(activity=open_activity, target="title", authority=world.kth)
    unmark = url("activity_unmark", world, open_activity.pk, marking.pk)
    # The city takes no part in this activity; the contributor and viewer of KTH may not mark.
    for persona in ("coordinator_stad", "registrar", "contributor", "viewer"):
        client = as_user(getattr(world, persona))
        assert client.get(unmark).status_code == 403, persona
        assert client.post(unmark).status_code == 403, persona
    assert as_user(world.outsider).post(unmark).status_code == 404
    assert SecrecyMarking.objects.filter(pk=marking.pk).exists()


def test_nobody_but_the_entitled_removes_a_masked_person(world, as_user):
    secret = build_secret(world)
    participant = secret.participants_taking_part.get()
    remove = url("participant_remove", world, secret.pk, participant.pk)
    for user in (world.contributor, build_third(world)):
        response = as_user(user).post(remove, {"version": participant.version})
        assert response.status_code == 403
        assert_no_secret(response.content)
    assert ActivityParticipant.objects.filter(pk=participant.pk).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("provision", "   ", "This field is required."),
        ("marked_on", "2999-01-01", "A marking cannot be dated in the future."),
        ("target", "document", "Select a valid choice."),
        # The city takes no part in this activity: it is no authority to mark it.
        ("authority", "stad", "Select a valid choice."),
    ],
)
def test_a_bad_marking_is_refused(world, as_user, open_activity, field, value, message):
    values = {
        "target": "title",
        "provision": PROVISION,
        "marked_on": "2025-01-10",
        "authority": world.kth.pk,
    }
    values[field] = world.stad.pk if value == "stad" else value
    response = as_user(world.coordinator).post(
        url("activity_mark", world, open_activity.pk), values, **EN
    )
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not SecrecyMarking.objects.exists()


def test_marking_a_part_twice_is_refused(world, as_user, open_activity):
    mark(activity=open_activity, target="title", authority=world.kth)
    response = as_user(world.coordinator).post(
        url("activity_mark", world, open_activity.pk),
        {"target": "title", "provision": "x", "marked_on": "2025-01-10", "authority": world.kth.pk},
        **EN,
    )
    assert response.status_code == 400
    assert "This part is already marked secret." in response.content.decode()
    assert SecrecyMarking.objects.count() == 1


# Which kinds need an agreement


def test_coordinators_choose_which_kinds_need_an_agreement(world, as_user):
    client = as_user(world.coordinator_stad)
    page = client.get(url("kind_settings", world))
    form = page.context["form"]
    assert form["guest_lecture"].value() is False
    assert form["degree_project"].value() is True
    data = {kind.value: "on" for kind in ActivityKind if kind != ActivityKind.INTERNSHIP}
    data["opened_at"] = form["opened_at"].value()
    assert client.post(url("kind_settings", world), data).status_code == 302
    settings = dict(
        ActivityKindSetting.objects.filter(partnership=world.mou).values_list(
            "kind", "needs_agreement"
        )
    )
    # Only the choices that differ from the defaults are stored.
    assert settings == {
        "guest_lecture": True,
        "student_recruitment": True,
        "internship": False,
    }
    lecture = ActivityFactory(partnership=world.mou, kind=ActivityKind.GUEST_LECTURE)
    response = client.post(url("activity_status", world, lecture.pk), {"status": "ongoing"})
    assert response.status_code == 400
    internship = ActivityFactory(partnership=world.mou, kind=ActivityKind.INTERNSHIP)
    response = client.post(url("activity_status", world, internship.pk), {"status": "ongoing"})
    assert response.status_code == 302


def test_two_coordinators_cannot_overwrite_each_others_kind_settings(world, as_user):
    first = as_user(world.coordinator).get(url("kind_settings", world)).context["form"]
    opened_at = first["opened_at"].value()
    ActivityKindSetting.objects.create(
        partnership=world.mou, kind=ActivityKind.GUEST_LECTURE, needs_agreement=True
    )
    response = as_user(world.coordinator).post(
        url("kind_settings", world), {"internship": "", "opened_at": opened_at}, **EN
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Someone else changed these settings after you opened the page" in content
    # The form now shows the settings as they are.
    assert response.context["form"]["guest_lecture"].value() is True
    assert ActivityKindSetting.objects.count() == 1


# Confidentiality from the outside


@pytest.mark.parametrize("persona", ["third", "coordinator_stad", "contributor", "viewer", "admin"])
def test_the_detail_page_never_shows_what_is_marked(world, as_user, persona):
    secret = build_secret(world)
    user = build_third(world) if persona == "third" else getattr(world, persona)
    response = as_user(user).get(url("activity_detail", world, secret.pk), **EN)
    assert response.status_code == 200
    assert_no_secret(response.content)
    assert f"Secret ({PROVISION})".encode() in response.content
    assert response.context["can_edit"] is False


def test_the_entitled_coordinator_sees_everything(world, as_user):
    secret = build_secret(world)
    content = as_user(world.coordinator).get(url("activity_detail", world, secret.pk)).content
    for value in SECRETS.values():
        assert value.encode() in content


def test_nobody_outside_the_entitled_edits_a_partys_masked_benefit(world, as_user):
    secret = build_secret(world)
    activity_party = secret.activity_parties.get()
    third = build_third(world)
    for user in (third, world.contributor):
        response = as_user(user).get(url("party_edit", world, secret.pk, activity_party.pk))
        assert response.status_code == 403
        assert_no_secret(response.content)


def test_the_participant_form_offers_only_people_the_user_may_see(world, as_user, open_activity):
    known = PersonFactory(organisation=world.kth, name="Känd KTH-forskare")
    stranger = PersonFactory(organisation=world.stad, name="Okänd stadsanställd")
    form = as_user(world.coordinator).get(url("participant_add", world, open_activity.pk))
    people = list(form.context["form"].fields["person"].queryset)
    assert known in people
    assert stranger not in people  # data minimisation: not the city's staff register


# Queries


def _count(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def _grow(world, activity, rows):
    for n in range(rows):
        ActivityParticipant.objects.create(
            activity=activity,
            party=world.party_kth,
            unit=UnitFactory(organisation=world.kth),
            person=PersonFactory(organisation=world.kth),
            role=f"roll {n}",
        )
        agreement, _ = agreement_between(world.mou, [world.party_kth], document=False)
        Regulation.objects.create(agreement=agreement, activity=activity)
        mark(agreement, target="title", authority=world.kth)


@pytest.mark.parametrize("persona", ["coordinator", "coordinator_stad"])
def test_the_detail_page_runs_a_fixed_number_of_queries(
    world, as_user, django_assert_max_num_queries, persona
):
    activity = build_secret(world)
    ActivityParty.objects.create(activity=activity, party=world.party_stad)
    client = as_user(getattr(world, persona))
    path = url("activity_detail", world, activity.pk)
    _grow(world, activity, 1)
    few = _count(client, path)
    _grow(world, activity, 10)
    assert _count(client, path) == few
    with django_assert_max_num_queries(20):
        client.get(path)


def test_a_date_given_to_the_day_shows_as_a_date(world, as_user):
    activity = ActivityFactory(partnership=world.mou, starts="2025-09-01", ends="2026")
    page = as_user(world.viewer).get(url("activity_detail", world, activity.pk), **EN)
    content = page.content.decode()
    assert "Sept. 1, 2025" in content or "September 1, 2025" in content
    assert "2026" in content


# Whatever is sent, never a server error

HOSTILE = ["", " ", "x" * 5000, "nul\x00byte", "-1", "99999999999999999999", "2014-02-30", "²"]
FIELDS = [
    "kind",
    "title",
    "area",
    "starts",
    "ends",
    "students",
    "hours",
    "funding_amount",
    "funding_currency",
    "programme",
    "parties",
    "version",
    "unit",
    "person",
    "role",
    "status",
    "target",
    "provision",
    "marked_on",
    "authority",
    "eu_role",
    "benefit",
    "opened_at",
]


def test_hostile_input_never_answers_500(world, as_user, open_activity, area):
    client = as_user(world.coordinator)
    a = open_activity.pk
    ap = open_activity.activity_parties.get().pk
    pages = [
        url("activity_create", world),
        url("activity_edit", world, a),
        url("activity_status", world, a),
        url("participant_add", world, a),
        url("party_edit", world, a, ap),
        url("activity_mark", world, a),
        url("kind_settings", world),
    ]
    for value in HOSTILE:
        data = {field: value for field in FIELDS}
        for path in pages:
            response = client.post(path, data)
            assert response.status_code < 500, (path, value)
        for name in ("activity_list", "activity_export_csv", "activity_export_xlsx"):
            params = {field: value for field in ("q", "area", "kind", "unit", "year", "sort")}
            response = client.get(url(name, world), {**params, "after": value})
            assert response.status_code == 200, (name, value)
    open_activity.refresh_from_db()
    assert open_activity.title == "Examensarbete om trafik"
