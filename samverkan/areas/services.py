"""Workflows on collaboration areas and contact persons. Callers check permissions."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from samverkan.audit.services import RecordClash, create_record, save_versioned
from samverkan.lib.errors import DomainError
from samverkan.organisations.models import Person
from samverkan.partnerships.models import Partnership

from .models import ContactPerson


class AreaError(DomainError):
    pass


def party_for_person(partnership: Partnership, person: Person):
    """The party the person speaks for: their organisation's, which must be a party (R7)."""
    party = partnership.parties.filter(organisation_id=person.organisation_id).first()
    if party is None:
        raise AreaError(
            _(
                "%(person)s works at %(organisation)s, which is not a party of this "
                "partnership; a contact person must belong to a party."
            )
            % {"person": person.name, "organisation": person.organisation},
            field="person",
        )
    return party


def save_contact_person(
    contact: ContactPerson, *, expected_version: int | None, actor: Any
) -> ContactPerson:
    """Save a new or edited contact person, for the party of the person's organisation.

    Raises AreaError when that organisation is not a party, audit's EditConflict, or
    RecordClash when the same person was named for the area in the meantime.
    """
    contact.party = party_for_person(contact.partnership, contact.person)
    if contact.area_id and contact.area.partnership_id != contact.partnership_id:
        raise AreaError(_("The area must be one of this partnership's."), field="area")
    try:
        with transaction.atomic():
            if contact.pk is None:
                return create_record(contact, actor=actor)
            save_versioned(contact, expected_version=expected_version or 0, actor=actor)
            return contact
    except IntegrityError as error:
        raise RecordClash() from error
