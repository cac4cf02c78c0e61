"""Pages for the steering group of a partnership: its members, meetings and action items.

Anyone taking part in the partnership reads them; coordinators and the steering group
(`access.can_record_dialogues`) keep them. A partnership the user does not take part in, and
a meeting or item of another partnership, answer 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samverkan.audit.services import EditConflict, RecordGone
from samverkan.audit.views import (
    apply_domain_error,
    form_page,
    handle_conflict,
    save_record_form,
)
from samverkan.lib.errors import DomainError
from samverkan.partnerships.permissions import (
    PartnershipAccess,
    get_access_for_user,
    require,
)

from . import steering_services as services
from .models import ActionItem, MeetingDecision, SteeringGroupMember, SteeringMeeting
from .steering_forms import (
    ActionItemForm,
    ActionItemStatusForm,
    MeetingDecisionForm,
    MeetingForm,
    MinutesDocumentForm,
    SteeringGroupMemberForm,
)


@login_required
def steering_group(request: HttpRequest, pk: int) -> HttpResponse:
    """Members (current first), meetings (latest first) and the open action items."""
    access = get_access_for_user(request.user, pk)
    partnership = access.partnership
    today = timezone.localdate()
    members = list(partnership.steering_members.for_pages())
    current = [m for m in members if m.is_current(today)]
    meetings = list(partnership.steering_meetings.for_pages())
    open_items = list(ActionItem.objects.of_partnership(partnership).open().for_pages())
    return render(
        request,
        "followup/steering_group.html",
        {
            "partnership": partnership,
            "access": access,
            "current": current,
            "others": [m for m in members if not m.is_current(today)],
            "meetings": meetings,
            "open_items": _with_overdue(open_items, today),
            "today": today,
        },
    )


def _with_overdue(items: list[ActionItem], today) -> list[ActionItem]:
    for item in items:
        item.overdue = item.is_overdue(today)  # type: ignore[attr-defined]
    return items


@login_required
@require_http_methods(["GET", "POST"])
def steering_member_edit(
    request: HttpRequest, pk: int, member_pk: int | None = None
) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    require(access.can_record_dialogues)
    member = None
    if member_pk is not None:
        member = get_object_or_404(
            SteeringGroupMember, pk=member_pk, partnership=access.partnership
        )
    form = SteeringGroupMemberForm(
        request.POST or None, instance=member, partnership=access.partnership, user=request.user
    )
    back_url = reverse("partnerships:steering_group", args=[pk])
    if request.method == "POST" and form.is_valid():
        response = save_record_form(
            request, form, success_url=back_url, message=_("The steering-group member was saved.")
        )
        if response:
            return response
    title = _("Edit steering-group member") if member else _("Add a steering-group member")
    return form_page(request, form, title=title, back_url=back_url)


# Meetings


def _meeting(access: PartnershipAccess, meeting_pk: int) -> SteeringMeeting:
    return get_object_or_404(SteeringMeeting, pk=meeting_pk, partnership=access.partnership)


def _meeting_url(meeting: SteeringMeeting) -> str:
    return reverse("partnerships:meeting_detail", args=[meeting.partnership_id, meeting.pk])


@login_required
def meeting_detail(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    """A meeting: date, place, attendees per party, agenda, minutes, decisions, action items."""
    access = get_access_for_user(request.user, pk)
    meeting = get_object_or_404(
        SteeringMeeting.objects.for_pages(), pk=meeting_pk, partnership=access.partnership
    )
    today = timezone.localdate()
    items = list(meeting.action_items.for_pages())
    return render(
        request,
        "followup/meeting_detail.html",
        {
            "partnership": access.partnership,
            "access": access,
            "meeting": meeting,
            "decisions": list(meeting.decisions.all()),
            "items": _with_overdue(items, today),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int, meeting_pk: int | None = None) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    require(access.can_record_dialogues)
    meeting = _meeting(access, meeting_pk) if meeting_pk is not None else None
    form = MeetingForm(
        request.POST or None, instance=meeting, partnership=access.partnership, user=request.user
    )
    back_url = (
        _meeting_url(meeting) if meeting else reverse("partnerships:steering_group", args=[pk])
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_meeting(
                form.instance,
                attendees=form.cleaned_data["attendees"],
                expected_version=form.cleaned_data.get("version"),
                actor=request.user,
            )
        except DomainError as error:
            apply_domain_error(form, error)
        except (EditConflict, RecordGone) as error:
            handle_conflict(form, error)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect(_meeting_url(saved))
    title = _("Edit the meeting") if meeting else _("Record a steering-group meeting")
    return form_page(request, form, title=title, back_url=back_url)


@login_required
def minutes_document(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    """The meeting's minutes document, to those taking part in the partnership (404 else)."""
    access = get_access_for_user(request.user, pk)
    return minutes_document_response(_meeting(access, meeting_pk))


def minutes_document_response(meeting: SteeringMeeting) -> FileResponse:
    if not meeting.minutes_document:
        raise Http404
    try:
        handle = meeting.minutes_document.open("rb")
    except OSError as missing:
        raise Http404 from missing
    return FileResponse(
        handle,
        as_attachment=True,
        filename=meeting.minutes_document_name or meeting.minutes_document.name.split("/")[-1],
        content_type=meeting.minutes_document_type or "application/octet-stream",
    )


@login_required
@require_http_methods(["GET", "POST"])
def minutes_document_upload(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    require(access.can_record_dialogues)
    meeting = _meeting(access, meeting_pk)
    posted = request.method == "POST"
    form = MinutesDocumentForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            services.attach_minutes_document(
                meeting, upload=form.cleaned_data["document"], actor=request.user
            )
        except DomainError as error:
            apply_domain_error(form, error)
        except RecordGone as gone:
            form.add_error(None, gone.message)
        else:
            messages.success(request, _("The minutes document was saved."))
            return redirect(_meeting_url(meeting))
    return render(
        request,
        "followup/meeting_document_form.html",
        {
            "form": form,
            "title": _("Upload the minutes document"),
            "meeting": meeting,
            "back_url": _meeting_url(meeting),
        },
        status=400 if posted and form.errors else 200,
    )


# Decisions


@login_required
@require_http_methods(["GET", "POST"])
def meeting_decision_edit(
    request: HttpRequest, pk: int, meeting_pk: int, decision_pk: int | None = None
) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    require(access.can_record_dialogues)
    meeting = _meeting(access, meeting_pk)
    decision = None
    if decision_pk is not None:
        decision = get_object_or_404(MeetingDecision, pk=decision_pk, meeting=meeting)
    form = MeetingDecisionForm(
        request.POST or None, instance=decision, meeting=meeting, user=request.user
    )
    back_url = _meeting_url(meeting)
    if request.method == "POST" and form.is_valid():
        response = save_record_form(
            request, form, success_url=back_url, message=_("The decision was saved.")
        )
        if response:
            return response
    title = _("Edit the decision") if decision else _("Record a decision of the meeting")
    return form_page(request, form, title=title, back_url=back_url)


# Action items


def _save_item(request: HttpRequest, form: ActionItemForm | ActionItemStatusForm) -> bool:
    """Save through the service; any refusal shown on the form. True when saved."""
    try:
        services.save_action_item(
            form.instance, expected_version=form.cleaned_data.get("version"), actor=request.user
        )
    except DomainError as error:
        apply_domain_error(form, error)
    except (EditConflict, RecordGone) as error:
        handle_conflict(form, error)
    else:
        return True
    return False


@login_required
@require_http_methods(["GET", "POST"])
def action_item_edit(
    request: HttpRequest, pk: int, meeting_pk: int, item_pk: int | None = None
) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    require(access.can_record_dialogues)
    meeting = _meeting(access, meeting_pk)
    item = None
    if item_pk is not None:
        item = get_object_or_404(ActionItem, pk=item_pk, meeting=meeting)
    form = ActionItemForm(request.POST or None, instance=item, meeting=meeting, user=request.user)
    back_url = _meeting_url(meeting)
    if request.method == "POST" and form.is_valid() and _save_item(request, form):
        messages.success(request, _("The action item was saved."))
        return redirect(back_url)
    title = _("Edit the action item") if item else _("Add an action item")
    return form_page(request, form, title=title, back_url=back_url)


@login_required
@require_POST
def action_item_status(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """The "Done", "Cancel" and "Reopen" buttons: a status change based on the version shown.

    Returns to the page it came from (`next`, a path of this site) or the item's meeting.
    """
    access = get_access_for_user(request.user, pk)
    require(access.can_record_dialogues)
    item = get_object_or_404(
        ActionItem.objects.select_related("meeting"),
        pk=item_pk,
        meeting__partnership=access.partnership,
    )
    form = ActionItemStatusForm(request.POST, instance=item, user=request.user)
    back_url = _next_or(request, _meeting_url(item.meeting))
    if form.is_valid() and _save_item(request, form):
        messages.success(
            request,
            _("The action item “%(item)s” is now %(status)s.")
            % {"item": item, "status": item.get_status_display().lower()},
        )
        return redirect(back_url)
    return form_page(
        request, form, title=_("Change the status of the action item"), back_url=back_url
    )


def _next_or(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
