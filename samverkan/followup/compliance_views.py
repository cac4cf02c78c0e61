"""The compliance panel of a partnership: each obligation of the MoU beside its evidence."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from samverkan.partnerships.permissions import get_access_for_user

from . import compliance
from .report.data import Finding

# The days a panel can be judged on: the calculations step a year back and 90 days ahead, and
# stay within the calendar's years.
FIRST_DAY = datetime.date(1900, 1, 1)
LAST_DAY = datetime.date(9998, 12, 31)


class DayForm(forms.Form):
    """`?on=YYYY-MM-DD`: the day the panel judges the register on (today when empty)."""

    on = forms.DateField(
        label=_("Judge the register on"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Write the day as YYYY-MM-DD, for example 2026-05-20.")},
        help_text=_("Empty: today."),
    )

    def clean_on(self) -> datetime.date | None:
        day = self.cleaned_data.get("on")
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            raise forms.ValidationError(
                _("Choose a day from %(first)s to %(last)s."),
                code="out_of_range",
                params={"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()},
            )
        return day

    def day(self) -> datetime.date:
        """The day asked for, once valid; today when none was."""
        return self.cleaned_data.get("on") or timezone.localdate()


@dataclass
class ShownFinding:
    """A finding with what the page shows beside it: its short name and its state."""

    finding: Finding
    title: str
    state: str  # compliance.state(): "kept", "not_kept", "attention"


def shown(found: list[Finding]) -> list[ShownFinding]:
    return [ShownFinding(f, compliance.title(f), compliance.state(f)) for f in found]


@login_required
@require_GET
def compliance_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """Anyone taking part reads the panel; a bad `?on=` is named on the form (400)."""
    access = get_access_for_user(request.user, pk)
    form = DayForm(request.GET)
    if not form.is_valid():
        return render(
            request,
            "followup/compliance.html",
            {"partnership": access.partnership, "access": access, "form": form, "on": None},
            status=400,
        )
    on = form.day()
    found = compliance.findings(
        access.partnership, user=request.user, on=on, access=access, limit=compliance.PANEL_ITEMS
    )
    return render(
        request,
        "followup/compliance.html",
        {
            "partnership": access.partnership,
            "access": access,
            "form": form,
            "on": on,
            "findings": shown(found),
            "kept": sum(1 for f in found if f.ok),
            "total": len(found),
        },
    )
