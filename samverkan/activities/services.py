"""Approving a personnel exchange (R5). Callers check permissions; these do not."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from samverkan.audit.services import create_record, delete_record, refusing_clashes, save_versioned
from samverkan.lib.errors import DomainError
from samverkan.organisations.models import Organisation

from .models import ExchangeApproval, PersonnelExchange

REQUIRED_TEXTS = (
    ("purpose", _("The purpose of the exchange must be clear before it is approved (R5).")),
    ("conditions", _("The conditions of the exchange must be clear before it is approved (R5).")),
    (
        "benefit_home",
        _("The benefit for the home organisation must be clear before it is approved (R5)."),
    ),
    (
        "benefit_host",
        _("The benefit for the host organisation must be clear before it is approved (R5)."),
    ),
)


class ExchangeError(DomainError):
    pass


def approval_problems(exchange: PersonnelExchange) -> list[DomainError]:
    """Why the exchange cannot be approved now: empty if it can (the page shows these)."""
    problems: list[DomainError] = []
    # The area as the model judges it (the same comparison as the queryset's in_force), with
    # no query of its own: lists show these for every row.
    area = exchange.area
    if area.partnership_id != exchange.partnership_id or not area.is_in_force(exchange.starts_on):
        problems.append(
            ExchangeError(
                _(
                    "%(area)s is not among the collaboration areas identified in the leadership "
                    "dialogue in force on %(date)s: exchanges must lie within them (R5)."
                )
                % {"area": area.display_name, "date": exchange.starts_on.isoformat()},
                field="area",
            )
        )
    for field, message in REQUIRED_TEXTS:
        if not getattr(exchange, field).strip():
            problems.append(ExchangeError(message, field=field))
    return problems


def approve_exchange(
    exchange: PersonnelExchange, *, organisation: Organisation, actor: Any
) -> ExchangeApproval:
    """Record `organisation`'s approval of the exchange.

    Refused (ExchangeError, nothing saved) when the organisation is neither home nor host, when
    it has approved already, or when the exchange breaks R5 (area outside those in force at its
    start; purpose, conditions or either benefit empty).
    """
    with refusing_clashes():
        locked = PersonnelExchange.objects.select_for_update().get(pk=exchange.pk)
        if organisation.pk not in locked.parties_to_approve():
            raise ExchangeError(
                _("%(organisation)s is neither the home nor the host of this exchange.")
                % {"organisation": organisation},
                field="organisation",
            )
        if locked.approvals.filter(party__organisation=organisation).exists():
            raise ExchangeError(
                _("%(organisation)s has already approved this exchange.")
                % {"organisation": organisation},
                field="organisation",
            )
        problems = approval_problems(locked)
        if problems:
            raise problems[0]
        party = locked.partnership.parties.get(organisation=organisation)
        return create_record(
            ExchangeApproval(exchange=locked, party=party, approved_by=actor), actor=actor
        )


@transaction.atomic
def change_exchange(exchange: PersonnelExchange, *, expected_version: int, actor: Any) -> int:
    """Save an edited exchange; approvals given to the earlier version no longer hold.

    Returns how many approvals were withdrawn (the history keeps them). Raises EditConflict.
    """
    save_versioned(exchange, expected_version=expected_version, actor=actor)
    approvals = list(exchange.approvals.all())
    for approval in approvals:
        delete_record(approval, actor=actor)
    return len(approvals)
