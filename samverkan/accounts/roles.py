"""What roles a user holds, read once per request and asked many questions."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Role, RoleAssignment


@dataclass(frozen=True)
class RoleSet:
    """The (role, organisation id) pairs a user holds in one scope (a partnership or not)."""

    is_admin: bool
    pairs: frozenset[tuple[str, int]]

    def has(self, *roles: str, organisation_id: int | None = None) -> bool:
        if self.is_admin:
            return True
        return any(
            role in roles and (organisation_id is None or org == organisation_id)
            for role, org in self.pairs
        )

    def organisations_with(self, *roles: str) -> set[int]:
        return {org for role, org in self.pairs if role in roles}

    @property
    def role_labels(self) -> list[str]:
        labels = {Role(role).label for role, _org in self.pairs}
        return sorted(str(label) for label in labels)


def roles_in_partnership(user, partnership_id: int) -> RoleSet:
    """The user's roles in one partnership (one query)."""
    if not user.is_authenticated:
        return RoleSet(False, frozenset())
    pairs = RoleAssignment.objects.filter(user=user, partnership_id=partnership_id).values_list(
        "role", "organisation_id"
    )
    return RoleSet(user.is_superuser, frozenset(pairs))


def all_roles(user) -> RoleSet:
    """Every role the user holds anywhere (one query)."""
    if not user.is_authenticated:
        return RoleSet(False, frozenset())
    pairs = RoleAssignment.objects.filter(user=user).values_list("role", "organisation_id")
    return RoleSet(user.is_superuser, frozenset(pairs))
