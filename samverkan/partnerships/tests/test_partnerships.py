import datetime

import pytest
import time_machine
from django.urls import reverse

from samverkan.accounts.models import Role, RoleAssignment
from samverkan.lib.partial_dates import PartialDate
from samverkan.organisations.tests.factories import OrganisationFactory, PersonFactory
from samverkan.partnerships import services
from samverkan.partnerships.models import Membership, Notice, Partnership, Party, Signatory
from samverkan.partnerships.tests.factories import PartnershipFactory, PartyFactory

TODAY = datetime.datetime(2026, 11, 30, 12, 0, tzinfo=datetime.UTC)


def _partnership_form(world, **overrides):
    data = {
        "name": "Ny avsiktsförklaring",
        "kind": "mou",
        "signed_on": "2025",
        "notice_months": "3",
        "organisations": [world.kth.pk, world.stad.pk],
        "acting_for": world.kth.pk,
    }
    data.update(overrides)
    return data


def test_a_coordinator_creates_a_partnership_and_coordinates_it(world, as_user):
    response = as_user(world.coordinator).post(
        reverse("partnerships:create"), _partnership_form(world)
    )
    partnership = Partnership.objects.get(name="Ny avsiktsförklaring")
    assert response.status_code == 302
    assert {p.organisation for p in partnership.parties.all()} == {world.kth, world.stad}
    assert partnership.signed_on == PartialDate(2025)
    assert RoleAssignment.objects.filter(
        user=world.coordinator, partnership=partnership, role=Role.COORDINATOR
    ).exists()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "A partnership needs at least two parties."),
        ("sv", "Ett partnerskap måste ha minst två parter."),
    ],
)
def test_a_partnership_with_fewer_than_two_parties_is_refused(world, as_user, language, message):
    response = as_user(world.coordinator).post(
        reverse("partnerships:create"),
        _partnership_form(world, organisations=[world.kth.pk]),
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    assert message in response.context["form"].errors["organisations"]
    assert not Partnership.objects.filter(name="Ny avsiktsförklaring").exists()
    assert 'value="Ny avsiktsförklaring"' in response.content.decode()


def test_the_creator_must_act_for_one_of_the_parties(world, as_user):
    response = as_user(world.coordinator).post(
        reverse("partnerships:create"),
        _partnership_form(world, organisations=[world.stad.pk, world.elsewhere.pk]),
    )
    assert response.status_code == 400
    assert not Partnership.objects.filter(name="Ny avsiktsförklaring").exists()
    assert not Party.objects.filter(organisation=world.elsewhere).exists()


def test_only_coordinators_start_partnerships(world, as_user):
    for user in (world.viewer, world.outsider, world.leadership_stad):
        assert as_user(user).get(reverse("partnerships:create")).status_code == 403


def test_each_user_sees_only_the_partnerships_they_take_part_in(world, as_user):
    hidden = PartnershipFactory(name="Göteborgs stad–Chalmers")
    PartyFactory(partnership=hidden)
    PartyFactory(partnership=hidden)
    page = as_user(world.viewer).get(reverse("partnerships:list")).content.decode()
    assert "Stockholms stad–KTH" in page
    assert "Göteborgs stad–Chalmers" not in page
    outsider = as_user(world.outsider)
    assert "Stockholms stad–KTH" not in outsider.get(reverse("partnerships:list")).content.decode()
    for name in ("detail", "history", "edit", "notice_give", "signatory_create", "area_create"):
        assert outsider.get(reverse(f"partnerships:{name}", args=[world.mou.pk])).status_code == 404
    assert (
        as_user(world.admin).get(reverse("partnerships:detail", args=[hidden.pk])).status_code
        == 200
    )


ROLE_MATRIX = [
    # (persona, edit details, edit areas, record dialogues, give notice)
    ("viewer", 403, 403, 403, 403),
    ("contributor", 403, 403, 403, 403),
    ("registrar", 403, 403, 403, 403),
    ("steering", 403, 200, 200, 403),
    ("leadership_stad", 403, 403, 403, 200),
    ("coordinator", 200, 200, 200, 200),
    ("admin", 200, 200, 200, 200),
    ("outsider", 404, 404, 404, 404),
]


@pytest.mark.parametrize(("persona", "edit", "areas", "dialogues", "notice"), ROLE_MATRIX)
def test_what_each_role_may_open(world, as_user, persona, edit, areas, dialogues, notice):
    client = as_user(getattr(world, persona))
    pk = world.mou.pk
    assert client.get(reverse("partnerships:edit", args=[pk])).status_code == edit
    assert client.get(reverse("partnerships:signatory_create", args=[pk])).status_code == edit
    assert client.get(reverse("partnerships:contact_create", args=[pk])).status_code == edit
    assert client.get(reverse("partnerships:area_create", args=[pk])).status_code == areas
    assert client.get(reverse("partnerships:dialogue_create", args=[pk])).status_code == dialogues
    assert client.get(reverse("partnerships:notice_give", args=[pk])).status_code == notice
    expected_view = 404 if persona == "outsider" else 200
    assert client.get(reverse("partnerships:detail", args=[pk])).status_code == expected_view


def test_a_viewer_cannot_change_anything_by_posting(world, as_user):
    client = as_user(world.viewer)
    response = client.post(
        reverse("partnerships:edit", args=[world.mou.pk]),
        _partnership_form(world, name="Kapat", version=world.mou.version),
    )
    assert response.status_code == 403
    world.mou.refresh_from_db()
    assert world.mou.name == "Stockholms stad–KTH"


def test_the_detail_page_shows_the_register_as_the_source_gives_it(world, as_user):
    nordin = PersonFactory(organisation=world.stad, name="Sten Nordin", title="Finansborgarråd")
    Signatory.objects.create(party=world.party_stad, person=nordin, title="Finansborgarråd")
    client = as_user(world.viewer)
    page = client.get(
        reverse("partnerships:detail", args=[world.mou.pk]), HTTP_ACCEPT_LANGUAGE="sv"
    )
    text = page.content.decode()
    assert "maj 2014" in text
    assert "212000-0142" in text and "202100-3054" in text
    assert "Sten Nordin, Finansborgarråd" in text
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert (
        "May 2014"
        in client.get(reverse("partnerships:detail", args=[world.mou.pk])).content.decode()
    )


def test_a_signature_cannot_be_dated_in_the_future(world, as_user):
    gudmundson = PersonFactory(organisation=world.kth, name="Peter Gudmundson")
    with time_machine.travel(TODAY, tick=False):
        response = as_user(world.coordinator).post(
            reverse("partnerships:signatory_create", args=[world.mou.pk]),
            {
                "party": world.party_kth.pk,
                "person": gudmundson.pk,
                "title": "Rektor",
                "signed_on": "2026-12",
            },
        )
    assert response.status_code == 400
    assert "signed_on" in response.context["form"].errors
    assert not Signatory.objects.exists()


def test_a_signatory_signs_for_their_own_organisation(world, as_user):
    gudmundson = PersonFactory(organisation=world.kth, name="Peter Gudmundson")
    response = as_user(world.coordinator).post(
        reverse("partnerships:signatory_create", args=[world.mou.pk]),
        {
            "party": world.party_stad.pk,
            "person": gudmundson.pk,
            "title": "Rektor",
            "signed_on": "2014-05",
        },
    )
    assert response.status_code == 400
    assert not Signatory.objects.exists()


def test_a_party_with_signatories_cannot_be_removed(world, as_user):
    Signatory.objects.create(
        party=world.party_stad, person=PersonFactory(organisation=world.stad), title="Borgarråd"
    )
    third = OrganisationFactory(name="Region Stockholm")
    response = as_user(world.coordinator).post(
        reverse("partnerships:edit", args=[world.mou.pk]),
        _partnership_form(
            world,
            name=world.mou.name,
            organisations=[world.kth.pk, third.pk],
            version=world.mou.version,
        ),
    )
    assert response.status_code == 400
    assert set(world.mou.parties.values_list("organisation", flat=True)) == {
        world.kth.pk,
        world.stad.pk,
    }


# Notice of termination (R9)


@pytest.mark.parametrize(
    ("given", "ends"),
    [
        (datetime.date(2026, 11, 30), datetime.date(2027, 2, 28)),
        (datetime.date(2026, 8, 31), datetime.date(2026, 11, 30)),
        (datetime.date(2023, 11, 30), datetime.date(2024, 2, 29)),
    ],
)
def test_notice_ends_the_partnership_three_calendar_months_later(world, given, ends):
    with time_machine.travel(TODAY, tick=False):
        notice = services.give_notice(
            world.mou, organisation=world.stad, on=given, actor=world.leadership_stad
        )
    assert notice.ends_on == ends


def test_the_partnership_shows_who_gave_notice_and_is_terminated_after_the_end(world, as_user):
    with time_machine.travel(TODAY, tick=False):
        response = as_user(world.leadership_stad).post(
            reverse("partnerships:notice_give", args=[world.mou.pk]),
            {"organisation": world.stad.pk, "given_on": "2026-11-30"},
        )
        assert response.status_code == 302
        world.mou.refresh_from_db()
        assert world.mou.status() is Partnership.Status.UNDER_NOTICE
        page = as_user(world.viewer).get(
            reverse("partnerships:detail", args=[world.mou.pk]), HTTP_ACCEPT_LANGUAGE="en"
        )
        assert (
            "Stockholms stad gave notice on 2026-11-30; the partnership ends on 2027-02-28."
            in page.content.decode()
        )
    assert world.mou.status(on=datetime.date(2027, 2, 28)) is Partnership.Status.UNDER_NOTICE
    assert world.mou.status(on=datetime.date(2027, 3, 1)) is Partnership.Status.TERMINATED


def test_notice_can_be_withdrawn_before_the_end_and_history_keeps_both(world, as_user):
    with time_machine.travel(TODAY, tick=False):
        notice = services.give_notice(
            world.mou,
            organisation=world.stad,
            on=datetime.date(2026, 11, 30),
            actor=world.leadership_stad,
        )
        client = as_user(world.leadership_stad)
        response = client.post(
            reverse("partnerships:notice_withdraw", args=[world.mou.pk, notice.pk]),
            {"withdrawn_on": "2026-11-30"},
        )
        assert response.status_code == 302
        notice.refresh_from_db()
        assert notice.withdrawn_on == datetime.date(2026, 11, 30)
        assert notice.withdrawn_by == world.leadership_stad
        world.mou.refresh_from_db()
        assert world.mou.status() is Partnership.Status.IN_FORCE
        history = client.get(
            reverse("partnerships:history", args=[world.mou.pk]), HTTP_ACCEPT_LANGUAGE="en"
        )
    kinds = [(e.record_type, e.kind) for e in history.context["entries"]]
    assert ("notice of termination", "+") in kinds
    assert ("notice of termination", "~") in kinds


def test_notice_cannot_be_withdrawn_after_the_partnership_ended(world):
    with time_machine.travel(TODAY, tick=False):
        notice = services.give_notice(
            world.mou, organisation=world.stad, on=datetime.date(2020, 1, 15), actor=None
        )
        with pytest.raises(services.PartnershipError):
            services.withdraw_notice(notice, on=datetime.date(2026, 11, 30), actor=None)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_notice_by_an_organisation_that_is_not_a_party_is_refused(world, language):
    from django.utils import translation

    with translation.override(language), pytest.raises(services.PartnershipError) as error:
        services.give_notice(
            world.mou, organisation=world.elsewhere, on=datetime.date(2026, 1, 1), actor=None
        )
    assert error.value.field == "organisation"
    assert "Solna stad" in str(error.value.message)
    assert not Notice.objects.exists()


def test_notice_is_given_only_on_behalf_of_ones_own_party(world, as_user):
    # The KTH coordinator is offered only KTH; posting the city is refused, nothing saved.
    response = as_user(world.coordinator).post(
        reverse("partnerships:notice_give", args=[world.mou.pk]),
        {"organisation": world.stad.pk, "given_on": "2026-01-01"},
    )
    assert response.status_code == 400
    assert not Notice.objects.exists()


def test_notice_cannot_be_given_twice_or_in_the_future(world):
    with time_machine.travel(TODAY, tick=False):
        with pytest.raises(services.PartnershipError):
            services.give_notice(
                world.mou, organisation=world.kth, on=datetime.date(2026, 12, 1), actor=None
            )
        services.give_notice(
            world.mou, organisation=world.kth, on=datetime.date(2026, 11, 1), actor=None
        )
        with pytest.raises(services.PartnershipError):
            services.give_notice(
                world.mou, organisation=world.stad, on=datetime.date(2026, 11, 2), actor=None
            )
    assert Notice.objects.count() == 1


# Network memberships (R16)


def _network(world):
    network = PartnershipFactory(name="InterAct", kind=Partnership.Kind.NETWORK, signed_on=None)
    member = PartyFactory(partnership=network, organisation=world.kth, role=Party.Role.MEMBER)
    PartyFactory(partnership=network, organisation=world.stad, role=Party.Role.MEMBER)
    RoleAssignment.objects.create(
        user=world.coordinator, organisation=world.kth, partnership=network, role=Role.COORDINATOR
    )
    return network, member


def test_a_membership_that_ends_before_it_starts_is_refused(world, as_user):
    network, member = _network(world)
    response = as_user(world.coordinator).post(
        reverse("partnerships:membership_create", args=[network.pk]),
        {"party": member.pk, "starts_on": "2012", "ends_on": "2011-06"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "A membership cannot end before it starts." in response.content.decode()
    assert not Membership.objects.exists()


def test_membership_periods_of_one_member_never_overlap(world, as_user):
    network, member = _network(world)
    client = as_user(world.coordinator)
    url = reverse("partnerships:membership_create", args=[network.pk])
    assert (
        client.post(url, {"party": member.pk, "starts_on": "2009", "ends_on": "2011"}).status_code
        == 302
    )
    assert client.post(url, {"party": member.pk, "starts_on": "2011-06"}).status_code == 400
    assert client.post(url, {"party": member.pk, "starts_on": "2012"}).status_code == 302
    assert [m.starts_on.isoformat() for m in Membership.objects.order_by("starts_on")] == [
        "2009",
        "2012",
    ]


def test_a_network_without_a_signing_date_is_in_force(world):
    network, _member = _network(world)
    assert network.status() is Partnership.Status.IN_FORCE


@pytest.mark.parametrize("rows", [1, 30])
def test_partnership_pages_run_a_fixed_number_of_queries(
    world, as_user, django_assert_max_num_queries, rows
):
    from samverkan.areas.models import CollaborationArea, ContactPerson

    for n in range(rows):
        area = CollaborationArea.objects.create(
            partnership=world.mou, name=f"Område {n}", identified_on=PartialDate(2014, 5)
        )
        person = PersonFactory(organisation=world.kth)
        ContactPerson.objects.create(
            partnership=world.mou, area=area, party=world.party_kth, person=person
        )
        Signatory.objects.create(party=world.party_kth, person=person, title="Rektor")
        other = PartnershipFactory()
        PartyFactory(partnership=other, organisation=world.kth)
        PartyFactory(partnership=other)
        RoleAssignment.objects.create(
            user=world.coordinator, organisation=world.kth, partnership=other, role=Role.VIEWER
        )
    client = as_user(world.coordinator)
    for url, limit in [
        (reverse("partnerships:list"), 8),
        (reverse("partnerships:detail", args=[world.mou.pk]), 16),
        (reverse("partnerships:history", args=[world.mou.pk]), 30),
        (reverse("partnerships:edit", args=[world.mou.pk]), 10),
        (reverse("partnerships:contact_create", args=[world.mou.pk]), 10),
    ]:
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200


def test_a_network_member_can_give_notice(world):
    network, _member = _network(world)
    with time_machine.travel(TODAY, tick=False):
        notice = services.give_notice(
            network, organisation=world.kth, on=datetime.date(2026, 11, 1), actor=world.coordinator
        )
    assert notice.ends_on == datetime.date(2027, 2, 1)


def test_a_withdrawal_is_dated_between_the_notice_and_today(world):
    with time_machine.travel(TODAY, tick=False):
        notice = services.give_notice(
            world.mou, organisation=world.stad, on=datetime.date(2026, 11, 10), actor=None
        )
        for day in (datetime.date(2026, 11, 9), datetime.date(2026, 12, 1)):
            with pytest.raises(services.PartnershipError) as error:
                services.withdraw_notice(notice, on=day, actor=None)
            assert error.value.field == "withdrawn_on"
    notice.refresh_from_db()
    assert notice.withdrawn_on is None


def test_only_the_party_that_gave_notice_may_withdraw_it(world, as_user):
    with time_machine.travel(TODAY, tick=False):
        notice = services.give_notice(
            world.mou, organisation=world.stad, on=datetime.date(2026, 11, 10), actor=None
        )
        url = reverse("partnerships:notice_withdraw", args=[world.mou.pk, notice.pk])
        detail = reverse("partnerships:detail", args=[world.mou.pk])
        assert url not in as_user(world.coordinator).get(detail).content.decode()
        assert as_user(world.coordinator).get(url).status_code == 403
        assert url in as_user(world.leadership_stad).get(detail).content.decode()


def test_a_role_in_a_partnership_is_held_for_one_of_its_parties(world):
    from django.core.exceptions import ValidationError

    role = RoleAssignment(
        user=world.outsider, organisation=world.elsewhere, partnership=world.mou, role=Role.VIEWER
    )
    with pytest.raises(ValidationError):
        role.full_clean()


def test_a_membership_may_end_in_the_year_the_next_begins(world, as_user):
    network, member = _network(world)
    client = as_user(world.coordinator)
    url = reverse("partnerships:membership_create", args=[network.pk])
    assert client.post(url, {"party": member.pk, "ends_on": "2012"}).status_code == 302
    assert client.post(url, {"party": member.pk, "starts_on": "2012"}).status_code == 302
    assert client.post(url, {"party": member.pk, "starts_on": "2012-06"}).status_code == 400


def test_the_admin_shows_the_register_read_only(world, as_user):
    client = as_user(world.admin)
    assert client.get(reverse("admin:partnerships_partnership_changelist")).status_code == 200
    assert client.get(reverse("admin:partnerships_partnership_add")).status_code == 403
    assert client.get(reverse("admin:accounts_roleassignment_add")).status_code == 200


def test_adding_an_organisation_as_a_party_does_not_reveal_its_staff(world, as_user):
    """One coordinator alone can make any organisation a party; that must not open its people."""
    from samverkan.organisations.models import Person

    client = as_user(world.coordinator)
    client.post(
        reverse("partnerships:create"),
        _partnership_form(world, name="Fiske", organisations=[world.kth.pk, world.elsewhere.pk]),
    )
    assert Partnership.objects.filter(name="Fiske").exists()
    solna_people = Person.objects.filter(organisation=world.elsewhere)
    assert not Person.objects.visible_to(world.coordinator).filter(pk__in=solna_people).exists()
    listing = client.get(reverse("organisations:person_list")).content.decode()
    assert "Olle Utanför" not in listing


def test_a_party_whose_people_hold_roles_cannot_be_removed(world, as_user):
    third = OrganisationFactory(name="Region Stockholm")
    response = as_user(world.coordinator).post(
        reverse("partnerships:edit", args=[world.mou.pk]),
        _partnership_form(
            world, name=world.mou.name, organisations=[world.kth.pk, third.pk], version=1
        ),
    )
    # The city's coordinator, leadership and registrar hold roles for the city here.
    assert response.status_code == 400
    assert world.mou.parties.filter(organisation=world.stad).exists()


def test_a_partnership_cannot_be_signed_in_the_future(world, as_user):
    with time_machine.travel(TODAY, tick=False):
        response = as_user(world.coordinator).post(
            reverse("partnerships:create"), _partnership_form(world, signed_on="2027")
        )
    assert response.status_code == 400
    assert "signed_on" in response.context["form"].errors


def test_a_backdated_withdrawal_cannot_revive_an_ended_partnership(world):
    with time_machine.travel(TODAY, tick=False):
        notice = services.give_notice(
            world.mou, organisation=world.stad, on=datetime.date(2026, 5, 1), actor=None
        )
        assert notice.ends_on == datetime.date(2026, 8, 1)
        with pytest.raises(services.PartnershipError):
            services.withdraw_notice(notice, on=datetime.date(2026, 7, 31), actor=None)
        world.mou.refresh_from_db()
        assert world.mou.status() is Partnership.Status.TERMINATED


def test_the_admin_history_cannot_revert_a_record(world, as_user):
    history = world.mou.history.first()
    url = reverse(
        "admin:partnerships_partnership_simple_history",
        args=[world.mou.pk, history.history_id],
    )
    client = as_user(world.admin)
    response = client.post(url, {"name": "Omskrivet"})
    assert response.status_code == 403
    world.mou.refresh_from_db()
    assert world.mou.name == "Stockholms stad–KTH"


def test_the_partnership_list_is_paged(world, as_user):
    for n in range(55):
        other = PartnershipFactory(name=f"Partnerskap {n:02d}")
        PartyFactory(partnership=other, organisation=world.kth)
        PartyFactory(partnership=other)
        RoleAssignment.objects.create(
            user=world.viewer, organisation=world.kth, partnership=other, role=Role.VIEWER
        )
    client = as_user(world.viewer)
    first = client.get(reverse("partnerships:list"))
    assert len(first.context["partnerships"]) == 50
    cursor = first.context["page"].next_cursor
    assert f"?after={cursor}" in first.content.decode()
    second = client.get(reverse("partnerships:list"), {"after": cursor})
    names = [p.name for p in second.context["partnerships"]]
    assert len(names) == 6 and "Stockholms stad–KTH" in names
    assert second.context["page"].next_cursor is None
