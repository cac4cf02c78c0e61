"""The user's own reminders: what is due, whether it was sent, snoozing, and their choices."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .forms import ReminderSettingsForm, SnoozeForm
from .listing import rows_for
from .models import Reminder


def _dashboard(request: HttpRequest, *, failed_form=None, status: int = 200) -> HttpResponse:
    """The dashboard; `failed_form` is (reminder pk, the snooze form it refused)."""
    rows = rows_for(request.user)
    forms = {
        row.reminder.pk: failed_form[1]
        if failed_form and failed_form[0] == row.reminder.pk
        else SnoozeForm(prefix=f"r{row.reminder.pk}")
        for row in rows
    }
    context = {"rows": [(row, forms[row.reminder.pk]) for row in rows]}
    return render(request, "reminders/dashboard.html", context, status=status)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return _dashboard(request)


@login_required
@require_POST
def snooze(request: HttpRequest, pk: int) -> HttpResponse:
    # Only one's own reminders; anyone else's answer 404.
    reminder = get_object_or_404(Reminder.objects.active(), pk=pk, user=request.user)
    form = SnoozeForm(request.POST, prefix=f"r{reminder.pk}")
    if not form.is_valid():
        return _dashboard(request, failed_form=(reminder.pk, form), status=400)
    until = form.cleaned_data["until"]
    services.snooze(user=request.user, reminder=reminder, until=until)
    messages.success(request, _("Snoozed until %(date)s.") % {"date": until.isoformat()})
    return redirect("reminders:dashboard")


@login_required
def choices(request: HttpRequest) -> HttpResponse:
    """Which kinds of reminder the user gets and the language of their e-mails."""
    if request.method == "POST":
        form = ReminderSettingsForm.for_user(request.user, data=request.POST)
        if form.is_valid():
            form.save(request.user)
            messages.success(request, _("Your reminder settings were saved."))
            return redirect("reminders:settings")
        return render(request, "reminders/settings.html", {"form": form}, status=400)
    form = ReminderSettingsForm.for_user(request.user)
    return render(request, "reminders/settings.html", {"form": form})
