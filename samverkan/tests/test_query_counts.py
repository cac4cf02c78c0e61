"""Every page runs the same number of SQL queries however many rows the register holds."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.accounts.models import Role, RoleAssignment, User
from samverkan.areas.models import AreaAdjustment, CollaborationArea, ContactPerson
from samverkan.demo import loader
from samverkan.followup.models import LeadershipDialogue
from samverkan.lib.partial_dates import PartialDate
from samverkan.organisations.models import Organisation, Person, Unit
from samverkan.partnerships.models import (
    Clause,
    Collaborator,
    Membership,
    Partnership,
    Party,
    Signatory,
)


def _pages(mou, network, kth):
    area = mou.areas.first()
    return [
        reverse("partnerships:list"),
        reverse("partnerships:detail", args=[mou.pk]),
        reverse("partnerships:detail", args=[network.pk]),
        reverse("partnerships:history", args=[mou.pk]),
        reverse("partnerships:edit", args=[mou.pk]),
        reverse("partnerships:create"),
        reverse("partnerships:notice_give", args=[mou.pk]),
        reverse("partnerships:signatory_create", args=[mou.pk]),
        reverse("partnerships:clause_create", args=[mou.pk]),
        reverse("partnerships:membership_create", args=[network.pk]),
        reverse("partnerships:collaborator_create", args=[network.pk]),
        reverse("partnerships:area_create", args=[mou.pk]),
        reverse("partnerships:area_edit", args=[mou.pk, area.pk]),
        reverse("partnerships:adjustment_create", args=[mou.pk, area.pk]),
        reverse("partnerships:contact_create", args=[mou.pk]),
        reverse("partnerships:dialogue_create", args=[mou.pk]),
        reverse("organisations:list"),
        reverse("organisations:create"),
        reverse("organisations:detail", args=[kth.pk]),
        reverse("organisations:edit", args=[kth.pk]),
        reverse("organisations:history", args=[kth.pk]),
        reverse("organisations:unit_create", args=[kth.pk]),
        reverse("organisations:person_create", args=[kth.pk]),
        reverse("organisations:person_list"),
        reverse("organisations:person_detail", args=[Person.objects.get(name="Karin Berg").pk]),
        reverse("accessibility"),
    ]


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _grow(mou, network, kth, stad, user, n):
    """Add n of everything a page might list, to both partnerships and their parties."""
    dialogue = mou.dialogues.first()
    start = Organisation.objects.count()
    for i in range(start, start + n):
        organisation = Organisation.objects.create(name=f"Kommun {i}", kind="municipality")
        unit = Unit.objects.create(organisation=kth, name=f"Enhet {i}", kind="department")
        person = Person.objects.create(organisation=kth, unit=unit, name=f"Person {i}")
        Person.objects.create(organisation=stad, name=f"Stadsperson {i}")
        area = CollaborationArea.objects.create(
            partnership=mou,
            name=f"Område {i}",
            identified_on=PartialDate(2015),
            identified_by=dialogue,
        )
        AreaAdjustment.objects.create(area=area, dialogue=dialogue, description="Justering")
        ContactPerson.objects.create(
            partnership=mou, area=area, party=mou.parties.get(organisation=kth), person=person
        )
        Signatory.objects.create(
            party=mou.parties.get(organisation=kth), person=person, title="Rektor"
        )
        Clause.objects.create(partnership=mou, number=100 + i, heading=f"Avsnitt {i}", body="Text")
        LeadershipDialogue.objects.create(
            partnership=mou, held_on=PartialDate(1900 + i), title=f"Dialog {i}"
        )
        party = Party.objects.create(partnership=network, organisation=organisation, role="member")
        Membership.objects.create(party=party, starts_on=PartialDate(2015))
        Collaborator.objects.create(
            partnership=network,
            organisation=Organisation.objects.create(name=f"Inst {i}", kind="other"),
            kind="other",
        )
        other = Partnership.objects.create(
            name=f"Partnerskap {i}", kind="mou", signed_on=PartialDate(2020)
        )
        Party.objects.create(partnership=other, organisation=kth)
        Party.objects.create(partnership=other, organisation=organisation)
        RoleAssignment.objects.create(
            user=user, organisation=kth, partnership=other, role=Role.VIEWER
        )


def test_no_page_runs_more_queries_as_the_register_grows(db, client):
    loader.load()
    user = User.objects.get(username="demo")
    RoleAssignment.objects.create(
        user=user,
        organisation=Organisation.objects.get(short_name="KTH"),
        partnership=Partnership.objects.get(kind="network"),
        role=Role.COORDINATOR,
    )
    client.force_login(user)
    mou = Partnership.objects.get(kind="mou")
    network = Partnership.objects.get(kind="network")
    kth = Organisation.objects.get(short_name="KTH")
    stad = Organisation.objects.get(short_name="Stockholms stad")
    pages = _pages(mou, network, kth)
    # Grow a little first so that every kind of row exists, then a lot more.
    _grow(mou, network, kth, stad, user, 2)
    before = {url: _count(client, url) for url in pages}
    _grow(mou, network, kth, stad, user, 30)
    after = {url: _count(client, url) for url in pages}
    grew = {url: (before[url], after[url]) for url in pages if after[url] != before[url]}
    assert grew == {}
    # The partnership history reads one query per kind of record under it (14 kinds).
    assert max(after.values()) <= 30
