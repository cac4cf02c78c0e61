"""Who may see and change a partnership and what hangs under it. See docs/roles.md.

Access helpers fetch through `visible_to(user)` and answer 404 for what the user may not see;
a visible partnership the user may not change answers 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from samverkan.accounts.models import Role, RoleAssignment
from samverkan.accounts.roles import RoleSet, all_roles, roles_in_partnership
from samverkan.organisations.models import Organisation

from .models import Partnership

EDIT_REGISTER = (Role.COORDINATOR,)
EDIT_AREAS = (Role.COORDINATOR, Role.STEERING_GROUP)
RECORD_DIALOGUES = (Role.COORDINATOR, Role.STEERING_GROUP)
GIVE_NOTICE = (Role.COORDINATOR, Role.LEADERSHIP)
APPROVE_EXCHANGE = (Role.COORDINATOR, Role.LEADERSHIP)


@dataclass(frozen=True)
class PartnershipAccess:
    partnership: Partnership
    roles: RoleSet

    @property
    def can_edit(self) -> bool:
        """Details, parties, signatories, clauses, memberships, collaborators, contacts."""
        return self.roles.has(*EDIT_REGISTER)

    @property
    def can_edit_areas(self) -> bool:
        return self.roles.has(*EDIT_AREAS)

    @property
    def can_record_dialogues(self) -> bool:
        return self.roles.has(*RECORD_DIALOGUES)

    def can_give_notice_for(self, organisation_id: int) -> bool:
        """Notice is given on behalf of one's own party only (the site admin for any)."""
        return self.roles.has(*GIVE_NOTICE, organisation_id=organisation_id)

    @property
    def can_give_notice(self) -> bool:
        return self.roles.has(*GIVE_NOTICE)

    def can_approve_exchange_for(self, organisation_id: int) -> bool:
        """A party approves an exchange through its own coordinators or leadership (R5)."""
        return self.roles.has(*APPROVE_EXCHANGE, organisation_id=organisation_id)

    def notice_organisations(self) -> QuerySet[Organisation]:
        """The parties the user may give notice for (all of them, for the site admin)."""
        organisations = Organisation.objects.filter(parties__partnership=self.partnership).order_by(
            "name"
        )
        if not self.roles.is_admin:
            organisations = organisations.filter(pk__in=self.roles.organisations_with(*GIVE_NOTICE))
        return organisations


def get_partnership_for_user(user, pk: int) -> Partnership:
    """The partnership if the user takes part in it; Http404 otherwise."""
    partnership = Partnership.objects.visible_to(user).filter(pk=pk).first()
    if partnership is None:
        raise Http404
    return partnership


def access_for(user, partnership: Partnership) -> PartnershipAccess:
    return PartnershipAccess(partnership, roles_in_partnership(user, partnership.pk))


def get_access_for_user(user, pk: int) -> PartnershipAccess:
    """The user's access to a partnership they take part in; Http404 for any other.

    For a member it is one query: their roles in the partnership, each with the partnership
    (holding a role there is what `Partnership.objects.visible_to` asks). Every partnership
    page starts here, so the query saved is saved on every page.
    """
    if not user.is_authenticated or user.is_superuser:
        return access_for(user, get_partnership_for_user(user, pk))
    assignments = list(
        RoleAssignment.objects.filter(user=user, partnership_id=pk).select_related("partnership")
    )
    if not assignments:
        raise Http404
    pairs = frozenset((a.role, a.organisation_id) for a in assignments)
    return PartnershipAccess(assignments[0].partnership, RoleSet(False, pairs))


def require(allowed: bool) -> None:
    """403 for a visible record the user's role does not allow them to change."""
    if not allowed:
        raise PermissionDenied


def acting_for_choices(user) -> QuerySet[Organisation] | None:
    """The organisations a user may start a partnership for (None: the site admin, any)."""
    if user.is_superuser:
        return None
    return Organisation.objects.filter(
        pk__in=all_roles(user).organisations_with(Role.COORDINATOR)
    ).order_by("name")


def can_create_partnership(user) -> bool:
    """A coordinator of some organisation (or the site admin) may start a partnership."""
    return all_roles(user).has(Role.COORDINATOR)
