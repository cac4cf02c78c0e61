"""The network's figures (innovation/figures.py): what counts, the roll-up, a fixed query count."""

import dataclasses
import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from samverkan.innovation.figures import network_figures
from samverkan.innovation.models import Outcome, Stage, Support
from samverkan.organisations.models import Unit
from samverkan.organisations.tests.factories import OrganisationFactory, UnitFactory

from .factories import (
    InnovationCaseFactory,
    MemberFactory,
    NetworkFactory,
    OutcomeFactory,
    StageChangeFactory,
    SupportFactory,
)

pytestmark = pytest.mark.django_db


def day(year, month=6, date=1):
    return datetime.date(year, month, date)


@pytest.fixture
def network():
    return NetworkFactory(name="InterAct")


@pytest.fixture
def su(network):
    return MemberFactory(
        partnership=network, organisation__name="Stockholms universitet"
    ).organisation


@pytest.fixture
def kth(network):
    return MemberFactory(partnership=network, organisation__name="KTH").organisation


def case(network, institution, opened, stage=Stage.IDEA, **kwargs):
    return InnovationCaseFactory(
        network=network,
        institution=institution,
        opened_on=opened,
        stage=stage,
        stage_since=opened,
        **kwargs,
    )


def move(case_, to_stage, on, from_stage=None):
    from_stage = from_stage or case_.stage
    StageChangeFactory(case=case_, from_stage=from_stage, to_stage=to_stage, changed_on=on)
    case_.stage, case_.stage_since = to_stage, on
    case_.save()
    return case_


def test_new_cases_and_stages_at_year_end_this_year_and_last(network, su, kth):
    old = case(network, su, day(2023))  # idea in 2023, verification in 2024
    move(old, Stage.VERIFICATION, day(2024, 3))
    case(network, su, day(2024, 2))  # new in 2024, still an idea
    late = case(network, kth, day(2024, 4))  # new in 2024; protected only in 2025
    move(late, Stage.PROTECTION, day(2025, 1))
    case(network, kth, day(2025, 1))  # after the year: not counted

    figures = network_figures(network, 2024)

    total = figures.total
    assert total.current.new_cases == 2
    assert total.previous.new_cases == 1
    assert total.current.in_stage[Stage.IDEA] == 2  # the new SU case and the KTH case on 31 Dec
    assert total.current.in_stage[Stage.VERIFICATION] == 1
    assert total.current.in_stage[Stage.PROTECTION] == 0
    assert total.previous.in_stage == {**dict.fromkeys(Stage.values, 0), Stage.IDEA: 1}
    assert total.current.stage_changes[Stage.VERIFICATION] == 1
    assert total.current.stage_change_count == 1
    assert total.previous.stage_change_count == 0

    by_name = {line.label: line for line in figures.by_institution}
    assert by_name["Stockholms universitet"].current.new_cases == 1
    assert by_name["Stockholms universitet"].current.cases == 2
    assert by_name["KTH"].current.cases == 1
    assert by_name["KTH"].organisation_id == kth.pk


def test_a_member_without_cases_has_its_row_of_zeros(network, su):
    figures = network_figures(network, 2024)
    (line,) = figures.by_institution
    assert line.label == "Stockholms universitet"
    assert line.current.cases == line.previous.cases == 0


def test_other_networks_cases_are_not_counted(network, su):
    other = NetworkFactory()
    case(other, MemberFactory(partnership=other).organisation, day(2024))
    assert network_figures(network, 2024).total.current.new_cases == 0


def test_support_and_outcomes_by_kind_with_money_per_currency(network, su, kth):
    a = case(network, su, day(2024, 1))
    b = case(network, kth, day(2023, 1))
    SupportFactory(case=a, funding=True, amount=Decimal("100000"), given_on=day(2024, 2))
    SupportFactory(case=b, funding=True, amount=Decimal("50000"), given_on=day(2024, 3))
    SupportFactory(
        case=b, funding=True, amount=Decimal("2000"), currency="EUR", given_on=day(2024, 3)
    )
    SupportFactory(case=b, kind=Support.Kind.MEETING, given_on=day(2024, 5))
    SupportFactory(case=b, funding=True, amount=Decimal("7"), given_on=day(2023, 5))
    OutcomeFactory(case=a, kind=Outcome.Kind.PATENT_APPLICATION, achieved_on=day(2024, 9))
    OutcomeFactory(
        case=b,
        kind=Outcome.Kind.FUNDING_RAISED,
        amount=Decimal("3000000"),
        currency="SEK",
        achieved_on=day(2024, 10),
    )

    total = network_figures(network, 2024).total
    assert total.current.support[Support.Kind.VERIFICATION_FUNDING] == 3
    assert total.current.support[Support.Kind.MEETING] == 1
    assert total.current.support_count == 4
    assert total.current.verification_funding == {"SEK": Decimal("150000"), "EUR": Decimal("2000")}
    assert total.previous.verification_funding == {"SEK": Decimal("7")}
    assert total.current.outcomes[Outcome.Kind.PATENT_APPLICATION] == 1
    assert total.current.outcomes[Outcome.Kind.FUNDING_RAISED] == 1
    assert total.current.funding_raised == {"SEK": Decimal("3000000")}


def test_the_stage_at_year_end_is_the_one_before_a_later_change(network, su):
    # Opened as an idea in 2022, verified in 2023, back to idea (with a reason) in 2025.
    c = case(network, su, day(2022))
    move(c, Stage.VERIFICATION, day(2023))
    move(c, Stage.IDEA, day(2025))
    assert network_figures(network, 2024).total.current.in_stage[Stage.VERIFICATION] == 1
    assert network_figures(network, 2022).total.current.in_stage[Stage.IDEA] == 1


def test_closed_cases_are_counted_in_their_stage_not_as_open(network, su):
    c = case(network, su, day(2024, 1))
    move(c, Stage.CLOSED, day(2024, 8))
    total = network_figures(network, 2024).total.current
    assert total.cases == 1
    assert total.open_cases == 0


def test_figures_roll_up_along_the_reporting_line(network, kth, su):
    innovation = UnitFactory(
        organisation=kth, name="KTH Innovation", kind=Unit.Kind.INNOVATION_UNIT
    )
    office = UnitFactory(organisation=kth, name="Innovationskontoret", parent=innovation)
    # Part of a school, but its innovation work reports to KTH Innovation (R13).
    school = UnitFactory(organisation=kth, name="ITM")
    carrying = UnitFactory(
        organisation=kth, name="Avdelningen", parent=school, reports_to=innovation
    )
    UnitFactory(organisation=kth, name="Empty unit", parent=innovation)
    case(network, kth, day(2024), unit=office)
    case(network, kth, day(2024), unit=carrying)
    case(network, kth, day(2023), unit=carrying)
    case(network, kth, day(2024), unit=innovation)
    case(network, su, day(2024))  # no handling unit

    with translation.override("en"):
        lines = network_figures(network, 2024).by_unit

    shown = [
        (line.label, line.depth, line.current.new_cases, line.own_current.new_cases)
        for line in lines
    ]
    assert shown == [
        ("KTH Innovation", 0, 3, 1),
        ("Avdelningen", 1, 1, 1),
        ("Innovationskontoret", 1, 1, 1),
        ("No handling unit", 0, 1, 1),
    ]
    assert lines[0].current.cases == 4  # every KTH case by year end, rolled up
    assert lines[0].previous.new_cases == 1
    assert "ITM" not in [line.label for line in lines]  # the school is not on the reporting line


def test_no_figure_names_a_case(network, su):
    c = case(network, su, day(2024), title="Secret molecule XYZ")
    SupportFactory(case=c, funding=True, given_on=day(2024, 7), note="secret note")
    OutcomeFactory(case=c, reference="SE-secret-123", achieved_on=day(2024, 9))
    figures = network_figures(network, 2024)
    text = repr(dataclasses.asdict(figures))
    for secret in ("Secret molecule", "secret note", "SE-secret", str(c.uuid)):
        assert secret not in text


def test_a_fixed_number_of_queries_whatever_the_rows(network, su, kth, django_assert_num_queries):
    innovation = UnitFactory(organisation=kth, name="KTH Innovation")

    def add(n):
        for i in range(n):
            c = case(network, su if i % 2 else kth, day(2023 + i % 2, 1 + i % 12), unit=innovation)
            move(c, Stage.VERIFICATION, c.opened_on + datetime.timedelta(days=40))
            SupportFactory(case=c, funding=True, given_on=c.opened_on)
            OutcomeFactory(case=c, achieved_on=c.opened_on + datetime.timedelta(days=60))

    add(2)
    with django_assert_num_queries(6):
        small = network_figures(network, 2024)
    add(28)
    OrganisationFactory()  # an organisation outside the network changes nothing
    with django_assert_num_queries(6):
        large = network_figures(network, 2024)
    assert large.total.current.new_cases > small.total.current.new_cases
