"""The forms of the reminders' dashboard."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Kind, ReminderSettings


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


class ReminderSettingsForm(forms.Form):
    """Which kinds of reminder the user gets, and the language of their e-mails. Stored as
    the kinds switched off, so that a kind added later reaches everyone until they say no."""

    kinds = forms.MultipleChoiceField(
        label=_("Remind me of"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Untick what you do not want; the dashboard then leaves it out too."),
    )
    language = forms.ChoiceField(
        label=_("Language of e-mails"),
        choices=[("", _("The site's language (Swedish)")), *settings.LANGUAGES],
        required=False,
    )

    @classmethod
    def for_user(cls, user, data=None) -> ReminderSettingsForm:
        current = ReminderSettings.objects.filter(user=user).first()
        muted = set(current.muted_kinds) if current else set()
        initial = {
            "kinds": [kind for kind in Kind.values if kind not in muted],
            "language": current.language if current else "",
        }
        return cls(data=data, initial=initial)

    def save(self, user) -> ReminderSettings:
        chosen = set(self.cleaned_data["kinds"])
        record, _created = ReminderSettings.objects.update_or_create(
            user=user,
            defaults={
                "language": self.cleaned_data["language"],
                "muted_kinds": [kind for kind in Kind.values if kind not in chosen],
            },
        )
        return record
