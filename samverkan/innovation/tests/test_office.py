"""The innovation office's pages: the office, its network, who may edit it (R10–R16)."""

from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import translation

from samverkan.accounts.models import Role
from samverkan.accounts.tests.factories import RoleFactory, UserFactory
from samverkan.innovation.models import InnovationOffice
from samverkan.innovation.permissions import advised_institutions
from samverkan.innovation.tests.factories import (
    AdvisorFactory,
    InnovationOfficeFactory,
    MemberFactory,
    NetworkFactory,
)
from samverkan.lib.partial_dates import PartialDate
from samverkan.organisations.models import Organisation, Unit
from samverkan.organisations.tests.factories import (
    OrganisationFactory,
    PersonFactory,
    UnitFactory,
)
from samverkan.partnerships.models import Collaborator, Membership, Party


@dataclass
class Office:
    office: InnovationOffice
    su: Organisation
    su_party: Party
    coordinator: object  # the host's coordinator in the network
    su_coordinator: object  # a coordinator of another member
    kth_innovation: Unit
    department: Unit


@pytest.fixture
def interact(world) -> Office:
    network = NetworkFactory(name="InterAct", signed_on=None)
    kth_innovation = UnitFactory(
        organisation=world.kth, name="KTH Innovation", kind=Unit.Kind.INNOVATION_UNIT
    )
    network.lead_unit = kth_innovation
    network.save()
    MemberFactory(partnership=network, organisation=world.kth, membership__starts_on=None)
    su = OrganisationFactory(name="Stockholms universitet", kind=Organisation.Kind.STATE_UNIVERSITY)
    su_party = MemberFactory(
        partnership=network,
        organisation=su,
        membership__starts_on=None,
        membership__ends_on=PartialDate(2012),
    )
    Membership.objects.create(party=su_party, starts_on=PartialDate(2012), note="Own office")
    uu = OrganisationFactory(name="Uppsala universitet")
    Collaborator.objects.create(
        partnership=network, organisation=uu, kind=Collaborator.Kind.INNOVATION_OFFICE
    )
    unit = UnitFactory(
        organisation=world.kth,
        name="Innovationskontoret",
        kind=Unit.Kind.INNOVATION_OFFICE,
        parent=kth_innovation,
    )
    department = UnitFactory(
        organisation=world.kth, name="Avdelningen för samverkan", reports_to=kth_innovation
    )
    ericsson = PersonFactory(organisation=world.kth, name="Lisa Ericsson", email="lisaeric@kth.se")
    office = InnovationOfficeFactory(
        name="Innovationskontoret vid KTH",
        host=world.kth,
        unit=unit,
        merged_into=kth_innovation,
        head=ericsson,
        contact=ericsson,
        network=network,
    )
    coordinator = UserFactory(username="interact_kth")
    RoleFactory(
        user=coordinator, organisation=world.kth, partnership=network, role=Role.COORDINATOR
    )
    su_coordinator = UserFactory(username="interact_su")
    RoleFactory(user=su_coordinator, organisation=su, partnership=network, role=Role.COORDINATOR)
    return Office(office, su, su_party, coordinator, su_coordinator, kth_innovation, department)


def _detail(office):
    return reverse("innovation:office_detail", args=[office.pk])


def _edit(office):
    return reverse("innovation:office_edit", args=[office.pk])


def _form(office, **changes):
    data = {
        "name": office.name,
        "unit": office.unit_id,
        "merged_into": office.merged_into_id or "",
        "mandate": office.mandate,
        "mandate_reference": office.mandate_reference,
        "established_on": office.established_on.isoformat() if office.established_on else "",
        "head": office.head_id or "",
        "contact": office.contact_id or "",
        "network": office.network_id or "",
        "description": office.description,
        "version": office.version,
    }
    data.update(changes)
    return data


def test_detail_shows_the_office_its_reporting_units_and_network(world, interact, as_user):
    """R10 mandate and merger, R13 the unit reporting to the innovation unit, R14 the contact,
    R11/R16 the members with dated periods, R12 the collaborating office."""
    response = as_user(world.outsider).get(_detail(interact.office))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Propositionen Ett lyft för forskning och innovation" in page
    assert "2008/09:50" in page
    assert "KTH Innovation" in page
    assert "Lisa Ericsson" in page and "lisaeric@kth.se" in page
    assert "Avdelningen för samverkan" in page
    assert "Stockholms universitet" in page and "2012" in page and "Own office" in page
    assert "Uppsala universitet" in page
    # The outsider does not take part in the network: no link to its partnership page, and
    # no edit link.
    assert reverse("partnerships:detail", args=[interact.office.network_id]) not in page
    assert _edit(interact.office) not in page
    # Nor to its cases and figures, which would answer 404.
    assert reverse("innovation:case_list", args=[interact.office.network_id]) not in page
    assert reverse("innovation:figures", args=[interact.office.network_id]) not in page


def test_detail_links_the_network_for_its_participants(world, interact, as_user):
    page = as_user(interact.coordinator).get(_detail(interact.office)).content.decode()
    assert reverse("partnerships:detail", args=[interact.office.network_id]) in page
    assert _edit(interact.office) in page
    assert reverse("innovation:case_list", args=[interact.office.network_id]) in page
    assert reverse("innovation:figures", args=[interact.office.network_id]) in page


def test_anonymous_is_sent_to_log_in(client, interact):
    response = client.get(_detail(interact.office))
    assert response.status_code == 302
    assert client.get(reverse("innovation:office_list")).status_code == 302


def test_unknown_office_is_404(world, as_user):
    assert as_user(world.viewer).get("/innovation/offices/999999/").status_code == 404


def test_list_shows_every_office(world, interact, as_user):
    response = as_user(world.outsider).get(reverse("innovation:office_list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Innovationskontoret vid KTH" in page
    assert "2008/09:50" in page


def test_list_runs_a_fixed_number_of_queries(
    world, interact, as_user, django_assert_max_num_queries
):
    client = as_user(world.viewer)
    client.get(reverse("innovation:office_list"))
    with django_assert_max_num_queries(6) as few:
        client.get(reverse("innovation:office_list"))
    for _n in range(4):
        InnovationOfficeFactory(head=None, contact=PersonFactory(), network=NetworkFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("innovation:office_list"))
    assert response.content.decode().count("Innovation office ") >= 4


def test_detail_runs_a_fixed_number_of_queries(
    world, interact, as_user, django_assert_max_num_queries
):
    client = as_user(interact.coordinator)
    client.get(_detail(interact.office))
    with django_assert_max_num_queries(12) as few:
        client.get(_detail(interact.office))
    network = interact.office.network
    for n in range(4):
        party = MemberFactory(partnership=network)
        Membership.objects.create(party=party, starts_on=PartialDate(2001), ends_on=None)
        party.memberships.first().delete()
        Collaborator.objects.create(
            partnership=network,
            organisation=OrganisationFactory(name=f"Institute {n}"),
            kind=Collaborator.Kind.RESEARCH_INSTITUTE,
        )
        UnitFactory(organisation=world.kth, reports_to=interact.office.unit)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(_detail(interact.office))
    assert response.content.decode().count("Institute ") == 4


def test_host_coordinator_edits_the_office(world, interact, as_user):
    office = interact.office
    other = PersonFactory(organisation=world.kth, name="Anna Kontakt")
    response = as_user(interact.coordinator).post(
        _edit(office), _form(office, contact=other.pk, mandate_reference="2008/09:50 ")
    )
    assert response.status_code == 302
    office.refresh_from_db()
    assert office.contact == other
    assert office.version == 2
    assert office.history.count() == 2


@pytest.mark.parametrize("who", ["su_coordinator", "viewer", "outsider"])
def test_others_may_not_edit(world, interact, as_user, who):
    user = getattr(interact, who, None) or getattr(world, who)
    client = as_user(user)
    assert client.get(_edit(interact.office)).status_code == 403
    response = client.post(_edit(interact.office), _form(interact.office, name="Taken over"))
    assert response.status_code == 403
    interact.office.refresh_from_db()
    assert interact.office.name == "Innovationskontoret vid KTH"


def test_site_admin_edits_the_office(world, interact, as_user):
    response = as_user(world.admin).post(_edit(interact.office), _form(interact.office, name="X"))
    assert response.status_code == 302


def test_unit_or_person_of_another_organisation_is_refused(world, interact, as_user):
    foreign_unit = UnitFactory(organisation=interact.su)
    foreign_person = PersonFactory(organisation=interact.su)
    client = as_user(world.admin)  # sees every person: only the host rule stops it
    response = client.post(
        _edit(interact.office),
        _form(interact.office, unit=foreign_unit.pk, head=foreign_person.pk),
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) >= {"unit", "head"}
    interact.office.refresh_from_db()
    assert interact.office.unit != foreign_unit and interact.office.version == 1


def test_an_mou_is_refused_as_the_network(world, interact, as_user):
    with translation.override("en"):
        response = as_user(world.admin).post(
            _edit(interact.office),
            _form(interact.office, network=world.mou.pk),
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.status_code == 400
        assert (
            "The office runs a network partnership, not an MoU."
            in response.context["form"].errors["network"]
        )
    interact.office.refresh_from_db()
    assert interact.office.network.name == "InterAct"


def test_stale_version_is_refused(world, interact, as_user):
    client = as_user(interact.coordinator)
    assert client.post(_edit(interact.office), _form(interact.office, name="A")).status_code == 302
    response = client.post(_edit(interact.office), _form(interact.office, name="B", version=1))
    assert response.status_code == 400
    interact.office.refresh_from_db()
    assert interact.office.name == "A"


def test_overlapping_membership_of_interact_is_refused_on_the_page(world, interact, as_user):
    """ "A membership overlapping itself": SU's period from 2012 cannot get another from 2015."""
    network = interact.office.network
    before = Membership.objects.count()
    with translation.override("en"):
        response = as_user(interact.coordinator).post(
            reverse("partnerships:membership_create", args=[network.pk]),
            {"party": interact.su_party.pk, "starts_on": "2015", "ends_on": "", "note": ""},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 400
    assert "overlaps another membership period" in response.content.decode()
    assert Membership.objects.count() == before


def test_advised_institutions(world, interact):
    network = interact.office.network
    advisor = AdvisorFactory(partnership=network, organisation=interact.su)
    AdvisorFactory(user=advisor.user, partnership=network, organisation=world.kth)
    elsewhere = AdvisorFactory()  # advising in another network
    assert list(advised_institutions(advisor.user, network)) == [world.kth, interact.su]
    assert list(advised_institutions(advisor.user, network.pk)) == [world.kth, interact.su]
    assert not advised_institutions(elsewhere.user, network).exists()
    # The site admin as such advises nobody; nor does the network's coordinator.
    assert not advised_institutions(world.admin, network).exists()
    assert not advised_institutions(interact.coordinator, network).exists()


def test_the_head_and_contact_of_an_office_are_visible_to_every_signed_in_user(world):
    """Decision 0005: an office names its head and contact publicly (R14)."""
    from samverkan.organisations.models import Person
    from samverkan.organisations.tests.factories import PersonFactory

    head, contact, other = PersonFactory.create_batch(3, organisation=world.kth)
    InnovationOfficeFactory(host=world.kth, head=head, contact=contact)
    visible = Person.objects.visible_to(world.outsider)
    assert visible.filter(pk=head.pk).exists() and visible.filter(pk=contact.pk).exists()
    assert not visible.filter(pk=other.pk).exists()  # the rest of the host's staff stays hidden
