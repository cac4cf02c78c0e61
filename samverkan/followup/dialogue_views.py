"""Pages for the leadership dialogues of a partnership (R6)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samverkan.audit.views import form_page, save_record_form
from samverkan.partnerships.permissions import (
    get_access_for_user,
    require,
)

from .dialogue_forms import DialogueForm
from .models import LeadershipDialogue


@login_required
@require_http_methods(["GET", "POST"])
def dialogue_edit(request: HttpRequest, pk: int, dialogue_pk: int | None = None) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    require(access.can_record_dialogues)
    dialogue = None
    if dialogue_pk is not None:
        dialogue = get_object_or_404(
            LeadershipDialogue, pk=dialogue_pk, partnership=access.partnership
        )
    form = DialogueForm(request.POST or None, instance=dialogue, partnership=access.partnership)
    back_url = reverse("partnerships:detail", args=[pk])
    if request.method == "POST" and form.is_valid():
        response = save_record_form(
            request, form, success_url=back_url, message=_("The leadership dialogue was saved.")
        )
        if response:
            return response
    title = _("Edit leadership dialogue") if dialogue else _("Record a leadership dialogue")
    return form_page(request, form, title=title, back_url=back_url)
