"""The rules of personnel exchanges (R5), at the service and the model."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from samverkan.activities import services
from samverkan.activities.models import ExchangeApproval, PersonnelExchange
from samverkan.areas.models import CollaborationArea
from samverkan.followup.models import LeadershipDialogue
from samverkan.lib.partial_dates import PartialDate
from samverkan.organisations.tests.factories import PersonFactory


@pytest.fixture
def exchange(world):
    area = CollaborationArea.objects.create(
        partnership=world.mou, name="Personutbyten", identified_on=PartialDate(2014, 5)
    )
    return PersonnelExchange.objects.create(
        partnership=world.mou,
        person=PersonFactory(organisation=world.stad, name="Johan Ek"),
        home_organisation=world.stad,
        host_organisation=world.kth,
        position="Gästforskare",
        extent_percent=50,
        starts_on=datetime.date(2025, 9, 1),
        ends_on=datetime.date(2026, 6, 30),
        area=area,
        purpose="Karriärtrappa",
        conditions="Lön från staden",
        benefit_home="Kompetens",
        benefit_host="Praktiknära forskning",
    )


def test_both_parties_approve_an_exchange_within_an_area(world, exchange):
    services.approve_exchange(exchange, organisation=world.stad, actor=world.leadership_stad)
    assert not PersonnelExchange.objects.get(pk=exchange.pk).is_approved
    services.approve_exchange(exchange, organisation=world.kth, actor=world.coordinator)
    assert PersonnelExchange.objects.get(pk=exchange.pk).is_approved


@pytest.mark.parametrize("field", ["purpose", "conditions", "benefit_home", "benefit_host"])
def test_an_exchange_without_purpose_conditions_or_a_benefit_cannot_be_approved(
    world, exchange, field
):
    setattr(exchange, field, "  ")
    exchange.save()
    with translation.override("en"), pytest.raises(services.ExchangeError) as error:
        services.approve_exchange(exchange, organisation=world.kth, actor=world.coordinator)
    assert error.value.field == field
    assert "(R5)" in str(error.value.message)
    assert not ExchangeApproval.objects.exists()


def test_an_exchange_outside_the_areas_in_force_at_its_start_cannot_be_approved(world, exchange):
    dialogue = LeadershipDialogue.objects.create(
        partnership=world.mou, held_on=PartialDate(2026, 4), title="Ledningsdialog 2026"
    )
    later = CollaborationArea.objects.create(
        partnership=world.mou,
        name="Klimat",
        identified_on=PartialDate(2026, 4),
        identified_by=dialogue,
    )
    exchange.area = later  # identified after the exchange started
    exchange.save()
    with translation.override("en"), pytest.raises(services.ExchangeError) as error:
        services.approve_exchange(exchange, organisation=world.kth, actor=world.coordinator)
    assert error.value.field == "area"
    assert "not among the collaboration areas identified" in str(error.value.message)
    with translation.override("sv"):
        problems = services.approval_problems(exchange)
    assert problems and problems[0].field == "area"


def test_an_area_retired_before_the_start_does_not_count(world, exchange):
    exchange.area.retired_on = PartialDate(2025)
    exchange.area.save()
    assert [p.field for p in services.approval_problems(exchange)] == ["area"]


def test_an_organisation_approves_once_and_only_for_its_own_exchange(world, exchange):
    services.approve_exchange(exchange, organisation=world.kth, actor=world.coordinator)
    with pytest.raises(services.ExchangeError):
        services.approve_exchange(exchange, organisation=world.kth, actor=world.coordinator)
    with pytest.raises(services.ExchangeError):
        services.approve_exchange(exchange, organisation=world.elsewhere, actor=world.admin)
    assert ExchangeApproval.objects.count() == 1


def test_changing_an_exchange_withdraws_the_approvals_given_to_it(world, exchange):
    services.approve_exchange(exchange, organisation=world.kth, actor=world.coordinator)
    exchange.extent_percent = 80
    withdrawn = services.change_exchange(exchange, expected_version=1, actor=world.coordinator)
    assert withdrawn == 1
    assert not exchange.approvals.exists()
    assert ExchangeApproval.history.filter(history_type="-").count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_on": datetime.date(2025, 8, 31)}, "ends_on"),
        ({"extent_percent": 0}, "extent_percent"),
        ({"extent_percent": 101}, "extent_percent"),
        ({"host_organisation_id": None}, None),
    ],
)
def test_malformed_exchanges_are_refused_by_the_model(world, exchange, changes, field):
    if "host_organisation_id" in changes:
        exchange.host_organisation = world.stad  # home == host
    for name, value in changes.items():
        if value is not None:
            setattr(exchange, name, value)
    with pytest.raises(ValidationError) as error:
        exchange.full_clean()
    if field:
        assert field in error.value.message_dict


def test_the_person_works_at_the_home_organisation(world, exchange):
    exchange.person = PersonFactory(organisation=world.kth)
    with pytest.raises(ValidationError) as error:
        exchange.full_clean()
    assert "person" in error.value.message_dict
