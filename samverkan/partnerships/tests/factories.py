import factory

from samverkan.lib.partial_dates import PartialDate
from samverkan.organisations.tests.factories import OrganisationFactory
from samverkan.partnerships.models import Partnership, Party


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    name = factory.Sequence(lambda n: f"Partnership {n}")
    kind = Partnership.Kind.MOU
    signed_on = PartialDate(2014, 5)


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    partnership = factory.SubFactory(PartnershipFactory)
    organisation = factory.SubFactory(OrganisationFactory)
