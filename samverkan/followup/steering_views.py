"""Pages for the steering group of a partnership: its members, meetings and action items."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samverkan.audit.views import form_page, save_record_form
from samverkan.partnerships.permissions import (
    get_access_for_user,
    require,
)

from .models import SteeringGroupMember
from .steering_forms import SteeringGroupMemberForm


@login_required
def steering_group(request: HttpRequest, pk: int) -> HttpResponse:
    """Everyone who is or has been on the steering group: current members first."""
    access = get_access_for_user(request.user, pk)
    today = timezone.localdate()
    members = list(access.partnership.steering_members.for_pages())
    current = [m for m in members if m.is_current(today)]
    return render(
        request,
        "followup/steering_group.html",
        {
            "partnership": access.partnership,
            "access": access,
            "current": current,
            "others": [m for m in members if not m.is_current(today)],
        },
    )


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
