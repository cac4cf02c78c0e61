"""Pages for the leadership dialogues of a partnership (R2, R6): the dialogue with its
participants, the four topics the MoU names and its outcomes; the forms that record them.

Anyone taking part in the partnership reads; coordinators and the steering group record
(`access.can_record_dialogues`). Each outcome is a small form on the dialogue's page that posts
to its own address; a refusal is shown on that form's own page, with the reason on the field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samverkan.audit.services import RecordClash
from samverkan.audit.views import apply_domain_error, confirm_delete, form_page, save_record_form
from samverkan.lib.errors import DomainError
from samverkan.partnerships.permissions import PartnershipAccess, get_access_for_user, require

from . import dialogue_services as services
from .dialogue_forms import (
    AdjustAreaForm,
    DecisionForm,
    DialogueForm,
    IdentifyAreaForm,
    ParticipantForm,
    RetireAreaForm,
)
from .models import DialogueDecision, DialogueParticipant, LeadershipDialogue

# The small forms on the dialogue's page, each with its own prefix so that their fields' ids
# stay unique on the page.
PARTICIPANT, IDENTIFY, ADJUST, RETIRE, DECISION = (
    "participant",
    "identify",
    "adjust",
    "retire",
    "decision",
)


def _dialogue(access: PartnershipAccess, dialogue_pk: int) -> LeadershipDialogue:
    dialogue = get_object_or_404(
        LeadershipDialogue, pk=dialogue_pk, partnership_id=access.partnership.pk
    )
    dialogue.partnership = access.partnership
    return dialogue


def _dialogue_url(dialogue: LeadershipDialogue) -> str:
    return reverse("partnerships:dialogue_detail", args=[dialogue.partnership_id, dialogue.pk])


def _forms(request: HttpRequest, dialogue: LeadershipDialogue) -> dict[str, Any]:
    partnership = dialogue.partnership
    return {
        "participant_form": ParticipantForm(
            prefix=PARTICIPANT, partnership=partnership, user=request.user
        ),
        "identify_form": IdentifyAreaForm(prefix=IDENTIFY),
        "adjust_form": AdjustAreaForm(prefix=ADJUST, partnership=partnership),
        "retire_form": RetireAreaForm(prefix=RETIRE, partnership=partnership),
        "decision_form": DecisionForm(prefix=DECISION, dialogue=dialogue),
    }


def season_text(dialogue: LeadershipDialogue) -> str:
    """Whether the dialogue was held in its year's season, in words (not by colour alone)."""
    start, end = dialogue.partnership.dialogue_season(dialogue.held_on.year)
    params = {"start": start.isoformat(), "end": end.isoformat()}
    verdict = dialogue.held_in_season()
    if verdict is True:
        return _("Held in the season for the year's dialogue (%(start)s to %(end)s).") % params
    if verdict is False:
        return _("Not held in the season for the year's dialogue (%(start)s to %(end)s).") % params
    return (
        _(
            "The date is known only to the month or year, so it cannot tell whether the "
            "dialogue was held in the season (%(start)s to %(end)s)."
        )
        % params
    )


@login_required
def dialogue_detail(request: HttpRequest, pk: int, dialogue_pk: int) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    dialogue = _dialogue(access, dialogue_pk)
    parties = list(access.partnership.parties.select_related("organisation"))
    participations = list(dialogue.participations.select_related("person"))
    by_party = [(party, [p for p in participations if p.party_id == party.pk]) for party in parties]
    return render(
        request,
        "followup/dialogue_detail.html",
        {
            "partnership": access.partnership,
            "access": access,
            "dialogue": dialogue,
            "season": season_text(dialogue),
            "in_season": dialogue.held_in_season(),
            "participants_by_party": by_party,
            "topics": [
                (LeadershipDialogue._meta.get_field(name).verbose_name, getattr(dialogue, name))
                for name in ("world_around", "trends", "future_challenges", "direction")
            ],
            "identified": list(dialogue.areas_identified.all()),
            "adjustments": list(dialogue.adjustments.select_related("area")),
            "retired": list(dialogue.areas_retired.all()),
            "decisions": list(dialogue.decisions.all()),
            **(_forms(request, dialogue) if access.can_record_dialogues else {}),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def dialogue_edit(request: HttpRequest, pk: int, dialogue_pk: int | None = None) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    require(access.can_record_dialogues)
    dialogue = _dialogue(access, dialogue_pk) if dialogue_pk is not None else None
    form = DialogueForm(request.POST or None, instance=dialogue, partnership=access.partnership)
    if request.method == "POST" and form.is_valid() and form.save_record(request.user):
        messages.success(request, _("The leadership dialogue was saved."))
        return redirect(_dialogue_url(form.instance))
    back_url = _dialogue_url(dialogue) if dialogue else reverse("partnerships:detail", args=[pk])
    title = _("Edit leadership dialogue") if dialogue else _("Record a leadership dialogue")
    return form_page(
        request,
        form,
        title=title,
        back_url=back_url,
        context={
            "intro": _(
                "Each spring the leaderships discuss the world around, trends, future "
                "challenges and adjustments of direction. The participants and the outcomes "
                "are recorded on the dialogue's page once it is saved."
            )
        },
    )


def _action(
    request: HttpRequest,
    pk: int,
    dialogue_pk: int,
    *,
    form_class: type,
    prefix: str,
    title: str,
    run: Callable[[LeadershipDialogue, dict[str, Any]], Any],
    done: str,
    form_kwargs: Callable[[LeadershipDialogue], dict[str, Any]] = lambda dialogue: {},
) -> HttpResponse:
    """One outcome form: validate, call the service, and back to the dialogue's page; a
    refusal is shown on the form's own page with the reason on its field (answering 400)."""
    access = get_access_for_user(request.user, pk)
    dialogue = _dialogue(access, dialogue_pk)
    require(access.can_record_dialogues)
    form = form_class(request.POST or None, prefix=prefix, **form_kwargs(dialogue))
    if request.method == "POST" and form.is_valid():
        try:
            run(dialogue, form.cleaned_data)
        except DomainError as error:
            apply_domain_error(form, error)
        except RecordClash as clash:
            form.add_error(None, clash.message)
        else:
            messages.success(request, done)
            return redirect(_dialogue_url(dialogue))
    return form_page(
        request,
        form,
        title=title,
        back_url=_dialogue_url(dialogue),
        context={"intro": dialogue.title},
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_add(request: HttpRequest, pk: int, dialogue_pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        dialogue_pk,
        form_class=ParticipantForm,
        prefix=PARTICIPANT,
        title=_("Add a participant"),
        run=lambda dialogue, data: services.add_participant(
            dialogue, person=data["person"], actor=request.user
        ),
        done=_("The participant was added."),
        form_kwargs=lambda dialogue: {"partnership": dialogue.partnership, "user": request.user},
    )


@login_required
@require_POST
def participant_remove(
    request: HttpRequest, pk: int, dialogue_pk: int, person_pk: int
) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    dialogue = _dialogue(access, dialogue_pk)
    participant = get_object_or_404(
        DialogueParticipant.objects.select_related("person"), dialogue=dialogue, person_id=person_pk
    )
    require(access.can_record_dialogues)
    services.remove_participant(participant, actor=request.user)
    messages.success(
        request,
        _("%(person)s is no longer listed as a participant.") % {"person": participant.person.name},
    )
    return redirect(_dialogue_url(dialogue))


@login_required
@require_http_methods(["GET", "POST"])
def area_identify(request: HttpRequest, pk: int, dialogue_pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        dialogue_pk,
        form_class=IdentifyAreaForm,
        prefix=IDENTIFY,
        title=_("Identify a new collaboration area"),
        run=lambda dialogue, data: services.identify_area(dialogue, **data, actor=request.user),
        done=_("The collaboration area was identified by the dialogue."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def area_adjust(request: HttpRequest, pk: int, dialogue_pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        dialogue_pk,
        form_class=AdjustAreaForm,
        prefix=ADJUST,
        title=_("Adjust a collaboration area"),
        run=lambda dialogue, data: services.adjust_area(dialogue, **data, actor=request.user),
        done=_("The adjustment was recorded."),
        form_kwargs=lambda dialogue: {"partnership": dialogue.partnership},
    )


@login_required
@require_http_methods(["GET", "POST"])
def area_retire(request: HttpRequest, pk: int, dialogue_pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        dialogue_pk,
        form_class=RetireAreaForm,
        prefix=RETIRE,
        title=_("Retire a collaboration area"),
        run=lambda dialogue, data: services.retire_area(dialogue, **data, actor=request.user),
        done=_("The collaboration area was retired by the dialogue."),
        form_kwargs=lambda dialogue: {"partnership": dialogue.partnership},
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_add(request: HttpRequest, pk: int, dialogue_pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        dialogue_pk,
        form_class=DecisionForm,
        prefix=DECISION,
        title=_("Record a decision"),
        run=lambda dialogue, data: services.add_decision(
            dialogue, text=data["text"], actor=request.user
        ),
        done=_("The decision was recorded."),
        form_kwargs=lambda dialogue: {"dialogue": dialogue},
    )


def _decision(dialogue: LeadershipDialogue, decision_pk: int) -> DialogueDecision:
    return get_object_or_404(DialogueDecision, pk=decision_pk, dialogue=dialogue)


@login_required
@require_http_methods(["GET", "POST"])
def decision_edit(
    request: HttpRequest, pk: int, dialogue_pk: int, decision_pk: int
) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    dialogue = _dialogue(access, dialogue_pk)
    decision = _decision(dialogue, decision_pk)
    require(access.can_record_dialogues)
    form = DecisionForm(request.POST or None, instance=decision, dialogue=dialogue)
    back_url = _dialogue_url(dialogue)
    if request.method == "POST" and form.is_valid():
        response = save_record_form(
            request, form, success_url=back_url, message=_("The decision was saved.")
        )
        if response:
            return response
    return form_page(
        request, form, title=_("Edit decision"), back_url=back_url, context={"intro": dialogue}
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_delete(
    request: HttpRequest, pk: int, dialogue_pk: int, decision_pk: int
) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    dialogue = _dialogue(access, dialogue_pk)
    decision = _decision(dialogue, decision_pk)
    require(access.can_record_dialogues)
    return confirm_delete(
        request,
        decision,
        title=_("Remove the decision “%(text)s”?") % {"text": decision},
        back_url=_dialogue_url(dialogue),
        success_message=_("The decision was removed."),
    )
