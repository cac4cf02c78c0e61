"""Activities (R3, R4) and approving a personnel exchange (R5). Callers check permissions;
these do not."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from samverkan.audit.services import (
    create_record,
    delete_record,
    refresh_unless_masked,
    refusing_clashes,
    save_versioned,
)
from samverkan.lib.errors import DomainError
from samverkan.organisations.models import Organisation

from .models import (
    Activity,
    ActivityParticipant,
    ActivityParty,
    ExchangeApproval,
    PersonnelExchange,
    kinds_needing_agreement,
)

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


# Activities (R3, R4)


class ActivityError(DomainError):
    pass


def start_problems(activity: Activity) -> list[DomainError]:
    """Why the activity cannot become ongoing now: empty if it can (the page shows these).

    An activity of a kind that needs an agreement (per partnership, by default every kind but
    guest lectures and student recruitment) starts only when an agreement regulating it is in
    force (R8: "Samarbetsformerna regleras i specifika avtal").
    """
    return start_problems_for([activity])[activity.pk]


def start_problems_for(
    activities: list[Activity],
    *,
    needing: set[int] | None = None,
    regulated: set[int] | None = None,
) -> dict[int, list[DomainError]]:
    """`start_problems` of many activities (a page of a list) in two queries per partnership
    and one for all, rather than per activity; in none when the caller has read what they
    read already: `needing`, the ids of the activities whose kind needs an agreement in their
    partnership (`models.needs_agreement`), and `regulated`, the ids of the activities an
    agreement in force regulates (the API reads both with what it answers)."""
    from samverkan.agreements.models import Agreement, Regulation

    if needing is None:
        kinds = {
            partnership_id: kinds_needing_agreement(partnership_id)
            for partnership_id in {a.partnership_id for a in activities}
        }
        needing = {a.pk for a in activities if a.kind in kinds[a.partnership_id]}
    candidates = [a for a in activities if a.pk in needing]
    if regulated is None:
        regulated = set()
        if candidates:
            regulated = set(
                Regulation.objects.filter(
                    activity__in=candidates, agreement__in=Agreement.objects.in_force()
                ).values_list("activity_id", flat=True)
            )
    return {
        activity.pk: (
            [
                ActivityError(
                    _(
                        "%(kind)s needs a specific agreement in force before it can start, and "
                        "no agreement regulating this activity is in force yet."
                    )
                    % {"kind": activity.get_kind_display()},
                    field="status",
                )
            ]
            if activity in candidates and activity.pk not in regulated
            else []
        )
        for activity in activities
    }


def change_activity_status(activity: Activity, *, status: str, actor: Any) -> None:
    """Move the activity to `status` (planned → ongoing → completed; cancelled from either).

    Refused (ActivityError, nothing saved) when the move is not allowed, or when the activity
    should become ongoing without the agreement in force that its kind needs.
    """
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        if not locked.can_become(status):
            raise ActivityError(
                _("An activity that is %(current)s cannot become %(next)s.")
                % {
                    "current": locked.get_status_display().lower(),
                    "next": Activity.Status(status).label.lower(),
                },
                field="status",
            )
        if status == Activity.Status.ONGOING:
            problems = start_problems(locked)
            if problems:
                raise problems[0]
        locked.status = status
        locked.version += 1
        locked._history_user = actor  # type: ignore[attr-defined]
        locked.save(update_fields=["status", "version", "updated_at"])
    refresh_unless_masked(activity)


def save_participant(participant: ActivityParticipant, *, actor: Any) -> ActivityParticipant:
    """Add a unit or a person to an activity, for the party whose organisation they belong to.

    Refused when the unit or the person belongs to no party of the partnership, or when unit
    and person are of different organisations. The party is added to the activity's parties if
    it is not among them yet.
    """
    activity = participant.activity
    organisations = {
        o
        for o in (
            participant.unit.organisation_id if participant.unit_id else None,
            participant.person.organisation_id if participant.person_id else None,
        )
        if o is not None
    }
    if not organisations:
        raise ActivityError(_("Name a unit, a person or both."), field="unit")
    if len(organisations) > 1:
        raise ActivityError(_("The person must belong to the unit's organisation."), field="person")
    (organisation_id,) = organisations
    party = activity.partnership.parties.filter(organisation_id=organisation_id).first()
    if party is None:
        raise ActivityError(
            _("The unit or person belongs to no party of the partnership."),
            field="unit" if participant.unit_id else "person",
        )
    with refusing_clashes():
        participant.party = party
        if not ActivityParty.objects.filter(activity=activity, party=party).exists():
            create_record(ActivityParty(activity=activity, party=party), actor=actor)
        return create_record(participant, actor=actor)
