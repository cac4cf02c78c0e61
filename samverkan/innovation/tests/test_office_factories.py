"""The factories make valid objects that keep the models' rules."""

import pytest

from samverkan.innovation.models import InnovationCase, Stage
from samverkan.innovation.tests.factories import (
    AdvisorFactory,
    CasePersonFactory,
    InnovationCaseFactory,
    InnovationOfficeFactory,
    MemberFactory,
    OutcomeFactory,
    StageChangeFactory,
    SupportFactory,
)
from samverkan.lib.partial_dates import PartialDate

pytestmark = pytest.mark.django_db


def test_factories_make_valid_objects():
    office = InnovationOfficeFactory()
    office.full_clean()
    case = InnovationCaseFactory(network=office.network)
    case.full_clean()
    assert case.institution.parties.get(partnership=office.network).memberships.count() == 1
    inventor = CasePersonFactory(case=case)
    assert inventor.person.organisation == case.institution
    change = StageChangeFactory(case=case)
    assert change.changed_on > case.opened_on
    funding = SupportFactory(case=case, funding=True)
    assert funding.currency == "SEK"
    funding.full_clean()
    OutcomeFactory(case=case).full_clean()
    advisor = AdvisorFactory(partnership=office.network, organisation=case.institution)
    advisor.full_clean()
    assert list(InnovationCase.objects.visible_to(advisor.user)) == [case]
    assert case.stage == Stage.IDEA


def test_member_factory_dates():
    member = MemberFactory(
        membership__starts_on=PartialDate(2012), membership__ends_on=PartialDate(2015)
    )
    (membership,) = member.memberships.all()
    assert (membership.starts_on, membership.ends_on) == (PartialDate(2012), PartialDate(2015))
    assert not MemberFactory(membership=False).memberships.exists()
