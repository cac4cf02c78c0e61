"""Factories of the innovation office, its network and its cases.

`NetworkFactory` makes a network partnership; `MemberFactory` a member institution of it with
a dated membership (from 2010, open-ended, unless told). `InnovationCaseFactory` makes a case
at a member institution (a member is created unless `institution` and `network` are given);
`AdvisorFactory` gives a user the advisor role for an institution in a network.
"""

import datetime
from decimal import Decimal

import factory

from samverkan.accounts.models import Role
from samverkan.accounts.tests.factories import RoleFactory, UserFactory
from samverkan.innovation.models import (
    CasePerson,
    InnovationCase,
    InnovationOffice,
    Outcome,
    Stage,
    StageChange,
    Support,
)
from samverkan.lib.partial_dates import PartialDate
from samverkan.organisations.models import Organisation, Unit
from samverkan.organisations.tests.factories import (
    OrganisationFactory,
    PersonFactory,
    UnitFactory,
)
from samverkan.partnerships.models import Membership, Partnership, Party
from samverkan.partnerships.tests.factories import PartnershipFactory, PartyFactory


class NetworkFactory(PartnershipFactory):
    name = factory.Sequence(lambda n: f"Network {n}")
    kind = Partnership.Kind.NETWORK


class MemberFactory(PartyFactory):
    """A member institution of a network with one membership period: from 2010, open-ended,
    unless `membership__starts_on` / `membership__ends_on` say otherwise (`membership=False`:
    none)."""

    partnership = factory.SubFactory(NetworkFactory)
    organisation = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.STATE_UNIVERSITY)
    role = Party.Role.MEMBER

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def membership(obj, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        Membership.objects.create(
            party=obj,
            starts_on=kwargs.get("starts_on", PartialDate(2010)),
            ends_on=kwargs.get("ends_on"),
        )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    party = factory.SubFactory(MemberFactory, membership=False)
    starts_on = PartialDate(2010)
    ends_on = None


class InnovationOfficeFactory(factory.django.DjangoModelFactory):
    """An office at a host university, its unit a unit of the host, running a network."""

    class Meta:
        model = InnovationOffice

    name = factory.Sequence(lambda n: f"Innovation office {n}")
    host = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.STATE_UNIVERSITY)
    unit = factory.SubFactory(
        UnitFactory,
        organisation=factory.SelfAttribute("..host"),
        kind=Unit.Kind.INNOVATION_OFFICE,
    )
    merged_into = None
    mandate = "Propositionen Ett lyft för forskning och innovation"
    mandate_reference = "2008/09:50"
    established_on = PartialDate(2010)
    head = None
    contact = None
    network = factory.SubFactory(NetworkFactory)


class InnovationCaseFactory(factory.django.DjangoModelFactory):
    """A case at a member institution of its network, opened in 2020, in the idea stage."""

    class Meta:
        model = InnovationCase

    network = factory.SubFactory(NetworkFactory)
    institution = factory.LazyAttribute(lambda o: MemberFactory(partnership=o.network).organisation)
    unit = None
    title = factory.Sequence(lambda n: f"Invention {n}")
    description = "A way to do something better."
    origin = InnovationCase.Origin.RESEARCHER
    opened_on = datetime.date(2020, 3, 2)
    stage = Stage.IDEA
    stage_since = factory.SelfAttribute("opened_on")


class CasePersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CasePerson

    case = factory.SubFactory(InnovationCaseFactory)
    person = factory.SubFactory(
        PersonFactory, organisation=factory.SelfAttribute("..case.institution")
    )
    role = CasePerson.Role.INVENTOR


class StageChangeFactory(factory.django.DjangoModelFactory):
    """A move from idea to verification a month after the case was opened (stage not updated:
    pass `case` and set its stage yourself, or use the case services)."""

    class Meta:
        model = StageChange

    case = factory.SubFactory(InnovationCaseFactory)
    from_stage = Stage.IDEA
    to_stage = Stage.VERIFICATION
    changed_on = factory.LazyAttribute(lambda o: o.case.opened_on + datetime.timedelta(days=30))
    reason = ""


class SupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Support

    case = factory.SubFactory(InnovationCaseFactory)
    kind = Support.Kind.MEETING
    given_on = factory.LazyAttribute(lambda o: o.case.opened_on)
    amount = None
    currency = ""
    referred_to = None
    note = ""

    class Params:
        funding = factory.Trait(
            kind=Support.Kind.VERIFICATION_FUNDING, amount=Decimal("100000.00"), currency="SEK"
        )


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    case = factory.SubFactory(InnovationCaseFactory)
    kind = Outcome.Kind.PATENT_APPLICATION
    achieved_on = factory.LazyAttribute(lambda o: o.case.opened_on + datetime.timedelta(days=200))
    amount = None
    currency = ""
    reference = factory.Sequence(lambda n: f"SE{2000000 + n}")


class AdvisorFactory(RoleFactory):
    """A user entitled to `organisation`'s cases in `partnership` (must be a party of it)."""

    user = factory.SubFactory(UserFactory)
    role = Role.ADVISOR
    partnership = factory.SubFactory(NetworkFactory)
    organisation = factory.LazyAttribute(
        lambda o: MemberFactory(partnership=o.partnership).organisation
    )
