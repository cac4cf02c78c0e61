"""What a leadership dialogue records: who took part, and its outcomes (R2, R6).

The collaboration areas a dialogue identifies, adjusts or retires are what the personnel-exchange
rule reads (R5: `activities.services.approval_problems` asks which areas are in force on an
exchange's first day), so each outcome is dated by the dialogue itself.

Callers check permissions (`access.can_record_dialogues`); these do not. Each runs in one
transaction, locking the dialogue first and then the area, and raises DialogueError (nothing
saved) with a message for the field it concerns.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from samverkan.areas.models import AreaAdjustment, CollaborationArea
from samverkan.audit.services import create_record, refusing_clashes, save_versioned
from samverkan.lib.errors import DomainError
from samverkan.organisations.models import Person

from .models import DialogueDecision, DialogueParticipant, LeadershipDialogue


class DialogueError(DomainError):
    pass


def _locked(dialogue: LeadershipDialogue) -> LeadershipDialogue:
    return (
        LeadershipDialogue.objects.select_for_update()
        .select_related("partnership")
        .get(pk=dialogue.pk)
    )


def _locked_area(dialogue: LeadershipDialogue, area: CollaborationArea | None) -> CollaborationArea:
    """The area, locked, if it is one of the dialogue's partnership's; refused otherwise."""
    locked = None
    if area is not None:
        locked = (
            CollaborationArea.objects.select_for_update()
            .filter(pk=area.pk, partnership_id=dialogue.partnership_id)
            .first()
        )
    if locked is None:
        raise DialogueError(
            _("There is no such collaboration area in this partnership."), field="area"
        )
    return locked


def _refuse_unless_in_force(dialogue: LeadershipDialogue, area: CollaborationArea) -> None:
    """An outcome concerns an area in force when the dialogue is held: identified by then and
    not retired (by this dialogue or any other)."""
    if area.retired_on is not None:
        raise DialogueError(
            _("%(area)s is already retired (%(date)s).")
            % {"area": area.display_name, "date": area.retired_on.isoformat()},
            field="area",
        )
    if area.identified_on > dialogue.held_on:
        raise DialogueError(
            _(
                "%(area)s was not yet identified when this dialogue was held: it was identified "
                "%(identified)s, the dialogue is dated %(held)s."
            )
            % {
                "area": area.display_name,
                "identified": area.identified_on.isoformat(),
                "held": dialogue.held_on.isoformat(),
            },
            field="area",
        )


# Participants


def add_participant(
    dialogue: LeadershipDialogue, *, person: Person, actor: Any
) -> DialogueParticipant:
    """Name `person` as having taken part, for the party of their own organisation.

    Refused when their organisation is not a party of the partnership, or when they are a
    participant already.
    """
    with refusing_clashes():
        locked = _locked(dialogue)
        party = locked.partnership.parties.filter(organisation_id=person.organisation_id).first()
        if party is None:
            raise DialogueError(
                _(
                    "%(person)s works at %(organisation)s, which is not a party of this "
                    "partnership; the leadership dialogue is held between the parties."
                )
                % {"person": person.name, "organisation": person.organisation},
                field="person",
            )
        if locked.participations.filter(person=person).exists():
            raise DialogueError(
                _("%(person)s is already a participant.") % {"person": person.name},
                field="person",
            )
        participant = DialogueParticipant(dialogue=locked, person=person, party=party)
        return create_record(participant, actor=actor)


def remove_participant(participant: DialogueParticipant, *, actor: Any) -> None:
    """Remove a participant named by mistake."""
    with transaction.atomic():
        _locked(participant.dialogue)
        participant.delete()


# Outcomes: the collaboration areas (R2) and the decisions


def identify_area(
    dialogue: LeadershipDialogue,
    *,
    name: str,
    name_en: str = "",
    description: str = "",
    actor: Any,
) -> CollaborationArea:
    """A new collaboration area, identified by the dialogue on its date.

    Refused when an area of the same name is in force already (not retired).
    """
    with refusing_clashes():
        locked = _locked(dialogue)
        if (
            CollaborationArea.objects.filter(
                partnership_id=locked.partnership_id, name__iexact=name.strip()
            )
            .filter(retired_on__isnull=True)
            .exists()
        ):
            raise DialogueError(
                _("The partnership already has a collaboration area named %(name)s.")
                % {"name": name.strip()},
                field="name",
            )
        area = CollaborationArea(
            partnership=locked.partnership,
            name=name.strip(),
            name_en=name_en.strip(),
            description=description,
            identified_on=locked.held_on,
            identified_by=locked,
        )
        return create_record(area, actor=actor)


def adjust_area(
    dialogue: LeadershipDialogue,
    *,
    area: CollaborationArea | None,
    description: str,
    actor: Any,
) -> AreaAdjustment:
    """Record the dialogue's adjustment of an area's direction.

    Refused when the area is not of the partnership, already retired, or not yet identified
    when the dialogue was held.
    """
    with refusing_clashes():
        locked = _locked(dialogue)
        locked_area = _locked_area(locked, area)
        _refuse_unless_in_force(locked, locked_area)
        adjustment = AreaAdjustment(area=locked_area, dialogue=locked, description=description)
        return create_record(adjustment, actor=actor)


def retire_area(
    dialogue: LeadershipDialogue, *, area: CollaborationArea | None, actor: Any
) -> CollaborationArea:
    """Retire an area from the dialogue's date on: exchanges starting then or later are outside
    it (R5).

    Refused when the area is not of the partnership, already retired, not yet identified when
    the dialogue was held, or identified by this very dialogue.
    """
    with refusing_clashes():
        locked = _locked(dialogue)
        locked_area = _locked_area(locked, area)
        _refuse_unless_in_force(locked, locked_area)
        if locked_area.identified_by_id == locked.pk:
            raise DialogueError(
                _("%(area)s was identified by this dialogue; it cannot also retire it.")
                % {"area": locked_area.display_name},
                field="area",
            )
        locked_area.retired_on = locked.held_on
        locked_area.retired_by = locked
        # Read under the lock just now: its version is the current one.
        save_versioned(locked_area, expected_version=locked_area.version, actor=actor)
        return locked_area


def add_decision(dialogue: LeadershipDialogue, *, text: str, actor: Any) -> DialogueDecision:
    """Record a decision the leaderships took at the dialogue."""
    if not text.strip():
        raise DialogueError(_("Write the decision."), field="text")
    with refusing_clashes():
        locked = _locked(dialogue)
        return create_record(DialogueDecision(dialogue=locked, text=text), actor=actor)
