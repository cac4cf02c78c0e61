"""An organisation's history as one user may read it (page and API alike)."""

from __future__ import annotations

from typing import Any

from samverkan.accounts.roles import all_roles
from samverkan.audit.history import HistoryEntry, combined

from .models import Organisation, Person, Unit


def organisation_history(user: Any, pk: int) -> list[HistoryEntry]:
    """The organisation's, its units' and the visible people's history, newest first.

    People's entries only for the people the user may see (data minimisation); who made each
    change only for users of the organisation itself (its staff are not everyone's to know).
    """
    visible_people = Person.objects.visible_to(user).filter(organisation_id=pk).values("id")
    entries = combined(
        (Organisation, Organisation.history.filter(id=pk)),
        (Unit, Unit.history.filter(organisation_id=pk)),
        (Person, Person.history.filter(organisation_id=pk, id__in=visible_people)),
    )
    roles = all_roles(user)
    if not (roles.is_admin or pk in {org for _role, org in roles.pairs}):
        for entry in entries:
            entry.who = None
            entry.who_hidden = True
    return entries
