"""The base of every form that edits a record: styling, accessible errors, lost-update checks."""

from __future__ import annotations

from typing import Any

from django import forms

from .services import EditConflict, RecordGone, create_record, save_versioned


class StyledFormMixin:
    """Bootstrap classes, and errors and help text tied to their inputs for screen readers."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            if field.help_text:
                widget.attrs["aria-describedby"] = f"{self.auto_id % name}_helptext"  # type: ignore[attr-defined]

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:  # type: ignore[attr-defined]
                self.mark_invalid(name)

    def mark_invalid(self, name: str) -> None:
        widget = self.fields[name].widget  # type: ignore[attr-defined]
        field_id = self.auto_id % name  # type: ignore[attr-defined]
        described = widget.attrs.get("aria-describedby", "")
        if f"{field_id}_error" not in described:
            widget.attrs["aria-describedby"] = f"{field_id}_error {described}".strip()
        widget.attrs["aria-invalid"] = "true"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid"


class StyledForm(StyledFormMixin, forms.Form):
    pass


class RecordForm(StyledFormMixin, forms.ModelForm):
    """A ModelForm for a `Record`: carries the version it was opened at.

    `save_record(actor)` saves through `save_versioned`; on a lost-update conflict it adds the
    conflict to the form (nothing is saved) and returns False.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.conflict: EditConflict | None = None
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def save_record(self, actor: Any) -> bool:
        instance = self.instance
        if instance.pk is None:
            create_record(instance, actor=actor)
            self._save_m2m()
            return True
        expected = self.cleaned_data.get("version") or 0
        try:
            save_versioned(instance, expected_version=expected, actor=actor)
        except EditConflict as conflict:
            self.show_conflict(conflict)
            return False
        except RecordGone as gone:
            self.add_error(None, gone.message)
            return False
        self._save_m2m()
        return True

    def show_conflict(self, conflict: EditConflict) -> None:
        self.conflict = conflict
        self.add_error(None, conflict.message)
        # Resubmitting now means "I have seen their changes": it is based on the current version.
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = conflict.current.version
