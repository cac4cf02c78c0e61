"""The pages of personnel exchanges (R5): create, edit, approve, and who may do what."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from samverkan.areas.models import CollaborationArea
from samverkan.followup.models import LeadershipDialogue
from samverkan.lib.partial_dates import PartialDate
from samverkan.organisations.tests.factories import PersonFactory

from ..models import ExchangeApproval, PersonnelExchange

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def area(world):
    """An area the MoU itself names (2014-05)."""
    return CollaborationArea.objects.create(
        partnership=world.mou,
        name="Personutbyten",
        name_en="Personnel exchanges",
        identified_on=PartialDate(2014, 5),
    )


@pytest.fixture
def anna(world):
    return PersonFactory(organisation=world.kth, name="Anna Lind")


def _data(world, area, person, **overrides):
    data = {
        "person": person.pk,
        "home_organisation": world.kth.pk,
        "home_unit": "",
        "host_organisation": world.stad.pk,
        "host_unit": "",
        "position": "Utredare",
        "extent_percent": "50",
        "starts_on": "2024-09-01",
        "ends_on": "2025-02-28",
        "area": area.pk,
        "purpose": "Kompetensutbyte inom klimatomställning.",
        "conditions": "Lön från KTH, arbete hos staden två dagar i veckan.",
        "benefit_home": "Praktiknära kunskap om stadens behov.",
        "benefit_host": "Forskningsbaserad kompetens.",
        "version": "",
    }
    data.update(overrides)
    return data


def _exchange(world, area, person, **overrides) -> PersonnelExchange:
    values = {
        "partnership": world.mou,
        "person": person,
        "home_organisation": world.kth,
        "host_organisation": world.stad,
        "position": "Utredare",
        "extent_percent": 50,
        "starts_on": datetime.date(2024, 9, 1),
        "ends_on": datetime.date(2025, 2, 28),
        "area": area,
        "purpose": "Kompetensutbyte.",
        "conditions": "Lön från KTH.",
        "benefit_home": "Kunskap om stadens behov.",
        "benefit_host": "Forskningsbaserad kompetens.",
    }
    values.update(overrides)
    return PersonnelExchange.objects.create(**values)


def _urls(world, exchange):
    pk = world.mou.pk
    return {
        "list": reverse("activities:exchange_list", args=[pk]),
        "create": reverse("activities:exchange_create", args=[pk]),
        "detail": reverse("activities:exchange_detail", args=[pk, exchange.pk]),
        "edit": reverse("activities:exchange_edit", args=[pk, exchange.pk]),
        "approve": reverse("activities:exchange_approve", args=[pk, exchange.pk]),
    }


def _approve(client, world, exchange, organisation):
    return client.post(
        reverse("activities:exchange_approve", args=[world.mou.pk, exchange.pk]),
        {"organisation": organisation.pk},
        **EN,
    )


# Create and edit


def test_coordinator_creates_an_exchange(world, area, anna, as_user):
    client = as_user(world.coordinator)
    response = client.post(
        reverse("activities:exchange_create", args=[world.mou.pk]), _data(world, area, anna), **EN
    )
    exchange = PersonnelExchange.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "activities:exchange_detail", args=[world.mou.pk, exchange.pk]
    )
    assert exchange.partnership == world.mou
    assert exchange.person == anna
    assert exchange.extent_percent == 50
    page = client.get(response["Location"], **EN)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Anna Lind" in text
    assert "Awaiting approval" in text
    assert "Cannot be approved" not in text
    listing = client.get(reverse("activities:exchange_list", args=[world.mou.pk]), **EN)
    assert "Utredare" in listing.content.decode()
    detail = client.get(reverse("partnerships:detail", args=[world.mou.pk]), **EN)
    assert reverse("activities:exchange_list", args=[world.mou.pk]) in detail.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"starts_on": "2025-03-01", "ends_on": "2025-02-28"},
            "ends_on",
            "An exchange cannot end before it starts.",
        ),
        ({"extent_percent": "0"}, "extent_percent", "greater than or equal to 1"),
        ({"extent_percent": "101"}, "extent_percent", "less than or equal to 100"),
    ],
)
def test_bad_exchanges_are_refused_at_save(world, area, anna, as_user, overrides, field, message):
    response = as_user(world.coordinator).post(
        reverse("activities:exchange_create", args=[world.mou.pk]),
        _data(world, area, anna, **overrides),
        **EN,
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(response.context["form"].errors) == [field]
    assert not PersonnelExchange.objects.exists()


def test_home_and_host_must_differ(world, area, as_user):
    stad_person = PersonFactory(organisation=world.stad, name="Sara Nyström")
    response = as_user(world.coordinator_stad).post(
        reverse("activities:exchange_create", args=[world.mou.pk]),
        _data(world, area, stad_person, home_organisation=world.stad.pk),  # host: the city too
        **EN,
    )
    assert response.status_code == 400
    assert "The home and host organisations must differ." in response.content.decode()
    assert not PersonnelExchange.objects.exists()


def test_a_person_not_at_the_home_organisation_is_refused(world, area, as_user):
    stad_person = PersonFactory(organisation=world.stad, name="Sara Nyström")
    response = as_user(world.coordinator_stad).post(
        reverse("activities:exchange_create", args=[world.mou.pk]),
        _data(world, area, stad_person),  # home: KTH
        **EN,
    )
    assert response.status_code == 400
    assert response.context["form"].errors["person"] == [
        "The person must work at the home organisation."
    ]
    assert not PersonnelExchange.objects.exists()


def test_editing_after_an_approval_withdraws_it(world, area, anna, as_user):
    exchange = _exchange(world, area, anna)
    client = as_user(world.coordinator)
    assert _approve(client, world, exchange, world.kth).status_code == 302
    assert exchange.approvals.count() == 1
    urls = _urls(world, exchange)
    assert (
        "Saving a change withdraws the approvals" in client.get(urls["edit"], **EN).content.decode()
    )
    response = client.post(
        urls["edit"],
        _data(world, area, anna, position="Senior utredare", version=exchange.version),
        **EN,
        follow=True,
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "The approval given to the earlier version was withdrawn" in text
    exchange.refresh_from_db()
    assert exchange.position == "Senior utredare"
    assert not exchange.approvals.exists()
    # The history keeps the withdrawn approval.
    assert ExchangeApproval.history.filter(history_type="-").count() == 1


def test_an_edit_based_on_an_old_version_is_refused(world, area, anna, as_user):
    exchange = _exchange(world, area, anna)
    url = _urls(world, exchange)["edit"]
    stale = exchange.version
    client = as_user(world.coordinator)
    client.post(url, _data(world, area, anna, position="Första", version=stale), **EN)
    response = client.post(url, _data(world, area, anna, position="Andra", version=stale), **EN)
    assert response.status_code == 400
    exchange.refresh_from_db()
    assert exchange.position == "Första"


# Approval


@pytest.mark.parametrize(
    ("area_dates", "rule"),
    [
        # Identified by a later dialogue than the exchange's start.
        ({"identified_on": PartialDate(2025, 4)}, "is not among the collaboration areas"),
        # Retired before the exchange starts.
        (
            {"identified_on": PartialDate(2014, 5), "retired_on": PartialDate(2020)},
            "is not among the collaboration areas",
        ),
    ],
)
def test_approval_is_refused_for_an_area_not_in_force_at_the_start(
    world, anna, as_user, area_dates, rule
):
    dialogue = LeadershipDialogue.objects.create(
        partnership=world.mou, held_on=PartialDate(2025, 4), title="Ledningsdialog 2025"
    )
    late = CollaborationArea.objects.create(
        partnership=world.mou,
        name="Klimat",
        name_en="Climate",
        identified_by=dialogue if "retired_on" not in area_dates else None,
        **area_dates,
    )
    exchange = _exchange(world, late, anna)
    client = as_user(world.coordinator)
    detail = client.get(_urls(world, exchange)["detail"], **EN).content.decode()
    assert "Cannot be approved" in detail
    assert f"Climate {rule}" in detail
    response = _approve(client, world, exchange, world.kth)
    assert response.status_code == 400
    text = response.content.decode()
    assert f"Climate {rule}" in text
    assert "in force on 2024-09-01" in text
    assert not ExchangeApproval.objects.exists()


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("purpose", "The purpose of the exchange must be clear before it is approved (R5)."),
        ("conditions", "The conditions of the exchange must be clear before it is approved (R5)."),
        (
            "benefit_home",
            "The benefit for the home organisation must be clear before it is approved (R5).",
        ),
        (
            "benefit_host",
            "The benefit for the host organisation must be clear before it is approved (R5).",
        ),
    ],
)
def test_approval_is_refused_while_a_text_is_empty(world, area, anna, as_user, field, message):
    exchange = _exchange(world, area, anna, **{field: "  "})
    client = as_user(world.coordinator)
    detail = client.get(_urls(world, exchange)["detail"], **EN).content.decode()
    assert "Cannot be approved" in detail
    assert message in detail
    response = _approve(client, world, exchange, world.kth)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ExchangeApproval.objects.exists()


def test_a_party_cannot_approve_for_the_other(world, area, anna, as_user):
    exchange = _exchange(world, area, anna)
    client = as_user(world.coordinator_stad)
    response = _approve(client, world, exchange, world.kth)
    assert response.status_code == 400
    assert response.context["form"].errors["organisation"]
    assert not ExchangeApproval.objects.exists()
    # The city's own choice is the city alone.
    choices = response.context["form"].fields["organisation"].queryset
    assert list(choices) == [world.stad]


def test_approving_twice_is_refused(world, area, anna, as_user):
    exchange = _exchange(world, area, anna)
    client = as_user(world.coordinator)
    assert _approve(client, world, exchange, world.kth).status_code == 302
    response = _approve(client, world, exchange, world.kth)
    assert response.status_code == 400
    assert "Kungliga Tekniska högskolan has already approved this exchange." in (
        response.content.decode()
    )
    assert ExchangeApproval.objects.count() == 1
    # Nothing left to approve for KTH: the detail page offers no form.
    detail = client.get(_urls(world, exchange)["detail"], **EN)
    assert detail.context["approve_form"] is None


def test_both_parties_approve(world, area, anna, as_user, client):
    exchange = _exchange(world, area, anna)
    response = _approve(as_user(world.coordinator), world, exchange, world.kth)
    assert response.status_code == 302
    detail = client.get(response["Location"], **EN).content.decode()
    assert "Kungliga Tekniska högskolan approved the exchange." in detail
    assert "Not yet approved by both parties." in detail
    assert "Awaiting approval" in detail
    response = _approve(as_user(world.leadership_stad), world, exchange, world.stad)
    assert response.status_code == 302
    exchange.refresh_from_db()
    assert exchange.is_approved
    detail = client.get(response["Location"], **EN).content.decode()
    assert "Approved by both parties." in detail
    assert "Awaiting approval" not in detail
    approval = exchange.approvals.get(party__organisation=world.stad)
    assert approval.approved_by == world.leadership_stad
    listing = client.get(_urls(world, exchange)["list"], **EN).content.decode()
    assert "<strong>Approved</strong>" in listing


# Permissions


def test_outsider_gets_404_everywhere(world, area, anna, as_user):
    exchange = _exchange(world, area, anna)
    client = as_user(world.outsider)
    for name, url in _urls(world, exchange).items():
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"organisation": world.kth.pk}).status_code in (404, 405), name
    assert not ExchangeApproval.objects.exists()


def test_an_exchange_of_another_partnership_is_not_found(world, area, anna, as_user):
    from samverkan.partnerships.tests.factories import PartnershipFactory, PartyFactory

    other = PartnershipFactory()
    PartyFactory(partnership=other, organisation=world.kth)
    PartyFactory(partnership=other, organisation=world.stad)
    exchange = _exchange(world, area, anna)
    url = reverse("activities:exchange_detail", args=[other.pk, exchange.pk])
    assert as_user(world.admin).get(url).status_code == 404


def test_viewer_gets_403_on_changes(world, area, anna, as_user):
    exchange = _exchange(world, area, anna)
    client = as_user(world.viewer)
    urls = _urls(world, exchange)
    assert client.get(urls["list"]).status_code == 200
    assert client.get(urls["detail"]).status_code == 200
    for name in ("create", "edit", "approve"):
        assert client.get(urls[name]).status_code == 403, name
    assert client.post(urls["create"], _data(world, area, anna)).status_code == 403
    assert client.post(urls["approve"], {"organisation": world.kth.pk}).status_code == 403
    assert PersonnelExchange.objects.count() == 1
    assert not ExchangeApproval.objects.exists()
    detail = client.get(urls["detail"], **EN)
    assert detail.context["approve_form"] is None
    assert urls["edit"] not in detail.content.decode()


# Query counts


def _grow(world, area, n):
    for i in range(n):
        person = PersonFactory(organisation=world.kth)
        exchange = _exchange(world, area, person, position=f"Utbyte {i:02}")
        ExchangeApproval.objects.create(exchange=exchange, party=world.party_kth)


@pytest.mark.parametrize("page", ["list", "detail"])
def test_pages_run_a_fixed_number_of_queries(
    world, area, anna, as_user, django_assert_max_num_queries, page
):
    exchange = _exchange(world, area, anna)
    ExchangeApproval.objects.create(
        exchange=exchange, party=world.party_kth, approved_by=world.coordinator
    )
    client = as_user(world.coordinator)
    url = _urls(world, exchange)[page]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _grow(world, area, 15)
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200
