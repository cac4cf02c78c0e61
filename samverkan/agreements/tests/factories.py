import datetime

import factory
from django.core.files.base import ContentFile

from samverkan.activities.models import Activity, ActivityKind
from samverkan.agreements.models import (
    Agreement,
    AgreementParty,
    Registration,
    RequiredSignatory,
    SecrecyMarking,
)
from samverkan.lib.pdf import blank_pdf
from samverkan.organisations.tests.factories import PersonFactory


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    kind = ActivityKind.DEGREE_PROJECT
    title = factory.Sequence(lambda n: f"Activity {n}")
    starts = "2025-09"


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    title = factory.Sequence(lambda n: f"Agreement {n}")


def pdf_upload(name: str = "agreement.pdf", text: str = "") -> ContentFile:
    return ContentFile(blank_pdf(text=text), name=name)


def agreement_between(partnership, parties, *, title="Avtal om examensarbeten", document=True):
    """A draft agreement of `parties` (Party rows), each with one required signatory, with a
    document when asked. Returns (agreement, [RequiredSignatory, ...])."""
    from samverkan.agreements import services

    agreement = AgreementFactory(partnership=partnership, title=title)
    signatories = []
    for party in parties:
        AgreementParty.objects.create(agreement=agreement, party=party)
        person = PersonFactory(organisation=party.organisation)
        signatories.append(
            RequiredSignatory.objects.create(
                agreement=agreement, party=party, person=person, title="Chef"
            )
        )
    if document:
        services.replace_document(agreement, upload=pdf_upload(), actor=None)
    return agreement, signatories


def register(agreement, party, number, **kwargs):
    defaults = {
        "registered_on": datetime.date(2025, 1, 10),
        "direction": Registration.Direction.DRAWN_UP,
        "correspondent": "Kungliga Tekniska högskolan",
        "subject": "Avtal om examensarbeten",
    }
    return Registration.objects.create(
        agreement=agreement, party=party, registration_number=number, **{**defaults, **kwargs}
    )


def mark(agreement=None, activity=None, target="document", authority=None, **kwargs):
    return SecrecyMarking.objects.create(
        agreement=agreement,
        activity=activity,
        target=target,
        provision=kwargs.pop("provision", "OSL 31 kap. 16 §"),
        marked_on=kwargs.pop("marked_on", datetime.date(2025, 1, 10)),
        authority=authority,
        **kwargs,
    )
