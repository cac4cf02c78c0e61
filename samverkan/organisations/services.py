"""Workflows on organisations. Callers check permissions (see permissions.py)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from samverkan.accounts.models import Role, RoleAssignment
from samverkan.audit.services import create_record

from .models import Organisation


@transaction.atomic
def register_organisation(organisation: Organisation, *, actor: Any) -> Organisation:
    """Save a new organisation; the coordinator who registers it may keep its units and people.

    The site administrator gets no role (they may do everything already).
    """
    create_record(organisation, actor=actor)
    if not actor.is_superuser:
        create_record(
            RoleAssignment(
                user=actor, organisation=organisation, partnership=None, role=Role.COORDINATOR
            ),
            actor=actor,
        )
    return organisation
