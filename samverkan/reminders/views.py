"""The user's own reminders: what is due, whether it was sent, and snoozing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .forms import SnoozeForm
from .models import Reminder, Snooze


def _rows(user, form_for=None):
    """The user's active reminders, each with its sentence as the user may read it."""
    today = timezone.localdate()
    reminders = list(Reminder.objects.filter(user=user).active().for_pages())
    texts = services.subject_texts(reminders, user)
    snoozed = dict(
        Snooze.objects.filter(user=user, until__gte=today).values_list("subject_key", "until")
    )
    return [
        {
            "reminder": reminder,
            "sentence": services.reminder_sentence(reminder, texts[reminder.pk]),
            "snoozed_until": snoozed.get(reminder.subject_key),
            "form": form_for[1]
            if form_for and form_for[0] == reminder.pk
            else SnoozeForm(prefix=f"r{reminder.pk}"),
        }
        for reminder in reminders
    ]


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "reminders/dashboard.html", {"rows": _rows(request.user)})


@login_required
@require_POST
def snooze(request: HttpRequest, pk: int) -> HttpResponse:
    # Only one's own reminders; anyone else's answer 404.
    reminder = get_object_or_404(Reminder.objects.active(), pk=pk, user=request.user)
    form = SnoozeForm(request.POST, prefix=f"r{reminder.pk}")
    if not form.is_valid():
        rows = _rows(request.user, form_for=(reminder.pk, form))
        return render(request, "reminders/dashboard.html", {"rows": rows}, status=400)
    until = form.cleaned_data["until"]
    services.snooze(user=request.user, reminder=reminder, until=until)
    messages.success(request, _("Snoozed until %(date)s.") % {"date": until.isoformat()})
    return redirect("reminders:dashboard")
