"""At most 8 SQL queries on the agreement page and the agreements API list (issue 8), however
many rows and for every kind of reader; and what each shows stays as it was."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.accounts.models import Role
from samverkan.accounts.tests.factories import RoleFactory, UserFactory
from samverkan.activities.models import ActivityParty
from samverkan.agreements import services
from samverkan.agreements.models import Regulation
from samverkan.agreements.tests.factories import (
    ActivityFactory,
    agreement_between,
    mark,
    pdf_upload,
    register,
)
from samverkan.organisations.tests.factories import OrganisationFactory
from samverkan.partnerships.tests.factories import PartyFactory

pytestmark = pytest.mark.django_db

BUDGET = 8
SECRET_TITLE = "Kvantdatorsamarbete"
SECRET_SUBJECT = "Hemlig reaktorsak"
SECRET_ACTIVITY = "Hemlig aktivitet Zeta"


def _signer(signatory, username):
    user = UserFactory(username=username, person=signatory.person)
    RoleFactory(
        user=user,
        organisation=signatory.party.organisation,
        partnership=signatory.party.partnership,
        role=Role.VIEWER,
    )
    return user


def _rich_agreement(world, n, *, title, marked=True, grants=None):
    """An agreement of the two parties and n more, sent for signature, with a signatory each,
    signatures given, voided and given again (the last signatory not yet), a register entry
    per party, its title, document and subject marked secret (unless not `marked`), n users
    given access by name (or `grants`) and n regulated activities (every other one marked)."""
    parties = [world.party_stad, world.party_kth]
    for _ in range(n):
        parties.append(PartyFactory(partnership=world.mou, organisation=OrganisationFactory()))
    agreement, signatories = agreement_between(world.mou, parties, title=title)
    services.send_for_signature(agreement, actor=None)
    signing = [(s, _signer(s, f"s-{agreement.pk}-{i}")) for i, s in enumerate(signatories)]
    # All but the last sign, a new document voids their signatures, and they sign again.
    for _round in range(2):
        for signatory, user in signing[:-1]:
            services.sign_agreement(agreement, signatory=signatory, actor=user)
        if not _round:
            services.replace_document(agreement, upload=pdf_upload(text="ny"), actor=None)
    for i, party in enumerate(parties):
        register(agreement, party, f"D-{agreement.pk}-{i}", subject=SECRET_SUBJECT)
    for target in ("document", "title", "subject") if marked else ():
        mark(agreement, target=target, authority=world.kth)
    for i in range(n if grants is None else grants):
        user = UserFactory(username=f"granted-{agreement.pk}-{i}")
        RoleFactory(user=user, organisation=world.kth, partnership=world.mou, role=Role.VIEWER)
        services.grant_access(agreement, user=user, reason=f"Skäl {i}", actor=world.coordinator)
    for i in range(n):
        activity = ActivityFactory(
            partnership=world.mou,
            title=SECRET_ACTIVITY if i % 2 else f"Aktivitet {agreement.pk}-{i}",
            starts=f"20{10 + i}",
        )
        ActivityParty.objects.create(activity=activity, party=world.party_kth)
        if i % 2:
            mark(activity=activity, target="title", authority=world.kth)
        Regulation.objects.create(agreement=agreement, activity=activity)
    agreement.refresh_from_db()
    return agreement


READERS = ["coordinator", "registrar", "viewer", "third", "admin"]


def _reader(world, third, name):
    return third if name == "third" else getattr(world, name)


def _budget(reader):
    # The site administrator's access costs a query more: get_access_for_user reads their
    # partnership and their roles in it apart (partnerships/permissions.py).
    return BUDGET + 1 if reader == "admin" else BUDGET


def _get(client, path, params=None, *, budget=BUDGET):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params or {})
    assert response.status_code == 200, path
    assert len(queries) <= budget, (path, params, len(queries))
    return response


def _page(agreement):
    return reverse("agreements:agreement_detail", args=[agreement.partnership_id, agreement.uuid])


@pytest.mark.parametrize("reader", READERS)
def test_the_agreement_page_runs_at_most_8_queries(world, third, as_user, reader):
    agreement = _rich_agreement(world, 12, title=SECRET_TITLE)
    client = as_user(_reader(world, third, reader))
    client.get(_page(agreement))
    body = _get(client, _page(agreement)).content.decode()
    # The agreement's parties' coordinators and registrars are entitled to it; only KTH's
    # coordinator to the activities (KTH's alone).
    entitled = reader in ("coordinator", "registrar")
    for secret in (SECRET_TITLE, SECRET_SUBJECT, "Skäl 11"):
        assert (secret in body) == entitled, secret
    assert (SECRET_ACTIVITY in body) == (reader == "coordinator")


@pytest.mark.parametrize("reader", READERS)
def test_an_agreement_with_nothing_marked_shows_its_grants_within_the_budget(
    world, third, as_user, reader
):
    agreement = _rich_agreement(world, 5, title="Öppet avtal", marked=False)
    plain = _rich_agreement(world, 2, title="Avtal utan namngivna", marked=False, grants=0)
    client = as_user(_reader(world, third, reader))
    client.get(_page(agreement))
    # Nothing marked: everyone is entitled, and sees who was given access by name.
    assert "Skäl 4" in _get(client, _page(agreement), budget=_budget(reader)).content.decode()
    # None given: no query asks for them.
    assert "Skäl" not in _get(client, _page(plain)).content.decode()


@pytest.mark.parametrize("reader", READERS)
def test_the_agreements_api_list_and_detail_run_at_most_8_queries(world, third, api, reader):
    for i in range(30):
        last = _rich_agreement(world, 2, title=f"{SECRET_TITLE} {i:02d}")
    client = api(_reader(world, third, reader))
    path = f"/api/v1/partnerships/{world.mou.pk}/agreements/"
    client.get(path)  # the token's first use of the day is recorded once
    for params in ({}, {"q": "Kvant"}, {"status": "sent"}, {"page_size": 200}):
        _get(client, path, params, budget=_budget(reader))
    answer = _get(client, f"{path}{last.uuid}/").json()
    assert len(answer["signatories"]) == 4
    assert len(answer["activities"]) == 2
    rows = client.get(path).json()["results"]
    assert len(rows) == 30
    assert all(row["markings"] for row in rows)
    entitled = reader in ("coordinator", "registrar")
    assert any(SECRET_TITLE in row["title"] for row in rows) == entitled


def test_markings_are_read_when_neither_joined_nor_prefetched(world):
    """`secrecy_markings()` of an agreement read plainly reads them itself: never an empty
    list for want of reading (the release copy masks what they name)."""
    from samverkan.agreements.models import Agreement
    from samverkan.agreements.tests.factories import AgreementFactory, mark

    agreement = AgreementFactory(partnership=world.mou)
    mark(agreement=agreement, target="title", authority=world.kth)
    plain = Agreement.objects.get(pk=agreement.pk)  # unmasked: markings only
    assert [m.target for m in plain.secrecy_markings()] == ["title"]
    joined = Agreement.objects.with_markings().get(pk=agreement.pk)  # unmasked: markings only
    assert [m.target for m in joined.secrecy_markings()] == ["title"]
