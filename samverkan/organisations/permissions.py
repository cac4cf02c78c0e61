"""Who may see and change organisations, units and people. See docs/roles.md."""

from __future__ import annotations

from django.http import Http404

from samverkan.accounts.models import Role
from samverkan.accounts.roles import RoleSet

from .models import Organisation, Person


def can_create_organisation(roles: RoleSet) -> bool:
    """Coordinators register the organisations their partnerships need."""
    return roles.has(Role.COORDINATOR)


def can_edit_organisation(roles: RoleSet, organisation: Organisation) -> bool:
    """A coordinator acting for the organisation keeps its units and people true."""
    return roles.has(Role.COORDINATOR, organisation_id=organisation.pk)


def get_organisation_for_user(user, pk: int) -> Organisation:
    organisation = Organisation.objects.visible_to(user).filter(pk=pk).first()
    if organisation is None:
        raise Http404
    return organisation


def get_person_for_user(user, pk: int) -> Person:
    person = (
        Person.objects.visible_to(user).select_related("organisation", "unit").filter(pk=pk).first()
    )
    if person is None:
        raise Http404
    return person
