"""Who may see and change an innovation office, and whose cases a user advises on.

An office and its mandate are public facts: any signed-in user reads them. The host's
coordinators in the office's network (and the site administrator) keep the office's record.
Cases are another matter: `advised_institutions` names the institutions whose cases a user is
entitled to in a network (role `advisor`, decision 0008); the site administrator as such is
entitled to none.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from samverkan.accounts.models import Role, RoleAssignment
from samverkan.accounts.roles import RoleSet, roles_in_partnership
from samverkan.organisations.models import Organisation
from samverkan.partnerships.models import Partnership

from .models import InnovationCase, InnovationOffice

EDIT_OFFICE = (Role.COORDINATOR,)
# What an office's pages show of it, fetched with it.
OFFICE_RELATED = (
    "host",
    "unit",
    "merged_into",
    "head",
    "head__unit",
    "contact",
    "contact__unit",
    "network",
    "network__lead_unit",
    "network__lead_unit__organisation",
)


def get_office_for_user(user: Any, pk: int) -> InnovationOffice:
    """The office with what its pages show (any signed-in user); Http404 if there is none."""
    office = (
        InnovationOffice.objects.visible_to(user)
        .select_related(*OFFICE_RELATED)
        .filter(pk=pk)
        .first()
    )
    if office is None:
        raise Http404
    return office


def office_roles(user: Any, office: InnovationOffice) -> RoleSet:
    """The user's roles in the office's network (one query; none without a network)."""
    if office.network_id is None:
        return RoleSet(bool(getattr(user, "is_superuser", False)), frozenset())
    return roles_in_partnership(user, office.network_id)


def can_edit_office(roles: RoleSet, office: InnovationOffice) -> bool:
    """A coordinator of the host organisation in the office's network, or the site admin."""
    return roles.has(*EDIT_OFFICE, organisation_id=office.host_id)


def advised_institutions(user: Any, network: Any) -> QuerySet[Organisation]:
    """The institutions whose cases `user` is entitled to in `network` (a Partnership or its
    pk): those they hold the advisor role for there. Not the site admin as such: an empty
    queryset unless they also hold the role. Ordered by name; no permission check beyond that."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    network_id = getattr(network, "pk", network)
    advised = RoleAssignment.objects.filter(
        user=user, role=Role.ADVISOR, partnership_id=network_id
    ).values("organisation")
    return Organisation.objects.filter(pk__in=advised).order_by("name", "pk")


# Cases (decision 0008): read through visible_to, 404 for anything else; written by advisors.


def get_network_for_user(user: Any, network_pk: int) -> Partnership:
    """The network partnership if the user takes part in it or may read one of its cases;
    Http404 otherwise (and for a partnership that is not a network)."""
    network = Partnership.objects.filter(pk=network_pk, kind=Partnership.Kind.NETWORK).first()
    if network is None:
        raise Http404
    if Partnership.objects.visible_to(user).filter(pk=network.pk).exists():
        return network
    if InnovationCase.objects.visible_to(user).filter(network=network).exists():
        return network
    raise Http404


def cases_for(user: Any, network: Partnership) -> QuerySet[InnovationCase]:
    """The network's cases the user may read, with what a list shows."""
    return (
        InnovationCase.objects.visible_to(user)
        .filter(network=network)
        .select_related("institution", "unit")
    )


def get_case_for_user(user: Any, network: Partnership, case_uuid: Any) -> InnovationCase:
    """The case if the user may read it; Http404 for any other (never 403: decision 0008)."""
    return get_object_or_404(cases_for(user, network), uuid=case_uuid)


def can_change_case(user: Any, case: InnovationCase) -> bool:
    """An advisor of the case's institution in its network. Not the site admin as such, and
    not a person merely named on the case."""
    return RoleAssignment.objects.filter(
        user=user,
        role=Role.ADVISOR,
        partnership_id=case.network_id,
        organisation_id=case.institution_id,
    ).exists()


def require_change(user: Any, case: InnovationCase) -> None:
    if not can_change_case(user, case):
        raise PermissionDenied
