"""The rules of innovation-support cases, in their services (case_services.py)."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from samverkan.accounts.tests.factories import UserFactory
from samverkan.innovation import case_services as services
from samverkan.innovation.models import (
    CasePerson,
    InnovationCase,
    Outcome,
    Stage,
    StageChange,
    Support,
)
from samverkan.innovation.tests.factories import (
    AdvisorFactory,
    MemberFactory,
    NetworkFactory,
)
from samverkan.lib.partial_dates import PartialDate
from samverkan.organisations.tests.factories import OrganisationFactory, PersonFactory

D = datetime.date


@pytest.fixture
def net(world):
    return make_net(world)


def make_net(world):
    """InterAct in small: SU a member from 2012, KTH from 2010; an advisor of each; an
    inventor of SU who is also a user; the city's coordinator (world) sees nothing of it."""
    network = NetworkFactory(name="InterAct")
    su = MemberFactory(
        partnership=network,
        organisation__name="Stockholms universitet",
        membership__starts_on=PartialDate(2012),
    ).organisation
    kth = MemberFactory(partnership=network, organisation=world.kth).organisation
    su_advisor_person = PersonFactory(organisation=su, name="Oskar Wikström")
    su_advisor = AdvisorFactory(partnership=network, organisation=su).user
    su_advisor.person = su_advisor_person
    su_advisor.save()
    kth_advisor = AdvisorFactory(partnership=network, organisation=kth).user
    inventor = PersonFactory(organisation=su, name="Ada Forskare")
    inventor_user = UserFactory(username="inventor", person=inventor)
    return SimpleNamespace(
        network=network,
        su=su,
        kth=kth,
        su_advisor=su_advisor,
        kth_advisor=kth_advisor,
        inventor=inventor,
        inventor_user=inventor_user,
    )


def opened(net, **overrides):
    values = {
        "network": net.network,
        "institution": net.su,
        "title": "Självläkande betong",
        "origin": InnovationCase.Origin.RESEARCHER,
        "opened_on": D(2021, 3, 1),
    }
    values.update(overrides)
    return services.open_case(
        InnovationCase(**values),
        advisor=net.su_advisor.person,
        inventors=[net.inventor],
        actor=net.su_advisor,
    )


def test_opening_a_case_names_the_advisor_and_inventors_in_the_idea_stage(net):
    case = opened(net)
    assert (case.stage, case.stage_since) == (Stage.IDEA, D(2021, 3, 1))
    roles = {(p.person_id, p.role) for p in case.people.all()}
    assert roles == {
        (net.su_advisor.person.pk, CasePerson.Role.ADVISOR),
        (net.inventor.pk, CasePerson.Role.INVENTOR),
    }


def test_a_case_at_an_institution_not_a_member_on_its_date_is_refused(net):
    with pytest.raises(services.CaseError) as refused:
        opened(net, opened_on=D(2011, 6, 1))  # SU a member from 2012 only
    assert refused.value.field == "institution"
    assert not InnovationCase.objects.exists()
    assert not CasePerson.objects.exists()


def test_a_case_at_an_organisation_outside_the_network_is_refused(net):
    outside = OrganisationFactory(name="Annan högskola")
    with pytest.raises(services.CaseError):
        services.open_case(
            InnovationCase(
                network=net.network,
                institution=outside,
                title="X",
                origin="staff",
                opened_on=D(2021, 1, 1),
            ),
            advisor=None,
            inventors=[],
            actor=net.su_advisor,
        )
    assert not InnovationCase.objects.exists()


def test_membership_known_to_the_year_covers_its_whole_year(net):
    assert services.is_member_on(net.network, net.su, D(2012, 1, 1))
    assert not services.is_member_on(net.network, net.su, D(2011, 12, 31))


def test_an_inventor_of_another_institution_is_refused(net):
    with pytest.raises(services.CaseError) as refused:
        services.open_case(
            InnovationCase(
                network=net.network,
                institution=net.su,
                title="X",
                origin="staff",
                opened_on=D(2021, 1, 1),
            ),
            advisor=None,
            inventors=[PersonFactory(organisation=net.kth)],
            actor=net.su_advisor,
        )
    assert refused.value.field == "inventors"
    assert not InnovationCase.objects.exists()


def test_a_stage_change_is_recorded_and_moves_the_case(net):
    case = opened(net)
    change = services.change_stage(
        case, to_stage=Stage.VERIFICATION, on=D(2021, 5, 1), actor=net.su_advisor
    )
    case.refresh_from_db()
    assert (case.stage, case.stage_since, case.version) == (Stage.VERIFICATION, D(2021, 5, 1), 2)
    assert (change.from_stage, change.to_stage) == (Stage.IDEA, Stage.VERIFICATION)


def test_a_move_to_the_same_stage_is_refused(net):
    case = opened(net)
    with pytest.raises(services.CaseError) as refused:
        services.change_stage(case, to_stage=Stage.IDEA, on=D(2021, 5, 1), actor=net.su_advisor)
    assert refused.value.field == "to_stage"


def test_a_move_backwards_without_a_reason_is_refused_and_with_one_accepted(net):
    case = opened(net)
    services.change_stage(case, to_stage=Stage.PROTECTION, on=D(2021, 5, 1), actor=net.su_advisor)
    with pytest.raises(services.CaseError) as refused:
        services.change_stage(
            case, to_stage=Stage.VERIFICATION, on=D(2021, 6, 1), reason="  ", actor=net.su_advisor
        )
    assert refused.value.field == "reason"
    assert StageChange.objects.count() == 1
    case.refresh_from_db()
    assert case.stage == Stage.PROTECTION
    services.change_stage(
        case,
        to_stage=Stage.VERIFICATION,
        on=D(2021, 6, 1),
        reason="The prior art search found a close patent.",
        actor=net.su_advisor,
    )
    case.refresh_from_db()
    assert case.stage == Stage.VERIFICATION


def test_reopening_a_closed_case_needs_a_reason(net):
    case = opened(net)
    services.change_stage(case, to_stage=Stage.CLOSED, on=D(2021, 5, 1), actor=net.su_advisor)
    with pytest.raises(services.CaseError) as refused:
        services.change_stage(case, to_stage=Stage.FUNDING, on=D(2021, 6, 1), actor=net.su_advisor)
    assert refused.value.field == "reason"


def test_a_stage_date_before_the_case_was_opened_is_refused(net):
    case = opened(net)
    with pytest.raises(services.CaseError) as refused:
        services.change_stage(
            case, to_stage=Stage.VERIFICATION, on=D(2021, 2, 28), actor=net.su_advisor
        )
    assert refused.value.field == "changed_on"
    assert not StageChange.objects.exists()


def test_a_stage_date_before_the_last_change_is_refused(net):
    case = opened(net)
    services.change_stage(case, to_stage=Stage.VERIFICATION, on=D(2021, 5, 1), actor=net.su_advisor)
    with pytest.raises(services.CaseError) as refused:
        services.change_stage(
            case, to_stage=Stage.PROTECTION, on=D(2021, 4, 1), actor=net.su_advisor
        )
    assert refused.value.field == "changed_on"


def test_verification_funding_without_a_currency_is_refused(net):
    case = opened(net)
    support = Support(
        case=case,
        kind=Support.Kind.VERIFICATION_FUNDING,
        given_on=D(2021, 5, 2),
        amount=Decimal("150000"),
    )
    with pytest.raises(services.CaseError) as refused:
        services.add_support(support, actor=net.su_advisor)
    assert refused.value.field == "currency"
    assert not Support.objects.exists()


def test_verification_funding_without_an_amount_is_refused(net):
    case = opened(net)
    support = Support(
        case=case, kind=Support.Kind.VERIFICATION_FUNDING, given_on=D(2021, 5, 2), currency="SEK"
    )
    with pytest.raises(services.CaseError) as refused:
        services.add_support(support, actor=net.su_advisor)
    assert refused.value.field == "amount"


def test_a_currency_is_three_capital_letters(net):
    case = opened(net)
    support = Support(
        case=case,
        kind=Support.Kind.VERIFICATION_FUNDING,
        given_on=D(2021, 5, 2),
        amount=Decimal("1"),
        currency="kr",
    )
    with pytest.raises(services.CaseError) as refused:
        services.add_support(support, actor=net.su_advisor)
    assert refused.value.field == "currency"


def test_a_referral_names_the_organisation_referred_to(net):
    case = opened(net)
    support = Support(case=case, kind=Support.Kind.INCUBATOR_REFERRAL, given_on=D(2021, 5, 2))
    with pytest.raises(services.CaseError) as refused:
        services.add_support(support, actor=net.su_advisor)
    assert refused.value.field == "referred_to"
    support.referred_to = OrganisationFactory(name="KTH Innovation Incubator")
    services.add_support(support, actor=net.su_advisor)
    assert Support.objects.count() == 1


def test_support_before_the_case_was_opened_is_refused(net):
    case = opened(net)
    support = Support(case=case, kind=Support.Kind.MEETING, given_on=D(2020, 5, 2))
    with pytest.raises(services.CaseError) as refused:
        services.add_support(support, actor=net.su_advisor)
    assert refused.value.field == "given_on"


def test_funding_raised_needs_amount_and_currency(net):
    case = opened(net)
    outcome = Outcome(
        case=case, kind=Outcome.Kind.FUNDING_RAISED, achieved_on=D(2022, 1, 1), amount=5
    )
    with pytest.raises(services.CaseError) as refused:
        services.add_outcome(outcome, actor=net.su_advisor)
    assert refused.value.field == "currency"
    outcome.currency = "EUR"
    services.add_outcome(outcome, actor=net.su_advisor)
    assert Outcome.objects.get().currency == "EUR"


def test_naming_an_inventor_of_another_institution_is_refused(net):
    case = opened(net)
    with pytest.raises(services.CaseError) as refused:
        services.name_person(
            case,
            person=PersonFactory(organisation=net.kth),
            role=CasePerson.Role.INVENTOR,
            actor=net.su_advisor,
        )
    assert refused.value.field == "person"


def test_the_last_advisor_stays_on_the_case(net):
    case = opened(net)
    advisor = case.people.get(role=CasePerson.Role.ADVISOR)
    with pytest.raises(services.CaseError):
        services.remove_person(advisor, actor=net.su_advisor)
    inventor = case.people.get(role=CasePerson.Role.INVENTOR)
    services.remove_person(inventor, actor=net.su_advisor)
    assert list(case.people.values_list("role", flat=True)) == [CasePerson.Role.ADVISOR]


def test_the_opening_day_cannot_move_after_the_first_stage_change(net):
    case = opened(net)
    services.change_stage(case, to_stage=Stage.VERIFICATION, on=D(2021, 5, 1), actor=net.su_advisor)
    case.refresh_from_db()
    case.opened_on = D(2021, 6, 1)
    with pytest.raises(services.CaseError) as refused:
        services.update_case(case, expected_version=case.version, actor=net.su_advisor)
    assert refused.value.field == "opened_on"


def test_who_may_read_a_case(net, world):
    case = opened(net)
    assert list(InnovationCase.objects.visible_to(net.su_advisor)) == [case]
    assert list(InnovationCase.objects.visible_to(net.inventor_user)) == [case]
    assert not InnovationCase.objects.visible_to(net.kth_advisor).exists()
    assert not InnovationCase.objects.visible_to(world.coordinator_stad).exists()
    assert not InnovationCase.objects.visible_to(world.admin).exists()
