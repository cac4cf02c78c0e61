"""Workflows of innovation-support cases: opening, stage changes, support, outcomes, people.

Services do not check permissions: the pages (case_views.py) and the API (case_api.py) fetch
the case through `InnovationCase.objects.visible_to(user)` and ask `can_change_case` first.
Each runs in one transaction, locks the case's row first (so two advisors acting on one case at
the same moment are taken one after the other, and the stage history stays in date order) and
raises a CaseError on the field it concerns, or audit's EditConflict / RecordGone; nothing is
saved then.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from samverkan.audit.services import RecordGone, create_record, save_versioned
from samverkan.lib.errors import DomainError
from samverkan.organisations.models import Organisation, Person
from samverkan.partnerships.models import Membership, Partnership

from .models import STAGE_ORDER, CasePerson, InnovationCase, Outcome, Stage, StageChange, Support


class CaseError(DomainError):
    """A rule of innovation-support cases refused the change."""


# Membership of the network


def is_member_on(network: Partnership, organisation: Organisation, day: datetime.date) -> bool:
    """Whether `organisation` is a member of `network` on `day`: a party of it with a
    membership period covering that day. A period known only to the year or month covers
    the whole of it ("from 2012" covers 1 January 2012); an unknown start or end is open."""
    periods = Membership.objects.filter(
        party__partnership=network, party__organisation=organisation
    ).only("starts_on", "ends_on")
    for period in periods:
        starts = period.starts_on.first_day() if period.starts_on else datetime.date.min
        ends = period.ends_on.last_day() if period.ends_on else datetime.date.max
        if starts <= day <= ends:
            return True
    return False


def _refuse_non_member(case: InnovationCase) -> None:
    if not is_member_on(case.network, case.institution, case.opened_on):
        raise CaseError(
            _(
                "%(institution)s is not a member of %(network)s on %(date)s; a case can only "
                "be opened for an institution that is a member on the day it is opened."
            )
            % {
                "institution": case.institution,
                "network": case.network,
                "date": case.opened_on.isoformat(),
            },
            field="institution",
        )


def _check(instance: models.Model, *, exclude: Iterable[str] = ()) -> None:
    """The model's own rules (clean(), constraints) as a CaseError on the first field."""
    try:
        instance.full_clean(exclude=list(exclude))
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            field, messages = next(iter(error.message_dict.items()))
            raise CaseError(messages[0], field=None if field == "__all__" else field) from error
        raise CaseError(error.messages[0]) from error


def _lock(case: InnovationCase) -> InnovationCase:
    locked = InnovationCase.objects.select_for_update().filter(pk=case.pk).first()
    if locked is None:
        raise RecordGone()
    return locked


def _refuse_before_opening(case: InnovationCase, day: datetime.date, field: str) -> None:
    if day < case.opened_on:
        raise CaseError(
            _("The date cannot be before the case was opened (%(date)s).")
            % {"date": case.opened_on.isoformat()},
            field=field,
        )


# Opening and editing


def open_case(
    case: InnovationCase,
    *,
    advisor: Person | None,
    inventors: Iterable[Person],
    actor: Any,
) -> InnovationCase:
    """Open a new case (its network, institution, title, origin and opening day set) in the
    idea stage, with `advisor` (the advisor opening it) and `inventors` named on it.

    Refused (CaseError): the institution is not a member of the network on the opening day
    (`institution`); an inventor not of the institution (`inventors`).
    """
    inventors = list(inventors)
    for person in inventors:
        if person.organisation_id != case.institution_id:
            raise CaseError(
                _("%(person)s is not of %(institution)s; the inventors are of the institution.")
                % {"person": person.name, "institution": case.institution},
                field="inventors",
            )
    case.stage = Stage.IDEA
    case.stage_since = case.opened_on
    _refuse_non_member(case)
    _check(case)
    with transaction.atomic():
        create_record(case, actor=actor)
        people = [CasePerson(case=case, person=p, role=CasePerson.Role.INVENTOR) for p in inventors]
        if advisor is not None:
            people.append(CasePerson(case=case, person=advisor, role=CasePerson.Role.ADVISOR))
        CasePerson.objects.bulk_create(people)
    return case


def update_case(case: InnovationCase, *, expected_version: int, actor: Any) -> InnovationCase:
    """Save the edited title, description, origin, unit or opening day of a case.

    The opening day may not move after the first stage change, nor to a day the institution
    was not a member (CaseError on `opened_on` / `institution`). EditConflict or RecordGone.
    """
    with transaction.atomic():
        locked = _lock(case)
        first = locked.stage_changes.order_by("changed_on", "pk").first()
        if first is not None and case.opened_on > first.changed_on:
            raise CaseError(
                _("The case cannot be opened after its first stage change (%(date)s).")
                % {"date": first.changed_on.isoformat()},
                field="opened_on",
            )
        if first is None:
            case.stage_since = case.opened_on
        else:
            case.stage_since = locked.stage_since
        case.stage = locked.stage
        try:
            _refuse_non_member(case)
        except CaseError as error:
            raise CaseError(error.message, field="opened_on") from error
        _check(case)
        save_versioned(case, expected_version=expected_version, actor=actor)
    return case


# Stages


def change_stage(
    case: InnovationCase,
    *,
    to_stage: str,
    on: datetime.date,
    reason: str = "",
    actor: Any,
) -> StageChange:
    """Move the case to `to_stage` on day `on`, recording the change.

    Refused (CaseError): the same stage (`to_stage`); a move backwards, or out of the closed
    stage (reopening), without a reason (`reason`); a day before the case was opened or before
    its last change (`changed_on`). The case's version goes up: an editor who opened it
    before is told.
    """
    reason = reason.strip()
    with transaction.atomic():
        locked = _lock(case)
        if to_stage not in STAGE_ORDER:
            raise CaseError(_("Choose a stage."), field="to_stage")
        if to_stage == locked.stage:
            raise CaseError(
                _("The case is already in this stage."),
                field="to_stage",
            )
        backwards = STAGE_ORDER[to_stage] < STAGE_ORDER[locked.stage]
        if locked.stage == Stage.CLOSED and not reason:
            raise CaseError(_("Reopening a closed case needs a reason."), field="reason")
        if backwards and not reason:
            raise CaseError(
                _("A move back to an earlier stage needs a reason."),
                field="reason",
            )
        _refuse_before_opening(locked, on, "changed_on")
        if on < locked.stage_since:
            raise CaseError(
                _("The change cannot be dated before the last change of stage (%(date)s).")
                % {"date": locked.stage_since.isoformat()},
                field="changed_on",
            )
        change = StageChange(
            case=locked, from_stage=locked.stage, to_stage=to_stage, changed_on=on, reason=reason
        )
        create_record(change, actor=actor)
        locked.stage = to_stage
        locked.stage_since = on
        locked.version += 1
        locked._history_user = actor  # type: ignore[attr-defined]
        locked.save(update_fields=["stage", "stage_since", "version", "updated_at"])
    case.stage, case.stage_since, case.version = locked.stage, locked.stage_since, locked.version
    return change


# Support and outcomes


def add_support(support: Support, *, actor: Any) -> Support:
    """Record support given to `support.case`. Refused (CaseError): verification funding
    without its amount or currency, a referral without the organisation referred to, a
    currency that is not three capital letters, a day before the case was opened."""
    with transaction.atomic():
        locked = _lock(support.case)
        _refuse_before_opening(locked, support.given_on, "given_on")
        _check(support)
        create_record(support, actor=actor)
    return support


def add_outcome(outcome: Outcome, *, actor: Any) -> Outcome:
    """Record what `outcome.case` led to. Refused (CaseError): funding raised without its
    amount or currency, a currency that is not three capital letters, a day before the case
    was opened."""
    with transaction.atomic():
        locked = _lock(outcome.case)
        _refuse_before_opening(locked, outcome.achieved_on, "achieved_on")
        _check(outcome)
        create_record(outcome, actor=actor)
    return outcome


# People


def name_person(case: InnovationCase, *, person: Person, role: str, actor: Any) -> CasePerson:
    """Name `person` on the case as inventor or advisor. Refused (CaseError): an inventor
    not of the case's institution (`person`), a person already named so (`person`)."""
    with transaction.atomic():
        locked = _lock(case)
        if role == CasePerson.Role.INVENTOR and person.organisation_id != locked.institution_id:
            raise CaseError(
                _("%(person)s is not of %(institution)s; the inventors are of the institution.")
                % {"person": person.name, "institution": locked.institution},
                field="person",
            )
        if CasePerson.objects.filter(case=locked, person=person, role=role).exists():
            raise CaseError(_("This person is already named on the case so."), field="person")
        named = CasePerson.objects.create(case=locked, person=person, role=role)
        _touch(locked, actor)
    return named


def remove_person(named: CasePerson, *, actor: Any) -> None:
    """Remove a person from the case. The last advisor stays (CaseError): a case always has
    someone who answers for it."""
    with transaction.atomic():
        locked = _lock(named.case)
        if (
            named.role == CasePerson.Role.ADVISOR
            and not CasePerson.objects.filter(case=locked, role=CasePerson.Role.ADVISOR)
            .exclude(pk=named.pk)
            .exists()
        ):
            raise CaseError(_("A case keeps at least one advisor."), field="person")
        deleted, _rows = CasePerson.objects.filter(pk=named.pk).delete()
        if not deleted:
            raise RecordGone()
        _touch(locked, actor)


def _touch(case: InnovationCase, actor: Any) -> None:
    """A change of the people on a case is a change of the case: its version and history."""
    case.version += 1
    case._history_user = actor  # type: ignore[attr-defined]
    case.save(update_fields=["version", "updated_at"])
