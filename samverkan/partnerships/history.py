"""The records whose history makes up a partnership's history (page and API alike)."""

from __future__ import annotations

from typing import Any

from samverkan.accounts.models import RoleAssignment
from samverkan.areas.models import AreaAdjustment, CollaborationArea, ContactPerson
from samverkan.followup.models import LeadershipDialogue

from .models import Clause, Collaborator, Membership, Notice, Partnership, Party, Signatory


def history_sources(pk: int) -> list[tuple[type, Any]]:
    """(model, historical queryset) for the partnership and every record under it, deleted
    ones included (their historical rows name the partnership)."""
    from samverkan.activities.models import ExchangeApproval, PersonnelExchange

    party_ids = Party.history.filter(partnership_id=pk).values("id")
    exchange_ids = PersonnelExchange.history.filter(partnership_id=pk).values("id")
    area_ids = CollaborationArea.history.filter(partnership_id=pk).values("id")
    return [
        (Partnership, Partnership.history.filter(id=pk)),
        (Party, Party.history.filter(partnership_id=pk)),
        (Signatory, Signatory.history.filter(party_id__in=party_ids)),
        (Membership, Membership.history.filter(party_id__in=party_ids)),
        (Clause, Clause.history.filter(partnership_id=pk)),
        (Collaborator, Collaborator.history.filter(partnership_id=pk)),
        (Notice, Notice.history.filter(partnership_id=pk)),
        (LeadershipDialogue, LeadershipDialogue.history.filter(partnership_id=pk)),
        (CollaborationArea, CollaborationArea.history.filter(partnership_id=pk)),
        (AreaAdjustment, AreaAdjustment.history.filter(area_id__in=area_ids)),
        (ContactPerson, ContactPerson.history.filter(partnership_id=pk)),
        (RoleAssignment, RoleAssignment.history.filter(partnership_id=pk)),
        (PersonnelExchange, PersonnelExchange.history.filter(partnership_id=pk)),
        (ExchangeApproval, ExchangeApproval.history.filter(exchange_id__in=exchange_ids)),
    ]
