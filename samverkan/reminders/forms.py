"""The forms of the reminders' dashboard."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SnoozeForm(forms.Form):
    until = forms.DateField(
        label=_("Snooze until"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("No reminder about this is sent up to and including this day."),
    )

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later day."))
        return until
