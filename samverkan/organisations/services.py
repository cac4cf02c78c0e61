"""Workflows on organisations. Callers check permissions (see permissions.py)."""

from __future__ import annotations

from typing import Any

from samverkan.accounts.models import Role, RoleAssignment
from samverkan.audit.services import create_record, refusing_clashes

from .models import Organisation


def register_organisation(organisation: Organisation, *, actor: Any) -> Organisation:
    """Save a new organisation; the coordinator who registers it may keep its units and people.

    The site administrator gets no role (they may do everything already). Raises RecordClash
    when the same organisation number was registered in the meantime.
    """
    with refusing_clashes():
        create_record(organisation, actor=actor)
        if not actor.is_superuser:
            create_record(
                RoleAssignment(
                    user=actor, organisation=organisation, partnership=None, role=Role.COORDINATOR
                ),
                actor=actor,
            )
    return organisation
